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
from kbgen.content.yaml_input import MAX_EXPANDED_VALUES, expanded_size
from kbgen.site.palette import DEFAULT_COLORS, PaletteError, SchemeColors, load_colors

# Who is offered the 24/7 emergency line (search card, home page, feedback box, `kbgen find`):
# residents live in the homes; owners reach their manager through the ordinary contacts.
EMERGENCY_LINE_AUDIENCES = ("residents",)
DEFAULT_EMERGENCY_CATEGORIES = ("Emergencies",)
# A build refuses to drop more than this share of an audience's published articles without a decision.
DEFAULT_MAX_REMOVED_SHARE = 0.5


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
    categories: tuple[str, ...] = ()  # listed first, in this order; the rest largest first
    # Articles in these categories carry the site's emergency line, if it has one, as a tap target.
    emergency_categories: tuple[str, ...] = DEFAULT_EMERGENCY_CATEGORIES


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
    notion: dict[str, Any] = field(default_factory=dict)  # extra.kbgen.notion, read by kbgen.notion
    max_removed_share: float = DEFAULT_MAX_REMOVED_SHARE
    language: str = "en"  # theme.language: the sites' language (dates pulled from Notion use it)

    def audience_url(self, audience: str) -> str:
        return f"{self.site_url}{audience}/"

    def emergency_line(self, audience: str) -> str:
        """The phone number `audience`'s pages offer for emergencies; empty when they offer none.
        The one place that decides it: every page and script reads `emergency_line` from the site's
        `kbgen-config`."""
        if audience not in EMERGENCY_LINE_AUDIENCES or audience not in self.audiences:
            return ""
        return self.audiences[audience].contact.emergency_phone


def load_settings(config_file: Path) -> Settings:
    """Read `config_file`; raise SettingsError with a plain reason when it is missing or malformed."""
    try:
        text = Path(config_file).read_text(encoding="utf-8")
        if expanded_size(text) > MAX_EXPANDED_VALUES:
            raise SettingsError(
                f"{config_file}: its YAML aliases (*name) expand to more than "
                f"{MAX_EXPANDED_VALUES:,} values: write the repeated parts out instead of nesting aliases"
            )
        with open(config_file, encoding="utf-8") as handle:
            data = yaml_load(handle) or {}
    except SettingsError:
        raise
    except FileNotFoundError as exc:
        raise SettingsError(
            f"{config_file} not found: run kbgen from the project folder, or pass --config FILE"
        ) from exc
    except Exception as exc:  # yaml errors come in many classes
        raise SettingsError(f"{config_file} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"{config_file} must be a YAML mapping like the bundled mkdocs.yml")
    fields = _Fields(Path(config_file))
    block = fields.mapping((data.get("extra") or {}).get("kbgen"), "extra.kbgen")
    site_url = str(data.get("site_url") or "http://127.0.0.1:8000/")
    if not site_url.endswith("/"):
        site_url += "/"
    contact = Contact(**_contact_fields(fields.mapping(block.get("contact"), "extra.kbgen.contact")))
    try:
        colors = load_colors(block.get("colors"))
    except PaletteError as exc:
        raise SettingsError(f"{config_file}: {exc}") from exc
    audiences = {}
    audience_blocks = fields.mapping(block.get("audiences"), "extra.kbgen.audiences")
    for audience in AUDIENCES:
        key = f"extra.kbgen.audiences.{audience}"
        entry = fields.mapping(audience_blocks.get(audience), key)
        default = f"{block.get('company', 'Help center')} {audience.title()} Help"
        audiences[audience] = AudienceSettings(
            site_name=str(entry.get("site_name") or default),
            description=str(entry.get("description") or ""),
            contact=contact.merged(fields.mapping(entry.get("contact"), f"{key}.contact")),
            categories=fields.names(entry.get("categories"), f"{key}.categories", ()),
            emergency_categories=fields.names(
                entry.get("emergency_categories"), f"{key}.emergency_categories", DEFAULT_EMERGENCY_CATEGORIES
            ),
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
        notion=dict(fields.mapping(block.get("notion"), "extra.kbgen.notion")),
        max_removed_share=fields.share(block.get("max_removed_share"), "extra.kbgen.max_removed_share"),
        language=str((data.get("theme") or {}).get("language") or "en"),
    )


def _contact_fields(block: Any) -> dict[str, str]:
    """The known, non-empty contact keys of a YAML mapping, as text."""
    if not isinstance(block, dict):
        return {}
    return {k: str(v) for k, v in block.items() if k in Contact.__dataclass_fields__ and v not in (None, "")}


@dataclass(frozen=True)
class _Fields:
    """Checks each value once, as it is read, with an error naming the key and the file."""

    config_file: Path

    def fail(self, key: str, expected: str, value: Any) -> SettingsError:
        return SettingsError(f"{self.config_file}: {key} must be {expected}, not {value!r}")

    def mapping(self, value: Any, key: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "a mapping (key: value lines)", value)
        return value

    def names(self, value: Any, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            return default
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise self.fail(key, "a list of category names, like [Emergencies, Rent and payments]", value)
        return tuple(str(v) for v in value)

    def share(self, value: Any, key: str) -> float:
        if value is None:
            return DEFAULT_MAX_REMOVED_SHARE
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise self.fail(key, "a number from 0 to 1 (0.5 is half)", value)
        return float(value)
