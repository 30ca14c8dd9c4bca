; Types. Namespaces are not captured: like Java's packages they stay out of qualified names.
(class_declaration name: (identifier) @name) @definition.class
(struct_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.class
(enum_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class  ; `record` and `record struct`

; Methods, constructors, local functions, and properties whose accessors have code (an
; auto-property `{ get; set; }` is a field).
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.method
(local_function_statement name: (identifier) @name) @definition.function
(property_declaration name: (identifier) @name accessors: (accessor_list (accessor_declaration body: (_)))) @definition.method
(property_declaration name: (identifier) @name value: (arrow_expression_clause)) @definition.method

; What a method call is made on (name_receivers.py): `this`/`base`, or anything else.
(invocation_expression function: [
  (identifier) @name
  (generic_name . (identifier) @name)
  (member_access_expression expression: (_) @receiver name: [(identifier) @name (generic_name . (identifier) @name)])
  (member_access_expression . ["this" "base"] @receiver name: [(identifier) @name (generic_name . (identifier) @name)])
  (conditional_access_expression condition: (_) @receiver
    (member_binding_expression name: [(identifier) @name (generic_name . (identifier) @name)]))]) @reference.call
(object_creation_expression type: [
  (identifier) @name
  (generic_name . (identifier) @name)
  (qualified_name name: [(identifier) @name (generic_name . (identifier) @name)])]) @reference.call
; A target-typed `new(..)`, of the type its declaration, its collection or its array names (name_receivers.py):
; `CatalogItemDetails details = new(..)`, `new List<CatalogBrand> { new("Azure") }`, `new Foo[] { new(1) }`.
(variable_declaration
  type: [(identifier) @name
         (generic_name . (identifier) @name)
         (qualified_name name: [(identifier) @name (generic_name . (identifier) @name)])]
  (variable_declarator (implicit_object_creation_expression) @reference.call))
(object_creation_expression
  type: (generic_name (type_argument_list . [(identifier) @name (generic_name . (identifier) @name)] .))
  initializer: (initializer_expression (implicit_object_creation_expression) @reference.call))
(array_creation_expression
  type: (array_type type: [(identifier) @name (generic_name . (identifier) @name)])
  (initializer_expression (implicit_object_creation_expression) @reference.call))

(base_list [
  (identifier) @name
  (generic_name . (identifier) @name)
  (qualified_name name: [(identifier) @name (generic_name . (identifier) @name)])
  (primary_constructor_base_type type: [(identifier) @name (generic_name . (identifier) @name)])] @reference.inherit)

; `using A.B;`, `using static A.B;`, `using X = A.B;` (the grammar's `name` is the alias X).
(using_directive !name [(qualified_name) (identifier)] @module) @reference.import
(using_directive name: (_) . [(qualified_name) (identifier) (generic_name)] @module) @reference.import

; Types named in fields, parameters and locals: USES.
; `typeof(Foo)`: the class read as a value, a use of it
(typeof_expression type: (identifier) @name) @reference.type
(typeof_expression type: (qualified_name name: (identifier) @name)) @reference.type
(variable_declaration type: (identifier) @name) @reference.type
(parameter type: (identifier) @name) @reference.type
