; A class's fields (`static defaults = {...}`, `private readonly listeners: Listener[] = []`, `#count = 0`,
; `declare name: string`): definitions that own no lines and no references, like a module's variables. One
; holding a function (`handle = () => {...}`) is a method (typescript.scm), not a value. And the properties a
; constructor's parameters declare (`http` of `constructor(private readonly http: HttpClient, plain: number)`).
; Read in each field of a class body and each parameter of its methods (languages.py).
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name !value) @definition.variable
((public_field_definition name: [(property_identifier) (private_property_identifier)] @name value: (_) @_value) @definition.variable
  (#not-match? @_value "^(async\\s*)?(function\\b|\\(|[A-Za-z_$][A-Za-z0-9_$]*\\s*=>)"))
[(required_parameter (accessibility_modifier) pattern: (identifier) @name)
 (required_parameter "readonly" pattern: (identifier) @name)
 (optional_parameter (accessibility_modifier) pattern: (identifier) @name)
 (optional_parameter "readonly" pattern: (identifier) @name)] @definition.variable
; An interface's properties and an object type's (`dispatch: Dispatch<A>` in `interface Store { ... }`, `timeout?:
; number` in `type Options = { ... }`, `"~standard": Props` by the name in its quotes), also those holding a function
; type: a type's members, as its methods are.
(property_signature name: [(property_identifier) @name (string (string_fragment) @name)]) @definition.variable
