"""Values of Python's own types and of its standard library's, on which no project method is called: a receiver
annotated `List[Span]`, `Mapping[str, str]` or `IO[str]`, a literal (`"|".join(..)`), a file `open(..)` gives, what
`re.compile(..)` returns. rich's audit found 230 of its 377 guessed call lines on such receivers (`self._spans.append`
guessed to `Lines.append`, every `dict.get` to `Measurement.get`). The parser writes a literal receiver as its type
(python_qualifiers.py); the graph guesses nothing for a call on one of these that no project class holds
(python_graph.py).
"""

from __future__ import annotations

# The types a literal of each kind is (tree-sitter's node types).
LITERAL_TYPES = {"string": "str", "concatenated_string": "str", "integer": "int", "float": "float", "list": "list",
                 "list_comprehension": "list", "dictionary": "dict", "dictionary_comprehension": "dict", "set": "set",
                 "set_comprehension": "set", "tuple": "tuple"}

# The language's types, and typing's names of them, as an annotation writes them (`t.List`, `typing.IO` too).
_TYPES = frozenset({
    "str", "bytes", "bytearray", "int", "float", "complex", "bool", "list", "dict", "set", "frozenset", "tuple",
    "List", "Dict", "Set", "FrozenSet", "Tuple", "Sequence", "MutableSequence", "Mapping", "MutableMapping",
    "AbstractSet", "MutableSet", "Iterable", "Iterator", "Collection", "Generator", "AsyncIterator", "AsyncGenerator",
    "Deque", "DefaultDict", "OrderedDict", "Counter", "ChainMap", "IO", "TextIO", "BinaryIO", "Pattern", "Match",
    "AnyStr", "Text"})
_TYPE_MODULES = ("typing", "t", "collections.abc", "abc", "re")

# Functions whose results are the language's or the standard library's own objects: `open(..)`'s file, `re`'s and
# `json`'s and `os.path`'s results, a builtin type made (`str(x)`, `dict(..)`).
_RESULTS = frozenset({"open", "str", "bytes", "list", "dict", "set", "frozenset", "tuple", "sorted", "reversed",
                      "enumerate", "zip", "map", "filter", "range", "repr", "format", "iter"})
_RESULT_MODULES = frozenset({"re", "os", "os.path", "json", "logging", "subprocess", "shutil", "io", "time",
                             "datetime", "hashlib", "struct", "base64", "socket", "threading", "tempfile", "textwrap",
                             "string", "urllib.parse", "inspect", "platform", "sys"})


def builtin_value(value: str) -> bool:
    """Whether a receiver's value, as python_qualifiers.py writes it (`List`, `t.Mapping`, `str`, `re.compile()`,
    `open.__enter__()`), is one of the language's or its standard library's own objects."""
    if value.startswith("="):
        return False
    if value.endswith(".__enter__()"):  # `with open(..) as handle`
        value = value[:-len(".__enter__()")] + "()"
    if not value.endswith("()"):
        module, _, name = value.rpartition(".")
        return name in _TYPES and (not module or module in _TYPE_MODULES)
    called = value[:-2]
    if "(" in called:  # a chain: what a method of the result returns
        return False
    module, _, name = called.rpartition(".")
    return called in _RESULTS or module in _RESULT_MODULES
