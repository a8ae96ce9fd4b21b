"""Audience isolation: nothing of an owner-only article (or a draft) reaches the resident site,
and the other way round: not a page, search entry, sitemap entry, navigation or related link."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.site.builder import build_sites
from tests.conftest import CONFIG
from tests.site.articles import write_article

SECRET = {
    "owners": ("owner-draw-schedule", "Zanzibar owner draw schedule", "zanzibarowner"),
    "residents": ("resident-quokka-rules", "Quokka resident rules", "quokkaresident"),
}


@pytest.fixture(scope="module")
def isolated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("isolation") / "content"
    for audience, (slug, title, word) in SECRET.items():
        write_article(
            content,
            audience,
            slug,
            body=f"Only for {audience}: {word}.\n",
            title=title,
            category="Money",
            tags=["shared-tag", word],
        )
        write_article(
            content, audience, "shared-topic", title="Shared topic", category="Money", tags=["shared-tag"]
        )
        write_article(
            content,
            audience,
            f"draft-{audience}",
            body="draftword\n",
            title="Unfinished draftword",
            draft=True,
            category="Money",
            tags=["shared-tag"],
        )
    # A resident article that links to the owner-only article must not leak its address.
    write_article(
        content,
        "residents",
        "links-across",
        body=f"See [the owner page]({SECRET['owners'][0]}.md).\n",
        category="Money",
        tags=["shared-tag"],
    )
    site = tmp_path_factory.mktemp("isolation-site") / "site"
    build_sites(content, site, CONFIG)
    return site


def all_text(folder: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".js")
    )


@pytest.mark.parametrize(("site_audience", "other"), [("residents", "owners"), ("owners", "residents")])
def test_no_trace_of_the_other_audiences_articles(
    isolated_site: Path, site_audience: str, other: str
) -> None:
    slug, title, word = SECRET[other]
    text = all_text(isolated_site / site_audience)
    assert not (isolated_site / site_audience / slug).exists()
    for trace in (slug, title, word):
        assert trace not in text, f"{trace!r} leaked into the {site_audience} site"


def test_each_site_keeps_its_own_article_in_pages_search_sitemap_and_related(isolated_site: Path) -> None:
    for audience, (slug, _title, word) in SECRET.items():
        folder = isolated_site / audience
        assert (folder / slug / "index.html").is_file()
        assert word in (folder / "search" / "search_index.json").read_text()
        assert f"/{audience}/{slug}/" in (folder / "sitemap.xml").read_text()
        assert f"../{slug}/" in (folder / "shared-topic" / "index.html").read_text()


def test_drafts_appear_in_neither_site(isolated_site: Path) -> None:
    text = all_text(isolated_site)
    assert "draftword" not in text
    assert "draft-owners" not in text and "draft-residents" not in text


def test_link_to_the_other_audience_keeps_its_words_but_loses_its_address(isolated_site: Path) -> None:
    page = (isolated_site / "residents" / "links-across" / "index.html").read_text()
    assert "owner-draw-schedule" not in page
