; Functions and macros: `function f(x) ... end`, `function Base.show(io, x)`, `f(x) = ...`, `macro m(ex)`.
(function_definition (signature . [(call_expression . (identifier) @name)
                                   (call_expression . (field_expression (identifier) @name .))
                                   (where_expression . (call_expression . (identifier) @name))
                                   (typed_expression . (call_expression . (identifier) @name))
                                   (where_expression . (typed_expression . (call_expression . (identifier) @name)))]) @signature) @definition.function
(macro_definition (signature (call_expression . (identifier) @name)) @signature) @definition.function
(assignment . (call_expression . (identifier) @name) @signature) @definition.function
(assignment . (where_expression . (call_expression . (identifier) @name)) @signature) @definition.function

; Modules and types: `struct`, `mutable struct`, `abstract type`, `primitive type`.
(module_definition name: (identifier) @name) @definition.class
(struct_definition (type_head [(identifier) @name
                               (binary_expression . (identifier) @name)
                               (parametrized_type_expression . (identifier) @name)
                               (binary_expression . (parametrized_type_expression . (identifier) @name))])) @definition.class
(abstract_definition (type_head [(identifier) @name (binary_expression . (identifier) @name)])) @definition.class
(primitive_definition (type_head [(identifier) @name (binary_expression . (identifier) @name)])) @definition.class

; A string just above a definition is its docstring.
(source_file (string_literal) @doc)
(block (string_literal) @doc)

; Subtyping: `struct Circle <: Shape`.
(type_head (binary_expression (operator) @_subtype . [(identifier) @name (parametrized_type_expression . (identifier) @name)])
  (#eq? @_subtype "<:")) @reference.inherit

; Calls: `f(x)`, `M.f(x)`, `f.(xs)`; `include` is an import.
((call_expression . (identifier) @name) @reference.call
  (#not-eq? @name "include"))
(call_expression . (field_expression (identifier) @name .)) @reference.call
(broadcast_call_expression . (identifier) @name) @reference.call
(macrocall_expression (macro_identifier (identifier) @name)) @reference.call

; Imports: `using A, B`, `import A.B`, `import Base: show`, `include("file.jl")`.
(using_statement [(identifier) (import_path)] @module) @reference.import
(import_statement [(identifier) (import_path)] @module) @reference.import
(using_statement (selected_import . [(identifier) (import_path)] @module (identifier) @name)) @reference.import
(import_statement (selected_import . [(identifier) (import_path)] @module (identifier) @name)) @reference.import
((call_expression . (identifier) @_include (argument_list . (string_literal (content) @module))) @reference.import
  (#eq? @_include "include"))
