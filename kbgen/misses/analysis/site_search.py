"""The site's own search (kbgen.search, issue 5), when it is installed: the re-check uses it to see
what the browser would rank on top. Without it the re-check judges every article instead."""

from __future__ import annotations

from pathlib import Path

from kbgen.content.article import AUDIENCES
from kbgen.misses.analysis.verdicts import SiteSearch


def load_site_searches(site_dir: Path) -> dict[str, SiteSearch]:
    """One search per built audience; empty when kbgen.search or the site is missing."""
    try:
        from kbgen.search import load_index  # type: ignore[attr-defined]
    except ImportError:
        return {}
    return {
        audience: load_index(site_dir, audience)
        for audience in AUDIENCES
        if (site_dir / audience / "search" / "search_index.json").exists()
    }
