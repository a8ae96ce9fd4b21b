"""Static hosting, end to end: the sites report misses to their own kbgen-miss.gif, the web server
logs the hits, and `kbgen misses import` reads them into the database."""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.site.builder import build_sites
from tests.conftest import CONFIG, CONTENT

pytestmark = pytest.mark.browser
GIF_HEADER = b"GIF89a\x01\x00\x01\x00"  # a 1x1 GIF


class _CombinedLogHandler(SimpleHTTPRequestHandler):
    """Writes an nginx/Apache "combined" access log line for every request, as a static host does."""

    log_file: Path

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
        referrer, agent = self.headers.get("Referer", "-"), self.headers.get("User-Agent", "-")
        request = f'[{stamp}] "{self.requestline}" {code} {size}'
        with self.log_file.open("a", encoding="utf-8") as handle:
            handle.write(f'{self.client_address[0]} - - {request} "{referrer}" "{agent}"\n')

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def static_host(directory: Path, log_file: Path) -> Iterator[str]:
    handler = type("Handler", (_CombinedLogHandler,), {"log_file": log_file})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_every_built_site_ships_the_pixel(sample_site: Path) -> None:
    for audience in ("owners", "residents"):
        assert (sample_site / audience / "assets" / "kbgen-miss.gif").read_bytes().startswith(GIF_HEADER)


def test_a_miss_reaches_the_database_through_the_hosts_access_log(page, tmp_path: Path) -> None:
    log, db = tmp_path / "access.log", tmp_path / "misses.db"
    with static_host(tmp_path, log) as host:
        build_sites(
            CONTENT, tmp_path / "site", CONFIG, miss_endpoint=f"{host}site/residents/assets/kbgen-miss.gif"
        )
        page.goto(f"{host}site/residents/")
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially("xylophone lessons", delay=60)
        page.wait_for_timeout(2200)
        deadline = time.monotonic() + 5
        while "kbgen-miss.gif?" not in log.read_text() and time.monotonic() < deadline:
            page.wait_for_timeout(100)  # not a plain sleep: Playwright passes requests on only then
    result = CliRunner().invoke(main, ["misses", "import", str(log), "--db", str(db)])
    assert "1 searches imported" in result.output
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT query, kind, audience, source, page FROM searches").fetchall()
    finally:
        conn.close()
    assert rows == [("xylophone lessons", "zero", "residents", "log", "/site/residents/")]
