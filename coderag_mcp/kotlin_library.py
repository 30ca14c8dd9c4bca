"""What Kotlin standard-library calls return, where a receiver is one (pure, while parsing): okio's
`byteArrayOf(1, 2).toByteString()`, `ByteArray(n)` and `"abc".encodeToByteArray()` are ByteArrays, `ByteBuffer.wrap(..)` a
ByteBuffer, so a companion's `fun ByteArray.toByteString()` imported by name is what the call reaches (kotlin_extensions.py),
as for a String literal. Only calls whose result type does not depend on what they are called on are listed.
"""

from __future__ import annotations

# The function as written (its last name, or `Class.function` for a static factory) -> the type it returns.
LIBRARY_RESULTS = {
    "ByteArray": "ByteArray", "byteArrayOf": "ByteArray", "encodeToByteArray": "ByteArray", "Random.nextBytes": "ByteArray",
    "ByteBuffer.wrap": "ByteBuffer", "ByteBuffer.allocate": "ByteBuffer", "ByteBuffer.allocateDirect": "ByteBuffer",
}


# Those named alone, whatever they are called on (`x.encodeToByteArray()`).
_ANY_RECEIVER = {name: result for name, result in LIBRARY_RESULTS.items() if "." not in name}


def library_result(called: str) -> str | None:
    """The type a call of `called` (`byteArrayOf`, `"abc".encodeToByteArray`, `ByteBuffer.wrap`) returns, when it is
    one of LIBRARY_RESULTS; else None."""
    owner, _, name = called.rpartition(".")
    static = f"{owner.rpartition('.')[2]}.{name}" if owner else name
    return LIBRARY_RESULTS[static] if static in LIBRARY_RESULTS else _ANY_RECEIVER.get(name)
