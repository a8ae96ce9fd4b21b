"""The catalog as CSV and JSON, as files help-desk tools import (Zendesk macros, Help Scout saved
replies, espanso and TextExpander snippets) and as Markdown.

Every reply is plain text: title, summary, then the link on its own line. Editors' text never runs
as a formula in a spreadsheet (`kbgen.spreadsheet`) nor as a placeholder the tool fills in
(`_no_placeholders`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from html import escape
from itertools import groupby
from operator import attrgetter

import yaml

from kbgen.catalog.entries import FIELDS, CatalogEntry
from kbgen.spreadsheet import spreadsheet_text

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")
# Zendesk (Liquid `{{ }}`, `{% %}`), Help Scout (`{%customer.fname%}`) and espanso (`{{var}}`) fill
# these in; an editor's "{{" must reach the customer as typed, never as a ticket's data.
_PLACEHOLDER_OPENERS = re.compile(r"\{(?=[{%])")
AUDIENCE_NAMES = {"residents": "Residents", "owners": "Owners"}


def to_csv(entries: list[CatalogEntry]) -> str:
    return _csv_table(FIELDS, (entry.as_dict() for entry in entries))


def _csv_table(columns: Sequence[str], rows: Iterable[dict[str, str]], header: bool = True) -> str:
    """CSV whose every cell stays text in a spreadsheet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_text(value) for key, value in row.items()})
    return out.getvalue()


def to_json(entries: list[CatalogEntry]) -> str:
    return json.dumps([entry.as_dict() for entry in entries], indent=2, ensure_ascii=False) + "\n"


def to_markdown(entries: list[CatalogEntry], site_names: dict[str, str]) -> str:
    lines: list[str] = []
    for audience, of_audience in groupby(entries, key=attrgetter("audience")):
        lines += [f"# {_escape(site_names.get(audience, audience))}", ""]
        for category, of_category in groupby(of_audience, key=attrgetter("category")):
            lines += [f"## {_escape(category)}", ""]
            for entry in of_category:
                lines.append(f"- [{_escape(entry.title)}](<{entry.url}>) · short link: <{entry.short_url}>")
                if entry.summary:
                    lines.append(f"  {_escape(entry.summary)}")
            lines.append("")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _no_placeholders(text: str) -> str:
    """`text` with every "{{" and "{%" broken by a space, so no help-desk tool fills it in."""
    return _PLACEHOLDER_OPENERS.sub("{ ", text)


def _reply(entry: CatalogEntry) -> str:
    return _no_placeholders(entry.reply)


def _short_code(entry: CatalogEntry) -> str:
    return entry.short_url.rstrip("/").rsplit("/", 1)[-1]


def snippet_trigger(entry: CatalogEntry) -> str:
    """What a CSR types to expand the reply: `;` + the audience's initial + the short code (";rk7m2")."""
    return f";{entry.audience[:1]}{_short_code(entry)}"


def _label(entry: CatalogEntry, separator: str) -> str:
    parts = (AUDIENCE_NAMES.get(entry.audience, entry.audience), entry.category, entry.title)
    return separator.join(_no_placeholders(part.replace(separator, ":")) for part in parts)


def to_zendesk(entries: list[CatalogEntry]) -> str:
    """Zendesk macros, one per article, as the Macros API lists them (`{"macros": [...]}`): each sets
    the reply's comment; "::" in the title files it under Audience > Category in the macro menu."""
    macros = [
        {
            "title": _label(entry, "::"),
            "active": True,
            "description": _no_placeholders(f"Help center reply: {entry.url}"),
            "actions": [{"field": "comment_value", "value": _reply(entry)}],
        }
        for entry in entries
    ]
    return json.dumps({"macros": macros}, indent=2, ensure_ascii=False) + "\n"


def to_helpscout(entries: list[CatalogEntry]) -> str:
    """Help Scout saved replies, one row per article, with the columns of its Saved Replies API:
    `name`, `text` (the e-mail reply: escaped HTML, one line per `<br>`) and `chatText` (plain)."""
    return _csv_table(
        ("name", "text", "chatText"),
        (
            {
                "name": _label(entry, " · "),
                "text": "<br>".join(escape(line, quote=False) for line in _reply(entry).splitlines()),
                "chatText": _reply(entry),
            }
            for entry in entries
        ),
    )


def to_espanso(entries: list[CatalogEntry]) -> str:
    """An espanso match file: type the trigger (";rk7m2") or find the label in espanso's search bar."""
    matches = [
        {"trigger": snippet_trigger(entry), "label": _label(entry, " · "), "replace": _reply(entry)}
        for entry in entries
    ]
    header = "# kbgen links --format espanso: help-center replies; copy into espanso's match/ folder\n"
    return header + yaml.dump(
        {"matches": matches}, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=1_000_000
    )


class _BlockDumper(yaml.SafeDumper):
    """Writes a reply of several lines as a literal block, so the file reads like the reply."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_BlockDumper.add_representer(str, _represent_text)


def to_textexpander(entries: list[CatalogEntry]) -> str:
    """TextExpander's CSV import (no header): abbreviation, snippet, label."""
    return _csv_table(
        ("abbreviation", "snippet", "label"),
        (
            {"abbreviation": snippet_trigger(entry), "snippet": _reply(entry), "label": _label(entry, " · ")}
            for entry in entries
        ),
        header=False,
    )
