(class_declaration name: (type_identifier) @name) @definition.class
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.class
(enum_declaration name: (identifier) @name) @definition.class
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(function_signature name: (identifier) @name) @definition.function
(method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.method
; A class field holding a function (`handle = () => {...}`, a bound handler) is a method of its class.
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
(abstract_method_signature name: (property_identifier) @name) @definition.method
; An interface's methods, and an object type's (`getState(): S` in `interface Store { ... }`, `run(): void` in `type
; Options = { ... }`): what a call through the type reaches (its properties: typescript.fields.scm).
(interface_body (method_signature name: (property_identifier) @name) @definition.method)
(type_alias_declaration value: (object_type (method_signature name: (property_identifier) @name) @definition.method))
(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @definition.function
; A function wrapped to give it a type (zustand's `export const create = (<T>(f) => ...) as Create`,
; `const persist = persistImpl as unknown as Persist`): what callers call. A value cast (`1 as 1 | 2`,
; `'a.json' satisfies Path`, `null as any`) is a variable (typescript.variables.scm).
(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(as_expression . [(identifier) (as_expression) (arrow_function) (function_expression)
                              (parenthesized_expression [(arrow_function) (function_expression)])])
            (satisfies_expression . [(identifier) (as_expression) (arrow_function) (function_expression)
                                     (parenthesized_expression [(arrow_function) (function_expression)])])
            (parenthesized_expression [(arrow_function) (function_expression)])])) @definition.function
; A type alias is a type (`type StateCreator<T> = ...`), as an interface is.
(type_alias_declaration name: (type_identifier) @name) @definition.class
; An object literal's methods are its variable's: hono's `export const websocket = { open(ws) {...} }` is
; `websocket.open`, as `websocket.open(ws)` calls it.
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
; A function assigned to a property is a definition (as in javascript.scm): ky's `ky.extend = (...) => ...` in
; createInstance is a method of `ky`, `Reply.prototype.send = function` one of Reply, `exports.f = ` a function f.
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

; Calls: `f()`, `f<T>()`, `obj.method()`, `obj?.method()`, `new X()` and `new ns.X<T>()` (a call of X).
; A decorator named alone (`@observable x = 1`, `@action method() {}`) applies it (mobx's 200 were no uses); one called
; (`@action("name")`) is a call, above.
(decorator (identifier) @name) @reference.decorate
((call_expression function: (identifier) @name) @reference.call (#not-eq? @name "require"))
(call_expression function: (member_expression object: (_) @receiver property: [(property_identifier) (private_property_identifier)] @name)) @reference.call
(new_expression constructor: (identifier) @name) @reference.call
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
; `await f<T>(x)`, which the grammar reads as `(await f)<T>(x)` (hono's `await parseBody<Record<string, string>>(req)`).
(call_expression function: (await_expression (identifier) @name) type_arguments: (_)) @reference.call
(call_expression
  function: (await_expression (member_expression object: (_) @receiver property: [(property_identifier) (private_property_identifier)] @name))
  type_arguments: (_)) @reference.call

; Inheritance: `class A extends B<T> implements I, ns.J<T>`, `interface I extends J, ns.K<T>`.
(extends_clause (identifier) @name) @reference.inherit
(extends_clause (member_expression object: (_) @receiver property: (property_identifier) @name)) @reference.inherit
(implements_clause [(type_identifier) @name
                    (nested_type_identifier name: (type_identifier) @name)
                    (generic_type name: (type_identifier) @name)
                    (generic_type name: (nested_type_identifier name: (type_identifier) @name))] @reference.inherit)
(extends_type_clause [(type_identifier) @name
                      (nested_type_identifier name: (type_identifier) @name)
                      (generic_type name: (type_identifier) @name)
                      (generic_type name: (nested_type_identifier name: (type_identifier) @name))] @reference.inherit)

; Imports: one reference per imported binding (`import d, { a, b as c } from "m"` -> d, a, b;
; `import * as ns from "m"` -> ns), a bare `import "m"`, `import x = require("m")`, re-exports,
; `require("m")` and `import("m")`.
(import_statement (import_clause (identifier) @name) source: (string) @module) @reference.import
(import_statement (import_clause (namespace_import (identifier) @name)) source: (string) @module) @reference.import
(import_statement
  (import_clause (named_imports (import_specifier name: (identifier) @name)))
  source: (string) @module) @reference.import
(import_statement . (string) @module) @reference.import
(import_statement (import_require_clause (identifier) @name source: (string) @module)) @reference.import
(export_statement (export_clause (export_specifier name: (identifier) @name)) source: (string) @module) @reference.import
; A local export under another name (hono's `export { Hono as HonoBase }`, no `from`): a name other files import,
; which is the definition it aliases (js_graph.py).
(export_statement (export_clause (export_specifier name: (identifier) @name alias: (_))) !source) @reference.import
; A default export (`export default function isRawNetworkError`, `export default Router`): what `import x from`
; binds, whatever x is called.
(export_statement "default" declaration: [(function_declaration name: (identifier) @name)
                                          (class_declaration name: (type_identifier) @name)]) @reference.import
(export_statement "default" value: (identifier) @name) @reference.import
(export_statement "*" source: (string) @module) @reference.import
(export_statement (namespace_export (identifier) @name) source: (string) @module) @reference.import
(call_expression
  function: (identifier) @_function
  arguments: (arguments . (string) @module)
  (#eq? @_function "require")) @reference.import
(call_expression function: (import) arguments: (arguments . (string) @module)) @reference.import

; Types named in annotations (parameters, returns, variables, fields): USES; and inside them, as a generic's
; name or argument, in a union, intersection or array (`reducer: Reducer<S, A>`, `Store<S> | undefined`).
(type_annotation (type_identifier) @name) @reference.type
(type_parameter name: (type_identifier) @name) @reference.type_parameter
(type_annotation (generic_type name: (type_identifier) @name)) @reference.type
(type_arguments (type_identifier) @name) @reference.type
(type_arguments (generic_type name: (type_identifier) @name)) @reference.type
(union_type (type_identifier) @name) @reference.type
(union_type (generic_type name: (type_identifier) @name)) @reference.type
(intersection_type (type_identifier) @name) @reference.type
(intersection_type (generic_type name: (type_identifier) @name)) @reference.type
(array_type (type_identifier) @name) @reference.type
(array_type (generic_type name: (type_identifier) @name)) @reference.type

; Not edges: what a variable is known to hold, so that `x.m()` resolves only when `x` is known
; (receivers.py): a declared type, `new X()`, `require("./m")`; anything else is unknown.
; One pattern per parameter or variable, typed or not (a bind_type without @module is unknown).
(required_parameter pattern: (identifier) @name type: (type_annotation (_) @module)?) @reference.bind_type
(optional_parameter pattern: (identifier) @name type: (type_annotation (_) @module)?) @reference.bind_type
(variable_declarator name: (identifier) @name value: (new_expression constructor: [(identifier) (member_expression)] @module)) @reference.bind_type
; `const request = firstRequest ?? new Request(..)` (got's): what `new` makes (the other side is a value passed in)
(variable_declarator name: (identifier) @name
  value: (binary_expression operator: ["??" "||"] right: (new_expression constructor: [(identifier) (member_expression)] @module))) @reference.bind_type
(variable_declarator name: (identifier) @name type: (type_annotation (_) @module)?) @reference.bind_type
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name type: (type_annotation [(type_identifier) (nested_type_identifier) (generic_type)] @module)) @reference.bind_type
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name value: (new_expression constructor: [(identifier) (member_expression)] @module)) @reference.bind_type
