"""A server that never finishes an answer: it drips one byte at a time, forever.

Every byte arrives well inside any per-read timeout, so only a total deadline ends a call to
it. ``where="headers"`` drips the status line and headers, ``"body"`` sends the headers at once
and drips a JSON body that never completes. Stopping the server ends the drips.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler
from typing import Any, Literal

from fakes.server import LocalServer

Where = Literal["headers", "body"]


class DripServer:
    def __init__(self, where: Where = "body", every: float = 0.05) -> None:
        self.where = where
        self.every = every
        self.requests = 0
        self._stopped = threading.Event()
        self._local = LocalServer(self._handler())

    @property
    def url(self) -> str:
        return self._local.url

    def __enter__(self) -> DripServer:
        self._local.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stopped.set()
        self._local.stop()

    def _drip(self, out: Any, data: bytes) -> None:
        for i in range(len(data)):
            if self._stopped.wait(self.every):
                return
            out.write(data[i : i + 1])
            out.flush()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                server.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                head = (
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 1000000\r\n\r\n"
                )
                if server.where == "headers":
                    server._drip(self.wfile, head)
                    return
                self.wfile.write(head)
                server._drip(self.wfile, b'{"x": "' + b" " * 999_990 + b'"}')

            do_GET = do_POST = do_PUT = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler
