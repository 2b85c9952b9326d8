"""Run extractors in separate processes with a memory cap and a deadline.

Parsers of untrusted files are where servers hang and balloon. Each file is parsed in a fresh child
process with an address-space limit (``RLIMIT_AS``) that is killed at the deadline; whatever happens
inside, the server only sees a clear ``failed`` result.

Starting a clean interpreter per file would cost about a second (multiprocessing re-imports the main module
in every child), so a few long-lived *supervisor* processes are started once (from a fork server, never by
forking the threaded server). A supervisor never parses anything itself: per file it ``os.fork()``s a child
(cheap: the supervisor is single-threaded with the parsers already imported), applies the limits in the
child, and waits for its answer until the deadline.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import queue
import resource
import select
import signal
import threading
import time
import warnings
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from echo_notes.extraction.result import Extraction, ExtractionLimits
from echo_notes.extraction.sniff import DocumentKind

_CRASHED = "reading the file crashed or ran out of memory"


def _quiet() -> None:
    # Parser warnings quote the file's bytes, which may be patient text: these processes log nothing.
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")


def _parse_in_child(write_fd: int, data: bytes, kind: DocumentKind, limits: ExtractionLimits) -> None:
    """Runs in the forked child; never returns."""
    code = 0
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        from echo_notes.extraction.worker import extract

        try:
            result = extract(data, kind, limits)
        except MemoryError:
            result = Extraction.failed("the file needs more memory to read than allowed", "isolation")
        payload = pickle.dumps(result)
        view = memoryview(payload)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    except BaseException:  # the child reports nothing it cannot pickle; the parent sees a crash
        code = 1
    finally:
        os._exit(code)


def _read_until(fd: int, deadline: float) -> bytes | None:
    """All bytes the child writes, or ``None`` if the deadline passes first."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _extract_in_fork(data: bytes, kind: DocumentKind, limits: ExtractionLimits) -> Extraction:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _parse_in_child(write_fd, data, kind, limits)
    os.close(write_fd)
    try:
        payload = _read_until(read_fd, time.monotonic() + limits.timeout_s)
    finally:
        os.close(read_fd)
    if payload is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return Extraction.failed(f"reading the file took longer than {limits.timeout_s:g} s", "isolation")
    os.waitpid(pid, 0)
    if not payload:
        return Extraction.failed(_CRASHED, "isolation")
    try:
        result: Extraction = pickle.loads(payload)  # noqa: S301 - written by our own child process
    except Exception:
        return Extraction.failed(_CRASHED, "isolation")
    return result


def _supervise(conn: Connection) -> None:
    """Supervisor loop: one request at a time, each parsed in its own forked child."""
    _quiet()
    import echo_notes.extraction.worker  # noqa: F401 - import parsers once, before any fork

    while True:
        try:
            data, kind, limits = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_extract_in_fork(data, DocumentKind(kind), limits))


class _Supervisor:
    def __init__(self, context: multiprocessing.context.ForkServerContext) -> None:
        self.conn, child_conn = context.Pipe()
        self.process: BaseProcess = context.Process(target=_supervise, args=(child_conn,), daemon=True)
        self.process.start()
        child_conn.close()

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class ExtractionPool:
    """A fixed number of supervisors; each call borrows one. Thread-safe (called from worker threads)."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._idle: queue.LifoQueue[_Supervisor] = queue.LifoQueue()
        self._started = 0
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("forkserver")

    def _acquire(self) -> _Supervisor:
        with self._lock:
            if self._idle.empty() and self._started < self.size:
                self._started += 1
                return _Supervisor(self._context)
        return self._idle.get()

    def _discard(self, supervisor: _Supervisor) -> None:
        supervisor.stop()
        with self._lock:
            self._started -= 1

    def extract(self, data: bytes, kind: DocumentKind, limits: ExtractionLimits) -> Extraction:
        supervisor = self._acquire()
        try:
            supervisor.conn.send((data, kind.value, limits))
            # The supervisor enforces the deadline itself; the margin covers a supervisor that died.
            if supervisor.conn.poll(limits.timeout_s + 30):
                result: Extraction = supervisor.conn.recv()
                self._idle.put(supervisor)
                return result
        except (EOFError, OSError):
            pass
        self._discard(supervisor)
        return Extraction.failed(_CRASHED, "isolation")

    def close(self) -> None:
        while not self._idle.empty():
            self._discard(self._idle.get())


_default_pool: ExtractionPool | None = None
_default_lock = threading.Lock()


def extract_isolated(data: bytes, kind: DocumentKind, limits: ExtractionLimits) -> Extraction:
    """Blocking; call it from a worker thread in async code."""
    global _default_pool
    with _default_lock:
        if _default_pool is None:
            _default_pool = ExtractionPool(os.cpu_count() or 1)
    return _default_pool.extract(data, kind, limits)
