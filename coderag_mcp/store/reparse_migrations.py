"""The migrations that have the next update parse a language's files again (or the files that hold a split
definition), or link every file again: for a change of the parser or the resolver that alters what an existing
index holds (migrations 17 on; the list of migrations is migrations.py's)."""

from __future__ import annotations


def reparse(languages: tuple[str, ...], message: str) -> str:
    """SQL that has the next update parse every file of `languages` again (a hash that cannot match), and
    says so in the status of each READY index holding one: for a parser change that alters what was stored."""
    assert "'" not in message  # written into an SQL string literal
    listed = ", ".join(f"'{language}'" for language in languages)
    return f"""
UPDATE coderag_files SET file_hash = '', size = -1 WHERE language IN ({listed});
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now, error_message = '{message}'
 WHERE status = 'READY' AND project_id IN (SELECT project_id FROM coderag_files WHERE language IN ({listed}));
"""


def reparse_files(files: str, message: str) -> str:
    """SQL that has the next update parse again the files `files` selects (project_id, file_path), and says so in the
    status of each READY index holding one: for a change that alters only files with something in them."""
    assert "'" not in message  # written into an SQL string literal
    return f"""
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now, error_message = '{message}'
 WHERE status = 'READY' AND project_id IN (SELECT project_id FROM ({files}));
UPDATE coderag_files SET file_hash = '', size = -1 WHERE (project_id, file_path) IN ({files});
"""


# Attributes written as function-like macros (source_rewrites.C_ANNOTATION_MACROS) hid the definitions after
# them.
REPARSE_C = reparse(("c", "cpp"), "C and C++ are read better by this version: run update_index to parse their "
                                  "files again.")
# Rust's line comments hold their line break: a doc comment of n lines was stored with a blank line
# after each (definition_text.docstring_of).
REPARSE_RUST = reparse(("rust",), "Rust doc comments are read better by this version: run update_index to "
                                  "parse its files again.")
# A comment ending a line of a header (`@SuppressWarnings("resource") // Caller closes stream`, a Kotlin
# parameter's doc comment) was joined into the signature (definition_text.signature_of): 2.5% of commons-io's
# Java signatures and moshi's Kotlin ones; of other languages' 88,500 read, one. Go's `c := v.(*T)` did
# not say what c is (queries/go.scm): its calls were guesses. A Kotlin class whose primary constructor is
# on the line after its name ended there (source_rewrites.kotlin_constructor_lines): 5 of moshi's 86 files.
# Haskell's first declaration lost its haddock to the module (definitions._leading_nodes); a Java annotation
# type's elements were no definitions.
REPARSE_19 = reparse(("go", "haskell", "java", "kotlin"), "Go, Haskell, Java and Kotlin are read better by this "
                                                          "version: run update_index to parse their files again.")

# Go's named types other than structs and interfaces (`type HandlerFunc func(*Context)`, `type Params []Param`,
# `type H map[string]any`, `type A = B`) were no definitions: find_symbol said gin had no `HandlerFunc`, and
# their methods belonged to nothing. A call on a field of a typed receiver whose class this file does not declare
# (`c.writermem.reset()`, Context declared in another file of the package; `this.helper.run()`, a base class's
# field) was a guess: each file now stores its classes' typed fields, and the link reads them (receivers.py).
# Ruby and PHP calls keep what they are made on (name_receivers.py): `$dispatcher->add()` was the caller's own
# `add`, `Rack::Mime.mime_type` the same file's `mime_type`.
# C# and Swift files with `#if` lines their grammars cannot place are read as the first branch of each
# (source_rewrites.first_branches), and C# doc comments keep what `<see cref="X"/>` names. TypeScript's type aliases,
# `#private` methods and typed consts are definitions; a comment to a tool (`// eslint-disable...`) no doc.
REPARSE_20 = reparse(("go", "java", "kotlin", "rust", "javascript", "typescript", "tsx", "svelte", "vue", "ruby", "php",
                      "csharp", "swift"),
                     "Go, Java, Kotlin, Rust, JavaScript, TypeScript, Ruby, PHP, C# and Swift are read better by this "
                     "version: run update_index to parse their files again.")

# A Ruby name written without parentheses where a value goes (`settings`, `request.path_info`, `halt unless
# authorized`) is a call unless its method binds it as a local variable (queries/ruby.scm,
# name_receivers.without_local_names): sinatra's graph lacked 251 of its calls in the same file. A constant written
# alone is one of the namespaces around it (name_graph._in_lexical_scope); `alias_method :a, :b` and
# `define_method(:a)` define `a`. (A definition in a
# test found by name alone is no longer the target of a call in the product's code, name_graph._unless_a_test:
# other languages' edges follow when their files change.)
REPARSE_21 = reparse(("ruby",), "Ruby is read better by this version: run update_index to parse its files again.")

# JavaScript's CommonJS definitions were none (`Reply.prototype.send = function`, `res.send = function send`,
# `exports.f = `, `module.exports = function f`, an object literal's `key: function`: express's response.js had
# no definition at all), `const { a } = require("m")` bound nothing and `f.call(this)` called `call`
# (queries/javascript.scm). A Java/Kotlin field written without `this.` and declared in a base class
# (`_parsingContext.expectComma()`) was taken for a class named so (receivers.py); and inside a class with a
# constructor, the class's own name was the constructor (typed_lookups.resolve_name), so `A.s()` in A was no call.
# A Kotlin class with comments between its name and its primary constructor ended on its first line
# (source_rewrites.kotlin_constructor_lines): okio's common ByteString, DeflaterSink, InflaterSource; an object
# expression's supertypes were no bases (queries/kotlin.scm). A TypeScript
# type used as a type argument, in a union or an array (`Reducer<S>`, `Store<S> | undefined`) was no use, and a
# type parameter (`<S, A>`) was a use of any project class of its name (reference_owners.without_type_parameters).
REPARSE_22 = reparse(("javascript", "typescript", "tsx", "svelte", "vue", "java", "kotlin"),
                     "JavaScript, TypeScript, Java and Kotlin are read better by this version: run update_index to "
                     "parse their files again.")

# A module's or class's variables and constants were no definitions: find_symbol knew no `TIMEOUT = 30`, no
# sympy `S`, and find_references of one said nothing defined it (queries/*.scm `@definition.variable`: a symbol
# and a VARIABLE node each, no chunk, no edge).
REPARSE_23 = reparse(("python", "javascript", "typescript", "tsx", "svelte", "vue", "go", "rust", "ruby"),
                     "Variables and constants of Python, JavaScript, TypeScript, Go, Rust and Ruby are definitions in "
                     "this version: run update_index to parse those files again.")

# Java, Kotlin, C# and PHP fields, properties and constants, JavaScript's and TypeScript's class fields, and C's
# and C++'s macros, enum constants and file variables were no definitions: find_symbol knew no `static final int
# MAX`, no Kotlin `const val`, no C# auto-property, no PHP class constant, no `static defaults = {...}`, no
# `#define MAX_LEN 256` (queries/*.variables.scm, queries/*.fields.scm); a class field holding a function
# (`handle = () => {...}`) was no method, so `this.handle()` reached nothing.
REPARSE_24 = reparse(("java", "kotlin", "csharp", "php", "javascript", "typescript", "tsx", "svelte", "vue", "c",
                      "cpp"),
                     "Fields, properties and constants of Java, Kotlin, C# and PHP, class fields of JavaScript and "
                     "TypeScript (methods when they hold a function), and macros, enum constants and file variables "
                     "of C and C++ are definitions in this version: run update_index to parse those files again.")

# Go's, Rust's, C's and C++'s struct, union and class fields, and Rust's enum variants, were no definitions:
# find_symbol knew no `Context.Keys` (gin), no `Level.Info`, no `dictType.hashFunction` (redis); nor a TypeScript
# interface's members (redux's `Store.getState`), so `store.getState()` on a `Store` reached nothing; nor any Swift
# property (Alamofire's `Session.default`), Scala `val` or Dart field.
REPARSE_25 = reparse(("go", "rust", "c", "cpp", "typescript", "tsx", "svelte", "vue", "swift", "scala", "dart"),
                     "Fields of Go, Rust, C and C++ structs, unions and classes, the variants of Rust enums, the "
                     "members of TypeScript interfaces, Swift properties and Scala and Dart values are definitions in "
                     "this version: run update_index to parse those files again.")

# An edge keeps how its surest use resolved. Which of a function's uses of a name went to which target was told
# from the uses' receivers as written, and was wrong where that was no type: a function's `Tz.parse(x)` beside
# `Dp("en").parse(x)` listed both lines under each method, `self.inner.bind()` (no type known) beside
# `super().bind()` was listed as the sure MEMBER use, and a guess beside a sure use was listed neither way.
# Edges now keep how the uses of each receiver resolved (`uses`); every file is linked again to fill it.
RELINK_26 = """
ALTER TABLE coderag_edge_resolutions ADD COLUMN uses TEXT;
UPDATE coderag_files SET linked = 0;
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now,
       error_message = 'The code graph records more in this version: run update_index to link the files again '
           || '(nothing is parsed again).'
 WHERE status = 'READY';
"""

# A type's field named like its method (Kotlin's `val size` beside `fun size()`, a Rust field beside its getter,
# Swift's `var interceptor` beside `func interceptor(_:)`) was left to the method: find_symbol lacked 62 of
# tracing's fields, 44 of okio's and 29 of Alamofire's.
REPARSE_27 = reparse(("rust", "java", "php", "kotlin", "swift"),
                     "A field named like a method of its type is a definition too in this version: run update_index to "
                     "parse the Rust, Java, PHP, Kotlin and Swift files again.")

# A Java class's constructor (`JsonElement.JsonElement`) was taken for a member of its subclasses: `extends
# JsonElement` and uses of the type inside JsonArray found it, no class, and were guessed (gson: 61 of 210
# INHERITS edges). Only edges change, from the Java and Kotlin files (a Kotlin class may extend a Java one) of
# projects holding Java: those are linked again.
RELINK_JAVA_CONSTRUCTORS = """
UPDATE coderag_files SET linked = 0
 WHERE language IN ('java', 'kotlin') AND project_id IN (SELECT project_id FROM coderag_files WHERE language = 'java');
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now,
       error_message = 'Java subclasses are linked to their bases better by this version: run update_index to link '
           || 'the Java and Kotlin files again (nothing is parsed again).'
 WHERE status = 'READY' AND project_id IN (SELECT project_id FROM coderag_files WHERE language = 'java');
"""

# A long definition's pieces were cut with the lines above its own line (decorators, doc comment) counted
# (chunking.pieces_of): a doc comment or decorator longer than a piece's step put the second piece's start inside it,
# above the definition's line (gson's Gson: find_symbol read 156-168 of 156-1288, read_code began inside the doc
# comment; sympy's test_print_code below a 178-line parametrize), one longer than a piece made a piece of doc
# comment alone, and any line above moved the cuts. In every language, but only in files with a split definition
# (152 of sympy's 1,563, 38 of Django's 2,834): those are parsed again, not every file. The parts are not stored;
# a split definition's pieces overlap (chunking.PIECE_OVERLAP lines), which chunks of one name otherwise never do
# (overloads follow each other). Of two such pieces, the one that holds where the other starts spans 19 lines or
# more after its first (a piece of 120, or a last one of more than 20): the join reads a quarter as much on sympy.
_SPLIT_FILES = """SELECT piece.project_id, piece.file_path FROM code_chunks AS piece
      JOIN code_chunks AS later ON later.project_id = piece.project_id AND later.file_path = piece.file_path
                               AND later.qualified_name = piece.qualified_name AND later.id != piece.id
                               AND later.lineno BETWEEN piece.lineno AND piece.end_lineno
     WHERE piece.chunk_type != 'MODULE' AND piece.end_lineno - piece.lineno >= 19"""
REPARSE_SPLIT_DEFINITIONS = reparse_files(_SPLIT_FILES, "Long definitions are cut in pieces better by this version: run "
                                                        "update_index to parse the files that hold one again.")

# A Python import of several lines was stored at the statement's first line (`from marshmallow.utils import (`),
# not the line of each name it imports (`is_collection,` two lines below): find_references listed it there
# (python_imports.import_name_rows). And an annotation was no use of its type (`store: ErrorStore | None`,
# `-> errors.ValidationError`): find_references listed none (queries/python.scm).
REPARSE_PYTHON_IMPORT_LINES = reparse(("python",), "Python imports of several lines are read at the line of each name, "
                                                   "and annotations as uses of their types, in this version: run "
                                                   "update_index to parse the Python files again.")

# A Go variable holding what a method returns (`c := e.NewContext(req, rec)`, `group := router.Group("/users")`,
# router itself `New()`'s) or a field of another (`currentNode := r.tree`) was unknown: calls on it were guesses
# (echo's tests: 14 of 18 `c.SetPathValues`). Its qualifier now holds the receiver's own value (`:New().Group()`,
# receivers.py), which the link follows through each method's declared return type; so does Kotlin's
# `val sink = mockSink.buffer()`.
REPARSE_GO_KOTLIN_RESULTS = reparse(("go", "kotlin"), "Go and Kotlin calls on what a method returned are told apart "
                                                    "better by this version: run update_index to parse their files again.")

# A Python variable declared as a builtin type and assigned a value of the project (arrow's
# `def humanize(self, locale: str = ...)` then `locale = locales.get_locale(locale)`; sympy's
# `R2_r: Any = CoordSystem(...)`) was taken to hold only the builtin: its calls were guesses
# (python_bindings._BUILTIN_TYPES).
REPARSE_PYTHON_BUILTIN_DECLARED = reparse(("python",), "Python variables declared as a builtin type are read better "
                                                       "by this version: run update_index to parse the Python files "
                                                       "again.")

# Rust: the calls inside macro invocations (`tri!(self.peek())`, `assert_eq!(helper(c), 1)`: rust_macros.py), the
# names of a nested `use` tree with their whole path (`use crate::{a::{B, c::D}}`: rust_paths.py) and the paths to
# an enum's variants (`ErrorCode::Eof`, a use of ErrorCode: queries/rust.scm) were not read: serde_json's
# Deserializer.peek had 0 of its callers, ripgrep's imports of HiArgs resolved to nothing.
REPARSE_RUST_MACROS_USES_VARIANTS = reparse(("rust",), "Rust macro arguments, nested use trees and enum variant "
                                                     "paths are read by this version: run update_index to parse "
                                                     "the Rust files again.")

# Rust's `extern crate grep_searcher as searcher;` keeps its alias (receivers.py), for ripgrep's `grep::searcher::..`
# paths; the link now also reads the workspace's crates (rust_crates.py), whose edges a new link makes.
REPARSE_RUST_CRATES = reparse(("rust",), "Rust paths through other crates of a workspace are read better by this "
                                         "version: run update_index to parse the Rust files again.")

# A call in a chain written over several lines was stored at the chain's first line (serde_json's
# `self\n.formatter\n.write_null(..)` at the line of `self`), and a call on what a variable's method returns
# (`b.route("/a").get("/b")`) was a guess of every `get` (receivers.py).
REPARSE_CHAINS = reparse(("javascript", "typescript", "tsx", "svelte", "vue", "go", "java", "kotlin", "rust", "ruby",
                          "php", "csharp", "swift"),
                         "Calls in chains are placed and typed better by this version: run update_index to parse "
                         "the files again.")

# tree-sitter-typescript failed on an interface's generic call signature after another member (hono's
# `interface HandlerInterface`, read as 127-149 of 127-1072; the 34 declarations after it in src/types.ts lost),
# on a type parameter's `in` or `out` (zod) and on `export type * from` (date-fns): what it misreads is repaired
# before the file is read (grammar_repairs.py).
REPARSE_TYPESCRIPT_REPAIRS = reparse(("typescript", "tsx", "svelte", "vue"),
                                     "TypeScript the grammar misread is read whole by this version: run update_index "
                                     "to parse the TypeScript files again.")

# TypeScript and JavaScript scopes: a local export under another name (hono's `export { Hono as HonoBase }`) was no
# name other files could import, so `class Hono extends HonoBase` had no base and no call on a `new Hono()` reached
# route or request (queries/typescript.scm, js_graph.py).
REPARSE_JS_SCOPES = reparse(("javascript", "typescript", "tsx", "svelte", "vue"),
                            "TypeScript and JavaScript scopes and exports are read better by this version: run "
                            "update_index to parse their files again.")

# A C or C++ call made on something (`f.close()`, `file_->close()`, jq's `jq->err_cb(...)`) keeps what it is made on
# (name_receivers.py): it was a sure edge to whichever definition of the name its file or an included one held
# (fmt's `file_.close()` in ostream::close was buffered_file::close, LOCAL). A header's `extern "C" {` under
# `#ifdef __cplusplus` made the whole header unreadable, its constants no definitions (grammar_repairs.extern_c_guards).
REPARSE_C_RECEIVERS = reparse(("c", "cpp"), "C and C++ calls made on an object or through a field, and headers with "
                                            "extern C guards, are read better by this version: run update_index to "
                                            "parse their files again.")
# Rust receivers: a `for` loop's variable holds its iterator's `type Item`, a field of a field of a typed receiver is
# followed (ripgrep's `ig.inner.custom_ignore_matcher.matched(..)`), a chain broken over lines is read whole
# (serde_json's match-arm `self\n.formatter\n.write_null()`), `R::peek(self)` and `(**self).f()` reach the bounds of
# the type parameter; a `#[test]` function is stored as one, no target of any call (rust_attributes.py).
REPARSE_RUST_RECEIVERS = reparse(("rust",), "Rust receivers (loop variables, fields of fields, type parameters) and "
                                            "test functions are read better by this version: run update_index to "
                                            "parse the Rust files again.")
# Rust collections and tuple structs: a `for` loop over a collection the file declares holds its element type
# (ripgrep's `for gi in self.inner.explicit_ignores.iter().rev()`, `Arc<Vec<Gitignore>>`), and `self.0` is a tuple
# struct's first field (ripgrep's `struct Override(Gitignore)`: `self.0.matched(..)`) (rust_iterables.py), and a
# macro invoked by its bare name is told from a call (tracing's `debug!(..)` beside `field::debug(..)`: receivers.py),
# and `Some(x)` / `Ok(x)` of a declared Option or Result bind what it holds (serde_json's `Some(other) =>`).
REPARSE_RUST_COLLECTIONS = reparse(("rust",), "What Rust loops over collections, the fields of tuple structs and "
                                              "Some(x) patterns hold, and macros apart from functions, are read "
                                              "better by this version: run update_index to parse the Rust files "
                                              "again.")
# TypeScript and JavaScript definitions: an object literal's methods were top-level methods (hono's `websocket.open`),
# a function assigned to a property in TypeScript no definition (ky's `ky.extend = ...`), each overload signature a
# definition of its own and the implementation without its doc comment (hono's `HonoRequest.header`)
# (queries/typescript.scm, definition_text.take_overloads).
REPARSE_TS_DEFINITIONS = reparse(("javascript", "typescript", "tsx", "svelte", "vue"),
                                 "TypeScript and JavaScript definitions (object literal methods, functions assigned "
                                 "to properties, overloads) are read better by this version: run update_index to "
                                 "parse their files again.")
# Python: a name bound by `with C() as x` held nothing (httpx's tests, `with httpx.Client() as client:
# client.send(...)`: guesses), and an attribute assigned a method's result on a parameter (jinja's
# `self.stream = environment._tokenize(...)`, then 47 calls of `self.stream.expect`) held nothing either
# (python_qualifiers.py); and an `except` clause's classes were no uses (httpx's `except httpx.HTTPStatusError`).
REPARSE_PYTHON_WITH_AND_RESULTS = reparse(("python",), "Python names bound by with and attributes assigned a "
                                                       "method result are read by this version: run update_index "
                                                       "to parse the Python files again.")
# A class read as a value was no use of it: Python's `isinstance(x, Foo)`, `pytest.raises(httpx.HTTPStatusError)`,
# `{httpcore.ProxyError: ProxyError}`, `config_class = Config`; ky's `isErrorType(error, HTTPError)`; gson's
# `assertThrows(JsonSyntaxException.class, ..)`; C#'s `typeof(Foo)` (queries/python.scm, javascript.scm, typescript.scm,
# java.scm, csharp.scm).
REPARSE_CLASS_VALUES = reparse(("python", "javascript", "typescript", "tsx", "svelte", "vue", "java", "csharp"),
                               "Classes read as values (passed, assigned, returned, compared) are read by this "
                               "version: run update_index to parse the Python, JavaScript, TypeScript, Java and C# "
                               "files again.")
# A call of a field or property holding a function was an edge to nothing (no edge led to a variable): hono's
# 1,489 `app.get(...)`/`app.use(...)` on `new Hono()`, echo's `e.HTTPErrorHandler(c, err)`, flask's
# `self.response_class()`. The link now makes it an edge to the field (typed_lookups.TypedLookups.called_field,
# python_lookups.PythonLookups.called_field): the files of the languages that can call one are linked again (Java
# too: it calls Kotlin's properties), nothing parsed again.
_FIELD_CALLERS = "'go', 'java', 'javascript', 'kotlin', 'python', 'tsx', 'typescript'"
RELINK_FIELD_CALLS = f"""
UPDATE coderag_files SET linked = 0 WHERE language IN ({_FIELD_CALLERS});
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now,
       error_message = 'Calls of fields that hold a function are linked to the field by this version: run '
           || 'update_index to link the files again (nothing is parsed again).'
 WHERE status = 'READY' AND project_id IN (SELECT project_id FROM coderag_files WHERE language IN ({_FIELD_CALLERS}));
"""

# A Rust function right inside an inline module (`mod tests { use crate::{WalkBuilder}; fn builder() -> WalkBuilder }`)
# returns the type its module's `use` names: the link read its return type in the file's scope, and ripgrep's
# `let mut b = builder(..); b.hidden(false)` reached nothing (rust_graph.signature_scope).
RELINK_RUST_BLOCK_SIGNATURES = """
UPDATE coderag_files SET linked = 0 WHERE language = 'rust';
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now,
       error_message = 'What Rust functions inside an inline module return is read better by this version: run '
           || 'update_index to link the Rust files again (nothing is parsed again).'
 WHERE status = 'READY' AND project_id IN (SELECT project_id FROM coderag_files WHERE language = 'rust');
"""

# Kotlin multiplatform (okio, the gokt audit): `import okio.ByteString.Companion.of` bound the `of` of the first of
# ByteString's source sets (appleMain's), and jvmTest's `of(*data)` called it; now every source set's, the caller's
# platform choosing (jvm_graph.JvmResolver.class_member_imported). A spread argument (`*data`) was an unknown
# argument list, and the call reached jvmMain's deprecated `of(buffer)` and `of(array, offset, byteCount)` too; it
# is now recorded (`*`, jvm_arguments.call_arguments) and only a vararg parameter takes it. A secondary
# constructor's parameter was a second type of the class's same-named property (DeflaterSink's `sink: Sink` and
# `private val sink: BufferedSink`: `sink.buffer()` was BufferedSink's); now its type inside the constructor alone
# (receiver_bindings.secondary_constructor_range).
REPARSE_KOTLIN_PLATFORMS = reparse(
    ("java", "kotlin"), "Kotlin imports of companion members, spread arguments and secondary constructors are read "
                        "better by this version: run update_index to parse the Java and Kotlin files again.")

# kotlin-ext: a call on a Kotlin string literal is a call on a String (okio's `"abc".encodeUtf8()`, `"/a".toPath()`:
# the receiver was an expression nobody typed), which the link matches to the extensions on String, those of a
# companion object among them (kotlin_extensions.py).
REPARSE_KOTLIN_EXTENSIONS = reparse(
    ("kotlin",), "Kotlin extension functions (in companion objects, called on string literals or on the implicit "
                 "this) are read better by this version: run update_index to parse the Kotlin files again.")

# Python: a class's attributes assigned in its methods (`self.timeout = timeout` in httpx's `Client.__init__`) were no
# definitions, and no read of an attribute was recorded: find_symbol `Client.timeout` found nothing and find_references
# of an attribute listed no read (python_attributes.py). And a test's parameter was no use of the pytest fixture of its
# name: find_references of flask's `app` fixture said 0 references (python_fixtures.py).
REPARSE_PYTHON_ATTRIBUTES = reparse(("python",), "Python attributes assigned in methods are definitions, their reads "
                                                 "uses, and tests parameters uses of their pytest fixtures, in this "
                                                 "version: run update_index to parse the Python files again.")

# C and C++ macros and preprocessor lines the grammars misread, blanked (c_rewrites.py, c_directives.py): fmt's
# format.h was one ERROR node from its first `FMT_CONSTEXPR` line, base.h's `class buffer` ended 85 lines early, and
# jq's `jv_dump_term` ran across an `#ifdef` that opens a brace a second one closes, to the end of jv_print.c.
REPARSE_C_MACROS = reparse(("c", "cpp"), "C and C++ files with macros before declarations or #if groups that open a "
                                         "brace another closes are read better by this version: run update_index to "
                                         "parse their files again.")

# Rust receivers told across files and through chains (rust_values.py, rust_variants.py): an Option or collection field
# declared in another file binds its payload (ripgrep's `if let Some(ref sort) = low.sort`, LowArgs in lowargs.rs),
# a builder chain and an unwrapped Option hold their type (`PrinterPath::new(..).with_separator(..)`,
# `self.path.as_ref().unwrap()`), a name several lets bind holds each let's value, and a let over a match the payload
# its arms take out of a project enum (ripgrep's `ParseResult::Ok(args) => args`).
REPARSE_RUST_DECLARED_ELSEWHERE = reparse(("rust",), "Rust receivers typed by a field declared in another file, a "
                                                     "chain of calls or a match over an enum are read better by this "
                                                     "version: run update_index to parse the Rust files again.")

# Kotlin operator calls (okio's `path / "child"` is Path's `div`: kotlin_operators.py) and standard-library
# results as receivers (`byteArrayOf(..).toByteString()`: kotlin_library.py) are recorded; C and C++ calls through a
# field of a typed variable (jq's `jq->err_cb(..)`: c_receivers.py) carry the variable's type.
REPARSE_KOTLIN_OPERATORS_C_FIELDS = reparse(
    ("kotlin", "c", "cpp"), "Kotlin operator calls and C and C++ calls through struct fields are read better by this "
                            "version: run update_index to parse the Kotlin, C and C++ files again.")

# C structs and unions whose fields macros declare, one a line (libuv's `struct uv_tcp_s { UV_HANDLE_FIELDS ... };`:
# c_rewrites.field_macros), attribute macros after a declaration (redis's `REDISMODULE_ATTR`), an export macro before
# a pointer result (`UV_EXTERN uv_loop_t* uv_default_loop(void)`), and pointers to functions as variables that calls by
# their name reach: uv.h's public types and redismodule.h's API were no definitions.
REPARSE_C_FIELD_MACROS = reparse(("c", "cpp"), "C headers whose macros declare fields or follow declarations, and "
                                               "pointers to functions, are read better by this version: run "
                                               "update_index to parse the C and C++ files again.")

# A C++, C# or Swift call reached the first definition of its name in a file, or none when the name was overloaded
# (fmt's `write2(tm_min(), pad)` was `write2(int)`; serilog's `Write(level, exception, template, value)` the one-argument
# `Write(LogEvent)`; Alamofire's `mutableState.write { .. }` nothing): each call now stores what it passes
# (call_shapes.py) and reaches the overloads that take it (name_overloads.py); a use inside the second overload of a
# name was the first's (store.file_rows).
REPARSE_OVERLOADS = reparse(("cpp", "csharp", "swift"), "C++, C# and Swift calls of overloaded functions are resolved "
                                                        "better by this version: run update_index to parse their "
                                                        "files again.")

# A use inside the second definition of a name in a file (a Java or Kotlin overload, a Python property's setter, a
# TypeScript accessor pair, a Rust trait method of a second impl) was the first definition's: `Runner.run(String)`'s
# calls were listed under `Runner.run(int)` (store.file_rows). Only the files with such a definition (a node id
# ending in `@line`) are parsed again.
_SECOND_DEFINITION_FILES = """SELECT project_id, file_path FROM code_nodes
     WHERE node_type != 'VARIABLE' AND substr(id, length(project_id) + length(file_path) + 3) GLOB '*@[0-9]*'"""
REPARSE_SECOND_DEFINITIONS = reparse_files(_SECOND_DEFINITION_FILES, "Uses inside a second definition of a name are "
                                           "told apart by this version: run update_index to parse the files that "
                                           "hold one again.")

# C enums whose enumerators X-macros write (libuv's `UV_ERRNO_MAP(XX)` between `#define XX` and `#undef XX`:
# c_enum_bodies.py), comments before a `#define`'s continuing backslash (c_directives.continued_comments), a macro
# line at a file's level before a declaration (libuv's `UV_PRIVATE_REQ_TYPES`) and pointers to functions whose
# result type the file does not define (redis's `mstime_t (*RedisModule_GetExpire)(..)`, read as a call): uv.h was
# one ERROR from its include guard on, its prototypes, fields and enumerators no definitions.
REPARSE_C_ENUM_MACROS = reparse(("c", "cpp"), "C enums written by X-macros, macro lines before declarations and "
                                              "pointers to functions of types a header does not define are read "
                                              "better by this version: run update_index to parse the C and C++ "
                                              "files again.")

# A macro call without its `;` at a C file's level before a declaration (jemalloc's `MUTEX_PROF_DATA_NODE(..)` before
# `stats_arenas_i_bins_j_node`: c_rewrites.file_level_calls), a union's X-macro call (uv.h's `union uv_any_req {
# UV_REQ_TYPE_MAP(XX) }`, no use of the macro), a call of a macro's own parameter in its body (`XX(E2BIG, ..)` in
# `UV_ERRNO_MAP(XX)`, linked to a `#define XX`: c_macro_bodies) and an include guard under a comment holding a `#`.
REPARSE_C_LEFTOVERS = reparse(("c", "cpp"), "C macro calls without a semicolon, unions written by X-macros and calls "
                                           "of a macro parameter are read better by this version: run update_index "
                                           "to parse the C and C++ files again.")

# A Kotlin primary constructor below annotations on lines of their own (okhttp's `class HttpLoggingInterceptor` /
# `@JvmOverloads` / `constructor(`) ended its class on its first line: its members were top-level functions
# (source_rewrites.kotlin_constructor_lines).
REPARSE_KOTLIN_ANNOTATED_CONSTRUCTORS = reparse(("kotlin",), "Kotlin classes whose constructor stands below its "
                                                             "annotations are read whole by this version: run "
                                                             "update_index to parse the Kotlin files again.")
