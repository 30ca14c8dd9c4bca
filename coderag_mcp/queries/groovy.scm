; The pack's Groovy grammar does not know declarations: a file is commands made of units (words,
; calls) and blocks. A class is `class Name ... { }`; a method is a word (a type or `def`) followed
; by a block that opens with `name(args)`.
((command . (unit (identifier) @_keyword) . (unit (identifier) @name)) @definition.class
  (#match? @_keyword "^(class|interface|trait|enum)$"))
((command (unit (identifier) @_type) . (block . (unit . (func (identifier) @name (arg_block)) @signature))) @definition.function
  (#not-match? @_type "^(class|interface|trait|enum|new|return|if|else|for|while|switch|try|catch)$"))

; Inheritance: `class Circle extends Shape implements Named`.
; The grammar puts the last name before `{` inside the block.
((command (unit (identifier) @_extends) . [(unit (identifier) @name .)
                                           (block . (unit [(identifier) @name (generics_class . (identifier) @name)]))]) @reference.inherit
  (#match? @_extends "^(extends|implements)$"))

; Annotations: `@CompileStatic`.
(decorate (identifier) @name) @reference.decorate

; Calls: `f(x)`, `obj.m(x)`.
(func (identifier) @name) @reference.call

; Imports: `import a.b.C`, `import static a.b.C.m`.
((command . (unit (identifier) @_import) (unit) @module .) @reference.import
  (#eq? @_import "import"))
