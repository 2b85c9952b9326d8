"""The /pii endpoints over HTTP: findings, reversible pseudonymisation, one-way masking, health, audit."""

from __future__ import annotations

from sqlalchemy import text

from echo_notes.ai.pii.pseudonymize import restore

REPORT = "Patient: Orla Fenwick-Dunne   DOB: 07/14/1949   MRN: KHC-0073310\nAudiologist: Tariq Osei, AuD"
TRANSCRIPT = "[clinician] Hi Orla, I'm Tariq. Is (541) 555-0168 still your number? [patient] Yes."


def test_analyze_returns_typed_spans(client, clinic_a):
    response = client.post("/pii/analyze", headers=clinic_a.headers, json={"text": REPORT})
    assert response.status_code == 200
    body = response.json()
    found = {(f["entity_type"], f["text"]) for f in body["findings"]}
    assert {
        ("PERSON", "Orla Fenwick-Dunne"),
        ("DATE_OF_BIRTH", "07/14/1949"),
        ("MEDICAL_RECORD_NUMBER", "KHC-0073310"),
        ("PERSON", "Tariq Osei"),
    } <= found
    assert all(REPORT[f["start"] : f["end"]] == f["text"] for f in body["findings"])
    assert "presidio" in body["model"]


def test_anonymize_masks_a_visit_consistently_and_the_mapping_restores_it(client, clinic_a):
    response = client.post("/pii/anonymize", headers=clinic_a.headers, json={"texts": [TRANSCRIPT, REPORT]})
    assert response.status_code == 200
    body = response.json()
    masked = " ".join(body["texts"])
    for identifier in ("Orla", "Tariq", "555-0168", "07/14/1949", "KHC-0073310"):
        assert identifier not in masked
    assert [restore(t, body["mapping"]) for t in body["texts"]] == [TRANSCRIPT, REPORT]
    assert body["counts"]["PERSON"] >= 4


def test_quick_anonymize_is_one_way(client, clinic_a):
    body = client.post("/pii/quick-anonymize", headers=clinic_a.headers, json={"text": TRANSCRIPT}).json()
    assert body["text"] == (
        "[clinician] Hi <PERSON>, I'm <PERSON>. Is <PHONE_NUMBER> still your number? [patient] Yes."
    )


def test_pii_calls_are_audited_without_the_text(client, clinic_a, clean_db):
    client.post("/pii/analyze", headers=clinic_a.headers, json={"text": REPORT})
    with clean_db.connect() as conn:
        rows = conn.execute(
            text("SELECT action, details::text FROM audit_log WHERE action LIKE 'pii.%'")
        ).all()
    assert [r[0] for r in rows] == ["pii.analyze"]
    assert "Orla" not in rows[0][1]


def test_pii_requires_a_token_and_valid_bodies(client, clinic_a):
    assert client.post("/pii/analyze", json={"text": "x"}).status_code == 401
    assert client.post("/pii/anonymize", headers=clinic_a.headers, json={"texts": []}).status_code == 400
    health = client.get("/pii/health", headers=clinic_a.headers).json()
    assert health["status"] == "ok"
