"""find_references' notes: what its answer does not list (uses of a name no definition here holds, a variable's
reads, a class passed as a value, types no query records), in each language's words.
"""

from __future__ import annotations

import re

from .languages import language_for
from .models import ReferenceHit
from .store import GraphNode
from .symbol_names import qualified_from_id

# The languages whose attribute reads are recorded (python_attributes.py).
_READ_ATTRIBUTES = frozenset({"python"})
_FUNCTION_POINTERS = frozenset({"c", "cpp"})
# The languages whose variables at a file's level a call by their name reaches (python_lookups.called_variables,
# typed_names.TypedNames.called_variables): dateutil's `gettz(..)`, mobx's `observable(..)`.
_CALLED_VARIABLES = frozenset({"python", "javascript", "typescript", "tsx", "svelte", "vue", "go"})

_LANGUAGE_NAMES = {"c": "C", "cpp": "C++", "cuda": "CUDA", "glsl": "GLSL"}

# The languages whose classes are values code passes around (`isinstance(x, C)`, `pytest.raises(C)`, `f(C)`), which
# find_references does not list; a Rust, Go or C type is no value.
_CLASSES_AS_VALUES = frozenset({"python", "javascript", "typescript", "tsx", "ruby", "php", "java", "kotlin",
                                "csharp", "swift", "scala", "dart"})
# Of those, the languages whose queries record a class read as a value where it is passed, assigned, returned,
# raised, compared or put in a collection (queries/python.scm: `isinstance(x, Foo)`, `pytest.raises(Foo)`;
# queries/typescript.scm: `isErrorType(error, HTTPError)`; Java's `C.class`, C#'s `typeof(C)`, its only way).
_CLASSES_READ_AS_VALUES = frozenset({"python", "javascript", "typescript", "tsx", "java", "csharp"})
# A Python class's name as queries/python.scm reads it for a class read as a value (in CamelCase, by PEP 8).
_CAMEL_CASE = re.compile(r"_*[A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*$")
# How each language passes a class as a value, for the note that says such uses are not listed (a Swift project's
# note named Python's `pytest.raises`).
_AS_VALUE_EXAMPLES = {"python": "`isinstance(x, C)`, `pytest.raises(C)`", "ruby": "`x.is_a?(C)`, `f(C)`",
                      "php": "`$x instanceof C`, `C::class`", "kotlin": "`C::class`, `x is C`",
                      "swift": "`C.self`, `x is C`", "scala": "`classOf[C]`, `x.isInstanceOf[C]`",
                      "dart": "`x is C`, `f(C)`"}


def in_languages(file_path: str, languages: frozenset[str]) -> bool:
    """Whether the file is written in one of these languages (by LanguageSpec name)."""
    spec = language_for(file_path)
    return spec is not None and spec.name in languages


def unlisted_note(project_id: str, symbol: str, name: str, targets: list[GraphNode], hits: list[ReferenceHit], *,
                  untyped: int, complete: bool, include_guesses: bool, guessed: bool) -> str | None:
    """What find_references' answer does not list, for the agent to know where to look instead (None: nothing to
    say). `untyped` uses were tied to no definition for sure (`complete`: every file was read), `guessed` whether
    any use is guessed to be one of the targets."""
    note = None
    if not targets:
        note = (f"No definition of '{symbol}' in the project: these are uses of the name that resolve to "
                "nothing here (a library or builtin's, or a local variable, or a field in a language whose fields "
                "are no definitions).") if hits else (
            f"Nothing named '{symbol}' is defined or called. A local variable (or a field, in a language whose "
            "fields are no definitions) is neither a definition nor a recorded use: search_code finds it by its "
            "name.")
    elif untyped and not (include_guesses and guessed):  # (ripgrep's `Gitignore.matched` with guesses said none)
        one = untyped == 1 and complete
        guesses = ("include_guesses=true lists those guessed to be this one" if guessed else
                   "none was guessed to be this one, so include_guesses adds nothing")
        note = (f"{untyped}{' or more' if not complete else ''} other use{'' if one else 's'} of '{name}' "
                f"{'is' if one else 'are'} tied to no definition here (a receiver whose type could not be told, "
                f"or a library's); {guesses}; the name alone ('{name}') lists every use.")
    if any(node.node_type == "VARIABLE" for node in targets):
        # (after the untyped uses' note too: gin's `binding.JSON`, passed as a value, said only that)
        note = _joined(note, _variable_note(project_id, symbol, name, targets, hits))
    elif note is None and targets and not any(hit.resolution != "UNRESOLVED" for hit in hits):
        note = _nothing_resolved_note(symbol, targets, hits)
    if hits and all(node.node_type == "CLASS" and in_languages(node.file_path, _CLASSES_AS_VALUES) for node in targets):
        # (httpx's `pytest.raises(httpx.HTTPStatusError)`, ky's `isErrorType(error, HTTPError)`: agents took the
        # list for every use)
        note = _joined(note, _class_values_note(targets))
    return note


def _joined(note: str | None, more: str | None) -> str | None:
    return more if note is None else note if more is None else f"{note} {more}"


def _variable_note(project_id: str, symbol: str, name: str, targets: list[GraphNode], hits: list[ReferenceHit]) -> str:
    """Which uses of a variable are listed: its imports and calls, not its reads (but a Python attribute's)."""
    imported = "its imports are listed" if any(hit.kind == "IMPORTS" and hit.resolution != "UNRESOLVED"
                                               for hit in hits) else "no import of it is recorded"
    variables = sum(node.node_type == "VARIABLE" for node in targets)
    # (`ByteString.size` is Kotlin's `val size` and `fun size()` both: the method's calls are listed)
    what = (f"'{symbol}' is a variable" if variables == len(targets) else
            f"{variables} of the {len(targets)} definitions of '{symbol}' "
            f"{'is a variable' if variables == 1 else 'are variables'}")
    # A Python class's attribute: its reads on `self` or a typed receiver are listed (python_attributes.py).
    members = sum(node.node_type == "VARIABLE" and in_languages(node.file_path, _READ_ATTRIBUTES)
                  and "." in qualified_from_id(project_id, node.file_path, node.id) for node in targets)
    # A C or C++ pointer to a function at a file's level (redis's `RedisModule_Alloc`): called by its name.
    pointers = sum(node.node_type == "VARIABLE" and in_languages(node.file_path, _FUNCTION_POINTERS)
                   and "." not in qualified_from_id(project_id, node.file_path, node.id) for node in targets)
    called = sum(node.node_type == "VARIABLE" and in_languages(node.file_path, _CALLED_VARIABLES)
                 and "." not in qualified_from_id(project_id, node.file_path, node.id) for node in targets)
    if pointers == variables:
        return (f"{what}: {imported}, and its calls (a pointer to a function, called by its name), not the "
                "places that read or assign it: search_code finds those by its name.")
    if called == variables:
        return (f"{what}: {imported}, and its calls by its name (`{name}(..)`, or written with its module, "
                "when it holds a function), not the places that read or assign it, nor calls made on what it "
                f"holds (`{name}.f(..)`): search_code finds those by its name.")
    if members == variables:
        return (f"{what}: {imported}, and its reads, assignments and calls on `self` or on an instance of "
                "its class (or of a subclass) whose type the index knows (`client.timeout` of a `client: "
                "Client`), not those on a receiver of unknown type: search_code finds those by its name.")
    note = (f"{what}: {imported}, and when it holds a function its calls on an instance of its class "
            "(or of a subclass) whose type the index knows (`app.get(...)`), not the places that read or "
            "assign it: search_code finds those by its name.")
    if members:
        note += (" (A Python class's attribute's reads and assignments on `self` or on an instance whose "
                 "type the index knows are listed.)")
    return note


def _nothing_resolved_note(symbol: str, targets: list[GraphNode], hits: list[ReferenceHit]) -> str | None:
    """Why no use resolved to a definition that exists: not "nothing uses it"."""
    untracked = sorted({_LANGUAGE_NAMES.get(spec.name, spec.name) for node in targets if node.node_type == "CLASS"
                        and (spec := language_for(node.file_path)) is not None
                        and "@reference.type" not in spec.query_source})
    if untracked:  # jq's `struct jv_parser *` is everywhere
        return (f"No calls, bases or imports of '{symbol}'. Its uses as a type (declarations, parameters) "
                f"are not recorded in {', '.join(untracked)}: search_code finds them.")
    if not hits:  # black's `is_comment` property is read everywhere
        return (f"No call, import or base class of '{symbol}' is recorded. A use as a value (a property "
                "read, a function passed as a callback) is not recorded: search_code finds those.")
    return None


def _class_values_note(targets: list[GraphNode]) -> str:
    """Which reads of a class as a value are listed, in its languages' words."""
    examples = sorted({_AS_VALUE_EXAMPLES.get(spec.name, "`f(C)`") for node in targets
                       if (spec := language_for(node.file_path)) is not None})
    if not all(in_languages(node.file_path, _CLASSES_READ_AS_VALUES) for node in targets):
        return f"A class passed as a value ({', '.join(examples) or '`f(C)`'}) is not listed."
    unlisted = ("A class read as a value is listed where it is passed, assigned, returned, raised, compared "
                "or put in a collection (`C.class`, `typeof(C)` in Java and C#); other reads of it "
                "(`lambda: C`, `a or C`) are not.")
    if any(in_languages(node.file_path, frozenset({"python"})) and not _CAMEL_CASE.match(node.name)
           for node in targets):
        # (queries/python.scm: a lower-case name passed around is mostly a variable's)
        unlisted = unlisted[:-1] + (", nor, in Python, a class not named in CamelCase but where "
                                    "isinstance or issubclass tests for it.")
    return unlisted
