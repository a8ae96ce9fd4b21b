"""Files attached in Notion are untrusted: published only by their content, only from Notion's file hosts,
and a file that was fine is never lost because its link expired (issue 11, items 2, 11 and 16)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.notion.filetypes import sniff
from kbgen.site.builder import build_sites
from tests.conftest import CONFIG
from tests.notion import notion_json as nj
from tests.notion.fake_server import FakeNotion

PHOTO_BLOCK = "b10c0000-0000-4000-8000-000000000001"
HOSTILE = {
    "evil": ("evil.html", b"<html><body><script>alert(document.cookie)</script></body></html>", "text/html"),
    "svg": ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml"),
    "bare": ("download", b"<!doctype html><title>x</title><img src=x onerror=alert(1)>", "text/html"),
    "notes": ("notes.md", b"---\ntitle: Injected page\ncategory: Hacked\n---\n# Notes\n\nHello\n",
              "text/markdown"),
    "png-named-html": ("photo.html", nj.PNG, "text/html"),
    "lease": ("Lease 2026.pdf", nj.PDF, "application/octet-stream"),
}  # fmt: skip


def hosted_with_id(kind: str, key: str, block_id: str, caption: str = "") -> dict:
    """A hosted file block whose id stays the same when the page is edited, as in Notion."""
    return {**nj.media(kind, nj.hosted(key), caption), "id": block_id}


@pytest.mark.parametrize(
    ("data", "extension"),
    [(nj.PNG, ".png"), (nj.PDF, ".pdf"), (nj.MP4, ".mp4"), (b"plain words\n", ".txt"),
     (b"<svg/>", None), (b"  <!DOCTYPE html>", None), (b"hello <script>x</script>", None),
     (b"PK\x03\x04not really a zip", None), (b"\x00\x01binary", None)],
)  # fmt: skip
def test_file_types_are_sniffed_from_content_never_from_the_name(data: bytes, extension: str | None):
    found = sniff(data, "looks-fine.png")
    assert (found.extension if found else None) == extension


def test_attachments_are_published_by_their_content_never_as_html_svg_or_pages(pull, help_db, fake, tmp_path):
    for key, (name, data, content_type) in HOSTILE.items():
        fake.host_file(key, name, data, content_type)
    fake.add_page(help_db.data_source_id, nj.article_properties("Attachments"), [
        nj.paragraph("Files for you."),
        nj.media("file", nj.hosted("evil"), name="evil.html"),
        nj.media("image", nj.hosted("svg")),
        nj.media("file", nj.hosted("bare")),
        nj.media("file", nj.hosted("notes"), name="notes.md"),
        nj.media("image", nj.hosted("png-named-html"), "Our office"),
        nj.media("pdf", nj.hosted("lease")),
    ])  # fmt: skip

    report = pull()

    residents = tmp_path / "content" / "residents"
    saved = sorted(path.name for path in (residents / "assets").iterdir())
    assert sorted(Path(name).suffix for name in saved) == [".pdf", ".png", ".txt"]
    assert {name.rsplit("-", 1)[0] for name in saved} == {"notes", "lease-2026", "photo"}
    text = (residents / "attachments.md").read_text()
    assert "evil" in text and "evil.html](" not in text and "download](" not in text
    assert "![Our office](assets/photo-" in text and "[Lease 2026.pdf](assets/lease-2026-" in text
    refused = [w for w in report.warnings if "never published" in w.message]
    assert len(refused) == 3 and all(w.page_title == "Attachments" for w in refused)

    site = tmp_path / "site"
    build_sites(tmp_path / "content", site, CONFIG)
    assets = site / "residents" / "assets"
    published = [p.name for p in assets.rglob("*") if p.suffix in (".html", ".htm", ".svg", ".md")]
    assert published == ["logo.svg"]  # the theme's own logo, nothing from Notion
    index = json.loads((site / "residents" / "search" / "search_index.json").read_text())
    assert not [doc for doc in index["docs"] if "Injected" in doc["title"] or "assets/" in doc["location"]]


def test_an_expired_file_link_keeps_the_last_good_copy_and_says_so(pull, help_db, fake, tmp_path):
    fake.host_file("photo", "door.png", nj.PNG, "image/png")
    photo = hosted_with_id("image", "photo", PHOTO_BLOCK, "The door")
    properties = nj.article_properties("Front door")
    page = fake.add_page(help_db.data_source_id, properties, [nj.paragraph("v1"), photo])
    pull()
    residents = tmp_path / "content" / "residents"
    (first_copy,) = (residents / "assets").iterdir()

    fake.edit_page(page, blocks=[nj.paragraph("v2"), photo])
    fake.fail(403, None, times=50, path_contains="/files/photo/")  # every signed link refused from now on
    report = pull()

    text = (residents / "front-door.md").read_text()
    assert "v2" in text and f"![The door](assets/{first_copy.name})" in text
    assert first_copy.read_bytes() == nj.PNG
    assert report.lost_files == []
    assert any("copy saved by the last pull is kept" in w.message for w in report.warnings)


def test_a_file_lost_with_no_earlier_copy_fails_the_pull_command(help_db, fake, tmp_path, monkeypatch):
    fake.host_file("photo", "door.png", nj.PNG, "image/png")
    fake.add_page(help_db.data_source_id, nj.article_properties("Front door"),
                  [nj.paragraph("Text"), nj.media("image", nj.hosted("photo"), "The door")])  # fmt: skip
    fake.fail(403, None, times=50, path_contains="/files/photo/")
    monkeypatch.chdir(tmp_path)
    notion = f"database: {help_db.database_id}, requests_per_second: 500, retry_backoff_seconds: 0.01"
    (tmp_path / "mkdocs.yml").write_text(f"extra:\n  kbgen:\n    notion: {{{notion}}}\n")

    result = CliRunner().invoke(main, ["pull"])

    assert result.exit_code == 1, result.output
    assert "1 Notion file(s) could not be downloaded and had no earlier copy: 'Front door'" in result.output
    assert "Text" in (tmp_path / "content" / "residents" / "front-door.md").read_text()


def test_files_are_fetched_only_from_the_hosts_notion_serves_files_from(pull, help_db, fake, tmp_path):
    with FakeNotion() as elsewhere:  # same machine, another port: not Notion's file host
        elsewhere.host_file("x", "x.png", nj.PNG, "image/png")
        expires = time.time() + 3600
        url = f"{elsewhere.url}/files/x/x.png?expires={expires:.3f}"
        foreign = {"type": "file", "file": {"url": url, "expiry_time": "2999-01-01T00:00:00.000Z"}}
        fake.host_file("ok", "ok.png", nj.PNG, "image/png")
        blocks = [nj.block("image", {"caption": [], **foreign}), nj.media("image", nj.hosted("ok"))]
        fake.add_page(help_db.data_source_id, nj.article_properties("Photos"), blocks)

        report = pull()

        assert elsewhere.requests(path_contains="/files/") == []
    saved = list((tmp_path / "content" / "residents" / "assets").iterdir())
    assert [path.name.split("-")[0] for path in saved] == ["ok"]
    assert "x.png" not in (tmp_path / "content" / "residents" / "photos.md").read_text()
    assert any("not a host Notion serves files from" in w.message for w in report.warnings)


def test_a_file_link_redirecting_to_another_host_is_not_followed(pull, help_db, fake, tmp_path):
    with FakeNotion() as elsewhere:
        elsewhere.host_file("x", "x.png", nj.PNG, "image/png")
        fake.redirect_file("moved", f"{elsewhere.url}/files/x/x.png?expires={time.time() + 3600:.3f}")
        fake.add_page(
            help_db.data_source_id, nj.article_properties("Moved"), [nj.media("image", nj.hosted("moved"))]
        )

        report = pull()

        assert elsewhere.requests(path_contains="/files/") == []
    assets = tmp_path / "content" / "residents" / "assets"
    assert not assets.exists() or not list(assets.iterdir())
    assert any("not a host Notion serves files from" in w.message for w in report.warnings)
    assert report.lost_files == []  # refused, not lost: nothing to retry
