; Constants and variables of a C or C++ file or namespace: object-like macros (`#define MAX_LEN 256`), enum
; constants (`RED` of `enum color { RED }`, named after their enum: `color.RED`) and file-scope variables (each
; declarator of `static int a = 1, *b;`; not an `extern` declaration, which defines nothing): definitions that
; own no lines and no references. Read in each such item outside functions, also under `#ifdef` and in a
; `typedef enum`; a struct's or class's fields are none (languages.py: variable_statements, variable_scopes).
(preproc_def name: (identifier) @name) @definition.variable
(enumerator name: (identifier) @name) @definition.variable
((declaration
   declarator: [
     (identifier) @name
     (pointer_declarator declarator: (identifier) @name)
     (array_declarator declarator: (identifier) @name)
     (init_declarator declarator: [
       (identifier) @name
       (pointer_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])
       (array_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name)])])
   ] @definition.variable) @_declaration
  (#not-match? @_declaration "^extern\\s"))
