; Definitions. `case class` is a class_definition; a Scala 3 `extension (s: String)` block is a
; scope named after its receiver type, so the functions in it are methods `String.shout`.
(class_definition name: (identifier) @name) @definition.class
(object_definition name: (identifier) @name) @definition.class
(trait_definition name: (identifier) @name) @definition.class
(enum_definition name: (identifier) @name) @definition.class
(package_object name: (identifier) @name) @definition.class
(given_definition name: (identifier) @name body: (with_template_body)) @definition.class
(function_definition name: (identifier) @name) @definition.function
(function_declaration name: (identifier) @name) @definition.function
(extension_definition
  parameters: (parameters . (parameter type: [(type_identifier) @name
                                               (generic_type type: (type_identifier) @name)
                                               (stable_type_identifier (type_identifier) @name)]))) @scope

; Calls: `f(x)`, `obj.method(x)`, `f[T](x)`, `new Point(1, 2)` (a call of Point).
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (field_expression field: (identifier) @name)) @reference.call
(call_expression function: (generic_function function: (identifier) @name)) @reference.call
(call_expression function: (generic_function function: (field_expression field: (identifier) @name))) @reference.call
(instance_expression . [(type_identifier) @name
                        (generic_type type: (type_identifier) @name)
                        (stable_type_identifier (type_identifier) @name)
                        (generic_type type: (stable_type_identifier (type_identifier) @name))]) @reference.call

; Supertypes: `extends Base(1) with Trait with Ordered[T]`.
; (Without `type:`: a field repeated on siblings only ever matches its first node.)
(extends_clause [(type_identifier) @name
                 (generic_type type: (type_identifier) @name)
                 (stable_type_identifier (type_identifier) @name)
                 (generic_type type: (stable_type_identifier (type_identifier) @name))] @reference.inherit)

; Annotations: `@tailrec`, `@deprecated("x", "1")`.
(annotation name: [(type_identifier) @name (stable_type_identifier (type_identifier) @name)]) @reference.decorate

; Imports. The path is several `path:` siblings with no node around them, so only the imported
; names are captured: `import a.b.C` -> C, `import a.b.{C, D => E}` -> C and D, `import a.b._` -> b.
(import_declaration (identifier) @name .) @reference.import
(import_declaration (identifier) @name . (namespace_wildcard)) @reference.import
(import_declaration (namespace_selectors (identifier) @name)) @reference.import
(import_declaration (namespace_selectors (arrow_renamed_identifier name: (identifier) @name))) @reference.import
