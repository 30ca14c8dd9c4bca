; Functions (`f x = ...`), type aliases, custom types and ports.
(value_declaration (function_declaration_left . (lower_case_identifier) @name) @signature) @definition.function
(type_alias_declaration name: (upper_case_identifier) @name) @definition.class
(type_declaration name: (upper_case_identifier) @name) @definition.class
(port_annotation name: (lower_case_identifier) @name) @definition.function

; Calls: `f x`, `Mod.f x`.
(function_call_expr target: (value_expr name: (value_qid (lower_case_identifier) @name .))) @reference.call

; Imports: `import Html exposing (text)`, `import Shapes.Geometry as G`.
(import_clause moduleName: (upper_case_qid) @module !exposing) @reference.import
(import_clause moduleName: (upper_case_qid) @module
  exposing: (exposing_list [(exposed_value (lower_case_identifier) @name) (exposed_type (upper_case_identifier) @name)])) @reference.import
(import_clause moduleName: (upper_case_qid) @module
  exposing: (exposing_list (double_dot))) @reference.import

; Types used in annotations: `area : Circle -> Float`.
(type_annotation (type_expression (type_ref (upper_case_qid (upper_case_identifier) @name .)))) @reference.type
