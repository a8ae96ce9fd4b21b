"""kbgen's own scripts and stylesheet, as the built pages name them."""

from __future__ import annotations

import hashlib
from pathlib import Path

# kbgen's files among the site's assets (Material's and the articles' own files sit beside them)
OWN_FILES = ("javascripts/kbgen-*.js", "javascripts/workers/kbgen-*.js", "stylesheets/kbgen*.css")


def assets_version(assets: Path) -> str:
    """A digest of kbgen's scripts and stylesheet, in their URLs (`?v=`): after an upgrade, a
    browser or CDN still holding the old files fetches the new ones, instead of pairing an old
    worker with a new search index or an old script with a new one it needs."""
    digest = hashlib.sha256()
    for path in sorted(path for pattern in OWN_FILES for path in assets.glob(pattern) if path.is_file()):
        digest.update(path.relative_to(assets).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]
