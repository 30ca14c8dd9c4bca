; Elixir has no definition syntax: `defmodule`, `def` and the rest are calls of macros.

; Modules, protocols and their implementations: `defmodule A.B do ... end`; `@moduledoc` is the doc.
((call
   target: (identifier) @_keyword
   (arguments . (alias) @name)
   (do_block
     . (unary_operator
         operand: (call target: (identifier) @_moduledoc (arguments . (string (quoted_content) @doc)))))) @definition.class
  (#match? @_keyword "^(defmodule|defprotocol|defimpl)$")
  (#eq? @_moduledoc "moduledoc"))
((call target: (identifier) @_keyword (arguments . (alias) @name) @signature) @definition.class
  (#match? @_keyword "^(defmodule|defprotocol|defimpl)$"))

; Functions and macros: `def f(x)`, `def f(x) when guard`, `def f`, `defp`, `defmacro`, `defguard`.
((call
   target: (identifier) @_keyword
   (arguments . [(call target: (identifier) @name)
                 (binary_operator left: (call target: (identifier) @name) operator: "when")
                 (identifier) @name] @signature)) @definition.function
  (#match? @_keyword "^(def|defp|defmacro|defmacrop|defguard|defguardp|defdelegate|defn|defnp)$"))

; `@doc "..."` documents the definition below it (after any `@spec`).
((unary_operator
   operand: (call target: (identifier) @_doc (arguments . (string (quoted_content) @doc))))
  (#eq? @_doc "doc"))

; Calls: `f(x)`, `Mod.f(x)`, `:erlang_mod.f()`; definitions, imports and control-flow macros are not calls.
((call target: (identifier) @name) @reference.call
  (#not-match? @name "^(def|defp|defmodule|defprotocol|defimpl|defmacro|defmacrop|defguard|defguardp|defdelegate|defstruct|defexception|defoverridable|defn|defnp|alias|import|require|use|if|unless|case|cond|with|for|fn|quote|unquote|unquote_splicing|receive|try|doc|moduledoc|spec|type|typep|opaque|callback|impl|behaviour)$"))
(call target: (dot right: (identifier) @name)) @reference.call

; Imports: `alias A.B`, `import A`, `require Logger` (and the modules of `alias A.{B, C}`).
((call target: (identifier) @_keyword (arguments . (alias) @module)) @reference.import
  (#match? @_keyword "^(alias|import|require)$"))
((call target: (identifier) @_keyword
   (arguments . (dot left: (alias) @module right: (tuple (alias) @name)))) @reference.import
  (#eq? @_keyword "alias"))

; Inheritance: `use GenServer` brings in its code, `@behaviour Mod` promises its callbacks.
((call target: (identifier) @_keyword (arguments . (alias) @name)) @reference.inherit
  (#eq? @_keyword "use"))
((unary_operator operand: (call target: (identifier) @_keyword (arguments . (alias) @name))) @reference.inherit
  (#eq? @_keyword "behaviour"))

; Types in specs: `@spec area(t()) :: Shapes.Circle.t()` uses Shapes.Circle.
((unary_operator operand: (call target: (identifier) @_spec
   (arguments (binary_operator right: (call target: (dot left: (alias) @name)))))) @reference.type
  (#match? @_spec "^(spec|callback)$"))
