; A class's fields (`static defaults = {...}`, `#count = 0`, `name;`): definitions that own no lines and no
; references, like a module's variables. One holding a function (`handle = () => {...}`) is a method
; (javascript.scm), not a value. Read in each field of a class body (languages.py).
(field_definition property: [(property_identifier) (private_property_identifier)] @name !value) @definition.variable
((field_definition property: [(property_identifier) (private_property_identifier)] @name value: (_) @_value) @definition.variable
  (#not-match? @_value "^(async\\s*)?(function\\b|\\(|[A-Za-z_$][A-Za-z0-9_$]*\\s*=>)"))
