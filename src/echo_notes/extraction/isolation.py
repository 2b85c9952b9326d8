"""Run an extractor in a separate process with a memory cap and a deadline.

Parsers of untrusted files are where servers hang and balloon. The child process gets an address-space
limit (``RLIMIT_AS``) and is killed at the deadline; whatever happens inside, the server only sees a clear
``failed`` result. Processes come from a fork server that has the parsers pre-imported, so each file costs a
fork, not an interpreter start.
"""

from __future__ import annotations

import multiprocessing
import resource
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext

from echo_notes.extraction.result import Extraction, ExtractionLimits
from echo_notes.extraction.sniff import DocumentKind

_context: ForkServerContext | None = None


def _ctx() -> ForkServerContext:
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["echo_notes.extraction.worker"])
        _context = ctx
    return _context


def _child(conn: Connection, data: bytes, kind: str, limits: ExtractionLimits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    from echo_notes.extraction.worker import extract

    try:
        conn.send(extract(data, DocumentKind(kind), limits))
    except MemoryError:
        conn.send(Extraction.failed("the file needs more memory to read than allowed", "isolation"))
    finally:
        conn.close()


def extract_isolated(data: bytes, kind: DocumentKind, limits: ExtractionLimits) -> Extraction:
    """Blocking; call it from a worker thread in async code."""
    receiver, sender = _ctx().Pipe(duplex=False)
    process = _ctx().Process(target=_child, args=(sender, data, kind.value, limits), daemon=True)
    process.start()
    sender.close()
    try:
        if receiver.poll(limits.timeout_s):
            try:
                result: Extraction = receiver.recv()
                return result
            except (EOFError, OSError):
                pass  # the child died while sending (out of memory, crash)
            return Extraction.failed("reading the file crashed or ran out of memory", "isolation")
        if process.is_alive():
            return Extraction.failed(f"reading the file took longer than {limits.timeout_s:g} s", "isolation")
        return Extraction.failed("reading the file crashed or ran out of memory", "isolation")
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
        process.close()
