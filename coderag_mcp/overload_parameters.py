"""Whether a C++, C# or Swift function can take what a call passes (pure): the parameters its signature
declares against the call's shape (call_shapes.py), for name_overloads.py.

A shape is what call_shapes.py stores as the call's module: `(?,?,*)` in C++ (`*` a pack expansion, `args...`,
any number), `(LogEventLevel,string,level:?,out)` in C# (an argument's type where its text or a declaration
in the function says it; `name:` a named argument; `out`, `ref` what the argument is passed as),
`(_:?,method:?|{},onError:{})` in Swift (each argument's label, then `|` and the trailing closures).

What a call can reach, per language, as its compiler decides whether an overload is applicable (never which
of the applicable ones it picks, but for the two cheap preferences in `preferred`):
- C++: the count. A parameter with a default (`locale_ref loc = {}`) may be left out, a parameter pack
  (`T&&... args`) or C's `...` takes any number; a call passing a pack (`f(args...)`) may pass any number.
- C#: the count (optional parameters, `params` taking any number, an extension method's `this` left out when
  called on its receiver); a named argument only where a parameter has that name; `out` and `ref` only where
  the parameter is declared so; and an argument's type where it is sure not to convert: a string, number,
  `bool`, `char` or lambda to a parameter of another built-in type, an exception or a type parameter of the
  caller to a built-in type, an array or a span (`Error("x")` never takes `Error(Exception?, string)`).
- Swift: the labels, in order (a parameter with a default value may be left out, a variadic one takes each
  unlabelled argument after it), trailing closures, `&x` only to an `inout` (or pointer) parameter and an
  `inout` parameter only from `&x`, and a literal never to a built-in type of another kind (`"a"` to `Int`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from .csharp_generics import ARITY_MARK, TASK_TYPES, TYPE_PARAMETER_NAME, type_argument_count, with_arity
from .jvm_overloads import parameter_parts, without_generics

OVERLOADED_LANGUAGES = frozenset({"cpp", "csharp", "swift"})
# Between a Swift call's arguments and its trailing closures in a shape.
TRAILING = "|"


class Argument(NamedTuple):
    label: str | None  # C#: a named argument's name; Swift: the argument's label (None: `_`, unlabelled)
    kind: str  # `?` unknown, or a type, a literal's kind, `*` (C++ pack), `out`/`ref` (C#), `&`, `{}` (Swift); C#'s
    # lambda `=>` with its number of parameters (`=>2` for `(a, b) => ..`; `=>` alone: unknown)


class Shape(NamedTuple):
    arguments: tuple[Argument, ...]
    trailing: tuple[Argument, ...] = ()  # Swift's trailing closures (the first unlabelled)
    type_arguments: int | None = None  # C#: how many type arguments the call writes (`Get<T>(..)`: 1), if any


# C#: a shape's prefix for the type arguments a call writes ("`1(?)" for `GetPolicies<TPolicy>(filter)`)
TYPE_ARGUMENTS = "`"


class Parameter(NamedTuple):
    label: str | None  # C#: the parameter's name; Swift: its argument label (None: `_`)
    type: str  # C#: the type's simple name (`object[]`, `Exception`); Swift: as written; C++: with the name (cpp_type)
    default: bool
    variadic: bool
    modifier: str  # C#: `this`, `params`, `out`, `ref`, `in`; Swift: `inout`; else ""
    nullable: bool = False
    # C#: how many parameters a lambda passed as this parameter takes, when its type says (`Action<A, B>` 2,
    # `Func<A, R>` 1, `Expression<Func<R>>` 0); None for any other type
    lambda_parameters: int | None = None
    # C#: what such a lambda returns when the type is a `Func` (`Func<Context, Task<TResult>>`: "Task`1"); else None
    lambda_returns: str | None = None


@functools.lru_cache(maxsize=4096)
def read_shape(module: str | None) -> Shape | None:
    """A call's shape from its reference's module (None when it holds none)."""
    type_arguments = None
    if module and module[0] == TYPE_ARGUMENTS:
        count, _, module = module[1:].partition("(")
        module = "(" + module
        type_arguments = int(count) if count.isdigit() else None
    if not module or module[0] != "(" or module[-1] != ")":
        return None
    inner = module[1:-1]
    written, _, closures = inner.partition(TRAILING)
    return Shape(_arguments(written), _arguments(closures), type_arguments)


def _arguments(text: str) -> tuple[Argument, ...]:
    if not text:
        return ()
    found = []
    for entry in text.split(","):
        label, colon, kind = entry.rpartition(":")
        found.append(Argument((label if label != "_" else None) if colon else None, kind))
    return tuple(found)


_ATTRIBUTES = re.compile(r"^\s*(?:\[[^\]]*\]\s*)+")  # C#'s `[CallerMemberName] string name = ""`
_SWIFT_ATTRIBUTES = re.compile(r"@\w+(?:\([^()]*\))?\s*")  # `@escaping`, `@Sendable`, `@autoclosure`
_CSHARP_MODIFIERS = frozenset({"this", "params", "ref", "out", "in", "scoped", "readonly"})


def _without_default(part: str) -> tuple[str, bool]:
    """The parameter's text before its default value (the first `=` outside brackets that is no `==`, `<=`,
    `=>`...), and whether it has one."""
    depth = 0
    for index, character in enumerate(part):
        if character in "([{<":
            depth += 1
        elif character in ")]}>" and not (character == ">" and part[index - 1:index] == "-"):
            depth = max(0, depth - 1)
        elif (character == "=" and depth == 0 and part[index + 1:index + 2] not in ("=", ">")
              and part[index - 1:index] not in ("=", "!", "<", ">")):
            return part[:index].strip(), True
    return part.strip(), False


def simple_type(written: str) -> tuple[str, bool]:
    """C#: a type's simple name and whether it is nullable (`IEnumerable<T>?` -> `IEnumerable`, `object?[]?` ->
    `object[]`, `System.Exception` -> `Exception`); `?` for a tuple or anything else unreadable."""
    text = written.strip()
    nullable = text.endswith("?")
    simple = without_generics(text).replace("?", "").replace(" ", "")
    if not simple or "(" in simple:
        return "?", nullable
    arrays = simple.count("[")
    return simple.split("[", 1)[0].rsplit(".", 1)[-1].removeprefix("global::") + "[]" * arrays, nullable


def parameters(signature: str | None, name: str, language: str) -> list[Parameter] | None:
    """The parameters a C++, C# or Swift definition declares after its name; None when unreadable."""
    parts = parameter_parts(signature or "", name)
    if parts is None:
        return None
    if language == "cpp":
        if parts == ["void"]:
            return []
        # (the type as written, with the name; `Args&&... args` takes any number, `format_string_t<Args...> fmt` one)
        return [Parameter(None, text, default, "..." in without_generics(part), "")
                for part in parts for text, default in [_without_default(part)]]
    read = _csharp_parameter if language == "csharp" else _swift_parameter
    found = [read(part) for part in parts]
    return None if any(parameter is None for parameter in found) else found  # type: ignore[return-value]


_CPP_TYPE_WORDS = frozenset({"const", "volatile", "unsigned", "signed", "struct", "class", "enum", "union", "typename"})
_CPP_BUILTIN_TYPES = frozenset({"int", "long", "short", "char", "double", "float", "bool", "void", "unsigned", "signed",
                                "wchar_t", "char8_t", "char16_t", "char32_t", "auto"})
_CPP_COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
_CPP_LAST_NAME = re.compile(r"(?<=[\s*&>])([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)$")


@functools.lru_cache(maxsize=8192)  # (a link reads each slice's definitions again; their types repeat: `sds s`)
def cpp_type(text: str) -> str:
    """A C++ parameter's type without its name, spaces left out (`const char* s` and `const char *` alike are
    `constchar*`): what tells a function's declaration from its overloads."""
    return "".join(cpp_type_written(text).split())


def cpp_type_written(text: str) -> str:
    """A C++ parameter's type without its name or comments, as written (`const char* s`: `const char*`; `int /* fd
    */`: `int`)."""
    text = _CPP_COMMENTS.sub(" ", text).strip()
    found = _CPP_LAST_NAME.search(text)
    if found is not None and found.group(1) not in _CPP_BUILTIN_TYPES and text[:found.start()].strip() and not all(
            word in _CPP_TYPE_WORDS for word in re.findall(r"\w+", text[:found.start()])):
        text = text[:found.start()] + found.group(2)  # (`int values[4]` keeps its `[4]`)
    return text


def _csharp_parameter(part: str) -> Parameter | None:
    text, default = _without_default(_ATTRIBUTES.sub("", part))
    words = text.split()
    modifier = ""
    while len(words) > 2 and words[0] in _CSHARP_MODIFIERS:
        word = words.pop(0)
        if word not in ("scoped", "readonly"):  # (`scoped ref Span<T> s`, `ref readonly T x`)
            modifier = word
    if len(words) < 2:
        return None
    name = words[-1]
    written, nullable = simple_type(" ".join(words[:-1]))
    return Parameter(name, written, default, modifier == "params", modifier, nullable,
                     *_lambda_parameters(" ".join(words[:-1])))


# .NET's delegate types, and the expression tree of one: `System.Action<Exception, int>?`, `Func<int, TimeSpan>`
_EXPRESSION = re.compile(r"(?:System\.Linq\.Expressions\.)?Expression\s*<(.*)>\??")
_DELEGATE = re.compile(r"(?:System\.)?(Action|Func)\s*(?:<(.*)>)?\??")


def delegate_kind(written: str) -> str | None:
    """A C# argument's kind when its declared type is an `Action` or a `Func`, with the number of its type arguments
    (`Action<Exception, TimeSpan>`: "Action`2"); None for any other type."""
    found = _DELEGATE.fullmatch(written.strip())
    if found is None or found.group(1) == "Func" and not found.group(2):
        return None
    return f"{found.group(1)}{ARITY_MARK}{type_argument_count(found.group(2)) if found.group(2) else 0}"


def _lambda_parameters(written: str) -> tuple[int | None, str | None]:
    """How many parameters a lambda passed as a parameter of this C# type takes (`Action<A, B>` 2, `Func<R>` 0),
    and what it returns for a `Func` (`Func<A, Task<R>>`: "Task`1"); (None, None) when the type is no `Action` or
    `Func`."""
    text = written.strip()
    expression = _EXPRESSION.fullmatch(text)
    found = _DELEGATE.fullmatch(expression.group(1).strip() if expression is not None else text)
    if found is None:
        return None, None
    count = type_argument_count(found.group(2)) if found.group(2) else 0
    if found.group(1) != "Func":
        return count, None
    returned = _last_type_argument(found.group(2) or "")
    generic = _GENERIC.fullmatch(returned)
    return count - 1, (with_arity(generic.group(1).rpartition(".")[2], type_argument_count(generic.group(2)))
                       if generic else returned.rpartition(".")[2].rstrip("?"))


# A generic type as written: `System.Threading.Tasks.Task<TResult>`
_GENERIC = re.compile(r"([\w.]+)\s*<(.*)>\??")


def _last_type_argument(arguments: str) -> str:
    """The last of a type's arguments as written (`Context, Task<Dictionary<K, V>>`: `Task<Dictionary<K, V>>`), split
    as a parameter list is."""
    parts = parameter_parts(f"f({arguments})", "f")
    return parts[-1] if parts else arguments.strip()


def _swift_parameter(part: str) -> Parameter | None:
    text, default = _without_default(part)
    names, colon, written = text.partition(":")
    if not colon:
        return None
    words = names.split()
    if not words or len(words) > 2:
        return None
    label = words[0]
    written = _SWIFT_ATTRIBUTES.sub("", written).strip()
    modifier = ""
    if written.startswith("inout "):
        modifier, written = "inout", written[6:].strip()
    variadic = written.endswith("...")
    return Parameter(None if label == "_" else label, written.removesuffix("..."), default, variadic, modifier)


# ---- C#: what an argument of a known kind can never be passed as ----

_CSHARP_NUMBERS = frozenset({"int", "long", "short", "byte", "sbyte", "uint", "ulong", "ushort", "float", "double",
                             "decimal", "nint", "nuint"})
CSHARP_BUILTINS = _CSHARP_NUMBERS | {"bool", "char", "string", "object", "dynamic"}
_CSHARP_VALUES = _CSHARP_NUMBERS | {"bool", "char"}
_SPANS = frozenset({"Span", "ReadOnlySpan"})


def _csharp_family(name: str) -> str:
    """What kind of value a C# type holds, as far as these rules tell one from another."""
    if name in _CSHARP_NUMBERS:
        return "number"
    if name in ("bool", "char", "string"):
        return name
    if name in ("object", "dynamic"):
        return "object"
    if name.endswith("[]"):
        return "array"
    if name in _SPANS:
        return "span"
    if name == "Exception" or name.endswith("Exception"):
        return "exception"
    return "other"


# .NET types no lambda and no number converts to (Polly's `Timeout<TResult>(_ => TimeSpan.FromSeconds(s), ..)` and
# `TimeoutAsync(5, ..)` are no overload taking a `TimeSpan timeout`)
_UNCONVERTED = frozenset({"TimeSpan", "DateTime", "DateTimeOffset", "Guid", "CancellationToken", "Task", "ValueTask",
                          "Type", "Uri", "Stream", "TextWriter", "IEnumerable", "IList", "List", "IDictionary",
                          "Dictionary", "ICollection", "IReadOnlyList", "IReadOnlyCollection", "ISet", "HashSet",
                          "Encoding", "CultureInfo", "IFormatProvider", "ILogger", "IServiceProvider"})


# What an async lambda returning no value returns, as a `Func` (`Func<CancellationToken, Task>`); None: not read
_TASKS = TASK_TYPES | {None}
# A delegate's kind (delegate_kind): "Action`2", "Func`1"
_DELEGATED = re.compile(r"(Action|Func)`(\d+)")


# What a string, a bool or a char can be passed as besides its own type, object and spans: an interface
# (`IEnumerable<char>`, `IComparable`) or a type parameter (`T`, `TValue`), named as .NET names them.
_GENERAL = re.compile(rf"I[A-Z]\w*|{TYPE_PARAMETER_NAME.pattern}|[A-Z]")


# Whether a value of one of the project's types is one of another (None: not told, a library's type among them).
Related = Callable[[str, str], 'bool | None']


def csharp_passes(argument: str, parameter: Parameter, related: Related | None = None) -> bool:
    """Whether a C# argument of this kind may be passed as this parameter (as an element of a `params` array
    when `parameter` is one); unsure: yes. `related`: whether a project type is another, by their bases."""
    kind, written = argument, parameter.type
    if parameter.variadic and written.endswith("[]"):
        written = written[:-2]
    if kind in ("out", "ref"):
        return parameter.modifier == kind
    if parameter.modifier in ("out", "ref"):
        return False  # (C# wants the argument written `out x`, `ref x`)
    if kind == "?" or written == "?" or kind == written or kind[:1] == "=" and kind[1:2] != ">":
        return True  # (unknown; a class's member the link did not type, "=ResultPrimitive.Fault": call_shapes.py)
    target = _csharp_family(written)
    if (delegate := _DELEGATED.fullmatch(kind)) is not None:  # a declared `Action<A, B>`: an `Action` of two, any
        # delegate type this cannot tell, object, a type parameter; no other `Action` or `Func`, nor a value type
        if written in ("Action", "Func"):
            return written == delegate.group(1) and parameter.lambda_parameters in (
                None, int(delegate.group(2)) - (written == "Func"))
        return target in ("object", "other") and written not in _UNCONVERTED
    if kind.startswith("=>"):  # a lambda (without a natural type: `x => ..`): a delegate or an expression, of a type
        # unread; `Action` and `Func` say how many parameters it takes (Polly's 17 `WaitAndRetryAsync` overloads); never
        # a type parameter's value (Polly's `Fallback(TResult fallbackValue)`)
        # ("=>2v": a block returning nothing, no `Func`; "=>2a": an async one, a `Func` of a Task or ValueTask only)
        count, returned = kind[2:].rstrip("va"), kind[-1:] if kind[-1:] in ("v", "a") else ""
        return target == "other" and written not in _UNCONVERTED and not TYPE_PARAMETER_NAME.fullmatch(written) and (
            not count or parameter.lambda_parameters in (None, int(count))) and not (
            written == "Func" and (returned == "v" or returned == "a" and parameter.lambda_returns not in _TASKS))
    if parameter.lambda_parameters is not None:  # an `Action`, a `Func` or an expression of one takes a lambda, a
        # delegate or null; no value of another type converts to it (Polly's `HandleResult(0)` is no
        # `HandleResult<TResult>(Func<TResult, bool> predicate)`)
        return kind == "null"
    if _csharp_family(kind) == "span":  # a ref struct: no boxing, no type argument
        return target == "span"
    if target == "object":
        return True
    if kind == "null":
        return target not in ("number", "bool", "char", "span") or parameter.nullable
    if kind == "<>":  # a type parameter of the caller: to no built-in type, array or span
        return target in ("other", "exception")
    source = _csharp_family(kind)
    if source == "number":  # (a numeric conversion, or an enum, an interface...)
        return target == "number" or target == "other" and written not in _UNCONVERTED
    # A built-in value to another type: an interface it implements, a type parameter, a span of chars
    general = target == "other" and _GENERAL.fullmatch(written) is not None
    if source == "char":
        return target in ("char", "number") or general
    if source in ("bool", "string"):
        return target == source or general or (source == "string" and target == "span")
    if source == "array":
        return target in ("array", "span", "other")
    if source == "exception":
        return target in ("exception", "other")
    if target == "other" and related is not None and (verdict := related(kind, written)) is not None:
        return verdict  # (FluentValidation's `Validate(new Person())` is no `Validate(ValidationContext<T> context)`)
    return target not in ("number", "bool", "char", "string")  # a class or struct of the project or a library


# ---- Swift ----

_SWIFT_STRINGS = frozenset({"String", "Substring", "Character"})
_SWIFT_INTEGERS = frozenset({"Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64"})
_SWIFT_FLOATS = frozenset({"Double", "Float", "CGFloat", "TimeInterval", "Float80"})
_SWIFT_NON_FUNCTIONS = _SWIFT_STRINGS | _SWIFT_INTEGERS | _SWIFT_FLOATS | {"Bool", "Data", "URL", "Date", "URLRequest"}


def _function_typed(written: str) -> bool:
    return "->" in written


def swift_passes(kind: str, parameter: Parameter) -> bool:
    """Whether a Swift argument of this kind may be passed as this parameter; unsure: yes."""
    if parameter.modifier == "inout":
        return kind == "&"
    written = parameter.type.strip()
    bare = written.removesuffix("?").removesuffix("!").strip()
    if kind == "&":
        return "Unsafe" in written or "Pointer" in written
    if kind == "?":
        return True
    if kind == "{}":
        return _function_typed(written) or not (bare in _SWIFT_NON_FUNCTIONS or bare.startswith("["))
    if kind == "nil":
        return written.endswith(("?", "!")) or not (bare in _SWIFT_NON_FUNCTIONS or _function_typed(written)
                                                     or bare.startswith("["))
    if _function_typed(written) or bare.startswith("["):
        # a literal is no closure, and no array or dictionary (swift-argument-parser's `AssertExecuteCommand(command:
        # "repeat -h")` reached its `command: [String]` overload too)
        return False
    if kind == "String":
        return bare not in _SWIFT_INTEGERS | _SWIFT_FLOATS | {"Bool"}
    if kind == "Int":
        return bare not in _SWIFT_STRINGS | {"Bool"}
    if kind == "Double":
        return bare not in _SWIFT_STRINGS | _SWIFT_INTEGERS | {"Bool"}
    if kind == "Bool":
        return bare not in _SWIFT_STRINGS | _SWIFT_INTEGERS | _SWIFT_FLOATS
    return True
