; Constants and variables of a C or C++ file or namespace: object-like macros (`#define MAX_LEN 256`), enum
; constants (`RED` of `enum color { RED }`, named after their enum: `color.RED`) and file-scope variables (each
; declarator of `static int a = 1, *b;`, a function pointer `int (*handler)(int);`; not an `extern` declaration,
; which defines nothing, nor a function's prototype): definitions that
; own no lines and no references. Read in each such item outside functions, also under `#ifdef` and in a
; `typedef enum`. And a struct's, union's or C++ class's fields (`name` of `char name[16];`, `cb` of the function
; pointer `void (*cb)(int);`, each declarator of `int a, *b;`; not a member function's declaration, `int size();`,
; which is a method): read in the field list of each named type outside functions (languages.py:
; variable_statements, variable_scopes).
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
       (array_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name)])
       (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))])
     ; a pointer to a function, and one returning a pointer: redis's `void *(*RedisModule_Alloc)(size_t bytes);`
     ; (`char ** (*RedisModule_GetClusterNodesList)(..)`: a pointer to one)
     (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
     (pointer_declarator
       declarator: [
         (function_declarator
           declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
         (pointer_declarator
           declarator: (function_declarator
                         declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name))))])
   ] @definition.variable) @_declaration
  (#not-match? @_declaration "^extern\\s"))
; A pointer to a function whose result type is a name the file does not define, which tree-sitter-c reads as a call
; (`mstime_t (*RedisModule_GetExpire)(RedisModuleKey *key);`) or, returning a pointer, as a product
; (`RedisModuleDict * (*RedisModule_CreateDict)(RedisModuleCtx *ctx);`): 25 of redismodule.h's 362 API pointers.
; At a file's level no statement is an expression (languages.py walks no function's body).
(expression_statement
  [(call_expression
     function: (call_expression
                 function: (identifier)
                 arguments: (argument_list . (pointer_expression argument: (identifier) @name) .))
     arguments: (argument_list))
   (binary_expression
     left: (identifier)
     operator: "*"
     right: [(call_expression
               function: (parenthesized_expression (pointer_expression argument: (identifier) @name))
               arguments: (argument_list))
             (pointer_expression
               argument: (call_expression
                           function: (parenthesized_expression (pointer_expression argument: (identifier) @name))
                           arguments: (argument_list)))])] @definition.variable)
(field_declaration
  declarator: [
    (field_identifier) @name
    (pointer_declarator
      declarator: [(field_identifier) @name
                   (pointer_declarator declarator: [(field_identifier) @name (array_declarator declarator: (field_identifier) @name)])
                   (array_declarator declarator: (field_identifier) @name)
                   ; (a function pointer returning a pointer: `void *(*dup)(void *p);`)
                   (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name)))
                   (pointer_declarator
                     declarator: (function_declarator
                                   declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name))))])
    (array_declarator declarator: [(field_identifier) @name (array_declarator declarator: (field_identifier) @name)])
    (function_declarator
      declarator: (parenthesized_declarator
                    (pointer_declarator declarator: [(field_identifier) @name
                                                     (pointer_declarator declarator: (field_identifier) @name)
                                                     (array_declarator declarator: (field_identifier) @name)])))
  ] @definition.variable)
