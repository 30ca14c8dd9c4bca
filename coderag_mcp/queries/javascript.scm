(class_declaration name: (identifier) @name) @definition.class
(class name: (identifier) @name) @definition.class
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.method
; A class field holding a function (`handle = () => {...}`, a bound handler) is a method of its class.
(field_definition property: [(property_identifier) (private_property_identifier)] @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @definition.function
(variable_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @definition.function
; CommonJS: a function assigned to a property is a definition. `Reply.prototype.send = function` is a method
; of Reply, `res.send = function send` one of `res`, `exports.f = ` / `module.exports.f = ` a function f, and
; `module.exports = function override ()` the function `override`; in an object literal, `get: function _get`
; and `route: (opts) => ...` are methods named by their key.
((expression_statement
   (assignment_expression
     left: (member_expression
       object: (member_expression object: (identifier) @context property: (property_identifier) @_prototype)
       property: (property_identifier) @name)
     right: [(arrow_function) (function_expression) (generator_function)])) @definition.method
  (#eq? @_prototype "prototype"))
((expression_statement
   (assignment_expression
     left: (member_expression object: (identifier) @context property: (property_identifier) @name)
     right: [(arrow_function) (function_expression) (generator_function)])) @definition.method
  (#not-match? @context "^(exports|module)$"))
((expression_statement
   (assignment_expression
     left: (member_expression object: (identifier) @_exports property: (property_identifier) @name)
     right: [(arrow_function) (function_expression) (generator_function)])) @definition.function
  (#eq? @_exports "exports"))
((expression_statement
   (assignment_expression
     left: (member_expression
       object: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
       property: (property_identifier) @name)
     right: [(arrow_function) (function_expression) (generator_function)])) @definition.function
  (#eq? @_module "module") (#eq? @_exports "exports"))
((expression_statement
   (assignment_expression
     left: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
     right: [(function_expression name: (identifier) @name) (class name: (identifier) @name)])) @definition.function
  (#eq? @_module "module") (#eq? @_exports "exports"))
(pair key: (property_identifier) @name value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
; An object literal's methods are its variable's (as in typescript.scm): hono's `export const websocket =
; { open(ws) {...} }` is `websocket.open`, as `websocket.open(ws)` calls it.
(variable_declarator
  name: (identifier) @context
  value: [(object [(method_definition name: (property_identifier) @name) @definition.method
                   (pair key: (property_identifier) @name
                         value: [(arrow_function) (function_expression) (generator_function)]) @definition.method])
          ; (`{...} as const`, `{...} satisfies T`)
          (_ . (object [(method_definition name: (property_identifier) @name) @definition.method
                        (pair key: (property_identifier) @name
                              value: [(arrow_function) (function_expression) (generator_function)])
                          @definition.method]))])

; Calls: `f()`, `obj.method()`, `obj?.method()`, `new X()` and `new ns.X()` (a call of X).
; A decorator named alone (`@observable x = 1`, `@action method() {}`) applies it (mobx's 200 were no uses); one called
; (`@action("name")`) is a call, above.
(decorator (identifier) @name) @reference.decorate
((call_expression function: (identifier) @name) @reference.call (#not-eq? @name "require"))
(call_expression function: (member_expression object: (_) @receiver property: [(property_identifier) (private_property_identifier)] @name)) @reference.call
(new_expression constructor: (identifier) @name) @reference.call
; `f.call(this, x)`, `obj.f.apply(...)`, `f.bind(this)`: a call of f.
((call_expression
   function: (member_expression object: (identifier) @name property: (property_identifier) @_call)) @reference.call
  (#match? @_call "^(call|apply|bind)$"))
((call_expression
   function: (member_expression
     object: (member_expression object: (_) @receiver property: (property_identifier) @name)
     property: (property_identifier) @_call)) @reference.call
  (#match? @_call "^(call|apply|bind)$"))
(new_expression constructor: (member_expression object: (_) @receiver property: (property_identifier) @name)) @reference.call
; A class read as a value is a use of it: ky's `isErrorType(error, HTTPError)`, `expect(f).toThrow(HTTPError)`,
; `[Hono, HonoBase]`, `{ router: RegExpRouter }`, `const Base = Hono`, `return Foo`, `x === Foo` (a name in
; CamelCase: a class (or a component) by custom; find_references listed none of them and said so).
([(arguments (identifier) @name @reference.type)
  (array (identifier) @name @reference.type)
  (pair value: (identifier) @name @reference.type)
  (variable_declarator value: (identifier) @name @reference.type)
  (assignment_expression right: (identifier) @name @reference.type)
  (return_statement (identifier) @name @reference.type)
  (binary_expression (identifier) @name @reference.type)
  (throw_statement (identifier) @name @reference.type)]
  (#match? @name "^_*[A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*$"))
([(arguments (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.type)
  (array (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.type)
  (pair value: (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.type)
  (variable_declarator value: (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.type)
  (assignment_expression right: (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.type)
  (return_statement (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.type)
  (binary_expression (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.type)
  (throw_statement (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.type)]
  (#match? @name "^_*[A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*$"))
; `x instanceof C`: a use of the class (ky's `modifiedResponse instanceof RetryMarker`).
(binary_expression operator: "instanceof" right: (identifier) @name) @reference.type
(binary_expression operator: "instanceof" right: (member_expression object: (_) @receiver property: (property_identifier) @name)) @reference.type

; Inheritance: `class A extends B`, `class A extends ns.B`.
(class_heritage (identifier) @name) @reference.inherit
(class_heritage (member_expression object: (_) @receiver property: (property_identifier) @name)) @reference.inherit

; Imports: one reference per imported binding (`import d, { a, b as c } from "m"` -> d, a, b;
; `import * as ns from "m"` -> ns), a bare `import "m"`, re-exports, `require("m")` and `import("m")`.
(import_statement (import_clause (identifier) @name) source: (string) @module) @reference.import
(import_statement (import_clause (namespace_import (identifier) @name)) source: (string) @module) @reference.import
(import_statement
  (import_clause (named_imports (import_specifier name: (identifier) @name)))
  source: (string) @module) @reference.import
(import_statement . (string) @module) @reference.import
(export_statement (export_clause (export_specifier name: (identifier) @name)) source: (string) @module) @reference.import
; A local export under another name (hono's `export { Hono as HonoBase }`, no `from`): a name other files import,
; which is the definition it aliases (js_graph.py).
(export_statement (export_clause (export_specifier name: (identifier) @name alias: (_))) !source) @reference.import
; A default export (`export default function isRawNetworkError`, `export default Router`): what `import x from`
; binds, whatever x is called.
(export_statement "default" declaration: [(function_declaration name: (identifier) @name)
                                          (class_declaration name: (identifier) @name)]) @reference.import
(export_statement "default" value: (identifier) @name) @reference.import
(export_statement "*" source: (string) @module) @reference.import
(export_statement (namespace_export (identifier) @name) source: (string) @module) @reference.import
(call_expression
  function: (identifier) @_function
  arguments: (arguments . (string) @module)
  (#eq? @_function "require")) @reference.import
(call_expression function: (import) arguments: (arguments . (string) @module)) @reference.import
; `const { a, b } = require("m")`: one reference per name, as `import { a, b } from "m"`.
((variable_declarator
   name: (object_pattern (shorthand_property_identifier_pattern) @name)
   value: (call_expression function: (identifier) @_require arguments: (arguments . (string) @module))) @reference.import
  (#eq? @_require "require"))

; Not edges: what a variable is known to hold, so that `x.m()` resolves only when `x` is known
; (receivers.py): `new X()`, `require("./m")`; anything else is unknown.
(formal_parameters (identifier) @name) @reference.bind_unknown
(formal_parameters (assignment_pattern left: (identifier) @name)) @reference.bind_unknown
(variable_declarator name: (identifier) @name value: (new_expression constructor: [(identifier) (member_expression)] @module)) @reference.bind_type
; `const request = firstRequest ?? new Request(..)` (got's): what `new` makes (the other side is a value passed in)
(variable_declarator name: (identifier) @name
  value: (binary_expression operator: ["??" "||"] right: (new_expression constructor: [(identifier) (member_expression)] @module))) @reference.bind_type
(variable_declarator name: (identifier) @name) @reference.bind_unknown
; `module.exports = createApplication`, `module.exports = require("./lib/express")`: what the module is when a variable
; holding it is called whole (`const express = require(".."); express()`: js_literals.py)
((assignment_expression
   left: (member_expression object: (identifier) @_module property: (property_identifier) @name)
   right: (identifier) @module)
  (#eq? @_module "module") (#eq? @name "exports")) @reference.bind_unknown
((assignment_expression
   left: (member_expression object: (identifier) @_module property: (property_identifier) @name)
   right: (call_expression function: (identifier) @_require arguments: (arguments . (string) @module)))
  (#eq? @_module "module") (#eq? @name "exports") (#eq? @_require "require")) @reference.bind_unknown
(field_definition property: [(property_identifier) (private_property_identifier)] @name value: (new_expression constructor: [(identifier) (member_expression)] @module)) @reference.bind_type
