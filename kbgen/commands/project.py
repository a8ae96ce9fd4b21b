"""The project as the verbs read it: settings for Notion verbs, content and ledger for `check`, `links`."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.content import ContentSet, load_content
from kbgen.content.ledger import LedgerError, LedgerPlan, load_ledger, reconcile
from kbgen.settings import Contact, Settings, SettingsError, load_settings


def project_settings(config_file: Path, database: str | None) -> Settings:
    """The project's settings; with --database, a missing config file just means the defaults."""
    try:
        return load_settings(config_file)
    except SettingsError as exc:
        if database and not config_file.exists():
            return Settings(config_file, company="", site_url="", audiences={}, contact=Contact())
        raise click.ClickException(str(exc)) from exc


def project_content(content_dir: Path, config_file: Path) -> tuple[Settings, ContentSet, LedgerPlan]:
    """Settings, articles and the ledger's view of them, or a click error that says what to fix."""
    if not content_dir.is_dir():
        raise click.ClickException(f"content folder {content_dir} not found: pass --content DIR")
    try:
        settings = load_settings(config_file)
        content = load_content(content_dir)
        return settings, content, reconcile(load_ledger(content_dir), content.articles)
    except (SettingsError, LedgerError) as exc:
        raise click.ClickException(str(exc)) from exc
