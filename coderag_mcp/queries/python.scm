(class_definition name: (identifier) @name) @definition.class
(function_definition name: (identifier) @name) @definition.function

(call function: (identifier) @name) @reference.call
(call function: (attribute attribute: (identifier) @name)) @reference.call
; An instance made and called (`validate.URL()(value)`): its `__call__` (python_called_instances.py)
(call function: (call function: [(identifier) @name (attribute attribute: (identifier) @name)])) @reference.call
(class_definition superclasses: (argument_list (identifier) @name) @reference.inherit)
(class_definition superclasses: (argument_list (attribute attribute: (identifier) @name) @reference.inherit))
; A generic base, `class Prompt(PromptBase[str])`, `class Stack(List[T])`: the class subscripted.
(class_definition superclasses: (argument_list (subscript value: (identifier) @name)) @reference.inherit)
(class_definition
  superclasses: (argument_list (subscript value: (attribute attribute: (identifier) @name) @reference.inherit)))
(decorator (identifier) @name) @reference.decorate
; (A pytest mark, `@pytest.mark.gettz`, is a label: no use of the project's `gettz`, which dateutil's 37 were.)
((decorator (attribute object: (_) @_held attribute: (identifier) @name)) @reference.decorate
  (#not-eq? @_held "pytest.mark"))
(decorator (call function: (identifier) @name)) @reference.decorate
((decorator (call function: (attribute object: (_) @_held attribute: (identifier) @name))) @reference.decorate
  (#not-eq? @_held "pytest.mark"))
; Annotations are uses of a type: a parameter's, a return's, a variable's (`x: Foo`, `-> mod.Bar`, `list[Baz]`,
; `Foo | Bar | None`; not a string's, `"Foo"`).
(type (identifier) @name) @reference.type
(type (attribute attribute: (identifier) @name)) @reference.type
(type (generic_type (identifier) @name)) @reference.type
(type (binary_operator left: (identifier) @name)) @reference.type
(type (binary_operator right: (identifier) @name)) @reference.type
(type (binary_operator left: (binary_operator left: (identifier) @name))) @reference.type
(type (binary_operator left: (binary_operator right: (identifier) @name))) @reference.type
; A class read as a value is a use of it: `isinstance(x, Foo)`, `pytest.raises(httpx.HTTPStatusError)`, `{"a": Foo}`,
; `[Foo, Bar]`, `factory = Foo`, `return Foo`, `raise Stop`, `type(x) is Foo` (a name in CamelCase: a class by PEP 8; find_references
; listed none of them and said so).
([(call arguments: (argument_list (identifier) @name @reference.type))
  (keyword_argument value: (identifier) @name @reference.type)
  (pair value: (identifier) @name @reference.type)
  (assignment right: (identifier) @name @reference.type)
  (list (identifier) @name @reference.type)
  (tuple (identifier) @name @reference.type)
  (set (identifier) @name @reference.type)
  (expression_list (identifier) @name @reference.type)
  (return_statement (identifier) @name @reference.type)
  (comparison_operator (identifier) @name @reference.type)
  (raise_statement (identifier) @name @reference.type)]
  (#match? @name "^_*[A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*$"))
([(call arguments: (argument_list (attribute attribute: (identifier) @name) @reference.type))
  (keyword_argument value: (attribute attribute: (identifier) @name) @reference.type)
  (pair value: (attribute attribute: (identifier) @name) @reference.type)
  (assignment right: (attribute attribute: (identifier) @name) @reference.type)
  (list (attribute attribute: (identifier) @name) @reference.type)
  (tuple (attribute attribute: (identifier) @name) @reference.type)
  (set (attribute attribute: (identifier) @name) @reference.type)
  (expression_list (attribute attribute: (identifier) @name) @reference.type)
  (return_statement (attribute attribute: (identifier) @name) @reference.type)
  (comparison_operator (attribute attribute: (identifier) @name) @reference.type)
  (raise_statement (attribute attribute: (identifier) @name) @reference.type)]
  (#match? @name "^_*[A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*$"))
; The classes `isinstance` and `issubclass` test for, whatever their case (dateutil's are lowercase: `isinstance(other,
; tzlocal)` was no use of tzlocal).
; (The builtins' names are left out: `isinstance(x, str)` names no class of a project.)
((call function: (identifier) @_test
       arguments: (argument_list (_) . [(identifier) @name @reference.type
                                        (attribute attribute: (identifier) @name) @reference.type
                                        (tuple [(identifier) @name @reference.type
                                                (attribute attribute: (identifier) @name) @reference.type])]))
  (#match? @_test "^(isinstance|issubclass)$")
  (#not-match? @name "^_*[A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*$")
  (#not-match? @name "^(str|int|float|bool|bytes|bytearray|dict|list|tuple|set|frozenset|type|object|complex)$")
  (#not-match? @name "^(range|slice|memoryview|property|classmethod|staticmethod)$"))
; An exception class an `except` catches is a use of it (httpx's tests catch `httpx.HTTPStatusError`: find_references
; listed only its raise).
(except_clause value: (identifier) @name @reference.type)
(except_clause value: (attribute attribute: (identifier) @name) @reference.type)
(except_clause value: (as_pattern . (identifier) @name @reference.type))
(except_clause value: (as_pattern . (attribute attribute: (identifier) @name) @reference.type))
; (In a tuple, a name in CamelCase is read by the class-as-a-value patterns above: once, not twice.)
([(except_clause value: (tuple (identifier) @name @reference.type))
  (except_clause value: (tuple (attribute attribute: (identifier) @name) @reference.type))
  (except_clause value: (as_pattern . (tuple (identifier) @name @reference.type)))
  (except_clause value: (as_pattern . (tuple (attribute attribute: (identifier) @name) @reference.type)))]
  (#not-match? @name "^_*[A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*$"))
; An attribute read or written (`self.timeout`, `client.timeout = 5`): the parser keeps those whose receiver the graph
; can type, not a call's function (python_attributes.py).
(attribute object: [(identifier) (attribute) (call) (subscript)] attribute: (identifier) @name) @reference.read
(import_statement name: (dotted_name) @module) @reference.import
(import_statement name: (aliased_import name: (dotted_name) @module)) @reference.import
(import_from_statement module_name: (_) @module name: (dotted_name) @name) @reference.import
(import_from_statement module_name: (_) @module name: (aliased_import name: (dotted_name) @name)) @reference.import
(import_from_statement module_name: (_) @module (wildcard_import) @name) @reference.import

; Not edges: what a variable is known to hold, so that `x.f()` resolves only when `x` is known.
(assignment left: (identifier) @name right: (call function: [(identifier) (attribute)] @module)) @reference.bind_call
(assignment left: (attribute object: (identifier) attribute: (identifier)) @name right: (call function: [(identifier) (attribute)] @module)) @reference.bind_call
(assignment left: [(identifier) (attribute object: (identifier) attribute: (identifier))] @name type: (type) @module) @reference.bind_type
(typed_parameter (identifier) @name type: (type) @module) @reference.bind_type
(typed_parameter [(list_splat_pattern (identifier) @name) (dictionary_splat_pattern (identifier) @name)]
                 type: (type) @module) @reference.bind_type
(typed_default_parameter name: (identifier) @name type: (type) @module) @reference.bind_type
(assignment left: [(identifier) (attribute object: (identifier) attribute: (identifier))] @name right: [(identifier) (attribute)] @module) @reference.bind_name
; `x = given or make()`, `x = make() if given is None else given` (rich's `self.console = console or get_console()`):
; x holds what the call returns (the other branch is the same value passed in, or nothing the index types).
(assignment left: [(identifier) (attribute object: (identifier) attribute: (identifier))] @name right: (boolean_operator operator: "or" right: (call function: [(identifier) (attribute)] @module))) @reference.bind_call
(assignment left: [(identifier) (attribute object: (identifier) attribute: (identifier))] @name right: (conditional_expression . (call function: [(identifier) (attribute)] @module))) @reference.bind_call
(assignment left: [(identifier) (attribute object: (identifier) attribute: (identifier))] @name right: (conditional_expression (call function: [(identifier) (attribute)] @module) .)) @reference.bind_call
; `response = await client.fetch()`: what the coroutine function is declared to return.
(assignment left: [(identifier) (attribute object: (identifier) attribute: (identifier))] @name right: (await (call function: [(identifier) (attribute)] @module))) @reference.bind_call
; `with Client() as client`: client holds what Client's `__enter__` (`__aenter__` after `async`) returns.
(with_item value: (as_pattern (call function: [(identifier) (attribute)] @module) alias: (as_pattern_target (identifier) @name))) @reference.bind_call
; `except ExtensionError as err`: err holds the exception, an instance of the class caught (of one class, not a tuple).
(except_clause (as_pattern . [(identifier) (attribute)] @module alias: (as_pattern_target (identifier) @name))) @reference.bind_type
; What a function returns, and a generator yields (read when no annotation says: python_qualifiers.py).
(return_statement (_) @module) @reference.bind_return
(yield (_) @module) @reference.bind_yield
; Names of the function whose value is unknown: they hide the module's names of the same spelling.
(parameters (identifier) @name) @reference.bind_unknown
(default_parameter name: (identifier) @name) @reference.bind_unknown
(for_statement left: (identifier) @name) @reference.bind_unknown
; A loop's variables, a comprehension's too: typed when the loop iterates a declared collection (python_loops.py).
(for_statement left: [(pattern_list (identifier) @name) (tuple_pattern (identifier) @name)]) @reference.bind_unknown
(for_in_clause left: [(identifier) @name
                      (pattern_list (identifier) @name) (tuple_pattern (identifier) @name)]) @reference.bind_unknown
(assignment left: (identifier) @name right: (_) @module) @reference.bind_unknown
