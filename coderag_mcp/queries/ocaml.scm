; Functions: `let f x = ...`, `let f = fun x -> ...`, `let f = function ...`; plain values are not definitions.
; The header runs to the last parameter (or to the name).
(value_definition
  (let_binding pattern: (value_name) @name (parameter) @signature . [(_) "="])) @definition.function
(value_definition
  (let_binding pattern: (value_name) @name @signature body: [(fun_expression) (function_expression)])) @definition.function
; An interface's `val f : int -> int`.
(value_specification (value_name) @name) @definition.function

; Types, modules (with `struct ... end` or `sig ... end`), classes and their methods.
(type_definition (type_binding name: (type_constructor) @name)) @definition.class
(module_definition (module_binding (module_name) @name [(structure) (signature) (functor)])) @definition.class
(module_type_definition (module_type_name) @name) @definition.class
(class_definition (class_binding (class_name) @name)) @definition.class
(method_definition (method_name) @name) @definition.function

; Calls: `f x`, `M.f x`.
(application_expression function: (value_path (value_name) @name)) @reference.call

; Imports: `open M`, `module G = Geometry` (an alias), `let open M in`; `include M` inherits M's contents.
(open_module module: (module_path) @module) @reference.import
(module_binding (module_name) @name body: (module_path) @module) @reference.import
(include_module module: (module_path (module_name) @name)) @reference.inherit
(inheritance_definition (class_path (class_name) @name)) @reference.inherit
