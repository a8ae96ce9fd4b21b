"""`kbgen notion init`: create the "Help articles" and "Article requests" databases under a page.

Idempotent and additive: a database already under the page (or named in mkdocs.yml) is reused, only
missing properties and select options are added, an example article is created only when none with its
title exists, and nothing is ever deleted or retyped. Status is created as a select: Notion's API cannot
set a status property's options, and a status property with Notion's defaults ("Done") publishes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbgen.content.article import AUDIENCES
from kbgen.notion.client import NotionApi
from kbgen.notion.errors import NotionError, explain
from kbgen.notion.ids import normalize_id, parse_notion_id
from kbgen.notion.source import resolve_data_source, retrieve_schema
from kbgen.settings import NotionSettings

Json = dict[str, Any]

ARTICLES_TITLE = "Help articles"
REQUESTS_TITLE = "Article requests"
REQUEST_STATUSES = ("New", "Planned", "Answered", "Done", "Closed")
EXAMPLE_TITLES = {
    "owners": "Example: how to write an owner article",
    "residents": "Example: how to write a resident article",
}


@dataclass
class DatabaseResult:
    title: str
    database_id: str
    url: str
    created: bool = False
    added: list[str] = field(default_factory=list)  # properties and options added to it
    notes: list[str] = field(default_factory=list)  # what kbgen could not fix by itself


@dataclass
class InitReport:
    articles: DatabaseResult
    requests: DatabaseResult
    examples_created: list[str] = field(default_factory=list)

    def config_lines(self) -> str:
        """The `mkdocs.yml` lines that point kbgen at both databases."""
        return (
            "extra:\n  kbgen:\n    notion:\n"
            f"      database: {self.articles.database_id}\n"
            f"      requests_database: {self.requests.database_id}\n"
        )


def _option(name: str, color: str = "default") -> Json:
    return {"name": name, "color": color}


def _audience_options(kind: str) -> Json:
    return {kind: {"options": [_option("Owners", "blue"), _option("Residents", "green")]}}


def article_definitions(notion: NotionSettings) -> dict[str, Json]:
    """Every property of the "Help articles" database but the self-relation, by its configured name."""
    names, statuses = notion.property_names, notion.status_names
    colors = {"draft": "gray", "in_review": "yellow", "published": "green", "archived": "red"}
    return {
        "Name": {"title": {}},
        names["audience"]: _audience_options("multi_select"),
        names["status"]: {"select": {"options": [_option(statuses[k], colors[k]) for k in colors]}},
        names["category"]: {"select": {"options": []}},
        names["summary"]: {"rich_text": {}},
        names["tags"]: {"multi_select": {"options": []}},
        names["slug"]: {"rich_text": {}},
        names["video"]: {"url": {}},
        names["order"]: {"number": {"format": "number"}},
        names["publish_date"]: {"date": {}},
    }


def request_definitions(notion: NotionSettings) -> dict[str, Json]:
    """Every property `kbgen misses push` writes, as the "Article requests" database needs them."""
    names = notion.request_property_names
    statuses = list(dict.fromkeys([*REQUEST_STATUSES[:2], notion.answered_status, *REQUEST_STATUSES[3:]]))
    return {
        "Request": {"title": {}},
        names["audience"]: _audience_options("select"),
        names["searches"]: {"number": {"format": "number"}},
        names["visitors"]: {"number": {"format": "number"}},
        names["example_queries"]: {"rich_text": {}},
        names["first_seen"]: {"date": {}},
        names["last_seen"]: {"date": {}},
        names["status"]: {"select": {"options": [_option(s) for s in statuses]}},
        names["dedupe_key"]: {"rich_text": {}},
        names["article_url"]: {"url": {}},
        names["no_votes"]: {"number": {"format": "number"}},
        names["reasons"]: {"rich_text": {}},
    }


def init_notion(api: NotionApi, parent: str, notion: NotionSettings) -> InitReport:
    """Create or complete both databases under the page `parent` and the example articles."""
    try:
        parent_id = parse_notion_id(parent)
    except ValueError as exc:
        raise NotionError(f"--parent: {exc}.") from None
    under_parent = _databases_under(api, parent_id)
    articles = _ensure_database(
        api,
        parent_id,
        ARTICLES_TITLE,
        article_definitions(notion),
        notion.database,
        under_parent,
    )
    requests = _ensure_database(
        api,
        parent_id,
        REQUESTS_TITLE,
        request_definitions(notion),
        notion.requests_database,
        under_parent,
    )
    articles_source = resolve_data_source(api, articles.database_id, notion.data_source)
    redirect_name = notion.property_names["redirect_to"]
    if redirect_name not in retrieve_schema(api, articles_source):
        relation = {
            "relation": {"data_source_id": articles_source, "type": "single_property", "single_property": {}}
        }
        _update(api, articles_source, {redirect_name: relation}, ARTICLES_TITLE)
        articles.added.append(redirect_name)
    report = InitReport(articles, requests)
    for audience in AUDIENCES:
        if _create_example(api, articles_source, audience, notion):
            report.examples_created.append(EXAMPLE_TITLES[audience])
    return report


def _databases_under(api: NotionApi, parent_id: str) -> dict[str, str]:
    """Title -> database id of the databases directly in the parent page."""
    try:
        blocks = list(api.paginate(api.sdk.blocks.children.list, block_id=parent_id))
    except Exception as exc:
        raise explain(exc, f"the page {parent_id} (share it with the integration)") from None
    return {
        str(block["child_database"].get("title") or ""): normalize_id(str(block["id"]))
        for block in blocks
        if block.get("type") == "child_database"
    }


def _ensure_database(
    api: NotionApi,
    parent_id: str,
    title: str,
    definitions: dict[str, Json],
    configured: str,
    under_parent: dict[str, str],
) -> DatabaseResult:
    database_id = parse_notion_id(configured) if configured.strip() else under_parent.get(title)
    if database_id is None:
        try:
            created = api.write(
                api.sdk.databases.create,
                idempotent=False,
                parent={"type": "page_id", "page_id": parent_id},
                title=[{"type": "text", "text": {"content": title}}],
                initial_data_source={"properties": definitions},
            )
        except Exception as exc:
            raise explain(exc, f"a new database '{title}' in the page {parent_id}") from None
        return DatabaseResult(title, normalize_id(created["id"]), str(created.get("url") or ""), created=True)
    try:
        database = api.read(api.sdk.databases.retrieve, database_id=database_id)
    except Exception as exc:
        raise explain(exc, f"the database '{title}' ({database_id})") from None
    result = DatabaseResult(title, database_id, str(database.get("url") or ""))
    source = resolve_data_source(api, database_id)
    schema = retrieve_schema(api, source)
    missing: dict[str, Json] = {}
    for name, definition in definitions.items():
        ((kind, payload),) = definition.items()
        if kind == "title":
            continue  # every database has its own title property, whatever its name
        found = schema.get(name)
        if found is None:
            missing[name] = definition
            result.added.append(name)
        elif found.get("type") == "status" and kind == "select":  # kbgen reads a status property too
            have = {o["name"].casefold() for o in (found.get("status") or {}).get("options") or []}
            lacking = [o["name"] for o in payload["options"] if o["name"].casefold() not in have]
            if lacking:
                result.notes.append(
                    f"'{name}' is a status property, whose options Notion's API cannot change: add "
                    f"{', '.join(lacking)} to it in Notion (or name yours under extra.kbgen.notion.statuses)"
                )
        elif found.get("type") != kind:
            result.notes.append(
                f"'{name}' is a {found.get('type')} property, kbgen expects {kind}: see `kbgen notion check`"
            )
        elif kind in ("select", "multi_select") and payload.get("options"):
            have = [o["name"] for o in (found.get(kind) or {}).get("options") or []]
            new = [o for o in payload["options"] if o["name"].casefold() not in {h.casefold() for h in have}]
            if new:
                keep = [{"name": h} for h in have]
                missing[name] = {kind: {"options": keep + new}}
                result.added.extend(f"{name}: {o['name']}" for o in new)
    if missing:
        _update(api, source, missing, title)
    return result


def _update(api: NotionApi, data_source_id: str, properties: Json, title: str) -> None:
    try:
        api.write(
            api.sdk.data_sources.update, idempotent=True, data_source_id=data_source_id, properties=properties
        )
    except Exception as exc:
        raise explain(exc, f"the database '{title}' (adding properties)") from None


def _create_example(api: NotionApi, data_source_id: str, audience: str, notion: NotionSettings) -> bool:
    """The example article for `audience`, unless a page with its title exists; True when created."""
    title = EXAMPLE_TITLES[audience]
    schema = retrieve_schema(api, data_source_id)
    title_name = next(name for name, prop in schema.items() if prop.get("type") == "title")
    existing = api.read(
        api.sdk.data_sources.query,
        data_source_id=data_source_id,
        page_size=1,
        filter={"property": title_name, "title": {"equals": title}},
    )
    if existing.get("results"):
        return False
    names, statuses = notion.property_names, notion.status_names
    properties = {
        title_name: {"title": _text(title)},
        names["audience"]: {"multi_select": [{"name": audience.title()}]},
        names["status"]: {"select": {"name": statuses["draft"]}},
        names["category"]: {"select": {"name": "Getting started"}},
        names["summary"]: {"rich_text": _text("What a good help article looks like and how to publish it.")},
        names["tags"]: {"multi_select": [{"name": "example"}]},
    }
    try:
        api.write(
            api.sdk.pages.create,
            idempotent=False,
            parent={"data_source_id": data_source_id},
            properties=properties,
            children=_example_body(audience, names, statuses),
        )
    except Exception as exc:
        raise explain(exc, f"the example article '{title}'") from None
    return True


def _text(content: str) -> list[Json]:
    return [{"type": "text", "text": {"content": content}}]


def _block(kind: str, content: str) -> Json:
    return {"object": "block", "type": kind, kind: {"rich_text": _text(content)}}


def _example_body(audience: str, names: Mapping[str, str], statuses: Mapping[str, str]) -> list[Json]:
    reader = "an owner" if audience == "owners" else "a resident"
    return [
        _block(
            "paragraph",
            f"This page is an example. It shows how to write a help article for {reader}; "
            "copy it, or write a new page in this database the same way.",
        ),
        _block("heading_2", "Write the answer first"),
        _block(
            "paragraph",
            'The page title is the question readers ask ("How do I pay rent online?"). '
            f"Put the one-sentence answer in {names['summary']}; it shows in search results.",
        ),
        _block("bulleted_list_item", f"{names['audience']}: Owners, Residents, or both."),
        _block("bulleted_list_item", f"{names['category']}: the group the article is listed under."),
        _block("bulleted_list_item", f"{names['tags']}: the words readers type that the text does not use."),
        _block(
            "bulleted_list_item",
            "Use headings, numbered steps, toggles and callouts; paste a YouTube, "
            "Vimeo or Loom link on its own line for a video.",
        ),
        _block("heading_2", "Publish it"),
        _block(
            "numbered_list_item",
            f"Set {names['status']} to {statuses['in_review']} and run "
            "`kbgen preview` (or ask whoever runs it) to see the page as readers will.",
        ),
        _block(
            "numbered_list_item",
            f"Set {names['status']} to {statuses['published']}. With a "
            f"{names['publish_date']} in the future it goes live at that time.",
        ),
        _block(
            "numbered_list_item",
            f"To take it down, set {names['status']} to {statuses['archived']}; "
            f"set {names['redirect_to']} to send its readers to another article.",
        ),
    ]


_NOTION_BLOCK = re.compile(r"^(?P<indent>\s*)notion:\s*(#.*)?$")


def write_config(config_file: Path, report: InitReport) -> None:
    """Set `database` and `requests_database` under `extra.kbgen.notion` in mkdocs.yml, keeping the rest."""
    lines = config_file.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if _NOTION_BLOCK.match(line)), None)
    if start is None:
        raise NotionError(
            f"{config_file} has no `notion:` block under extra.kbgen: paste these lines into it:\n"
            + report.config_lines()
        )
    indent = len(_NOTION_BLOCK.match(lines[start])["indent"]) + 2
    for key, value in (
        ("database", report.articles.database_id),
        ("requests_database", report.requests.database_id),
    ):
        line = f"{' ' * indent}{key}: {value}\n"
        end = start + 1
        while end < len(lines) and (
            not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >= indent
        ):
            end += 1
        found = next(
            (n for n in range(start + 1, end) if re.match(rf"^\s{{{indent}}}{key}:", lines[n])), None
        )
        if found is None:
            lines.insert(start + 1, line)
        else:
            lines[found] = line
    config_file.write_text("".join(lines), encoding="utf-8")
