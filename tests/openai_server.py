"""A local server speaking OpenAI's published HTTP wire format, for tests of the paid-API clients.

Real HTTP on loopback, real JSON bodies, a bearer-key check; it records every request it receives so tests
can assert what was (and was not) sent. Embeddings are deterministic pseudo-random unit vectors derived from
the input text — the client code under test treats them exactly like OpenAI's.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "sk-test-echo-notes"


def fake_vector(text: str, dimensions: int) -> list[float]:
    raw = b"".join(hashlib.sha256(f"{text}:{i}".encode()).digest() for i in range(math.ceil(dimensions / 8)))
    values = [v / 2**31 for v in struct.unpack(f"<{dimensions}i", raw[: 4 * dimensions])]
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


@dataclass
class OpenAIServer:
    base_url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    chat_reply: Callable[[str], str] = lambda prompt: "{}"
    """What the chat model answers to a prompt (the last user message); tests script it."""

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def start_openai_server() -> OpenAIServer:
    state = OpenAIServer(base_url="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            return

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            state.requests.append({"path": self.path, "body": body})
            if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                self._reply(
                    401,
                    {
                        "error": {
                            "message": "Incorrect API key provided",
                            "type": "invalid_request_error",
                            "code": "invalid_api_key",
                        }
                    },
                )
                return
            if self.path == "/v1/embeddings":
                inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
                dims = int(body.get("dimensions") or 1536)
                self._reply(
                    200,
                    {
                        "object": "list",
                        "model": body["model"],
                        "data": [
                            {"object": "embedding", "index": i, "embedding": fake_vector(t, dims)}
                            for i, t in enumerate(inputs)
                        ],
                        "usage": {"prompt_tokens": 1, "total_tokens": 1},
                    },
                )
                return
            if self.path == "/v1/chat/completions":
                prompt = "\n".join(
                    str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "user"
                )
                answer = state.chat_reply(prompt)
                self._reply(
                    200,
                    {
                        "id": f"chatcmpl-{len(state.requests)}",
                        "object": "chat.completion",
                        "created": 1_700_000_000,
                        "model": body["model"],
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": answer},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )
                return
            self._reply(
                404, {"error": {"message": f"Unknown path {self.path}", "type": "invalid_request_error"}}
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.server = server
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state
