"""Issue 11, item 5: symbolic links are never followed, in `build` and in `kbgen check`: an owner-only
article linked into residents/, or assets linking to /etc or outside the content folder, are refused
with an error naming the link."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import Result

from kbgen.content import load_content
from tests.security.conftest import HostileSite
from tests.site.articles import write_article


def test_an_article_linked_from_the_other_audience_is_not_published(hostile_site: HostileSite) -> None:
    residents = hostile_site.site / "residents"
    assert not (residents / "owner-only").exists()
    leaked = [p for p in residents.rglob("*") if p.is_file() and b"Owner secret" in p.read_bytes()]
    assert leaked == []
    errors = [p for p in hostile_site.report.problems if p.is_error and p.source.name == "owner-only.md"]
    assert errors and "symbolic link" in errors[0].message


def test_asset_links_to_system_files_or_outside_folders_are_not_published(hostile_site: HostileSite) -> None:
    assets = hostile_site.site / "residents" / "assets"
    assert (assets / "map.png").is_file(), "regular assets are still published"
    assert not (assets / "hostname").exists() and not (assets / "outside").exists()
    published = b"".join(p.read_bytes() for p in hostile_site.site.rglob("*") if p.is_file())
    assert b"private outside file" not in published
    refused = {
        p.source.name for p in hostile_site.report.problems if p.is_error and "symbolic link" in p.message
    }
    assert {"owner-only.md", "hostname", "outside"} <= refused


def test_kbgen_check_reports_every_link(hostile_check: Result) -> None:
    assert hostile_check.exit_code == 1
    for name in ("owner-only.md", "assets/hostname", "assets/outside"):
        assert f"residents/{name}" in hostile_check.output


def test_an_audience_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "owners", "fees", title="Owner fees")
    os.symlink("owners", content / "residents")
    loaded = load_content(content)
    assert loaded.articles["residents"] == []
    assert [p.source.name for p in loaded.errors] == ["residents"]
