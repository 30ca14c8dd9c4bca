; Variables and constants of a file, class, mixin or extension (`const version = '1.0';`, each of `final a = 1, b
; = 2;`, `static const int maxRetries = 3;`, `late final Map<String, String> headers = {};`) and an enum's values:
; definitions that own no lines and no references. Read in each such declaration outside functions (languages.py:
; variable_statements, variable_scopes); not a constructor's or method's declaration.
[(static_final_declaration . (identifier) @name) (initialized_identifier . (identifier) @name)] @definition.variable
(enum_constant name: (identifier) @name) @definition.variable
