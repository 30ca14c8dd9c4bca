; C++'s fields beside C's (c.variables.scm): a reference member (`const Context& ctx;`, `T&& value;`), which C's
; grammar has no node for.
(field_declaration
  declarator: (reference_declarator [(field_identifier) @name
                                     (pointer_declarator declarator: (field_identifier) @name)]) @definition.variable)
