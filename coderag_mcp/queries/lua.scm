; Functions: `function f()`, `local function f()`, `local f = function() end`, `f = function() end`.
; `local x = ...` is a variable_declaration around an assignment_statement: the global form is
; matched only as a statement of a chunk or block, so a local one is not found twice.
(function_declaration name: (identifier) @name) @definition.function
(variable_declaration
  (assignment_statement
    (variable_list . name: (identifier) @name .)
    (expression_list . value: (function_definition) .))) @definition.function
(chunk
  (assignment_statement
    (variable_list . name: (identifier) @name .)
    (expression_list . value: (function_definition) .)) @definition.function)
(block
  (assignment_statement
    (variable_list . name: (identifier) @name .)
    (expression_list . value: (function_definition) .)) @definition.function)

; Methods of a table: `function M.f()`, `function M.sub:m()`, `M.f = function() end`; the table is the context.
(function_declaration name: (dot_index_expression table: (_) @context field: (identifier) @name)) @definition.method
(function_declaration name: (method_index_expression table: (_) @context method: (identifier) @name)) @definition.method
(assignment_statement
  (variable_list . name: (dot_index_expression table: (_) @context field: (identifier) @name) .)
  (expression_list . value: (function_definition) .)) @definition.method

; Calls: `f()`, `t.f()`, `obj:m()`; `require` is an import.
((function_call name: (identifier) @name) @reference.call
  (#not-match? @name "^(require|dofile)$"))
(function_call name: (dot_index_expression field: (identifier) @name)) @reference.call
(function_call name: (method_index_expression method: (identifier) @name)) @reference.call

; Imports: `require("a.b")`, `require "a.b"`, `dofile("x.lua")`.
((function_call
   name: (identifier) @_require
   arguments: (arguments . (string) @module))
  @reference.import
  (#match? @_require "^(require|dofile)$"))
