; Functions, macros, generic functions and methods: `(defun f (x) "doc" ...)`; the header runs to the lambda list.
(list_lit (defun (defun_header function_name: (_) @name lambda_list: (list_lit) @signature))) @definition.function
(list_lit (defun (defun_header function_name: (_) @name lambda_list: (list_lit)) . value: (str_lit) @doc)) @definition.function

; Classes, structures and conditions: `(defclass circle (shape) (slots) (:documentation "..."))`.
((list_lit . (sym_lit) @_define . (sym_lit) @name @signature) @definition.class
  (#match? @_define "^(defclass|defstruct|define-condition|DEFCLASS|DEFSTRUCT)$"))
((list_lit . (sym_lit) @_define . (sym_lit) @name . (list_lit) @signature) @definition.class
  (#match? @_define "^(defclass|define-condition|DEFCLASS)$"))
((list_lit . (sym_lit) @_define . (list_lit . (sym_lit) @name) @signature) @definition.class
  (#match? @_define "^(defstruct|DEFSTRUCT)$"))
((list_lit . (sym_lit) @_define . (sym_lit) @name (list_lit . (kwd_lit) @_documentation . (str_lit) @doc)) @definition.class
  (#match? @_define "^(defclass|define-condition|DEFCLASS)$")
  (#match? @_documentation "^:(documentation|DOCUMENTATION)$"))
((list_lit . (sym_lit) @_define . (sym_lit) . (list_lit (sym_lit) @name)) @reference.inherit
  (#match? @_define "^(defclass|define-condition|DEFCLASS)$"))

; Calls: `(f x)`, `(pkg:f x)`, and `#'f` passed as a function; special forms are not calls.
((list_lit . (sym_lit) @name) @reference.call
  (#not-match? @name "^(defclass|defstruct|define-condition|defpackage|in-package|defvar|defparameter|defconstant|let|let\\*|flet|labels|lambda|if|when|unless|cond|case|progn|loop|do|dolist|dotimes|setf|setq|quote|function|return|return-from|block|declare|the|multiple-value-bind|destructuring-bind|handler-case|unwind-protect|require|DEFCLASS|DEFSTRUCT|DEFPACKAGE|IN-PACKAGE|LET|IF|WHEN|UNLESS|COND|PROGN|LOOP|SETF|LAMBDA)$"))
(var_quoting_lit value: (sym_lit) @name) @reference.call

; Imports: `(:use :cl :alexandria)` and `(:import-from :pkg #:sym)` in `defpackage`, `(require :x)`, `(ql:quickload :x)`.
((list_lit . (kwd_lit) @_use (kwd_lit (kwd_symbol) @module)) @reference.import
  (#match? @_use "^:(use|USE)$"))
((list_lit . (kwd_lit) @_use . (kwd_lit (kwd_symbol) @module) (_ (kwd_symbol) @name)) @reference.import
  (#match? @_use "^:(import-from|IMPORT-FROM)$"))
((list_lit . (sym_lit) @_require . (kwd_lit (kwd_symbol) @module)) @reference.import
  (#match? @_require "^(require|ql:quickload|asdf:load-system)$"))
