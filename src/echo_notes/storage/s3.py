"""Documents in S3 or any S3-compatible server, through boto3.

Credentials, region and endpoint come from settings (never read from the environment here); objects are
written under a configurable prefix so a bucket can be shared with other data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from echo_notes.settings import StorageSettings
from echo_notes.storage.base import ObjectNotFound, StorageError, check_key

_MISSING = {"NoSuchKey", "404", "NotFound"}


class S3Storage:
    name = "s3"

    def __init__(self, settings: StorageSettings, client: Any | None = None) -> None:
        if not settings.s3_bucket:
            raise ValueError("S3 storage needs S3_BUCKET_NAME")
        self.bucket = settings.s3_bucket
        self.prefix = settings.s3_prefix.strip("/")
        self.ttl = settings.presigned_url_ttl_s
        self.client = client or boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region or "us-east-1",
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=settings.s3_secret_access_key,
            config=Config(
                retries={"max_attempts": 3, "mode": "standard"},
                signature_version="s3v4",
                s3={"addressing_style": "path"},
            ),
        )

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _fail(self, action: str, exc: Exception, key: str) -> StorageError:
        code = exc.response.get("Error", {}).get("Code") if isinstance(exc, ClientError) else None
        if code in _MISSING:
            return ObjectNotFound(key)
        return StorageError(f"S3 {action} failed ({code or type(exc).__name__})")

    def put(self, key: str, data: bytes, content_type: str) -> None:
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type
            )
        except (ClientError, BotoCoreError) as exc:
            raise self._fail("put", exc, key) from exc

    def get(self, key: str) -> bytes:
        try:
            body: bytes = self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
            return body
        except (ClientError, BotoCoreError) as exc:
            raise self._fail("get", exc, key) from exc

    def stream(self, key: str, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        except (ClientError, BotoCoreError) as exc:
            raise self._fail("get", exc, key) from exc
        return iter(body.iter_chunks(chunk_size))

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (ClientError, BotoCoreError) as exc:
            error = self._fail("delete", exc, key)
            if not isinstance(error, ObjectNotFound):
                raise error from exc

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except (ClientError, BotoCoreError) as exc:
            if isinstance(self._fail("head", exc, key), ObjectNotFound):
                return False
            raise self._fail("head", exc, key) from exc

    def keys(self, prefix: str = "") -> list[str]:
        full = f"{self.prefix}/{prefix}" if self.prefix else prefix
        strip = len(self.prefix) + 1 if self.prefix else 0
        found: list[str] = []
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=full
            ):
                found.extend(item["Key"][strip:] for item in page.get("Contents", []))
        except (ClientError, BotoCoreError) as exc:
            raise self._fail("list", exc, prefix) from exc
        return sorted(found)

    def presigned_url(self, key: str, filename: str, content_type: str) -> str | None:
        try:
            url: str = self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": self._key(key),
                    "ResponseContentDisposition": f'attachment; filename="{filename}"',
                    "ResponseContentType": content_type,
                },
                ExpiresIn=self.ttl,
            )
            return url
        except (ClientError, BotoCoreError) as exc:
            raise self._fail("presign", exc, key) from exc
