"""`mkdocs build` with the kbgen plugin alone makes the same help center as `kbgen build`.

The project is laid out as a user's would be (mkdocs.yml, overrides/, content/), plus the
one-audience config README tells users to write. Every file of the two builds must be equal, byte
for byte, except the build's date: `<lastmod>` in sitemap.xml and sitemap.xml.gz (whose gzip header
also carries that date).
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import CONFIG, CONTENT, ROOT

RESIDENTS_CONFIG = """\
INHERIT: mkdocs.yml
docs_dir: content
site_dir: alone/residents
plugins:
  - search
  - kbgen:
      audience: residents
"""
BUILD_DATE = re.compile(rb"<lastmod>[0-9-]+</lastmod>")
DATED_FILES = {"sitemap.xml", "sitemap.xml.gz"}


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by path, with the build's date taken out of the dated ones."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if relative in DATED_FILES:
            data = BUILD_DATE.sub(
                b"<lastmod>(build date)</lastmod>",
                gzip.decompress(data) if relative.endswith(".gz") else data,
            )
        files[relative] = data
    return files


def test_mkdocs_build_with_the_plugin_alone_makes_the_site_kbgen_build_makes(tmp_path) -> None:
    shutil.copy(CONFIG, tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "residents.yml").write_text(RESIDENTS_CONFIG, encoding="utf-8")

    result = CliRunner().invoke(
        main,
        ["build", "--content", str(tmp_path / "content"), "--site", str(tmp_path / "site"),
         "--config", str(tmp_path / "mkdocs.yml")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    alone = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "residents.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert alone.returncode == 0, alone.stderr

    by_kbgen = _files(tmp_path / "site" / "residents")
    by_mkdocs = _files(tmp_path / "alone" / "residents")
    assert "search/search_index.json" in by_mkdocs and "pay-rent-online/index.html" in by_mkdocs
    assert sorted(by_mkdocs) == sorted(by_kbgen)
    different = [path for path in by_kbgen if by_kbgen[path] != by_mkdocs[path]]
    assert different == []
    assert b'"audience": "residents"' in by_mkdocs["kbgen.json"]
    assert not list(tmp_path.glob("**/*-pages.json")), "the plugin removes the docs folder it staged"
