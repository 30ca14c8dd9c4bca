; Functions: each equation of `f x = ...` is a definition (its signature line joins it, see languages.py).
(function name: (variable) @name patterns: (patterns) @signature) @definition.function
(function name: (variable) @name !patterns) @definition.function
(bind name: (variable) @name) @definition.function

; Types: `data`, `newtype`, `type` synonyms, type classes (with their method signatures).
(data_type name: (name) @name) @definition.class
(newtype name: (name) @name) @definition.class
(type_synomym name: (name) @name) @definition.class
(class name: (name) @name) @definition.class
(class_declarations (signature name: (variable) @name) @definition.function)

; `instance Shape Circle where ...`: its methods are Circle's, and Circle implements Shape.
(instance patterns: (type_patterns . (name) @name)) @scope
(instance name: (name) @name) @reference.inherit
(deriving classes: (name) @name) @reference.inherit
(deriving classes: (tuple (name) @name)) @reference.inherit

; A haddock comment (`-- |`) is the doc of what follows.
(haddock) @doc

; Calls: `f x`, `M.f x`.
(apply function: (variable) @name) @reference.call
(apply function: (qualified id: (variable) @name)) @reference.call

; Imports: `import Data.Map`, `import qualified Data.Map as M`, `import A (f, g)`.
(import module: (module) @module !names) @reference.import
(import module: (module) @module names: (import_list (import_name [(variable) (name)] @name))) @reference.import
