; Properties of a file, class, struct, enum, actor, extension or protocol (`public let version = "5.0"`, each of `var
; a = 0, b = 1`, `static let shared = Session()`, a computed `var isEmpty: Bool { ... }`, a protocol's `var count:
; Int { get }`) and an enum's cases (each of `case idle, running(Int)`): definitions that own no lines and no
; references. Read in each such declaration outside functions (languages.py: variable_statements, variable_scopes);
; not a tuple's names (`let (a, b) = ...`).
(property_declaration (pattern (simple_identifier) @name) @definition.variable)
(protocol_property_declaration (pattern (simple_identifier) @name)) @definition.variable
(enum_entry (simple_identifier) @name @definition.variable)
