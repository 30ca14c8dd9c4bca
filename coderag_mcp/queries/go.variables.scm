; A package's constants and variables (`const Version = "1.2"`, each of a `const ( ... )` group): definitions
; that own no lines and no references. Read in each declaration at the top of the file (languages.py:
; variable_statements); of `var a, b = 1, 2`, `a`.
(const_spec name: (identifier) @name) @definition.variable
(var_spec name: (identifier) @name) @definition.variable
