"""A tiny OpenAI-compatible server for tests: POST /v1/chat/completions only.

It reads the titles the client sends (our user message is JSON: {"titles": [{id, title}]}),
answers with JSON that matches the request's `json_schema`, and reports `usage`. Tests
script failures per request, in order, with `server.script(...)`:

    "ok"                answer every title
    "429:<seconds>"     429 with Retry-After
    "500"               internal error
    "delay:<seconds>"   sleep before answering (to trip the client timeout)
    "malformed"         content that is not JSON
    "missing"           drop the last item of the answer
    "out_of_taxonomy"   answer the first item with a category outside the enum

Every request (including failed ones) is recorded in `server.requests`.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answerer = Callable[[str, list[str]], str]


def default_answer(title: str, labels: list[str]) -> str:
    """Deterministic and schema-valid; a couple of words so tests can check routing."""
    for word, label in (
        ("dress", "Women > Dresses"),
        ("lego", "Toys & Collectibles > Building Toys"),
    ):
        if word in title and label in labels:
            return label
    return "Other > Other" if "Other > Other" in labels else labels[0]


@dataclass
class RecordedRequest:
    at: float
    path: str
    body: dict[str, Any]
    action: str
    titles: list[str] = field(default_factory=list)


class FakeOpenAIServer:
    def __init__(self, answer: Answerer = default_answer) -> None:
        self.answer = answer
        self.requests: list[RecordedRequest] = []
        self._actions: deque[str] = deque()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *actions: str) -> None:
        with self._lock:
            self._actions.extend(actions)

    def reset(self) -> None:
        with self._lock:
            self._actions.clear()
            self.requests.clear()

    def next_action(self) -> str:
        with self._lock:
            return self._actions.popleft() if self._actions else "ok"

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _titles(body: dict[str, Any]) -> list[dict[str, Any]]:
    for message in body.get("messages", []):
        if message.get("role") == "user":
            try:
                return list(json.loads(message["content"])["titles"])
            except (ValueError, KeyError, TypeError):
                return []
    return []


def _labels(body: dict[str, Any]) -> list[str]:
    schema = body["response_format"]["json_schema"]["schema"]
    return list(schema["properties"]["items"]["items"]["properties"]["category"]["enum"])


def _completion(body: dict[str, Any], content: str, n_titles: int) -> dict[str, Any]:
    prompt_tokens = 40 + 12 * n_titles  # rough, deterministic stand-ins for real counts
    completion_tokens = 15 * n_titles
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _answer_content(server: FakeOpenAIServer, body: dict[str, Any], action: str) -> str:
    if action == "malformed":
        return '{"items": [ this is not json'
    labels = _labels(body)
    items = [
        {"id": t["id"], "category": server.answer(t["title"], labels), "confidence": "high"}
        for t in _titles(body)
    ]
    if action == "missing" and items:
        items.pop()
    if action == "out_of_taxonomy" and items:
        items[0]["category"] = "Spaceships > Warp Drives"
    return json.dumps({"items": items})


def _handler_for(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            action = server.next_action()
            titles = _titles(body)
            server.record(
                RecordedRequest(
                    time.monotonic(), self.path, body, action, [t["title"] for t in titles]
                )
            )
            if not self.path.endswith("/chat/completions"):
                return self._send(404, {"error": {"message": "not found"}})
            if action.startswith("429"):
                retry_after = action.partition(":")[2] or "1"
                return self._send(
                    429, {"error": {"message": "slow down"}}, {"Retry-After": retry_after}
                )
            if action == "500":
                return self._send(500, {"error": {"message": "boom"}})
            if action.startswith("delay:"):
                time.sleep(float(action.partition(":")[2]))
            content = _answer_content(server, body, action)
            self._send(200, _completion(body, content, len(titles)))

        def _send(
            self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            # The client may have given up already (timeout tests).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

    return Handler
