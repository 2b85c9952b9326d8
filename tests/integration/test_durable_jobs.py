"""Note generation as a durable job: 202 + job, progress as server-sent events, and a worker killed in the
middle of a run whose job is finished by the next worker from its checkpoint — one note, nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import text

from echo_notes.app import create_app
from echo_notes.settings import load_settings

from .conftest import create_patient, create_session, register_clinic

CASES = Path(__file__).parents[2] / "evals" / "datasets" / "audiology-dev" / "cases.jsonl"
AUD001 = json.loads(CASES.read_text().splitlines()[0])
STEPS = ["mask_pii", "extract_entities", "analyse_audiology", "draft_note", "judge_note", "unmask"]
SECRET = "test-secret-" + "x" * 40


def _visit(client, member, transcript: str) -> str:
    patient = create_patient(client, member, first_name="Greta", last_name="Lindqvist")
    session = create_session(client, member, patient["id"], transcript=transcript)
    report = AUD001["documents"][0]
    response = client.post(
        "/documents/text",
        headers=member.headers,
        json={"session_id": session["id"], "text": report["text"], "document_type": "audiogram"},
    )
    assert response.status_code == 201, response.text
    return str(session["id"])


def _events(client, member, job_id: str) -> list[tuple[str, dict]]:
    events: list[tuple[str, dict]] = []
    with client.stream("GET", f"/jobs/{job_id}/events", headers=member.headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and name:
                events.append((name, json.loads(line.split(":", 1)[1])))
    return events


def test_generate_answers_202_and_streams_every_step_then_the_note(client, clinic_a):
    session_id = _visit(client, clinic_a, AUD001["transcript"])
    response = client.post("/soap/generate", headers=clinic_a.headers, json={"session_id": session_id})
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] in ("queued", "running")
    assert job["steps_planned"] == STEPS

    events = _events(client, clinic_a, job["id"])
    names = [name for name, _ in events]
    assert names[-1] == "done"
    assert [data["node"] for name, data in events if name == "step"] == STEPS
    final = events[-1][1]
    assert final["note"]["content"]["assessment"]
    assert final["note"]["provenance"]["drafter"].startswith("grounded-drafter")

    polled = client.get(f"/jobs/{job['id']}", headers=clinic_a.headers).json()
    assert polled["status"] == "done"
    assert polled["note_id"] == final["note"]["id"]
    listed = client.get(f"/jobs?session_id={session_id}&status=done", headers=clinic_a.headers).json()
    assert [j["id"] for j in listed["items"]] == [job["id"]]


def test_job_lists_never_show_another_clinics_jobs(client, clinic_a, clinic_b):
    session_id = _visit(client, clinic_a, AUD001["transcript"])
    job = client.post("/soap/generate", headers=clinic_a.headers, json={"session_id": session_id}).json()
    assert client.get("/jobs", headers=clinic_b.headers).json()["total"] == 0
    assert client.get(f"/jobs?session_id={session_id}", headers=clinic_b.headers).json()["items"] == []
    assert client.get(f"/jobs/{job['id']}", headers=clinic_b.headers).status_code == 404
    assert client.get("/jobs?status=nonsense", headers=clinic_a.headers).status_code == 400


def test_unconfigured_drafter_and_bad_options_are_refused_before_queueing(client, clinic_a, clean_db):
    session_id = _visit(client, clinic_a, AUD001["transcript"])
    for body in (
        {"session_id": session_id, "drafter": "hf"},
        {"session_id": session_id, "drafter": "openai"},
        {"session_id": session_id, "max_rounds": 0},
        {"session_id": session_id, "drafter": "gpt-9"},
    ):
        response = client.post("/soap/generate", headers=clinic_a.headers, json=body)
        assert response.status_code == 400, (body, response.text)
    with clean_db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM soap_jobs")).scalar() == 0


@pytest.fixture
def external_app(tmp_path, db_urls, clean_db) -> Litestar:
    """The API with JOBS_WORKER=external: jobs wait in the queue for a separate worker process."""
    settings = load_settings(
        {
            "ECHO_ENV": "test",
            "ECHO_DATA_DIR": str(tmp_path / "api"),
            "JWT_SECRET_KEY": SECRET,
            "JOBS_WORKER": "external",
        }
    )
    return create_app(settings, db_urls, run_migrations=False)


def _start_worker(tmp_path: Path, db_urls, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ECHO_ENV": "test",
        "ECHO_DATA_DIR": str(tmp_path / name),
        "JWT_SECRET_KEY": SECRET,
        "DATABASE_URL": db_urls.owner,
        "DATABASE_APP_URL": db_urls.app,
        "JOBS_HEARTBEAT_SECONDS": "1",
        "JOBS_STALLED_SECONDS": "3",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "echo_notes.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / f"{name}.log", "wb"),  # closed with the process
    )


def _job_row(engine, job_id: str):
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT status, progress, attempts, note_id FROM soap_jobs WHERE id = :j"), {"j": job_id}
        ).one()


def test_a_killed_worker_s_job_resumes_from_its_checkpoint_and_writes_one_note(
    external_app, tmp_path, db_urls, clean_db
):
    long_transcript = "\n".join([AUD001["transcript"]] * 6)
    with TestClient(external_app, raise_server_exceptions=False) as client:
        member = register_clinic(client, "Durable Hearing", "admin@durable.example")
        session_id = _visit(client, member, long_transcript)
        job = client.post("/soap/generate", headers=member.headers, json={"session_id": session_id}).json()

        first = _start_worker(tmp_path, db_urls, "worker-1")
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                status, progress, _, _ = _job_row(clean_db, job["id"])
                if progress:
                    break
                assert first.poll() is None, (tmp_path / "worker-1.log").read_text()
                time.sleep(0.02)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        status, progress, attempts, note_id = _job_row(clean_db, job["id"])
        assert status == "running" and note_id is None, "the worker finished before it could be killed"
        killed_after = [step["node"] for step in progress]
        assert killed_after and killed_after == STEPS[: len(killed_after)]
        with clean_db.connect() as conn:
            saved = conn.execute(
                text("SELECT count(*) FROM langgraph.checkpoints WHERE thread_id = :j"), {"j": job["id"]}
            ).scalar()
        assert saved, "no checkpoint was written before the kill"

        second = _start_worker(tmp_path, db_urls, "worker-2")
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                status, progress, attempts, note_id = _job_row(clean_db, job["id"])
                if status in ("done", "failed"):
                    break
                assert second.poll() is None, (tmp_path / "worker-2.log").read_text()
                time.sleep(0.2)
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                second.wait(timeout=20)
            except subprocess.TimeoutExpired:
                second.kill()

        assert status == "done", (tmp_path / "worker-2.log").read_text()
        assert attempts == 2
        steps = [(step["node"], step["attempt"]) for step in progress]
        # What the first worker finished was not run again: the second one picked up at the next node.
        assert [node for node, attempt in steps if attempt == 1] == killed_after
        assert next(node for node, attempt in steps if attempt == 2) == STEPS[len(killed_after)]
        assert [node for node, _ in steps][-1] == "unmask"
        with clean_db.connect() as conn:
            notes = conn.execute(
                text("SELECT id FROM session_soap_notes WHERE session_id = :s"), {"s": session_id}
            ).all()
            left = conn.execute(
                text("SELECT count(*) FROM langgraph.checkpoints WHERE thread_id = :j"), {"j": job["id"]}
            ).scalar()
        assert [str(n.id) for n in notes] == [str(note_id)]
        assert left == 0, "checkpoints (a copy of patient text) outlived the job"
        done = client.get(f"/jobs/{job['id']}", headers=member.headers).json()
        assert done["note"]["content"]["plan"]
