"""What a Python type annotation says about a value (pure): the classes it names (`Optional[Session]`, `"Request"`,
`Union[Leaf, Node]`, `type[Request]` the class itself), what iterating such a value gives, what a module's type alias
stands for, and whether a method's declared return is the instance it is called on."""

from __future__ import annotations

import re
from typing import Any

from .python_chains import DOTTED

_CLASS_ITSELF = re.compile(r"^(?:(?:typing|t)\.)?[Tt]ype\[(.*)\]$", re.S)
_WRAPPERS = re.compile(r"^(?:(?:typing|t|te|typing_extensions)\.)?(?:Optional|Final|ClassVar|Annotated)\[(.*)\]$", re.S)


# Between the classes of one annotation's union (`Leaf&Node` of `Union[Leaf, Node]`): the graph takes them only when
# each is the project's (python_lookups.held), since code narrows a union in ways the index does not follow, and a
# method of the project's class would be taken for the library's one beside it (httpx's `Cookies | CookieJar`).
UNION = "&"
_UNION = re.compile(r"^(?:(?:typing|t|te|typing_extensions)\.)?Union\[(.*)\]$", re.S)
_TYPE_ALIAS = re.compile(r"^(?:(?:typing|t|te|typing_extensions)\.)?TypeAlias$")
# A class's name as written (`Leaf`, `nodes.Leaf`, `_Private`), not a constant's (`READ | WRITE` are flags)
_CLASS_NAME = re.compile(r"^(?:[A-Za-z_]\w*\.)*_*[A-Z]\w*[a-z]\w*$")


def normalize_type(text: str) -> str | None:
    """The classes a type annotation names, `A&B` for several (`Union[A, B]`, `A | B | None`: UNION), or None when
    one of them is no class's name (`list[int]` names `list`; `Callable[..]` `Callable`)."""
    classes = [_one_class(part) for part in _alternatives(text)]
    if not classes or None in classes:
        return None
    return UNION.join(dict.fromkeys(classes))  # type: ignore[arg-type]


def _one_class(text: str) -> str | None:
    holder = _CLASS_ITSELF.match(text)
    if holder:  # `type[Request]`: the class itself, as an assignment `x = Request` would say
        inner = normalize_type(holder.group(1))
        return "=" + inner if inner and UNION not in inner and not inner.startswith("=") else None
    text = text.split("[", 1)[0].strip()
    return text if DOTTED.fullmatch(text) else None


def _alternatives(text: str) -> list[str]:
    """The types an annotation allows, without their wrappers (`Optional[..]`, `Final[..]`) and None: `A`, `B` of
    `Union[A, B]` and of `A | B | None`."""
    text = text.strip().strip("\"'").strip()
    wrapped = _WRAPPERS.match(text)
    if wrapped:
        return _alternatives(_top_level(wrapped.group(1), ",")[0])
    union = _UNION.match(text)
    parts = _top_level(union.group(1), ",") if union else _top_level(text, "|")
    if len(parts) == 1:
        return [] if text in ("None", "") else [text]
    return [each for part in parts for each in _alternatives(part)]


def _top_level(text: str, separator: str) -> list[str]:
    """`text` split at each `separator` outside brackets (`Dict[str, A], B` at its second comma only)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def union_alias(source: bytes, assignment: Any) -> str | None:
    """What a type alias a module assigns stands for, as its variable's value: `=Leaf&=Node` of `LN = Union[Leaf,
    Node]`, of `NL = Leaf | Node` and of `X: TypeAlias = ..`, so that an annotation naming it names those classes
    (black's `node: LN`, rich's `style: StyleType`); None for any other assignment (`FLAGS = READ | WRITE`)."""
    right, declared = assignment.child_by_field_name("right"), assignment.child_by_field_name("type")
    if right is None or right.type not in ("subscript", "binary_operator", "identifier", "attribute", "string"):
        return None
    text = source[right.start_byte:right.end_byte].decode("utf-8", "replace")
    if declared is not None:
        is_alias = bool(_TYPE_ALIAS.match(source[declared.start_byte:declared.end_byte].decode("utf-8", "replace")))
    elif right.type == "subscript":
        is_alias = bool(_UNION.match(text) or _WRAPPERS.match(text))
    else:
        is_alias = right.type == "binary_operator" and all(
            _CLASS_NAME.match(part.strip("\"' ")) for part in _alternatives(text))
    if not is_alias:
        return None
    classes = normalize_type(text)
    if classes is None or any(each.startswith("=") for each in classes.split(UNION)):
        return None
    return UNION.join("=" + each for each in classes.split(UNION))


# Collections whose iteration gives their (first) type argument's values: `for leaf in leaves` of `leaves: List[Leaf]`.
# (A mapping iterates its keys: `value_type(.., 0)`.)
_ELEMENTS = re.compile(r"^(?:(?:typing|t|collections\.abc|abc)\.)?"
                       r"(List|list|Sequence|MutableSequence|Iterable|Iterator|Collection|Set|set|MutableSet|"
                       r"AbstractSet|FrozenSet|frozenset|Deque|deque|Reversible|Generator|AsyncIterable|AsyncIterator|"
                       r"AsyncGenerator|Tuple|tuple)\[(.*)\]$", re.S)


def element_type(text: str) -> str | None:
    """The class of what iterating a value of this annotation gives (`Leaf` of `List[Leaf]`, `Optional[list[Leaf]]`,
    `Tuple[Leaf, ...]`, `A&B` of `List[A | B]`, `Node` of `Dict[Node, int]`: a mapping's keys), or None when it names
    none (`list[int]` says `int`: the graph's builtins)."""
    alternatives = _alternatives(text)
    match = _ELEMENTS.match(alternatives[0]) if len(alternatives) == 1 else None
    if match is None:
        return value_type(text, 0)
    first, *rest = _top_level(match.group(2), ",")
    if match.group(1) in ("Tuple", "tuple") and "".join(rest).strip() not in ("...", ""):
        return None  # (`Tuple[Leaf, Node]` gives each in turn: no one class)
    element = normalize_type(first)
    return element or None


# Mappings, whose items (`d[key]`, `d.values()`) are their second type argument's values: `Dict[str, Leaf]` holds Leafs.
_MAPPINGS = re.compile(r"^(?:(?:typing|t|collections\.abc|abc|collections)\.)?"
                       r"(Dict|dict|Mapping|MutableMapping|OrderedDict|DefaultDict|defaultdict|ChainMap)"
                       r"\[(.*)\]$", re.S)


def is_mapping(text: str) -> bool:
    """Whether this annotation declares a mapping (`Dict[str, Leaf]`, `Optional[dict[Key, type[C]]]`), whose item is a
    value, never a key, whatever its values are."""
    alternatives = _alternatives(text)
    return len(alternatives) == 1 and _MAPPINGS.match(alternatives[0]) is not None


def value_type(text: str, part: int = 1) -> str | None:
    """The class of a mapping's values, of this annotation (`Leaf` of `Dict[str, Leaf]`, `Optional[dict[str, Leaf]]`),
    or None when it is no mapping or its values are of no class (`Dict[str, int]`: the graph's builtins); `part` 0: of
    its keys (`Node` of `Dict[Node, int]`), which iterating it gives."""
    alternatives = _alternatives(text)
    match = _MAPPINGS.match(alternatives[0]) if len(alternatives) == 1 else None
    parts = _top_level(match.group(2), ",") if match is not None else []
    value = normalize_type(parts[part]) if len(parts) == 2 else None
    return value or None


_SELF_TYPES = frozenset({"Self", "typing.Self", "typing_extensions.Self", "t.Self", "te.Self"})
_SELF_ANNOTATION = re.compile(r"^[^(]*\(\s*(?:self|cls)\s*:\s*([^,)=]+?)\s*[,)=]")


def returns_self(signature: str, returned: str) -> bool:
    """Whether a method declared `returned` returns the instance it is called on: `-> Self`, or the type its `self`
    is declared as (httpx's `def __enter__(self: T) -> T`, which gives a subclass's instance its own class)."""
    returned = returned.strip().strip("\"'").strip()
    if returned in _SELF_TYPES:
        return True
    declared = _SELF_ANNOTATION.match(signature)
    return declared is not None and declared.group(1).strip().strip("\"'") == returned
