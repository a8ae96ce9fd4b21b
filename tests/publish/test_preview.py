"""`kbgen preview`: drafts in a site of their own, never in the public content or site."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from tests.notion import notion_json as nj

SECRET = "Zebrafoxtrot"  # a word only the draft and the article in review use


def every_file_text(folder: Path) -> dict[Path, str]:
    return {p: p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file()}


def run(project: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--config", str(project / "mkdocs.yml")])


def test_preview_holds_drafts_with_banners_and_the_public_build_holds_no_trace_of_them(
    project, help_db, fake
):
    fake.add_page(
        help_db.data_source_id,
        nj.article_properties("Pool hours", audience=("Residents", "Owners")),
        [nj.paragraph("The pool opens at 9.")],
    )
    draft = fake.add_page(
        help_db.data_source_id,
        nj.article_properties(f"{SECRET} renovation plan", status="Draft"),
        [nj.paragraph(f"The {SECRET} wing closes in May.")],
    )
    review = fake.add_page(
        help_db.data_source_id,
        nj.article_properties(f"Owner {SECRET} payouts", audience=("Owners",), status="In review"),
        [nj.paragraph(f"{SECRET} payouts start in June.")],
    )
    public = ["--content", str(project / "content"), "--site", str(project / "site")]
    preview = ["--preview-content", str(project / ".kbgen-preview"), "--site", str(project / "site-preview")]

    published = run(project, "publish", "--to", str(project / "www"), *public)
    previewed = run(project, "preview", *preview)

    assert published.exit_code == 0, published.output
    assert previewed.exit_code == 0, previewed.output
    for folder in ("content", "site", "www"):
        for path, text in every_file_text(project / folder).items():
            for trace in (
                SECRET,
                SECRET.lower(),
                draft,
                review,
                draft.replace("-", ""),
                review.replace("-", ""),
            ):
                assert trace not in text, f"{path} holds a trace of an unpublished article ({trace})"
    preview_site = project / "site-preview"
    draft_page = (preview_site / "residents" / "zebrafoxtrot-renovation-plan" / "index.html").read_text()
    assert f"The {SECRET} wing closes in May." in draft_page
    assert "Preview: not published (Status: Draft)" in draft_page
    review_page = (preview_site / "owners" / "owner-zebrafoxtrot-payouts" / "index.html").read_text()
    assert "Preview: not published (Status: In review)" in review_page
    live_page = (preview_site / "owners" / "pool-hours" / "index.html").read_text()
    assert "Preview: not published (Status: Published)" in live_page
    preview_files = every_file_text(preview_site)
    assert not [p for p in preview_files if p.name.startswith("sitemap.xml")]
    html_pages = [p for p in preview_files if p.suffix == ".html"]
    assert html_pages and all('content="noindex, nofollow"' in preview_files[p] for p in html_pages)
    assert all("Preview: not published" in preview_files[p] for p in html_pages)
    assert (preview_site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    for page in html_pages:
        config = re.search(
            r'<script id="kbgen-config" type="application/json">(.*?)</script>', preview_files[page]
        )
        assert config is None or json.loads(config.group(1))["miss_endpoint"] == "", page
    assert SECRET in "".join(preview_files[p] for p in preview_files if p.name == "search_index.json")


def test_preview_of_one_page_by_its_notion_url_rebuilds_only_that_page(project, help_db, fake):
    page = fake.add_page(
        help_db.data_source_id,
        nj.article_properties("Gym rules", status="In review"),
        [nj.paragraph("Wipe the machines.")],
    )
    other = fake.add_page(
        help_db.data_source_id, nj.article_properties("Bike room"), [nj.paragraph("Old text.")]
    )
    preview = ["--preview-content", str(project / ".kbgen-preview"), "--site", str(project / "site-preview")]
    assert run(project, "preview", *preview).exit_code == 0
    fake.edit_page(page, blocks=[nj.paragraph("Wipe the machines after use.")])
    fake.edit_page(other, blocks=[nj.paragraph("New text.")])

    result = run(project, "preview", *preview, "--page", fake.page(page)["url"])

    assert result.exit_code == 0, result.output
    site = project / "site-preview" / "residents"
    assert "Preview of the page:" in result.output and "gym-rules" in result.output
    gym = (site / "gym-rules" / "index.html").read_text()
    assert "Wipe the machines after use." in gym and "Preview: not published (Status: In review)" in gym
    assert "Old text." in (site / "bike-room" / "index.html").read_text()  # not rebuilt
    missing = run(project, "preview", *preview, "--page", "c" * 32)
    assert missing.exit_code == 1 and "is not in the preview" in missing.output


def test_build_with_preview_builds_the_preview_site_not_the_public_one(project, help_db, fake, monkeypatch):
    fake.add_page(
        help_db.data_source_id, nj.article_properties("Gym rules", status="Draft"), [nj.paragraph("x")]
    )
    monkeypatch.chdir(project)

    result = run(project, "build", "--preview")

    assert result.exit_code == 0, result.output
    page = (project / "site-preview" / "residents" / "gym-rules" / "index.html").read_text()
    assert "Preview: not published (Status: Draft)" in page
    assert not (project / "site").exists() and not (project / "content").exists()
