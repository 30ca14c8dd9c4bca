"""Whether a C++ function can take what a call passes (pure): the number of its arguments, and each argument's kind
against the parameter's type (call_shapes.py writes the kinds: a literal's, or what a variable the function declares
holds). A kind rules a parameter out only where no conversion could pass it: a narrow string literal (or `const char*`
variable) is no wide string and no number, a wide one no narrow string, a number, character or boolean no pointer and
no string, a string object (`std::string`, `string_view_t`, `format_string_t<..>`) no pointer, no number and no string
of the other width, any other pointer no number and no string; a template's parameter (`T`, `const T&`) or any type
not read here takes anything. spdlog's `logger->info("msg")` reached its Windows-only `info(wstring_view_t msg)` too,
and `log(level::info, fmt, args...)` in `info(format_string_t<Args...> fmt, ..)` every `log` taking a wide string.

A variable declared with a class is `#X` (a template's own type parameter stays unknown); at link (CppClasses, from the
class hierarchy) a value of a class the project declares, or of a std stream or container, is taken only as itself or
a base. And when every argument's kind is known, the compiler's ranks choose among the overloads that can take the call
(cpp_rank: exact, a standard conversion, a conversion a class defines); with any unknown, all of them (yaml-cpp's
`emitter.Write(v)` of `const _Alias& v` reached its nine `Write`s, `Load("!2")` its `Load(const std::string&)` and
`Load(std::istream&)` beside `Load(const char*)`; three agents' checks on fmt and spdlog shaped the rules).
"""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING, Any

from .grammars import get_query, helper_query, node_text, query_matches
from .overload_parameters import Argument, Parameter, cpp_type_written

if TYPE_CHECKING:
    from .class_hierarchy import ClassHierarchy

_WORD = re.compile(r"[A-Za-z_]\w*")
_WIDE = re.compile(r"(?:wchar_t|char16_t|char32_t|w(?:string|format|memory_buf|str|char)\w*)$")
_WIDE_CHARACTERS = frozenset({"wchar_t", "char16_t", "char32_t"})
_NARROW_STRINGS = frozenset({"string", "string_view", "string_view_t", "memory_buf_t"})
_ARITHMETIC = frozenset({"int", "long", "short", "unsigned", "signed", "double", "float", "char", "size_t", "ssize_t",
                         "ptrdiff_t", "intptr_t", "uintptr_t", "intmax_t", "uintmax_t", "const", "volatile"})
_NAMESPACE = re.compile(r"\b\w+\s*::\s*")  # (`std::size_t`, `fmt::string_view`: the type's own name)
_SIZED_INTEGER = re.compile(r"u?int(?:_least|_fast)?\d+_t$")
_TYPE_ARGUMENTS = re.compile(r"<.*>")


def cpp_rank(declared: list[Parameter], arguments: tuple[Argument, ...], classes: CppClasses | None = None
             ) -> int | None:
    """How a function declaring these parameters takes these arguments, as its compiler ranks it (0 each an exact
    match, 1 a standard conversion, 2 a conversion a class defines), None when it cannot. `classes`: the project's
    (a value of a class is passed only as itself or a base)."""
    packs = sum(1 for argument in arguments if argument.kind == "*")  # `f(args...)`: any number
    count = len(arguments) - packs
    most = math.inf if any(parameter.variadic for parameter in declared) else len(declared)
    fewest = sum(1 for parameter in declared if not parameter.default and not parameter.variadic)
    if count > most or (packs == 0 and count < fewest):
        return None
    # (With an argument of no known kind, ranks are not compared: fmt's `format(loc, "{:L}", 42)` of `auto loc` took
    # `format(format_string<T...>, T&&...)`, whose `loc` cost nothing, before `format(locale_ref, format_string..)`.)
    # (A value of a class neither the project's nor the standard library's above is of no known kind either: fmt's
    # `print(wos, L"..")` of a `std::wostringstream wos` took `print(wformat_string, T&&..)` alone.)
    ranked = all(argument.kind not in ("?", "*") and not (argument.kind.startswith(CLASS) and (
        classes is None or not classes.known(argument.kind[1:]))) for argument in arguments)
    worst = 0
    for parameter, argument in zip(declared, arguments):
        if argument.kind == "*" or parameter.variadic:
            break  # (what follows a pack may be any parameter)
        if argument.kind.startswith(CLASS):
            taken = _class_rank(argument.kind[1:], parameter.type, classes)
        elif argument.kind == "?":
            taken = 0
        else:
            taken = _literal_rank(argument.kind, parameter.type, classes) if cpp_passes(
                argument.kind, parameter.type) else None
        if taken is None:
            return None
        worst = max(worst, taken)
    return worst if ranked else 0


# A kind's mark: a value of the class named after it (`#Tag` for `const Tag& t`, `#stringstream`), declared_kind's.
CLASS = "#"
_CLASS_KINDS = re.compile(r"#\w+")


def classes_unknown(shape: str) -> str:
    """A call's shape with each value of a class read as of no known kind (`(#Tag,s)` -> `(?,s)`)."""
    return _CLASS_KINDS.sub("?", shape)
# The standard library's classes whose values are passed only as themselves or a base (no project class converts
# to one, and they convert to nothing a project declares), with their bases: streams and containers.
_STD_BASES = {"stringstream": ("iostream", "istream", "ostream"), "fstream": ("iostream", "istream", "ostream"),
              "iostream": ("istream", "ostream"), "istringstream": ("istream",), "ifstream": ("istream",),
              "ostringstream": ("ostream",), "ofstream": ("ostream",)}
_STD_BASES.update({"w" + name: tuple("w" + base for base in bases) for name, bases in list(_STD_BASES.items())})
STD_CLASSES = frozenset({*_STD_BASES, "istream", "ostream", "wistream", "wostream", "vector", "deque", "unordered_map",
                         "unordered_set"})


_ENUM = re.compile(r"(?:\w+\s+)*enum\b")


class CppClasses:
    """The project's C++ classes, at link (class_hierarchy.py): which a name is, and their bases."""

    def __init__(self, hierarchy: ClassHierarchy, path: str) -> None:
        self._hierarchy, self._path = hierarchy, path
        self._known: dict[str, bool] = {}
        self._bases: dict[str, frozenset[str]] = {}

    def known(self, name: str) -> bool:
        """Whether a class of this name is the project's or one of the standard library's above (not an enum, whose
        values convert to numbers: spdlog's `level_.store(log_level)` of `level_enum log_level` is `store(int, ..)`)."""
        found = self._known.get(name)
        if found is None:
            classes = self._hierarchy.classes_named(name, self._path) if name not in STD_CLASSES else []
            found = self._known[name] = name in STD_CLASSES or bool(classes) and not any(
                _ENUM.match(node.signature or "") for node in classes)
        return found

    def bases(self, name: str) -> frozenset[str]:
        """Every class a class of this name derives from, by its last name (`std::istream`: `istream`)."""
        found = self._bases.get(name)
        if found is None:
            written = {base.rpartition("::")[2] for base in self._hierarchy.any_base_names(name, self._path)} \
                if name not in STD_CLASSES else set()
            found = self._bases[name] = frozenset(
                {*written, *_STD_BASES.get(name, ()), *(std for base in written for std in _STD_BASES.get(base, ()))})
        return found


def _class_rank(passed: str, written: str, classes: CppClasses | None) -> int | None:
    """How a parameter written so takes a value of the class `passed`: 0 the class itself, 1 a base, or a type not
    told (a template's parameter, a library's class, a class converting from it); None a number, a pointer, a string
    or another class of the project, when the passed class is known (yaml-cpp's `emitter.Write(v)` of `const _Alias&
    v` reached each of its nine `Write`s: `bool`, `const char*`, `const std::string&`, `const _Tag&`...)."""
    if classes is None or not classes.known(passed):
        return 0  # (fmt's `format_args`, a type defined as `basic_format_args<..>`, takes each of their parameters)
    head, pointer, wide, narrow, arithmetic = _parameter_type(written)
    if head == (passed,) and not pointer:
        return 0
    if pointer or wide or narrow or arithmetic or head == ("bool",):
        return None
    if len(head) != 1 or not classes.known(head[0]):
        # (a type written in a namespace is no template's parameter: a library's, which a class of the project is
        # only by deriving from it; spdlog's `format(msg, ..)` of a `log_msg` reached fmt's `format(const std::tm&,
        # ..)`)
        return None if len(head) == 1 and "::" in written and head[0] not in classes.bases(passed) else 1
    return 1 if head[0] in classes.bases(passed) else None


def _literal_rank(kind: str, written: str, classes: CppClasses | None) -> int | None:
    """How a parameter written so takes a literal or a variable of this kind (cpp_passes said it may): 0 as it is (a
    `const char*` a string literal, a number a number), 1 by a conversion (a number to `bool`), 2 by a conversion a
    class defines or one not told (a string literal to a string class, to any other class, to `bool`, to a template's
    parameter; a number to a class of the project); None a stream or container of the standard library. yaml-cpp's
    `Load("!2")` is its `Load(const char* input)`, not `Load(const std::string& input)` nor `Load(std::istream&
    input)`."""
    head, pointer, wide, narrow, arithmetic = _parameter_type(written)
    if len(head) == 1 and head[0] in STD_CLASSES and not pointer:
        return None
    if kind in ("s", "ws"):  # (as it is only as a pointer to characters: no `FILE*`, nor a template's `const T&`
        # over a string class: yaml-cpp's `Node(const T&)` beside its `Node(const std::string&)`, both)
        if pointer and (narrow if kind == "s" else wide):
            return 0
        # (no pointer to a number, a `FILE`, a std or project class: fmt's `println("..")` reached `println(FILE*
        # f, ..)`; a pointer to a template's parameter, `const Char*`, may be one to characters)
        return None if pointer and (_arithmetic([w for w in head if w not in ("char", "wchar_t")]) or head == (
            "FILE",) or len(head) == 1 and (head[0] in STD_CLASSES or _known(head, classes))) else 2
    if kind in ("S", "WS", "p"):
        return 0
    if not (arithmetic or pointer or head == ("bool",)) and _known(head, classes):
        return 2
    if kind == "b":  # (yaml-cpp's `Write(v)` of `bool v` is its `Write(bool b)`, not `Write(char ch)`)
        return 0 if head == ("bool",) else 1
    return 1 if head == ("bool",) else 0  # (a number converts to `bool`, `char v` to its `Write(char ch)`)


def _known(head: tuple[str, ...], classes: CppClasses | None) -> bool:
    """Whether a parameter's type is a class the project (or the standard library, above) defines."""
    return classes is not None and len(head) == 1 and classes.known(head[0])


def cpp_passes(kind: str, written: str) -> bool:
    """Whether an argument of this kind (a literal's `s`, `ws`, `i`, `f`, `c`, `b`; a variable's `S`, `WS`, `p`) may be
    passed as a parameter written so (its type and name); unsure: yes."""
    _head, pointer, wide, narrow, arithmetic = _parameter_type(written)
    if kind == "s":
        return not (wide or arithmetic)
    if kind == "ws":
        return not (narrow or arithmetic)
    if kind == "S":
        return not (wide or arithmetic or pointer)
    if kind == "WS":
        return not (narrow or arithmetic or pointer)
    if kind == "p":
        return not (arithmetic or wide or narrow)
    return not (pointer or wide or narrow)  # a number, character or boolean


_NOT_A_NAME = frozenset({"const", "volatile", "struct", "class", "typename"})


@functools.lru_cache(maxsize=4096)
def _parameter_type(written: str) -> tuple[tuple[str, ...], bool, bool, bool, bool]:
    """A parameter's type (written with its name): the words naming it before any template's arguments (no `const`,
    `volatile`), and whether it is a pointer, a wide string, a narrow string, a number or a character."""
    typed = _NAMESPACE.sub("", cpp_type_written(written))
    words = _WORD.findall(typed)
    outer = _TYPE_ARGUMENTS.sub("", typed)  # (`std::vector<node*>&` is no pointer, `std::vector<char>*` no string)
    pointed = _WORD.findall(outer)
    stars = outer.count("*") + outer.count("[")
    pointer = stars > 0
    # (a string is one `*` away from its characters: `char** argv` is none, nor is a pointer to a `std::string`)
    # (and a wide character is no string, but `basic_string_view<wchar_t>` is)
    wide = stars == 1 and any(word in _WIDE_CHARACTERS for word in pointed) or stars == 0 and any(
        _WIDE.match(word) and (word not in _WIDE_CHARACTERS or "<" in typed) for word in words)
    narrow = not wide and (stars == 1 and "char" in pointed or stars == 0 and any(
        word in _NARROW_STRINGS or word.startswith("format_string") for word in words))
    arithmetic = not pointer and _arithmetic(words)
    head = tuple(word for word in _WORD.findall(typed.partition("<")[0]) if word not in _NOT_A_NAME)
    return head, pointer, wide, narrow, arithmetic


def _arithmetic(words: list[str]) -> bool:
    """Whether a type's words name a number or a character (`unsigned long`, `uint32_t`, `const size_t`)."""
    return bool(words) and all(word in _ARITHMETIC or _SIZED_INTEGER.match(word) for word in words)


@functools.lru_cache(maxsize=4096)  # (a file declares a few types many times: `int`, `size_t`, `const Char*`)
def declared_kind(written: str, pointers: int) -> str:
    """The kind of what a variable declared with this type (and this many `*` or `[]` in its declarator) holds, as
    cpp_rank reads kinds (`#X` a value of the class X); `?` when it is none of them (`auto`, a pointer to a class)."""
    words = [word for word in _WORD.findall(_NAMESPACE.sub("", written)) if word not in ("const", "volatile")]
    if not words:
        return "?"
    if pointers:
        words = [word for word in _WORD.findall(_NAMESPACE.sub("", _TYPE_ARGUMENTS.sub("", written)))
                 if word not in ("const", "volatile")] or words  # (`std::vector<char>* seen` points at no `char`)
        if pointers == 1 and words[-1] in ("char", "wchar_t"):
            return "ws" if words[-1] == "wchar_t" else "s"
        # (`const Char* s` may be a string: a template's parameter; `int*`, `void*`, `char**` are none)
        pointed = [word for word in words if word not in ("void", "bool")]
        return "p" if pointers > 1 or not pointed or _arithmetic(pointed) else "?"
    if words == ["bool"]:
        return "b"
    if _arithmetic(words):
        return "i"
    head, argument = words[0], words[1:2]  # (`basic_string_view<char>`: its type argument)
    if head in _NARROW_STRINGS and len(words) == 1 or head.startswith("format_string") or (
            head in ("basic_string", "basic_string_view") and argument == ["char"]):
        return "S"
    if head.startswith(("wstring", "wformat_string")) or (
            head in ("basic_string", "basic_string_view") and argument == ["wchar_t"]):
        return "WS"
    if "<" in written:  # (`std::vector<int> v`; a class template of the project's may be anything its argument is)
        return CLASS + head if head in STD_CLASSES else "?"
    # A class by its last name (`const Alias& a`, `std::stringstream s`), or a template's parameter (`T`) or a type
    # defined as another (`size_type`), which the link tells apart (CppClasses): a class it does not know takes anything
    return CLASS + head if len(words) == 1 and head not in ("auto", "void", "decltype") else "?"


# What a C++ function declares in its body: its local variables, each with its type (its parameters are read from its
# declarator, which costs no query: most names a call passes are parameters).
_DECLARED_TYPES = helper_query("cpp", "(declaration type: (_) @type declarator: (_) @declarator)")
_PARAMETERS = frozenset({"parameter_declaration", "optional_parameter_declaration"})


class CppVariables:
    """What the variables a C++ function declares hold (declared_kind): its parameters, read once per function a call
    is in, and its locals, read once per function a call passes a name of no parameter in."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        self._parameters: dict[int, dict[str, str]] = {}
        self._locals: dict[int, dict[str, str]] = {}

    def kind(self, function: Any, name: str) -> str:
        parameters = self._parameters.get(id(function))
        if parameters is None:
            parameters = self._parameters[id(function)] = self._read_parameters(function)
        found = parameters.get(name)
        if found is None:
            local = self._locals.get(id(function))
            if local is None:
                local = self._locals[id(function)] = self._read_locals(function)
            found = local.get(name, "?")
        return found

    def _read_parameters(self, function: Any) -> dict[str, str]:
        kinds: dict[str, str] = {}
        declarator = function.child_by_field_name("declarator")
        while declarator is not None and declarator.type != "function_declarator":  # (`T* f(..)`, `T& f(..)`)
            declarator = declarator.child_by_field_name("declarator") or (  # (a reference's has no field name)
                declarator.named_children[0] if declarator.type == "reference_declarator" and
                declarator.named_children else None)
        listed = declarator.child_by_field_name("parameters") if declarator is not None else None
        dependent = _template_parameters(self.source, function)
        for parameter in listed.named_children if listed is not None else ():
            if parameter.type in _PARAMETERS:
                self._note(kinds, parameter.child_by_field_name("type"), parameter.child_by_field_name("declarator"),
                           dependent)
        return kinds

    def _read_locals(self, function: Any) -> dict[str, str]:
        kinds: dict[str, str] = {}
        body = function.child_by_field_name("body")
        dependent = _template_parameters(self.source, function)
        for _pattern, captures in query_matches(get_query("cpp", _DECLARED_TYPES), body) if body is not None else ():
            self._note(kinds, captures["type"][0], captures["declarator"][0], dependent)
        return kinds

    def _note(self, kinds: dict[str, str], type_node: Any, node: Any, dependent: frozenset[str]) -> None:
        pointers = 0
        while node is not None and node.type != "identifier":
            if node.type in ("pointer_declarator", "array_declarator"):
                pointers += 1
            elif node.type not in ("reference_declarator", "init_declarator"):
                return  # (a function's pointer, a structured binding: not read)
            node = node.child_by_field_name("declarator") or (
                node.named_children[0] if node.type == "reference_declarator" and node.named_children else None)
        if node is None or type_node is None:
            return
        name = node_text(self.source, node)
        kind = declared_kind(node_text(self.source, type_node), pointers)
        if kind[1:] in dependent and kind.startswith(CLASS):
            kind = "?"  # (`const T& rhs` in a template: whatever it is made with; yaml-cpp's `Assign(rhs)`, each)
        kinds[name] = kind if kinds.get(name, kind) == kind else "?"  # (declared twice, two ways: unknown)


_TEMPLATE_PARAMETERS = frozenset({"type_parameter_declaration", "optional_type_parameter_declaration",
                                  "variadic_type_parameter_declaration", "template_template_parameter_declaration"})


def _template_parameters(source: bytes, function: Any) -> frozenset[str]:
    """The names of the type parameters of the templates a function is in (its own, its class's)."""
    names = []
    node = function.parent
    while node is not None:
        if node.type == "template_declaration" and (listed := node.child_by_field_name("parameters")) is not None:
            names.extend(node_text(source, child) for parameter in listed.named_children
                         if parameter.type in _TEMPLATE_PARAMETERS for child in parameter.named_children
                         if child.type == "type_identifier")
        node = node.parent
    return frozenset(names)
