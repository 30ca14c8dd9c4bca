; Contracts, interfaces and libraries are classes, as are structs, enums and events (an event is
; a type of log record); functions, modifiers and constructors are methods of their contract.
(contract_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.class
(library_declaration name: (identifier) @name) @definition.class
(struct_declaration name: (identifier) @name) @definition.class
(enum_declaration name: (identifier) @name) @definition.class
(event_definition name: (identifier) @name) @definition.class
(error_declaration name: (identifier) @name) @definition.class
(function_definition name: (identifier) @name) @definition.function
(modifier_definition name: (identifier) @name) @definition.function
(constructor_definition "constructor" @name) @definition.function

; Calls: `f(x)`, `token.transferFrom(...)`, `new Vault()`; `emit Deposited(...)`; a modifier
; applied to a function.
(call_expression function: (expression (identifier) @name)) @reference.call
(call_expression function: (expression (member_expression property: (identifier) @name))) @reference.call
(call_expression function: (expression (new_expression name: (type_name (user_defined_type (identifier) @name))))) @reference.call
(emit_statement name: (expression (identifier) @name)) @reference.call
(modifier_invocation (identifier) @name) @reference.decorate

(inheritance_specifier ancestor: (user_defined_type (identifier) @name)) @reference.inherit

; `import "./IERC20.sol";` and `import {Ownable} from "...";`
(import_directive import_name: (identifier) @name source: (string) @module) @reference.import
(import_directive . source: (string) @module) @reference.import

(parameter type: (type_name (user_defined_type (identifier) @name))) @reference.type
(state_variable_declaration type: (type_name (user_defined_type (identifier) @name))) @reference.type
(struct_member type: (type_name (user_defined_type (identifier) @name))) @reference.type
(variable_declaration type: (type_name (user_defined_type (identifier) @name))) @reference.type
