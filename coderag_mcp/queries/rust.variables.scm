; Constants and statics of a module, an impl or a trait (`pub const MAX: usize = 8;`), a struct's or union's named
; fields and an enum's variants (`Level.Info`; not a variant's own fields): definitions that own no lines and no
; references. Read in each such item outside functions (languages.py: variable_statements,
; variable_scopes).
[(const_item name: (identifier) @name) (static_item name: (identifier) @name)] @definition.variable
(field_declaration name: (field_identifier) @name) @definition.variable
(enum_variant name: (identifier) @name) @definition.variable
