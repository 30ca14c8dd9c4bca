"""What the indexer knows about each language, as data: extensions, grammar, and query file.

Each language's knowledge is the tree-sitter query in `queries/<name>.scm`; the Python code only
reads capture names. The convention:

- `@definition.class`, `@definition.function` or `@definition.method` on a definition node, with `@name` on its name
  (and, for methods declared outside their type, `@context` on the type's name, as Go's receivers; `@body` on a body
  the grammar puts beside the definition node instead of inside it, as Dart's function_signature then function_body).
  Classes include structs, interfaces, traits, enums and modules. A function found inside a class is a method; nesting
  gives qualified names (`Class.method`).
- `@scope` with `@name`: a container that qualifies the names inside it without being a definition of its own (Rust's
  `impl Point { ... }`).
- `@reference.call` with `@name` (the called name; for `obj.method()` the `method`), `@reference.inherit` with `@name`
  (a base class, an implemented interface or trait), `@reference.import` with `@module` (the module or path as written)
  and optionally `@name` (an imported symbol), `@reference.decorate` with `@name`, `@reference.type` with `@name`.

Python keeps its doc comment as the first string of the body; every other language keeps it in
the comments just above the definition (with attributes such as Rust's `#[derive]` in between).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .c_directives import include_guard
from .c_rewrites import c_rewrites, cpp_rewrites
from .grammar_repairs import kotlin_binary_literals, swift_macro_expressions, typescript_repairs
from .source_rewrites import (C_ANNOTATION_MACROS, first_branches, kotlin_constructor_lines,
                              swift_empty_attribute_arguments)
from .text_languages import TEXT_ONLY_EXTENSIONS, TEXT_ONLY_FILENAMES


@dataclass(frozen=True)
class LanguageSpec:
    name: str
    grammar: str
    extensions: tuple[str, ...]
    # How doc comments are written: "body_string" (Python) or "leading_comments".
    doc_style: str = "leading_comments"
    # Nodes that wrap a definition and belong to its chunk (decorators, `export`).
    wrapper_types: frozenset[str] = field(default_factory=frozenset)
    # Nodes just above a definition that belong to it (Rust's `#[derive(...)]`).
    attribute_types: frozenset[str] = field(default_factory=frozenset)
    # The query file, when another language's serves (TSX shares TypeScript's).
    query_file: str | None = None
    # Query files appended to the language's own (JavaScript's and TypeScript's bindings, read alike).
    shared_query_files: tuple[str, ...] = ()
    # No query: the file is indexed as module chunks only (see text_languages.py).
    text_only: bool = False
    # A component whose code is its `<script>` blocks, parsed as JavaScript or TypeScript
    # (Svelte, Vue; see embedded.py); `grammar` then names the markup's grammar, unused.
    script_host: bool = False
    # Macros the grammar cannot read, blanked (to spaces, so offsets and lines stay) before parsing:
    # attributes written as calls (see source_rewrites.C_ANNOTATION_MACROS).
    blanked: re.Pattern[bytes] | None = None
    # What the grammar misreads, rewritten to what it reads, offsets kept (see
    # source_rewrites.kotlin_constructor_lines).
    rewritten: Callable[[bytes], bytes] | None = None
    # Conditional compilation read as one of its branches when the file does not parse as written and does
    # better as rewritten (see source_rewrites.first_branches).
    directives: Callable[[bytes], bytes] | None = None
    # What the grammar fails on, rewritten to what it reads when the file does not parse as written and does better
    # as rewritten: offsets kept and no name touched, so the tree of the rewritten code reads the file's own text
    # (see grammar_repairs.py).
    repaired: Callable[[bytes], bytes] | None = None
    # Where a module's or class's variables are declared: the statements that declare them (`assignment`), and the
    # nodes a walk from the file's root goes into to find those statements (a class and its body, an `if` at module
    # level; `parent>child` for a child only under that parent), never a function's body but for the types declared
    # in it (`variable_passages`: `class TestStyle(Style): color = 5` in a Python test function holds `color`); then
    # `queries/<name>.variables.scm` reads each statement found. None: a variable is no definition. (As patterns of
    # the main query, rooted at the module, they held a partial match through every node of the file: +8% of sympy's
    # parse; run over the whole tree, they met every function's locals.)
    variable_statements: frozenset[str] = field(default_factory=frozenset)
    variable_scopes: frozenset[str] = field(default_factory=frozenset)
    variable_passages: frozenset[str] = field(default_factory=frozenset)
    # Of those statements, the ones whose variables are the file's wherever they are written (C's `#define` inside
    # a struct's body), and the ones whose variables are members of the type around them (the nearest of
    # `member_owners`), none when that type is no definition (the fields of C's `static struct { int a; } state;`,
    # or of an unnamed struct inside a struct: `struct { int x; } in;` holds `in.x`, no field of the outer struct).
    file_statements: frozenset[str] = field(default_factory=frozenset)
    member_statements: frozenset[str] = field(default_factory=frozenset)
    member_owners: frozenset[str] = field(default_factory=frozenset)
    # A type may hold a field and a method of one name (Kotlin's `val size` and `fun size()`, a Rust field and its
    # getter, Swift's `var interceptor` and `func interceptor(_:)`): both are definitions, where elsewhere a
    # variable named like a definition is that definition assigned again (Python's `f = decorate(f)`).
    fields_beside_methods: bool = False
    # Signatures an implementation of the same name follows (TypeScript's overloads): they and the doc comment above
    # the first are the implementation's, no definitions of their own (definition_text.take_overloads).
    overload_types: frozenset[str] = frozenset()
    # Decorators that make a definition such a signature (Python's `@overload` stubs above the implementation).
    overload_decorators: frozenset[str] = frozenset()
    # The variables query files, when not `<name>.variables.scm` alone (TypeScript and TSX share JavaScript's,
    # with their own for class fields, which the two grammars name differently).
    variables_query_files: tuple[str, ...] = ()
    # Whether a method's body sees its class's methods by their bare names (Java's implicit `this`). Not in
    # Python: `getattr(obj, attribute)` inside jinja's `Environment.getattr` is the builtin, never the method
    # calling itself (find_references listed it as the method's own recursive call, LOCAL).
    methods_in_scope: bool = True

    @functools.cached_property
    def query_source(self) -> str:
        names = (self.query_file or f"{self.name}.scm", *self.shared_query_files)
        return "\n".join(resources.files(__package__).joinpath("queries").joinpath(name).read_text() for name in names)

    @functools.cached_property
    def variables_query_source(self) -> str:
        if not self.variable_statements:
            return ""
        names = self.variables_query_files or (f"{self.name}.variables.scm",)
        return "\n".join(resources.files(__package__).joinpath("queries").joinpath(name).read_text() for name in names)


# Where variables are declared (LanguageSpec.variable_statements, variable_scopes): Python's at module level,
# under its if/try/with/for blocks and in class bodies; JavaScript's and TypeScript's at the top of a module and
# in a class body (its fields).
_PYTHON_VARIABLES: dict[str, Any] = {
    "variable_statements": frozenset({"assignment"}),
    "variable_scopes": frozenset({"if_statement", "elif_clause", "else_clause", "try_statement", "except_clause",
                                  "finally_clause", "with_statement", "for_statement", "while_statement", "block",
                                  "class_definition", "decorated_definition"}),
    "variable_passages": frozenset({"function_definition"}),
}
_JS_VARIABLES: dict[str, Any] = {
    "variable_statements": frozenset({"lexical_declaration", "variable_declaration", "expression_statement",
                                      "field_definition", "public_field_definition", "required_parameter",
                                      "optional_parameter", "property_signature"}),
    # (a method's parameters, not its body: TypeScript's `constructor(private readonly http: HttpClient)`; an
    # interface's and an object type alias's properties)
    "variable_scopes": frozenset({"export_statement", "class_declaration", "abstract_class_declaration", "class_body",
                                  "method_definition", "formal_parameters", "interface_declaration", "interface_body",
                                  "type_alias_declaration", "object_type"}),
}
# C's and C++'s: macros, enum constants and variables of a file (and of a C++ namespace), also under `#ifdef`, and
# the fields of a struct, union or class (C++'s templates too) declared there, in a declaration (`struct config
# {...} config;`) or in a field (`struct level {...} level[];`): a declaration or a field is a statement and a scope.
_C_VARIABLES: dict[str, Any] = {
    # (an `expression_statement` at a file's level is a declaration the grammar misread: queries/c.variables.scm)
    "variable_statements": frozenset({"preproc_def", "declaration", "enumerator", "field_declaration",
                                      "expression_statement"}),
    "variable_scopes": frozenset({"preproc_ifdef", "preproc_if", "preproc_elif", "preproc_elifdef", "preproc_else",
                                  "linkage_specification", "type_definition", "enum_specifier", "enumerator_list",
                                  "struct_specifier", "union_specifier", "field_declaration_list", "declaration",
                                  "field_declaration"}),
    "file_statements": frozenset({"preproc_def"}),
    "member_statements": frozenset({"field_declaration"}),
    "member_owners": frozenset({"struct_specifier", "union_specifier", "class_specifier"}),
    "variables_query_files": ("c.variables.scm",),
}
_CPP_VARIABLES: dict[str, Any] = {
    **_C_VARIABLES, "variable_scopes": _C_VARIABLES["variable_scopes"] | {"namespace_definition", "declaration_list",
                                                                          "class_specifier", "template_declaration"},
    "variables_query_files": ("c.variables.scm", "cpp.variables.scm"),
}
_JS_QUERIES = ("javascript.variables.scm", "javascript.fields.scm")
_JS_BINDS = ("javascript.binds.scm",)
_TS_QUERIES = ("javascript.variables.scm", "typescript.fields.scm")
_TS_OVERLOADS = frozenset({"function_signature", "method_signature"})

LANGUAGES: tuple[LanguageSpec, ...] = (
    LanguageSpec("python", "python", (".py", ".pyi"), doc_style="body_string",
                 wrapper_types=frozenset({"decorated_definition"}), methods_in_scope=False,
                 overload_decorators=frozenset({"@overload", "@typing.overload", "@t.overload",
                                                "@typing_extensions.overload"}), **_PYTHON_VARIABLES),
    LanguageSpec("javascript", "javascript", (".js", ".jsx", ".mjs", ".cjs"),
                 wrapper_types=frozenset({"export_statement"}), variables_query_files=_JS_QUERIES,
                 shared_query_files=_JS_BINDS, **_JS_VARIABLES),
    LanguageSpec("typescript", "typescript", (".ts", ".mts", ".cts"),
                 wrapper_types=frozenset({"export_statement"}), repaired=typescript_repairs,
                 overload_types=_TS_OVERLOADS, variables_query_files=_TS_QUERIES, shared_query_files=_JS_BINDS,
                 **_JS_VARIABLES),
    LanguageSpec("tsx", "tsx", (".tsx",), query_file="typescript.scm",
                 wrapper_types=frozenset({"export_statement"}), repaired=typescript_repairs,
                 overload_types=_TS_OVERLOADS, variables_query_files=_TS_QUERIES, shared_query_files=_JS_BINDS,
                 **_JS_VARIABLES),
    LanguageSpec("go", "go", (".go",),
                 variable_statements=frozenset({"const_declaration", "var_declaration", "field_declaration"}),
                 # (a struct type's fields: `type X struct { ... }`, alone or in a group)
                 variable_scopes=frozenset({"type_declaration", "type_spec", "struct_type", "field_declaration_list"})),
    LanguageSpec("rust", "rust", (".rs",), attribute_types=frozenset({"attribute_item"}),
                 fields_beside_methods=True,
                 variable_statements=frozenset({"const_item", "static_item", "field_declaration", "enum_variant"}),
                 variable_scopes=frozenset({"mod_item", "impl_item", "trait_item", "declaration_list", "struct_item",
                                            "union_item", "field_declaration_list", "enum_item",
                                            "enum_variant_list"})),
    LanguageSpec("java", "java", (".java",),
                 fields_beside_methods=True,
                 variable_statements=frozenset({"field_declaration", "constant_declaration", "enum_constant",
                                                "formal_parameter"}),
                 # (a record's components: its `formal_parameters`, which no class has and a method is not walked into)
                 variable_scopes=frozenset({"class_declaration", "class_body", "interface_declaration", "interface_body",
                                            "enum_declaration", "enum_body", "enum_body_declarations",
                                            "record_declaration", "formal_parameters", "annotation_type_declaration",
                                            "annotation_type_body"})),
    LanguageSpec("c", "c", (".c", ".h"), wrapper_types=frozenset({"type_definition", "declaration"}),
                 blanked=C_ANNOTATION_MACROS, rewritten=c_rewrites, repaired=include_guard,
                 **_C_VARIABLES),
    LanguageSpec("cpp", "cpp", (".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp"),
                 wrapper_types=frozenset({"template_declaration", "type_definition", "declaration"}),
                 blanked=C_ANNOTATION_MACROS, rewritten=cpp_rewrites, repaired=include_guard,
                 **_CPP_VARIABLES),
    LanguageSpec("csharp", "csharp", (".cs",), directives=first_branches,
                 variable_statements=frozenset({"field_declaration", "event_field_declaration", "property_declaration",
                                                "enum_member_declaration"}),
                 variable_scopes=frozenset({"namespace_declaration", "declaration_list", "class_declaration",
                                            "struct_declaration", "interface_declaration", "record_declaration",
                                            "enum_declaration", "enum_member_declaration_list", "preproc_if",
                                            "preproc_elif", "preproc_else"})),
    LanguageSpec("ruby", "ruby", (".rb", ".rake", ".gemspec", ".ru", ".podspec", ".thor"),
                 variable_statements=frozenset({"assignment"}),
                 variable_scopes=frozenset({"module", "class", "body_statement", "singleton_class"})),
    LanguageSpec("php", "php", (".php",),
                 fields_beside_methods=True,
                 variable_statements=frozenset({"const_declaration", "property_declaration", "enum_case",
                                                "expression_statement", "property_promotion_parameter"}),
                 # (a braced namespace's body, not a method's: `parent>child`; a method's parameters, for the
                 # properties a constructor promotes)
                 variable_scopes=frozenset({"namespace_definition", "namespace_definition>compound_statement",
                                            "class_declaration", "interface_declaration", "trait_declaration",
                                            "enum_declaration", "declaration_list", "enum_declaration_list",
                                            "method_declaration", "formal_parameters"})),
    LanguageSpec("kotlin", "kotlin", (".kt", ".kts"), rewritten=kotlin_constructor_lines,
                 repaired=kotlin_binary_literals, fields_beside_methods=True,
                 variable_statements=frozenset({"property_declaration", "enum_entry", "class_parameter"}),
                 variable_scopes=frozenset({"class_declaration", "class_body", "object_declaration", "companion_object",
                                            "enum_class_body", "primary_constructor"})),
    LanguageSpec("scala", "scala", (".scala", ".sc"),
                 # (a class is a statement too: a case class's parameters are its fields, `val` or not)
                 variable_statements=frozenset({"val_definition", "var_definition", "val_declaration",
                                                "var_declaration", "class_parameter", "simple_enum_case",
                                                "full_enum_case", "class_definition"}),
                 variable_scopes=frozenset({"object_definition", "class_definition", "trait_definition",
                                            "enum_definition", "package_object", "template_body", "enum_body",
                                            "enum_case_definitions", "class_parameters"})),
    LanguageSpec("lua", "lua", (".lua",)),
    LanguageSpec("bash", "bash", (".sh", ".bash")),
    # --- functional, Lisp-family and scripting languages (issue 9, group A) ---
    # Elixir's `@doc`/`@spec`/`@impl` lines above a `def` belong to it.
    LanguageSpec("elixir", "elixir", (".ex", ".exs"), attribute_types=frozenset({"unary_operator"})),
    LanguageSpec("erlang", "erlang", (".erl", ".hrl"), attribute_types=frozenset({"spec"})),
    # A type signature and its haddock above the equations belong to the function.
    LanguageSpec("haskell", "haskell", (".hs", ".lhs"), attribute_types=frozenset({"signature", "haddock"})),
    LanguageSpec("ocaml", "ocaml", (".ml",)),
    LanguageSpec("ocaml_interface", "ocaml_interface", (".mli",), query_file="ocaml.scm"),
    LanguageSpec("fsharp", "fsharp", (".fs", ".fsi", ".fsx"),
                 wrapper_types=frozenset({"declaration_expression"})),
    # An Elm type annotation (`area : Circle -> Float`) belongs to the function below it.
    LanguageSpec("elm", "elm", (".elm",), attribute_types=frozenset({"type_annotation"})),
    # A Julia docstring is a string just above the definition.
    LanguageSpec("julia", "julia", (".jl",), attribute_types=frozenset({"string_literal"})),
    LanguageSpec("r", "r", (".r",)),
    LanguageSpec("clojure", "clojure", (".clj", ".cljs", ".cljc")),
    LanguageSpec("commonlisp", "commonlisp", (".lisp", ".lsp", ".cl", ".asd")),
    LanguageSpec("racket", "racket", (".rkt",)),
    LanguageSpec("scheme", "scheme", (".scm", ".ss", ".sld"), query_file="racket.scm"),
    LanguageSpec("perl", "perl", (".pl", ".pm", ".t")),
    LanguageSpec("powershell", "powershell", (".ps1", ".psm1")),
    LanguageSpec("nim", "nim", (".nim", ".nims")),
    # The pack's Groovy grammar is shallow (commands of units and blocks), see queries/groovy.scm.
    LanguageSpec("groovy", "groovy", (".groovy", ".gradle", ".gvy")),
    # --- end of group A ---
    # --- issue 9, group B: systems, hardware, schema and markup languages ---
    LanguageSpec("swift", "swift", (".swift",), attribute_types=frozenset({"attribute"}), directives=first_branches,
                 rewritten=swift_empty_attribute_arguments, repaired=swift_macro_expressions,
                 fields_beside_methods=True,
                 variable_statements=frozenset({"property_declaration", "enum_entry", "protocol_property_declaration"}),
                 # (classes, structs, enums, actors and extensions are all class_declaration in this grammar)
                 variable_scopes=frozenset({"class_declaration", "class_body", "enum_class_body",
                                            "protocol_declaration", "protocol_body"})),
    LanguageSpec("dart", "dart", (".dart",), attribute_types=frozenset({"annotation"}),
                 # (a file's variables are its declaration lists themselves: the grammar has no statement around them)
                 variable_statements=frozenset({"static_final_declaration_list", "initialized_identifier_list",
                                                "declaration", "enum_constant"}),
                 variable_scopes=frozenset({"class_definition", "class_body", "mixin_declaration", "enum_declaration",
                                            "enum_body", "extension_declaration", "extension_body"})),
    LanguageSpec("zig", "zig", (".zig",)),
    LanguageSpec("objc", "objc", (".m", ".mm")),
    LanguageSpec("fortran", "fortran", (".f", ".for", ".f77", ".f90", ".f95", ".f03", ".f08")),
    LanguageSpec("solidity", "solidity", (".sol",)),
    LanguageSpec("d", "d", (".d", ".di")),
    LanguageSpec("cuda", "cuda", (".cu", ".cuh"), query_file="cpp.scm",
                 wrapper_types=frozenset({"template_declaration", "type_definition", "declaration"})),
    LanguageSpec("glsl", "glsl", (".glsl", ".vert", ".frag", ".comp", ".geom", ".tesc", ".tese"), query_file="c.scm",
                 wrapper_types=frozenset({"type_definition", "declaration"})),
    LanguageSpec("verilog", "verilog", (".v", ".vh", ".sv", ".svh")),
    LanguageSpec("vhdl", "vhdl", (".vhd", ".vhdl")),
    LanguageSpec("proto", "proto", (".proto",)),
    LanguageSpec("graphql", "graphql", (".graphql", ".graphqls", ".gql")),
    LanguageSpec("svelte", "svelte", (".svelte",), script_host=True),
    LanguageSpec("vue", "vue", (".vue",), script_host=True),
    # --- end of group B ---
)

# Languages with a grammar but no query: their files are searchable text (module chunks).
TEXT_LANGUAGES: tuple[LanguageSpec, ...] = tuple(
    LanguageSpec(name, name, extensions, text_only=True) for name, extensions in TEXT_ONLY_EXTENSIONS.items())

# A `.h` file is C unless it reads like C++ (classes, namespaces, templates, `::`) or Objective-C.
_CPP_HEADER = re.compile(rb"^\s*(class|namespace|template\s*<|public:|private:|protected:)\b|::", re.MULTILINE)
# Objective-C reads as `@interface`/`@implementation`/`@protocol`/`@end` or `#import`/`@import`
# lines; a `.h` file with them is Objective-C, a `.m` file without them is MATLAB.
_OBJC = re.compile(rb"^[ \t]*(@interface|@implementation|@protocol|@end|@import|#import)\b", re.MULTILINE)

# The V language shares `.v` with Verilog: `fn main() {`, `module main`, `import os` (no `;`).
# (A Verilog `module top` may continue with its ports on the next line: only `module main` counts.)
_V_LANGUAGE = re.compile(rb"^(pub\s+)?fn\s+\w+\s*[(\[]|^module\s+main[ \t]*$|^import\s+[\w.]+[ \t]*$", re.MULTILINE)

# A language with a query wins an extension over a text-only one (`.m`: Objective-C, then MATLAB by content).
BY_EXTENSION: dict[str, LanguageSpec] = {ext: spec for spec in TEXT_LANGUAGES + LANGUAGES for ext in spec.extensions}
BY_NAME: dict[str, LanguageSpec] = {spec.name: spec for spec in TEXT_LANGUAGES + LANGUAGES}
# Code known by its whole name: Ruby's build and configuration files are Ruby (a Rakefile's tasks, a Gemfile's
# gems), SCons's are Python.
CODE_FILENAMES: dict[str, str] = {
    "Rakefile": "ruby", "Gemfile": "ruby", "Guardfile": "ruby", "Vagrantfile": "ruby", "Podfile": "ruby",
    "Fastfile": "ruby", "Appfile": "ruby", "Capfile": "ruby", "Brewfile": "ruby", "Dangerfile": "ruby",
    "SConstruct": "python", "SConscript": "python",
}
BY_FILENAME: dict[str, LanguageSpec] = {filename: BY_NAME[name]
                                        for filename, name in {**TEXT_ONLY_FILENAMES, **CODE_FILENAMES}.items()}


def language_for(filename: str) -> LanguageSpec | None:
    """The language of a file by its name (a path's last part counts)."""
    filename = filename[filename.rfind("/") + 1:]
    if filename in BY_FILENAME:
        return BY_FILENAME[filename]
    dot = filename.rfind(".")
    return BY_EXTENSION.get(filename[dot:].lower()) if dot > 0 else None


# Languages whose code reaches each other's definitions by name form a family: C, C++, CUDA, Objective-C and Swift;
# the JVM's; .NET's; the BEAM's; JavaScript's dialects. Every other language is a family of one. A reference is resolved
# by name within its family only (name_graph.py): fmt's C++ `f.reset(nullptr)` was its Python release script's
# `Git.reset`, and Alamofire's Swift `import Alamofire` its Ruby `Alamofire.podspec`.
_FAMILIES = {"cpp": "c", "cuda": "c", "objc": "c", "swift": "c", "kotlin": "java", "scala": "java",
             "groovy": "java", "clojure": "java", "typescript": "javascript", "tsx": "javascript",
             "svelte": "javascript", "vue": "javascript", "fsharp": "csharp", "erlang": "elixir"}


@functools.lru_cache(maxsize=1 << 16)
def language_family(path: str) -> str | None:
    """The family of the language of a file by its name (see _FAMILIES); None when no language reads it."""
    spec = language_for(path)
    return None if spec is None else _FAMILIES.get(spec.name, spec.name)


# Extensions two languages share, told apart by content: (language of the extension, extensions,
# what the other language's files contain, the other language). `.fs` is F# unless it is a GLSL
# fragment shader; `.cl` is Common Lisp unless it is OpenCL C (parsed as C). `.pl` stays Perl: the
# pack has no Prolog grammar.
_SHARED_EXTENSIONS: tuple[tuple[str, tuple[str, ...], re.Pattern[bytes], str], ...] = (
    ("fsharp", (".fs",), re.compile(rb"^\s*(#version\s+\d|precision\s+\w+p\s+float|uniform\s|void\s+main\s*\()",
                                   re.MULTILINE), "glsl"),
    ("commonlisp", (".cl",), re.compile(rb"^\s*(__kernel|kernel\s+void|#include|#define|#pragma)\b", re.MULTILINE), "c"),
)


def refine_language(spec: LanguageSpec, filename: str, source: bytes) -> LanguageSpec:
    """The language of a file whose extension two languages share, decided by its content."""
    if spec.name == "c" and filename.endswith(".h"):
        if _OBJC.search(source):
            return BY_NAME["objc"]
        if _CPP_HEADER.search(source):
            return BY_NAME["cpp"]
    # MATLAB, when a spec for it exists; otherwise the file stays Objective-C, whose grammar
    # still gives it module chunks (searchable, right lines) and no definitions.
    if spec.name == "objc" and filename.endswith(".m") and not _OBJC.search(source) and "matlab" in BY_NAME:
        return BY_NAME["matlab"]
    # V, when a spec for it exists; otherwise Verilog's grammar still gives module chunks.
    if spec.name == "verilog" and filename.endswith(".v") and "v" in BY_NAME and _V_LANGUAGE.search(source):
        return BY_NAME["v"]
    for name, extensions, other_content, other in _SHARED_EXTENSIONS:
        if spec.name == name and filename.lower().endswith(extensions) and other in BY_NAME \
                and other_content.search(source):
            return BY_NAME[other]
    return spec


def supported_languages_text() -> str:
    return (", ".join(f"{spec.name} ({' '.join(spec.extensions)})" for spec in LANGUAGES)
            + f"; and {len(TEXT_LANGUAGES)} more as text only (coderag_mcp/text_languages.py lists them)")


@functools.cache
def languages_with_variables() -> str:
    """The languages whose module and class variables are definitions (`variable_statements`), for the answers
    that say what a definition is: 'Go, Python'."""
    first_of_query: dict[str, str] = {}  # (tsx shares TypeScript's query)
    for spec in LANGUAGES:
        if spec.variable_statements:
            first_of_query.setdefault(spec.query_file or f"{spec.name}.scm", spec.name)
    names = sorted(first_of_query.values())
    return ", ".join(_DISPLAY_NAMES.get(name, name.capitalize()) for name in names) or "no language"


_DISPLAY_NAMES = {"javascript": "JavaScript", "typescript": "TypeScript", "csharp": "C#", "cpp": "C++", "php": "PHP"}
