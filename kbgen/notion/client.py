"""The one way kbgen talks to Notion: the real `notion-client`, throttled and retried.

Notion allows about 3 requests a second per integration. A single `Throttle` sits in the HTTP transport, so
every request (from any worker thread, retries included) waits for its slot. The SDK retries only some
failures (not 502/504/529 nor timeouts, and no 5xx on POST reads like `data_sources.query`), so its retries
are switched off and `NotionApi` applies one policy to all calls.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from notion_client import Client
from notion_client.errors import HTTPResponseError, RequestTimeoutError

from kbgen.notion.errors import missing_token
from kbgen.settings import NotionSettings

NOTION_VERSION = "2025-09-03"
DEFAULT_BASE_URL = "https://api.notion.com"
PAGE_SIZE = 100
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504, 529})


class Throttle:
    """Evenly spaced request slots shared by every thread: at most `per_second` requests a second."""

    def __init__(self, per_second: float) -> None:
        self._interval = 1.0 / per_second
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self.requests = 0

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
            self.requests += 1
        if slot > now:
            time.sleep(slot - now)

    def hold_off(self, seconds: float) -> None:
        """Nobody sends before `seconds` from now: a 429 applies to the whole integration, not one thread."""
        with self._lock:
            self._next_slot = max(self._next_slot, time.monotonic() + seconds)


class ThrottledTransport(httpx.BaseTransport):
    """An httpx transport that takes a throttle slot before each request it sends."""

    def __init__(self, throttle: Throttle, inner: httpx.BaseTransport | None = None) -> None:
        self._throttle = throttle
        self._inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._throttle.wait()
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 5
    backoff_seconds: float = 1.0  # first wait after a 5xx or timeout; doubles each time, with jitter
    max_wait_seconds: float = 60.0  # a Retry-After longer than this is cut to it


class NotionApi:
    """Thin wrapper over the SDK client: retries, pagination, and a request count."""

    def __init__(self, sdk: Client, throttle: Throttle, retry: RetryPolicy) -> None:
        self.sdk = sdk
        self.throttle = throttle
        self.retry = retry

    @property
    def requests_sent(self) -> int:
        return self.throttle.requests

    def read(self, endpoint: Callable[..., Any], **params: Any) -> dict[str, Any]:
        """Call a read endpoint, retrying rate limits, server errors, timeouts and dropped connections."""
        return self._call(endpoint, params, retry_unsure=True)

    def write(self, endpoint: Callable[..., Any], *, idempotent: bool, **params: Any) -> dict[str, Any]:
        """Call a write endpoint; a create is retried only when Notion surely did nothing (429, no link)."""
        return self._call(endpoint, params, retry_unsure=idempotent)

    def paginate(self, endpoint: Callable[..., Any], **params: Any) -> Iterator[dict[str, Any]]:
        """Every result of a list endpoint, following `next_cursor` 100 at a time."""
        cursor: str | None = None
        while True:
            page_params = {**params, "page_size": PAGE_SIZE}
            if cursor:
                page_params["start_cursor"] = cursor
            response = self.read(endpoint, **page_params)
            yield from response.get("results") or []
            cursor = response.get("next_cursor")
            if not response.get("has_more") or not cursor:
                return

    def close(self) -> None:
        self.sdk.close()

    def _call(
        self, endpoint: Callable[..., Any], params: dict[str, Any], *, retry_unsure: bool
    ) -> dict[str, Any]:
        attempt = 0
        while True:
            try:
                return endpoint(**params)
            except Exception as exc:
                delay = self._retry_delay(exc, attempt, retry_unsure)
                if delay is None or attempt >= self.retry.max_retries:
                    raise
                if isinstance(exc, HTTPResponseError) and exc.status == 429:
                    self.throttle.hold_off(delay)
                time.sleep(delay)
                attempt += 1

    def _retry_delay(self, exc: Exception, attempt: int, retry_unsure: bool) -> float | None:
        """Seconds to wait before retrying `exc`, or None when it must not be retried."""
        if isinstance(exc, HTTPResponseError):
            told = _retry_after_seconds(exc.headers.get("retry-after"))
            surely_not_done = exc.status == 429
            if surely_not_done or (retry_unsure and exc.status in RETRYABLE_STATUSES):
                return min(told, self.retry.max_wait_seconds) if told is not None else self._backoff(attempt)
            return None
        if isinstance(exc, httpx.ConnectError) or (
            retry_unsure and isinstance(exc, RequestTimeoutError | httpx.TransportError)
        ):
            return self._backoff(attempt)
        return None

    def _backoff(self, attempt: int) -> float:
        base = self.retry.backoff_seconds * 2**attempt
        return min(base * (0.5 + random.random()), self.retry.max_wait_seconds)


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def make_api(
    token: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    requests_per_second: float = 3.0,
    timeout_seconds: float = 30.0,
    retry: RetryPolicy = RetryPolicy(),
) -> NotionApi:
    """A client for `base_url` (the real API, a proxy, or a test server) sending Notion-Version 2025-09-03."""
    throttle = Throttle(requests_per_second)
    quiet_logger = logging.getLogger("kbgen.notion.http")
    sdk = Client(
        auth=token,
        base_url=base_url.rstrip("/"),
        notion_version=NOTION_VERSION,
        timeout_ms=int(timeout_seconds * 1000),
        retry=False,
        logger=quiet_logger,
        log_level=logging.ERROR,
        client=httpx.Client(transport=ThrottledTransport(throttle)),
    )
    return NotionApi(sdk, throttle, retry)


def api_from_environment(notion: NotionSettings) -> NotionApi:
    """A client from NOTION_TOKEN / NOTION_BASE_URL and the `extra.kbgen.notion` settings."""
    token = os.environ.get("NOTION_TOKEN", "").strip()
    if not token:
        raise missing_token()
    return make_api(
        token,
        base_url=os.environ.get("NOTION_BASE_URL", "").strip() or DEFAULT_BASE_URL,
        requests_per_second=notion.requests_per_second,
        timeout_seconds=notion.timeout_seconds,
        retry=RetryPolicy(
            max_retries=notion.max_retries,
            backoff_seconds=notion.retry_backoff_seconds,
            max_wait_seconds=notion.max_retry_wait_seconds,
        ),
    )
