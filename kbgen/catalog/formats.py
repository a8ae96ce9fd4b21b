"""The catalog as CSV and JSON (for inbox saved replies and text expanders) and as Markdown."""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import groupby
from operator import attrgetter

from kbgen.catalog.entries import FIELDS, CatalogEntry
from kbgen.spreadsheet import spreadsheet_text

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def to_csv(entries: list[CatalogEntry]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow({key: spreadsheet_text(value) for key, value in entry.as_dict().items()})
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
