"""Old URLs keep working after a rename, short links answer, removed articles say so and offer search:
built for real and opened in headless Chromium."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbgen.content.ledger import LEDGER_FILE, load_ledger
from kbgen.site.builder import BuildError, build_sites
from tests.conftest import CONFIG, serve_directory
from tests.site.articles import write_article

STEPS = "Intro.\n\n## Steps\n\n1. Log in.\n"


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Publish, then rename one article, retire another (with a decision) and publish again."""
    root = tmp_path_factory.mktemp("renamed")
    content, site = root / "content", root / "site"
    write_article(
        content, "residents", "pay-rent", STEPS, title="How do I pay rent?", summary="Online.", id="r-1"
    )
    write_article(content, "residents", "old-topic", title="Old <b>topic</b> & stuff", summary="Gone.")
    write_article(content, "residents", "keys", title="Lost keys", summary="Call us.")
    write_article(content, "owners", "payouts", title="When are payouts?", summary="On the 10th.")
    build_sites(content, site, CONFIG, record_ledger=True)
    first = load_ledger(content)

    (content / "residents" / "pay-rent.md").rename(content / "residents" / "pay-rent-online.md")
    (content / "residents" / "old-topic.md").unlink()
    data = json.loads((content / LEDGER_FILE).read_text())
    data["residents"]["old-topic"]["removed"] = True
    (content / LEDGER_FILE).write_text(json.dumps(data))
    report = build_sites(content, site, CONFIG, strict=True, record_ledger=True)
    with serve_directory(site) as url:
        yield {
            "url": url,
            "site": site,
            "content": content,
            "report": report,
            "code": first.entries["residents"]["r-1"].code,
            "removed_code": first.entries["residents"]["old-topic"].code,
        }


@pytest.mark.browser
def test_the_old_url_of_a_renamed_article_lands_on_the_new_page_and_section(page, renamed) -> None:
    page.goto(f"{renamed['url']}residents/pay-rent/#steps")
    page.wait_for_url("**/residents/pay-rent-online/#steps")
    assert page.locator("h1").first.inner_text() == "How do I pay rent?"


@pytest.mark.browser
def test_the_short_link_still_opens_the_renamed_article(page, renamed) -> None:
    page.goto(f"{renamed['url']}residents/a/{renamed['code']}/")
    page.wait_for_url("**/residents/pay-rent-online/")
    assert page.locator("h1").first.inner_text() == "How do I pay rent?"


@pytest.mark.browser
def test_a_removed_article_says_so_and_its_search_opens_the_help_center_search(page, renamed) -> None:
    response = page.goto(f"{renamed['url']}residents/a/{renamed['removed_code']}/")
    assert response.ok
    assert page.locator("h1").inner_text() == "This article was removed"
    assert "Old <b>topic</b> & stuff" in page.locator("main").inner_text()  # escaped, shown as text
    page.locator("input[name=q]").fill("rent")
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/residents/?q=rent")
    assert page.locator("input.md-search__input").input_value() == "rent"


def test_redirect_pages_carry_canonical_refresh_and_noindex(renamed) -> None:
    html = (renamed["site"] / "residents" / "pay-rent" / "index.html").read_text()
    assert (
        '<link rel="canonical" href="https://help.harborviewpm.example/residents/pay-rent-online/">' in html
    )
    assert '<meta http-equiv="refresh" content="0; url=../pay-rent-online/">' in html
    assert '<meta name="robots" content="noindex">' in html


def test_search_index_and_sitemap_list_only_canonical_pages(renamed) -> None:
    residents = renamed["site"] / "residents"
    sitemap = (residents / "sitemap.xml").read_text()
    locations = json.loads((residents / "search" / "search_index.json").read_text())["docs"]
    indexed = {doc["location"].split("#")[0] for doc in locations}
    for stub in ("pay-rent/", "old-topic/", f"a/{renamed['code']}/"):
        assert (residents / stub / "index.html").is_file()
        assert f"/residents/{stub}<" not in sitemap
        assert stub not in indexed
    assert "/residents/pay-rent-online/<" in sitemap


def test_each_audience_gets_only_its_own_ledger_pages(renamed) -> None:
    owners = renamed["site"] / "owners"
    assert not (owners / "pay-rent").exists() and not (owners / "old-topic").exists()
    assert not (owners / "a" / renamed["code"]).exists()
    owner_code = load_ledger(renamed["content"]).entries["owners"]["payouts"].code
    assert "../../payouts/" in (owners / "a" / owner_code / "index.html").read_text()


def test_a_decided_removal_builds_clean_under_strict(renamed) -> None:
    assert not [p for p in renamed["report"].problems if p.is_error]


def test_an_article_gone_without_a_decision_fails_strict_and_warns_otherwise(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    write_article(content, "residents", "keys", title="Lost keys", summary="Call us.")
    write_article(content, "residents", "pets", title="Pets", summary="Yes.")
    build_sites(content, site, CONFIG, record_ledger=True)
    (content / "residents" / "pets.md").unlink()

    with pytest.raises(BuildError, match=r"/residents/pets/ .*removed"):
        build_sites(content, site, CONFIG, strict=True)
    report = build_sites(content, site, CONFIG)
    assert [p.message for p in report.problems if p.is_error and "/residents/pets/" in p.message]
    assert "This article was removed" in (site / "residents" / "pets" / "index.html").read_text()
