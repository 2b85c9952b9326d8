"""The storage contract every backend passes (tests/integration/test_storage_contract.py).

Keys are built by the server from ids only (:func:`document_key`) and validated again by every backend, so a
file name from a user can never choose where bytes land: no ``..``, no absolute paths, no bucket escape.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Protocol

_KEY = re.compile(r"^[a-z0-9][a-z0-9/_.-]{0,500}$")


class StorageError(Exception):
    """The backend failed (I/O, network, credentials); the caller keeps its data consistent."""


class ObjectNotFound(StorageError):
    pass


def document_key(clinic_id: uuid.UUID, document_id: uuid.UUID) -> str:
    return f"clinics/{clinic_id}/documents/{document_id}"


def check_key(key: str) -> str:
    """Refuse anything but the server's own key shape."""
    if not _KEY.match(key) or ".." in key or "//" in key or key.endswith("/"):
        raise ValueError(f"invalid storage key {key!r}")
    return key


class ObjectStorage(Protocol):
    """What the documents service needs from a backend."""

    name: str
    """``local`` or ``s3`` — shown in health output."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...

    def stream(self, key: str, chunk_size: int = 64 * 1024) -> Iterator[bytes]: ...

    def delete(self, key: str) -> None:
        """Idempotent: deleting a missing object is not an error."""

    def exists(self, key: str) -> bool: ...

    def keys(self, prefix: str = "") -> list[str]: ...

    def presigned_url(self, key: str, filename: str, content_type: str) -> str | None:
        """A time-limited direct download URL, or ``None`` when the backend has none (local)."""
