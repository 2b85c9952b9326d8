"""What does the clinic wall cost? Patient search latency with row-level security vs. without.

Runs on a throw-away embedded PostgreSQL: seeds ``--clinics`` clinics of ``--patients`` patients each, then
times the app's patient search (the same query the API runs) as the application role under RLS, and the
same query as the table owner, for whom RLS does not apply (the baseline). Prints p50/p95 side by side.

    python bench/rls_overhead.py [--clinics 20] [--patients 500] [--queries 300]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from echo_notes.db import migrate
from echo_notes.db.embedded import EmbeddedPostgres
from echo_notes.db.engine import set_tenant
from echo_notes.db.models import ProfessionalRole
from echo_notes.domain.auth.principal import Principal
from echo_notes.domain.patients.services import search_patients

SURNAMES = [
    "Okafor",
    "Nguyen",
    "Schmidt",
    "Garcia",
    "Kowalski",
    "Haddad",
    "Smith",
    "Tanaka",
    "Brown",
    "Ivanova",
]


def seed(owner_url: str, clinics: int, patients: int) -> list[uuid.UUID]:
    from sqlalchemy import create_engine

    engine = create_engine(owner_url)
    ids = [uuid.uuid4() for _ in range(clinics)]
    with engine.begin() as conn:
        for clinic_id in ids:
            conn.execute(text("INSERT INTO clinic (id, name) VALUES (:id, 'bench')"), {"id": clinic_id})
            conn.execute(
                text(
                    "INSERT INTO patients (id, clinic_id, first_name, last_name) "
                    "SELECT gen_random_uuid(), :cid, 'P' || g, (CAST(:names AS text[]))[1 + g % 10] || g "
                    "FROM generate_series(1, :n) g"
                ),
                {"cid": clinic_id, "n": patients, "names": SURNAMES},
            )
        conn.execute(text("ANALYZE patients"))
    engine.dispose()
    return ids


async def time_searches(
    engine: AsyncEngine, clinic_ids: list[uuid.UUID], queries: int, rls: bool
) -> list[float]:
    maker = async_sessionmaker(engine, expire_on_commit=False)
    rng = random.Random(7)
    timings = []
    for _ in range(queries):
        clinic_id = rng.choice(clinic_ids)
        principal = Principal(uuid.uuid4(), clinic_id, ProfessionalRole.audiologist)
        term = rng.choice(SURNAMES)[:4].lower()
        started = time.perf_counter()
        async with maker() as session, session.begin():
            if rls:
                await set_tenant(session, clinic_id)
            await search_patients(session, principal, term, False, 50, 0)
        timings.append((time.perf_counter() - started) * 1000)
    await engine.dispose()
    return timings


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinics", type=int, default=20)
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedPostgres(Path(tmp))
        owner = server.start(database="echo_bench")
        try:
            migrate.upgrade(owner, "echo_app")
            clinic_ids = seed(owner, args.clinics, args.patients)
            app_url = server.url("echo_bench", user="echo_app")
            runs = {}
            for label, url, rls in (
                ("owner, no RLS (baseline)", owner, False),
                ("app role + RLS", app_url, True),
            ):
                asyncio.run(time_searches(create_async_engine(url), clinic_ids, 20, rls))  # warm-up
                runs[label] = asyncio.run(
                    time_searches(create_async_engine(url), clinic_ids, args.queries, rls)
                )
        finally:
            server.stop()
    print(f"patient search, {args.clinics} clinics x {args.patients} patients, {args.queries} queries")
    print(f"{'configuration':<28}{'p50 ms':>10}{'p95 ms':>10}")
    for label, values in runs.items():
        print(f"{label:<28}{pct(values, 50):>10.2f}{pct(values, 95):>10.2f}")


if __name__ == "__main__":
    main()
