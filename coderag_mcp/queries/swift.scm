; Types: class, struct, enum and actor share class_declaration; protocols are interfaces.
(class_declaration name: (type_identifier) @name) @definition.class
(protocol_declaration name: (type_identifier) @name) @definition.class
; `extension Point { ... }` adds methods to Point without defining it; `extension Session.State { ... }` to State,
; in Session, and `extension Array<Int> { ... }` to Array.
(class_declaration name: (user_type ((type_identifier) @context ".")* (type_identifier) @name .)) @scope
(class_declaration name: (user_type (type_identifier) @name . (type_arguments))) @scope

(function_declaration name: (simple_identifier) @name) @definition.function
(protocol_function_declaration name: (simple_identifier) @name) @definition.function
(init_declaration "init" @name) @definition.function

; Calls: `f(x)`, `obj.method(x)`, `Point(x: 1)` (a construction).
(call_expression . (simple_identifier) @name) @reference.call
(call_expression . (navigation_expression target: (_) @receiver suffix: (navigation_suffix suffix: (simple_identifier) @name))) @reference.call
; The grammar reads `a * f(x)` as a call of `a * f`: the callee is the operation's right side.
(call_expression . [(multiplicative_expression rhs: (simple_identifier) @name)
                    (additive_expression rhs: (simple_identifier) @name)]) @reference.call

; Superclass and protocols, for classes and extensions alike.
(inheritance_specifier inherits_from: (user_type (type_identifier) @name)) @reference.inherit

(import_declaration (identifier) @module) @reference.import

; Types of parameters, results and properties (written without field names: this grammar's
; `type`/`return_type` fields do not match in tree-sitter 0.25).
(parameter (user_type (type_identifier) @name)) @reference.type
(function_declaration (user_type (type_identifier) @name)) @reference.type
(protocol_function_declaration (user_type (type_identifier) @name)) @reference.type
(type_annotation (user_type (type_identifier) @name)) @reference.type

; An attribute naming a type: a property wrapper (`@Option(help: ..) var name`, `@Flag var verbose`), a result builder
; or a global actor of the project's; the language's own (`@available`, `@MainActor`) name no definition of it.
(attribute (user_type (type_identifier) @name .)) @reference.decorate
