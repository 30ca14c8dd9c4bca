"""Languages indexed as text only: the pack has their grammar, we have no query for them (yet).

A file in one of these languages becomes module chunks (its lines, searchable, with true line
numbers) and no definitions, so no source file of a repository is invisible. To give a language
definitions and references, move its row to `languages.LANGUAGES` and write its query file.

Left out on purpose: data, markup and configuration formats (JSON, YAML, TOML, INI, XML, CSV,
Markdown, reStructuredText, LaTeX, HTML and CSS, templates such as Twig), lock files and
manifests (go.mod, requirements.txt), and grammars that only exist to be embedded (comment,
jsdoc, luadoc, printf). discover.py indexed none of them before; search over code is what the
index is for.
"""

from __future__ import annotations

# Grammar name in tree-sitter-language-pack (also the language's name) -> file extensions.
# `.m` and `.v` are shared (MATLAB or Objective-C, V or Verilog): languages.SHARED_EXTENSIONS
# decides by content.
TEXT_ONLY_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "actionscript": (".as",),
    "ada": (".adb", ".ads", ".ada"),
    "agda": (".agda",),
    "arduino": (".ino",),
    "asm": (".asm", ".s"),
    "astro": (".astro",),
    "bicep": (".bicep",),
    "bitbake": (".bb", ".bbappend", ".bbclass"),
    "bsl": (".bsl",),
    "cairo": (".cairo",),
    "capnp": (".capnp",),
    "clarity": (".clar",),
    "cmake": (".cmake",),
    "cobol": (".cob", ".cbl", ".cpy"),
    "dockerfile": (".dockerfile",),
    "elisp": (".el",),
    "fennel": (".fnl",),
    "firrtl": (".fir",),
    "fish": (".fish",),
    "gdscript": (".gd",),
    "gleam": (".gleam",),
    "gn": (".gn", ".gni"),
    "hack": (".hack",),
    "hare": (".ha",),
    "haxe": (".hx",),
    "hcl": (".hcl",),
    "hlsl": (".hlsl",),
    "ispc": (".ispc",),
    "janet": (".janet",),
    "jsonnet": (".jsonnet", ".libsonnet"),
    "linkerscript": (".ld",),
    "llvm": (".ll",),
    "luau": (".luau",),
    "magik": (".magik",),
    "make": (".mk",),
    "matlab": (".m",),
    "nix": (".nix",),
    "nqc": (".nqc",),
    "odin": (".odin",),
    "pascal": (".pas", ".dpr", ".lpr"),
    "pony": (".pony",),
    "prisma": (".prisma",),
    "puppet": (".pp",),
    "purescript": (".purs",),
    "qmljs": (".qml",),
    "rego": (".rego",),
    "smali": (".smali",),
    "smithy": (".smithy",),
    "sparql": (".sparql", ".rq"),
    "sql": (".sql",),
    "squirrel": (".nut",),
    "starlark": (".bzl", ".star"),
    "tablegen": (".td",),
    "tcl": (".tcl",),
    "terraform": (".tf",),
    "thrift": (".thrift",),
    "uxntal": (".tal",),
    "v": (".v", ".vsh"),
    "vim": (".vim",),
    "wast": (".wast",),
    "wat": (".wat",),
    "wgsl": (".wgsl",),
}

# Files known by their whole name (no extension).
TEXT_ONLY_FILENAMES: dict[str, str] = {
    "Dockerfile": "dockerfile",
    "Makefile": "make", "makefile": "make", "GNUmakefile": "make",
    "CMakeLists.txt": "cmake",
    "BUILD": "starlark", "BUILD.bazel": "starlark", "WORKSPACE": "starlark", "WORKSPACE.bazel": "starlark",
    "Jenkinsfile": "groovy",
}
