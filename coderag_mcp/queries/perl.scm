; Subroutines, and packages written as a block (`package Foo { ... }`); a `package Foo;` line scopes
; the file without a node around the subs, so their names stay unqualified.
(subroutine_declaration_statement name: (bareword) @name) @definition.function
(package_statement name: (package) @name (block)) @definition.class

; Calls: `f(...)`, `Mod::f(...)`, `$obj->m(...)`, `Class->new`.
(function_call_expression function: (function) @name) @reference.call
(ambiguous_function_call_expression function: (function) @name) @reference.call
(method_call_expression method: (method) @name) @reference.call

; Imports: `use List::Util qw(sum)`, `require Data::Dumper`; pragmas are not imports.
((use_statement module: (package) @module !version) @reference.import
  (#not-match? @module "^(strict|warnings|utf8|feature|parent|base|lib|constant|vars|integer|overload|v?[0-9.]+)$"))
(require_expression (bareword) @module) @reference.import

; Inheritance: `use parent 'Base'`, `use parent -norequire, 'Base'`, `use base qw(A B)`.
((use_statement module: (package) @_parent (string_literal (string_content) @name)) @reference.inherit
  (#match? @_parent "^(parent|base)$"))
((use_statement module: (package) @_parent (list_expression (string_literal (string_content) @name))) @reference.inherit
  (#match? @_parent "^(parent|base)$"))
((use_statement module: (package) @_parent (quoted_word_list (string_content) @name)) @reference.inherit
  (#match? @_parent "^(parent|base)$"))
