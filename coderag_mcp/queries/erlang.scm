; Functions: each clause of `f(X) -> ...;` is a definition; records are the types.
(fun_decl clause: (function_clause name: (atom) @name args: (expr_args) @signature)) @definition.function
(record_decl name: (atom) @name) @definition.class @signature

; Calls: `f(X)`, `mod:f(X)`, and `fun f/1` passed as a value.
(call expr: (atom) @name) @reference.call
(call expr: (remote fun: (atom) @name)) @reference.call
(internal_fun fun: (atom) @name) @reference.call
(external_fun module: (module name: (atom) @module) fun: (atom) @name) @reference.call

; Imports: `-include("x.hrl")`, `-include_lib("app/include/y.hrl")`, `-import(lists, [map/2])`.
(pp_include file: (string) @module) @reference.import
(pp_include_lib file: (string) @module) @reference.import
(import_attribute module: (atom) @module (fa fun: (atom) @name)) @reference.import

; A behaviour is the interface the module implements.
(behaviour_attribute name: (atom) @name) @reference.inherit

; Records used by name: `#circle{radius = R}`.
(record_expr name: (record_name name: (atom) @name)) @reference.type
