"""Upload + extract throughput for a batch of PDFs, beside the bare-parser baseline.

The product path: HTTP upload through the app (in-process ASGI client), type sniffing, hashing, write to local
storage, row + audit commit on the embedded PostgreSQL, extraction in an isolated memory-capped process,
status commit. The baseline: pypdf extracting the same bytes in-process, with none of that around it.
The gap is the price of durability, audit and isolation.

    python bench/document_ingest.py [--files 60] [--pages 3]
"""

from __future__ import annotations

import argparse
import io
import logging
import tempfile
import time
from pathlib import Path

import pypdf
from fpdf import FPDF
from litestar.testing import TestClient

from echo_notes.app import create_app
from echo_notes.db import migrate
from echo_notes.db.embedded import EmbeddedPostgres
from echo_notes.db.engine import DatabaseUrls
from echo_notes.settings import load_settings

PARAGRAPH = (
    "Pure-tone audiometry: right ear thresholds 25, 30, 40 and 55 dB HL at 500, 1000, 2000 and 4000 Hz; "
    "left ear 20, 25, 35 and 50 dB HL. Bone conduction within 10 dB of air conduction bilaterally. "
    "Tympanometry Type A both ears. Speech recognition threshold 30 dB HL right, 25 dB HL left; word "
    "recognition 88% and 92%. Impression: mild sloping to moderate sensorineural hearing loss bilaterally. "
)


def make_pdf(index: int, pages: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for page in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Report {index}, page {page + 1}. " + PARAGRAPH * 6)
    return bytes(pdf.output())


def baseline(files: list[bytes]) -> float:
    pypdf.PdfReader(io.BytesIO(files[0])).pages[0].extract_text()  # warm-up: lazy imports, caches
    started = time.perf_counter()
    for data in files:
        reader = pypdf.PdfReader(io.BytesIO(data))
        "".join(page.extract_text() for page in reader.pages)
    return time.perf_counter() - started


def product(files: list[bytes], tmp: Path) -> float:
    server = EmbeddedPostgres(tmp)
    owner = server.start(database="echo_bench_docs")
    try:
        migrate.upgrade(owner, "echo_app")
        urls = DatabaseUrls(owner=owner, app=server.url("echo_bench_docs", user="echo_app"), set_role=None)
        settings = load_settings({"ECHO_DATA_DIR": str(tmp / "data"), "ECHO_ENV": "test"})
        with TestClient(create_app(settings, urls, run_migrations=False)) as client:
            member = client.post(
                "/auth/register",
                json={
                    "clinic_name": "Bench",
                    "full_name": "Bench Admin",
                    "email": "bench@bench.example",
                    "password": "bench-password-123",
                },
            ).json()
            headers = {"Authorization": f"Bearer {member['tokens']['access_token']}"}
            patient = client.post(
                "/patients", headers=headers, json={"first_name": "B", "last_name": "P"}
            ).json()
            visit = client.post(f"/patients/{patient['id']}/sessions", headers=headers, json={}).json()

            def send(data: bytes) -> None:
                response = client.post(
                    "/documents/upload",
                    headers=headers,
                    data={"session_id": visit["id"]},
                    files={"file": ("report.pdf", data, "application/pdf")},
                )
                if response.status_code != 201 or response.json()["processing_status"] != "done":
                    raise RuntimeError(f"upload failed: {response.status_code}")

            send(files[0])  # warm-up: fork server start, first connections
            started = time.perf_counter()
            for data in files:
                send(data)
            return time.perf_counter() - started
    finally:
        server.stop()


def main() -> None:
    logging.disable(logging.INFO)  # per-request access logs would drown the numbers
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args()
    files = [make_pdf(i, args.pages) for i in range(args.files)]
    megabytes = sum(map(len, files)) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        product_s = product(files, Path(tmp))
    baseline_s = baseline(files)
    print(f"{args.files} PDFs x {args.pages} pages, {megabytes:.2f} MB in all")
    print(f"{'path':<44}{'files/s':>10}{'MB/s':>10}{'ms/file':>10}")
    for label, seconds in (
        ("pypdf in-process (baseline)", baseline_s),
        ("upload + store + audit + isolated extract", product_s),
    ):
        print(
            f"{label:<44}{args.files / seconds:>10.1f}{megabytes / seconds:>10.2f}"
            f"{1000 * seconds / args.files:>10.1f}"
        )


if __name__ == "__main__":
    main()
