"""kbgen's browser scripts share one namespace (`kbgen`, described in kbgen-analysis.js) and rely on
the order the plugin loads them in: each one after what it needs. A script loaded too early throws at
once and names the file it needs, so a wrong order shows as an error instead of a silent no-op."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCRIPTS = "assets/javascripts/"
# What each script needs loaded before it; scripts not named here need nothing.
NEEDS = {
    "kbgen-beacon.js": "kbgen-analysis.js",
    "kbgen-search.js": "kbgen-analysis.js",
    "kbgen-clicks.js": "kbgen-beacon.js",
    "kbgen-escalations.js": "kbgen-beacon.js",
    "kbgen-feedback.js": "kbgen-beacon.js",
    "kbgen-misses.js": "kbgen-beacon.js",
}


def page_scripts(html: str) -> list[str]:
    """kbgen's scripts a built page loads, in its order."""
    return re.findall(r'<script src="[^"]*assets/javascripts/(kbgen-[a-z0-9]+\.js)(?:\?v=[0-9a-f]+)?"', html)


def with_needs(name: str) -> list[str]:
    """`name` after everything it needs, in load order."""
    return [*with_needs(NEEDS[name]), name] if name in NEEDS else [name]


def errors_loading(page, base: str, scripts: list[str]) -> list[str]:
    """The errors a fresh page beside the built scripts throws while it loads `scripts` in this order."""
    errors: list[str] = []

    def collect(error) -> None:
        errors.append(str(error))

    blank = f"{base}script-order.html"
    body = "".join(f'<script src="{name}"></script>' for name in scripts)
    page.route(blank, lambda route: route.fulfill(content_type="text/html", body=body))
    page.on("pageerror", collect)
    page.goto(blank)
    page.evaluate("0")  # every error of the load has been reported by now
    page.remove_listener("pageerror", collect)
    page.unroute(blank)
    return errors


def test_a_script_loaded_before_what_it_needs_throws_and_names_it(
    page, sample_site: Path, sample_site_url: str
) -> None:
    base = f"{sample_site_url}residents/{SCRIPTS}"
    scripts = sorted(path.name for path in (sample_site / "residents" / SCRIPTS).glob("kbgen-*.js"))
    assert set(NEEDS) < set(scripts), "every script named here is published"
    for name in scripts:
        alone = errors_loading(page, base, [name])
        if name in NEEDS:
            assert len(alone) == 1 and f"{name} needs {NEEDS[name]}, loaded before it" in alone[0], alone
        else:
            assert alone == [], name
        assert errors_loading(page, base, with_needs(name)) == [], name


def test_every_page_loads_each_script_after_what_it_needs(sample_site: Path) -> None:
    published = sorted(path.name for path in (sample_site / "residents" / SCRIPTS).glob("kbgen-*.js"))
    for audience in ("residents", "owners"):
        for html_file in (sample_site / audience / "index.html", sample_site / audience / "404.html"):
            order = page_scripts(html_file.read_text(encoding="utf-8"))
            assert sorted(order) == published, html_file
            for name, needed in NEEDS.items():
                assert order.index(needed) < order.index(name), (html_file, name)


def test_home_article_category_and_404_run_every_script_without_an_error(page, sample_site_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    for path in ("", "pay-rent-online/", "category/rent-and-payments/", "404.html"):
        page.goto(f"{sample_site_url}residents/{path}")
        page.wait_for_function("() => window.kbgen && window.kbgen.beacon && window.kbgen.loaded.search")
    assert errors == []
