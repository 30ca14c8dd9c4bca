; Types: classes, interfaces, structs, unions, enums, templates; functions, constructors (`this`).
(class_declaration (identifier) @name) @definition.class
(interface_declaration (identifier) @name) @definition.class
(struct_declaration (identifier) @name) @definition.class
(union_declaration (identifier) @name) @definition.class
(enum_declaration (identifier) @name) @definition.class
(template_declaration (identifier) @name) @definition.class
(function_declaration (identifier) @name) @definition.function
(constructor (this) @name) @definition.function

; Calls: `f(x)`, `obj.method()` (the grammar reads `c.area` as a type), `new Circle(...)`.
(call_expression . (identifier) @name) @reference.call
(call_expression . (type (identifier) @name .)) @reference.call
(new_expression (type (identifier) @name)) @reference.call

(base_class (identifier) @name) @reference.inherit

; `import std.stdio;`, `import std.math : sqrt, PI;`
(import_declaration (imported (module_fqn) @module) (import_bind (identifier) @name)) @reference.import
(import_declaration (imported (module_fqn) @module) .) @reference.import

(parameter (type . (identifier) @name .)) @reference.type
(function_declaration (type . (identifier) @name .)) @reference.type
(variable_declaration (type . (identifier) @name .)) @reference.type
