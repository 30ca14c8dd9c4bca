; Modules, types (classes, records, unions, interfaces), functions and members.
(named_module name: (long_identifier) @name) @definition.class
(module_defn (identifier) @name) @definition.class
(type_definition (_ . (type_name type_name: (identifier) @name))) @definition.class
(function_or_value_defn (function_declaration_left . (identifier) @name) @signature) @definition.function
(member_defn (method_or_prop_defn name: (property_or_ident method: (identifier) @name) args: (_) @signature)) @definition.function
(member_defn (method_or_prop_defn name: (property_or_ident method: (identifier) @name) @signature !args)) @definition.function
(member_defn (method_or_prop_defn name: (property_or_ident . (identifier) @name .) args: (_) @signature)) @definition.function

; Calls: `f x`, `M.f x`, `obj.Method()`, `x |> List.map f` (the function of a pipeline).
(application_expression . (long_identifier_or_op (identifier) @name)) @reference.call
(application_expression . (long_identifier_or_op (long_identifier (identifier) @name .))) @reference.call
(infix_expression (infix_op) @_pipe . (long_identifier_or_op (long_identifier (identifier) @name .)) @reference.call
  (#eq? @_pipe "|>"))

; Imports: `open System.IO`.
(import_decl (long_identifier) @module) @reference.import

; Inheritance: `inherit Base()`, `interface IDisposable with`.
(class_inherits_decl (simple_type (long_identifier (identifier) @name .))) @reference.inherit
(interface_implementation (simple_type (long_identifier (identifier) @name .))) @reference.inherit
