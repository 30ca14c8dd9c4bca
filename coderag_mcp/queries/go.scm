(function_declaration name: (identifier) @name) @definition.function
(method_declaration
  receiver: (parameter_list
    (parameter_declaration type: [(type_identifier) @context (pointer_type (type_identifier) @context)]))
  name: (field_identifier) @name) @definition.method
(type_declaration (type_spec name: (type_identifier) @name type: [(struct_type) (interface_type)])) @definition.class

; Calls: `f()`, `f[T]()`, `pkg.F()`, `obj.Method()`, and `T{...}` composite literals (a construction of T).
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (selector_expression operand: (_) @receiver field: (field_identifier) @name)) @reference.call
(composite_literal type: [(type_identifier) @name (qualified_type package: (_) @receiver name: (type_identifier) @name)]) @reference.call

; Embedding, Go's inheritance: an unnamed struct field `Base` / `*Base` / `pkg.Base`, an embedded interface.
(field_declaration
  !name
  type: [(type_identifier) @name
         (qualified_type package: (_) @receiver name: (type_identifier) @name)
         (pointer_type [(type_identifier) @name (qualified_type package: (_) @receiver name: (type_identifier) @name)])]) @reference.inherit
(interface_type
  (type_elem . [(type_identifier) @name (qualified_type package: (_) @receiver name: (type_identifier) @name)] .) @reference.inherit)

; Imports: `import "net/http"`, `import str "strings"` (the module is the path; the name an alias).
(import_spec !name path: (_) @module) @reference.import
(import_spec name: (_) @name path: (_) @module) @reference.import

; Types named in parameters, results, variables and fields: USES.
(parameter_declaration type: [(type_identifier) @name (pointer_type (type_identifier) @name)]) @reference.type
(function_declaration result: [(type_identifier) @name (pointer_type (type_identifier) @name)]) @reference.type
(method_declaration result: [(type_identifier) @name (pointer_type (type_identifier) @name)]) @reference.type
(var_spec type: [(type_identifier) @name (pointer_type (type_identifier) @name)]) @reference.type
(field_declaration type: [(type_identifier) @name (pointer_type (type_identifier) @name)]) @reference.type

; Not edges: what a variable is known to hold, so that `x.M()` resolves only when `x` is known
; (receivers.py): a parameter's or receiver's type, `var x T`, a struct field, `x := T{}` / `&T{}`,
; `x := v.(*T)` / `x, ok := v.(T)`, `x := NewT()` (what NewT returns); anything else is unknown.
(parameter_declaration name: (identifier) @name type: (_) @module) @reference.bind_type
(var_spec name: (identifier) @name type: (_) @module) @reference.bind_type
(field_declaration name: (field_identifier) @name type: (_) @module) @reference.bind_type
(short_var_declaration
  left: (expression_list . (identifier) @name)
  right: (expression_list . [(composite_literal type: (_) @module)
                             (unary_expression operand: (composite_literal type: (_) @module))])) @reference.bind_type
(short_var_declaration
  left: (expression_list . (identifier) @name)
  right: (expression_list . (type_assertion_expression type: (_) @module))) @reference.bind_type
(short_var_declaration
  left: (expression_list . (identifier) @name)
  right: (expression_list . (call_expression function: [(identifier) (selector_expression operand: (identifier))] @module))) @reference.bind_call
(short_var_declaration left: (expression_list (identifier) @name)) @reference.bind_unknown
(var_spec name: (identifier) @name !type) @reference.bind_unknown
(range_clause left: (expression_list (identifier) @name)) @reference.bind_unknown
