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
from kbgen.content.yaml_input import MAX_EXPANDED_VALUES, expanded_size, repeated_key
from kbgen.notion.names import (
    DEFAULT_ANSWERED_STATUS,
    DEFAULT_NAMES,
    DEFAULT_PEOPLE_PHRASE,
    DEFAULT_REQUEST_PROPERTIES,
    DEFAULT_STATUSES,
    OPTIONAL_REQUEST_PROPERTIES,
)
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
class NotionSettings:
    """`extra.kbgen.notion`: which Notion databases kbgen reads and writes, by which names, how fast."""

    database: str = ""  # the "Help articles" database: an id or any Notion URL of it
    data_source: str = ""  # which data source of it holds the articles, when it has several
    requests_database: str = ""  # the "Article requests" database `kbgen misses push` writes to
    requests_per_second: float = 3.0
    timeout_seconds: float = 30.0
    max_retries: int = 5
    retry_backoff_seconds: float = 1.0
    max_retry_wait_seconds: float = 60.0
    workers: int = 8  # files downloaded at once
    file_hosts: tuple[str, ...] = ()  # hosts files may come from besides Notion's own
    people_as: str = DEFAULT_PEOPLE_PHRASE  # what a mention of a person reads as on the site
    # Role -> name in Notion: the defaults with the renames of `properties`, `statuses` and
    # `requests_properties` applied (and the older `published_status`).
    property_names: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_NAMES))
    status_names: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STATUSES))
    request_property_names: dict[str, str] = field(
        default_factory=lambda: {**DEFAULT_REQUEST_PROPERTIES, **OPTIONAL_REQUEST_PROPERTIES}
    )
    answered_status: str = DEFAULT_ANSWERED_STATUS  # `requests_answered_status`


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
    notion: NotionSettings = field(default_factory=NotionSettings)
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
        twice = repeated_key(text)
        if twice is not None:
            raise SettingsError(
                f"{config_file}, line {twice.start_mark.line + 1}: '{twice.value}' is written twice in "
                "the same block (YAML would keep the last silently): keep one, merging what the two say"
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
        notion=_notion(fields.mapping(block.get("notion"), "extra.kbgen.notion"), fields),
        max_removed_share=fields.share(block.get("max_removed_share"), "extra.kbgen.max_removed_share"),
        language=str((data.get("theme") or {}).get("language") or "en"),
    )


def notion_settings(block: dict[str, Any], config_file: Path = Path("mkdocs.yml")) -> NotionSettings:
    """`block` (an `extra.kbgen.notion` mapping) checked and typed; errors name `config_file`."""
    return _notion(block, _Fields(config_file))


def _notion(block: dict[str, Any], fields: _Fields) -> NotionSettings:
    key = "extra.kbgen.notion"
    defaults = NotionSettings()
    statuses = {**DEFAULT_STATUSES, "published": fields.text(block.get("published_status")) or "Published"}

    def number(name: str, *, allow_zero: bool = False) -> float:
        default = getattr(defaults, name)
        return fields.positive(block.get(name), f"{key}.{name}", default, allow_zero=allow_zero)

    hosts = fields.names(block.get("file_hosts"), f"{key}.file_hosts", (), "hosts", "[files.example.com]")
    return NotionSettings(
        database=fields.text(block.get("database")),
        data_source=fields.text(block.get("data_source")),
        requests_database=fields.text(block.get("requests_database")),
        requests_per_second=number("requests_per_second"),
        timeout_seconds=number("timeout_seconds"),
        max_retries=int(number("max_retries", allow_zero=True)),
        retry_backoff_seconds=number("retry_backoff_seconds", allow_zero=True),
        max_retry_wait_seconds=number("max_retry_wait_seconds"),
        workers=int(number("workers")),
        file_hosts=tuple(host.strip().lower() for host in hosts if host.strip()),
        people_as=fields.text(block.get("people_as")) or DEFAULT_PEOPLE_PHRASE,
        property_names=fields.renamed(
            DEFAULT_NAMES, block.get("properties"), f"{key}.properties", "a property kbgen reads"
        ),
        status_names=fields.renamed(
            statuses, block.get("statuses"), f"{key}.statuses", "a status kbgen acts on"
        ),
        request_property_names=fields.renamed(
            defaults.request_property_names,
            block.get("requests_properties"),
            f"{key}.requests_properties",
            "a property kbgen writes",
        ),
        answered_status=fields.text(block.get("requests_answered_status")) or DEFAULT_ANSWERED_STATUS,
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

    def names(
        self,
        value: Any,
        key: str,
        default: tuple[str, ...],
        kind: str = "category names",
        example: str = "[Emergencies, Rent and payments]",
    ) -> tuple[str, ...]:
        if not value:
            return default
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise self.fail(key, f"a list of {kind}, like {example}", value)
        return tuple(str(v) for v in value)

    @staticmethod
    def text(value: Any) -> str:
        return "" if value is None else str(value).strip()

    def positive(self, value: Any, key: str, default: float, *, allow_zero: bool = False) -> float:
        """A number above 0 (or 0 itself with `allow_zero`); `default` when it is not set."""
        if value is None:
            return float(default)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or value < 0
            or (value == 0 and not allow_zero)
        ):
            expected = "a number, 0 or more" if allow_zero else "a positive number"
            raise self.fail(key, expected, value)
        return float(value)

    def renamed(self, defaults: dict[str, str], value: Any, key: str, meaning: str) -> dict[str, str]:
        """`defaults` with the names `value` (role: name in Notion) gives; an unknown role is an error."""
        names = dict(defaults)
        example = next(iter(defaults))
        for role, name in self.mapping(value, key).items():
            if role not in names:
                raise SettingsError(
                    f"{self.config_file}: {key}.{role} is not {meaning} (it knows: {', '.join(names)})"
                )
            if not isinstance(name, (str, int, float)) or isinstance(name, bool) or not str(name).strip():
                raise self.fail(
                    f"{key}.{role}", f"a name in Notion, like `{example}: {defaults[example]}`", name
                )
            names[role] = str(name).strip()
        return names

    def share(self, value: Any, key: str) -> float:
        if value is None:
            return DEFAULT_MAX_REMOVED_SHARE
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise self.fail(key, "a number from 0 to 1 (0.5 is half)", value)
        return float(value)
