"""Publish a finished build in one step, so readers never see a half-written site."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def fresh_build_dir(site_dir: Path) -> Path:
    """An empty folder beside `site_dir` (same filesystem, so the final rename is atomic)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))


def swap_in(new_dir: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `new_dir`; the old folder stays whole until the new one is in place."""
    os.chmod(new_dir, 0o755)
    if not site_dir.exists():
        new_dir.rename(site_dir)
        return
    old_dir = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
    old_dir.rmdir()
    site_dir.rename(old_dir)
    try:
        new_dir.rename(site_dir)
    except OSError:
        old_dir.rename(site_dir)
        raise
    shutil.rmtree(old_dir, ignore_errors=True)
