"""A build publishes everything or nothing: a failure midway leaves the previous site as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.site.builder import BuildError, build_sites
from tests.conftest import CONFIG
from tests.site.articles import write_article

FAILING_HOOK = """
def on_page_content(html, page, config, files):
    if page.file.src_uri == "boom.md":
        raise RuntimeError("disk full while writing boom")
    return html
"""


def failing_config(tmp_path: Path) -> Path:
    """The real base config plus a hook that crashes while rendering one resident page."""
    (tmp_path / "crash_hook.py").write_text(FAILING_HOOK, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    overrides = (CONFIG.parent / "overrides").as_posix()
    text = CONFIG.read_text(encoding="utf-8").replace("custom_dir: overrides", f"custom_dir: {overrides}")
    config.write_text(text + "\nhooks:\n  - crash_hook.py\n", encoding="utf-8")
    return config


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "owners", "payouts", title="Payouts", category="Money")
    write_article(content, "residents", "rent", title="Rent", category="Money")
    site = tmp_path / "site"
    build_sites(content, site, CONFIG)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    write_article(content, "residents", "boom", title="Boom", category="Money")
    write_article(content, "owners", "new-owner-page", title="New owner page", category="Money")
    with pytest.raises(BuildError, match="disk full while writing boom"):
        build_sites(content, site, failing_config(tmp_path))

    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]
    assert leftovers == [], "no half-built folder is left beside the site"


def test_successful_build_replaces_the_whole_site(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "residents", "old-article", category="Money")
    site = tmp_path / "site"
    build_sites(content, site, CONFIG)
    (content / "residents" / "old-article.md").unlink()
    write_article(content, "residents", "new-article", category="Money")
    build_sites(content, site, CONFIG)
    assert (site / "residents" / "new-article" / "index.html").is_file()
    assert not (site / "residents" / "old-article").exists()
