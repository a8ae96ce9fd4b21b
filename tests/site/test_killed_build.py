"""A build killed at any point (kill -9) is repaired by the next one: the site is never missing for
long, no folder of the dead build stays behind, and its worker processes do not outlive it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbgen.site.builder import BuildError, build_sites
from tests.conftest import CONFIG, CONTENT, ROOT
from tests.site.articles import write_article


def small_content(folder: Path) -> Path:
    write_article(folder, "owners", "payouts", title="Payouts", category="Money")
    write_article(folder, "residents", "rent", title="Rent", category="Money")
    return folder


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


def test_a_site_set_aside_by_a_swap_killed_midway_is_put_back_even_if_the_next_build_fails(
    tmp_path: Path,
) -> None:
    content = small_content(tmp_path / "content")
    site = tmp_path / "site"
    build_sites(content, site, CONFIG)
    published = (site / "residents" / "rent" / "index.html").read_bytes()
    # What a kill between the swap's two renames leaves: the old site aside, the new one unpublished.
    site.rename(tmp_path / ".site.old-killed")
    (tmp_path / ".site.building-killed" / "residents").mkdir(parents=True)
    (tmp_path / ".site.staging-killed").mkdir()

    for article in (content / "residents").glob("*.md"):
        article.unlink()
    for article in (content / "owners").glob("*.md"):
        article.unlink()
    with pytest.raises(BuildError, match="no publishable articles"):
        build_sites(content, site, CONFIG)

    assert (site / "residents" / "rent" / "index.html").read_bytes() == published
    assert leftovers(site) == []


def child_processes(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                children.append(int(entry.name))
    return children


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


@pytest.mark.skipif((os.cpu_count() or 1) < 2 or not Path("/proc").is_dir(), reason="parallel build on Linux")
def test_a_build_killed_with_sigkill_stops_its_workers_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build = subprocess.Popen(
        [sys.executable, "-m", "kbgen.cli", "build", "--content", str(CONTENT), "--site", str(site),
         "--config", str(CONFIG)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.05)
            workers = child_processes(build.pid)
            assert build.poll() is None, "the build ended before its workers could be seen"
        assert len(workers) >= 2, "the two audiences build in worker processes"
        assert leftovers(site), "the build works beside the site"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not any(alive(pid) for pid in workers), "workers stop when their build is killed"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        for pid in (pid for pid in workers if alive(pid)):  # never leave a stray worker behind
            os.kill(pid, signal.SIGKILL)

    build_sites(small_content(tmp_path / "content"), site, CONFIG)
    assert (site / "residents" / "rent" / "index.html").is_file()
    assert leftovers(site) == []
