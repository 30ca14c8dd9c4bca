; Verilog and SystemVerilog (one grammar): modules, interfaces, programs, packages and classes
; are classes; functions and tasks are functions (methods inside a class or module).
(module_declaration (module_header (simple_identifier) @name)) @definition.class
(interface_declaration (interface_ansi_header (interface_identifier (simple_identifier) @name))) @definition.class
(interface_declaration (interface_nonansi_header (interface_identifier (simple_identifier) @name))) @definition.class
(program_declaration (program_ansi_header (program_identifier (simple_identifier) @name))) @definition.class
(program_declaration (program_nonansi_header (program_identifier (simple_identifier) @name))) @definition.class
(package_declaration (package_identifier (simple_identifier) @name)) @definition.class
(class_declaration . (class_identifier (simple_identifier) @name)) @definition.class
(function_declaration (function_body_declaration (function_identifier (function_identifier (simple_identifier) @name)))) @definition.function
(task_declaration (task_body_declaration (task_identifier (task_identifier (simple_identifier) @name)))) @definition.function

; A module instance is the hardware's call (`counter u_counter (...)`); function calls; a task
; called as a statement, which the grammar reads as a checker instance.
(module_instantiation . (simple_identifier) @name) @reference.call
(tf_call . (simple_identifier) @name) @reference.call
(checker_instantiation (checker_identifier (simple_identifier) @name)) @reference.call

(class_declaration (class_type (class_identifier (simple_identifier) @name))) @reference.inherit

; `include "defs.vh"`, `import pkg::*;`
(include_compiler_directive (double_quoted_string) @module) @reference.import
(package_import_item (package_identifier (simple_identifier) @module)) @reference.import
