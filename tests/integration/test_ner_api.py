"""/ner and /audiology over HTTP."""

from __future__ import annotations

REPORT = """Freq (Hz) |   R AC  |   L AC  |   R BC  |   L BC
500       |    20   |    25   |    15   |    20
1000      |    30   |    30   |    25   |    30
2000      |    40   |    45   |    40   |    40
4000      |    55   |    60   |    50   |    55
Tympanometry: R Type A (-10 daPa, 0.68 ml); L Type A (-20 daPa, 0.74 ml)
SRT: R 30 dB HL; L 35 dB HL. WRS: R 88% at 70 dB HL; L 84% at 75 dB HL"""


def test_extract_and_context(client, clinic_a):
    text = "Bilateral mild sensorineural hearing loss. No dizziness. Fitted with Phonak Audeo Lumity L90."
    extracted = client.post("/ner/extract", headers=clinic_a.headers, json={"text": text}).json()
    labels = {(e["label"], e["text"]) for e in extracted["entities"]}
    assert ("CONDITION", "sensorineural hearing loss") in labels
    assert extracted["model"].startswith("medspaCy")
    context = client.post("/ner/context", headers=clinic_a.headers, json={"text": text}).json()["context"]
    assert context["problems"][0] == {
        "text": "sensorineural hearing loss",
        "laterality": "bilateral",
        "severity": "mild",
        "historical": False,
        "uncertain": False,
    }
    assert [n["text"] for n in context["negated"]] == ["dizziness"]
    health = client.get("/ner/health", headers=clinic_a.headers).json()
    assert (health["state"], health["source"]) == ("ready", "package")


def test_audiology_interpretation_endpoint(client, clinic_a):
    body = client.post("/audiology/interpret", headers=clinic_a.headers, json={"text": REPORT}).json()
    right, left = body["findings"]["right"], body["findings"]["left"]
    assert (right["pta_db"], right["degree"], right["loss_type"]) == (30.0, "mild", "sensorineural")
    assert (left["pta_db"], left["who_grade"], left["tympanometry_type"]) == (33.3, "moderate", "A")
    assert (right["srt_db"], left["wrs_percent"]) == (30.0, 84.0)
    assert body["thresholds"]["air"]["right"]["4000"]["value"] == 55.0
    assert body["findings"]["asymmetry"]["significant"] is False


def test_ner_rejects_empty_text(client, clinic_a):
    assert client.post("/ner/extract", headers=clinic_a.headers, json={"text": ""}).status_code == 400
    assert client.post("/audiology/interpret", json={"text": REPORT}).status_code == 401
