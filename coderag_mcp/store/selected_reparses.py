"""The migrations that have the next update parse again only the files a statement selects: those a grammar failed
on somewhere (coderag_parse_errors), for a repair grammar_repairs.py applies to such files alone, or those holding a
definition or a reference a parser change reads differently (migrations 59 on; since 69 a whole language's files too;
the helpers and the earlier reparses are reparse_migrations.py's, Python's python_reparses.py's, the list of migrations
migrations.py's)."""

from __future__ import annotations

from .reparse_migrations import reparse, reparse_files


def reparse_failed_files(language: str, message: str) -> str:
    """SQL that has the next update parse again each file of `language` the grammar failed on."""
    assert "'" not in language
    return reparse_files(f"""SELECT e.project_id, e.file_path FROM coderag_parse_errors AS e
                              JOIN coderag_files AS f ON f.project_id = e.project_id AND f.file_path = e.file_path
                             WHERE f.language = '{language}'""", message)


def reparse_chunks_holding(language: str | tuple[str, ...], patterns: tuple[str, ...], message: str, *,
                           chunk_type: str | None = None) -> str:
    """SQL that has the next update parse again each file of `language` (or of one of several) with a chunk (of
    `chunk_type`, when given) whose text is LIKE a pattern."""
    languages = (language,) if isinstance(language, str) else language
    assert "'" not in "".join(languages) + "".join(patterns) + (chunk_type or "")
    held = " OR ".join(f"body LIKE '{pattern}'" for pattern in patterns)
    listed = ", ".join(f"'{each}'" for each in languages)
    kind = f" AND chunk_type = '{chunk_type}'" if chunk_type else ""
    return reparse_files(f"""SELECT DISTINCT project_id, file_path FROM code_chunks
                              WHERE language IN ({listed}){kind} AND ({held})""", message)


# tree-sitter-kotlin reads no binary literal of more than one digit (`0b0100_0000`): okhttp's DerHeader lost its four
# tag-class constants to the ERROR (grammar_repairs.kotlin_binary_literals).
REPARSE_KOTLIN_BINARY_LITERALS = reparse_failed_files("kotlin", "Kotlin binary literals are read by this version: "
                                                                "run update_index to parse the Kotlin files that "
                                                                "failed to parse again.")

# Ruby's `attr_writer :x` defines `x=` (as `def x=(value)` does), not `x`: rack's calls of its reader `def
# query_parser` were linked to the `attr_writer :query_parser` above it (definitions._definition_name).
REPARSE_RUBY_ATTR_WRITERS = reparse_files("""SELECT DISTINCT project_id, file_path FROM symbol_definitions
                                              WHERE language = 'ruby' AND signature LIKE 'attr_writer%'""",
                                          "Ruby attr_writer defines a setter in this version: run update_index to "
                                          "parse the Ruby files that hold one again.")

# C#'s and PHP's `new X(..)` was stored as a bare call of `X`, and reached a method named X: serilog's tests' `new
# Exception("..")` their helper `Some.Exception()`, `new LogEvent(..)` `Some.LogEvent()` (name_receivers.NEW).
REPARSE_OBJECT_CREATIONS = reparse_files("""SELECT DISTINCT project_id, file_path FROM code_chunks
                                             WHERE (file_path GLOB '*.cs' OR file_path GLOB '*.php')
                                               AND body LIKE '%new %'""",
                                         "C# and PHP object creations reach classes only in this version: run "
                                         "update_index to parse the files that hold one again.")

# A macro before a C++ union's constructor was kept (only classes' and structs' names were known to c_rewrites.py):
# fmt's `FMT_CONSTEXPR arg_ref(basic_string_view<Char> n) : name(n) {}` read its member initializer as a call of
# os.cc's `utf8_system_category.name`.
REPARSE_CPP_UNIONS = reparse_chunks_holding("cpp", ("%union %",),
                                            "C++ unions are read whole by this version, constructors too: run "
                                            "update_index to parse the C++ files that hold a union again.")

# A Swift closure handed to `withCheckedContinuation` and the like takes a library type (library_methods.
# SWIFT_CLOSURE_VALUES): Kingfisher's `continuation.resume()` reached its `SessionDataTask.resume()` by name.
REPARSE_SWIFT_CLOSURE_VALUES = reparse_chunks_holding(
    "swift", ("%withChecked%", "%withUnsafe%", "%TaskGroup%", "%withCString%"),
    "Swift closures handed a continuation or a buffer are read by this version: run update_index to parse the Swift "
    "files that hold one again.")

# A C# call on a receiver written in capitals is its class's member (`JsonConvert.SerializeObject(x)`:
# name_receivers.py): it was a call on a receiver nobody typed, and Newtonsoft.Json's 820 calls outside JsonConvert.cs
# reached nothing.
REPARSE_CSHARP_CLASS_RECEIVERS = reparse(("csharp",), "C# calls on a class written by name reach its members in this "
                                                      "version: run update_index to parse the C# files again.")

# tree-sitter-swift reads no freestanding macro without arguments but the literals it knows: `= #_sourceLocation` and
# `= #isolation` swallowed the rest of their file (grammar_repairs.swift_macro_expressions). Every Swift file: one
# such misreading recorded no parse error (swift-argument-parser's DefaultAsFlagEndToEndTests.swift lost a method).
# And an attribute naming a type is a use of it (`@Option var name`: swift-argument-parser's 463 were none); a value
# its declaration types is the receiver of that type (swift_declared_types.py).
REPARSE_SWIFT_MACROS_AND_ATTRIBUTES = reparse(("swift",), "Swift macros without arguments, attributes and declared "
                                                          "types are read by this version: run update_index to parse "
                                                          "the Swift files again.")

# A Go function literal's parameters and typed variables are its own, a `for .. range` loop's its loop's
# (receiver_bindings.go_closure_range): zap's tests hand `func(log *Logger, ..)` to one helper and `func(log
# *SugaredLogger, ..)` to the next, and each `log.Named(n)` reached both types' Named. `var x = &T{..}` / `var x =
# NewT()` tells what x holds (cobra's `var rootCmd = &Command{..}`: 69 calls reached nothing); a slice is typed by its
# elements, which its loops and index expressions hold (type_names.go_element: cobra's `for _, c := range
# cmd.Commands()`, 77). Every Go file.
REPARSE_GO_CLOSURES = reparse(("go",), "Go closures, loops, slices and var x = T{} are read further by this version: "
                                       "run update_index to parse the Go files again.")

# A file whose `#if`s read as their first branches fails in more places, but over less than half the lines, is read so;
# one that reads only with its first branches and its repairs together is read so (parse_trees.repaired): Kingfisher's
# ImageCache.swift and Alamofire's Protected.swift read their classes' methods as top-level functions.
REPARSE_SWIFT_FIRST_BRANCHES = reparse_failed_files(
    "swift", "Swift files with an #if in the body of a type are read whole by this version: run update_index to parse "
             "the Swift files that failed to parse again.")
REPARSE_CSHARP_FIRST_BRANCHES = reparse_failed_files(
    "csharp", "C# files with #if directives are read further by this version: run update_index to parse the C# files "
              "that failed to parse again.")

_JS_LANGUAGES = ("typescript", "tsx", "javascript")

# A name an import or export lists twice took the alias of the second for both (definitions.find_definitions): mobx.ts's
# `export { runInAction, runInAction as _allowStateChangesInsideComputed } from` left 34 calls of runInAction
# reaching nothing. TypeScript and JavaScript files whose module-level lines hold an ` as ` (a long list is split
# over several chunks: its `{` may be in another).
REPARSE_REPEATED_EXPORTS = reparse_chunks_holding(
    _JS_LANGUAGES, ("% as %",), "A name exported twice under two names is read by this version: run update_index to "
                                "parse the files with such an export again.", chunk_type="MODULE")

# A JavaScript or TypeScript decorator named alone (`@observable x = 1`) applies it (queries/typescript.scm): mobx's
# 200 were no uses. The files with a class holding an `@`.
REPARSE_JS_DECORATORS = reparse_chunks_holding(
    _JS_LANGUAGES, ("%@%",), "Decorators are uses in this version: run update_index to parse the JavaScript and "
                             "TypeScript files with a decorated class again.", chunk_type="CLASS")

# What a Java call passes is read further (jvm_arguments.py: `-1`, `a[i]`, `x.toString()`, a vararg parameter), and
# the overloads it reaches are narrowed as javac narrows them (jvm_members.fixed_arity and exactly, jvm_overloads:
# an array of primitives is no array of wider ones, an Object only an Object): commons-lang's calls reached several
# overloads on 11,800 of its 24,500 sure edges. And a call on what a call returns reaches the returned type's method
# (receivers.java_call_result: its fluent builders). Every Java file; Kotlin's are linked again (relinks.py).
REPARSE_JAVA_ARGUMENTS = reparse(("java",), "Java calls reach the overloads their arguments pick in this version: run "
                                            "update_index to parse the Java files again.")

# A call of a variable of the file (mobx's `export const observable = assign(..)`, called `observable(..)` beside it;
# Go's `var now = time.Now`, `now()`) was stored as a call of a local, which reaches nothing; it is now left to the
# link, which finds the variable (written_qualifiers.py, typed_lookups.called_variable). The TS/JS and Go files that
# define a variable at their top level; the files that import one are linked again (relinks.py).
_FILE_VARIABLE_FILES = """SELECT DISTINCT n.project_id, n.file_path FROM code_nodes AS n
                            JOIN coderag_files AS f ON f.project_id = n.project_id AND f.file_path = n.file_path
                           WHERE n.node_type = 'VARIABLE' AND f.language IN ({languages})
                             AND instr(substr(n.id, length(n.project_id) + length(n.file_path) + 3), '.') = 0"""
# And a name destructured from a variable holding a required module (`const { observable } = mobx`) is the module's
# (receiver_bindings.py: mobx's tests' 262 calls of `observable` reached nothing): the files that require one.
REPARSE_DESTRUCTURED_REQUIRES = reparse_chunks_holding(
    (*_JS_LANGUAGES, "svelte", "vue"), ("%require(%",),
    "Calls of a variable of a file reach it in this version: run update_index to parse the TypeScript, JavaScript and "
    "Go files that define one again.")
REPARSE_FILE_VARIABLE_CALLS = reparse_files(
    _FILE_VARIABLE_FILES.format(languages=", ".join(f"'{language}'" for language in (*_JS_LANGUAGES, "svelte", "vue",
                                                                                     "go"))),
    "Calls of a variable of a file reach it in this version: run update_index to parse the TypeScript, JavaScript and "
    "Go files that define one again.")

# A Kotlin class literal passed to a call is a KClass (`Throws::class`), and `Foo::class.java` a Class
# (jvm_arguments.py): kotlinpoet's `AnnotationSpec.builder(Throws::class)` reached all four `builder` overloads.
REPARSE_KOTLIN_CLASS_LITERALS = reparse_chunks_holding(
    "kotlin", ("%::class%",), "Kotlin class literals passed to calls pick their overloads in this version: run "
                              "update_index to parse the Kotlin files holding one again.")


# A PHP class written fully qualified in `new`, `extends` or `implements` keeps its namespace as written
# (queries/php.scm), which the link reads: monolog's `new \DateTimeImmutable()` was its own DateTimeImmutable. And a
# call on a variable its function types (`Handler $h`, `$h = new Handler()`) keeps that class (php_declared_types.py).
REPARSE_PHP_NAMESPACES_AND_TYPES = reparse_chunks_holding(
    "php", ("%new \\%", "%extends \\%", "%implements %\\%", "%$%->%"),
    "PHP classes written with their namespace, and the classes of variables, are read in this version: run "
    "update_index to parse the PHP files holding one again.")

# A call on a property of `$this` that its class types (`private Formatter $formatter;`, a promoted constructor
# parameter, `$this->jar = new CookieJar()` alone) keeps that class, and so does a call on a variable or property
# declared with a union of one class and PHP's own types or with an intersection (`Closure|Handler`, `Handler&Mock`):
# php_declared_types.py; and so do a call under an `instanceof` test of its receiver, a `catch` of one class, and a
# call on what a method returns, by its declared return type (php_receivers.py). monolog's `$this->handler->handle(..)`
# in HandlerWrapper went by name, Slim's `$dispatcher = $this->createDispatcher(); $dispatcher->dispatch(..)` was
# guessed to be its own interface's. (A call on a value typed with a library's class reaches only project classes
# deriving from it, name_graph.py: every such call is in a file this parses again.)
REPARSE_PHP_PROPERTY_TYPES = reparse_chunks_holding(
    "php", ("%$%->%", "%)->%"), "The classes of PHP properties and of what methods return are read in this version: "
                                "run update_index to parse the PHP files holding a call on a variable, a property "
                                "or the result of a call again.")

# A Ruby call without a receiver reaches the method its class, module or their ancestors declare (the methods of
# `class << self` recorded as the class's, BINDS rows, so of a class's `def self.x` and `def x` each caller reaches its
# own), never another class's of its file or a method of Ruby's Kernel by name; `super` calls the ancestors' method,
# `X.new(..).m` X's; a mixin in a block is a use, no base; RSpec's words in a spec are RSpec's (ruby_calls.py).
# sinatra's 57 `params` in routing_test.rb were a test's `PatternLookAlike#params`, its 680 `.to` `Helpers#to`,
# rack-protection's `options` nothing.
REPARSE_RUBY_CALLS = reparse(("ruby",), "Ruby calls without a receiver, super, mixins and RSpec are read better by "
                                        "this version: run update_index to parse the Ruby files again.")

# A PHP class or function written alone and not imported is the one of the file's own namespace (monolog's tests' 78
# `new TestHandler()` in `namespace Monolog\Handler;`, its 128 `extends AbstractProcessingHandler` and the like were
# guesses by name), a function not found there the global namespace's; one written fully qualified is the one of that
# namespace (`extends \Monolog\Test\MonologTestCase`; guzzle's `\json_decode(..)` is PHP's, not its deprecated
# `GuzzleHttp\json_decode`), and neither any other of its name (declared_namespaces.by_namespace). A function call keeps
# its namespace as written since this version.
REPARSE_PHP_OWN_NAMESPACE = reparse(("php",), "PHP classes and functions written without a namespace are looked up in "
                                              "the namespace of their file in this version: run update_index to parse "
                                              "the PHP files again.")

# A C# generic type and its namesake are two types (Polly's `Policy` and `Policy<TResult>`, MediatR's
# `IRequestHandler<TRequest>` and `IRequestHandler<TRequest, TResponse>`): a reference keeps how many type arguments it
# writes (`new`1`, "=Policy`1", "`2" for a base: csharp_generics.py) since this version. Polly's 1,499 calls like
# `Policy.Handle<E>()` and `Policy.HandleResult(..)` reached `Policy<TResult>`'s overloads too (2,031 edges), its
# generic bases and `new X<T>(..)` the namesake.
REPARSE_CSHARP_GENERIC_ARITY = reparse(("csharp",), "C# generic types are told from their namesakes by the number of "
                                                    "type arguments in this version: run update_index to parse the "
                                                    "C# files again.")

# A C# call on a value its declaration types (a parameter, a field or property of the class, a local, a `foreach`,
# `catch` or pattern variable: csharp_declared_types.py) is written `:Type` since this version and reaches that type's
# member, the one it inherits or an extension method written for it (csharp_typed_calls.py), as does one on what a
# chain of calls returns; overloads are told apart by lambdas, delegates and type arguments: Polly's sure call sites
# 4,042 -> 9,537, `outerPolicy.ExecuteAsync(..)` on an `IAsyncPolicy<TResult>` among them.
REPARSE_CSHARP_DECLARED_TYPES = reparse(("csharp",), "C# calls on a parameter, field, property or local reach the "
                                                     "member of the type it is declared with in this version: run "
                                                     "update_index to parse the C# files again.")

# A Swift call written with its arguments and then a trailing closure on a line of its own (`self.f(\n a: x\n) {
# result in .. }`), which tree-sitter-swift reads as a call of the call, keeps the closure in its shape since this
# version (call_shapes._swift_shape): Kingfisher's `retrieveImage(with:..) { result in }` reached no overload, whose
# completion handler is required.
REPARSE_SWIFT_NESTED_TRAILING_CLOSURES = reparse(("swift",), "Swift calls with a trailing closure after their "
                                                            "arguments keep it in this version: run update_index to "
                                                            "parse the Swift files again.")

# A C# call on a local `var` takes from a call (`var builder = Policy.Handle<E>();`) is written as the chain of calls
# since this version (csharp_declared_types.CsharpReceivers._returned) and reaches the member of what the chain
# returns; a chain's step keeps the type arguments it writes (`Policy.CacheAsync(..)` is no `CacheAsync<TResult>`)
# and a builder's extension returns the builder (`TBuilder AddTimeout<TBuilder>(this TBuilder b)`): Polly's sure
# call sites 9,537 -> 11,038, FluentResults' 758 -> 890, serilog's 1,588 -> 1,632.
REPARSE_CSHARP_LOCALS_FROM_CALLS = reparse(("csharp",), "C# calls on a local a call initializes reach the member of "
                                                        "what that call returns in this version: run update_index to "
                                                        "parse the C# files again.")

# A C# call on a local that awaits a call (`var basket = await _service.GetBasketAsync(id);`, `.ConfigureAwait(false)`
# or not) or on an awaited call in parentheses is written as the call's chain, its last step awaited, since this version
# (csharp_declared_types.CsharpReceivers._awaited_chain), and reaches the member of what the method's Task<T> holds:
# Polly's hedging `execution.AcceptOutcome()` after `await context.TryWaitForCompletedExecutionAsync(..)`. An argument
# written as a class's member (`ResultPrimitive.Fault`) is held in the call's shape as its path, typed at link
# (csharp_argument_kinds.py), and a value no delegate holds reaches no overload taking an Action or a Func (nor a
# number one taking a TimeSpan, overload_parameters.py): Polly's sure call sites that reached several overloads
# 3,057 -> 2,164.
REPARSE_CSHARP_AWAITED_LOCALS = reparse(
    ("csharp",), "C# calls on a local an awaited call gives reach the member of what its task holds, and overloads are "
                 "told apart by more of what a call passes, in this version: run update_index to parse the C# files "
                 "again.")

# A TypeScript or JavaScript call on what a function without a return annotation returns (its `return` statements:
# `return new Immer()`, `return immer`, `return this`, an object literal's methods), on a variable assigned a call
# (`const one = createImmer()`), and of a name destructured from a value (`const { produce } = createImmer()`, `const
# { isFrozen } = Object`) reaches that member since this version (receivers.py): zod's sure call sites 14,522 ->
# 16,381, typebox's 26,362 -> 26,578.
REPARSE_JS_RETURNS_AND_DESTRUCTURING = reparse(
    _JS_LANGUAGES, "TypeScript and JavaScript calls on what a function returns without an annotation, and of a name "
                   "destructured from a value, reach that member in this version: run update_index to parse the "
                   "TypeScript and JavaScript files again.")

# A TypeScript or JavaScript call on a variable holding an object literal (`const actions = { add, filter: helper,
# update() {..} }`, then `actions.add(1)`; a default export's, axios's `utils.forEach(..)`) reaches the literal's
# method, or the function its property names, since this version (js_literals.py); a call on an array, string or
# regex literal, or on a variable one is assigned to (`const parts = []; parts.push(..)`), is a builtin's, no longer
# guessed.
REPARSE_JS_OBJECT_LITERALS = reparse(
    _JS_LANGUAGES, "TypeScript and JavaScript calls on a variable holding an object literal reach the member of the "
                   "literal, and calls on an array or string literal are no longer guessed, in this version: run "
                   "update_index to parse the TypeScript and JavaScript files again.")

# A CommonJS module called whole (`const express = require(".."); express()`) reaches what its `module.exports` holds
# (express's `createApplication`, through index.js's `module.exports = require("./lib/express")`) since this version
# (js_literals.MODULE_EXPORTS): 608 of express's test calls reached nothing.
REPARSE_JS_MODULE_EXPORTS = reparse(
    _JS_LANGUAGES, "A JavaScript module called as a function reaches what its module.exports holds in this version: "
                   "run update_index to parse the TypeScript and JavaScript files again.")

# A Go generic function called with one type argument written (`arg[string](name, cmd)`, `getInt[int](cmd)`), which the
# grammar reads as an index or a conversion, is a call of it since this version: 42 of urfave/cli's calls were none.
REPARSE_GO_INSTANTIATED_CALLS = reparse(
    ("go",), "Go calls of a generic function with a type argument written reach it in this version: run update_index "
             "to parse the Go files again.")

# A C# type written with its namespace (`new eShopWeb.ApplicationCore.Specifications.X(..)`) is that namespace's, and a
# `using` finds the files declaring its namespace wherever the folders put them (csharp_namespaces.py), since this
# version, and a target-typed `new(..)` (`new List<CatalogBrand> { new("Azure") }`) makes its target type: eShopOnWeb's
# sure call sites 256 -> 410.
REPARSE_CSHARP_NAMESPACES = reparse(
    ("csharp",), "C# usings reach the files declaring their namespace, a type written with its namespace is one of "
                 "that namespace, and a target-typed new reaches its type, in this version: run update_index to parse "
                 "the C# files again.")

# A Java call passing `this` tells its overload by the class `this` is of since this version (jvm_arguments._this_type):
# jsoup's 184 `t.error(this)` and `tb.error(this)` reached every `error` overload, `error(String)` beside
# `error(TokeniserState)`.
REPARSE_JAVA_THIS_ARGUMENTS = reparse_chunks_holding(
    "java", ("%this)%", "%this,%"), "Java calls passing this reach the overload taking its class in this version: run "
                                   "update_index to parse the Java files that pass it again.")

# An enum constant (Java) or entry (Kotlin) with a body is a class of its own since this version, extending the enum:
# jsoup's `anythingElse(t, tb)` reached all eight constants' methods of that name. A nested class reads the fields of
# the classes around it by their bare names (`t.emit(replacementChar)` in a constant's body, a field of the enum), so
# every file of the two languages is parsed again.
REPARSE_JVM_ENUM_BODIES = reparse(
    ("java", "kotlin"), "Java and Kotlin enum constants with a body are classes of their own, and a nested class reads "
                        "the fields of the classes around it, in this version: run update_index to parse the Java and "
                        "Kotlin files again.")

# A C++ call in a namespace of `std` (`std::this_thread::sleep_for(..)`) is written so since this version
# (name_receivers._in_std): it was of its last scope alone, `this_thread`; and a call on a field of the member
# function's class (`q_.enqueue(..)`) is qualified by the field (c_receivers._member_field, c_family_calls.py).
REPARSE_CPP_STD_CALLS_AND_FIELDS = reparse(
    ("cpp",), "C++ calls in a namespace of std and calls on the fields of a class are read better by this version: "
              "run update_index to parse the C++ files again.")

# A C++ call stores the kinds of the literals it passes, and of what the variables it passes hold, since this version
# (call_shapes.py, cpp_arguments.py): spdlog's `logger->info("msg")` reached its Windows-only `info(wstring_view_t
# msg)` too, and `log(level::info, fmt, args...)` with a `format_string_t<Args...> fmt` every wide `log`. And a
# preprocessor group after a constructor's `:` is read inside it (c_directives.py): leveldb's env_posix.cc.
REPARSE_CPP_LITERAL_ARGUMENTS = reparse(
    ("cpp",), "C++ calls tell overloads apart by the literals and the variables they pass in this version: run "
              "update_index to parse the C++ files again.")

# A Go variable holds a map's values (`flag, exists := v.pflags[key]` of a field `pflags map[string]FlagValue`, in as
# many statements of a function as read it alike), what a chain of calls returns (`subv := v.Sub("a").Sub("b")`) and
# what a method of a field's type returns (`decoder, err := v.decoderRegistry.Decoder(format)`) since this version
# (type_names.go_element, call_chain; receivers.followed): viper's 25 calls on such a `flag` were guesses. And a `for
# v := range keys` in a method of `v *Viper` rebinds v inside the loop alone (receiver_bindings.read_bindings).
REPARSE_GO_VALUES = reparse(
    ("go",), "Go variables holding map values and the results of call chains are typed in this version: run "
             "update_index to parse the Go files again.")

# A TypeScript or JavaScript name destructured from `this` or a typed value holds the type of the field of its name
# (receiver_fields.destructured_field), and `x = a ?? new X(..)` an X, since this version: got's `const {options} =
# this;` made `options.setInternalHeader(..)` and 24 more calls guesses.
REPARSE_JS_DESTRUCTURED_FIELDS = reparse(
    ("typescript", "tsx", "javascript", "svelte", "vue"),
    "JavaScript and TypeScript names destructured from a typed value are typed in this version: run update_index to "
    "parse the JavaScript and TypeScript files again.")

# Kotlin's `this@Outer` is the outer class's instance since this version (kotlin_lambdas.labelled_this), not the
# innermost class's: moshi's `this@LinkedHashTreeMap.clear()` in its inner KeySet's `clear` called KeySet's own.
REPARSE_KOTLIN_LABELLED_THIS = reparse(
    ("kotlin",), "A Kotlin this@Outer is the instance of the outer class in this version: run update_index to parse "
                 "the Kotlin files again.")

# Overload signatures that nothing implements were a definition each (definition_text.take_overloads): trpc's
# interface `Observable.pipe` was six, and each `pipe(..)` call had an edge to every one (a `declare function`'s and
# a Protocol's `@overload` stubs alike). The files with two functions or methods of one name in one scope.
REPARSE_UNIMPLEMENTED_OVERLOADS = reparse_files("""SELECT DISTINCT project_id, file_path FROM (
                                                     SELECT project_id, file_path FROM symbol_definitions
                                                      WHERE language IN ('typescript', 'tsx', 'python')
                                                        AND kind IN ('function', 'method')
                                                      GROUP BY project_id, file_path, scope, name
                                                     HAVING count(*) > 1)""",
                                                "Overload signatures nothing implements are one definition in this "
                                                "version: run update_index to parse the files that hold some again.")

# A Java or Kotlin argument that is a call's result (`emit(CodeBlock.of(format, args))`, `register(opt())`) is typed by
# what the method it calls is declared to return since this version (jvm_arguments.STATIC_RESULT: javapoet's call
# reached `emit(String)` beside `emit(CodeBlock)`); a `StringBuilder` is passed only as what it is (javapoet's
# `writeTo(result)` reached the Filer, Path and File overloads); a Kotlin extension of a type parameter extends its
# bound (clikt's tests' `fun <T : TestCommand> T.parse(..)`).
REPARSE_JVM_CALL_RESULTS = reparse(("java", "kotlin"), "Java and Kotlin arguments that are calls are typed by what "
                                                       "they return, and a Kotlin extension of a type parameter "
                                                       "extends its bound, in this version: run update_index to parse "
                                                       "the Java and Kotlin files again.")

# A Rust call's arguments, where their text says, choose among a type's impls of one trait since this version
# (rust_arguments.py: bytes' `Bytes::from(vec![..])` reached all six `From` impls' `from`).
REPARSE_RUST_ARGUMENT_KINDS = reparse(("rust",), "Rust calls reach the impls whose method can take what they pass in "
                                                 "this version: run update_index to parse the Rust files again.")

# googletest's `UnitTestImpl::UnitTestImpl(UnitTest* parent)` signature held its 19 member initializers; yaml-cpp's
# `emitter.Write(v)` of `const _Alias& v` reached its nine `Write`s (cpp_arguments.py).
REPARSE_CPP_CONSTRUCTOR_SIGNATURES = reparse(("cpp", "cuda"), "C++ constructor signatures end before their member "
                                                              "initializers, and calls passing a value of a class "
                                                              "reach the overloads that take it, in this version: run "
                                                              "update_index to parse the C++ files again.")

# sidekiq's `@poller = Sidekiq::Scheduled::Poller.new(@config)`, then `@poller.terminate`: no edge (ruby_variables.py).
REPARSE_RUBY_VARIABLES = reparse(("ruby",), "Ruby variables hold the class every assignment of them makes, and a class "
                                           "made by its path is of that path, in this version: run update_index to "
                                           "parse the Ruby files again.")

# retrofit's `static <T> Response<T> success(..)` returned `<T>`, its type arguments (jvm_returns._java_return), and
# `new Object[] {null}` passed nothing known (jvm_arguments.py).
REPARSE_JAVA_GENERIC_RETURNS = reparse(("java",), "A Java method declared to return a generic type returns that type, "
                                                  "and an array made in an argument is an array, in this version: run "
                                                  "update_index to parse the Java files again.")
