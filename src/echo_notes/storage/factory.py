"""Choose the storage backend from settings: S3 when a bucket is named, else the local directory."""

from __future__ import annotations

from echo_notes.settings import StorageSettings
from echo_notes.storage.base import ObjectStorage


def build_storage(settings: StorageSettings) -> ObjectStorage:
    if settings.s3_bucket:
        from echo_notes.storage.s3 import S3Storage

        return S3Storage(settings)
    from echo_notes.storage.local import LocalStorage

    return LocalStorage(settings.local_dir)
