"""kbgen's own settings, read from the `extra.kbgen` block of the shared `mkdocs.yml`.

Keeping them in `mkdocs.yml` means one file configures the theme and kbgen; `extra` is the one place
MkDocs allows free-form keys without warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.utils import yaml_load

from kbgen.content.article import AUDIENCES
from kbgen.site.palette import DEFAULT_COLORS, PaletteError, SchemeColors, load_colors


class SettingsError(Exception):
    """The configuration file cannot be used; the message says what to change."""


@dataclass(frozen=True)
class Contact:
    """How a reader reaches a person; shown on the sites and in emergency cards."""

    phone: str = ""
    email: str = ""
    portal_url: str = ""
    hours: str = ""
    emergency_phone: str = ""

    def merged(self, overrides: dict[str, Any]) -> Contact:
        """This contact with an audience's own values on top (an owner portal, an owner phone line)."""
        return Contact(**{**self.__dict__, **_contact_fields(overrides)})


@dataclass(frozen=True)
class AudienceSettings:
    site_name: str
    description: str = ""
    contact: Contact = field(default_factory=Contact)


@dataclass(frozen=True)
class Settings:
    config_file: Path
    company: str
    site_url: str  # where site/ is published, ending in "/"; each audience lives below it
    audiences: dict[str, AudienceSettings]
    contact: Contact  # the shared default; each audience's own is `audiences[a].contact`
    miss_endpoint: str = ""
    colors: dict[str, SchemeColors] = field(default_factory=lambda: dict(DEFAULT_COLORS))
    theme: dict[str, Any] = field(default_factory=dict)  # mkdocs.yml's theme block, for the palette check
    notion: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)  # the whole extra.kbgen block, for the parts
    language: str = "en"  # theme.language: the sites' language (dates pulled from Notion use it)

    def audience_url(self, audience: str) -> str:
        return f"{self.site_url}{audience}/"


def load_settings(config_file: Path) -> Settings:
    """Read `config_file`; raise SettingsError with a plain reason when it is missing or malformed."""
    try:
        with open(config_file, encoding="utf-8") as handle:
            data = yaml_load(handle) or {}
    except FileNotFoundError as exc:
        raise SettingsError(
            f"{config_file} not found: run kbgen from the project folder, or pass --config FILE"
        ) from exc
    except Exception as exc:  # yaml errors come in many classes
        raise SettingsError(f"{config_file} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"{config_file} must be a YAML mapping like the bundled mkdocs.yml")
    block = (data.get("extra") or {}).get("kbgen") or {}
    site_url = str(data.get("site_url") or "http://127.0.0.1:8000/")
    if not site_url.endswith("/"):
        site_url += "/"
    contact = Contact(**_contact_fields(block.get("contact")))
    try:
        colors = load_colors(block.get("colors"))
    except PaletteError as exc:
        raise SettingsError(f"{config_file}: {exc}") from exc
    audiences = {}
    for audience in AUDIENCES:
        entry = (block.get("audiences") or {}).get(audience) or {}
        default = f"{block.get('company', 'Help center')} {audience.title()} Help"
        audiences[audience] = AudienceSettings(
            site_name=str(entry.get("site_name") or default),
            description=str(entry.get("description") or ""),
            contact=contact.merged(entry.get("contact")),
        )
    return Settings(
        config_file=Path(config_file),
        company=str(block.get("company") or data.get("site_name") or "Help center"),
        site_url=site_url,
        audiences=audiences,
        contact=contact,
        miss_endpoint=str(block.get("miss_endpoint") or ""),
        colors=colors,
        theme=data.get("theme") if isinstance(data.get("theme"), dict) else {},
        notion=dict(block.get("notion") or {}),
        raw=dict(block),
        language=str((data.get("theme") or {}).get("language") or "en"),
    )


def _contact_fields(block: Any) -> dict[str, str]:
    """The known, non-empty contact keys of a YAML mapping, as text."""
    if not isinstance(block, dict):
        return {}
    return {k: str(v) for k, v in block.items() if k in Contact.__dataclass_fields__ and v not in (None, "")}
