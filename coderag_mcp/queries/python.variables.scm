; Variables and constants of a module or class (`TIMEOUT = 30`, `name: str`), also under the module's
; if/try/with/for blocks: definitions that own no lines and no references. Read in each statement that
; languages.py's variable_statements and variable_scopes lead to, never in a function; in `a = b = 1`, `a`.
(assignment left: (identifier) @name) @definition.variable
