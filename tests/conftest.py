"""Fixtures shared by every test: real builds of the bundled content, a loopback static server,
and the real headless Chromium with every request that leaves loopback blocked."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kbgen.site.builder import build_sites

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CONFIG = ROOT / "mkdocs.yml"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOOPBACK_PREFIXES = ("http://127.0.0.1", "http://localhost", "http://[::1]")

pytest_plugins = ["tests.notion.fixtures"]  # the fake Notion server's fixtures, for every folder


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on a free loopback port; yields the base URL ending in '/'."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample knowledge base, built once per test session. Treat it as read-only."""
    site = tmp_path_factory.mktemp("sample") / "site"
    build_sites(CONTENT, site, CONFIG)
    return site


@pytest.fixture(scope="session")
def sample_site_url(sample_site: Path) -> Iterator[str]:
    with serve_directory(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def reporting_sites(tmp_path_factory: pytest.TempPathFactory):
    """The sample sites built once per session to report to a real `kbgen collect`, both served on
    loopback (the collector on its own port, as in production). Its database is shared: tests count
    their own rows with `new_rows`."""
    from tests.signals.collector_process import sample_sites_reporting_to_a_collector

    with sample_sites_reporting_to_a_collector(tmp_path_factory.mktemp("reporting")) as running:
        yield running


@pytest.fixture
def new_rows(reporting_sites):
    """The rows this test adds to the shared collector's tables, and a wait for them."""
    from tests.signals.collector_process import RowsSinceStart

    return RowsSinceStart(reporting_sites.db)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (see README, running the tests)"
        )
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def block_outside_loopback(route) -> None:
    """Let loopback requests through; abort everything else (videos, fonts, analytics...)."""
    if route.request.url.startswith(LOOPBACK_PREFIXES):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(browser):
    """A fresh browser tab that cannot reach anything outside loopback."""
    context = browser.new_context()
    context.set_default_timeout(60_000)  # a loaded 2-core CI machine can take seconds to index the search
    context.route("**/*", block_outside_loopback)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def second_company_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second company's help centers (tests/search/second_company, issue 15), built once."""
    from tests.search.evaluation import SECOND

    site = tmp_path_factory.mktemp("second_company") / "site"
    build_sites(SECOND.content, site, SECOND.config)
    return site


@pytest.fixture(scope="session")
def second_company_site_url(second_company_site: Path) -> Iterator[str]:
    with serve_directory(second_company_site) as url:
        yield url
