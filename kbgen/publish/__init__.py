"""Publishing in one step: pull from Notion, build with every check on, deploy (`kbgen publish`, `watch`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbgen.notion.errors import NotionError
from kbgen.notion.pull import PullReport, pull_into
from kbgen.progress import Progress
from kbgen.publish.deploy import DeployError, DeployResult, deploy
from kbgen.settings import SettingsError, load_settings
from kbgen.site.builder import BuildError, BuildReport, build_sites


class PublishError(Exception):
    """A step failed and nothing was deployed; str() names the step and the reason."""


@dataclass
class PublishResult:
    pulled: PullReport | None
    built: BuildReport
    deployed: DeployResult


def publish(
    content_dir: Path,
    site_dir: Path,
    config_file: Path,
    target: str,
    *,
    pull: bool,
    database: str | None = None,
    progress: Progress | None = None,
) -> PublishResult:
    """Pull (when `pull`), build with --strict, deploy; a failure at any step deploys nothing."""
    pulled = None
    if pull:
        try:
            settings = load_settings(config_file)
            pulled = pull_into(
                content_dir, database=database, full=False, settings=settings, progress=progress or Progress()
            )
        except (NotionError, SettingsError) as exc:
            raise PublishError(f"pull failed, nothing was deployed: {exc}") from exc
    try:
        built = build_sites(
            content_dir, site_dir, config_file, strict=True, progress=progress, record_ledger=True
        )
    except BuildError as exc:
        raise PublishError(f"build or check failed, nothing was deployed: {exc}") from exc
    try:
        deployed = deploy(site_dir, target)
    except DeployError as exc:
        raise PublishError(f"deploy failed: {exc}") from exc
    return PublishResult(pulled, built, deployed)
