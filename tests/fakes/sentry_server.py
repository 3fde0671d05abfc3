"""A local stand-in for Sentry's ingestion endpoint: it records every envelope posted to
`/api/<project>/envelope/` (what sentry-sdk sends), decoded into its items."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SentryRecorder:
    def __init__(self, port: int) -> None:
        self.port = port
        self.raw: list[bytes] = []
        self.lock = threading.Lock()

    @property
    def dsn(self) -> str:
        return f"http://publickey@127.0.0.1:{self.port}/1"

    def items(self) -> list[dict]:
        """Every JSON item (events, transactions …) of every envelope so far."""
        found = []
        with self.lock:
            envelopes = list(self.raw)
        for body in envelopes:
            lines = body.split(b"\n")[1:]  # the envelope header first
            for header, payload in zip(lines[::2], lines[1::2], strict=False):
                if json.loads(header).get("type") in ("event", "transaction"):
                    found.append(json.loads(payload))
        return found

    def events(self) -> list[dict]:
        return [item for item in self.items() if item.get("type") != "transaction"]


def _handler(recorder: SentryRecorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            if self.headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            elif self.headers.get("content-encoding") == "br":
                import brotli

                body = brotli.decompress(body)
            with recorder.lock:
                recorder.raw.append(body)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args) -> None:
            pass

    return Handler


@contextlib.contextmanager
def sentry_server() -> Iterator[SentryRecorder]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(SentryRecorder(0)))
    recorder = SentryRecorder(server.server_address[1])
    server.RequestHandlerClass = _handler(recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
