"""A webhook (or LRS) receiver on loopback for tests: a small http.server in a thread that records
each request, answers a chosen status, and can be stopped and started again on the same port."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    port: int = 0
    status: int = 204
    statuses: list[int] = field(default_factory=list)  # answered in turn before falling back to `status`
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.received.append(
                    Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                code = receiver.statuses.pop(0) if receiver.statuses else receiver.status
                self.send_response(code)
                if code in (301, 302, 307):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PUT = _answer  # noqa: N815

            def log_message(self, *args):  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def subscribe(*events: str):
    """A subscription to ``events`` (to a loopback port nobody listens on: the tests read the outbox)."""
    from django.conf import settings

    from core.outbox import webhook_subscription_create

    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    return webhook_subscription_create(actor=None, name="prueba", url="http://127.0.0.1:9/hooks", event_types=events)


def published(event: str | None = None) -> list[dict]:
    """The webhook payloads in the outbox, oldest first (of ``event`` only, when given)."""
    from core.models import OutboxMessage

    rows = OutboxMessage.objects.filter(kind="webhook").order_by("pk")
    if event:
        rows = rows.filter(event=event)
    return [{"subject": m.subject, **m.payload} for m in rows]
