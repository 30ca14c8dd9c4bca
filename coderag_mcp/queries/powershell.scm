; Functions and filters, classes and their methods.
(function_statement (function_name) @name) @definition.function
(class_statement . (simple_name) @name) @definition.class
(class_method_definition (simple_name) @name) @definition.function
(enum_statement . (simple_name) @name) @definition.class

; Inheritance: `class Circle : Shape, IComparable`.
(class_statement . (simple_name) . (simple_name) @name) @reference.inherit

; Calls: commands (`Get-Square $r`), methods (`$obj.Area()`, `[Math]::Sqrt(2)`); loading modules is an import.
((command command_name: (command_name) @name) @reference.call
  (#not-match? @name "^(Import-Module|using|ipmo)$"))
(invokation_expression (member_name (simple_name) @name)) @reference.call

; Imports: `Import-Module Foo`, `using module .\Foo.psm1`, dot-sourcing `. .\helpers.ps1`.
((command command_name: (command_name) @_import
   command_elements: (command_elements (generic_token) @module)) @reference.import
  (#match? @_import "^(Import-Module|ipmo)$"))
((command command_name: (command_name) @_using
   command_elements: (command_elements (generic_token) @_module . (command_argument_sep) . (generic_token) @module)) @reference.import
  (#eq? @_using "using")
  (#eq? @_module "module"))
((command (command_invokation_operator) @_dot command_name: (command_name_expr (command_name) @module)) @reference.import
  (#eq? @_dot "."))
