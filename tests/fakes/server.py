"""A small threaded JSON-over-HTTP server on 127.0.0.1 that fakes are built on.

Each request is recorded; a test can queue scripted replies (status, body, headers) that are used
before the fake's own answer, and a per-request delay makes it usable for latency benchmarks.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    path: str | None = None  # only for requests to this path; any path when None


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


Route = Callable[[Seen], Reply]


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 in a daemon thread: the start/stop every fake shares.

    Fault tests hang up on purpose (an abandoned call), which is not worth a traceback, so
    handler errors are dropped.
    """

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0) -> None:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda _request, _address: None  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class FakeServer:
    def __init__(self, route: Route, *, delay: float = 0.0, port: int = 0) -> None:
        self.route = route
        self.delay = delay
        self.seen: list[Seen] = []
        self.scripted: list[Reply] = []
        # A request in flight, held: each request releases ``arrivals`` and then waits for
        # ``gate`` (open by default), so a test can act while calls are provably in flight.
        self.gate = threading.Event()
        self.gate.set()
        self.arrivals = threading.Semaphore(0)
        self._lock = threading.Lock()
        self._local = LocalServer(self._handler(), port)

    @property
    def url(self) -> str:
        return self._local.url

    def script(self, *replies: Reply) -> None:
        """Replies used, in order, before the fake's own answers."""
        with self._lock:
            self.scripted.extend(replies)

    def start(self) -> FakeServer:
        self._local.start()
        return self

    def await_arrivals(self, count: int, timeout: float = 60.0) -> None:
        """Block until ``count`` more requests have reached the server (a test guard, not a
        timing assertion: the timeout only stops a broken test from hanging)."""
        for _ in range(count):
            if not self.arrivals.acquire(timeout=timeout):
                raise AssertionError(f"fewer than {count} requests arrived")

    def stop(self) -> None:
        self.gate.set()
        self._local.stop()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _respond(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            path = seen.path.split("?", 1)[0]
            scripted = next((r for r in self.scripted if r.path in (None, path)), None)
            if scripted is not None:
                self.scripted.remove(scripted)
        self.arrivals.release()
        self.gate.wait()
        if self.delay:
            time.sleep(self.delay)
        return scripted or self.route(seen)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, the client's delayed ACK
            # adds ~40 ms to every response, which a real API server does not.
            disable_nagle_algorithm = True

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                headers = {name.lower(): value for name, value in self.headers.items()}
                seen = Seen(self.command, self.path, headers, body)
                reply = server._respond(seen)
                payload = (
                    reply.body.encode("utf-8")
                    if isinstance(reply.body, str)
                    else json.dumps(reply.body, ensure_ascii=False).encode("utf-8")
                )
                self.send_response(reply.status)
                if "Content-Type" not in reply.headers:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler
