"""`kbgen misses report --format pdf|png`: the health dashboard printed by a headless Chromium, for
leads who mail their reports.

The page is the HTML dashboard itself, printed with its print stylesheet (PDF) or shot as on screen
in the light scheme (PNG). It uses the Chromium already on the machine through Playwright (the
optional `kbgen[export]` extra) and never downloads a browser; the dashboard is self-contained, so
every request the page would make is refused.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM_VARIABLE = "KBGEN_CHROMIUM"
CHROMIUM_PROGRAMS = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run"]
SCREEN_WIDTH = 1280  # the PNG: wide enough for the dashboard's two chart columns
PAPER = "Letter"


class ExportError(Exception):
    """The export cannot run on this machine; the message says what to install or set."""


def find_chromium() -> Path:
    """The Chromium to print with: $KBGEN_CHROMIUM when set, else Debian's or the first on PATH."""
    configured = os.environ.get(CHROMIUM_VARIABLE)
    if configured:
        if Path(configured).is_file():
            return Path(configured)
        raise ExportError(
            f"{CHROMIUM_VARIABLE} is set to {configured}, which is not a file: point it at a Chromium or"
            " Chrome program, or unset it to use /usr/bin/chromium or the chromium on PATH."
        )
    for program in CHROMIUM_PROGRAMS:
        found = shutil.which(program)
        if found:
            return Path(found)
    raise ExportError(
        "The PDF and PNG exports print the dashboard with Chromium, and none was found: install it"
        " (Debian and Ubuntu: `sudo apt-get install chromium`) or set"
        f" {CHROMIUM_VARIABLE} to a Chromium or Chrome program. `--format html` needs neither."
    )


def check_export_tools() -> Path:
    """Fail before any work when Playwright or Chromium is missing; returns the Chromium to use."""
    try:
        import playwright.sync_api  # noqa: F401  (only checks that it is installed)
    except ImportError:
        raise ExportError(
            "The PDF and PNG exports need Playwright: install it with `pip install 'kbgen[export]'`"
            " (it drives the Chromium already on this machine; no browser is downloaded)."
            " `--format html` needs neither."
        ) from None
    return find_chromium()


def export_dashboard(html: str, output_format: str, chromium: Path) -> bytes:
    """The dashboard page as a PDF (printed, every data table open) or a full-page PNG.

    It prints from a thread of its own: Playwright's sync API refuses to start in a thread that
    already runs an asyncio loop (a notebook, or a caller driving a browser of its own)."""
    with ThreadPoolExecutor(max_workers=1) as printer:
        return printer.submit(_print, html, output_format, chromium).result()


def _print(html: str, output_format: str, chromium: Path) -> bytes:
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(
                    color_scheme="light", viewport={"width": SCREEN_WIDTH, "height": 900}
                )
                context.route("**/*", lambda route: route.abort())  # the page is whole: refuse any fetch
                page = context.new_page()
                page.set_content(html, wait_until="load")
                if output_format == "png":
                    return page.screenshot(full_page=True, type="png")
                return page.pdf(  # print media; the page's own beforeprint opens its data tables
                    format=PAPER,
                    print_background=True,
                    margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                browser.close()
    except Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExportError(
            f"Chromium ({chromium}) could not print the dashboard: {first_line}. Check that it starts"
            f" (`{chromium} --headless --version`), or set {CHROMIUM_VARIABLE} to another Chromium."
        ) from exc
