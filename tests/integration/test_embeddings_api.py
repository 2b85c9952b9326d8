"""/embeddings and /models/status over HTTP with the default (packaged) model, and the OpenAI backend."""

from __future__ import annotations

import dataclasses

from litestar.testing import TestClient

from echo_notes.app import create_app

from ..openai_server import API_KEY, start_openai_server
from .conftest import register_clinic


def test_generate_batch_and_soap_sections(client, clinic_a):
    one = client.post("/embeddings/generate", headers=clinic_a.headers, json={"text": "tinnitus left ear"})
    assert one.status_code == 200
    assert (len(one.json()["embedding"]), one.json()["model"]) == (384, "all-MiniLM-L6-v2")
    batch = client.post("/embeddings/batch", headers=clinic_a.headers, json={"texts": ["a", "b", "c"]}).json()
    assert len(batch["embeddings"]) == 3
    soap = client.post(
        "/embeddings/soap-content",
        headers=clinic_a.headers,
        json={"subjective": "Reports muffled hearing.", "assessment": "Cerumen impaction.", "plan": ""},
    ).json()
    assert sorted(soap["sections"]) == ["assessment", "subjective"]


def test_bad_embedding_requests_are_400(client, clinic_a):
    assert client.post("/embeddings/generate", headers=clinic_a.headers, json={"text": ""}).status_code == 400
    assert client.post("/embeddings/batch", headers=clinic_a.headers, json={"texts": []}).status_code == 400


def test_models_status_names_each_model_and_its_source(client, clinic_a):
    client.post("/embeddings/generate", headers=clinic_a.headers, json={"text": "load it"})
    status = {m["role"]: m for m in client.get("/models/status", headers=clinic_a.headers).json()}
    assert status["embeddings"]["source"] == "package"
    assert status["embeddings"]["state"] == "ready"
    assert status["pii"]["name"].startswith("presidio")


def test_health_answers_while_nothing_is_loaded(client):
    assert client.get("/health").status_code == 200


def test_openai_backend_when_configured(settings, db_urls, clean_db):
    server = start_openai_server()
    try:
        models = dataclasses.replace(
            settings.models, embedding_provider="openai", openai_base_url=server.base_url
        )
        app = create_app(
            dataclasses.replace(settings, models=models, openai_api_key=API_KEY),
            db_urls,
            run_migrations=False,
        )
        with TestClient(app) as client:
            member = register_clinic(client, "Remote", "remote@clinic.example")
            body = client.post("/embeddings/generate", headers=member.headers, json={"text": "hello"}).json()
            assert (body["model"], len(body["embedding"])) == ("text-embedding-3-small", 384)
            status = {m["role"]: m for m in client.get("/models/status", headers=member.headers).json()}
            assert status["embeddings"]["source"] == "remote"
        assert server.requests[-1]["body"]["input"] == ["hello"]
    finally:
        server.stop()
