; Fields, constants and events of a class, struct, interface or record (`public const int Max = 10;`, each
; declarator of `int a, b;`), auto-properties (`int Count { get; set; }`: a property with bodies is a method)
; and an enum's members: definitions that own no lines and no references. Read in each such declaration of a
; type's body, never in a method (languages.py: variable_statements, variable_scopes).
(variable_declarator name: (identifier) @name) @definition.variable
(property_declaration name: (identifier) @name) @definition.variable
(enum_member_declaration name: (identifier) @name) @definition.variable
