; Types: classes, mixins, enums, extensions.
(class_definition name: (identifier) @name) @definition.class
(mixin_declaration (identifier) @name) @definition.class
(enum_declaration name: (identifier) @name) @definition.class
(extension_declaration name: (identifier) @name) @definition.class

; Functions and methods: the grammar puts the signature and the body side by side, so the body
; is captured as `@body` and the definition extends over it.
((function_signature name: (identifier) @name) @definition.function . (function_body) @body)
((method_signature [(function_signature name: (identifier) @name)
                    (getter_signature name: (identifier) @name)
                    (setter_signature name: (identifier) @name)
                    (constructor_signature name: (identifier) @name)
                    (factory_constructor_signature (identifier) @name)]) @definition.function
  . (function_body) @body)
; Declarations without a body: abstract methods, constructors such as `Circle(this.radius);`.
(declaration [(function_signature name: (identifier) @name)
              (constructor_signature name: (identifier) @name)]) @definition.function

; Calls: `f(x)`, `obj.method(x)`, `Circle(2)` (a construction); a call is an identifier followed by
; an argument selector.
((identifier) @name . (selector (argument_part))) @reference.call
((selector (unconditional_assignable_selector (identifier) @name)) . (selector (argument_part))) @reference.call

(superclass (type_identifier) @name) @reference.inherit
(mixins (type_identifier) @name) @reference.inherit
(interfaces (type_identifier) @name) @reference.inherit

(import_specification (configurable_uri) @module (combinator (identifier) @name)) @reference.import
(import_specification (configurable_uri) @module .) @reference.import

(annotation name: (identifier) @name) @reference.decorate

; Types of parameters, results and fields (the grammar writes `int` as a type_identifier too).
((formal_parameter (type_identifier) @name) @reference.type (#not-match? @name "^(int|double|num|bool|dynamic)$"))
((function_signature (type_identifier) @name) @reference.type (#not-match? @name "^(int|double|num|bool|dynamic)$"))
((declaration (type_identifier) @name) @reference.type (#not-match? @name "^(int|double|num|bool|dynamic)$"))
