; Racket and Scheme. Functions: `(define (f x) ...)`, `(define f (lambda (x) ...))`, `(define-syntax-rule (m x) ...)`.
((list . (symbol) @_define . (list . (symbol) @name) @signature) @definition.function
  (#match? @_define "^(define|define/contract|define/public|define/private|define/override|define-syntax-rule|define-inline)$"))
((list . (symbol) @_define . (symbol) @name . (list . (symbol) @_lambda . (list) @signature)) @definition.function
  (#eq? @_define "define")
  (#match? @_lambda "^(lambda|λ|case-lambda)$"))

; Types: `(struct circle (radius))`, `(define-record-type point ...)`, `(define circle% (class shape% ...))`.
((list . (symbol) @_define . (symbol) @name @signature) @definition.class
  (#match? @_define "^(struct|define-struct|define-record-type)$"))
((list . (symbol) @_define . (symbol) @name . (symbol)? . (list) @signature) @definition.class
  (#match? @_define "^(struct|define-struct)$"))
((list . (symbol) @_define . (symbol) @name @signature . (list . (symbol) @_class)) @definition.class
  (#eq? @_define "define")
  (#match? @_class "^class\\*?$"))
((list . (symbol) @_define . (symbol) @name . (symbol) @_parent) @reference.inherit
  (#match? @_define "^(struct|define-struct)$"))
((list . (symbol) @_class . (symbol) @name) @reference.inherit
  (#match? @_class "^class\\*?$"))

; Calls: `(f x)`; definitions and special forms are not calls.
((list . (symbol) @name) @reference.call
  (#not-match? @name "^(define|define/contract|define/public|define/private|define/override|define-syntax-rule|define-syntax|define-values|define-record-type|define-struct|struct|class|class\\*|lambda|λ|case-lambda|let|let\\*|letrec|let-values|if|when|unless|cond|case|match|begin|set!|quote|quasiquote|and|or|require|provide|module|module\\+|for|for/list|for/fold|with-handlers|parameterize|else)$"))

; Imports: `(require racket/list "util.rkt" (only-in x y))`, Scheme's `(import (scheme base))`.
((list . (symbol) @_require [(symbol) (string)] @module) @reference.import
  (#eq? @_require "require"))
((list . (symbol) @_require (list . (symbol) @_only . [(symbol) (string)] @module)) @reference.import
  (#eq? @_require "require")
  (#match? @_only "^(only-in|prefix-in|rename-in|except-in|for-syntax)$"))
((list . (symbol) @_import (list) @module) @reference.import
  (#eq? @_import "import"))
