"""kbgen's scripts and stylesheet are named with a digest of their content (`?v=`), the search worker
and the answer desk's worker included: after an upgrade, a browser or CDN holding the old files for
their cache time fetches the new ones, instead of pairing an old worker with a new search index."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from kbgen.site.assets import assets_version
from tests.conftest import ROOT


def test_every_kbgen_asset_url_carries_the_digest_of_what_was_published(sample_site: Path) -> None:
    for audience in ("owners", "residents"):
        version = assets_version(sample_site / audience / "assets")
        assert version == assets_version(ROOT / "overrides" / "assets")
        page = (sample_site / audience / "index.html").read_text(encoding="utf-8")
        urls = re.findall(r'(?:src|href)="([^"]*assets/(?:javascripts|stylesheets)/kbgen[^"]*)"', page)
        assert len(urls) >= 8 and all(url.endswith(f"?v={version}") for url in urls), urls
        worker = re.search(r'"search": "([^"]+)"', page)[1]
        assert worker.startswith(f"assets/javascripts/workers/kbgen-search.js?v={version}&material=search.")
    desk = (sample_site / "staff" / "desk" / "index.html").read_text(encoding="utf-8")
    assert f"kbgen-search.js?v={assets_version(sample_site / 'residents' / 'assets')}&material=" in desk


def test_the_digest_changes_with_any_script_and_not_with_other_files(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    shutil.copytree(ROOT / "overrides" / "assets", assets)
    before = assets_version(assets)
    (assets / "images").mkdir(exist_ok=True)
    (assets / "images" / "kbgen-logo.png").write_bytes(b"an article's picture")
    assert assets_version(assets) == before
    worker = assets / "javascripts" / "workers" / "kbgen-search.js"
    worker.write_text(worker.read_text(encoding="utf-8") + "\n// next release\n", encoding="utf-8")
    assert assets_version(assets) != before
