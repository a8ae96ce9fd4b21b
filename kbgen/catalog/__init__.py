"""`kbgen links`: the link catalog for staff (CSV, JSON, Markdown, or one HTML page), never published."""

from kbgen.catalog.entries import FIELDS, CatalogEntry, catalog_entries, reply_text
from kbgen.catalog.formats import (
    to_csv,
    to_espanso,
    to_helpscout,
    to_json,
    to_markdown,
    to_textexpander,
    to_zendesk,
)
from kbgen.catalog.page import to_html

__all__ = [
    "FIELDS",
    "CatalogEntry",
    "catalog_entries",
    "reply_text",
    "to_csv",
    "to_espanso",
    "to_helpscout",
    "to_html",
    "to_json",
    "to_markdown",
    "to_textexpander",
    "to_zendesk",
]
