"""Which of a class's methods a Java or Kotlin call reaches, for jvm_graph.py: the overloads in the class and
all its bases that take the call's arguments (their count, and their types where known, through the project's
classes and their ancestors), less those a nearer class overrides; of several that all take them, the most
specific (javac's choice). A Java class's constructor is no member.

Apart from jvm_graph.py, which finds the files imports and packages name, and resolves a reference: this is
choosing among a class's members, with caches of its own (parameters, types, ancestors, overloads).
"""

from __future__ import annotations

from .jvm_overloads import assignable, kotlin_parameter_types, parameter_range, parameter_types
from .typed_graph import TypedResolver


class JvmMembers(TypedResolver):
    """A class's members as a Java or Kotlin call reaches them (JvmResolver's base)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._call: tuple[str, str, list[str]] | None = None  # the call being resolved: file, scope, arguments
        self._parameters: dict[str, tuple[int, float] | None] = {}
        self._types: dict[str, tuple[list[str], bool] | None] = {}
        self._written: dict[str, list[str] | None] = {}
        self._class_names: frozenset[str] | None = None
        self._classes: dict[tuple[str, str, str], list[str]] = {}
        self._ancestors: dict[str, set[str]] = {}
        self._overloads: dict[tuple[str, str], list[str]] = {}

    def takes(self, node_id: str, arguments: list[str], context: tuple[str, str], boxing: bool = True,
              lenient: bool = True) -> bool:
        """Whether a method can be called with these arguments, written in `context` (file, scope);
        anything but a method: yes. Not `lenient`: only when every argument surely fits."""
        node = self.nodes.get(node_id)
        if node is None or node.node_type not in ("METHOD", "FUNCTION"):
            return True
        if node_id not in self._parameters:
            self._parameters[node_id] = parameter_range(
                node.signature or "", node.name, defaults=node.file_path.endswith((".kt", ".kts")))
        if "*" in arguments:
            # A spread (`of(*data)` in okio's tests) only a vararg parameter takes: jvmMain's ByteString has
            # `of(vararg data: Byte)` and two deprecated `of(buffer)`, `of(array, offset, byteCount)`.
            typed = self.types_of(node_id)
            return typed is None or typed[1]
        accepted = self._parameters[node_id]
        if accepted is not None and not accepted[0] <= len(arguments) <= accepted[1]:
            return False
        typed = self.types_of(node_id) if any(a != "?" for a in arguments) else None
        if typed is None:
            return True
        parameters, vararg = typed
        written = self.written_types(node_id)
        for position, argument in enumerate(arguments):
            if argument == "?":
                continue
            at = len(parameters) - 1 if position >= len(parameters) - 1 and vararg else position
            if at >= len(parameters):
                return False
            parameter = parameters[at]
            if at == position == len(parameters) - 1 == len(arguments) - 1 and vararg and argument.endswith("[]"):
                parameter += "[]"  # (gson's `getParameterized(raw, new Type[0])`: the array is the vararg)
            if not self.assignable(argument, context, parameter, node_id, boxing, lenient,
                                   written[at] if written is not None and at < len(written) else None):
                return False
        return True

    def class_names(self) -> frozenset[str]:
        """The names of the project's classes."""
        if self._class_names is None:
            self._class_names = frozenset(node.name for node in self.nodes.values() if node.node_type == "CLASS")
        return self._class_names

    def written_types(self, node_id: str) -> list[str] | None:
        """A Java method's parameter types as written (`Retrofit.Builder`: a nested class, which its simple name
        alone does not find where the method is; retrofit's 44 `buildRequest(Example.class, headers)` took
        `buildRequest(Class, Retrofit.Builder, Object...)` as taking a library type's anything)."""
        if node_id not in self._written:
            node = self.nodes[node_id]
            typed = parameter_types(node.signature or "", node.name, qualified=True) \
                if node.file_path.endswith(".java") else None
            self._written[node_id] = typed[0] if typed is not None else None
        return self._written[node_id]

    def types_of(self, node_id: str) -> tuple[list[str], bool] | None:
        if node_id not in self._types:
            node = self.nodes[node_id]
            read = parameter_types if node.file_path.endswith(".java") else kotlin_parameter_types
            self._types[node_id] = read(node.signature or "", node.name)
        return self._types[node_id]

    def assignable(self, argument: str, context: tuple[str, str], parameter: str, method_id: str,
                   boxing: bool, lenient: bool, written: str | None = None) -> bool:
        method = self.nodes[method_id]
        method_context = (method.file_path, self.qualified[method_id].rpartition(".")[0])
        kotlin = context[0].endswith((".kt", ".kts"))
        # (the parameter's type as written, `Outer.Inner`, where its simple name finds nothing; unless the argument's
        # type is a class of the project the caller does not find, itself perhaps written so: gson's `TestTypes.Sub
        # subType`, passed as a `TestTypes.Base`)
        simple = argument.removesuffix("[]")
        dotted = written.removesuffix("[]") if written is not None and "." in written and (
            simple not in self.class_names() or self.project_classes(*context, simple)) else None

        def classes(name: str, of_argument: bool) -> list[str]:
            if of_argument:
                return self.project_classes(*context, name)
            found = self.project_classes(*method_context, name)
            return found or (self.project_classes(*method_context, dotted) if dotted is not None and
                             dotted.rpartition(".")[2] == name.removesuffix("[]") else found)
        return assignable(argument, parameter, classes, self.ancestors, self.closed, boxing, lenient,
                          arrays_told=kotlin)

    def project_classes(self, path: str, scope: str, name: str) -> list[str]:
        """The project classes a type name written in a file's scope means."""
        key = (path, scope, name)
        if key not in self._classes:
            call, self._call = self._call, None  # a type's name is no call: no argument filter
            try:
                self._classes[key] = [i for i in self.resolve_dotted(path, scope, name)[0]
                                      if i in self.nodes and self.nodes[i].node_type == "CLASS"]
            finally:
                self._call = call
        return self._classes[key]

    def ancestors(self, class_id: str) -> set[str]:
        if class_id not in self._ancestors:
            self._ancestors[class_id] = {class_id}  # an inheritance cycle stops here
            found = {class_id}
            for base in self.bases(class_id):
                found |= self.ancestors(base)
            self._ancestors[class_id] = found
        return self._ancestors[class_id]

    def closed(self, class_id: str) -> bool:
        """Whether every supertype of a project class is a project class (each base it names resolved)."""
        return all(len(self.base_refs.get(c, ())) == len(self.bases(c)) for c in self.ancestors(class_id))

    def fixed_arity(self, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Without the overloads taking a vararg when one of fixed arity takes the arguments (javac's first two
        phases: commons-lang's `append(str)` reached `append(String, Object...)` too)."""
        varargs = {i for i, _how in found if (typed := self.types_of(i)) is not None and typed[1]}
        return [(i, how) for i, how in found if i not in varargs] if varargs and len(varargs) < len(found) else found

    def exactly(self, method_id: str, arguments: list[str]) -> bool:
        """Whether a method's parameters are the argument types themselves (then it is the most specific of those
        that take them: commons-lang's `Streams.of(iterator)` reached all six `of` overloads, an Iterator being a
        library type that might be an Enumeration or a Collection). A Java variable's type names its array's
        elements: `byte` is passed as `byte[]` exactly."""
        typed = self.types_of(method_id)
        if typed is None or typed[1] or len(typed[0]) != len(arguments):
            return False
        java = self.nodes[method_id].file_path.endswith(".java")
        return all(argument == parameter or java and parameter.endswith("[]") and argument == parameter[:-2]
                   for argument, parameter in zip(arguments, typed[0]))

    def most_specific(self, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Of overloads that all take the arguments, those no other is more specific than (javac's choice)."""
        methods = [i for i, _how in found if self.nodes[i].node_type in ("METHOD", "FUNCTION")]
        typed = {i: self.types_of(i) for i in methods}
        if len(methods) < 2 or any(t is None or t[1] for t in typed.values()):
            return found

        def narrower(a: str, b: str) -> bool:
            first, second = typed[a][0], typed[b][0]  # type: ignore[index]
            node = self.nodes[a]
            context = (node.file_path, self.qualified[a].rpartition(".")[0])
            return len(first) == len(second) and all(
                self.assignable(x, context, y, b, boxing=False, lenient=False) for x, y in zip(first, second))

        dropped = {b for b in methods if any(a != b and narrower(a, b) and not narrower(b, a) for a in methods)}
        return [(i, how) for i, how in found if i not in dropped]

    def declared_in(self, class_id: str, name: str) -> list[str]:
        """A Java class's definition named like the class is its constructor (`JsonElement.JsonElement`):
        no member, and not inherited. `JsonElement` written in the subclass JsonArray is the class; as a
        member it found the base's constructor, no class, and the subclass's `extends JsonElement` and its
        uses of the type were left unresolved. (Kotlin's constructors are no definitions: a Kotlin class's
        `fun Buffer()` is a method; Go's `func (e *Error) Error()` too.)"""
        if (name == self.qualified[class_id].rpartition(".")[2]
                and self.nodes[class_id].file_path.endswith(".java")):
            return []
        return super().declared_in(class_id, name)

    def member(self, class_id: str, name: str, depth: int = 0) -> tuple[list[str], bool]:
        """For a call: the overloads that take its arguments in the class and in all its bases (javac
        chooses among every one; a nearer class's `write(long)` does not hide its base's `write(String)`),
        less those a nearer class overrides (the same parameters)."""
        if self._call is None:
            return super().member(class_id, name, depth)
        return sorted({i for i in self.overloads(class_id, name) if self.fits(i)}), True

    def overloads(self, class_id: str, name: str) -> list[str]:
        """The methods `name` of the class and its bases, nearest first, less the overridden ones."""
        key = (class_id, name)
        found = self._overloads.get(key)
        if found is not None:
            return found
        found = []
        overridden: set[object] = set()
        for holder in self.lineage(class_id):
            holder_path = self.nodes[holder].file_path
            mine = [i for i in self.declared_in(holder, name)
                    if self.holds_methods_of(holder_path, self.nodes[i].file_path)]
            keys = {i: self.parameters_key(i) for i in mine}
            found.extend(i for i in mine if keys[i] not in overridden)
            overridden.update(keys.values())
            if None in overridden:
                break  # a signature nobody could read: its bases' methods may be what it overrides
        self._overloads[key] = found
        return found

    def lineage(self, class_id: str) -> list[str]:
        """The class, then its project bases, nearest first."""
        order, queue = [class_id], [class_id]
        while queue and len(order) < 64:
            for base in self.bases(queue.pop(0)):
                if base not in order:
                    order.append(base)
                    queue.append(base)
        return order

    def parameters_key(self, node_id: str) -> object:
        """What an overriding method shares with the method it overrides: its parameter types where
        read, else how many arguments it takes; None when its signature says neither."""
        typed = self.types_of(node_id)
        if typed is not None:
            return tuple(typed[0]), typed[1]
        if node_id not in self._parameters:
            node = self.nodes[node_id]
            self._parameters[node_id] = parameter_range(
                node.signature or "", node.name, defaults=node.file_path.endswith((".kt", ".kts")))
        return self._parameters[node_id]

    def fits(self, node_id: str) -> bool:
        return self._call is None or self.takes(node_id, self._call[2], (self._call[0], self._call[1]))
