(struct_item name: (type_identifier) @name) @definition.class
(enum_item name: (type_identifier) @name) @definition.class
(trait_item name: (type_identifier) @name) @definition.class
(union_item name: (type_identifier) @name) @definition.class
(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name) @definition.function
(macro_definition name: (identifier) @name) @definition.function
(impl_item type: [(type_identifier) @name (generic_type type: (type_identifier) @name)]) @scope
; `impl ToValue for str`, `for &T`, `for &Foo<T>`, `for sync::Mutex`: methods too, never the file's functions.
(impl_item type: [(primitive_type) @name
                  (scoped_type_identifier name: (type_identifier) @name)
                  (generic_type type: (scoped_type_identifier name: (type_identifier) @name))
                  (reference_type type: [(type_identifier) (primitive_type)] @name)
                  (reference_type type: (generic_type type: (type_identifier) @name))]) @scope
; An inline `mod x { }`: what it holds is named `x::f` (no node of its own; `mod x;` is a file).
(mod_item name: (identifier) @name body: (declaration_list)) @namespace

; Calls: `f()`, `obj.method()`, `Type::new()` / `module::f()` (the last segment), `f::<T>()`,
; macros `println!()`, and struct literals `Point { .. }` (a construction of Point).
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (field_expression value: (_) @receiver field: (field_identifier) @name)) @reference.call
(call_expression function: (scoped_identifier !path name: (identifier) @name)) @reference.call
(call_expression function: (scoped_identifier path: (_) @receiver name: (identifier) @name)) @reference.call
(call_expression function: (generic_function function: [(identifier) @name
                                                         (field_expression field: (field_identifier) @name)
                                                         (scoped_identifier name: (identifier) @name)])) @reference.call
(macro_invocation macro: [(identifier) @name (scoped_identifier name: (identifier) @name)]) @reference.call
(struct_expression name: [(type_identifier) @name (scoped_type_identifier name: (type_identifier) @name)]) @reference.call

; `impl Trait for Type`: the impl block (a @scope named after Type) inherits Trait.
(impl_item trait: [(type_identifier) @name
                   (generic_type type: (type_identifier) @name)
                   (scoped_type_identifier name: (type_identifier) @name)]) @reference.inherit

; Imports: `use a::b::C` (module `a::b::C`), `use a::b::C as D`, `use a::b::*` (module `a::b`),
; `extern crate serde`. A `use` tree (`use a::{self, B, c::{D, E as F}}`) is read in rust_paths.py: each name
; with its whole path, at any depth.
(use_declaration argument: [(identifier) (scoped_identifier)] @module) @reference.import
(use_declaration argument: (use_as_clause path: (_) @module)) @reference.import
(use_declaration argument: (use_wildcard (_) @module)) @reference.import
(extern_crate_declaration name: (identifier) @module) @reference.import

; Types named in parameters, returns, lets and fields: USES.
(parameter type: [(type_identifier) @name (reference_type type: (type_identifier) @name)]) @reference.type
(function_item return_type: [(type_identifier) @name (reference_type type: (type_identifier) @name)]) @reference.type
(let_declaration type: [(type_identifier) @name (reference_type type: (type_identifier) @name)]) @reference.type
(field_declaration type: [(type_identifier) @name (reference_type type: (type_identifier) @name)]) @reference.type
; A path to a variant or associated constant of a type, in an expression or a pattern: `ErrorCode::Eof`,
; `Value::String(s)`, `error::ErrorCode::Eof`, `ErrorCode::Message { .. }` use the type (serde_json's ErrorCode:
; 179 such uses, none of them recorded). Both segments capitalized: `fs::read`, `Foo::new` are no such paths.
((scoped_identifier path: [(identifier) @name (scoped_identifier name: (identifier) @name)] name: (identifier) @_member)
  @reference.type
  (#match? @name "^[A-Z]") (#match? @_member "^[A-Z]") (#not-eq? @name "Self"))
([(struct_expression name: (scoped_type_identifier
                             path: [(identifier) @name (scoped_identifier name: (identifier) @name)]
                             name: (type_identifier) @_member) @reference.type)
  (struct_pattern type: (scoped_type_identifier
                          path: [(identifier) @name (scoped_identifier name: (identifier) @name)]
                          name: (type_identifier) @_member) @reference.type)]
  (#match? @name "^[A-Z]") (#match? @_member "^[A-Z]") (#not-eq? @name "Self"))

; Not edges: what a variable is known to hold, so that `x.m()` resolves only when `x` is known
; (receivers.py): a declared type (parameters, lets, struct fields), `X { .. }`, `X::new()` (what
; it returns); anything else is unknown.
(parameter pattern: (identifier) @name type: (_) @module) @reference.bind_type
(let_declaration pattern: (identifier) @name value: (struct_expression name: (_) @module)) @reference.bind_type
(let_declaration pattern: (identifier) @name value: (call_expression function: [(identifier) (scoped_identifier)] @module)) @reference.bind_call
; `let w = args.search_worker(..)?;`, `let t = o.types();`, `let f = File::open(p)?;`: what the call returns (a `Result`'s
; or an `Option`'s value: rust_graph.held_by_result)
; (not when the let declares its type: `let v: Value = serde_json::from_str(s)?;` holds a Value)
(let_declaration pattern: (identifier) @name !type value: (call_expression function: (field_expression) @module)) @reference.bind_call
(let_declaration pattern: (identifier) @name !type
  value: (try_expression (call_expression function: [(identifier) (scoped_identifier) (field_expression)] @module))) @reference.bind_call
(let_declaration pattern: (identifier) @name type: (_)? @module) @reference.bind_type  ; untyped: unknown
(field_declaration name: (field_identifier) @name type: (_) @module) @reference.bind_type
; A tuple struct's first field, `self.0` (ripgrep's `struct Override(Gitignore)`): bound as the field `0`
; (receiver_bindings.py names it; the capture is its `(`)
(struct_item body: (ordered_field_declaration_list "(" @name . (visibility_modifier)? . type: (_) @module) @reference.bind_type)
; `enum ParseResult<T> { Ok(T), .. }`: the payload a pattern `ParseResult::Ok(x)` binds, as a field `Ok` of the enum
; holding its type parameter (receiver_bindings.py writes which; ripgrep's main.rs)
(enum_item type_parameters: (type_parameters)
  body: (enum_variant_list (enum_variant name: (identifier) @name
                             body: (ordered_field_declaration_list "(" . type: (type_identifier) @module . ")"))
                           @reference.bind_type))
; `impl Iterator for Parents<'a> { type Item = IgnoreRef<'a>; .. }`: the items a `for` loop over it binds, as a
; field `Item` of the type (rust_iterables.py)
(impl_item trait: [(type_identifier) (scoped_type_identifier) (generic_type)] @_trait
  body: (declaration_list (type_item name: (type_identifier) @name type: (_) @module) @reference.bind_type)
  (#match? @_trait "(^|:)(Into)?Iterator(<|$)") (#eq? @name "Item"))
(closure_parameters (identifier) @name) @reference.bind_unknown
; Names bound by patterns (`for (k, v) in`, `let (a, b)`, `Some(x) =>`, `if let Ok(v)`): values, never modules.
(tuple_pattern (identifier) @name) @reference.bind_unknown
(tuple_struct_pattern "(" (identifier) @name) @reference.bind_unknown
(tuple_struct_pattern "(" (ref_pattern (identifier) @name)) @reference.bind_unknown
(tuple_struct_pattern "(" (ref_pattern (mut_pattern (identifier) @name))) @reference.bind_unknown
(tuple_struct_pattern "(" (mut_pattern (identifier) @name)) @reference.bind_unknown
(for_expression pattern: (identifier) @name) @reference.bind_unknown
; `Compound::Map { ser, .. } =>`, `Point { x: px, .. }`: values too (serde_json's `ser\n.formatter\n.begin_object_value()`
; in such an arm was read as a path `ser::formatter`)
(field_pattern (shorthand_field_identifier) @name) @reference.bind_unknown
(field_pattern pattern: (identifier) @name) @reference.bind_unknown
