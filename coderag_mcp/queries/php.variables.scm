; Constants of a file, class, interface or enum (`const MAX = 10;`, each of `const A = 1, B = 2;`), `define('X',
; ...)` at the top of a file, properties (`private string $name;`: named `name`; also those a constructor
; promotes, `__construct(private Logger $logger)`) and an enum's cases: definitions that own no lines and no
; references. Read in each such statement outside functions (languages.py:
; variable_statements, variable_scopes).
(const_element (name) @name) @definition.variable
(property_element name: (variable_name (name) @name)) @definition.variable
(enum_case name: (name) @name) @definition.variable
((expression_statement
   (function_call_expression
     function: (name) @_define
     arguments: (arguments . (argument (string (string_content) @name))))) @definition.variable
  (#eq? @_define "define"))
(property_promotion_parameter name: (variable_name (name) @name)) @definition.variable
