"""The collector: an ASGI app that takes beacons from the sites (searches, votes on articles, clicks
to reach a person; see `events`) and stores them.

Doors: `POST /miss` (JSON, sent as application/json or text/plain by `navigator.sendBeacon`),
`GET /miss.gif?q=&a=&k=&p=&t=` (the image fallback) and `GET /healthz`. Every answer to a beacon
is a 204 sent after the record is committed, or a 4xx/5xx with a short plain-text reason.
"""

from __future__ import annotations

import contextlib
import ipaddress
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kbgen.signals.intake.beacon import MAX_BODY_BYTES, BadBeacon, decode_body
from kbgen.signals.intake.events import parse_event
from kbgen.signals.intake.ratelimit import RateLimiter
from kbgen.signals.intake.store import connect, record_of
from kbgen.signals.intake.visitors import VisitorHasher, network_of
from kbgen.signals.intake.writer import BatchWriter, NotStored, Overloaded

_BODY_TYPES = frozenset({"application/json", "text/plain"})
_RETRY_LATER = {"Retry-After": "30"}


@dataclass(frozen=True)
class CollectorConfig:
    db_path: Path
    allowed_origins: frozenset[str] = frozenset()  # empty: no CORS headers, any origin may send
    per_minute: float = 30
    burst: int = 20
    behind_proxy: bool = False  # trust the last X-Forwarded-For hop as the client address


class _Refused(Exception):
    def __init__(self, status: int, reason: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = dict(headers or {})


def create_app(config: CollectorConfig) -> Starlette:
    """The collector for `config`; the database opens when the server starts (ASGI lifespan)."""
    writer = BatchWriter(config.db_path)
    limiter = RateLimiter(per_minute=config.per_minute, burst=config.burst)
    state: dict[str, VisitorHasher] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        salts = connect(config.db_path)
        state["visitors"] = VisitorHasher(salts)
        writer.start()
        try:
            yield
        finally:
            writer.stop()
            salts.close()

    async def take_post(request: Request) -> Response:
        return await _take(request, lambda: _read_post(request))

    async def take_get(request: Request) -> Response:
        return await _take(request, lambda: _read_query(request))

    async def _take(request: Request, read: Callable[[], Awaitable[Mapping[str, object]]]) -> Response:
        cors = _cors_headers(request, config.allowed_origins)
        try:
            _check_origin(request, config.allowed_origins)
            client = _client_address(request, config.behind_proxy)
            if not limiter.allow(client):
                raise _Refused(
                    429, "too many searches, slow down", {"Retry-After": str(limiter.retry_after())}
                )
            event = parse_event(await read())
            at = int(time.time())
            visitor = state["visitors"].visitor(client, request.headers.get("user-agent", ""), at)
            await writer.write(record_of(event, at, visitor))
        except BadBeacon as exc:
            return PlainTextResponse(str(exc), 400, headers=cors)
        except _Refused as exc:
            return PlainTextResponse(exc.reason, exc.status, headers=cors | exc.headers)
        except Overloaded:
            return PlainTextResponse("busy, retry later", 503, headers=cors | {"Retry-After": "5"})
        except (NotStored, sqlite3.Error):  # sqlite3.Error: the day's salt could not be stored
            return PlainTextResponse("could not store, retry later", 503, headers=cors | _RETRY_LATER)
        return Response(status_code=204, headers=cors)

    async def preflight(request: Request) -> Response:
        cors = _cors_headers(request, config.allowed_origins)
        if not cors:
            return PlainTextResponse("origin not allowed", 403)
        allow = {
            "Access-Control-Allow-Methods": "POST, GET",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "86400",
        }
        return Response(status_code=204, headers=cors | allow)

    async def healthz(request: Request) -> Response:
        """Healthy only while a commit succeeds: a read-only or full database is not healthy."""
        writable = await writer.can_write()
        return JSONResponse({"ok": writable, "waiting": writer.waiting}, 200 if writable else 503)

    routes = [
        Route("/miss", take_post, methods=["POST"]),
        Route("/miss", preflight, methods=["OPTIONS"]),
        Route("/miss.gif", take_get, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _read_post(request: Request) -> Mapping[str, object]:
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type not in _BODY_TYPES:
        raise _Refused(415, "send JSON as application/json or text/plain")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _Refused(413, f"body over {MAX_BODY_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise _Refused(413, f"body over {MAX_BODY_BYTES} bytes")
    return decode_body(bytes(body))


async def _read_query(request: Request) -> Mapping[str, object]:
    raw = request.scope.get("query_string", b"")
    if len(raw) > MAX_BODY_BYTES:
        raise _Refused(414, f"query string over {MAX_BODY_BYTES} bytes")
    try:
        return dict(parse_qsl(raw.decode("ascii"), encoding="utf-8", errors="strict"))
    except UnicodeError as exc:
        raise BadBeacon("query string is not UTF-8") from exc


def _check_origin(request: Request, allowed: frozenset[str]) -> None:
    origin = request.headers.get("origin")
    if allowed and origin is not None and origin not in allowed:
        raise _Refused(403, "origin not allowed")


def _cors_headers(request: Request, allowed: frozenset[str]) -> dict[str, str]:
    origin = request.headers.get("origin")
    if origin is None or origin not in allowed:
        return {}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}


def _client_address(request: Request, behind_proxy: bool) -> str:
    """The client's network (`visitors.network_of`); from the last X-Forwarded-For hop (the one the
    proxy added) only when told the collector is behind a proxy, since anyone can write that header."""
    peer = request.client.host if request.client else "unknown"
    if behind_proxy and (forwarded := request.headers.get("x-forwarded-for")):
        hop = forwarded.rsplit(",", 1)[-1].strip()
        with contextlib.suppress(ValueError):
            peer = str(ipaddress.ip_address(hop))
    return network_of(peer)
