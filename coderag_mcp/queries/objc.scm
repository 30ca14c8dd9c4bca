; Objective-C: `@interface` declares a class (or a category, `@interface Circle (Drawing)`), and
; `@protocol` an interface; `@implementation` only qualifies the methods it defines (a scope, as
; Rust's impl), so `find_symbol Circle` finds the one declaration.
(class_interface . (identifier) @name !category) @definition.class
(protocol_declaration . (identifier) @name) @definition.class
(class_interface . (identifier) @name category: (_)) @scope
(class_implementation . (identifier) @name) @scope

; Methods: the name is the selector's first part (`circleWithRadius:` is `circleWithRadius`).
(method_declaration (identifier) @name) @definition.function
(method_definition (identifier) @name) @definition.function

; C: structs, enums, functions.
(struct_specifier name: (type_identifier) @name body: (_)) @definition.class
(enum_specifier name: (type_identifier) @name body: (_)) @definition.class
(type_definition
  type: [(struct_specifier !name body: (_)) (enum_specifier !name body: (_))] @definition.class
  declarator: (type_identifier) @name)
(function_definition
  declarator: [
      (function_declarator declarator: (identifier) @name)
      (_ (function_declarator declarator: (identifier) @name))
    ]) @definition.function

; Messages `[receiver selector:arg]` and C calls; `[Circle alloc]` also names the class.
(message_expression method: (identifier) @name) @reference.call
(call_expression function: (identifier) @name) @reference.call

; The superclass and the adopted protocols.
(class_interface superclass: (identifier) @name) @reference.inherit
(class_interface (parameterized_arguments (type_name (type_identifier) @name))) @reference.inherit
(protocol_declaration (protocol_reference_list (identifier) @name)) @reference.inherit

; `#import "Shape.h"` keeps the file as its name, `#import <Foundation/Foundation.h>` too;
; `@import Foundation;` is a module import.
(preproc_include path: (string_literal (string_content) @module)) @reference.import
(preproc_include path: (system_lib_string) @module) @reference.import
(module_import path: (_) @module) @reference.import

; Types of method parameters and results, and of variables.
((method_type (type_name (type_identifier) @name)) @reference.type (#not-match? @name "^(instancetype|id)$"))
(declaration type: (type_identifier) @name) @reference.type
