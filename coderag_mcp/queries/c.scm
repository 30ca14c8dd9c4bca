; Types: a struct, union or enum with a body; an anonymous one takes its typedef's name.
(struct_specifier name: (type_identifier) @name body: (_)) @definition.class
(union_specifier name: (type_identifier) @name body: (_)) @definition.class
(enum_specifier name: (type_identifier) @name body: (_)) @definition.class
(type_definition
  type: [(struct_specifier !name body: (_)) (union_specifier !name body: (_)) (enum_specifier !name body: (_))] @definition.class
  declarator: (type_identifier) @name)

; Functions: the name sits in a function_declarator, under pointer declarators when the function
; returns a pointer (`char **names(void)`).
(function_definition
  declarator: [
      (function_declarator declarator: (identifier) @name)
      (_ (function_declarator declarator: (identifier) @name))
      (_ (_ (function_declarator declarator: (identifier) @name)))
    ]) @definition.function
; Prototypes at file level (headers, include guards, `extern "C"` blocks); not inside function
; bodies, where `T x(y);` is as often a variable.
[
  (translation_unit (declaration declarator: [
        (function_declarator declarator: (identifier) @name)
        (_ (function_declarator declarator: (identifier) @name))
        (_ (_ (function_declarator declarator: (identifier) @name)))
      ]) @definition.function)
  (preproc_ifdef (declaration declarator: [
        (function_declarator declarator: (identifier) @name)
        (_ (function_declarator declarator: (identifier) @name))
        (_ (_ (function_declarator declarator: (identifier) @name)))
      ]) @definition.function)
  (preproc_if (declaration declarator: [
        (function_declarator declarator: (identifier) @name)
        (_ (function_declarator declarator: (identifier) @name))
        (_ (_ (function_declarator declarator: (identifier) @name)))
      ]) @definition.function)
  (preproc_else (declaration declarator: [
        (function_declarator declarator: (identifier) @name)
        (_ (function_declarator declarator: (identifier) @name))
        (_ (_ (function_declarator declarator: (identifier) @name)))
      ]) @definition.function)
  (preproc_elif (declaration declarator: [
        (function_declarator declarator: (identifier) @name)
        (_ (function_declarator declarator: (identifier) @name))
        (_ (_ (function_declarator declarator: (identifier) @name)))
      ]) @definition.function)
  (declaration_list (declaration declarator: [
        (function_declarator declarator: (identifier) @name)
        (_ (function_declarator declarator: (identifier) @name))
        (_ (_ (function_declarator declarator: (identifier) @name)))
      ]) @definition.function)
]
; Function-like macros.
(preproc_function_def name: (identifier) @name) @definition.function

(call_expression function: (identifier) @name) @reference.call
; What a call through a field is made on (name_receivers.py): `p->cb(x)`, `ops.write(x)` call what the field holds,
; never a function of the same file just because the name matches (jq's `jq->err_cb(...)`).
(call_expression function: (field_expression argument: (_) @receiver field: (field_identifier) @name)) @reference.call

; `#include "x.h"` keeps the path as its name; `<x.h>` has no node inside the brackets to name it.
(preproc_include path: (string_literal (string_content) @name) @module) @reference.import
(preproc_include path: (system_lib_string) @module) @reference.import
