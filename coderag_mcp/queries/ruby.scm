; Classes and modules; `class A::B` keeps `A::B` as its name.
(class name: (_) @name) @definition.class
(module name: (_) @name) @definition.class

; Methods: `def m`, `def self.m` (a method of the class around it) and `def Other.m` (a method of Other).
(method name: (_) @name) @definition.function
(singleton_method object: (self) name: (_) @name) @definition.function
(singleton_method object: (constant) @context name: (_) @name) @definition.method

; Attributes and aliases are methods too: `attr_reader :routes` defines `routes`, `alias url uri` defines `url`.
((call method: (identifier) @_attr arguments: (argument_list (simple_symbol) @name @definition.method))
  (#match? @_attr "^attr_(reader|writer|accessor)$"))
(alias name: (_) @name) @definition.method
; `alias_method :url, :uri` and `define_method(:name) { }` define their first symbol.
((call method: (identifier) @_define arguments: (argument_list . (simple_symbol) @name)) @definition.method
  (#match? @_define "^(alias_method|define_method)$"))

; Calls: `f(x)`, `f x`, `obj.m`, `Mod::Const.m`, `Integer("3")`; `require` and mixins are not calls. What a
; call is made on (name_receivers.py): `self`, a class or module by name, or anything else.
((call receiver: (_)? @receiver method: [(identifier) (constant)] @name) @reference.call
  (#not-match? @name "^(require|require_relative|load|include|extend|prepend)$"))
; `super` and `super(..)` call the ancestors' method of the caller's name (ruby_calls.named_super_calls).
(super) @name @reference.call
; `X.new` / `A::X.new` is a use of the class X too.
((call receiver: [(constant) @name (scope_resolution scope: (_) @receiver name: (constant) @name)]
       method: (identifier) @_new) @reference.call
  (#eq? @_new "new"))

; A bare name where a value goes is a call without parentheses (`settings`, `request.path_info`, `halt unless
; authorized`), unless it is a local variable of its method (name_receivers.without_local_names drops the
; names bound below).
(_ right: (identifier) @name @reference.call)
(binary left: (identifier) @name @reference.call)
(unary operand: (identifier) @name @reference.call)
(_ body: (identifier) @name @reference.call)
(rescue_modifier handler: (identifier) @name @reference.call)
(range begin: (identifier) @name @reference.call)
(range end: (identifier) @name @reference.call)
(_ condition: (identifier) @name @reference.call)
(conditional consequence: (identifier) @name @reference.call)
(conditional alternative: (identifier) @name @reference.call)
(_ value: (identifier) @name @reference.call)
(pair key: (identifier) @name @reference.call)
(call receiver: (identifier) @name @reference.call)
(element_reference object: (identifier) @name @reference.call)
[
  (body_statement (identifier) @name @reference.call)
  (then (identifier) @name @reference.call)
  (else (identifier) @name @reference.call)
  (begin (identifier) @name @reference.call)
  (ensure (identifier) @name @reference.call)
  (do (identifier) @name @reference.call)
  (block_body (identifier) @name @reference.call)
  (argument_list (identifier) @name @reference.call)
  (array (identifier) @name @reference.call)
  (interpolation (identifier) @name @reference.call)
  (right_assignment_list (identifier) @name @reference.call)
  (parenthesized_statements (identifier) @name @reference.call)
  (program (identifier) @name @reference.call)
  (pattern (identifier) @name @reference.call)
  (in (identifier) @name @reference.call)
  (begin_block (identifier) @name @reference.call)
  (end_block (identifier) @name @reference.call)
]
; Local variables: parameters, assigned names, `rescue => e`, `for x in`.
[
  (method_parameters (identifier) @name @reference.bind_unknown)
  (lambda_parameters (identifier) @name @reference.bind_unknown)
  (block_parameters (identifier) @name @reference.bind_unknown)
  (destructured_parameter (identifier) @name @reference.bind_unknown)
  (left_assignment_list (identifier) @name @reference.bind_unknown)
  (exception_variable (identifier) @name @reference.bind_unknown)
]
(assignment left: (identifier) @name @reference.bind_unknown)
(operator_assignment left: (identifier) @name @reference.bind_unknown)
(for pattern: (identifier) @name @reference.bind_unknown)
[
  (optional_parameter name: (identifier) @name @reference.bind_unknown)
  (splat_parameter name: (identifier) @name @reference.bind_unknown)
  (keyword_parameter name: (identifier) @name @reference.bind_unknown)
  (hash_splat_parameter name: (identifier) @name @reference.bind_unknown)
  (block_parameter name: (identifier) @name @reference.bind_unknown)
]

; Inheritance: `class A < B`, `class A < M::B`, and the mixins `include M`, `extend M`, `prepend M`.
(class superclass: (superclass (constant) @name)) @reference.inherit
(class superclass: (superclass (scope_resolution scope: (_) @receiver name: (constant) @name))) @reference.inherit
; (Written elsewhere than in a class's or module's own body, in a block or on a receiver (`base.extend ClassMethods`),
; a mixin is a use of the module, not a base of the class around it: ruby_calls.mixins_outside_bodies. sinatra's
; test `describe 'mime_type' do include Sinatra::Helpers .. end` made every test of its class a helper.)
((call
   method: (identifier) @_mixin
   arguments: (argument_list [(constant) @name (scope_resolution scope: (_) @receiver name: (constant) @name)])) @reference.inherit
  (#match? @_mixin "^(include|extend|prepend)$"))

; Imports: `require 'x'`, `require_relative "lib/y"`, `load 'z.rb'`.
((call
   method: (identifier) @_require
   arguments: (argument_list . (string (string_content) @module) .)) @reference.import
  (#match? @_require "^(require|require_relative|load)$"))
