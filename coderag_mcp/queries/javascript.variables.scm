; Variables and constants of a module (`const TIMEOUT = 30`, `export let state`): definitions that own no lines
; and no references; one holding a function is that function, one holding a `require()` an import. Read in
; each declaration at the top of the module (languages.py: variable_statements, variable_scopes).
((variable_declarator name: (identifier) @name) @definition.variable
  (#not-match? @definition.variable "^[^=]*=\\s*require\\("))
