; Constants and statics of a module, an impl or a trait (`pub const MAX: usize = 8;`): definitions that own no
; lines and no references. Read in each such item outside functions (languages.py: variable_statements,
; variable_scopes).
[(const_item name: (identifier) @name) (static_item name: (identifier) @name)] @definition.variable
