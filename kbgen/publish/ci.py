"""`kbgen init ci github`: a GitHub Actions workflow that publishes from Notion on a schedule.

The workflow restores kbgen's pull state from the Actions cache (so each run reads only the pages that
changed), runs `kbgen publish`, and saves the state again, also when the publish failed.
"""

from __future__ import annotations

from pathlib import Path

WORKFLOW_PATH = Path(".github/workflows/kbgen-publish.yml")
# What a pull needs from the last run: its state (with each page's blocks), the files it downloaded,
# and the URL ledger the builds keep (so removed articles keep their redirects).
CACHED_PATHS = (
    "content/.kbgen-notion.json",
    "content/.kbgen-ledger.json",
    "content/owners/assets",
    "content/residents/assets",
)


class CiError(Exception):
    """The workflow was not written; the message says why."""


def github_workflow(*, target: str, every_minutes: int, python: str = "3.12") -> str:
    """The workflow's YAML text."""
    if not 5 <= every_minutes <= 59:
        raise CiError("--every must be between 5 and 59 minutes (GitHub runs schedules at most every 5)")
    if "'" in target or "\n" in target:
        raise CiError("--to must not contain quotes or line breaks")
    paths = "\n".join(f"            {path}" for path in CACHED_PATHS)
    git_identity = ""
    if target == "gh-pages":
        git_identity = """
      - name: Let ghp-import commit as the Actions bot
        run: |
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
"""
    return f"""# Written by `kbgen init ci github`: publish from Notion every {every_minutes} minutes.
# Needs the repository secret NOTION_TOKEN (Settings > Secrets and variables > Actions).
name: kbgen publish

on:
  schedule:
    - cron: "*/{every_minutes} * * * *"
  workflow_dispatch:

permissions:
  contents: write

concurrency:
  group: kbgen-publish
  cancel-in-progress: false

jobs:
  publish:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0

      - uses: actions/setup-python@v5
        with:
          python-version: "{python}"

      - name: Install kbgen
        run: python -m pip install .

      - name: Restore the pull state
        uses: actions/cache/restore@v4
        with:
          path: |
{paths}
          key: kbgen-notion-${{{{ github.run_id }}}}
          restore-keys: kbgen-notion-
{git_identity}
      - name: Pull, build, check and deploy
        env:
          NOTION_TOKEN: ${{{{ secrets.NOTION_TOKEN }}}}
        run: kbgen publish --to '{target}'

      - name: Save the pull state
        if: always()
        uses: actions/cache/save@v4
        with:
          path: |
{paths}
          key: kbgen-notion-${{{{ github.run_id }}}}
"""


def write_github_workflow(project: Path, *, target: str, every_minutes: int, force: bool) -> Path:
    path = project / WORKFLOW_PATH
    if path.exists() and not force:
        raise CiError(f"{path} exists: pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(github_workflow(target=target, every_minutes=every_minutes), encoding="utf-8")
    return path
