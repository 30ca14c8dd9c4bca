; Types: a class, struct, union or enum with a body (a specialization `struct hash<Foo>` too); an
; anonymous one takes its typedef's name.
(class_specifier name: [(type_identifier) @name (template_type name: (type_identifier) @name)] body: (_)) @definition.class
(struct_specifier name: [(type_identifier) @name (template_type name: (type_identifier) @name)] body: (_)) @definition.class
(union_specifier name: (type_identifier) @name body: (_)) @definition.class
(enum_specifier name: (type_identifier) @name body: (_)) @definition.class
(type_definition
  type: [(struct_specifier !name body: (_)) (class_specifier !name body: (_)) (union_specifier !name body: (_)) (enum_specifier !name body: (_))] @definition.class
  declarator: (type_identifier) @name)

; Functions, and methods defined in their class: the name sits in a function_declarator, under
; pointer or reference declarators when the function returns one (`const std::string& name()`).
(function_definition
  declarator: [
    (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
    (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
    (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
  ]) @definition.function
; A method defined outside its class, `void Circle::draw() {}`, is `Circle.draw`; the class is the
; innermost scope (`geo::Circle::name`, `Box<T>::put`).
(function_definition
  declarator: [
    (function_declarator declarator: (qualified_identifier scope: [(namespace_identifier) @context (template_type name: (type_identifier) @context)] name: [(identifier) (destructor_name) (operator_name)] @name))
    (_ (function_declarator declarator: (qualified_identifier scope: [(namespace_identifier) @context (template_type name: (type_identifier) @context)] name: [(identifier) (destructor_name) (operator_name)] @name)))
    (_ (_ (function_declarator declarator: (qualified_identifier scope: [(namespace_identifier) @context (template_type name: (type_identifier) @context)] name: [(identifier) (destructor_name) (operator_name)] @name))))
  ]) @definition.method
(function_definition
  declarator: [
    (function_declarator declarator: (qualified_identifier name: (qualified_identifier scope: [(namespace_identifier) @context (template_type name: (type_identifier) @context)] name: [(identifier) (destructor_name) (operator_name)] @name)))
    (_ (function_declarator declarator: (qualified_identifier name: (qualified_identifier scope: [(namespace_identifier) @context (template_type name: (type_identifier) @context)] name: [(identifier) (destructor_name) (operator_name)] @name))))
    (_ (_ (function_declarator declarator: (qualified_identifier name: (qualified_identifier scope: [(namespace_identifier) @context (template_type name: (type_identifier) @context)] name: [(identifier) (destructor_name) (operator_name)] @name)))))
  ]) @definition.method
(function_definition
  declarator: [
    (function_declarator declarator: (qualified_identifier name: (qualified_identifier name: (qualified_identifier scope: [(namespace_identifier) @context (template_type name: (type_identifier) @context)] name: [(identifier) (destructor_name) (operator_name)] @name))))
    (_ (function_declarator declarator: (qualified_identifier name: (qualified_identifier name: (qualified_identifier scope: [(namespace_identifier) @context (template_type name: (type_identifier) @context)] name: [(identifier) (destructor_name) (operator_name)] @name)))))
    (_ (_ (function_declarator declarator: (qualified_identifier name: (qualified_identifier name: (qualified_identifier scope: [(namespace_identifier) @context (template_type name: (type_identifier) @context)] name: [(identifier) (destructor_name) (operator_name)] @name))))))
  ]) @definition.method
; Declarations: methods declared in their class, and prototypes at file or namespace level; not
; inside function bodies, where `Widget w(a, b);` is as often a variable.
(field_declaration declarator: [
    (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
    (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
    (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
  ]) @definition.function
[
  (translation_unit (declaration declarator: [
      (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
      (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
      (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
    ]) @definition.function)
  (preproc_ifdef (declaration declarator: [
      (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
      (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
      (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
    ]) @definition.function)
  (preproc_if (declaration declarator: [
      (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
      (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
      (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
    ]) @definition.function)
  (preproc_else (declaration declarator: [
      (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
      (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
      (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
    ]) @definition.function)
  (preproc_elif (declaration declarator: [
      (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
      (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
      (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
    ]) @definition.function)
  (declaration_list (declaration declarator: [
      (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
      (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
      (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
    ]) @definition.function)
  (template_declaration (declaration declarator: [
      (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
      (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
      (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
    ]) @definition.function)
  (field_declaration_list (declaration declarator: [
      (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
      (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
      (_ (_ (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)))
    ]) @definition.function)
]
; Function-like macros.
(preproc_function_def name: (identifier) @name) @definition.function

(call_expression function: (identifier) @name) @reference.call
(call_expression function: (template_function name: (identifier) @name)) @reference.call
; `file::dup(fd)`, `detail::write(...)`: the scope written is what the call is made on (name_receivers.py), a class
; (fmt's posix-mock-test.cc calls `file::dup(stdout_fd)`) or a namespace (name_graph.py reads it as a bare call).
(call_expression function: (qualified_identifier scope: (_) @receiver name: [(identifier) @name (template_function name: (identifier) @name)])) @reference.call
(call_expression function: (qualified_identifier !scope name: [(identifier) @name (template_function name: (identifier) @name)])) @reference.call
(call_expression function: (qualified_identifier name: (qualified_identifier scope: (_) @receiver name: [(identifier) @name (template_function name: (identifier) @name)]))) @reference.call
; What a method call is made on (name_receivers.py): `this->m()` is the caller's own class; `f.close()`,
; `file_->close()` anything else, which no name alone tells (fmt's `file_.close()` is `file::close`, not the
; `buffered_file::close` its file defines).
(call_expression function: (field_expression argument: (_) @receiver field: [
  (field_identifier) @name
  (template_method name: (field_identifier) @name)
  (dependent_name (template_method name: (field_identifier) @name))])) @reference.call
(new_expression type: [(type_identifier) @name (qualified_identifier name: (type_identifier) @name)]) @reference.call

(base_class_clause [
  (type_identifier) @name
  (template_type name: (type_identifier) @name)
  (qualified_identifier name: [(type_identifier) @name (template_type name: (type_identifier) @name)])] @reference.inherit)

; `#include "x.h"` keeps the path as its name; `<x.h>` has no node inside the brackets to name it.
(preproc_include path: (string_literal (string_content) @name) @module) @reference.import
(preproc_include path: (system_lib_string) @module) @reference.import
