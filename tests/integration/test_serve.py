"""The run command end to end: `echo-notes serve` on the embedded default starts its own PostgreSQL, seeds
the demo clinic, serves real HTTP, and stops the database when it exits."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_running(pgdata: Path) -> bool:
    for proc in psutil.process_iter(attrs=("name", "cmdline")):
        if proc.info["name"] == "postgres" and str(pgdata) in " ".join(proc.info["cmdline"] or []):
            return True
    return False


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "JWT_"))}
    env.update({"ECHO_DATA_DIR": str(tmp_path / "data"), "PORT": str(port), "ECHO_ENV": "development"})
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "echo_notes.cli", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("server did not become healthy:\n" + (tmp_path / "serve.log").read_text())
        yield base, tmp_path / "data", proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
        log.close()


def test_serve_seeds_demo_serves_http_audits_ip_and_stops_its_database(served, tmp_path):
    base, data_dir, proc = served
    credentials = (data_dir / "demo-credentials.txt").read_text()
    password = credentials.split("password (both):", 1)[1].strip()
    clinician = httpx.post(
        f"{base}/auth/login", json={"email": "demo.audiologist@echo-notes.example", "password": password}
    ).json()
    patients = httpx.get(f"{base}/patients", headers={"Authorization": f"Bearer {clinician['access_token']}"})
    assert patients.status_code == 200
    assert patients.json()["total"] >= 3

    admin = httpx.post(
        f"{base}/auth/login", json={"email": "demo.admin@echo-notes.example", "password": password}
    ).json()
    trail = httpx.get(
        f"{base}/audit?action=patient.list", headers={"Authorization": f"Bearer {admin['access_token']}"}
    ).json()
    assert trail["items"][0]["ip_address"] == "127.0.0.1"

    # A damaged PDF whose bytes name a patient: parser complaints quoting it must not reach the log.
    auth = {"Authorization": f"Bearer {clinician['access_token']}"}
    first = patients.json()["items"][0]
    visit = httpx.post(f"{base}/patients/{first['id']}/sessions", headers=auth, json={}).json()
    damaged = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R /Margaret-Okafor-DOB-1948>> endobj\n" * 3
    upload = httpx.post(
        f"{base}/documents/upload",
        headers=auth,
        data={"session_id": visit["id"]},
        files={"file": ("damaged.pdf", damaged, "application/pdf")},
    )
    assert upload.status_code == 201
    assert upload.json()["processing_status"] == "failed"

    log_text = (tmp_path / "serve.log").read_text()
    assert "Okafor" not in log_text and "Margaret" not in log_text  # no patient data in logs

    assert _postgres_running(data_dir / "pgdata")
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    time.sleep(0.5)
    assert not _postgres_running(data_dir / "pgdata")
