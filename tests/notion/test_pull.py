"""End to end: the real notion-client against the fake server, into a content folder kbgen loads."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from kbgen.content import load_content
from kbgen.notion.state import STATE_FILE
from tests.notion import notion_json as nj
from tests.notion.fake_server import FakeNotion


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_published_pages_land_in_their_audience_folders_and_load_without_problems(
    pull, help_db, fake, tmp_path
):
    both = fake.add_page(help_db.data_source_id, nj.article_properties(
        "How do I pay rent online?", audience=("Residents", "Owners"), summary="Use the portal.",
        tags=("rent", "portal"), video="https://youtu.be/dQw4w9WgXcQ", order=1, category="Payments",
    ), [nj.paragraph("Pay in the portal.")])  # fmt: skip
    fake.add_page(help_db.data_source_id, nj.article_properties("Owner statements", audience=("Owners",)),
                  [nj.paragraph("See ", nj.mention_page(both, "paying rent"))])  # fmt: skip
    fake.add_page(
        help_db.data_source_id, nj.article_properties("Secret draft", status="Draft"), [nj.paragraph("x")]
    )
    fake.add_page(help_db.data_source_id, nj.article_properties("No status", status=""), [nj.paragraph("x")])

    report = pull()

    content = tmp_path / "content"
    loaded = load_content(content)
    assert loaded.problems == []
    assert sorted(a.slug for a in loaded.articles["owners"]) == [
        "how-do-i-pay-rent-online",
        "owner-statements",
    ]
    assert [a.slug for a in loaded.articles["residents"]] == ["how-do-i-pay-rent-online"]
    article = front(content / "residents" / "how-do-i-pay-rent-online.md")
    assert article == {
        "title": "How do I pay rent online?", "category": "Payments", "summary": "Use the portal.",
        "tags": ["rent", "portal"],
        "videos": [{"url": "https://youtu.be/dQw4w9WgXcQ", "title": "How do I pay rent online?"}],
        "slug": "how-do-i-pay-rent-online", "order": 1, "id": both, "updated": article["updated"],
    }  # fmt: skip
    assert (
        "See [paying rent](how-do-i-pay-rent-online.md)"
        in (content / "owners" / "owner-statements.md").read_text()
    )
    assert report.rows == 4 and report.published == {"owners": 2, "residents": 1} and report.read == 2
    assert not list(content.rglob("*draft*")) and fake.versions_seen == {"2025-09-03"}


def test_every_list_is_paginated(pull, help_db, fake, tmp_path):
    fake.page_size_cap = 2
    many_blocks = [nj.paragraph(f"line {n}") for n in range(5)]
    nested = [nj.toggle("more", children=[nj.paragraph(f"inner {n}") for n in range(3)])]
    for n in range(5):
        fake.add_page(help_db.data_source_id, nj.article_properties(f"Article {n}"), many_blocks + nested)

    pull()

    files = sorted((tmp_path / "content" / "residents").glob("*.md"))
    assert len(files) == 5
    text = files[0].read_text()
    assert "line 0" in text and "line 4" in text and "inner 0" in text and "inner 2" in text


def test_a_link_to_an_article_of_the_other_audience_becomes_text_with_a_warning(
    pull, help_db, fake, tmp_path
):
    owners_only = fake.add_page(
        help_db.data_source_id, nj.article_properties("Payouts", audience=("Owners",))
    )
    fake.add_page(help_db.data_source_id, nj.article_properties("Contact", audience=("Owners", "Residents")),
                  [nj.paragraph("Owners read ", nj.mention_page(owners_only, "Payouts"), ".")])  # fmt: skip

    report = pull()

    assert "[Payouts](payouts.md)" in (tmp_path / "content" / "owners" / "contact.md").read_text()
    resident_text = (tmp_path / "content" / "residents" / "contact.md").read_text()
    assert "Owners read Payouts." in resident_text and "payouts.md" not in resident_text
    assert [w.page_title for w in report.warnings] == ["Contact"] and "[residents]" in report.warnings[
        0
    ].message


def test_hosted_files_are_downloaded_and_expired_links_renewed(pull, help_db, fake, tmp_path):
    fake.host_file("photo", "door.png", nj.PNG, "image/png")
    fake.host_file("guide", "Move-in guide.pdf", nj.PDF, "application/pdf")
    fake.host_file("clip", "tour.mp4", nj.MP4, "video/mp4")
    both = nj.article_properties("Move in", audience=("Owners", "Residents"))
    fake.add_page(help_db.data_source_id, both, [
        nj.media("image", nj.hosted("photo"), "The front door"),
        nj.media("pdf", nj.hosted("guide"), "Move-in guide"),
        nj.media("video", nj.hosted("clip"), "Tour"),
    ])  # fmt: skip
    fake.expire_next_file_urls(2)  # served expired in the listing: must be renewed by re-reading the block
    fake.fail(403, None, path_contains="/files/clip/")  # S3 refuses a link that still looks valid

    report = pull()

    for audience in ("owners", "residents"):
        assets = {p.suffix: p for p in (tmp_path / "content" / audience / "assets").iterdir()}
        assert assets[".png"].read_bytes() == nj.PNG and assets[".pdf"].read_bytes() == nj.PDF
        assert assets[".pdf"].name.startswith("move-in-guide-") and assets[".png"].name.startswith("door-")
        text = (tmp_path / "content" / audience / "move-in.md").read_text()
        assert f"![The front door](assets/{assets['.png'].name})" in text
        assert f"[Move-in guide](assets/{assets['.pdf'].name})" in text
        assert f"![Tour](assets/{assets['.mp4'].name})" in text and "/files/" not in text
    assert report.warnings == []
    assert len(fake.requests(method="GET", path_contains="/v1/blocks/")) == 1 + 3  # listing + 3 renewals
    assert "files/" not in (tmp_path / "content" / STATE_FILE).read_text()  # signed URLs are not kept


def test_unchanged_pages_are_not_read_again_and_a_changed_page_is_read_alone(pull, help_db, fake, tmp_path):
    ids = [
        fake.add_page(
            help_db.data_source_id, nj.article_properties(f"Article {n}"), [nj.paragraph(f"v1 {n}")]
        )
        for n in range(4)
    ]
    pull()
    fake.log.clear()

    quiet = pull()
    assert fake.block_requests() == [] and quiet.read == 0 and quiet.reused == 4
    assert [r.path for r in fake.log] == [f"/v1/data_sources/{help_db.data_source_id}/query"]

    fake.edit_page(ids[2], blocks=[nj.paragraph("v2 changed")])
    fake.log.clear()
    changed = pull()
    assert [r.path for r in fake.block_requests()] == [f"/v1/blocks/{ids[2]}/children"]
    assert (
        changed.read == 1
        and "v2 changed" in (tmp_path / "content" / "residents" / "article-2.md").read_text()
    )
    assert "v1 1" in (tmp_path / "content" / "residents" / "article-1.md").read_text()


def test_full_pull_reads_every_page_again(pull, help_db, fake):
    for n in range(3):
        fake.add_page(help_db.data_source_id, nj.article_properties(f"Article {n}"), [nj.paragraph("x")])
    pull()
    fake.log.clear()
    assert pull(full=True).read == 3
    assert len(fake.block_requests()) == 3 and fake.requests(path_contains="/v1/databases/")


def test_unpublished_trashed_and_deleted_pages_lose_their_files_and_assets(pull, help_db, fake, tmp_path):
    fake.host_file("img", "a.png", nj.PNG, "image/png")
    keep = fake.add_page(help_db.data_source_id, nj.article_properties("Keep"), [nj.paragraph("x")])
    draft = fake.add_page(help_db.data_source_id, nj.article_properties("Unpublish me"),
                          [nj.media("image", nj.hosted("img"))])  # fmt: skip
    trashed = fake.add_page(help_db.data_source_id, nj.article_properties("Trash me"), [nj.paragraph("x")])
    pull()
    residents = tmp_path / "content" / "residents"
    assert len(list(residents.glob("*.md"))) == 3 and len(list((residents / "assets").iterdir())) == 1

    fake.edit_page(draft, properties={"Status": nj.status_value("Draft")})
    fake.edit_page(trashed, in_trash=True)
    report = pull()

    assert [p.name for p in residents.glob("*.md")] == ["keep.md"]
    assert list((residents / "assets").iterdir()) == [] and report.removed == 2
    state = json.loads((tmp_path / "content" / STATE_FILE).read_text())
    assert list(state["pages"]) == [keep]


def test_a_trashed_page_a_server_still_lists_is_not_published(pull, help_db, fake, tmp_path):
    fake.include_trashed_in_query = True
    page = fake.add_page(help_db.data_source_id, nj.article_properties("Old"), [nj.paragraph("x")])
    fake.edit_page(page, in_trash=True)
    assert pull().published == {"owners": 0, "residents": 0}


def test_hand_written_articles_are_kept_and_their_slugs_not_taken(pull, help_db, fake, tmp_path):
    residents = tmp_path / "content" / "residents"
    residents.mkdir(parents=True)
    hand = residents / "pay-rent.md"
    hand.write_text("---\ntitle: Pay rent\ncategory: Rent\n---\nWritten by hand.\n")
    (residents / "assets").mkdir()
    (residents / "assets" / "map.png").write_bytes(b"hand")
    fake.add_page(help_db.data_source_id, nj.article_properties("Pay rent"), [nj.paragraph("From Notion")])
    fake.add_page(help_db.data_source_id, nj.article_properties("Pay rent!"), [nj.paragraph("Also Notion")])

    report = pull()
    pull(full=True)

    assert hand.read_text().endswith("Written by hand.\n") and (residents / "assets" / "map.png").exists()
    assert sorted(p.name for p in residents.glob("*.md")) == ["pay-rent-2.md", "pay-rent-3.md", "pay-rent.md"]
    assert len([w for w in report.warnings if "already taken" in w.message]) == 2
    assert load_content(tmp_path / "content").errors == []


def test_the_older_page_keeps_a_contested_slug_across_pulls(pull, help_db, fake, tmp_path):
    newer = fake.add_page(help_db.data_source_id, nj.article_properties("Fees", slug="fees"),
                          [nj.paragraph("newer")], created_time="2026-02-01T00:00:00.000Z")  # fmt: skip
    fake.add_page(help_db.data_source_id, nj.article_properties("Fees (old)", slug="fees"),
                  [nj.paragraph("older")], created_time="2025-02-01T00:00:00.000Z")  # fmt: skip
    pull()
    residents = tmp_path / "content" / "residents"
    assert "older" in (residents / "fees.md").read_text() and front(residents / "fees-2.md")["id"] == newer


def test_synced_blocks_show_the_original_content(pull, help_db, fake, tmp_path):
    original = "5e1f0000-0000-4000-8000-000000000001"
    fake.add_page(help_db.data_source_id, nj.article_properties("Original"),
                  [nj.synced_original([nj.paragraph("Office hours: 9-5")], original)])  # fmt: skip
    fake.add_page(help_db.data_source_id, nj.article_properties("Copy"), [nj.synced_copy(original)])
    pull()
    assert "Office hours: 9-5" in (tmp_path / "content" / "residents" / "copy.md").read_text()


def test_a_second_server_instance_with_its_own_ids_works_through_a_database_url(
    notion_env: FakeNotion, tmp_path
):
    from kbgen.notion.pull import pull_into
    from tests.notion.conftest import settings_with

    db = notion_env.add_database(database_id="0123456789abcdef0123456789abcdef")
    notion_env.add_page(db.data_source_id, nj.article_properties("Hello"), [nj.paragraph("x")])
    url = "https://app.notion.com/p/Help-articles-0123456789abcdef0123456789abcdef"
    report = pull_into(tmp_path / "c", database=None, full=False, settings=settings_with(database=url))
    assert report.published["residents"] == 1


def test_a_sub_page_is_a_section_of_its_article_and_its_edits_are_pulled(pull, help_db, fake, tmp_path):
    sub_page = "c41d0000-0000-4000-8000-000000000001"
    fake.add_page(help_db.data_source_id, nj.article_properties("Parking"), [
        nj.paragraph("Rules below."),
        {**nj.child_page("Guest parking", [nj.paragraph("Two hours.")]), "id": sub_page},
    ])  # fmt: skip
    pull()
    article = tmp_path / "content" / "residents" / "parking.md"
    assert "Rules below.\n\n## Guest parking\n\nTwo hours." in article.read_text()

    fake.set_blocks(sub_page, [nj.paragraph("Three hours.")])  # the article's own edit time is unchanged
    report = pull()

    assert "Three hours." in article.read_text() and report.read == 1
    assert sorted(p.name for p in article.parent.glob("*.md")) == ["parking.md"]


def test_people_are_published_as_the_configured_phrase_and_downloads_keep_their_names(
    pull, help_db, fake, tmp_path
):
    fake.host_file("list", "Move-out checklist.pdf", nj.PDF, "application/pdf")
    fake.add_page(help_db.data_source_id, nj.article_properties("Moving out"), [
        nj.paragraph("Ask ", nj.mention_user("Jane Staffer"), " for the keys."),
        nj.media("pdf", nj.hosted("list")),
    ])  # fmt: skip

    report = pull(people_as="the front desk")
    first = (tmp_path / "content" / "residents" / "moving-out.md").read_text()
    pull(full=True, people_as="the front desk")

    assert "Ask the front desk for the keys." in first and "Jane" not in first
    assert any(w.page_title == "Moving out" and "Jane Staffer" in w.message for w in report.warnings)
    (saved,) = (tmp_path / "content" / "residents" / "assets").iterdir()
    assert saved.name.startswith("move-out-checklist-") and saved.suffix == ".pdf"
    assert f"[Move-out checklist.pdf](assets/{saved.name})" in first
    assert (tmp_path / "content" / "residents" / "moving-out.md").read_text() == first  # same name again
