"""Numbered migrations of vault.db, each applied once, in order, and recorded in
`coderag_schema_migrations`. A fresh database gets every migration in turn, so "fresh" and
"migrated" cannot drift apart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterable
from typing import Union

import aiosqlite

from . import python_reparses, relinks, selected_reparses
from .reparse_migrations import (RELINK_26, RELINK_FIELD_CALLS, RELINK_JAVA_CONSTRUCTORS, REPARSE_19, REPARSE_20,
                                 REPARSE_21, REPARSE_22, REPARSE_23, REPARSE_24, REPARSE_25, REPARSE_27, REPARSE_C,
                                 REPARSE_PYTHON_IMPORT_LINES, REPARSE_PYTHON_BUILTIN_DECLARED, REPARSE_RUST,
                                 REPARSE_SPLIT_DEFINITIONS, REPARSE_GO_KOTLIN_RESULTS, REPARSE_RUST_CRATES,
                                 REPARSE_RUST_MACROS_USES_VARIANTS, REPARSE_CHAINS, REPARSE_TYPESCRIPT_REPAIRS,
                                 REPARSE_JS_SCOPES, REPARSE_C_RECEIVERS, REPARSE_RUST_RECEIVERS, REPARSE_TS_DEFINITIONS,
                                 REPARSE_PYTHON_WITH_AND_RESULTS, RELINK_RUST_BLOCK_SIGNATURES,
                                 REPARSE_RUST_COLLECTIONS, REPARSE_CLASS_VALUES, REPARSE_KOTLIN_PLATFORMS,
                                 REPARSE_KOTLIN_EXTENSIONS, REPARSE_PYTHON_ATTRIBUTES, REPARSE_C_MACROS,
                                 REPARSE_RUST_DECLARED_ELSEWHERE, REPARSE_KOTLIN_OPERATORS_C_FIELDS,
                                 REPARSE_C_FIELD_MACROS, REPARSE_OVERLOADS,
                                 REPARSE_SECOND_DEFINITIONS, REPARSE_C_ENUM_MACROS, REPARSE_C_LEFTOVERS,
                                 REPARSE_KOTLIN_ANNOTATED_CONSTRUCTORS)
from .schema import CHUNK_TERMS, MIGRATIONS_TABLE, ONE_RUNNING_JOB_PER_PROJECT, OWN_TABLES, REFERENCES
from .schema_changes import (CHUNK_ROWS_FOLLOW_CHUNKS, CHUNK_ROWS_FOLLOW_CHUNKS_V8, EDGE_RESOLUTIONS_BY_EDGE,
                             FILE_REFERENCES, HISTORY_TABLE, NODE_RANKS, PARSE_ERRORS, REFERENCE_STRUCTURE,
                             SKIPPED_FILES)
from .schema_steps import (LANGUAGE_COUNTS, RANK_DEBT, REFERENCE_QUALIFIER, REINDEX_FOR_TERMS, REPAIR_DUPLICATE_RUNNING,
                           contentless_terms, create_missing_vlt_objects, fts_with_vlt_tokenizer, granted_folder,
                           own_tables_with_cascades, terms_per_project)

Step = Union[str, Callable[[aiosqlite.Connection, str], Awaitable[None]]]

MIGRATIONS: list[tuple[int, str, list[Step]]] = [
    (1, "vlt tables, coderag state tables, one running job per project",
     [create_missing_vlt_objects, OWN_TABLES, REPAIR_DUPLICATE_RUNNING, ONE_RUNNING_JOB_PER_PROJECT]),
    (2, "references and edge resolutions behind the code graph", [REFERENCES]),
    (3, "code-aware search terms and the embedding cache", [CHUNK_TERMS, REINDEX_FOR_TERMS]),
    (4, "search terms stemmed", [REINDEX_FOR_TERMS]),
    (5, "a complete vlt vault: vlt's missing objects, its FTS tokenizer, our rows following vlt's deletes, "
        "centrality on vlt's scale",
     [create_missing_vlt_objects, fts_with_vlt_tokenizer, own_tables_with_cascades, NODE_RANKS,
      CHUNK_ROWS_FOLLOW_CHUNKS]),
    (6, "references keep what they are reached through", [REFERENCE_QUALIFIER]),
    (7, "search terms in a table per project, so BM25 statistics are the project's own", [terms_per_project]),
    (8, "edge resolutions keyed by the edge alone, deleted with it", [EDGE_RESOLUTIONS_BY_EDGE,
                                                                      CHUNK_ROWS_FOLLOW_CHUNKS_V8]),
    (9, "a file's references in one row, the names they use in a table of their own", [FILE_REFERENCES]),
    (10, "the sensitive folder a client's MCP root allowed, kept with the index", [granted_folder]),
    (11, "files and symbols per language counted as files are written", [LANGUAGE_COUNTS]),
    (12, "the edges changed since a project's graph was last ranked", [RANK_DEBT]),
    (13, "search terms tables without a copy of the text (contentless)", [contentless_terms]),
    (14, "the titles of the project's commits and the files they changed", [HISTORY_TABLE]),
    (15, "each file's imports, bases and bindings kept apart, so a link reads a tenth of its references",
     [REFERENCE_STRUCTURE]),
    (16, "the files a job could not index, with their stat data", [SKIPPED_FILES]),
    (17, "C and C++ parsed again: attributes written as macros no longer hide definitions", [REPARSE_C]),
    (18, "Rust parsed again: a doc comment's lines no longer doubled", [REPARSE_RUST]),
    (19, "Go, Haskell, Java and Kotlin parsed again: no comments inside signatures, Go's type assertions "
         "typed, Kotlin's constructors on their own line read, Haskell's first haddock kept", [REPARSE_19]),
    (20, "Go's named types are definitions; calls on a typed receiver's fields declared in other files resolve; "
         "Ruby and PHP calls keep their receivers; C# and Swift read through their #if lines", [REPARSE_20]),
    (21, "Ruby parsed again: a name without parentheses that is no local variable is a call", [REPARSE_21]),
    (22, "JavaScript, TypeScript, Java and Kotlin parsed again: CommonJS definitions and requires, type "
         "arguments, fields of base classes",
     [REPARSE_22]),
    (23, "Python, JavaScript, TypeScript, Go, Rust and Ruby parsed again: a module's or class's variables and "
         "constants are definitions", [REPARSE_23]),
    (24, "Java, Kotlin, C#, PHP, JavaScript, TypeScript, C and C++ parsed again: fields, properties, constants and "
         "macros are definitions, a class field holding a function a method", [REPARSE_24]),
    (25, "Go, Rust, C, C++, TypeScript, Swift, Scala and Dart parsed again: struct, union and class fields, Rust's "
         "enum variants, TypeScript interfaces' members, Swift properties and Scala and Dart values are definitions",
     [REPARSE_25]),
    (26, "edges keep how the uses of each receiver resolved; every file linked again", [RELINK_26]),
    (27, "Rust, Java, PHP, Kotlin and Swift parsed again: a field named like a method of its type is a definition",
     [REPARSE_27]),
    (28, "a Java class's constructor is no member of its subclasses: Java and Kotlin files linked again",
     [RELINK_JAVA_CONSTRUCTORS]),
    (29, "files with a long definition parsed again: its pieces are cut from its own line, the doc comment above "
         "it goes with the first", [REPARSE_SPLIT_DEFINITIONS]),
    (30, "Python parsed again: an import of several lines is at the line of each name it imports; an annotation is "
         "a use of its type",
     [REPARSE_PYTHON_IMPORT_LINES]),
    (31, "Go and Kotlin parsed again: a variable holding a method's result (or a Go variable a field of another) "
         "holds the type the method (or field) declares", [REPARSE_GO_KOTLIN_RESULTS]),
    (32, "Python parsed again: a variable declared as a builtin type (str, Any) holds what is assigned to it",
     [REPARSE_PYTHON_BUILTIN_DECLARED]),
    (33, "Rust parsed again: calls inside macro invocations, nested use trees at any depth, enum variant paths as "
         "uses of the enum", [REPARSE_RUST_MACROS_USES_VARIANTS]),
    (34, "Rust parsed again: `extern crate x as y` keeps its alias; paths into a workspace's other crates and the "
         "package's own name resolve", [REPARSE_RUST_CRATES]),
    (35, "JavaScript, TypeScript, Go, Java, Kotlin, Rust, Ruby, PHP, C# and Swift parsed again: a call in a chain is "
         "at its name's line, and one on what a variable's method returns is typed by that method", [REPARSE_CHAINS]),
    (36, "the files with a place the grammar could not read outside functions; TypeScript parsed again: an "
         "interface's generic call signatures, a type parameter's variance and `export type *` are read whole",
     [PARSE_ERRORS, REPARSE_TYPESCRIPT_REPAIRS]),
    (37, "TypeScript and JavaScript parsed again: a local export under another name, the scopes of definitions in "
         "callbacks and of destructured names", [REPARSE_JS_SCOPES]),
    (38, "C and C++ parsed again: a call made on an object or through a field keeps what it is made on; a header's "
         "extern C guards are blanked",
     [REPARSE_C_RECEIVERS]),
    (39, "Rust parsed again: a loop variable holds its iterator's items, fields of fields and type parameters' "
         "path and dereferenced calls are typed, test functions are no call targets", [REPARSE_RUST_RECEIVERS]),
    (40, "TypeScript and JavaScript parsed again: an object literal's methods are its variable's, a function assigned "
         "to a property is a definition, overload signatures are their implementation's", [REPARSE_TS_DEFINITIONS]),
    (41, "Python parsed again: a name bound by with holds what __enter__ returns, an attribute assigned a method "
         "result of a typed parameter what the method returns; an except clause uses the classes it catches",
     [REPARSE_PYTHON_WITH_AND_RESULTS]),
    (42, "Go, Java, JavaScript, Kotlin, Python and TypeScript linked again: a call of a field holding a function is an "
         "edge to the field", [RELINK_FIELD_CALLS]),
    (43, "Rust linked again: a function inside an inline module returns the type its module's use names",
     [RELINK_RUST_BLOCK_SIGNATURES]),
    (44, "Rust parsed again: a loop over a collection holds its element type, self.0 is a tuple struct's first field, "
         "a macro invocation is no call of a function of its name, Some(x) holds what the Option holds",
     [REPARSE_RUST_COLLECTIONS]),
    (45, "Python, JavaScript, TypeScript, Java and C# parsed again: a class read as a value (passed, assigned, returned, "
         "raised, compared, in a collection; C.class, typeof(C)) is a use of it", [REPARSE_CLASS_VALUES]),
    (46, "Java and Kotlin parsed again: an imported companion member is the caller's platform's, a spread argument "
         "only a vararg parameter takes, a secondary constructor's parameter is its own", [REPARSE_KOTLIN_PLATFORMS]),
    (47, "Kotlin parsed again: a call on a string literal is a call on a String (the extensions on String, a companion "
         "object's among them)", [REPARSE_KOTLIN_EXTENSIONS]),
    (48, "Python parsed again: attributes assigned in methods are definitions of their class, attribute reads on "
         "a typed receiver uses of them, a test's parameter a use of its pytest fixture", [REPARSE_PYTHON_ATTRIBUTES]),
    (49, "C and C++ parsed again: macros before declarations, #if groups whose branches do not balance their braces "
         "and preprocessor lines inside initializer lists are blanked", [REPARSE_C_MACROS]),
    (50, "Rust parsed again: fields declared in another file, chains of calls, unwrapped Options, shadowing lets and "
         "lets over a match over a project enum type their receivers", [REPARSE_RUST_DECLARED_ELSEWHERE]),
    (51, "Kotlin, C and C++ parsed again: Kotlin operator calls (`path / \"child\"`) and standard-library results as "
         "receivers, C and C++ calls through a field of a typed variable (`jq->err_cb(..)`)",
     [REPARSE_KOTLIN_OPERATORS_C_FIELDS]),
    (52, "C and C++ parsed again: struct bodies' lines that are one macro name (the fields it declares), attribute "
         "macros after a declaration and export macros before a pointer result are blanked; pointers to functions are "
         "variables their calls reach", [REPARSE_C_FIELD_MACROS]),
    (53, "C++, C# and Swift parsed again: a call keeps what it passes and reaches the overloads that take it, a use "
         "inside an overload is its own", [REPARSE_OVERLOADS]),
    (54, "Files with a second definition of a name parsed again: a use inside it is its own, in every language",
     [REPARSE_SECOND_DEFINITIONS]),
    (55, "C and C++ parsed again: enum bodies' X-macro lines, comments before a #define's continuation and macro "
         "lines before a declaration are blanked; pointers to functions read as calls are variables",
     [REPARSE_C_ENUM_MACROS]),
    (56, "C and C++ parsed again: macro calls without a ; before a declaration are read apart, unions' X-macro calls "
         "are uses of the macro, a macro's calls of its own parameters are none, include guards under a comment "
         "holding a # are tried", [REPARSE_C_LEFTOVERS]),
    (57, "Files linked again where tests are told by each language's conventions (Swift's Tests/, Kotlin's jvmTest/, "
         "test.ts): a call in the product is not linked by name alone to a test's definition",
     [relinks.relink_projects_with_tests_told_apart]),
    (58, "Kotlin parsed again: a primary constructor below annotations on lines of their own, or at a line's start, "
         "keeps its class whole",
     [REPARSE_KOTLIN_ANNOTATED_CONSTRUCTORS]),
    (59, "Kotlin files that failed to parse parsed again: binary literals are read",
     [selected_reparses.REPARSE_KOTLIN_BINARY_LITERALS]),
    (60, "Ruby files with an attr_writer parsed again: it defines the setter x=, not x",
     [selected_reparses.REPARSE_RUBY_ATTR_WRITERS]),
    (61, "Ruby files linked again: a core library method called on an untyped receiver is only a guess",
     [relinks.RELINK_RUBY_LIBRARY_METHODS]),
    (62, "C, C++, C# and Swift files linked again: a call on an untyped receiver that no function of its name can "
         "take reaches nothing; an include path names its file whole", [relinks.RELINK_UNTYPED_SHAPE_MISSES]),
    (63, "Projects of several language families linked again: a name is resolved within its language's family",
     [relinks.relink_projects_of_several_families]),
    (64, "PHP files linked again: a call on a value reaches no static function", [relinks.RELINK_PHP_STATIC_FUNCTIONS]),
    (65, "C# and PHP files with a new X(..) parsed again: a class or its constructor, never a method X",
     [selected_reparses.REPARSE_OBJECT_CREATIONS]),
    (66, "C++ files with a union parsed again: a macro before its constructor is blanked",
     [selected_reparses.REPARSE_CPP_UNIONS]),
    (67, "Swift files with a closure handed a continuation or a buffer parsed again: calls on its parameter are the "
         "library's", [selected_reparses.REPARSE_SWIFT_CLOSURE_VALUES]),
    (68, "Python files with @overload stubs parsed again: the stubs are their implementation's lines",
     [python_reparses.REPARSE_PYTHON_OVERLOADS]),
    (69, "C# files parsed again: a call on a class written by name reaches its member",
     [selected_reparses.REPARSE_CSHARP_CLASS_RECEIVERS]),
    (70, "Files of the languages resolved by name linked again: ties broken by folder and file name, .NET's methods "
         "guessed",
     [relinks.RELINK_NAME_TIES]),
    (71, "Swift files parsed again: freestanding macros without arguments are read, attributes name their types, "
         "values their declarations type; a literal takes no array parameter",
     [selected_reparses.REPARSE_SWIFT_MACROS_AND_ATTRIBUTES]),
    (72, "Java and Kotlin files linked again: inherited overloads, and array variables passed where arrays are taken",
     [relinks.RELINK_JVM_OVERLOADS]),
    (73, "Go files parsed again: a function literal's parameters and typed variables are its own, a loop's items and "
         "a slice's elements have the slice's element type, and var x = T{} or NewT() says what x holds",
     [selected_reparses.REPARSE_GO_CLOSURES]),
    (74, "Swift and C# files that failed to parse parsed again: first branches of #if kept when they read more lines",
     [selected_reparses.REPARSE_SWIFT_FIRST_BRANCHES, selected_reparses.REPARSE_CSHARP_FIRST_BRANCHES]),
    (75, "TypeScript and JavaScript files with a list of imports or exports holding an alias parsed again: a name "
         "listed twice keeps each its own alias", [selected_reparses.REPARSE_REPEATED_EXPORTS]),
    (76, "Python files with isinstance, issubclass or a pytest mark parsed again: the classes tested, whatever their "
         "case, are used; a mark is no use",
     [python_reparses.REPARSE_PYTHON_INSTANCE_TESTS]),
    (77, "JavaScript and TypeScript files with a decorated class parsed again: a decorator named alone is a use",
     [selected_reparses.REPARSE_JS_DECORATORS]),
    (78, "Java files parsed again, Kotlin, TS/JS and Rust files linked again: a call reaches the overloads its "
         "arguments pick, one on what a call returns the returned type's method, one through a static field its type's",
     [selected_reparses.REPARSE_JAVA_ARGUMENTS, relinks.RELINK_KOTLIN_OVERLOADS]),
    (79, "Python, TS/JS and Go files linked again, the TS/JS and Go files defining a variable at their top level "
         "parsed again: a call of a module's variable by its name reaches it; a package's subpath is found by its "
         "exports",
     [selected_reparses.REPARSE_FILE_VARIABLE_CALLS, selected_reparses.REPARSE_DESTRUCTURED_REQUIRES,
      relinks.RELINK_VARIABLE_CALLS]),
    (80, "PHP, C#, Swift, C++ and Ruby files linked again: a call through this, self, parent, base or super reaches "
         "the method the class inherits; a bare PHP call is no method's", [relinks.RELINK_INHERITED_CALLS]),
    (81, "Kotlin files with a class literal parsed again, Java and Kotlin files linked again: X::class picks the "
         "KClass overload, an argument of unknown type reaches vararg overloads too",
     [selected_reparses.REPARSE_KOTLIN_CLASS_LITERALS, relinks.RELINK_JVM_UNKNOWN_VARARGS]),
    (82, "Python files with `or` or a conditional expression beside a call parsed again: a value given or made by a "
         "call holds what the call returns", [python_reparses.REPARSE_PYTHON_GIVEN_OR_MADE]),
    (83, "PHP files with a class written with its namespace or a call on a variable parsed again, PHP files linked "
         "again: an import is found by its namespace, a class written fully qualified is of that namespace only, a "
         "call on a variable its function types reaches that class method",
     [selected_reparses.REPARSE_PHP_NAMESPACES_AND_TYPES, relinks.RELINK_PHP_NAMESPACES]),
    (84, "PHP files with a call on a variable, a property or a call's result parsed again: a property's class its "
         "class declares or assigns, a union's one class, an intersection's first, an instanceof test's, a catch's, a "
         "method's declared return type, reach that class's method; a library's class only the methods of project "
         "classes deriving from it",
     [selected_reparses.REPARSE_PHP_PROPERTY_TYPES]),
    (85, "Ruby files parsed again: a call without a receiver reaches its class's or an ancestor's method (of `def "
         "self.x` and `def x`, its own level's), super the ancestors', never another class's in its file; a mixin in "
         "a block is a use; RSpec's words in a spec are RSpec's", [selected_reparses.REPARSE_RUBY_CALLS]),
    (86, "PHP files parsed again: a class or function written alone and not imported is the one of the file's own "
         "namespace (a function else the global one's), one written fully qualified the one of that namespace",
     [selected_reparses.REPARSE_PHP_OWN_NAMESPACE]),
    (87, "Swift and PHP files linked again: a call on a class written by name reaches the method it inherits (a "
         "Swift protocol extension's static method)", [relinks.RELINK_INHERITED_STATIC_CALLS]),
    (88, "C# and Swift files linked again: a C# class written by name reaches its method of a name defined more than "
         "32 times, a .NET class nothing of the project; a Swift call of a library method name is a guess",
     [relinks.RELINK_LIBRARY_RECEIVERS]),
    (89, "C# files parsed again: a generic type and its namesake of another arity are two types (Policy<TResult> and "
         "Policy); a reference reaches the one whose number of type arguments it writes",
     [selected_reparses.REPARSE_CSHARP_GENERIC_ARITY]),
    (90, "Swift files linked again: a call whose labels no Swift definition of its name takes reaches nothing of the "
         "project (a memberwise init, a subscript)", [relinks.RELINK_SWIFT_UNTAKEN_LABELS]),
    (91, "C# files parsed again: a call on a parameter, field, property or local reaches the member of the type it is "
         "declared with, else the member it inherits or an extension method written for it",
     [selected_reparses.REPARSE_CSHARP_DECLARED_TYPES]),
    (92, "Swift files parsed again: a call with a trailing closure after its arguments on lines of their own keeps the "
         "closure in its shape", [selected_reparses.REPARSE_SWIFT_NESTED_TRAILING_CLOSURES]),
    (93, "C# files parsed again: a call on a local `var` takes from a call reaches the member of what that call "
         "returns; a chain of calls keeps the type arguments each call writes",
     [selected_reparses.REPARSE_CSHARP_LOCALS_FROM_CALLS]),
    (94, "C# files parsed again: a call on a local an awaited call gives (`var x = await GetAsync()`) reaches the "
         "member of what the Task<T> the method returns holds; an argument written as a class's member "
         "(`Outcome.Fault`) is typed at link, and a value no delegate holds is passed to no Action or Func",
     [selected_reparses.REPARSE_CSHARP_AWAITED_LOCALS]),
    (95, "Python files parsed again: a call on what a call returns (a chain, or a local it was assigned to), on what a "
         "function without a return annotation returns, and on a pytest fixture a test takes reaches that class's "
         "method", [python_reparses.REPARSE_PYTHON_CHAINS_AND_FIXTURES]),
    (96, "TypeScript and JavaScript files parsed again: a call on what a function without a return annotation "
         "returns (or on a variable assigned such a call), and a call of a name destructured from a value, reach the "
         "member of what the value is", [selected_reparses.REPARSE_JS_RETURNS_AND_DESTRUCTURING]),
    (97, "TypeScript and JavaScript files parsed again: a call on a variable holding an object literal reaches the "
         "literal's method, or the function its property names; a call on an array, string or regex literal (or a "
         "variable one is assigned to) is a builtin's", [selected_reparses.REPARSE_JS_OBJECT_LITERALS]),
    (98, "JavaScript and TypeScript files parsed again: a variable holding a required module, called as a function, "
         "reaches what the module's module.exports holds", [selected_reparses.REPARSE_JS_MODULE_EXPORTS]),
    (99, "Python files parsed again: a class deriving from a subscripted generic base inherits its methods; a local "
         "alias called reaches what it names; a "
         "method of a base from outside the project, or of a value of the language (a list, a string, a file), is no "
         "guess",
         [python_reparses.REPARSE_PYTHON_GENERIC_BASES]),
    (100, "Go files parsed again: a generic function called with a type argument written is a call of it",
          [selected_reparses.REPARSE_GO_INSTANTIATED_CALLS]),
    (101, "C# files parsed again: usings reach the files declaring their namespace, a type written with its namespace "
          "is that namespace's, a target-typed new(..) makes its target type",
          [selected_reparses.REPARSE_CSHARP_NAMESPACES]),
    (102, "Rust files linked again: a file in tests/, examples/ or benches/ is a crate of its own; a call on an "
          "untyped value guesses only methods taking self",
          [relinks.RELINK_RUST_TARGET_CRATES]),
    (103, "Java files passing this parsed again: the call reaches the overload taking its class; Java and Kotlin "
          "files linked again: a parameter of a nested type takes a project class implementing it",
          [selected_reparses.REPARSE_JAVA_THIS_ARGUMENTS, relinks.RELINK_JVM_NESTED_PARAMETERS]),
    (104, "TypeScript, JavaScript and Go files linked again: a call on a file-level variable is on what its "
          "declaration holds, and an arrow function's declared return type is read",
          [relinks.RELINK_VARIABLE_VALUES]),
    (105, "Java and Kotlin files parsed again: an enum constant with a body is a class extending the enum, and a "
          "nested class reads the fields of the classes around it", [selected_reparses.REPARSE_JVM_ENUM_BODIES]),
    (106, "C and C++ files linked again, C++ files parsed again: a call written in std is the standard library's, "
          "a call on a field of the class is on the type the field declares, a file sees what its includes include",
          [selected_reparses.REPARSE_CPP_STD_CALLS_AND_FIELDS, relinks.RELINK_CPP_STD_CALLS]),
    (107, "Java and Kotlin files linked again: a private declaration is reached from its own file alone, a Kotlin "
          "function hidden from the caller (a JVM name Java cannot write, deprecated at level ERROR or HIDDEN) from "
          "none; a package split over modules sees the classes of its other modules; a class made is the actual of the "
          "platform of the caller",
          [relinks.RELINK_JVM_PRIVATE]),
    (108, "Python files parsed again: a call of an instance reaches its class's __call__; a method called on a "
          "typed value is no guess of a function",
          [python_reparses.REPARSE_PYTHON_CALLED_INSTANCES]),
    (109, "C++ files parsed again, C and C++ files linked again: a literal or a variable passed picks among overloads "
          "(a narrow string is no wide string and no number), a parameter whose type holds a pack takes one "
          "argument, a preprocessor group after the colon of a constructor is read inside it, and a member declared "
          "in its class is reached at its definition outside it",
          [selected_reparses.REPARSE_CPP_LITERAL_ARGUMENTS, relinks.RELINK_CPP_PACK_PARAMETERS]),
    (110, "C and C++ files linked again: a function declared in a header is reached at its body in a source file of "
          "the header stem, or in the one C file defining it", [relinks.RELINK_C_PROTOTYPES]),
    (111, "Python files parsed again, files with a sure edge some of whose uses were guessed linked again: a local "
          "assigned an attribute of another local holds what the attribute holds, a call of what a factory returns "
          "reaches the function it returns; an edge counts the calls that surely reached it",
          [python_reparses.REPARSE_PYTHON_ATTRIBUTE_ALIASES, relinks.RELINK_GUESSED_USES]),
    (112, "Files with a guess of a test definition from outside the tests linked again: such a call is no guess of it",
          [relinks.relink_files_guessing_into_tests]),
    (113, "JavaScript and TypeScript files linked again: a default import reaches its module own default export, "
          "none an export * passes on", [relinks.RELINK_JS_DEFAULT_EXPORTS]),
    (114, "Go files parsed again: a variable holds the values of a map it reads, what a chain of calls returns and "
          "what a method of a field type returns; a loop variable named as a typed one is the loop own alone",
          [selected_reparses.REPARSE_GO_VALUES]),
    (115, "JavaScript and TypeScript files parsed again: a name destructured from a typed value holds the type of its "
          "field, a variable given a ?? new X() an X; a property called reaches its getter, not its setter",
          [selected_reparses.REPARSE_JS_DESTRUCTURED_FIELDS]),
    (116, "Files calling a name they define linked again: a recursive call is an edge from its definition to itself "
          "(a C function calling its own name reaches no namesake of another file); of overloads, the caller only "
          "when no other takes the call; a Kotlin name imported by name is the imported one, not the file own",
          [relinks.RELINK_RECURSION]),
    (117, "Kotlin files parsed again: this@Outer is the instance of the outer class, this@label of a lambda one "
          "nobody typed", [selected_reparses.REPARSE_KOTLIN_LABELLED_THIS]),
    (118, "Python files using a property setter parsed again: an attribute before a colon is read (if x.a:, a[x.b:]), "
          "not written, unless it annotates an assignment", [python_reparses.REPARSE_PYTHON_READS_BEFORE_COLONS]),
    (119, "Python files parsed again: a loop variable holds what its collection is declared to hold (for leaf in "
          "self.leaves of leaves: List[Leaf]), a comprehension variable too; a union holds each of its classes, a "
          "type alias what it stands for",
     [python_reparses.REPARSE_PYTHON_LOOP_VARIABLES]),
    (120, "Python files parsed again: an item of a declared collection holds its elements (self.leaves[0] of leaves: "
          "List[Leaf]), of a mapping its values (d[key], d.values(), d.items()), a slice its collection ones",
     [python_reparses.REPARSE_PYTHON_ITEMS]),
    (121, "Python files parsed again: an item a method of a declared collection gives holds its elements, a mapping "
          "its values (d.get(key), d.setdefault(key, v), d.pop(key), xs.pop(), queue.popleft()); a collection of "
          "type[C] holds C itself; self and cls outside a method are names like any other; an attribute read on a "
          "class by its name is kept (Color.RED); a collection made from another holds its items (sorted(xs)); "
          "except E as err binds an E; a class defined in a function declares its variables; x = await f() holds "
          "what f returns, x = cast(Foo, y) a Foo, with cm() as x what a contextmanager yields; a project whose "
          "folder is a package finds its modules by its name (from sphinx.x import y in sphinx/)",
     [python_reparses.REPARSE_PYTHON_ITEM_CALLS]),
    (122, "TypeScript and Python files with overload signatures nothing implements parsed again (an interface's, a "
          "declare function's, a Protocol's @overload stubs: one definition, as an implemented one's are); "
          "JavaScript and TypeScript files linked again: a call of a class reaches no interface merged with it",
     [selected_reparses.REPARSE_UNIMPLEMENTED_OVERLOADS, relinks.RELINK_JS_MERGED_INTERFACES]),
    (123, "Python files parsed again: cls(..) in a classmethod is a call of the class; a variable holds what "
          "calling another gives (of a parameter typed by a class, what its __call__ returns); a local alias of a "
          "method called is a call of it",
     [python_reparses.REPARSE_PYTHON_CALLED_LOCALS]),
    (124, "C# files linked again: a call on a class reaches no explicit implementation of an interface method its "
          "base declares, nor a static method; a value of a project type is passed only as a parameter of a type it "
          "is",
     [relinks.RELINK_CSHARP_INHERITED_EXPLICIT]),
    (125, "Java and Kotlin files parsed again: an argument that is a call is typed by what it returns; a "
          "StringBuilder argument takes only the overloads it can be passed to; a Kotlin extension of a type "
          "parameter extends its bound", [selected_reparses.REPARSE_JVM_CALL_RESULTS]),
    (126, "Rust files parsed again: a call reaches the impls of a trait whose method can take what it passes",
     [selected_reparses.REPARSE_RUST_ARGUMENT_KINDS]),
    (127, "C++ files parsed again: a constructor's signature ends before its member initializers; a call passing a "
          "value of a class reaches the overloads that take it, and overloads are ranked as the compiler ranks them",
     [selected_reparses.REPARSE_CPP_CONSTRUCTOR_SIGNATURES]),
    (128, "PHP files linked again: a call on a typed receiver reaches the class of its name the file means; and the "
          "projects whose files PHPUnit's names make tests (XTest.php beside its code, XTestCase.php)",
     [relinks.RELINK_PHP_CLASSES_MEANT, relinks.relink_projects_with_phpunit_tests]),
    (129, "Ruby files parsed again: a variable (a local, an @instance variable) holds an object of the class every "
          "assignment of it makes; Rack::Request.new(..) makes a Rack::Request, not any class named Request",
     [selected_reparses.REPARSE_RUBY_VARIABLES]),
    (130, "Java files parsed again: a method declared to return a generic type (Response<T>) returns it; an array "
          "made in an argument (new Object[] {..}) is an array", [selected_reparses.REPARSE_JAVA_GENERIC_RETURNS]),
    (131, "Java files linked again: a parameter of a nested class written with its outer class (Retrofit.Builder) "
          "takes only what is one", [relinks.RELINK_JAVA_NESTED_PARAMETERS]),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


async def apply_migrations(db: aiosqlite.Connection, now: str) -> list[int]:
    """Inside a write transaction: apply the migrations this file lacks, in order; return the versions applied."""
    applied: list[int] = []
    await db.execute(MIGRATIONS_TABLE)
    done = {row[0] for row in await db.execute_fetchall("SELECT version FROM coderag_schema_migrations")}
    for version, name, steps in MIGRATIONS:
        if version in done:
            continue
        for step in steps:
            if callable(step):
                await step(db, now)
                continue
            for statement in _split_statements(step):
                await db.execute(statement, {"now": now} if ":now" in statement else {})
        await db.execute(
            "INSERT INTO coderag_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (version, name, now),
        )
        applied.append(version)
    return applied


def _split_statements(script: str) -> Iterable[str]:
    """Split a script into statements (ours never put a semicolon inside a literal)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
