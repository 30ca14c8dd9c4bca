; Functions: `f() { ... }`, `function f { ... }`, `function f() { ... }`.
(function_definition name: (word) @name) @definition.function

; Calls: a command's name, the project's functions and the programs it runs; shell builtins and
; `source` (an import) are left out.
((command name: (command_name (word) @name)) @reference.call
  (#not-match? @name "^(\\.|:|source|echo|printf|read|set|unset|shift|export|local|declare|typeset|readonly|return|exit|break|continue|cd|pwd|pushd|popd|test|\\[|\\[\\[|true|false|eval|exec|trap|wait|let|getopts|command|builtin|type|hash|alias|unalias)$"))

; Imports: `source lib.sh` and `. lib.sh` (the first argument).
((command
   name: (command_name (word) @_source)
   .
   argument: [(word) (string) (raw_string) (concatenation)] @module) @reference.import
  (#match? @_source "^(source|\\.)$"))
