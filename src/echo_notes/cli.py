"""The ``echo-notes`` command: ``serve``, ``worker``, ``migrate``, ``demo`` and ``generate``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from echo_notes.db import migrate
from echo_notes.db.embedded import EmbeddedPostgres
from echo_notes.db.engine import DatabaseUrls, resolve_urls
from echo_notes.demo import DemoLogin, ensure_demo
from echo_notes.extraction import ExtractionLimits, extract_isolated, sniff
from echo_notes.logging import configure_logging
from echo_notes.settings import Settings, SettingsError, get_settings


@contextmanager
def database(settings: Settings) -> Iterator[DatabaseUrls]:
    """The configured database, or the embedded one for as long as the command runs."""
    embedded = EmbeddedPostgres(settings.data_dir) if settings.database.url is None else None
    try:
        yield resolve_urls(settings.database, embedded)
    finally:
        if embedded is not None:
            embedded.stop()


def _print_demo(login: DemoLogin) -> None:
    state = "created" if login.created else "ready"
    print(f"Demo clinic {state}. Log in as {login.email} (clinic admin: {login.admin_email})")
    print(f"  password: {login.password}   (kept in {login.credentials_file})")


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from echo_notes.app import create_app

    with database(settings) as urls:
        migrate.upgrade(urls.owner, settings.database.app_role)
        if settings.create_demo:
            _print_demo(ensure_demo(urls.owner, settings.data_dir))
        host = args.host or settings.server.host
        port = args.port or settings.server.port
        print(f"Echo Notes on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
        uvicorn.run(
            create_app(settings, urls, run_migrations=False),
            host=host,
            port=port,
            access_log=False,
            log_level=settings.log_level.lower(),
        )
    return 0


def cmd_worker(settings: Settings, _: argparse.Namespace) -> int:
    """Run note jobs until SIGINT/SIGTERM (for a deployment whose API sets JOBS_WORKER=external)."""
    import asyncio

    from sqlalchemy.ext.asyncio import async_sessionmaker

    from echo_notes.db.engine import create_app_engine
    from echo_notes.jobs.worker import run_worker

    async def work(urls: DatabaseUrls) -> None:
        engine = create_app_engine(urls, pool_size=max(2, settings.jobs.concurrency + 1))
        try:
            sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
            await run_worker(settings, urls.owner, sessionmaker, install_signal_handlers=True)
        finally:
            await engine.dispose()

    with database(settings) as urls:
        migrate.upgrade(urls.owner, settings.database.app_role)
        print("Echo Notes worker: waiting for note jobs", flush=True)
        asyncio.run(work(urls))
    return 0


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as urls:
        if args.direction == "down":
            migrate.downgrade(urls.owner, settings.database.app_role, args.revision or "base")
        else:
            migrate.upgrade(urls.owner, settings.database.app_role, args.revision or "head")
    print(
        f"migrations: {args.direction} to {args.revision or ('base' if args.direction == 'down' else 'head')}"
    )
    return 0


def cmd_demo(settings: Settings, _: argparse.Namespace) -> int:
    with database(settings) as urls:
        migrate.upgrade(urls.owner, settings.database.app_role)
        _print_demo(ensure_demo(urls.owner, settings.data_dir))
    return 0


def _read_source(path: Path, limits: ExtractionLimits) -> str:
    """Text of a transcript or document file (PDF, Word, plain text), extracted as uploads are."""
    data = path.read_bytes()
    kind = sniff(data)
    result = extract_isolated(data, kind, limits)
    if result.status != "done" or result.text is None:
        raise SystemExit(f"{path.name}: {result.error or result.status}")
    return result.text


def cmd_generate(settings: Settings, args: argparse.Namespace) -> int:
    """Write a SOAP note from files, offline and without a server: the first file is the transcript."""
    from graphs.soap_note import graph
    from graphs.soap_note.context import Context

    limits = ExtractionLimits.from_settings(settings.documents)
    paths = [Path(p) for p in args.files]
    for path in paths:
        if not path.is_file():
            print(f"no such file: {path}", file=sys.stderr)
            return 2
    texts = [_read_source(path, limits) for path in paths]
    result = graph.invoke(
        {
            "transcript": texts[0],
            "documents": [{"name": p.name, "text": t} for p, t in zip(paths[1:], texts[1:], strict=True)],
        },
        context=Context.from_settings(settings, {}),
    )
    if args.json:
        print(
            json.dumps(
                {
                    "note": result["note"],
                    "findings": result.get("findings"),
                    "verdict": result["verdict"],
                    "provenance": result["provenance"],
                },
                indent=2,
            )
        )
    else:
        for section in ("subjective", "objective", "assessment", "plan"):
            print(f"{section.upper()}\n{result['note'][section]}\n")
        status = (
            "approved"
            if result["verdict"]["approved"]
            else "NOT approved: " + "; ".join(p["detail"] for p in result["verdict"]["problems"])
        )
        print(f"[{status}; {result['provenance']['drafter']}]")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="echo-notes", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate, seed the demo on first start, and serve the app")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(func=cmd_serve)
    worker = commands.add_parser("worker", help="run note-generation jobs (split deployment)")
    worker.set_defaults(func=cmd_worker)
    mig = commands.add_parser("migrate", help="apply (up) or revert (down) database migrations")
    mig.add_argument("direction", nargs="?", choices=["up", "down"], default="up")
    mig.add_argument("--revision", help="target revision (default: head for up, base for down)")
    mig.set_defaults(func=cmd_migrate)
    demo = commands.add_parser("demo", help="create the demo clinic and print its login")
    demo.set_defaults(func=cmd_demo)
    generate = commands.add_parser("generate", help="write a SOAP note from a transcript and documents")
    generate.add_argument("files", nargs="+", help="transcript first, then documents (text, PDF, Word)")
    generate.add_argument("--json", action="store_true", help="print note, findings, verdict and provenance")
    generate.set_defaults(func=cmd_generate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    result: int = args.func(settings, args)
    return result


if __name__ == "__main__":
    sys.exit(main())
