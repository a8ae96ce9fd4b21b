"""Issue 11, items 3, 6 and 12: editor mistakes with outsized effects are stopped at the article (or
the build) that makes them, with an error that names the files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import Result

from kbgen.content.ledger import LEDGER_FILE
from kbgen.site.builder import BuildError, build_sites
from tests.conftest import CONFIG
from tests.security.conftest import HostileSite
from tests.site.articles import write_article


def test_markdown_under_assets_is_never_a_page(hostile_site: HostileSite) -> None:
    """Item 6: assets/notes.md (even a draft) was a page, in sitemap.xml and search_index.json."""
    residents = hostile_site.site / "residents"
    assert (
        not list(residents.glob("assets/**/index.html")) and not (residents / "assets" / "notes.md").exists()
    )
    assert (
        "notes" not in (residents / "sitemap.xml").read_text()
        and "readme" not in (residents / "sitemap.xml").read_text()
    )
    index = json.loads((residents / "search" / "search_index.json").read_text())
    assert not [doc["location"] for doc in index["docs"] if doc["location"].startswith("assets/")]
    warned = {p.source.name for p in hostile_site.report.problems if "not published" in p.message}
    assert warned == {"notes.md", "readme.markdown"}


def test_a_huge_slug_refuses_that_article_alone(hostile_site: HostileSite) -> None:
    """Item 12: a 439-character slug failed the whole build with [Errno 36] File name too long."""
    errors = {p.source.name: p.message for p in hostile_site.report.problems if p.is_error}
    assert "more than the 100 allowed" in errors["long-slug.md"]
    assert "shorten `category:`" in errors["long-category.md"]
    assert hostile_site.report.pages["residents"] > 150


def test_two_articles_with_one_id_is_an_error_naming_both(hostile_site: HostileSite) -> None:
    """Item 12: two articles with the same `id:` gave no warning and one ledger entry."""
    errors = [p for p in hostile_site.report.problems if p.is_error and "shared-id" in p.message]
    assert len(errors) == 1
    assert errors[0].source.name == "second-with-id.md" and "first-with-id.md" in errors[0].message
    assert (hostile_site.site / "residents" / "first-with-id" / "index.html").is_file()
    assert not (hostile_site.site / "residents" / "second-with-id").exists()


def test_kbgen_check_finds_slug_and_id_mistakes(hostile_check: Result) -> None:
    assert hostile_check.exit_code == 1
    for name in ("long-slug.md", "long-category.md", "second-with-id.md", "alias-bomb.md"):
        assert name in hostile_check.output


def test_a_build_that_would_silently_empty_or_halve_an_audience_is_refused(tmp_path: Path) -> None:
    """Item 3: every resident article moved away plus one without `category`: exit 0 and no residents/."""
    content = tmp_path / "content"
    for slug in ("rent", "repairs", "parking", "pets"):
        write_article(content, "residents", slug, title=slug.title())
    write_article(content, "owners", "payouts", title="Payouts")
    site = tmp_path / "site"
    build_sites(content, site, CONFIG, record_ledger=True)

    (content / "residents" / "pets.md").unlink()
    build_sites(content, site, CONFIG, record_ledger=True)  # one of four: an ordinary removal
    (content / "residents" / "repairs.md").unlink()
    (content / "residents" / "parking.md").unlink()
    with pytest.raises(BuildError, match="would lose 3 of the 4 articles"):
        build_sites(content, site, CONFIG, record_ledger=True)

    shutil.rmtree(content / "residents")
    (content / "residents").mkdir()
    (content / "residents" / "half-written.md").write_text("---\ntitle: New\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(BuildError, match="residents site would lose all articles") as error:
        build_sites(content, site, CONFIG, record_ledger=True)
    assert "--allow-removals" in str(error.value)
    assert (site / "residents" / "rent" / "index.html").is_file(), "the published site is left as it was"

    build_sites(content, site, CONFIG, record_ledger=True, allow_removals=True)
    removed = (site / "residents" / "rent" / "index.html").read_text(encoding="utf-8")
    assert "This article was removed" in removed, "readers get a 'removed' page, not a bare 404"
    ledger = json.loads((content / LEDGER_FILE).read_text(encoding="utf-8"))
    assert all(entry.get("removed") for entry in ledger["residents"].values()), (
        "decided once, not every build"
    )
