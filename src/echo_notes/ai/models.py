"""Which models the service uses, where each comes from, and whether it is loaded.

Models load lazily and once (they are shared by every request); ``warm_up`` loads them in a background
thread at start-up so the first clinician does not wait, while ``/health`` answers at once.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

log = logging.getLogger(__name__)

State = Literal["not_loaded", "loading", "ready", "failed"]


@dataclass(frozen=True)
class ModelStatus:
    role: str
    """What the model does: ``pii``, ``embeddings``, ``ner``…"""
    name: str
    source: str
    """``package`` (ships inside an installed package), ``path`` (configured directory) or ``remote``."""
    state: State
    load_seconds: float | None = None
    error: str | None = None


class ModelRegistry:
    def __init__(self) -> None:
        self._status: dict[str, ModelStatus] = {}
        self._loaders: dict[str, Callable[[], None]] = {}
        self._locks: dict[str, threading.Lock] = {}

    def register(self, role: str, name: str, source: str, loader: Callable[[], None]) -> None:
        self._status[role] = ModelStatus(role, name, source, "ready" if source == "remote" else "not_loaded")
        self._loaders[role] = loader
        self._locks[role] = threading.Lock()

    def ensure(self, role: str) -> None:
        """Load ``role``'s model if it is not loaded yet; later callers wait for the first."""
        with self._locks[role]:
            status = self._status[role]
            if status.state == "ready":
                return
            self._status[role] = replace(status, state="loading", error=None)
            started = time.perf_counter()
            try:
                self._loaders[role]()
            except Exception as exc:
                self._status[role] = replace(status, state="failed", error=type(exc).__name__)
                log.error("model %s failed to load: %s", role, type(exc).__name__)
                raise
            self._status[role] = replace(
                status, state="ready", load_seconds=round(time.perf_counter() - started, 2)
            )

    def warm_up(self) -> threading.Thread:
        def run() -> None:
            for role in list(self._loaders):
                with contextlib.suppress(Exception):  # recorded in the status (and logged by ensure)
                    self.ensure(role)

        thread = threading.Thread(target=run, name="model-warm-up", daemon=True)
        thread.start()
        return thread

    def status(self) -> list[ModelStatus]:
        return list(self._status.values())

    def health(self, role: str) -> dict[str, object]:
        """The health-endpoint view of one model."""
        status = self._status[role]
        return {
            "status": "failed" if status.state == "failed" else "ok",
            "model": status.name,
            "source": status.source,
            "state": status.state,
        }
