"""One contract, every backend: the local directory and S3 (a real S3-compatible server) pass the same
tests, including refusing keys that try to escape and wrong credentials."""

from __future__ import annotations

import uuid

import httpx
import pytest

from echo_notes.settings import StorageSettings
from echo_notes.storage import ObjectNotFound, StorageError, document_key
from echo_notes.storage.local import LocalStorage
from echo_notes.storage.s3 import S3Storage

from ..s3_server import ACCESS_KEY, SECRET_KEY


def s3_settings(endpoint, bucket, secret=SECRET_KEY):
    return StorageSettings(
        local_dir=None,
        s3_bucket=bucket,
        s3_endpoint_url=endpoint,
        s3_region="us-east-1",
        s3_access_key_id=ACCESS_KEY,
        s3_secret_access_key=secret,
        s3_prefix="echo",
        presigned_url_ttl_s=60,
    )


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "objects")
    server = request.getfixturevalue("s3_server")
    bucket = f"contract-{uuid.uuid4().hex[:12]}"
    server.client().create_bucket(Bucket=bucket)
    return S3Storage(s3_settings(server.endpoint, bucket))


def key():
    return document_key(uuid.uuid4(), uuid.uuid4())


def test_put_get_roundtrip_keeps_bytes_exactly(storage):
    k, data = key(), bytes(range(256)) * 1000
    storage.put(k, data, "application/pdf")
    assert storage.get(k) == data
    assert b"".join(storage.stream(k, chunk_size=1000)) == data
    assert storage.exists(k)


def test_overwrite_replaces_the_object(storage):
    k = key()
    storage.put(k, b"first", "text/plain")
    storage.put(k, b"second", "text/plain")
    assert storage.get(k) == b"second"


def test_missing_objects_raise_not_found(storage):
    with pytest.raises(ObjectNotFound):
        storage.get(key())
    with pytest.raises(ObjectNotFound):
        b"".join(storage.stream(key()))
    assert not storage.exists(key())


def test_delete_is_idempotent(storage):
    k = key()
    storage.put(k, b"x", "text/plain")
    storage.delete(k)
    storage.delete(k)
    assert not storage.exists(k)


def test_keys_lists_by_prefix(storage):
    clinic = uuid.uuid4()
    mine = sorted(document_key(clinic, uuid.uuid4()) for _ in range(3))
    for k in [*mine, key()]:
        storage.put(k, b"x", "text/plain")
    assert storage.keys(f"clinics/{clinic}/") == mine


@pytest.mark.parametrize(
    "bad",
    [
        "../etc/passwd",
        "/etc/passwd",
        "clinics/../../x",
        "a//b",
        "UPPER/x",
        "",
        "clinics/x/",
        "name with spaces",
        "clinics/\x00/x",
    ],
)
def test_keys_that_could_escape_are_refused(storage, bad):
    with pytest.raises(ValueError, match="invalid storage key"):
        storage.put(bad, b"x", "text/plain")
    with pytest.raises(ValueError, match="invalid storage key"):
        storage.get(bad)


def test_presigned_url_downloads_on_s3_and_is_absent_locally(storage):
    k = key()
    storage.put(k, b"%PDF-1.4 body", "application/pdf")
    url = storage.presigned_url(k, "report.pdf", "application/pdf")
    if isinstance(storage, LocalStorage):
        assert url is None
        return
    response = httpx.get(url)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 body"
    assert "report.pdf" in response.headers["content-disposition"]


def test_s3_with_wrong_credentials_is_refused(s3_server):
    bucket = f"creds-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=bucket)
    bad = S3Storage(s3_settings(s3_server.endpoint, bucket, secret="not-the-secret"))
    with pytest.raises(StorageError) as caught:
        bad.put(key(), b"x", "text/plain")
    assert not isinstance(caught.value, ObjectNotFound)
    assert "not-the-secret" not in str(caught.value)


def test_s3_objects_live_under_the_configured_prefix(s3_server):
    bucket = f"prefix-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=bucket)
    storage = S3Storage(s3_settings(s3_server.endpoint, bucket))
    k = key()
    storage.put(k, b"x", "text/plain")
    raw = [o["Key"] for o in s3_server.client().list_objects_v2(Bucket=bucket)["Contents"]]
    assert raw == [f"echo/{k}"]
