"""The project's settings as the Notion verbs read them (`pull`, `misses push`)."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.settings import Contact, Settings, SettingsError, load_settings


def project_settings(config_file: Path, database: str | None) -> Settings:
    """The project's settings; with --database, a missing config file just means the defaults."""
    try:
        return load_settings(config_file)
    except SettingsError as exc:
        if database and not config_file.exists():
            return Settings(config_file, company="", site_url="", audiences={}, contact=Contact())
        raise click.ClickException(str(exc)) from exc
