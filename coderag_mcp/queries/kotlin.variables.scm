; Properties of a file, class, object or companion object (`const val MAX = 10`, `val name: String`), those a
; primary constructor declares (`val id` of `class User(val id: Int, note: String)`, not `note`) and an enum
; class's entries: definitions that own no lines and no references. Read in each such declaration outside
; functions (languages.py: variable_statements, variable_scopes).
(property_declaration (variable_declaration (simple_identifier) @name)) @definition.variable
(enum_entry (simple_identifier) @name) @definition.variable
(class_parameter (binding_pattern_kind) (simple_identifier) @name) @definition.variable
