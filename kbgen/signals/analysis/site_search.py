"""The site's own search (kbgen.search): the re-check uses it to see what the browser would rank on
top. Without a built site the re-check judges every article instead."""

from __future__ import annotations

from pathlib import Path

from kbgen.search import find_sites, load_site_index
from kbgen.search.site_index import INDEX_PATH
from kbgen.signals.analysis.verdicts import SiteSearch


def load_site_searches(site_dir: Path) -> dict[str, SiteSearch]:
    """One search per help center built in `site_dir`, by the audience its kbgen.json names."""
    return {
        audience: load_site_index(folder)
        for audience, folder in find_sites(site_dir).items()
        if (folder / INDEX_PATH).is_file()
    }
