"""`kbgen publish --to TARGET`: pull, build with checks, deploy atomically; a failure deploys nothing."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.publish.deploy import DeployError, deploy, deploy_command, deploy_folder, deploy_gh_pages
from tests.conftest import serve_directory
from tests.notion import notion_json as nj
from tests.site.articles import write_article


def fake_site(folder: Path, version: str, pages: int = 40) -> Path:
    """A built-looking site: a landing page and `pages` article pages, all saying `version`."""
    for n in range(pages):
        page = folder / "residents" / f"article-{n}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<h1>Article {n}</h1><p>{version}</p>" + "x" * 20_000)
    (folder / "index.html").write_text(f"<p>{version}</p>")
    (folder / f"only-in-{version}.txt").write_text(version)
    return folder


def test_a_folder_flips_atomically_while_a_reader_loops_over_its_pages(tmp_path):
    sites = [fake_site(tmp_path / "a", "version-a"), fake_site(tmp_path / "b", "version-b")]
    target = tmp_path / "www" / "help"
    target.parent.mkdir()
    deploy_folder(sites[0], target)
    failures: list[str] = []
    served = [0]
    stop = threading.Event()

    with serve_directory(target) as url:

        def read_pages() -> None:
            n = 0
            while not stop.is_set():
                path = "index.html" if n % 5 == 0 else f"residents/article-{n % 40}/"
                try:
                    with urllib.request.urlopen(url + path, timeout=5) as response:
                        body = response.read().decode()
                        if "version-" not in body:
                            failures.append(f"{path}: partial page")
                except urllib.error.HTTPError as exc:
                    failures.append(f"{path}: {exc.code}")
                served[0] += 1
                n += 1

        readers = [threading.Thread(target=read_pages) for _ in range(3)]
        for reader in readers:
            reader.start()
        for n in range(30):
            deploy_folder(sites[n % 2], target)
        stop.set()
        for reader in readers:
            reader.join()

    assert failures == [] and served[0] > 100
    assert target.is_symlink() and (target / "only-in-version-b.txt").is_file()
    releases = [p for p in (tmp_path / "www" / ".help.releases").iterdir() if not p.name.startswith(".")]
    assert len(releases) <= 3


def test_deploying_the_same_site_again_changes_nothing_and_a_real_folder_is_refused(tmp_path):
    site = fake_site(tmp_path / "site", "v1", pages=2)
    target = tmp_path / "help"
    assert deploy(site, str(target)).changed is True
    live = target.resolve()
    again = deploy(site, str(target))
    assert again.changed is False and target.resolve() == live

    real = tmp_path / "plain"
    real.mkdir()
    with pytest.raises(DeployError, match="is a real folder"):
        deploy(site, str(real))


def test_a_command_target_gets_the_site_path_and_a_failing_command_is_an_error(tmp_path):
    site = fake_site(tmp_path / "site", "v1", pages=1)
    copy = tmp_path / "copy"
    script = "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2])"
    deploy_command(site, f"{sys.executable} -c '{script}' {{site}} {copy}")
    assert (copy / "index.html").read_text() == "<p>v1</p>"

    with pytest.raises(DeployError, match="exited with 3: no bucket"):
        fail = "import sys; print('no bucket', file=sys.stderr); sys.exit(3)"
        deploy_command(site, f'{sys.executable} -c "{fail}" {{site}}')


def test_gh_pages_target_pushes_the_site_to_the_gh_pages_branch(tmp_path, monkeypatch):
    site = fake_site(tmp_path / "site", "v1", pages=1)
    remote, repo = tmp_path / "remote.git", tmp_path / "repo"
    for key, value in {
        "GIT_AUTHOR_NAME": "kbgen",
        "GIT_AUTHOR_EMAIL": "kbgen@example.invalid",
        "GIT_COMMITTER_NAME": "kbgen",
        "GIT_COMMITTER_EMAIL": "kbgen@example.invalid",
    }.items():
        monkeypatch.setenv(key, value)
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "remote", "add", "origin", str(remote)], check=True)
    monkeypatch.chdir(repo)

    deploy_gh_pages(site)

    shown = subprocess.run(
        ["git", "--git-dir", str(remote), "show", "gh-pages:index.html"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout == "<p>v1</p>"
    files = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "--name-only", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert ".nojekyll" in files


def test_publish_pulls_builds_and_deploys_and_a_failed_pull_or_check_deploys_nothing(project, help_db, fake):
    fake.add_page(help_db.data_source_id, nj.article_properties("Pool hours"), [nj.paragraph("Opens at 9.")])
    target = project / "www"
    args = [
        "publish",
        "--to",
        str(target),
        "--content",
        str(project / "content"),
        "--site",
        str(project / "site"),
        "--config",
        str(project / "mkdocs.yml"),
    ]

    first = CliRunner().invoke(main, args)

    assert first.exit_code == 0, first.output
    assert "Published 1 residents articles to" in first.output
    assert "Opens at 9." in (target / "residents" / "pool-hours" / "index.html").read_text()
    live = target.resolve()

    fake.fail(500, "internal_server_error", times=50)
    failed_pull = CliRunner().invoke(main, args)
    assert failed_pull.exit_code == 1 and "pull failed, nothing was deployed" in failed_pull.output
    fake._faults.clear()

    fake.edit_page(next(iter(fake._state.page_order)), blocks=[nj.paragraph("Opens at 10.")])
    write_article(project / "content", "residents", "broken", title=None)  # no title: a --strict error
    failed_check = CliRunner().invoke(main, args)
    assert (
        failed_check.exit_code == 1 and "build or check failed, nothing was deployed" in failed_check.output
    )
    assert target.resolve() == live
    assert "Opens at 9." in (target / "residents" / "pool-hours" / "index.html").read_text()
