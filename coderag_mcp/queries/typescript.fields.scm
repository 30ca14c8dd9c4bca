; A class's fields (`static defaults = {...}`, `private readonly listeners: Listener[] = []`, `#count = 0`,
; `declare name: string`): definitions that own no lines and no references, like a module's variables. One
; holding a function (`handle = () => {...}`) is a method (typescript.scm), not a value. Read in each field of
; a class body (languages.py).
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name !value) @definition.variable
((public_field_definition name: [(property_identifier) (private_property_identifier)] @name value: (_) @_value) @definition.variable
  (#not-match? @_value "^(async\\s*)?(function\\b|\\(|[A-Za-z_$][A-Za-z0-9_$]*\\s*=>)"))
