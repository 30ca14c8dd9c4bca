; Functions: `(defn f "doc" [x] ...)`, `(defn- f [x] ...)`, multi-arity `(defn f ([x] ...) ([x y] ...))`,
; `defmacro`, `defmulti`, `defmethod`; the header runs to the parameter vector, the doc is the string.
((list_lit . (sym_lit) @_define . (sym_lit) @name . (str_lit) @doc . (vec_lit) @signature) @definition.function
  (#match? @_define "^(defn|defn-|defmacro)$"))
((list_lit . (sym_lit) @_define . (sym_lit) @name . (vec_lit) @signature) @definition.function
  (#match? @_define "^(defn|defn-|defmacro)$"))
((list_lit . (sym_lit) @_define . (sym_lit) @name @signature) @definition.function
  (#match? @_define "^(defn|defn-|defmacro|defmulti|defmethod)$"))
((list_lit . (sym_lit) @_define . (sym_lit) @name . (str_lit) @doc) @definition.function
  (#match? @_define "^(defn|defn-|defmacro|defmulti)$"))

; Types: `defprotocol`, `defrecord`, `deftype`, `definterface`; their method bodies are methods.
((list_lit . (sym_lit) @_define . (sym_lit) @name @signature) @definition.class
  (#match? @_define "^(defprotocol|defrecord|deftype|definterface)$"))
((list_lit . (sym_lit) @_define . (sym_lit) @name . (vec_lit) @signature) @definition.class
  (#match? @_define "^(defrecord|deftype)$"))
((list_lit . (sym_lit) @_define (list_lit . (sym_lit) @name . (vec_lit) @signature) @definition.function)
  (#match? @_define "^(defprotocol|defrecord|deftype|definterface|extend-type|extend-protocol|reify)$"))
; What a record or type implements: `(defrecord Circle [r] Shape (area [_] ...))`.
((list_lit . (sym_lit) @_define . (sym_lit) . (vec_lit) (sym_lit) @name @reference.inherit)
  (#match? @_define "^(defrecord|deftype)$"))

; Calls: `(f x)`, `(str/join xs)`; definitions, special forms and the namespace form are not calls.
((list_lit . (sym_lit (sym_name) @name)) @reference.call
  (#not-match? @name "^(ns|def|defn|defn-|defmacro|defmulti|defmethod|defprotocol|defrecord|deftype|definterface|defonce|extend-type|extend-protocol|reify|fn|let|letfn|if|if-not|when|when-not|when-let|if-let|cond|condp|case|do|loop|recur|try|catch|finally|throw|quote|var|binding|require|import)$"))

; Imports: `(:require [a.b :as b] c.d)` and `(:use ...)` in `ns`, `(:import (java.util Date))`, `(require '[a.b])`.
((list_lit . (kwd_lit) @_require (vec_lit . (sym_lit) @module)) @reference.import
  (#match? @_require "^:(require|use)$"))
((list_lit . (kwd_lit) @_require (sym_lit) @module) @reference.import
  (#match? @_require "^:(require|use|import)$"))
((list_lit . (kwd_lit) @_import (list_lit . (sym_lit) @module (sym_lit) @name)) @reference.import
  (#eq? @_import ":import"))
((list_lit . (sym_lit) @_require (quoting_lit (vec_lit . (sym_lit) @module))) @reference.import
  (#match? @_require "^(require|use)$"))
