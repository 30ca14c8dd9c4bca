; Values and variables of a file, object, class, trait or enum (`val Timeout = 30`, `private lazy val cache = ...`,
; a trait's abstract `val size: Int`), a class's parameters declared `val` or `var` and every parameter of a case
; class (`x` of `case class Point(x: Int)`), and an enum's cases: definitions that own no lines and no references.
; Read in each such definition outside functions (languages.py: variable_statements, variable_scopes); not a
; tuple's names (`val (a, b) = ...`).
[(val_definition pattern: (identifier) @name) (var_definition pattern: (identifier) @name)
 (val_declaration name: (identifier) @name) (var_declaration name: (identifier) @name)] @definition.variable
(class_parameter ["val" "var"] name: (identifier) @name) @definition.variable
(class_definition "case" class_parameters: (class_parameters (class_parameter name: (identifier) @name) @definition.variable))
[(simple_enum_case name: (identifier) @name) (full_enum_case name: (identifier) @name)] @definition.variable
