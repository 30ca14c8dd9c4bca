; Fields and constants of a class, interface, enum or record (`static final int MAX = 10;`, each declarator of
; `int a, b;`), an enum's constants and a record's components (`x` of `record Point(int x, int y)`): definitions
; that own no lines and no references. Read in each such declaration of a type, never in a method (languages.py:
; variable_statements, variable_scopes).
(variable_declarator name: (identifier) @name) @definition.variable
(enum_constant name: (identifier) @name) @definition.variable
(formal_parameter name: (identifier) @name) @definition.variable
