; Definitions. `class`, `interface`, `enum class`, `data class`, `annotation class` are all
; class_declaration; an extension function's receiver type is its @context. The grammar (0.3 in
; tree-sitter-language-pack 0.13) names no fields but `receiver`: a definition's name is its only
; direct type_identifier (types) or simple_identifier (functions) child.
(class_declaration (type_identifier) @name) @definition.class
(object_declaration (type_identifier) @name) @definition.class
(companion_object (type_identifier) @name) @definition.class
; An enum entry with a body is a class of its own, extending the enum (`PLUS { override fun apply(..) }`): its
; members are its own, not every entry's.
(enum_entry (simple_identifier) @name (class_body)) @definition.class
(function_declaration !receiver (simple_identifier) @name) @definition.function
(function_declaration
  receiver: (receiver_type [(user_type (type_identifier) @context .)
                            (user_type (type_identifier) @context . (type_arguments) .)
                            (nullable_type (user_type (type_identifier) @context .))
                            (nullable_type (user_type (type_identifier) @context . (type_arguments) .))])
  (simple_identifier) @name) @definition.method

; Calls: `f()`, `obj.method()`, `a.b.C<T>()` (a constructor call is a plain call in Kotlin).
(call_expression . (simple_identifier) @name) @reference.call
(call_expression . (navigation_expression . (_) @receiver (navigation_suffix (simple_identifier) @name))) @reference.call
; Operator calls (okio's `path / "child"`, `buffer[0]`), named by their token on the operand that can be typed (a
; name, `this`, a field, a call): kotlin_operators.py names the function and drops those of an unknown type.
(additive_expression . [(simple_identifier) (this_expression) (navigation_expression) (call_expression)] @receiver ["+" "-"] @name) @reference.call
(multiplicative_expression . [(simple_identifier) (this_expression) (navigation_expression) (call_expression)] @receiver ["*" "/" "%"] @name) @reference.call
(range_expression . [(simple_identifier) (this_expression) (navigation_expression) (call_expression)] @receiver ".." @name) @reference.call
(comparison_expression . [(simple_identifier) (this_expression) (navigation_expression) (call_expression)] @receiver ["<" ">" "<=" ">="] @name) @reference.call
(check_expression ["in" "!in"] @name . [(simple_identifier) (this_expression) (navigation_expression) (call_expression)] @receiver .) @reference.call
(indexing_expression . [(simple_identifier) (this_expression) (navigation_expression) (call_expression)] @receiver (indexing_suffix "[" @name)) @reference.call
(directly_assignable_expression . [(simple_identifier) (navigation_expression)] @receiver (indexing_suffix "[" @name)) @reference.call
(prefix_expression ["-" "+"] @name . [(simple_identifier) (this_expression) (navigation_expression) (call_expression)] @receiver .) @reference.call

; Supertypes: `: Base(1), Iface, Comparable<T>, Other by delegate`, for named types only.
(class_declaration
  (delegation_specifier
    [(user_type (type_identifier) @name .)
     (user_type (type_identifier) @name . (type_arguments) .)
     (constructor_invocation [(user_type (type_identifier) @name .)
                              (user_type (type_identifier) @name . (type_arguments) .)])
     (explicit_delegation [(user_type (type_identifier) @name .)
                           (user_type (type_identifier) @name . (type_arguments) .)])]) @reference.inherit)
(object_declaration
  (delegation_specifier
    [(user_type (type_identifier) @name .)
     (user_type (type_identifier) @name . (type_arguments) .)
     (constructor_invocation [(user_type (type_identifier) @name .)
                              (user_type (type_identifier) @name . (type_arguments) .)])
     (explicit_delegation [(user_type (type_identifier) @name .)
                           (user_type (type_identifier) @name . (type_arguments) .)])]) @reference.inherit)
(class_declaration (type_identifier) @name (enum_class_body (enum_entry (class_body)) @reference.inherit))
; An object expression's supertypes (`object : ForwardingSource(source) { ... }`): a base of the function
; or class it is written in, so that find_references lists it among the subclasses.
(object_literal
  (delegation_specifier
    [(user_type (type_identifier) @name .)
     (user_type (type_identifier) @name . (type_arguments) .)
     (constructor_invocation [(user_type (type_identifier) @name .)
                              (user_type (type_identifier) @name . (type_arguments) .)])]) @reference.inherit)
(companion_object
  (delegation_specifier
    [(user_type (type_identifier) @name .)
     (user_type (type_identifier) @name . (type_arguments) .)
     (constructor_invocation [(user_type (type_identifier) @name .)
                              (user_type (type_identifier) @name . (type_arguments) .)])
     (explicit_delegation [(user_type (type_identifier) @name .)
                           (user_type (type_identifier) @name . (type_arguments) .)])]) @reference.inherit)

; Annotations: `@Inject`, `@Suppress("x")`.
(annotation (user_type (type_identifier) @name .)) @reference.decorate
(annotation (constructor_invocation (user_type (type_identifier) @name .))) @reference.decorate

; Imports: `import a.b.C`, `import a.b.C as D`, `import a.b.*` (the module is the path as written).
(import_header (identifier) @module) @reference.import

; Not edges: what a variable is known to hold, so that `x.m()` resolves only when `x` is known
; (receivers.py): a declared type, `val x = X()` (an instance of X, or what the function X returns).
(parameter (simple_identifier) @name [(user_type) (nullable_type)] @module) @reference.bind_type
(class_parameter (simple_identifier) @name [(user_type) (nullable_type)] @module) @reference.bind_type
(property_declaration (variable_declaration (simple_identifier) @name [(user_type) (nullable_type)] @module)) @reference.bind_type
(property_declaration (variable_declaration (simple_identifier) @name) (call_expression . [(simple_identifier) (navigation_expression)] @module)) @reference.bind_call
(property_declaration (variable_declaration (simple_identifier) @name)) @reference.bind_unknown
(lambda_parameters (variable_declaration (simple_identifier) @name)) @reference.bind_unknown
