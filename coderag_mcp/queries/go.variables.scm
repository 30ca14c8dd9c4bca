; A package's constants and variables (`const Version = "1.2"`, each of a `const ( ... )` group): definitions
; that own no lines and no references. Read in each declaration at the top of the file (languages.py:
; variable_statements); of `var a, b = 1, 2`, `a`. And a struct type's named fields, each name of `X, Y int` (not an
; embedded `*Engine`, which names none): read in the field list of each type declared at the top of the file.
(const_spec name: (identifier) @name) @definition.variable
(var_spec name: (identifier) @name) @definition.variable
(field_declaration name: (field_identifier) @name @definition.variable)
