"""`kbgen pull` as an editor runs it."""

from __future__ import annotations

from click.testing import CliRunner

from kbgen.cli import main
from kbgen.content import load_content
from tests.conftest import ROOT
from tests.notion import notion_json as nj


def test_pull_writes_both_folders_and_reports_counts(help_db, fake, tmp_path, monkeypatch):
    fake.add_page(help_db.data_source_id, nj.article_properties("Hi", audience=("Owners", "Residents")),
                  [nj.paragraph("x")])  # fmt: skip
    monkeypatch.chdir(tmp_path)
    notion = f"database: {help_db.database_id}, requests_per_second: 100"
    config = f"extra:\n  kbgen:\n    notion: {{{notion}}}\n"
    (tmp_path / "mkdocs.yml").write_text(config)

    result = CliRunner().invoke(main, ["pull"])

    assert result.exit_code == 0, result.output
    assert "Pulled content/ (1 owners, 1 residents articles; 1 read from Notion" in result.output
    assert load_content(tmp_path / "content").errors == []


def test_pull_fails_with_the_editor_facing_message(notion_env, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NOTION_TOKEN")
    result = CliRunner().invoke(main, ["pull", "--database", "a" * 32])
    assert result.exit_code == 1
    assert "NOTION_TOKEN is not set" in result.output and "Traceback" not in result.output


def test_build_with_pull_publishes_what_notion_has(help_db, fake, tmp_path, monkeypatch):
    fake.add_page(help_db.data_source_id, nj.article_properties("Pool hours", audience=("Residents",)),
                  [nj.paragraph("The pool opens at 9.")])  # fmt: skip
    monkeypatch.chdir(tmp_path)
    base = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    base = base.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    (tmp_path / "mkdocs.yml").write_text(base, encoding="utf-8")

    result = CliRunner().invoke(main, ["build", "--pull", "--database", help_db.database_id])

    assert result.exit_code == 0, result.output
    assert "Pulled content/" in result.output and "Built site/" in result.output
    page = next((tmp_path / "site" / "residents").glob("pool-hours*/index.html")).read_text()
    assert "The pool opens at 9." in page
