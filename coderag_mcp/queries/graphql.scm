; Schema types are classes; `extend type Query` only qualifies its fields. The fields of the root
; types (Query, Mutation, Subscription) are the API's operations: methods (`Query.user`). Other
; fields stay in their type's chunk. Executable documents: a named operation or a fragment is a
; function.
(object_type_definition (name) @name) @definition.class
(interface_type_definition (name) @name) @definition.class
(enum_type_definition (name) @name) @definition.class
(input_object_type_definition (name) @name) @definition.class
(union_type_definition (name) @name) @definition.class
(scalar_type_definition (name) @name) @definition.class
(object_type_extension (name) @name) @scope
((object_type_definition (name) @root (fields_definition (field_definition (name) @name) @definition.function))
 (#any-of? @root "Query" "Mutation" "Subscription"))
((object_type_extension (name) @root (fields_definition (field_definition (name) @name) @definition.function))
 (#any-of? @root "Query" "Mutation" "Subscription"))
(operation_definition (name) @name) @definition.function
(fragment_definition (fragment_name (name) @name)) @definition.function

; An operation calls the root fields it selects; `...UserFields` calls the fragment.
(operation_definition (selection_set (selection (field (name) @name) @reference.call)))
(fragment_spread (fragment_name (name) @name)) @reference.call

(implements_interfaces (named_type (name) @name)) @reference.inherit
(union_member_types (named_type (name) @name)) @reference.inherit
(fragment_definition (type_condition (named_type (name) @name))) @reference.type

; The types of fields and arguments (built-in scalars left out), `[Order!]!` included.
((type (named_type (name) @name)) @reference.type (#not-match? @name "^(ID|String|Int|Float|Boolean)$"))
((non_null_type (named_type (name) @name)) @reference.type (#not-match? @name "^(ID|String|Int|Float|Boolean)$"))
