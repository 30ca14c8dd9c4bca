; Entities, packages and types are classes; an architecture is a class named by itself that
; implements its entity (INHERITS `counter`); a package body only qualifies what it defines.
(entity_declaration name: (identifier) @name) @definition.class
(architecture_body name: (identifier) @name) @definition.class
(package_declaration name: (identifier) @name) @definition.class
(package_body package: (simple_name) @name) @scope
(full_type_declaration name: (identifier) @name) @definition.class
(function_body designator: (identifier) @name) @definition.function
(procedure_body designator: (identifier) @name) @definition.function
(function_declaration designator: (identifier) @name) @definition.function
(procedure_declaration designator: (identifier) @name) @definition.function

(architecture_body entity: (simple_name) @name) @reference.inherit

; Calls: `f(x)` (VHDL writes an array element the same way: the grammar calls it ambiguous), a
; procedure call, and instances of entities and components.
(ambiguous_name prefix: (simple_name) @name) @reference.call
(procedure_call_statement procedure: (simple_name) @name) @reference.call
(entity_instantiation entity: (selected_name suffix: (simple_name) @name)) @reference.call
(entity_instantiation entity: (simple_name) @name) @reference.call
(component_instantiation component: (simple_name) @name) @reference.call

; `use ieee.std_logic_1164.all;` imports the package `ieee.std_logic_1164`.
(use_clause (selected_name prefix: (_) @module suffix: (all))) @reference.import
(use_clause (selected_name prefix: (_) @module suffix: (simple_name) @name)) @reference.import

; Types of ports, signals and parameters; the standard and IEEE types are not worth an edge.
((subtype_indication (type_mark (simple_name) @name)) @reference.type
 (#not-match? @name "^(bit|bit_vector|boolean|integer|natural|positive|real|time|string|character|std_logic|std_logic_vector|std_ulogic|std_ulogic_vector|signed|unsigned)$"))
