"""`kbgen build`: two complete sites, article pages with their parts, and safe output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kbgen.site.builder import BuildError, build_sites
from tests.conftest import CONFIG
from tests.site.articles import write_article


@pytest.fixture(scope="module")
def company_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another company's small content folder, with every article feature used once."""
    content = tmp_path_factory.mktemp("other-company") / "content"
    write_article(
        content,
        "residents",
        "pay-rent",
        body="## Steps\n\n1. Open the portal.\n2. Pay.\n\nSee [late fees](late-fees.md).\n\n"
        "![Walkthrough](https://vimeo.com/76979871)\n",
        title="How do I pay rent?",
        summary="Pay in the portal by the 1st.",
        category="Rent & payments",
        tags=["rent", "payment"],
        videos=[
            {"url": "https://www.youtube.com/watch?v=abcdefghijk", "title": "Pay rent <fast>"},
            {"url": "https://www.loom.com/share/0123456789abcdef0123456789abcdef", "title": "Loom tour"},
            {"url": "https://cdn.example.com/autopay.mp4", "title": "Autopay"},
        ],
        links=[{"title": "Resident portal", "url": "https://portal.example/"}],
        updated="2026-02-03",
    )
    write_article(
        content,
        "residents",
        "late-fees",
        title="Late fees",
        summary="A fee applies after the 5th.",
        category="Rent & payments",
        tags=["rent", "late"],
    )
    write_article(
        content,
        "residents",
        "unsafe",
        body='Hello <script>alert("x")</script> <img src=x onerror="alert(1)"> '
        '[click](javascript:alert(2)) <iframe src="https://evil.example/"></iframe>\n',
        title="<b>Bold</b> & <script>alert('t')</script>",
        category="Living here",
    )
    write_article(content, "owners", "payouts", title="When is my payout?", category="Payouts")
    site = tmp_path_factory.mktemp("other-company-site") / "out"
    build_sites(content, site, CONFIG)
    return site


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_both_sites_and_the_landing_page_are_built(company_site: Path) -> None:
    landing = read(company_site, "index.html")
    assert 'href="residents/"' in landing and 'href="owners/"' in landing
    for audience in ("owners", "residents"):
        assert (company_site / audience / "index.html").is_file()
        assert (company_site / audience / "search" / "search_index.json").is_file()
        assert (company_site / audience / "sitemap.xml").is_file()
    assert "owners/sitemap.xml" in read(company_site, "sitemap.xml")


def test_article_url_is_audience_and_slug_independent_of_category(company_site: Path) -> None:
    assert (company_site / "residents" / "pay-rent" / "index.html").is_file()
    assert (company_site / "residents" / "category" / "rent-payments" / "index.html").is_file()
    assert not list((company_site / "residents").glob("rent*/pay-rent"))


def test_article_page_has_title_summary_body_videos_links_related_and_date(company_site: Path) -> None:
    page = read(company_site, "residents/pay-rent/index.html")
    assert '<h1 id="kbgen-title">How do I pay rent?</h1>' in page
    assert '<p class="kbgen-summary">Pay in the portal by the 1st.</p>' in page
    assert 'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in page
    assert 'src="https://www.loom.com/embed/0123456789abcdef0123456789abcdef"' in page
    assert '<video controls preload="none" src="https://cdn.example.com/autopay.mp4"' in page
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in page, (
        "a video image in the body is embedded"
    )
    assert page.count('loading="lazy"') >= 3
    assert "Pay rent &lt;fast&gt;" in page
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk"' in page, "each embed keeps a plain link"
    assert 'href="https://portal.example/"' in page
    related = page.split('class="kbgen-related"')[1]
    assert 'href="../late-fees/"' in related
    assert "February 3, 2026" in page
    assert 'href="../late-fees/"' in page.split('class="kbgen-summary"')[1].split('class="kbgen-links"')[0]


def test_category_page_lists_its_articles_with_summaries(company_site: Path) -> None:
    page = read(company_site, "residents/category/rent-payments/index.html")
    assert '<a href="../../pay-rent/">How do I pay rent?</a><p>Pay in the portal by the 1st.</p>' in page
    assert 'href="../../late-fees/"' in page


def test_home_page_offers_search_first_then_categories(company_site: Path) -> None:
    page = read(company_site, "residents/index.html")
    search = page.index("data-kbgen-open-search", page.index('class="kbgen-hero'))
    assert search < page.index('class="kbgen-cards"')
    assert 'href="category/rent-payments/"' in page


def test_html_from_articles_is_never_executed(company_site: Path) -> None:
    page = read(company_site, "residents/unsafe/index.html")
    content = page.split('class="md-content"')[1]
    assert "<script>alert" not in content
    assert "onerror" not in content
    assert "javascript:" not in content
    assert "<iframe" not in content.split("kbgen-filed-under")[0], "no frame from an article body"
    assert '&lt;iframe src="https://evil.example/"&gt;' in content, "shown as the text it is"
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;" in content
    nav_and_title = page.split('class="md-content"')[0]
    assert "<script>alert('t')" not in nav_and_title


def test_search_index_holds_articles_not_listing_pages(company_site: Path) -> None:
    index = json.loads(read(company_site, "residents/search/search_index.json"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"pay-rent/", "late-fees/", "unsafe/"} <= locations
    assert not any(loc.startswith("category/") or loc == "" for loc in locations)
    page_entry = next(doc for doc in index["docs"] if doc["location"] == "pay-rent/")
    assert "Pay in the portal by the 1st." in page_entry["text"]
    assert "Resident portal" not in page_entry["text"], "the Links section is not searchable text"
    assert "Pay rent &lt;fast&gt;" in page_entry["text"] and "Watch on" not in page_entry["text"]
    assert page_entry["tags"] == ["rent", "payment"]
    assert all(doc["text"] or doc["location"].count("#") for doc in index["docs"]), "no empty page entries"
    assert not any("related" in doc["location"] or "links" in doc["location"] for doc in index["docs"])


def test_each_page_carries_its_audience_settings_for_the_scripts(company_site: Path) -> None:
    page = read(company_site, "residents/pay-rent/index.html")
    config = json.loads(
        re.search(r'<script id="kbgen-config" type="application/json">(.*?)</script>', page)[1]
    )
    assert config["audience"] == "residents"
    assert config["site_url"] == "https://help.harborviewpm.example/residents/"
    assert config["other_audience_url"] == "https://help.harborviewpm.example/owners/"


def test_build_without_articles_fails_with_a_plain_reason(tmp_path: Path) -> None:
    (tmp_path / "content" / "residents").mkdir(parents=True)
    with pytest.raises(BuildError, match="no publishable articles"):
        build_sites(tmp_path / "content", tmp_path / "site", CONFIG)
    assert not (tmp_path / "site").exists()


def test_strict_refuses_to_publish_articles_with_errors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "residents", "good")
    write_article(content, "residents", "bad", category="")
    with pytest.raises(BuildError, match=r"bad\.md.*category"):
        build_sites(content, tmp_path / "site", CONFIG, strict=True)
    report = build_sites(content, tmp_path / "site", CONFIG)
    assert report.pages == {"residents": 1}
    assert any(p.is_error and p.source.name == "bad.md" for p in report.problems)


def test_links_by_file_name_reach_an_article_published_under_another_slug(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "residents", "pets-policy", title="Pets", category="Living", slug="pets")
    write_article(
        content,
        "residents",
        "moving-in",
        body="Read [the pet rules](pets-policy.md#fees) and [again](./pets-policy.md).\n",
        category="Living",
    )
    report = build_sites(content, tmp_path / "site", CONFIG)
    page = read(tmp_path / "site", "residents/moving-in/index.html")
    assert 'href="../pets/#fees"' in page and 'href="../pets/"' in page
    assert not [w for w in report.warnings if "pets-policy" in w]
