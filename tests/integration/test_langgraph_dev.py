"""`langgraph dev` (what LangGraph Studio talks to) serves the SOAP graph offline from langgraph.json, and a
case runs through its HTTP API with the run-time context a prompt engineer would edit."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).parents[2]
CASE = json.loads((ROOT / "evals/datasets/audiology-dev/cases.jsonl").read_text().splitlines()[0])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def studio_server(tmp_path):
    # The CLI sits beside this interpreter (the suite runs as .venv/bin/python, not from an activated PATH).
    executable = Path(sys.executable).parent / "langgraph"
    assert executable.is_file(), "langgraph-cli is a dev dependency; it must be installed"
    port = _free_port()
    log = open(tmp_path / "langgraph-dev.log", "wb")  # noqa: SIM115 — closed below
    process = subprocess.Popen(
        [
            str(executable),
            "dev",
            "--port",
            str(port),
            "--no-browser",
            "--no-reload",
            "--config",
            "langgraph.json",
        ],
        cwd=ROOT,
        env={**os.environ, "LANGSMITH_TRACING": "false", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "langgraph-dev.log").read_text()[-3000:]
            try:
                if httpx.get(f"{base}/ok", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        else:
            pytest.fail("langgraph dev did not start within 120 s")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_studio_server_runs_a_case_through_the_soap_graph(studio_server):
    with httpx.Client(base_url=studio_server, timeout=180) as client:
        assistants = client.post("/assistants/search", json={"graph_id": "soap_note"}).json()
        assert [a["graph_id"] for a in assistants] == ["soap_note"]
        schemas = client.get(f"/assistants/{assistants[0]['assistant_id']}/schemas").json()
        assert {"drafter", "max_rounds", "draft_prompt", "judge_prompt"} <= set(
            schemas["context_schema"]["properties"]
        )
        thread = client.post("/threads", json={}).json()
        run = client.post(
            f"/threads/{thread['thread_id']}/runs/wait",
            json={
                "assistant_id": "soap_note",
                "input": {
                    "transcript": CASE["transcript"],
                    "documents": [{"name": d["name"], "text": d["text"]} for d in CASE["documents"]],
                },
                "context": {"max_rounds": 1},
            },
        )
        assert run.status_code == 200, run.text
        state = run.json()
        assert state["findings"]["right"]["degree"] == "mild"
        assert all(state["note"][s] for s in ("subjective", "objective", "assessment", "plan"))
        assert state["provenance"]["rounds"] == 1
        assert "<PERSON_" in state["masked_transcript"]
