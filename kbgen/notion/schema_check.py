"""Does a Notion database fit what kbgen reads? Findings an editor can act on, in plain words.

`kbgen notion check` prints them all; `kbgen pull` runs the schema part first and stops on an error with
the same words, so a database that would publish nothing (a Status without a "Published" option, a
property renamed by accident) is caught before anything changes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kbgen.notion.client import NotionApi
from kbgen.notion.errors import NotionError, missing_database
from kbgen.notion.ids import parse_notion_id
from kbgen.notion.properties import (
    ACCEPTED_TYPES,
    PREVIEW_KINDS,
    REQUIRED,
    audiences_named,
    read_row,
)
from kbgen.notion.requests import OPTIONAL_PROPERTY_TYPES, REQUEST_PROPERTY_TYPES
from kbgen.notion.source import query_rows, resolve_data_source, retrieve_schema
from kbgen.settings import NotionSettings

Json = dict[str, Any]

ERROR, WARNING, NOTE = "error", "warning", "note"
_TYPE_WORDS = {"rich_text": "text", "multi_select": "multi-select"}


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR stops pulls; WARNING is printed by pulls; NOTE only by `kbgen notion check`
    database: str  # "Help articles" or "Article requests": which database to fix
    message: str

    def __str__(self) -> str:
        return f"{self.level}: [{self.database}] {self.message}"


def check_properties(
    schema: Json,
    names: Mapping[str, str],
    accepted: Mapping[str, tuple[str, ...]],
    *,
    required: Iterable[str],
    database: str,
    setting: str,
) -> list[Finding]:
    """A finding per property that is missing (with the closest existing name) or of the wrong type."""
    required = set(required)
    findings = []
    for key, name in names.items():
        wanted = " or ".join(_type_word(t) for t in accepted[key])
        found = schema.get(name)
        if found is None:
            closest = _closest(name, list(schema))
            hint = f" The closest property is '{closest}': rename it to '{name}'," if closest else " Add it,"
            hint += f" or name the property to use in mkdocs.yml ({setting}.{key})."
            if key in required:
                findings.append(
                    Finding(
                        ERROR,
                        database,
                        f"no property '{name}' ({wanted}), "
                        f"which kbgen needs for the {key.replace('_', ' ')}.{hint}",
                    )
                )
            else:
                level = WARNING if closest else NOTE
                findings.append(
                    Finding(
                        level,
                        database,
                        f"no property '{name}' ({wanted}, optional): "
                        f"its {key.replace('_', ' ')} stays empty.{hint}",
                    )
                )
            continue
        kind = str(found.get("type"))
        if kind not in accepted[key]:
            findings.append(
                Finding(
                    ERROR,
                    database,
                    f"the property '{name}' is a {_type_word(kind)} property, but kbgen "
                    f"reads the {key.replace('_', ' ')} from a {wanted} property. Change its type in "
                    f"Notion, or name another property in mkdocs.yml ({setting}.{key}).",
                )
            )
    if not any(p.get("type") == "title" for p in schema.values()):
        findings.append(Finding(ERROR, database, "the database has no title property (Name)."))
    return findings


def check_articles_schema(
    schema: Json, names: Mapping[str, str], statuses: Mapping[str, str]
) -> list[Finding]:
    """Properties, Status options that would publish nothing, and Audience options kbgen does not know."""
    database = "Help articles"
    findings = check_properties(
        schema,
        names,
        ACCEPTED_TYPES,
        required=REQUIRED,
        database=database,
        setting="extra.kbgen.notion.properties",
    )
    status_name = names["status"]
    status = schema.get(status_name) or {}
    if status.get("type") in ACCEPTED_TYPES["status"]:
        options = _options(status)
        folded = {option.casefold() for option in options}
        published = statuses["published"]
        if published.casefold() not in folded:
            listed = ", ".join(f"'{o}'" for o in options) or "none"
            message = (
                f"the property '{status_name}' has no option '{published}' (its options: {listed}), so no "
                f"article would be published. Add or rename an option to '{published}' in Notion, or name "
                "the option that publishes in mkdocs.yml (extra.kbgen.notion.statuses.published: <option>)."
            )
            findings.append(Finding(ERROR, database, message))
        for kind in ("in_review", "draft", "archived"):
            if statuses[kind].casefold() not in folded:
                message = (
                    f"the property '{status_name}' has no option '{statuses[kind]}': add it in Notion "
                    f"(or set extra.kbgen.notion.statuses.{kind}); {_KIND_USE[kind]}."
                )
                findings.append(Finding(WARNING, database, message))
    audience = schema.get(names["audience"]) or {}
    if audience.get("type") in ACCEPTED_TYPES["audience"]:
        for option in _options(audience):
            if not audiences_named(option):
                message = (
                    f"the '{names['audience']}' option '{option}' is not Owners, Residents, Both or "
                    "Everyone: a page with only this audience is on neither site. Rename or remove it."
                )
                findings.append(Finding(WARNING, database, message))
    return findings


_KIND_USE = {
    "in_review": "pages being reviewed show in `kbgen preview` only",
    "draft": "drafts show in `kbgen preview` only",
    "archived": "archiving a page is how it leaves the sites with a redirect or a 'removed' page",
}


def check_article_rows(
    pages: Iterable[Json], names: Mapping[str, str], statuses: Mapping[str, str]
) -> list[Finding]:
    """Per-page findings (unknown audiences, no category, published to nobody), each naming the page."""
    findings = []
    for page in pages:
        try:
            row, warnings = read_row(page, names, statuses)
        except NotionError:
            continue  # a schema error, reported once by check_articles_schema
        label = f"'{row.title or 'Untitled'}' ({page.get('url') or row.page_id})"
        if row.status in PREVIEW_KINDS and not row.audiences:
            warnings.append(f"no {names['audience']} (Owners, Residents, Both): on neither site")
        findings.extend(Finding(WARNING, "Help articles", f"{label}: {message}") for message in warnings)
    return findings


def raise_on_errors(findings: Iterable[Finding]) -> None:
    """Stop a pull on schema errors, with the words `kbgen notion check` uses."""
    errors = [str(f) for f in findings if f.level == ERROR]
    if errors:
        raise NotionError(
            "The Notion database does not fit kbgen; nothing was pulled. Fix this in Notion "
            "(or in mkdocs.yml) and run `kbgen notion check` again:\n" + "\n".join(errors)
        )


def _options(prop: Json) -> list[str]:
    inner = prop.get(str(prop.get("type"))) or {}
    return [str(o.get("name")) for o in inner.get("options") or [] if o.get("name")]


def _closest(name: str, candidates: list[str]) -> str | None:
    """The existing property an editor most likely meant: same letters in another case, or a near spelling."""
    folded = {candidate.casefold(): candidate for candidate in candidates}
    if name.casefold() in folded:
        return folded[name.casefold()]
    match = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def _type_word(kind: str) -> str:
    return _TYPE_WORDS.get(kind, kind.replace("_", " "))


def check_databases(api: NotionApi, notion: NotionSettings) -> list[Finding]:
    """Every finding about the configured databases: schemas, then each article row."""
    names, statuses = notion.property_names, notion.status_names
    database = notion.database
    if not database:
        raise missing_database()
    try:
        database_id = parse_notion_id(database)
    except ValueError as exc:
        raise NotionError(f"extra.kbgen.notion.database: {exc}.") from None
    source = resolve_data_source(api, database_id, notion.data_source)
    findings = check_articles_schema(retrieve_schema(api, source), names, statuses)
    findings += check_article_rows(query_rows(api, source), names, statuses)
    requests = notion.requests_database
    if requests:
        try:
            requests_id = parse_notion_id(requests)
        except ValueError as exc:
            raise NotionError(f"extra.kbgen.notion.requests_database: {exc}.") from None
        schema = retrieve_schema(api, resolve_data_source(api, requests_id))
        findings += check_properties(
            schema,
            notion.request_property_names,
            {**REQUEST_PROPERTY_TYPES, **OPTIONAL_PROPERTY_TYPES},
            required=REQUEST_PROPERTY_TYPES,
            database="Article requests",
            setting="extra.kbgen.notion.requests_properties",
        )
    return findings
