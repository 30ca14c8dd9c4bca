"""What a Java or Kotlin method is declared to return (JvmResolver's base, beside jvm_graph.py): the type a chain of
calls continues on, and the type of an argument that is a call's result (jvm_arguments.STATIC_RESULT), which picks
among the overloads a call can reach."""

from __future__ import annotations

from .jvm_overloads import TYPE_VARIABLE, kotlin_as_java
from .kotlin_extensions import KotlinExtensions
from .type_names import type_name


class JvmReturns(KotlinExtensions):
    """The declared return types of a Java and Kotlin project's methods."""

    def static_result(self, written: str, path: str, scope: str) -> str:
        """The type `Holder.method(..)` (or `method(..)`) returns, an argument (javapoet's `emit(CodeBlock.of(format,
        args))` reached `emit(String)` beside `emit(CodeBlock)`): the return type the method's overloads (in the
        project's class of that name; by the name alone, what it means where it is called) declare alike; `?` when
        they are no project's, or the type is not one name."""
        holder, dot, method = written.partition(".")
        if dot:
            classes = [i for i in self.resolve_name(path, scope, holder)[0]
                       if i in self.nodes and self.nodes[i].node_type == "CLASS"]
            declared = super().member  # (its overloads whatever a call passes: no call is being resolved here)
            found = [i for holder_id in classes for i in declared(holder_id, method)[0]]
        else:  # `make()`: the function or method the name means where it is called
            found = self.resolve_name(path, scope, holder)[0]
        results = {self.returned_as_java(i) for i in found
                   if i in self.nodes and self.nodes[i].node_type in ("METHOD", "FUNCTION")}
        return results.pop() if len(results) == 1 else "?"

    def returned_as_java(self, function_id: str) -> str:
        """What a method returns, as an argument's type is written (`String[]`, Kotlin's `Int?` as `Integer`, a
        project's generic `Response<T>` as `Response`); `?` for a type parameter, a Java library's generic, a function
        type or nothing."""
        written = (self.returned(function_id) or "").strip()
        kotlin = self.nodes[function_id].file_path.endswith((".kt", ".kts"))
        nullable = kotlin and written.endswith("?")
        named = type_name(written.removesuffix("?")) if written and not written.startswith("<") else None
        simple = named.rpartition(".")[2] if named else ""
        if not simple.isidentifier() or TYPE_VARIABLE.fullmatch(simple) or kotlin and simple == "Array":
            return "?"
        if not kotlin and "<" in written and not self._project_class(function_id, simple):
            return "?"  # (a Java library's generic, `List<String>`: as before its type was read, a type it may be)
        arrays = "[]" * written.count("[]") if not kotlin else ""
        return (kotlin_as_java(simple, nullable) if kotlin else simple) + arrays

    def _project_class(self, function_id: str, name: str) -> bool:
        """Whether `name`, written in the signature of `function_id`, means a class of the project."""
        node = self.nodes[function_id]
        found = self.resolve_name(node.file_path, self.signature_scope(self.qualified[function_id]), name)[0]
        return any(self.nodes[i].node_type == "CLASS" for i in found if i in self.nodes)

    def returned(self, function_id: str) -> str | None:
        """Kotlin's `fun make(): Widget`; a Java method's return type before its name."""
        node = self.nodes[function_id]
        signature = node.signature or ""
        head, _, rest = signature.partition("(")
        if node.file_path.endswith(".java"):
            return _java_return(head)
        depth, end = 1, -1
        for position, character in enumerate(rest):
            depth += {"(": 1, ")": -1}.get(character, 0)
            if depth == 0:
                end = position
                break
        tail = rest[end + 1:].strip() if end >= 0 else ""
        return tail[1:].strip() if tail.startswith(":") else None


_MODIFIERS = frozenset({"public", "protected", "private", "static", "final", "abstract", "synchronized", "native",
                        "default", "strictfp"})


def _java_return(head: str) -> str | None:
    """The return type written before a Java method's name (`Response<T>` of `static <T> Response<T> success`, whose
    type arguments were read as its type: retrofit's 359 generic methods returned nothing known); None for a
    constructor."""
    before = head.rstrip()
    end = len(before)
    while end and (before[end - 1].isalnum() or before[end - 1] in "_$"):
        end -= 1  # (the method's name)
    written, depth = before[:end].rstrip(), 0
    for start in range(len(written) - 1, -1, -1):
        depth += {">": 1, "<": -1}.get(written[start], 0)
        if depth == 0 and written[start].isspace():
            found = written[start + 1:]
            break
    else:
        found = written
    return found if found and found not in _MODIFIERS and not found.startswith(("<", "@")) else None
