"""Status, Publish date, Archived and the trash decide publication in Notion; no hand edit of the ledger."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kbgen.content.ledger import LEDGER_FILE
from kbgen.notion.properties import PREVIEW_KINDS
from kbgen.notion.pull import pull_into
from kbgen.notion.state import load_state
from kbgen.settings import load_settings
from kbgen.site.builder import build_sites
from tests.notion import notion_json as nj
from tests.notion.conftest import settings_with

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def slugs(content: Path, audience: str) -> list[str]:
    return sorted(path.stem for path in (content / audience).glob("*.md"))


def test_only_published_pages_reach_the_public_pull_and_drafts_reach_the_preview_pull(
    pull, help_db, fake, tmp_path
):
    for title, status in [
        ("Live", "Published"),
        ("Being reviewed", "In review"),
        ("Early draft", "Draft"),
        ("Old one", "Archived"),
        ("Odd status", "Done"),
    ]:
        fake.add_page(
            help_db.data_source_id, nj.article_properties(title, status=status), [nj.paragraph("x")]
        )

    report = pull()
    preview = pull_into(
        tmp_path / "preview",
        database=help_db.database_id,
        full=False,
        settings=settings_with(),
        kinds=PREVIEW_KINDS,
    )

    assert slugs(tmp_path / "content", "residents") == ["live"]
    assert report.published == {"owners": 0, "residents": 1}
    assert slugs(tmp_path / "preview", "residents") == ["being-reviewed", "early-draft", "live"]
    assert sorted(preview.statuses.values()) == ["draft", "in_review", "published"]


def test_a_future_publish_date_waits_and_the_first_pull_after_it_publishes(help_db, fake, tmp_path):
    fake.add_page(help_db.data_source_id, nj.article_properties("Now"), [nj.paragraph("x")])
    fake.add_page(
        help_db.data_source_id,
        nj.article_properties("Pool opens", publish_date="2026-03-02T09:00:00Z"),
        [nj.paragraph("The pool opens on March 2.")],
    )
    fake.add_page(
        help_db.data_source_id,
        nj.article_properties("Dated today", publish_date="2026-03-01"),
        [nj.paragraph("x")],
    )
    content = tmp_path / "content"

    def pull_at(moment: dt.datetime):
        return pull_into(
            content, database=help_db.database_id, full=False, settings=settings_with(), now=moment
        )

    before = pull_at(NOW)
    assert slugs(content, "residents") == ["dated-today", "now"]
    assert before.scheduled == 1
    assert load_state(content).next_scheduled == "2026-03-02T09:00:00+00:00"

    after = pull_at(dt.datetime(2026, 3, 2, 9, 0, 1, tzinfo=dt.UTC))
    assert slugs(content, "residents") == ["dated-today", "now", "pool-opens"]
    assert after.scheduled == 0 and load_state(content).next_scheduled == ""


def test_audience_both_everyone_and_tenants_are_understood_and_an_unknown_one_names_the_page(
    pull, help_db, fake, tmp_path
):
    fake.add_page(help_db.data_source_id, nj.article_properties("For both", audience=("Both",)))
    fake.add_page(help_db.data_source_id, nj.article_properties("For all", audience=("Everyone",)))
    fake.add_page(help_db.data_source_id, nj.article_properties("For tenants", audience=("Tenants",)))
    fake.add_page(help_db.data_source_id, nj.article_properties("For staff", audience=("Staff",)))

    report = pull()

    content = tmp_path / "content"
    assert slugs(content, "owners") == ["for-all", "for-both"]
    assert slugs(content, "residents") == ["for-all", "for-both", "for-tenants"]
    messages = [str(w) for w in report.warnings]
    assert any(
        "'For staff'" in m and "audience 'Staff' is neither Owners nor Residents" in m for m in messages
    )


def test_archived_and_trashed_articles_redirect_or_show_the_removed_page_with_no_ledger_edit(
    project, help_db, fake
):
    content, site = project / "content", project / "site"
    config = project / "mkdocs.yml"
    settings = load_settings(config)
    ids = {
        title: fake.add_page(
            help_db.data_source_id,
            nj.article_properties(title, audience=("Residents", "Owners")),
            [nj.paragraph(f"About {title}.")],
        )
        for title in ("Pay rent online", "Old payment form", "Fax a payment", "Pool rules")
    }

    def publish() -> None:
        pull_into(content, database=None, full=False, settings=settings)
        build_sites(content, site, config, strict=True, record_ledger=True)

    publish()
    fake.edit_page(
        ids["Old payment form"],
        properties={
            "Status": nj.status_value("Archived"),
            "Redirect to": nj.relation_value(ids["Pay rent online"]),
        },
    )
    fake.edit_page(ids["Fax a payment"], properties={"Status": nj.status_value("Archived")})
    fake.edit_page(ids["Pool rules"], in_trash=True)
    ledger_before = (content / LEDGER_FILE).read_text()

    publish()  # --strict: would fail on any article gone without a decision

    residents = site / "residents"
    assert not (residents / "old-payment-form" / "index.html").read_text().count("About Old payment form")
    redirect = (residents / "old-payment-form" / "index.html").read_text()
    assert 'location.replace("../pay-rent-online/"' in redirect
    for gone in ("fax-a-payment", "pool-rules"):
        removed = (residents / gone / "index.html").read_text()
        assert "This article was removed" in removed and 'content="noindex"' in removed
    assert "This article was removed" in (site / "owners" / "pool-rules" / "index.html").read_text()
    ledger = json.loads((content / LEDGER_FILE).read_text())
    assert ledger["residents"][ids["Old payment form"]]["redirect_to"] == ids["Pay rent online"]
    assert ledger["residents"][ids["Fax a payment"]]["removed"] is True
    assert ledger["owners"][ids["Pool rules"]]["removed"] is True
    assert ledger_before != (content / LEDGER_FILE).read_text()

    fake.edit_page(ids["Fax a payment"], properties={"Status": nj.status_value("Published")})
    publish()  # published again: the article answers at its URL once more
    assert "About Fax a payment." in (residents / "fax-a-payment" / "index.html").read_text()
    assert "removed" not in json.loads((content / LEDGER_FILE).read_text())["residents"][ids["Fax a payment"]]
