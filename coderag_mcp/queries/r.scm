; Functions: `f <- function(x) ...`, `f = function(x) ...`, `f <<- function(x) ...`.
(binary_operator lhs: (identifier) @name operator: ["<-" "=" "<<-"]
  rhs: (function_definition parameters: (parameters) @signature)) @definition.function
; Methods of a list or environment: `obj$f <- function(x) ...`.
(binary_operator lhs: (extract_operator lhs: (identifier) @context rhs: (identifier) @name) operator: ["<-" "="]
  rhs: (function_definition parameters: (parameters) @signature)) @definition.method

; S4 and R6 classes and generics: `setClass("Circle", ...)`, `Circle <- R6Class("Circle", ...)`, `setGeneric("area", ...)`.
((call function: (identifier) @_define arguments: (arguments . (argument value: (string (string_content) @name)))) @definition.class
  (#match? @_define "^(setClass|setRefClass|R6Class)$"))
((call function: (identifier) @_define arguments: (arguments . (argument value: (string (string_content) @name)))) @definition.function
  (#match? @_define "^(setGeneric|setMethod)$"))

; Calls: `f(x)`, `pkg::f(x)`, `obj$f(x)`; loading a package or a file is an import.
((call function: (identifier) @name) @reference.call
  (#not-match? @name "^(library|require|requireNamespace|source|setClass|setRefClass|setGeneric|setMethod|function)$"))
(call function: (namespace_operator rhs: (identifier) @name)) @reference.call
(call function: (extract_operator rhs: (identifier) @name)) @reference.call

; Imports: `library(dplyr)`, `require("x")`, `source("helpers.R")`, and `pkg::f` names the package it uses.
((call function: (identifier) @_load arguments: (arguments . (argument value: (identifier) @module))) @reference.import
  (#match? @_load "^(library|require|requireNamespace)$"))
((call function: (identifier) @_load arguments: (arguments . (argument value: (string (string_content) @module)))) @reference.import
  (#match? @_load "^(library|require|requireNamespace|source|sys.source)$"))

; Inheritance: `setClass("Circle", contains = "Shape")`, `R6Class("Circle", inherit = Shape)`.
((call function: (identifier) @_define
   arguments: (arguments (argument name: (identifier) @_key value: [(string (string_content) @name) (identifier) @name]))) @reference.inherit
  (#match? @_define "^(setClass|setRefClass|R6Class)$")
  (#match? @_key "^(contains|inherit)$"))
