"""What receivers.py reads of each TS/JS, Go, Java/Kotlin and Rust tree, as data: which nodes hold a receiver,
what `this` and `super` are written as, what constructs an instance, and which nodes name a value or a path.
"""

from __future__ import annotations

from typing import Any

# Per language, as data: the node holding `receiver.name` (and the field of its receiver; None: the
# first named child), what `this` and `super` are written as, the nodes that construct an instance
# (with the field naming its type), whether a bare name can be a field of `this` (Java, Kotlin), the literals
# whose type a call on them tells (Kotlin: okio's `"abc".encodeUtf8()` calls the extension on String), and whether
# a call of a variable of the file is left to the link, which finds the variable (TS/JS, Go: typed_names.py's
# `called_variables`), rather than kept as a local's.
_JS = {
    "member": {"member_expression": "object", "nested_type_identifier": "module"},
    "this": {"this"}, "super": {"super"},
    "construct": {"new_expression": "constructor"},
    # `[1, 2].forEach(..)`, `"a,b".split(..)`: a builtin's (and a variable a literal is assigned to: receiver_bindings)
    "literals": {"array": "Array", "string": "String", "template_string": "String", "regex": "RegExp",
                 "number": "Number"},
    # `this` is the class's in its methods (and arrows in them), not in a `function` or an object literal
    "this_bound": True,
    "file_variables_called": True,
}
RECEIVER_SPECS: dict[str, dict[str, Any]] = {
    "javascript": _JS, "typescript": _JS, "tsx": _JS,
    "go": {"member": {"selector_expression": "operand", "qualified_type": "package"},
           "this": set(), "super": set(), "construct": {"composite_literal": "type"}, "file_variables_called": True},
    "java": {"member": {"method_invocation": "object", "scoped_type_identifier": None, "field_access": "object"},
             "this": {"this"}, "super": {"super"}, "construct": {"object_creation_expression": "type"},
             "implicit_this": True},
    "kotlin": {"member": {"navigation_suffix": "..", "user_type": None},
               "this": {"this_expression"}, "super": {"super_expression"}, "construct": {},
               "implicit_this": True, "literals": {"string_literal": "String"}},
    "rust": {"member": {"field_expression": "value", "scoped_identifier": "path", "scoped_type_identifier": "path"},
             "this": {"self"}, "super": set(), "construct": {"struct_expression": "name"}},
}
RECEIVER_LANGUAGES = frozenset(RECEIVER_SPECS)

# What a name or a path to one is written as (anything else as a receiver is an expression nobody types here).
PATH_KINDS = frozenset({
    "identifier", "simple_identifier", "type_identifier", "package_identifier", "field_identifier",
    "member_expression", "selector_expression", "field_expression", "scoped_identifier", "field_access",
    "navigation_expression", "scoped_type_identifier", "nested_type_identifier", "qualified_type", "user_type",
    "super", "crate", "self",
})
