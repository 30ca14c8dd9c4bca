(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.class
(enum_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
; An enum constant with a body is a class of its own, extending the enum (`Initial { boolean process() {..} }`): its
; methods are its own, not every constant's (jsoup's `anythingElse(t, tb)` reached all eight constants' methods).
(enum_constant name: (identifier) @name body: (class_body)) @definition.class
(annotation_type_declaration name: (identifier) @name) @definition.class
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.method
(annotation_type_element_declaration name: (identifier) @name) @definition.method

; Calls: `f()`, `obj.method()`, `this.<T>gen()`, and `new X()` / `new a.b.X<T>()` (a call of X).
(method_invocation !object name: (identifier) @name) @reference.call
(method_invocation object: (_) @receiver name: (identifier) @name) @reference.call
(object_creation_expression
  type: [(type_identifier) @name
         (scoped_type_identifier (type_identifier) @name .)
         (generic_type [(type_identifier) @name (scoped_type_identifier (type_identifier) @name .)])]) @reference.call

; Inheritance: `extends Base`, `implements I, J<T>`, an interface's `extends I, a.b.J`.
(superclass
  [(type_identifier) @name
   (scoped_type_identifier (type_identifier) @name .)
   (generic_type [(type_identifier) @name (scoped_type_identifier (type_identifier) @name .)])] @reference.inherit)
(super_interfaces (type_list
  [(type_identifier) @name
   (scoped_type_identifier (type_identifier) @name .)
   (generic_type [(type_identifier) @name (scoped_type_identifier (type_identifier) @name .)])] @reference.inherit))
; (an enum constant's body extends the enum: its name is the reference's)
(enum_declaration name: (identifier) @name
  body: (enum_body (enum_constant body: (class_body)) @reference.inherit))
(extends_interfaces (type_list
  [(type_identifier) @name
   (scoped_type_identifier (type_identifier) @name .)
   (generic_type [(type_identifier) @name (scoped_type_identifier (type_identifier) @name .)])] @reference.inherit))

; Imports: `import a.b.C;`, `import a.b.*;` (module `a.b`), `import static a.b.C.m;`.
(import_declaration [(identifier) (scoped_identifier)] @module) @reference.import

; Types named in fields, parameters, locals and return types: USES.
; `Foo.class`: the class read as a value (gson's `assertThrows(JsonSyntaxException.class, ..)`), a use of it
(class_literal (type_identifier) @name) @reference.type
(class_literal (scoped_type_identifier (type_identifier) @name .)) @reference.type
(field_declaration type: (type_identifier) @name) @reference.type
(formal_parameter type: (type_identifier) @name) @reference.type
(local_variable_declaration type: (type_identifier) @name) @reference.type
(method_declaration type: (type_identifier) @name) @reference.type

; Not edges: what a variable is known to hold, so that `x.m()` resolves only when `x` is known
; (receivers.py): a declared type (fields, parameters, locals), `var x = new X()`.
(local_variable_declaration type: (_) @module declarator: (variable_declarator name: (identifier) @name)) @reference.bind_type
(local_variable_declaration declarator: (variable_declarator name: (identifier) @name value: (object_creation_expression type: (_) @module))) @reference.bind_type
(formal_parameter type: (_) @module name: (identifier) @name) @reference.bind_type
; A vararg parameter (`Object... args`) holds an array of its type, typed as a variable declared `Object[] args` is:
; by its elements.
(spread_parameter [(type_identifier) (generic_type) (scoped_type_identifier) (integral_type) (floating_point_type)
                   (boolean_type) (array_type)] @module
                  (variable_declarator name: (identifier) @name)) @reference.bind_type
(field_declaration type: (_) @module declarator: (variable_declarator name: (identifier) @name)) @reference.bind_type
(enhanced_for_statement type: (_) @module name: (identifier) @name) @reference.bind_type
(lambda_expression parameters: (identifier) @name) @reference.bind_unknown
(inferred_parameters (identifier) @name) @reference.bind_unknown
