"""The API's enums (data-model.md), apart from the response models (models.py): the parser's worker
processes need ChunkType, and none of pydantic."""

from __future__ import annotations

import enum


class IndexStatus(str, enum.Enum):
    NOT_INITIALIZED = "not_initialized"
    INDEXING = "indexing"
    READY = "ready"
    FAILED = "failed"
    STALE = "stale"


class JobStatus(str, enum.Enum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_active(self) -> bool:
        return self in (JobStatus.PENDING, JobStatus.RUNNING)


class ChunkType(str, enum.Enum):
    FUNCTION = "function"
    CLASS = "class"
    METHOD = "method"
    MODULE = "module"


# A definition's kind beside the chunk types: a module's or class's variable or constant. It is a symbol and a
# graph node (vlt's VARIABLE), never a chunk: vlt's chunk types are the four above.
VARIABLE_KIND = "variable"
