; Variables and constants of a module (`const TIMEOUT = 30`, `export let state`, CommonJS's `exports.methods =
; [...]`): definitions that own no lines and no references; one holding a function is that function, one
; holding a `require()` an import. Read in each statement at the top of the module (languages.py:
; variable_statements, variable_scopes).
((variable_declarator name: (identifier) @name) @definition.variable
  (#not-match? @definition.variable "^[^=]*=\\s*require\\("))
((expression_statement
   (assignment_expression
     left: (member_expression object: (identifier) @_exports property: (property_identifier) @name))) @definition.variable
  (#eq? @_exports "exports"))
((expression_statement
   (assignment_expression
     left: (member_expression
       object: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
       property: (property_identifier) @name))) @definition.variable
  (#eq? @_module "module") (#eq? @_exports "exports"))
