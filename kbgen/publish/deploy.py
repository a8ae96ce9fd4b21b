"""Deploy a built `site/` to where readers get it: a folder, GitHub Pages, or any command.

`--to` takes `gh-pages`, `cmd:<command with {site}>`, or a folder path. A folder is a symlink kbgen
manages: each deploy copies the site into a new release folder beside it, then renames a fresh symlink
over the old one (one atomic step), so a web server serving the folder never sees a half site. A deploy
whose files equal the live release's changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

RELEASES_KEPT = 3  # the live release and the two before it, for a quick manual rollback


class DeployError(Exception):
    """Nothing was deployed (or the target kept its previous site); the message says why."""


@dataclass(frozen=True)
class DeployResult:
    target: str
    changed: bool
    detail: str = ""


def deploy(site_dir: Path, target: str) -> DeployResult:
    """Deploy `site_dir` to `target` (see the module docstring for the forms)."""
    if not (site_dir / "index.html").is_file():
        raise DeployError(f"{site_dir} holds no built site (no index.html): build first")
    if target == "gh-pages":
        return deploy_gh_pages(site_dir)
    if target.startswith("cmd:"):
        return deploy_command(site_dir, target.removeprefix("cmd:"))
    return deploy_folder(site_dir, Path(target))


def deploy_folder(site_dir: Path, target: Path) -> DeployResult:
    """Copy into `<target's folder>/.<name>.releases/<n>/` and flip the `target` symlink to it."""
    if target.exists() and not target.is_symlink():
        raise DeployError(
            f"{target} is a real folder: kbgen deploys to a symlink it flips atomically. Move {target} "
            f"away (or deploy to a new path) and point the web server at {target}."
        )
    releases = target.parent / f".{target.name}.releases"
    releases.mkdir(parents=True, exist_ok=True)
    live = target.resolve() if target.is_symlink() else None
    fingerprint = tree_fingerprint(site_dir)
    if live is not None and live.is_dir() and tree_fingerprint(live) == fingerprint:
        return DeployResult(str(target), changed=False, detail=f"unchanged ({live.name})")
    release = releases / f"{time.strftime('%Y%m%dT%H%M%S')}-{fingerprint[:8]}"
    staging = releases / f".incoming-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(site_dir, staging, symlinks=False)
        if release.exists():  # the same files deployed twice within a second
            shutil.rmtree(staging)
        else:
            os.replace(staging, release)
        flip = target.parent / f".{target.name}.flip-{os.getpid()}"
        if flip.is_symlink() or flip.exists():
            flip.unlink()
        flip.symlink_to(os.path.relpath(release, target.parent))
        os.replace(flip, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise DeployError(
            f"could not deploy to {target}, which still serves the previous site: {exc}"
        ) from exc
    _prune(releases, keep=release)
    return DeployResult(str(target), changed=True, detail=release.name)


def _prune(releases: Path, keep: Path) -> None:
    """Delete old releases beyond RELEASES_KEPT (never the live one)."""
    done = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in done[:-RELEASES_KEPT]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def tree_fingerprint(folder: Path, skip: set[str] | None = None) -> str:
    """A hash of every file's relative path and bytes (but those under the top-level names in `skip`)."""
    digest = hashlib.sha256()
    skipped = skip or set()
    files = (p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).parts[0] not in skipped)
    for path in sorted(files):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def deploy_gh_pages(site_dir: Path, *, remote: str = "origin", branch: str = "gh-pages") -> DeployResult:
    """Commit the site to the `gh-pages` branch and push it, with ghp-import (as `mkdocs gh-deploy`)."""
    from ghp_import import GhpError, ghp_import

    try:
        ghp_import(
            str(site_dir),
            mesg="kbgen publish",
            remote=remote,
            branch=branch,
            push=True,
            force=True,
            nojekyll=True,
        )
    except GhpError as exc:
        raise DeployError(
            f"pushing to the {branch} branch of '{remote}' failed: {exc.message}. Run kbgen publish inside "
            "the site's git repository, with push access to it."
        ) from exc
    return DeployResult(f"{remote}/{branch}", changed=True)


def deploy_command(site_dir: Path, command: str) -> DeployResult:
    """Run the given command (no shell) with `{site}` replaced by the built site's path."""
    try:
        words = [word.replace("{site}", str(site_dir)) for word in shlex.split(command)]
    except ValueError as exc:
        raise DeployError(f"--to 'cmd:{command}' cannot be read ({exc})") from exc
    if not words:
        raise DeployError("--to 'cmd:' needs a command, e.g. 'cmd:rsync -a --delete {site}/ web:/srv/help/'")
    try:
        done = subprocess.run(words, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise DeployError(f"could not run {words[0]}: {exc}") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip()[-800:]
        raise DeployError(f"the deploy command exited with {done.returncode}: {tail}")
    return DeployResult(command, changed=True, detail=done.stdout.strip()[-200:])
