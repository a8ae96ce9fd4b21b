"""Every payload family, in article bodies and every front-matter field, builds into pages where
nothing runs, nothing frames another site and nothing takes an id the theme's scripts read."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import markdown

from kbgen.site.sanitize import sanitize_body
from tests.security.conftest import PROSE_ABOUT_TAGS, HostileSite
from tests.security.html_audit import audit
from tests.security.payloads import FAMILIES, FIELD_PAYLOADS

# kbgen's own controls in the content area: the 404 page's search form and the home page's "Search
# for an answer" button. The sanitizer drops `kbgen-` classes from articles, so none comes from an editor.
KBGEN_CONTROLS = {
    "404.html": re.compile(r'<form class="kbgen-notfound-search" .*?</form>', re.S),
    "index.html": re.compile(
        r'<button type="button" class="kbgen-hero__search [^"]*" data-kbgen-open-search>'
    ),
}


def pages(site: HostileSite):
    return sorted(site.site.rglob("*.html"))


def visible_text(html: str) -> str:
    article = html.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", article)).split())


def without_kbgens_controls(path: Path, html: str) -> str:
    """The page less kbgen's own control on an audience's home or 404 page (found exactly once)."""
    control = KBGEN_CONTROLS.get(path.name)
    if control is None or path.parent.name not in ("owners", "residents"):
        return html
    html, found = control.subn("", html)
    assert found == 1, path
    return html


def test_no_page_of_the_hostile_site_holds_anything_live(hostile_site: HostileSite) -> None:
    problems = {
        str(path.relative_to(hostile_site.site)): found
        for path in pages(hostile_site)
        if (found := audit(without_kbgens_controls(path, path.read_text(encoding="utf-8"))))
    }
    assert len(pages(hostile_site)) > 150
    assert problems == {}


def test_search_index_entries_hold_no_live_markup(hostile_site: HostileSite) -> None:
    """Material renders result titles and texts as HTML: they must be as inert as the pages."""
    problems = []
    for audience in ("residents", "owners"):
        index = json.loads((hostile_site.site / audience / "search" / "search_index.json").read_text())
        for doc in index["docs"]:
            for field in ("title", "text"):
                problems += [f"{doc['location']} {field}: {p}" for p in audit(doc[field], page=False)]
    assert problems == []


def test_every_hostile_article_is_published_whole(hostile_site: HostileSite) -> None:
    """No payload swallows the rest of its article (an unclosed <script>, <textarea> or comment)."""
    cut = [
        slug
        for slug in hostile_site.bodies
        if "Tail sentence that must survive."
        not in (hostile_site.site / "residents" / slug / "index.html").read_text()
    ]
    assert cut == []


def test_ids_the_theme_reads_are_renamed_and_their_anchors_follow(hostile_site: HostileSite) -> None:
    page = (hostile_site.site / "residents" / "clobbering-00" / "index.html").read_text(encoding="utf-8")
    assert page.count('id="__config"') == 1 and '<script id="__config" type="application/json">' in page
    clobbering_search = next(
        (hostile_site.site / "residents" / slug / "index.html").read_text(encoding="utf-8")
        for slug, payload in hostile_site.bodies.items()
        if payload == "## __search {#__search}"
    )
    assert clobbering_search.count('id="__search"') == 1, "only Material's search toggle"
    assert 'id="user-__search"' in clobbering_search
    assert 'href="#user-__search"' in clobbering_search, "the heading's permalink and TOC entry follow it"


def test_prose_that_mentions_tags_stays_visible_and_warns_naming_the_file(hostile_site: HostileSite) -> None:
    """Issue 11, item 10: 'Never paste a <script>' published as 'Never paste a' and nothing after it."""
    page = (hostile_site.site / "residents" / "prose-about-tags" / "index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    for sentence in PROSE_ABOUT_TAGS.replace("\n\n", "\n").splitlines():
        assert sentence in text
    index = json.loads((hostile_site.site / "residents" / "search" / "search_index.json").read_text())
    entry = next(doc for doc in index["docs"] if doc["location"] == "prose-about-tags/")
    assert "The rest of this article must stay visible" in entry["text"], "searchable too"
    warnings = [w for w in hostile_site.report.warnings if "prose-about-tags.md" in w]
    assert warnings and all(tag in warnings[0] for tag in ("<script>", "<style>", "<textarea>"))


def test_front_matter_fields_are_shown_as_text_everywhere(hostile_site: HostileSite) -> None:
    for number, payload in enumerate(FIELD_PAYLOADS):
        page = (hostile_site.site / "residents" / f"fields-{number:02d}" / "index.html").read_text()
        text = visible_text(page)
        assert f"{payload} title {number}" in text
        assert f"{payload} summary" in text
        assert f"{payload} category" in text
    home = (hostile_site.site / "residents" / "index.html").read_text(encoding="utf-8")
    assert "{{ config.extra }}" in unescape(home), "titles are never template code"


def test_the_audit_itself_sees_each_kind_of_live_markup() -> None:
    """The checks above can fail: each kind of hole, as a page would carry it, is reported."""
    article = '<article class="md-content__inner md-typeset">{}</article>'
    holes = [
        '<img src="x" onerror="alert(1)">',
        '<a href=" JaVa&#x09;Script:alert(1)">x</a>',
        '<details id="__config"><summary></summary>{}</details>',
        '<p id="kbgen">x</p>',
        '<iframe src="https://evil.example/"></iframe>',
        "<svg><style>x</style></svg>",
        '<img name="cookie" src="x">',
    ]
    for hole in holes:
        assert audit(article.format(hole)), hole
    assert audit("<script>alert(1)</script>"), "an inline script the page's policy does not list"


def test_sanitized_bodies_are_stable_when_parsed_again() -> None:
    """mXSS lives in markup that changes meaning when a browser re-parses it: the sanitizer's output,
    sanitized again, must be unchanged, and hold nothing live, for every payload of every family."""
    for payload in (p for family in FAMILIES.values() for p in family):
        html = markdown.markdown(payload, extensions=["attr_list", "md_in_html"])
        once = sanitize_body(html).html
        assert sanitize_body(once).html == once, payload
        assert audit(once, page=False) == [], payload
