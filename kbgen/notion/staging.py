"""Replace the content folders in one step, so a failed or killed pull leaves the old content exactly.

A pull writes complete new audience folders and the new state file into `<content>/.kbgen-pull/`, marks
them ready, then renames them into place. If the process dies during those renames, the next pull (or
`recover_interrupted_pull`) finishes them from the ready copy; without the ready mark it throws the copy
away. Either way the folders hold the old pull or the new one, never a mix.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from kbgen.content.article import AUDIENCES
from kbgen.notion.state import STATE_FILE

STAGING_DIR = ".kbgen-pull"
READY_MARK = "READY"


def recover_interrupted_pull(content_dir: Path) -> None:
    """Finish a swap that a killed pull had started, or discard a pull that never got that far."""
    staging = content_dir / STAGING_DIR
    if not staging.exists():
        return
    if (staging / READY_MARK).exists():
        _apply(content_dir, staging)
    shutil.rmtree(staging, ignore_errors=True)


class Stage:
    """New content folders being prepared next to the live ones."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.root = content_dir / STAGING_DIR
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        self.downloads = self.root / "downloads"
        self.downloads.mkdir()

    def audience_dir(self, audience: str) -> Path:
        return self.root / audience

    def keep_unowned(self, audience: str, owned: Iterable[str]) -> None:
        """Copy the live folder's hand-written files (all but `owned` paths) into the new folder."""
        live = self.content_dir / audience
        target = self.audience_dir(audience)
        owned_paths = {live / path for path in owned}
        if live.is_dir():
            shutil.copytree(
                live, target, ignore=lambda folder, names: _owned(Path(folder), names, owned_paths)
            )
        else:
            target.mkdir(parents=True)

    def commit(self, state_text: str) -> None:
        """Put the new folders and state file in place."""
        (self.root / STATE_FILE).write_text(state_text, encoding="utf-8")
        shutil.rmtree(self.downloads)
        _write_durably(self.root / READY_MARK, "ready\n")
        _apply(self.content_dir, self.root)
        shutil.rmtree(self.root, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _owned(folder: Path, names: list[str], owned_paths: set[Path]) -> list[str]:
    return [name for name in names if folder / name in owned_paths]


def _apply(content_dir: Path, staging: Path) -> None:
    """Idempotent: safe to run again after being interrupted anywhere."""
    for audience in AUDIENCES:
        new = staging / audience
        if not new.exists():
            continue
        live = content_dir / audience
        replaced = staging / f"replaced-{audience}"
        if live.exists() and not replaced.exists():
            os.rename(live, replaced)
        os.rename(new, live)
    if (staging / STATE_FILE).exists():
        os.replace(staging / STATE_FILE, content_dir / STATE_FILE)


def _write_durably(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
