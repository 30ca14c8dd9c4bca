(class_definition name: (identifier) @name) @definition.class
(function_definition name: (identifier) @name) @definition.function

(call function: (identifier) @name) @reference.call
(call function: (attribute attribute: (identifier) @name)) @reference.call
(class_definition superclasses: (argument_list (identifier) @name) @reference.inherit)
(class_definition superclasses: (argument_list (attribute attribute: (identifier) @name) @reference.inherit))
(decorator (identifier) @name) @reference.decorate
(decorator (attribute attribute: (identifier) @name)) @reference.decorate
(decorator (call function: (identifier) @name)) @reference.decorate
(decorator (call function: (attribute attribute: (identifier) @name))) @reference.decorate
(import_statement name: (dotted_name) @module) @reference.import
(import_statement name: (aliased_import name: (dotted_name) @module)) @reference.import
(import_from_statement module_name: (_) @module name: (dotted_name) @name) @reference.import
(import_from_statement module_name: (_) @module name: (aliased_import name: (dotted_name) @name)) @reference.import
