; Routines: `proc`, `func`, `method`, `iterator`, `template`, `macro`, `converter`; `name*` is exported.
; The header runs to the return type (or the parameters): Nim's `## doc` comment follows it.
(proc_declaration name: [(identifier) @name (exported_symbol (identifier) @name)]) @definition.function
(proc_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] parameters: (_) @signature) @definition.function
(proc_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] return_type: (_) @signature) @definition.function
(func_declaration name: [(identifier) @name (exported_symbol (identifier) @name)]) @definition.function
(func_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] parameters: (_) @signature) @definition.function
(func_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] return_type: (_) @signature) @definition.function
(method_declaration name: [(identifier) @name (exported_symbol (identifier) @name)]) @definition.function
(method_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] parameters: (_) @signature) @definition.function
(method_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] return_type: (_) @signature) @definition.function
(iterator_declaration name: [(identifier) @name (exported_symbol (identifier) @name)]) @definition.function
(iterator_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] parameters: (_) @signature) @definition.function
(iterator_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] return_type: (_) @signature) @definition.function
(template_declaration name: [(identifier) @name (exported_symbol (identifier) @name)]) @definition.function
(template_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] parameters: (_) @signature) @definition.function
(template_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] return_type: (_) @signature) @definition.function
(macro_declaration name: [(identifier) @name (exported_symbol (identifier) @name)]) @definition.function
(macro_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] parameters: (_) @signature) @definition.function
(macro_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] return_type: (_) @signature) @definition.function
(converter_declaration name: [(identifier) @name (exported_symbol (identifier) @name)]) @definition.function
(converter_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] parameters: (_) @signature) @definition.function
(converter_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] return_type: (_) @signature) @definition.function

(proc_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] body: (statement_list . (documentation_comment) @doc)) @definition.function
(func_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] body: (statement_list . (documentation_comment) @doc)) @definition.function
(method_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] body: (statement_list . (documentation_comment) @doc)) @definition.function
(iterator_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] body: (statement_list . (documentation_comment) @doc)) @definition.function
(template_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] body: (statement_list . (documentation_comment) @doc)) @definition.function
(macro_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] body: (statement_list . (documentation_comment) @doc)) @definition.function
(converter_declaration name: [(identifier) @name (exported_symbol (identifier) @name)] body: (statement_list . (documentation_comment) @doc)) @definition.function

; Types: `type Circle* = ref object of Shape`, enums, tuples, distinct types.
(type_declaration (type_symbol_declaration name: [(identifier) @name (exported_symbol (identifier) @name)])) @definition.class
(object_declaration inherits: (type_expression (identifier) @name)) @reference.inherit

; Calls: `f(x)`, `x.f()`, `f x` (command syntax).
(call function: (identifier) @name) @reference.call
(call function: (dot_expression right: (identifier) @name)) @reference.call
(dot_generic_call function: (identifier) @name) @reference.call

; Imports: `import std/[math, strutils]`, `import a, b`, `from geometry import square`, `include x`.
(import_statement (expression_list (identifier) @module)) @reference.import
(import_statement (expression_list (infix_expression left: (identifier) @_root right: (array_construction (identifier) @module)))) @reference.import
(import_statement (expression_list (infix_expression right: (identifier) @module))) @reference.import
(import_from_statement module: (_) @module (expression_list (identifier) @name)) @reference.import
(include_statement (expression_list (identifier) @module)) @reference.import
