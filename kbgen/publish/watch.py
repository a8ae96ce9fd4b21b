"""`kbgen watch`: a long-running publisher for one small server.

Each poll asks Notion one question: has any row of the help database been edited since the last pull
(a data-source query filtered on `last_edited_time`, one row wanted: one request)? Only then, or when a
scheduled Publish date has come, or every `reconcile_minutes` (pages moved to the trash leave the query,
so only a full pull notices them), it pulls, builds with every check and deploys. A failure keeps the
last good site, is logged and shown on the status page; Notion errors back off (doubling, at most
`MAX_BACKOFF_SECONDS`). One log line per cycle.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kbgen.notion.client import api_from_environment
from kbgen.notion.errors import NotionError, explain
from kbgen.notion.pull import ROUNDING_MARGIN, PullReport, pull_into
from kbgen.notion.staging import STAGING_DIR
from kbgen.notion.state import STATE_FILE, load_state
from kbgen.publish import PublishError, publish
from kbgen.publish.deploy import tree_fingerprint
from kbgen.settings import load_settings

MAX_BACKOFF_SECONDS = 900.0
MAX_CYCLE_SECONDS = 1800.0  # a cycle (pull, build, deploy) running longer than this is reported unhealthy
NOTION_CHANGED = "Notion changed"


@dataclass
class WatchStatus:
    """What the status page and /healthz show."""

    started: str = ""
    last_poll: str = ""
    last_publish: str = ""
    last_error: str = ""
    last_error_at: str = ""
    polls: int = 0
    publishes: int = 0
    articles: dict[str, int] = field(default_factory=dict)
    next_poll_in: float = 0.0
    cycle_started: str = ""  # while a cycle runs: when it began

    def healthy(self, interval: float) -> bool:
        """The latest cycle did not fail, and a poll came within three intervals (or one is running)."""
        if self.last_error_at:
            return False
        if self.cycle_started:
            return _age(self.cycle_started) <= MAX_CYCLE_SECONDS
        return bool(self.last_poll) and _age(self.last_poll) <= 3 * interval


@dataclass
class Watcher:
    content_dir: Path
    site_dir: Path
    config_file: Path
    target: str
    interval: float = 60.0
    reconcile_minutes: float = 15.0
    log: Callable[[str], None] = print
    status: WatchStatus = field(default_factory=WatchStatus)
    failures: int = 0  # consecutive failed cycles: the backoff exponent
    _last_full: float = 0.0
    _published_fingerprint: str = ""

    def cycle(self) -> float:
        """One poll (and publish when needed); returns the seconds to wait before the next one."""
        started = time.monotonic()
        self.status.polls += 1
        self.status.cycle_started = _now().isoformat()
        try:
            return self._cycle(started)
        finally:
            self.status.cycle_started = ""

    def _cycle(self, started: float) -> float:
        try:
            reason, requests = self._reason_to_publish()
            pulled = None if reason is None else self._pull()
        except NotionError as exc:
            return self._failed(f"poll or pull failed: {exc}")
        self.status.last_poll = _now().isoformat()
        if pulled is None:
            return self._succeeded(f"poll: no change ({requests} request{'s' * (requests != 1)})", started)
        if reason == NOTION_CHANGED and self._content_fingerprint() == self._published_fingerprint:
            # Notion rounds edit times to the minute, so an edit already pulled can match once more.
            return self._succeeded(
                f"poll: edits already published ({requests + pulled.requests} requests)", started
            )
        try:
            result = publish(self.content_dir, self.site_dir, self.config_file, self.target, pull=False)
        except PublishError as exc:
            return self._failed(f"{reason}: {exc}")
        self._published_fingerprint = self._content_fingerprint()
        self.status.publishes += 1
        self.status.last_publish = _now().isoformat()
        self.status.articles = dict(result.built.pages)
        where = "deployed" if result.deployed.changed else "unchanged"
        counts = ", ".join(f"{n} {a}" for a, n in result.built.pages.items())
        return self._succeeded(
            f"publish ({reason}): {pulled.read} read, {pulled.removed} removed; {counts} articles; "
            f"{where} to {result.deployed.target} in {time.monotonic() - started:.1f}s",
            started,
        )

    def _pull(self) -> PullReport:
        settings = load_settings(self.config_file)
        report = pull_into(self.content_dir, database=None, full=False, settings=settings)
        self._last_full = time.monotonic()
        for warning in report.warnings:
            self.log(f"{_stamp()} warning: {warning}")
        return report

    def _reason_to_publish(self) -> tuple[str | None, int]:
        """Why this poll must publish (None: nothing changed) and how many requests the question took."""
        state = load_state(self.content_dir)
        if not state.pulled_at or not state.data_source_id or not self._published_fingerprint:
            return "first run", 0
        if self.failures:
            return "retry after a failure", 0
        if state.next_scheduled and _now() >= dt.datetime.fromisoformat(state.next_scheduled):
            return "a Publish date has come", 0
        if time.monotonic() - self._last_full >= self.reconcile_minutes * 60:
            return "periodic full check", 0
        settings = load_settings(self.config_file)
        api = api_from_environment(settings.notion)
        since = dt.datetime.fromisoformat(state.pulled_at) - ROUNDING_MARGIN
        try:
            answer = api.read(
                api.sdk.data_sources.query,
                data_source_id=state.data_source_id,
                page_size=1,
                filter={
                    "timestamp": "last_edited_time",
                    "last_edited_time": {"on_or_after": since.isoformat()},
                },
            )
        except Exception as exc:
            raise explain(exc, "the help database (polling for changes)") from None
        finally:
            api.close()
        return (NOTION_CHANGED if answer.get("results") else None), api.requests_sent

    def _content_fingerprint(self) -> str:
        """The articles and the ledger, not the pull's bookkeeping (its time changes at every pull)."""
        if not self.content_dir.is_dir():
            return ""
        return tree_fingerprint(self.content_dir, skip={STATE_FILE, STAGING_DIR})

    def _succeeded(self, message: str, started: float) -> float:
        """Log the cycle; the next poll comes `interval` after this one began (at once after a long build,
        during which editors may have changed more)."""
        self.failures = 0
        self.status.last_error_at = ""
        self.log(f"{_stamp()} {message}")
        return max(0.0, self.interval - (time.monotonic() - started))

    def _failed(self, message: str) -> float:
        self.failures += 1
        wait = min(self.interval * 2 ** (self.failures - 1), MAX_BACKOFF_SECONDS)
        self.status.last_error = message
        self.status.last_error_at = _now().isoformat()
        self.log(f"{_stamp()} error: {message} (the last good site stays; next try in {wait:.0f}s)")
        return wait

    def run(self, stop: threading.Event) -> None:
        """Cycle until `stop` is set (SIGTERM, Ctrl+C)."""
        self.status.started = _now().isoformat()
        while not stop.is_set():
            wait = self.cycle()
            self.status.next_poll_in = wait
            stop.wait(wait)
        self.log(f"{_stamp()} stopped")


def serve_status(watcher: Watcher, port: int) -> ThreadingHTTPServer:
    """`GET /healthz` (200 or 503, JSON) and `GET /` (a small status page), on loopback, in a thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = watcher.status
            if self.path == "/healthz":
                healthy = status.healthy(watcher.interval)
                body = json.dumps({"ok": healthy, **status.__dict__}).encode()
                self._send(200 if healthy else 503, "application/json", body)
            elif self.path == "/":
                self._send(200, "text/html; charset=utf-8", _status_page(status).encode())
            else:
                self._send(404, "text/plain", b"not found")

        def _send(self, code: int, kind: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _status_page(status: WatchStatus) -> str:
    rows = [
        ("Last poll", status.last_poll or "not yet"),
        ("Last publish", status.last_publish or "not yet"),
        ("Last error", f"{status.last_error} ({status.last_error_at})" if status.last_error_at else "none"),
        ("Articles", ", ".join(f"{n} {a}" for a, n in status.articles.items()) or "none yet"),
        ("Polls / publishes", f"{status.polls} / {status.publishes}"),
    ]
    cells = "".join(f"<tr><th scope=row>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">'
        "<meta http-equiv=refresh content=30><title>kbgen watch</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem;color-scheme:light dark}"
        "th{text-align:left;padding-right:1rem}</style></head>"
        f"<body><h1>kbgen watch</h1><table>{cells}</table></body></html>"
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _age(stamp: str) -> float:
    return (_now() - dt.datetime.fromisoformat(stamp)).total_seconds()


def _stamp() -> str:
    return _now().strftime("%Y-%m-%dT%H:%M:%SZ")
