"""Migrations that have the next update link a project's files again (nothing parsed again): when what the link
reads changed in a way SQL cannot select (which files are tests, migration 57; the projects of several language
families, migration 63), or how it resolves a language's references (migrations 61 on)."""

from __future__ import annotations

import posixpath
import re

import aiosqlite

from ..file_roles import TEST_PATH_BEFORE_57, is_test_path
from ..languages import language_family

TESTS_BY_CONVENTION = ("Tests are told by each language's conventions in this version (Swift's Tests/, Kotlin's "
                       "jvmTest/, a test.ts beside its code): run update_index to link the files again (nothing is "
                       "parsed again).")


async def relink_projects_with_tests_told_apart(db: aiosqlite.Connection, now: str) -> None:
    """A call in the product's code is not linked by name alone to a test's definition (name_graph._unless_a_test):
    a project with a file that is a test now and was not before, or the reverse, has its files linked again by its
    next update, and its READY index says so."""
    changed: set[str] = set()
    async with db.execute("SELECT project_id, file_path FROM coderag_files") as rows:
        async for project_id, file_path in rows:
            if project_id not in changed and is_test_path(file_path) != bool(TEST_PATH_BEFORE_57.search(file_path)):
                changed.add(project_id)
    for project_id in sorted(changed):
        await _relink_project(db, project_id, now, TESTS_BY_CONVENTION)


# File names that make a test since migration 128 (file_roles._TEST_PATH): PHPUnit's `XTest.php`, a suite's
# `XTestCase.*`
_NAMED_TESTS_SINCE_128 = re.compile(r"(Tests?\.php|\wTestCase\.(java|kt|cs|scala|swift|m|mm|groovy|php))$")
TESTS_BY_PHPUNIT_NAMES = ("A PHPUnit test beside its code (src/Ftp/FtpAdapterTest.php) and a suite's base class "
                          "(XTestCase.php) are tests in this version: run update_index to link the files again "
                          "(nothing is parsed again).")


async def relink_projects_with_phpunit_tests(db: aiosqlite.Connection, now: str) -> None:
    """The projects with a file that its name alone makes a test since migration 128 (its folder made no test of it
    before) have their files linked again by their next update, and their READY index says so."""
    changed: set[str] = set()
    async with db.execute("SELECT project_id, file_path FROM coderag_files") as rows:
        async for project_id, file_path in rows:
            if project_id not in changed and _NAMED_TESTS_SINCE_128.search(file_path) and \
                    not is_test_path(posixpath.join(posixpath.dirname(file_path), "x")):
                changed.add(project_id)
    for project_id in sorted(changed):
        await _relink_project(db, project_id, now, TESTS_BY_PHPUNIT_NAMES)


GUESSES_INTO_TESTS = ("A call outside the tests is no guess of a test definition in this version: run update_index to "
                      "link the files again (nothing is parsed again).")


async def relink_files_guessing_into_tests(db: aiosqlite.Connection, now: str) -> None:
    """A reference outside the tests is no guess of a test's definition (guesses.Guesses.of): each file with such a
    guess is linked again by its project's next update, and the project's READY index says so."""
    files: set[tuple[str, str]] = set()
    async with db.execute("""SELECT s.project_id, s.file_path, t.file_path FROM code_edges AS e
                               JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id AND r.resolution = 'GUESS'
                               JOIN code_nodes AS s ON s.id = e.source_id JOIN code_nodes AS t ON t.id = e.target_id
                              WHERE s.file_path != t.file_path""") as rows:
        async for project_id, source, target in rows:
            if (project_id, source) not in files and is_test_path(target) and not is_test_path(source):
                files.add((project_id, source))
    await db.executemany("UPDATE coderag_files SET linked = 0 WHERE project_id = ? AND file_path = ?", sorted(files))
    await db.executemany("UPDATE coderag_indexes SET status = 'STALE', updated_at = ?, error_message = ? "
                         "WHERE status = 'READY' AND project_id = ?",
                         [(now, GUESSES_INTO_TESTS, project_id) for project_id in sorted({p for p, _ in files})])


async def _relink_project(db: aiosqlite.Connection, project_id: str, now: str, message: str) -> None:
    """Have the project's next update link all its files again, and say why in its READY index's status."""
    await db.execute("UPDATE coderag_files SET linked = 0 WHERE project_id = ?", (project_id,))
    await db.execute("UPDATE coderag_indexes SET status = 'STALE', updated_at = ?, error_message = ? "
                     "WHERE status = 'READY' AND project_id = ?", (now, message, project_id))


def relink(languages: tuple[str, ...], message: str, *, all_but: bool = False) -> str:
    """SQL that has the next update link every file of `languages` (with `all_but`, of every other language) again,
    and says so in the status of each READY index holding one: for a resolver change that alters what the graph
    holds."""
    assert "'" not in "".join(languages) and "'" not in message  # written into SQL string literals
    listed = ("NOT " if all_but else "") + "IN (" + ", ".join(f"'{language}'" for language in languages) + ")"
    return f"""
UPDATE coderag_files SET linked = 0 WHERE language {listed};
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now, error_message = '{message}'
 WHERE status = 'READY' AND project_id IN (SELECT project_id FROM coderag_files WHERE language {listed});
"""


# A Ruby call of a core library method on a receiver nobody typed (`params.map`) is only a guess at the project's one
# method of that name (library_methods.py): rack's `params.map` was `Rack::Builder#map`.
RELINK_RUBY_LIBRARY_METHODS = relink(("ruby",), "Ruby calls of core library methods on untyped receivers are "
                                                "only guesses in this version: run update_index to link the files "
                                                "again (nothing is parsed again).")

# A C++, C# or Swift call on a receiver nobody typed that no function of its name can take (Kingfisher's
# `continuation.resume(returning: data)`, serilog's `str.AsSpan()`) reached the project's function anyway
# (name_graph.resolve); an include path lost its `std` segment and its file's name (fmt's `#include "fmt/std.h"`
# was `src/fmt.cc`: name_index.files_for_module).
RELINK_UNTYPED_SHAPE_MISSES = relink(("c", "cpp", "cuda", "objc", "csharp", "swift"),
                                     "Calls on untyped receivers that no function of their name can take reach "
                                     "nothing in this version, and include paths name their file whole: run "
                                     "update_index to link the files again (nothing is parsed again).")


# A PHP call with `->` on a value nobody typed reached a `static function` of its name (119 of guzzle's
# `$promise->wait()` were its test helper's `Server::wait()`: name_graph._PHP_STATIC).
RELINK_PHP_STATIC_FUNCTIONS = relink(("php",), "PHP calls on values no longer reach static functions in this "
                                               "version: run update_index to link the files again (nothing is parsed "
                                               "again).")


SEVERAL_FAMILIES = ("A name is resolved within its language's family in this version (a C++ call is no Python method, "
                    "a Swift import no Ruby podspec): run update_index to link the files again (nothing is parsed "
                    "again).")


async def relink_projects_of_several_families(db: aiosqlite.Connection, now: str) -> None:
    """A project whose files are of more than one language family (languages.language_family) has its files linked
    again by its next update, and its READY index says so: its references were resolved by name among every
    language's definitions."""
    families: dict[str, set[str | None]] = {}
    async with db.execute("SELECT project_id, file_path FROM coderag_files") as rows:
        async for project_id, file_path in rows:
            families.setdefault(project_id, set()).add(language_family(file_path))
    for project_id in sorted(project for project, found in families.items() if len(found - {None}) > 1):
        await _relink_project(db, project_id, now, SEVERAL_FAMILIES)


# Of several definitions a name resolved to alone, the one in a file named for it (C#'s partial classes: Newtonsoft's
# `new JsonTextWriter(..)` was the half in JsonTextWriter.Async.cs), and of a class written by name, its definition in
# the nearest folder (serilog's two test projects' `Some`: name_graph.py); a C# call of a .NET method on a value nobody
# typed is a guess (library_methods.CSHARP). Every language resolved by name: all but those of their own resolvers.
RELINK_NAME_TIES = relink(("python", "go", "javascript", "typescript", "tsx", "java", "kotlin", "rust"),
                          "References resolved by name reach the definitions in files named for them, and C# calls of "
                          ".NET methods on untyped values are guesses in this version: run update_index to link the "
                          "files again (nothing is parsed again).", all_but=True)


# A Java variable declared with an array type (`char[] buf`, `String[] cache`) is typed by its elements, and no
# parameter taking the array took it (jvm_overloads.assignable): jsoup's `cacheString(charBuf, stringCache, ..)`; and a
# bare call in a class with overloads of its own reached none of its bases' (typed_lookups.resolve_name): jsoup's
# `attr("class")` in Element.
RELINK_JVM_OVERLOADS = relink(("java", "kotlin"), "Java and Kotlin calls reach the overloads a class inherits and "
                                                  "those taking an array variable in this version: run update_index "
                                                  "to link the files again (nothing is parsed again).")

# Kotlin calls of Java overloads narrowed as Java's are (migration 78: the Java files are parsed again), and a call
# through a class's static field (`Strings.CS.contains(..)`) reaches the field's declared type (typed_graph.py): the
# other languages resolved by receivers (Go's files are parsed again by migration 73). And a bare import of a package
# of the project itself (a monorepo's, js_graph.workspace_module) reaches its source.
RELINK_KOTLIN_OVERLOADS = relink(("kotlin", "typescript", "tsx", "javascript", "rust"),
                                 "Java calls reach the overloads their arguments pick in this version: run "
                                 "update_index to parse the Java files again.")

# A call of a module's or file's variable by its name reaches the variable (dateutil's `gettz = __get_gettz()`, called
# `gettz(..)` and `tz.gettz(..)`; mobx's `observable(..)`: python_lookups.called_variables,
# typed_lookups.called_variable); the files defining one are parsed again (selected_reparses.py). And a subpath of a
# package of the project is found by its package.json's `exports` (zod's "zod/v4": js_graph.export_targets), a module
# imported whole and exported again by its name (`import * as z ..; export { z }`) is that module, and a TS/JS call of a
# name that is a type and a value reaches the value (js_graph.JsResolver.resolve).
RELINK_VARIABLE_CALLS = relink(("python", "go", "typescript", "tsx", "javascript", "svelte", "vue"),
                               "Calls of a variable of a module reach it, and subpaths of packages of the project are "
                               "found by their exports, in this version: run update_index to link the files again.")

# A call on the object itself or its base in the languages resolved by name (PHP's `$this->m()` and `parent::m()`,
# C#'s `base.M()`, Swift's `super.m()`, C++'s `this->m()`) reaches the method its class or the nearest of its bases
# declares (class_hierarchy.py): monolog's `parent::__construct(..)` reached `LogRecord.__construct`, a method of the
# name in an imported file. And a bare PHP call is a function's, never a method's (its `substr(..)` was
# `Utils::substr`).
RELINK_INHERITED_CALLS = relink(("php", "csharp", "swift", "cpp", "ruby"),
                                "Calls through this, self, parent, base and super reach the methods the class "
                                "inherits in this version: run update_index to link the files again.")

# A Java or Kotlin call with an argument of unknown type reaches a vararg overload as well as one of fixed arity that
# may take it (jvm_graph.py): kotlinpoet's `addModifiers(KModifier.INLINE)` reached only `addModifiers(Iterable)`.
RELINK_JVM_UNKNOWN_VARARGS = relink(("java", "kotlin"), "Java and Kotlin calls with an argument of unknown type reach "
                                                        "vararg overloads too in this version: run update_index to "
                                                        "link the files again.")


# A PHP `use` names a class by its namespace, which a Composer prefix leaves out of the path (guzzle's
# `use GuzzleHttp\Exception\InvalidArgumentException;` is src/Exception/InvalidArgumentException.php), and a class
# written fully qualified is of that namespace only (`new \DateTimeImmutable` is PHP's, not monolog's): declared_namespaces.py.
RELINK_PHP_NAMESPACES = relink(("php",), "PHP imports and names written with their namespace are read by their "
                                         "namespace in this version: run update_index to link the files again.")


# A call on a class written by name reaches the method the class inherits (ClassHierarchy.inherited_members):
# swift-argument-parser's 301 `Bar.parse([..])`, `Math.parseAsRoot(..)` on structs conforming to ParsableArguments, whose
# protocol extension declares them, had no edge; Slim's `MockPsr17Factory::getStreamFactory()` is its base's.
RELINK_INHERITED_STATIC_CALLS = relink(("swift", "php"), "Swift and PHP calls on a class written by name reach the "
                                                         "methods it inherits in this version: run update_index to "
                                                         "link the files again (nothing is parsed again).")


# A C# class written by name reaches its method of a name defined more than 32 times (Polly's 588 `Policy.Cache(..)`
# and `Policy.Timeout(..)`: name_index.owned), a .NET class the project does not define nothing of the project (its
# 163 `Task.FromResult(..)` and `ValueTask.FromResult(..)` were `Outcome.FromResult`: library_methods.DOTNET_TYPES),
# and a Swift call of a standard library method on an untyped receiver is only a guess (library_methods.SWIFT).
RELINK_LIBRARY_RECEIVERS = relink(("csharp", "swift"), "C# calls on classes written by name and Swift calls of library "
                                                       "method names are resolved better by this version: run "
                                                       "update_index to link the files again (nothing is parsed "
                                                       "again).")


# A Swift call whose labels no Swift definition of its name takes reaches nothing of the project, whatever it is called
# on (name_graph.resolve): swift-argument-parser's 25 `self.init(base: ..)` (a memberwise init, which has no node)
# reached the file's first `init`, its `originalInput[..]` subscripts the method `originalInput(at:)`; Kingfisher's 26
# calls of a closure parameter named `handler` a nested function of that name.
RELINK_SWIFT_UNTAKEN_LABELS = relink(("swift",), "Swift calls whose labels no definition takes reach nothing in this "
                                                 "version: run update_index to link the Swift files again (nothing is "
                                                 "parsed again).")


# A Rust file directly in a package's tests/, examples/ or benches/ is a crate of its own (rust_graph._TARGET_FOLDERS):
# its `mod utils;` is tests/utils/mod.rs, not tests/<file>/utils.rs (bat's 330 calls of its test helpers reached
# nothing), and `bytes::` beside benches/bytes.rs is still the package's library. A call on a value nobody types is
# guessed only to methods taking `self` (rust_types.RustTypes.fits_receiver: bat's 309 wrong guesses).
RELINK_RUST_TARGET_CRATES = relink(("rust",), "Rust tests, examples and benchmarks find their own modules, and calls "
                                              "on untyped values guess only methods, in this version: run "
                                              "update_index to link the Rust files again (nothing is parsed again).")

# A Java or Kotlin parameter of a nested type (`skipPast: JsonAdapter.Factory`, read as `Factory`) takes a project class
# implementing it though the method's file does not see the type by that name alone (jvm_overloads.assignable): moshi's
# `add(KotlinJsonAdapterFactory())` reached `add(adapter: Any)`, and `nextAdapter(this, ..)` nothing. A Java class
# extending a library list holds its elements (jvm_collections.py: jsoup's `select(..).get(i).text()`, 262 calls).
RELINK_JVM_NESTED_PARAMETERS = relink(("java", "kotlin"), "Java and Kotlin calls passing a class to a parameter of a "
                                                          "nested type reach that overload in this version: run "
                                                          "update_index to link the files again (nothing is parsed "
                                                          "again).")

# A TypeScript, JavaScript or Go call on a file-level variable written by its name where no binding types it (imported,
# a default export too, or a Go package's variable of another file) is on what its declaration holds (`const ky =
# createInstance();`, `export const client = new Client()`, `var echoCmd = &cobra.Command{..}`), and an arrow
# function's declared return type is read (`(..): KyInstance =>` was read as `KyInstance =>`, no type):
# typed_graph.TypedResolver.variable_instances. ky's tests' 341 `ky.get(..)`-like calls and cobra's doc tests' 16 were
# guesses or nothing. No guess reaches a definition inside another file's anonymous function (a test's stub:
# js_graph.JsResolver.fits_receiver; ky's 332 and zod's 136 guesses). A Go method of a library's value is the
# library's, and an untyped `err.Error()` no guess (go_graph.GoResolver.known, fits_receiver: gin's 143, cobra's 26).
RELINK_VARIABLE_VALUES = relink(("typescript", "tsx", "javascript", "svelte", "vue", "go"),
                                "TypeScript, JavaScript and Go calls on imported variables, or on variables of "
                                "another file of the package, reach what the variables hold in this version: run "
                                "update_index to link the files again (nothing is parsed again).")

# A C++ call written in `std` (`std::swap(..)`, `std::remove(name)`) is the standard library's since this version
# (name_graph._resolve): spdlog's and fmt's 20 and 69 such calls were sure calls of the project's own `swap`,
# `os::remove`, `gmtime`. A file sees the files its includes include, to any depth (class_hierarchy.included):
# spdlog's tests' 517 calls of spdlog through `includes.h` were found by name alone.
RELINK_CPP_STD_CALLS = relink(("c", "cpp"), "C++ calls written in std reach nothing of the project, and a file sees "
                                            "what its includes include, in this version: run update_index to link "
                                            "the C and C++ files again (nothing is parsed again).")

# A private Java or Kotlin declaration is reached from its own file alone since this version (jvm_graph.is_private):
# okio's 705 `x.toLong()` were guessed to be mingw's `private fun LARGE_INTEGER.toLong()`, and calls of a public
# overload reached a private one of another file (commons-lang 63 edges, jsoup 4). A file of a package split over
# a build's modules sees the package's classes in the other modules (jvm_graph.package_files_elsewhere): okio's
# 608 calls in okio-testing-support of okio's classes reached nothing. A Kotlin function Java cannot name
# (`@JvmName("-deprecated_size")`) is no Java call's, one deprecated at level ERROR or HIDDEN no Kotlin call's
# (jvm_graph.JvmResolver.hidden_from).
RELINK_JVM_PRIVATE = relink(("java", "kotlin"), "Java and Kotlin calls reach no private declaration of another file "
                                                "nor a Kotlin function hidden from them, and a package split over "
                                                "modules sees the classes of its other "
                                                "modules, in this version: run update_index to link the Java and "
                                                "Kotlin files again (nothing is parsed again).")

# A C++ parameter whose type holds a pack (`format_string_t<Args...> fmt`) takes one argument since this version
# (overload_parameters.parameters): fmt's `fmt::format(FMT_COMPILE(..))` reached color.h's `format(const text_style&,
# format_string<T...>, T&&...)`, read as taking any number of arguments, and no overload of compile.h. And a member
# declared in its class is reached at its definition outside it (c_family_calls.at_definitions): CLI11's App_inl.hpp.
RELINK_CPP_PACK_PARAMETERS = relink(("c", "cpp"), "C++ overloads read the parameters of a template with a pack "
                                                  "better in this version: run update_index to link the C and C++ "
                                                  "files again (nothing is parsed again).")

# A function declared in a header and defined in a source file is reached at its definition since this version
# (c_family_calls.at_definitions): redis's 153 calls of `sdsnew` reached sds.h's prototype, 2 sds.c's body.
RELINK_C_PROTOTYPES = relink(("c", "cpp"), "C and C++ calls of a function declared in a header reach its body in "
                                           "this version: run update_index to link the C and C++ files again "
                                           "(nothing is parsed again).")

# A sure edge's line and count are those of the uses that reached it surely since this version (graph.resolve_edges):
# black's `StringParenWrapper.do_transform -> Line.append` began at a list's `append`, guessed to be it, and counted
# 7 calls for 5. Only the files such an edge comes from are linked again.
_SURE_EDGES_WITH_GUESSED_USES = """SELECT e.project_id, e.source_id FROM code_edges AS e
                                      JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                                     WHERE r.resolution != 'GUESS' AND r.uses LIKE '%"GUESS"%'"""
_GUESSED_USES = ("Calls counted on the edges of the graph leave out those only guessed in this version: run "
                 "update_index to link the files again (nothing is parsed again).")
RELINK_GUESSED_USES = f"""
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now, error_message = '{_GUESSED_USES}'
 WHERE status = 'READY' AND project_id IN (SELECT project_id FROM ({_SURE_EDGES_WITH_GUESSED_USES}));
UPDATE coderag_files SET linked = 0 WHERE (project_id, file_path) IN (
    SELECT n.project_id, n.file_path FROM ({_SURE_EDGES_WITH_GUESSED_USES}) AS s
      JOIN code_nodes AS n ON n.id = s.source_id);
"""


# A JavaScript or TypeScript module's default export is its own since this version (typed_names.imported_fallback):
# an `export *` passes on no default, and got's `import got from "../source/index.js"` reached the default class of
# each module its index's `export *` names (`Options`, `Request`: about 100 calls, 31 sure edges) beside `export
# default got`.
RELINK_JS_DEFAULT_EXPORTS = relink(("typescript", "tsx", "javascript", "svelte", "vue"),
                                   "A default import reaches the default export of its module alone, never one an "
                                   "export * passes on, in this version: run update_index to link the files again "
                                   "(nothing is parsed again).")


# A call of a definition's own name reaches the definition itself since this version (recursion: an edge from it to
# itself, python_graph.py, typed_graph.py, recursion.py; C's `fact(n - 1)` was a static `fact` of another file): the
# files where a reference names a function, method or class the same file defines (gson's `new ReflectionAccessFilter()
# {..}` in its interface's own body). A Kotlin name a file imports by name and defines too is the imported one since
# this version as well (typed_lookups.resolve_name: moshi's `Rfc3339DateJsonAdapter()`).
# (Each definition looks its name up in the file's reference names, by their key: a join the other way round had
# SQLite scan a project's nodes for each reference name, minutes on Django.)
_FILES_CALLING_THEIR_NAMES = """SELECT DISTINCT n.project_id, n.file_path FROM code_nodes AS n
                                WHERE n.node_type IN ('FUNCTION', 'METHOD', 'CLASS') AND EXISTS (
                                      SELECT 1 FROM coderag_reference_names AS r
                                       WHERE r.project_id = n.project_id AND r.name = n.name
                                         AND r.file_path = n.file_path)"""
_RECURSION = ("A recursive call is an edge from its definition to itself in this version: run update_index to link "
              "the files again (nothing is parsed again).")
RELINK_RECURSION = f"""
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now, error_message = '{_RECURSION}'
 WHERE status = 'READY' AND project_id IN (SELECT project_id FROM ({_FILES_CALLING_THEIR_NAMES}));
UPDATE coderag_files SET linked = 0 WHERE (project_id, file_path) IN ({_FILES_CALLING_THEIR_NAMES});
"""


# A JavaScript or TypeScript call (`new X()`) of a name that is an interface and a class it merges with reaches the
# class alone since this version (js_graph.JsResolver.resolve: trpc's `new CustomEventEmitter()` reached both).
RELINK_JS_MERGED_INTERFACES = relink(("typescript", "tsx", "javascript", "svelte", "vue"),
                                     "A call of a class reaches no interface merged with it in this version: run "
                                     "update_index to link the files again (nothing is parsed again).")

# A C# call on a value of a class reaches no explicit implementation of an interface's method that a base declares
# since this version (csharp_typed_calls._holders: FluentValidation's 407 `validator.Validate(x)` reached
# AbstractValidator's `IValidator.Validate(IValidationContext)`), and a value of a project type is passed only as a
# parameter of a type it is (csharp_argument_kinds.csharp_relation: `Validate(new Person())` took
# `Validate(ValidationContext<T>)` as well).
RELINK_CSHARP_INHERITED_EXPLICIT = relink(("csharp",), "A C# call on a class reaches no explicit implementation of "
                                                       "an interface method its base declares, and no overload whose "
                                                       "parameter a project type passed is not, in this version: run "
                                                       "update_index to link the files again (nothing is parsed "
                                                       "again).")

RELINK_PHP_CLASSES_MEANT = relink(("php",), "A PHP call on a receiver typed by a class reaches the class of that name "
                                           "the file means (of its namespace, or the one it imports) in this version: "
                                           "run update_index to link the files again (nothing is parsed again).")

# retrofit's `buildRequest(Class<T> cls, Retrofit.Builder builder, Object... args)`: `Builder` alone is no class where
# the method is, so every argument fit it (jvm_members.written_types).
RELINK_JAVA_NESTED_PARAMETERS = relink(("java",), "A Java parameter of a nested class written with its outer class "
                                                  "(Retrofit.Builder) takes only what is one in this version: run "
                                                  "update_index to link the files again (nothing is parsed again).")
