; Functions: `function f()`, `local function f()`, `local f = function() end`, `f = function() end`.
(function_definition_statement name: (identifier) @name) @definition.function
(local_function_definition_statement name: (identifier) @name) @definition.function
(local_variable_declaration
  (variable_list . (variable name: (identifier) @name) .)
  (expression_list . value: (function_definition) .)) @definition.function
(variable_assignment
  (variable_list . (variable name: (identifier) @name) .)
  (expression_list . value: (function_definition) .)) @definition.function

; Methods of a table: `function M.f()`, `function M.sub:m()`, `M.f = function() end`; the table is the context.
(function_definition_statement name: (variable table: (_) @context field: (identifier) @name)) @definition.method
(function_definition_statement name: (variable table: (_) @context method: (identifier) @name)) @definition.method
(variable_assignment
  (variable_list . (variable table: (_) @context field: (identifier) @name) .)
  (expression_list . value: (function_definition) .)) @definition.method

; Calls: `f()`, `t.f()`, `obj:m()`; `require` is an import.
((call function: (variable name: (identifier) @name)) @reference.call
  (#not-match? @name "^(require|dofile)$"))
(call function: (variable field: (identifier) @name)) @reference.call
(call function: (variable method: (identifier) @name)) @reference.call

; Imports: `require("a.b")`, `require "a.b"`, `dofile("x.lua")`.
((call
   function: (variable name: (identifier) @_require)
   arguments: (argument_list [(string) @module (expression_list . (string) @module)]))
  @reference.import
  (#match? @_require "^(require|dofile)$"))
