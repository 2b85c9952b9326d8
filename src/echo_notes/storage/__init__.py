"""Object storage for document originals: a local directory (default) or S3, behind one interface."""

from echo_notes.storage.base import ObjectNotFound, ObjectStorage, StorageError, document_key
from echo_notes.storage.factory import build_storage

__all__ = ["ObjectNotFound", "ObjectStorage", "StorageError", "build_storage", "document_key"]
