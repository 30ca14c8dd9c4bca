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

; Calls: `f(x)`, `f x`, `obj.m`, `Mod::Const.m`, `Integer("3")`; `require` and mixins are not calls. What a
; call is made on (name_receivers.py): `self`, a class or module by name, or anything else.
((call receiver: (_)? @receiver method: [(identifier) (constant)] @name) @reference.call
  (#not-match? @name "^(require|require_relative|load|include|extend|prepend)$"))
; `X.new` / `A::X.new` is a use of the class X too.
((call receiver: [(constant) @name (scope_resolution scope: (_) @receiver name: (constant) @name)]
       method: (identifier) @_new) @reference.call
  (#eq? @_new "new"))

; Inheritance: `class A < B`, `class A < M::B`, and the mixins `include M`, `extend M`, `prepend M`.
(class superclass: (superclass (constant) @name)) @reference.inherit
(class superclass: (superclass (scope_resolution scope: (_) @receiver name: (constant) @name))) @reference.inherit
((call
   method: (identifier) @_mixin
   arguments: (argument_list [(constant) @name (scope_resolution scope: (_) @receiver name: (constant) @name)])) @reference.inherit
  (#match? @_mixin "^(include|extend|prepend)$"))

; Imports: `require 'x'`, `require_relative "lib/y"`, `load 'z.rb'`.
((call
   method: (identifier) @_require
   arguments: (argument_list . (string (string_content) @module) .)) @reference.import
  (#match? @_require "^(require|require_relative|load)$"))
