"""Publish a finished build in one step, so readers never see a half-written site, and recover from
a build killed at any point.

Every folder a build makes lives beside `site/` (`.site.building-*`, `.site.staging-*`, and
`.site.old-*` while swapping), under a lock on that parent folder. Whoever takes the lock next knows
that such folders belong to a build that died: it puts a site set aside by a swap that was cut
short back in place, and removes the rest.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_LEFTOVERS = ("building", "staging", "old")


@contextmanager
def publishing(site_dir: Path) -> Iterator[None]:
    """Hold the lock for building into `site_dir`; recover what killed builds left on the way in."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(site_dir.parent, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel even if this process is killed
        recover(site_dir)
        yield
    finally:
        os.close(handle)


def recover(site_dir: Path) -> None:
    """Put back a site that an interrupted swap set aside, and remove what killed builds left."""
    set_aside = sorted(_leftovers(site_dir, "old"), key=lambda path: path.stat().st_mtime)
    if set_aside and not site_dir.exists():
        set_aside.pop().rename(site_dir)
    for kind in _LEFTOVERS:
        for folder in _leftovers(site_dir, kind):
            shutil.rmtree(folder, ignore_errors=True)


def _leftovers(site_dir: Path, kind: str) -> list[Path]:
    return [path for path in site_dir.parent.glob(f".{site_dir.name}.{kind}-*") if path.is_dir()]


def fresh_dir(site_dir: Path, kind: str = "building") -> Path:
    """An empty folder beside `site_dir` (same filesystem, so the final rename is atomic)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.{kind}-", dir=site_dir.parent))


def swap_in(new_dir: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `new_dir`: one atomic exchange where the system offers it (Linux), else
    two renames whose interruption `recover` repairs."""
    os.chmod(new_dir, 0o755)
    if not site_dir.exists():
        new_dir.rename(site_dir)
        return
    if _exchange(new_dir, site_dir):
        shutil.rmtree(new_dir, ignore_errors=True)  # now the previous site
        return
    old_dir = fresh_dir(site_dir, "old")
    old_dir.rmdir()
    site_dir.rename(old_dir)
    try:
        new_dir.rename(site_dir)
    except OSError:
        old_dir.rename(site_dir)
        raise
    shutil.rmtree(old_dir, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one system call (renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0
