(function_declaration name: (identifier) @name) @definition.function
; A method's receiver type, generic or not (`func (f *FlagBase[T, C]) Apply()`).
(method_declaration
  receiver: (parameter_list
    (parameter_declaration type: [(type_identifier) @context (pointer_type (type_identifier) @context)
                                  (generic_type type: (type_identifier) @context)
                                  (pointer_type (generic_type type: (type_identifier) @context))]))
  name: (field_identifier) @name) @definition.method
; A named interface's methods (`Status() int` in `type ResponseWriter interface { ... }`): what a call through
; the interface reaches. (Those of an interface written in place, `m interface{ Close() error }`, are not.)
(type_spec type: (interface_type (method_elem name: (field_identifier) @name) @definition.method))
; Every named type is a definition (`type HandlerFunc func(*Context)`, `type Params []Param`, `type H map[string]any`,
; `type A = B`): its methods are its members. Alone, the declaration with its `type` keyword and doc comment; in a
; group (`type ( ... )`), its own spec.
(type_declaration "type" . [(type_spec name: (type_identifier) @name) (type_alias name: (type_identifier) @name)] .) @definition.class
(type_declaration "(" [(type_spec name: (type_identifier) @name) (type_alias name: (type_identifier) @name)] @definition.class)

; Calls: `f()`, `f[T]()`, `pkg.F()`, `obj.Method()`, and `T{...}` composite literals (a construction of T).
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (selector_expression operand: (_) @receiver field: (field_identifier) @name)) @reference.call
; `arg[string](name, c)`, `pkg.Get[int](x)`: one type argument written alone reads as an index, and with one argument
; as a conversion to a generic type (`getInt[int](cmd)`); both are calls of the generic function (or conversions, as
; `T(x)` is).
(call_expression function: (index_expression operand: (identifier) @name)) @reference.call
(call_expression
  function: (index_expression
              operand: (selector_expression operand: (_) @receiver field: (field_identifier) @name))) @reference.call
(type_conversion_expression type: (generic_type type: (type_identifier) @name)) @reference.call
(type_conversion_expression
  type: (generic_type type: (qualified_type package: (_) @receiver name: (type_identifier) @name))) @reference.call
(composite_literal type: [(type_identifier) @name (qualified_type package: (_) @receiver name: (type_identifier) @name)
                          (generic_type type: (type_identifier) @name)]) @reference.call

; Embedding, Go's inheritance: an unnamed struct field `Base` / `*Base` / `pkg.Base`, an embedded interface.
(field_declaration
  !name
  type: [(type_identifier) @name
         (qualified_type package: (_) @receiver name: (type_identifier) @name)
         (pointer_type [(type_identifier) @name (qualified_type package: (_) @receiver name: (type_identifier) @name)])]) @reference.inherit
(interface_type
  (type_elem . [(type_identifier) @name (qualified_type package: (_) @receiver name: (type_identifier) @name)] .) @reference.inherit)
; An alias is the type it names (`type StringFlag = FlagBase[string]`): its methods are that type's.
(type_alias
  type: [(type_identifier) @name (generic_type type: (type_identifier) @name)
         (qualified_type package: (_) @receiver name: (type_identifier) @name)]) @reference.inherit

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
; (receivers.py): a parameter's or receiver's type, `var x T`, a struct field, `x := T{}` / `&T{}` (or `var x = &T{}`),
; `x := v.(*T)` / `x, ok := v.(T)`, `x := NewT()` (what NewT returns), `x := v.M()` (what M returns, v's type
; told); anything else is unknown (but `x := v.f` holds v's field: receivers.py reads it off the bind_unknown).
(parameter_declaration name: (identifier) @name type: (_) @module) @reference.bind_type
(variadic_parameter_declaration name: (identifier) @name type: (_) @module) @reference.bind_type
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
(short_var_declaration
  left: (expression_list . (identifier) @name)
  right: (expression_list
           . [(call_expression
                function: (index_expression operand: [(identifier) (selector_expression operand: (identifier))] @module))
              (type_conversion_expression type: (generic_type type: (type_identifier) @module))])) @reference.bind_call
; `s := v.Sub("a").Sub("b")`, `d, err := v.registry.Decoder(f)`: what the last call returns, along the chain
(short_var_declaration
  left: (expression_list . (identifier) @name)
  right: (expression_list
           . (call_expression function: (selector_expression operand: [(call_expression) (selector_expression)]) @module)))
  @reference.bind_call
(short_var_declaration left: (expression_list (identifier) @name)) @reference.bind_unknown
(var_spec name: (identifier) @name !type
  value: (expression_list . [(composite_literal type: (_) @module)
                             (unary_expression operand: (composite_literal type: (_) @module))])) @reference.bind_type
(var_spec name: (identifier) @name !type
  value: (expression_list . (call_expression
                               function: [(identifier) (selector_expression operand: (identifier))] @module)))
  @reference.bind_call
(var_spec name: (identifier) @name !type
  value: (expression_list
           . [(call_expression
                function: (index_expression operand: [(identifier) (selector_expression operand: (identifier))] @module))
              (type_conversion_expression type: (generic_type type: (type_identifier) @module))]))
  @reference.bind_call
(var_spec name: (identifier) @name !type) @reference.bind_unknown
; `for _, c := range cmd.Commands()`: c is an element of what the call returns (a slice is typed by its elements).
(range_clause
  left: (expression_list . (_) . (identifier) @name)
  right: (call_expression function: [(identifier) (selector_expression operand: (identifier))] @module))
  @reference.bind_call
(range_clause left: (expression_list (identifier) @name)) @reference.bind_unknown
