"""`mi docs serve`: the generated dbt documentation site on a local static server."""

from __future__ import annotations

from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_docs(directory: Path, host: str = "127.0.0.1", port: int = 8580) -> ThreadingHTTPServer:
    """A static server over the docs directory (dbt's index.html reads manifest.json and
    catalog.json next to it); the caller runs `serve_forever` and closes it."""
    handler = partial(_QuietHandler, directory=str(directory))
    return ThreadingHTTPServer((host, port), handler)
