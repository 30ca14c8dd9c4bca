"""What a Python type annotation says about a value (pure): the one class it names (`Optional[Session]`, `"Request"`,
`type[Request]` the class itself), and whether a method's declared return is the instance it is called on."""

from __future__ import annotations

import re

_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_CLASS_ITSELF = re.compile(r"^(?:(?:typing|t)\.)?[Tt]ype\[(.*)\]$", re.S)
_WRAPPERS = re.compile(r"^(?:(?:typing|t|te|typing_extensions)\.)?(?:Optional|Final|ClassVar|Annotated)\[(.*)\]$", re.S)


def normalize_type(text: str) -> str | None:
    """The class a type annotation names, or None when it names no one class (`list[int]`, `A | B`)."""
    text = _one_type(text)
    if text is None:
        return None
    holder = _CLASS_ITSELF.match(text)
    if holder:  # `type[Request]`: the class itself, as an assignment `x = Request` would say
        inner = normalize_type(holder.group(1))
        return "=" + inner if inner and not inner.startswith("=") else None
    text = text.split("[", 1)[0].strip()
    return text if _DOTTED.fullmatch(text) else None


def _one_type(text: str) -> str | None:
    """An annotation without its wrappers (`Optional[..]`, `Final[..]`, `| None`), or None when it is a union of several
    types."""
    text = text.strip().strip("\"'").strip()
    while True:
        match = _WRAPPERS.match(text)
        if not match:
            break
        text = match.group(1).split(",")[0].strip().strip("\"'")
    parts = [part.strip() for part in text.split("|") if part.strip() not in ("None", "")]
    return parts[0] if len(parts) == 1 else None


# Collections whose iteration gives their (first) type argument's values: `for leaf in leaves` of `leaves: List[Leaf]`.
# (A mapping iterates its keys, which are rarely a project's class: not read.)
_ELEMENTS = re.compile(r"^(?:(?:typing|t|collections\.abc|abc)\.)?"
                       r"(List|list|Sequence|MutableSequence|Iterable|Iterator|Collection|Set|set|MutableSet|AbstractSet|"
                       r"FrozenSet|frozenset|Deque|deque|Reversible|Generator|AsyncIterable|AsyncIterator|AsyncGenerator|"
                       r"Tuple|tuple)\[(.*)\]$", re.S)


def element_type(text: str) -> str | None:
    """The class of what iterating a value of this annotation gives (`Leaf` of `List[Leaf]`, `Optional[list[Leaf]]`,
    `Tuple[Leaf, ...]`), or None when it names no one class (`list[int]` says `int`: the graph's builtins)."""
    text = _one_type(text)
    match = _ELEMENTS.match(text) if text is not None else None
    if match is None:
        return None
    first, _, rest = match.group(2).partition(",")
    if "[" in first and "]" not in first:  # (`List[Dict[str, Leaf]]`: the first argument holds a comma)
        return None
    if match.group(1) in ("Tuple", "tuple") and rest.strip() not in ("...", ""):
        return None  # (`Tuple[Leaf, Node]` gives each in turn: no one class)
    element = normalize_type(first)
    return element if element and not element.startswith("=") else None


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
