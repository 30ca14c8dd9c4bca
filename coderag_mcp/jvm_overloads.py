"""Which overloads of a Java or Kotlin method a call can reach, from what it passes (pure).

A call's reference carries its arguments (jvm_arguments.call_arguments): `(String,?,int)`. An overload
is a target when it takes that many arguments (Kotlin defaults may be left out, varargs take any
number) and, in Java, when each argument whose type is known can be passed to its parameter: the
same type, a primitive widening (`int` to `long`), boxing (`int` to `Integer`, `Number`), a known
supertype of a `java.lang` type (`String` is a `CharSequence`, `Class` a `Type`), a project class's
project base, `Object` or a type variable. Of those, the most specific ones are kept, as javac
picks one (`fromJson(String, Class)` over `fromJson(String, Type)` for `fromJson(json, Foo.class)`).
A type nothing here knows (a library class) can be any parameter but a final one (`String`, `Class`,
the boxes): the overload stays, and then no overload is preferred as more specific.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_OPENS, _CLOSES = "([{<", ")]}>"
PRIMITIVES = frozenset({"byte", "short", "char", "int", "long", "float", "double", "boolean"})
_WIDENING = {"byte": {"short", "int", "long", "float", "double"}, "short": {"int", "long", "float", "double"},
             "char": {"int", "long", "float", "double"}, "int": {"long", "float", "double"},
             "long": {"float", "double"}, "float": {"double"}, "double": set(), "boolean": set()}
_BOXES = {"int": "Integer", "long": "Long", "double": "Double", "float": "Float", "boolean": "Boolean",
          "char": "Character", "byte": "Byte", "short": "Short"}
_NUMBER = {"Number", "Comparable", "Serializable", "Constable", "ConstantDesc"}
# What a java.lang type can be passed as, besides itself and Object.
SUPERTYPES = {
    "String": {"CharSequence", "Comparable", "Serializable", "Constable", "ConstantDesc"},
    "Class": {"Type", "GenericDeclaration", "AnnotatedElement", "Serializable", "TypeDescriptor", "OfField"},
    "Integer": _NUMBER, "Long": _NUMBER, "Double": _NUMBER, "Float": _NUMBER, "Short": _NUMBER, "Byte": _NUMBER,
    "Boolean": {"Comparable", "Serializable", "Constable"}, "Character": {"Comparable", "Serializable", "Constable"},
    "KClass": {"KDeclarationContainer", "KAnnotatedElement", "KClassifier"},  # Kotlin's `Foo::class`
    # (javapoet's `JavaFile.toString()` passes a StringBuilder to `writeTo(Appendable)`: it reached the `Filer`,
    # `Path` and `File` overloads too)
    "StringBuilder": {"CharSequence", "Appendable", "Serializable", "Comparable"},
    "StringBuffer": {"CharSequence", "Appendable", "Serializable", "Comparable"},
}
# What some JDK types outside java.lang that are no final class can be passed as (besides Object), so
# that a `Type` argument is never taken for an `Appendable` parameter (gson's toJson overloads).
LIBRARY_SUPERTYPES = {
    "Type": set(), "ParameterizedType": {"Type"}, "GenericArrayType": {"Type"}, "WildcardType": {"Type"},
    "TypeVariable": {"Type"}, "Appendable": set(), "Readable": set(),
    "Reader": {"Readable", "Closeable", "AutoCloseable"},
    "Writer": {"Appendable", "Closeable", "Flushable", "AutoCloseable"},
    "InputStream": {"Closeable", "AutoCloseable"}, "OutputStream": {"Closeable", "Flushable", "AutoCloseable"},
    # (clikt's `from(file)` of a `File` reached `from(Path)` and `from(Properties)` beside `from(File)`)
    "File": {"Serializable", "Comparable"}, "Path": {"Comparable", "Iterable", "Watchable"},
    "Properties": {"Hashtable", "Dictionary", "Map", "Cloneable", "Serializable"},
    "URI": {"Comparable", "Serializable"}, "URL": {"Serializable"},
}
# A type parameter's name (`T`, `R2`).
TYPE_VARIABLE = re.compile(r"[A-Z][A-Z0-9]?")
_ANNOTATION = re.compile(r"@[\w.]+(\((?:[^()]|\([^()]*\))*\))?\s*")


def parameter_parts(signature: str, name: str) -> list[str] | None:
    """The parameters written after the method's name, one text each; None when the signature has
    no closed parameter list after the name (cut short, or not a method). The name may be followed by its
    type parameters (C#'s `Write<T0, T1>(`, Swift's `request<R: Request>(`) or Swift's `init?(`."""
    opened = _parameters_start(signature, name)
    if opened is None:
        return None
    parts: list[str] = []
    depth, start = 0, opened
    for position in range(opened, len(signature)):
        character = signature[position]
        if character in _OPENS and not (character == "<" and signature[position + 1:position + 2] == "="):
            depth += 1
        elif character in _CLOSES and not (character == ">" and signature[position - 1] == "-"):
            if depth == 0:
                parts.append(signature[start:position])
                break
            depth -= 1
        elif character == "," and depth == 0:
            parts.append(signature[start:position])
            start = position + 1
    else:
        return None
    return [part.strip() for part in parts if part.strip()]


def _parameters_start(signature: str, name: str) -> int | None:
    """Where the parameter list after the name's first occurrence as a whole word starts (after its `(`), the name
    followed by nothing but spaces, `?`/`!` and type parameters `<..>`; None when it is nowhere so. (No regular
    expression per name: a link reads thousands of names, and `re` keeps 512.)"""
    at = signature.find(name)
    while at >= 0:
        before = signature[at - 1:at]
        end = at + len(name)
        if not (before.isalnum() or before in ("_", "$")):
            end = _after_name(signature, end)
            if end is not None:
                return end
        at = signature.find(name, at + 1)
    return None


def _after_name(signature: str, end: int) -> int | None:
    """After `(` when only `?`/`!`, spaces and one `<..>` (no parentheses inside) stand between `end` and it."""
    length = len(signature)
    if end < length and signature[end] in "?!":
        end += 1
    while end < length and signature[end].isspace():
        end += 1
    if end < length and signature[end] == "<":
        close = signature.find(">", end)
        while close >= 0 and "(" not in signature[end:close] and ")" not in signature[end:close]:
            after = close + 1
            while after < length and signature[after].isspace():
                after += 1
            if after < length and signature[after] == "(":
                return after + 1
            close = signature.find(">", close + 1)
        return None
    return end + 1 if end < length and signature[end] == "(" else None


def parameter_range(signature: str, name: str, defaults: bool = False) -> tuple[int, float] | None:
    """(fewest, most) arguments a method takes: a Kotlin parameter with a default value
    (`defaults`) may be left out, a vararg (`String... a`, `vararg a: Int`) takes any number."""
    parts = parameter_parts(signature, name)
    if parts is None:
        return None
    fewest, most = 0, float(len(parts))
    for part in parts:
        if "..." in part or re.match(r"(@\S+\s+)*vararg\b", part):
            most = float("inf")
        elif not defaults or not re.search(r"(?<![=!<>])=(?!=)", part):
            fewest += 1
    return fewest, most


def without_generics(text: str) -> str:
    """The text without what its `<...>` hold (`Map<String, List<T>>` -> `Map`)."""
    out, depth = [], 0
    for character in text:
        if character == "<":
            depth += 1
        elif character == ">":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(character)
    return "".join(out)


def parameter_types(signature: str, name: str, qualified: bool = False) -> tuple[list[str], bool] | None:
    """A Java method's parameter types as simple names (`Map<K, V> m` -> `Map`, `int[] a` -> `int[]`; with
    `qualified`, as written: `Retrofit.Builder b` -> `Retrofit.Builder`) and whether the last is a vararg (then its
    element type); None when unreadable."""
    parts = parameter_parts(signature, name)
    if parts is None:
        return None
    types, vararg = [], False
    for part in parts:
        text = without_generics(_ANNOTATION.sub("", part)).replace("final ", " ").strip()
        words = text.replace("...", " ... ").replace("[]", " [] ").split()
        if len(words) < 2:
            return None
        words = words[:-1]  # the parameter's name
        if words[-1] == "...":
            vararg, words = True, words[:-1]
        arrays = sum(1 for w in words if w == "[]")
        written = [w for w in words if w != "[]"]
        if len(written) != 1:
            return None
        types.append((written[0] if qualified else written[0].rsplit(".", 1)[-1]) + "[]" * arrays)
    return types, vararg


# Kotlin's types in Java's words, so that one set of rules compares both languages' overloads (a
# Kotlin call of a Java method, and back): `Int` is `int`, `Int?` is `Integer`, `Any` is `Object`.
_KOTLIN_PRIMITIVES = {"Int": "int", "Long": "long", "Short": "short", "Byte": "byte", "Double": "double",
                      "Float": "float", "Boolean": "boolean", "Char": "char"}
_KOTLIN_NULLABLE = {"Int": "Integer", "Char": "Character", "Any": "Object"}


def kotlin_as_java(name: str, nullable: bool = False) -> str:
    """A Kotlin type's simple name as Java writes it (`?` and any other name unchanged)."""
    if name.endswith("Array") and name[:-5] in _KOTLIN_PRIMITIVES:
        return _KOTLIN_PRIMITIVES[name[:-5]] + "[]"  # IntArray, ByteArray
    if nullable and name in _KOTLIN_PRIMITIVES:
        return _KOTLIN_NULLABLE.get(name, name)
    return "Object" if name == "Any" else _KOTLIN_PRIMITIVES.get(name, name)


_KOTLIN_MODIFIERS = re.compile(r"^(?:(?:vararg|noinline|crossinline)\s+)+")


def kotlin_parameter_types(signature: str, name: str) -> tuple[list[str], bool] | None:
    """A Kotlin function's parameter types, in Java's words (`(a: Int, b: String? = null)` ->
    `int`, `String`; a function type is `Function`), and whether the last is a vararg."""
    parts = parameter_parts(signature, name)
    if parts is None:
        return None
    types, vararg = [], False
    for position, part in enumerate(parts):
        text = _ANNOTATION.sub("", part).strip()
        modifiers = _KOTLIN_MODIFIERS.match(text)
        if modifiers:
            vararg = vararg or (position == len(parts) - 1 and "vararg" in modifiers.group(0))
            text = text[modifiers.end():]
        _name, colon, written = text.partition(":")
        if not colon:
            return None
        depth, end = 0, len(written)
        for index, character in enumerate(written):  # a default value starts at the first `=` outside brackets
            depth += 1 if character in _OPENS else -1 if character in _CLOSES and written[index - 1] != "-" else 0
            if character == "=" and depth == 0:
                end = index
                break
        written = written[:end].strip()
        if written.startswith(("(", "suspend")) or "->" in written:
            types.append("Function")
            continue
        nullable = written.endswith("?")
        simple = without_generics(written.rstrip("?")).strip().rsplit(".", 1)[-1]
        if not simple.isidentifier():
            return None
        types.append(kotlin_as_java(simple, nullable))
    return types, vararg


def assignable(argument: str, parameter: str, classes: Callable[[str, bool], list[str]],
               ancestors: Callable[[str], set[str]], closed: Callable[[str], bool], boxing: bool,
               lenient: bool, arrays_told: bool = False) -> bool:
    """Whether an argument of type `argument` can be passed as `parameter`. `classes(name, of_argument)`
    finds the project classes a name means, `ancestors` a project class's and its project bases',
    `closed` whether all of those are all its supertypes; `lenient`: an unknown library type fits.
    `arrays_told`: the argument's type says whether it is an array (a Kotlin caller's `ByteArray` variable
    is `byte[]`; a Java variable declared `Object[] a` is typed `Object`)."""
    if argument == "?" or argument == parameter or TYPE_VARIABLE.fullmatch(argument):
        return True
    if parameter == "Object" or TYPE_VARIABLE.fullmatch(parameter):
        return argument not in PRIMITIVES or boxing
    if argument == "null":
        return parameter not in PRIMITIVES
    if argument.endswith("[]") and parameter.endswith("[]"):
        # An array of primitives only as itself; of objects as an array of any type its elements fit
        element, taken = argument[:-2], parameter[:-2]
        if element in PRIMITIVES or taken in PRIMITIVES:
            return element == taken
        return assignable(element, taken, classes, ancestors, closed, False, lenient, arrays_told)
    if not arrays_told and parameter.endswith("[]") and not argument.endswith("[]") and (
            argument == parameter[:-2] if argument in PRIMITIVES or parameter[:-2] in PRIMITIVES else assignable(
                argument, parameter[:-2], classes, ancestors, closed, False, lenient, arrays_told)):
        # A Java variable declared `char[] buf` is typed `char`: it may be the array (jsoup's 7 calls of
        # `cacheString(charBuf, stringCache, ..)` with `char[]` and `String[]` variables reached nothing). An array
        # of primitives is no array of wider ones (commons-lang's `isEmpty(array)`, a `byte[]`, reached isEmpty's
        # `int[]`, `long[]`, `float[]`, `double[]` and `short[]` overloads).
        return True
    if argument.endswith("[]"):
        return parameter in ("Cloneable", "Serializable")  # (an array, besides Object)
    if argument == "Object" and not arrays_told:
        # In Java, Object is only itself (its subtypes need a cast: commons-lang's `replace(source)` of an `Object
        # source` reached `replace(CharSequence)` and `replace(char[])`); Kotlin casts an `Any` checked with `is`.
        return False
    if argument in PRIMITIVES:
        if parameter in PRIMITIVES:
            return parameter in _WIDENING[argument]
        return boxing and (parameter == _BOXES[argument] or parameter in SUPERTYPES.get(_BOXES[argument], ()))
    if parameter in PRIMITIVES:
        return boxing and _BOXES[parameter] == argument
    if argument in SUPERTYPES:
        return parameter in SUPERTYPES[argument]
    if parameter in SUPERTYPES:
        return False  # String, Class and the boxes are final: only themselves fit
    if arrays_told and parameter.endswith("[]") and not argument.endswith("[]"):
        # Only an array is an array (okio's `commonLastIndexOf(other: ByteArray, ..)` is not what
        # `commonLastIndexOf(other, ..)` calls with `other: ByteString`, a class with a library base).
        return False
    parameter_classes = classes(parameter, False)
    argument_classes = classes(argument, True)
    if argument in LIBRARY_SUPERTYPES and not argument_classes:
        return parameter in LIBRARY_SUPERTYPES[argument]
    if parameter_classes and argument_classes:
        return any(p in ancestors(a) for a in argument_classes for p in parameter_classes)
    if parameter_classes:
        return False  # a library type is never a subclass of a project class
    if argument_classes and all(closed(a) for a in argument_classes):
        # A project class that extends and implements only project classes: of none of the parameter's name, unless
        # the method's file does not see it by that name alone (moshi's `skipPast: JsonAdapter.Factory`, read as
        # `Factory`, to which its tests' factories pass `this`).
        return any(c.rpartition(":")[2].rpartition(".")[2] == parameter
                   for a in argument_classes for c in ancestors(a))
    return lenient
