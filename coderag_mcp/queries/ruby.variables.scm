; Constants of a file, module or class (`VERSION = "4.0"`): definitions that own no lines and no references.
; Read in each assignment of a file, module or class body (languages.py: variable_statements, variable_scopes).
(assignment left: (constant) @name) @definition.variable
