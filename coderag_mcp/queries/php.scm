; Types: classes, interfaces, traits and enums.
(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.class
(trait_declaration name: (name) @name) @definition.class
(enum_declaration name: (name) @name) @definition.class

; Functions and methods.
(function_definition name: (name) @name) @definition.function
(method_declaration name: (name) @name) @definition.method

; Calls: `f()`, `\ns\f()`, `$o->m()`, `$o?->m()`, `A::m()`, and `new A()` (a call of A).
(function_call_expression function: (name) @name) @reference.call
; (a function written with its namespace keeps it as its module: `\json_decode(..)` is PHP's, guzzle's own
; `GuzzleHttp\json_decode` only `\GuzzleHttp\json_decode(..)` or, in `namespace GuzzleHttp;`, `json_decode(..)`)
(function_call_expression function: (qualified_name (name) @name) @module) @reference.call
; What a method call is made on (name_receivers.py): `$this`, `self`/`static`/`parent`, a class by name, or else.
(member_call_expression object: (_) @receiver name: (name) @name) @reference.call
(nullsafe_member_call_expression object: (_) @receiver name: (name) @name) @reference.call
(scoped_call_expression scope: (_) @receiver name: (name) @name) @reference.call
; A class written with its namespace (`new \DateTime`, `extends \Foo\Base`) keeps it as written, as its module:
; `\X` is PHP's global X, never a project class of that name in a namespace (name_graph.py).
((object_creation_expression [(name) @name (qualified_name (name) @name) @module]) @reference.call
  (#not-match? @name "^(static|self|parent)$"))

; Inheritance: `extends A`, `implements I, \ns\J`, and a trait's `use T;` inside a class.
(base_clause [(name) @name (qualified_name (name) @name) @module]) @reference.inherit
(class_interface_clause [(name) @name (qualified_name (name) @name) @module]) @reference.inherit
(use_declaration [(name) @name (qualified_name (name) @name)]) @reference.inherit

; Imports: `use A\B;`, `use A\B as C;`, `use function A\f;`, `use A\{B, C};` and
; `require`/`include` (`_once` too) of a literal path or of `__DIR__ . '/path'`.
(namespace_use_declaration (namespace_use_clause . [(name) (qualified_name)] @module)) @reference.import
(namespace_use_declaration
  (namespace_name) @module
  (namespace_use_group (namespace_use_clause . [(name) @name (qualified_name (name) @name .)]))) @reference.import
(require_expression [(string) (encapsed_string)] @module) @reference.import
(require_once_expression [(string) (encapsed_string)] @module) @reference.import
(include_expression [(string) (encapsed_string)] @module) @reference.import
(include_once_expression [(string) (encapsed_string)] @module) @reference.import
(require_expression (binary_expression right: [(string) (encapsed_string)] @module)) @reference.import
(require_once_expression (binary_expression right: [(string) (encapsed_string)] @module)) @reference.import
(include_expression (binary_expression right: [(string) (encapsed_string)] @module)) @reference.import
(include_once_expression (binary_expression right: [(string) (encapsed_string)] @module)) @reference.import
