; Modules are classes (their procedures are methods: `geometry.distance`), as are derived types;
; a program, function or subroutine is a function.
(module (module_statement (name) @name)) @definition.class
(submodule (submodule_statement (name) @name)) @definition.class
(derived_type_definition (derived_type_statement (type_name) @name)) @definition.class
(interface (interface_statement (name) @name)) @definition.class
(program (program_statement (name) @name)) @definition.function
(function (function_statement name: (name) @name)) @definition.function
(subroutine (subroutine_statement name: (name) @name)) @definition.function
(module_procedure (module_procedure_statement name: (name) @name)) @definition.function

; `call shift(p)`, and `f(x)` (which Fortran also writes for an array element: the grammar cannot
; tell them apart, so an indexed array reads as a call).
(subroutine_call subroutine: (identifier) @name) @reference.call
(call_expression . (identifier) @name) @reference.call

(derived_type_statement base: (base_type_specifier (identifier) @name)) @reference.inherit

(use_statement (module_name) @module (included_items (identifier) @name)) @reference.import
(use_statement (module_name) @module .) @reference.import

(variable_declaration type: (derived_type name: (type_name) @name)) @reference.type
