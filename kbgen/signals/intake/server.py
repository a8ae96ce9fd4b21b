"""Running the collector under uvicorn with limits fit for the open internet.

uvicorn's defaults trust `X-Forwarded-For` from loopback (so anyone who reaches the collector through
a local port could pick their own address and dodge the rate limit), put no bound on the size of a
request's head (one client holding megabytes of headers per connection) and no time limit on
receiving it (a slow drip keeps a connection forever). Here: proxy headers only with
`--behind-proxy`, read by the app itself (`collector._client_address`); uvicorn never rewrites the
client address. A request head of at most `MAX_HEAD_BYTES` received within `HEAD_SECONDS`,
else a 431 (or the connection is closed).
"""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 16 * 1024  # a browser's beacon sends about 1 KiB of request line and headers
HEAD_SECONDS = 5.0
MAX_CONNECTIONS = 1000  # beyond this, uvicorn answers 503 at once


class _HeadRefused(Exception):
    """Raised from a parser callback to stop parsing a request whose head was refused."""


class BoundedHeadProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing a request head that is too big or too slow.

    Two counts: the bytes received while a head is incomplete (so one endless header never
    accumulates inside the parser beyond one read past the limit), and the size of the parsed head
    (so a big head that arrives in one read is refused too)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._received_in_head = 0
        self._head_size = 0
        self._head_done = False
        self._refused = False
        self._head_timer: asyncio.TimerHandle | None = None
        self._start_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        if not self._head_done:
            self._start_head_timer()
            self._received_in_head += len(data)
        super().data_received(data)
        if not self._head_done and self._received_in_head > MAX_HEAD_BYTES:
            self._refuse_head()

    def on_message_begin(self) -> None:
        self._head_size = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._head_done = True
        self._stop_head_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._head_done, self._received_in_head = False, 0  # a pipelined or keep-alive request is next
        super().on_message_complete()

    def send_400_response(self, msg: str) -> None:
        if not self._refused:  # after a 431 the parser reports the stop as a bad request: say nothing
            super().send_400_response(msg)

    def _count_head(self, size: int) -> None:
        self._head_size += size
        if self._head_size > MAX_HEAD_BYTES:
            self._refuse_head()
            raise _HeadRefused

    def _refuse_head(self) -> None:
        if self._refused:
            return
        self._refused = True
        self._stop_head_timer()
        body = f"request head over {MAX_HEAD_BYTES} bytes".encode()
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n" + body
        )
        self.transport.close()

    def _start_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = asyncio.get_running_loop().call_later(HEAD_SECONDS, self._head_too_slow)

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if not self._head_done and not self.transport.is_closing():
            self.transport.close()

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None


def serve(app: Starlette, host: str, port: int) -> None:
    """Serve `app` until interrupted; no access log (it would print every visitor's address)."""
    import uvicorn

    uvicorn.run(
        app,
        host=host,
        port=port,
        http=BoundedHeadProtocol,
        proxy_headers=False,
        limit_concurrency=MAX_CONNECTIONS,
        access_log=False,
        log_level="warning",
        server_header=False,
    )
