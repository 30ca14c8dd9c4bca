; What JavaScript and TypeScript variables hold, read alike in both: appended to javascript.scm and typescript.scm,
; after each one's own bindings (LanguageSpec.shared_query_files).
; `export default { forEach, merge }`: an object literal named "default", whose properties an import of it calls
; (axios's `utils.forEach(..)` after `import utils from "./utils.js"`: js_literals.py)
(export_statement "default" @name value: (object)) @reference.bind_unknown
; `const store = createStore()`, `const group = app.group()`: what the call returns (the link reads the function's
; declared return type, else what its `return` statements return: receivers.py, js_graph.py).
((variable_declarator
   name: (identifier) @name
   value: (call_expression
            function: [(identifier) (member_expression object: (identifier) property: (property_identifier))] @module))
  (#not-eq? @module "require")) @reference.bind_call
; What a function returns: each `return` of a value, an arrow's expression body (receivers.py types the value).
(return_statement "return" @name (_)) @reference.bind_return
(arrow_function "=>" @name body: [(new_expression) (call_expression) (identifier) (this) (parenthesized_expression)]) @reference.bind_return
(variable_declarator
  name: (identifier) @name
  value: (call_expression function: (identifier) @_require arguments: (arguments . (string) @module))
  (#eq? @_require "require")) @reference.bind_unknown
; `const { a, b } = ns`: each name what ns holds, when that is a module (`const ns = require("./m")`), else the
; member of its name of what the value is (`= new Immer()`, `= createImmer()`, `= this`: receiver_bindings.py)
(variable_declarator name: (object_pattern (shorthand_property_identifier_pattern) @name) value: (identifier) @module) @reference.bind_unknown
(variable_declarator name: (object_pattern (shorthand_property_identifier_pattern) @name)
  value: [(new_expression) (call_expression) (this) (member_expression)]) @reference.bind_unknown
(assignment_expression left: (member_expression object: (this) property: [(property_identifier) (private_property_identifier)]) @name right: (new_expression constructor: [(identifier) (member_expression)] @module)) @reference.bind_type
(for_in_statement left: (identifier) @name) @reference.bind_unknown
