"""Reading a help-center database: database -> data source, its rows, and each page's block tree."""

from __future__ import annotations

import threading
from typing import Any

from notion_client.errors import HTTPResponseError

from kbgen.notion.client import NotionApi
from kbgen.notion.errors import NotionError, explain
from kbgen.notion.ids import normalize_id, parse_notion_id

Json = dict[str, Any]

NOT_INLINED = frozenset({"child_database"})  # a database's rows are not part of the article


class Cancelled(Exception):
    """Another worker failed; this one stops instead of reading on."""


def resolve_data_source(api: NotionApi, database_id: str, chosen: str | None = None) -> str:
    """The data source to read: the chosen one, or the database's only one (an error when it has several)."""
    if chosen:
        try:
            return parse_notion_id(chosen)
        except ValueError as exc:
            raise NotionError(f"extra.kbgen.notion.data_source: {exc}.") from None
    try:
        database = api.read(api.sdk.databases.retrieve, database_id=database_id)
    except HTTPResponseError as exc:
        if exc.status == 404 and _is_data_source(api, database_id):
            return database_id  # the editor pasted the data source's own id
        raise explain(exc, f"the database {database_id}") from None
    except Exception as exc:
        raise explain(exc, f"the database {database_id}") from None
    sources = database.get("data_sources") or []
    if not sources:
        raise NotionError(f"The database {database_id} has no data source (no table of rows) to read.")
    if len(sources) > 1:
        choices = "; ".join(f"{s.get('name') or 'untitled'}: {s.get('id')}" for s in sources)
        raise NotionError(
            f"The database {database_id} has {len(sources)} data sources ({choices}). Choose the one that "
            "holds the articles: set extra.kbgen.notion.data_source to its id in mkdocs.yml (in Notion: "
            "database settings > Manage data sources > Copy data source ID)."
        )
    return normalize_id(str(sources[0]["id"]))


def _is_data_source(api: NotionApi, some_id: str) -> bool:
    try:
        api.read(api.sdk.data_sources.retrieve, data_source_id=some_id)
    except Exception:
        return False
    return True


def query_rows(api: NotionApi, data_source_id: str) -> list[Json]:
    """Every row (page) of the data source, drafts included: publication is decided from the properties."""
    try:
        return list(api.paginate(api.sdk.data_sources.query, data_source_id=data_source_id))
    except Exception as exc:
        raise explain(exc, f"the rows of the data source {data_source_id}") from None


class BlockReader:
    """Reads block trees; `warnings` collects blocks whose inner content could not be read."""

    def __init__(self, api: NotionApi, stop: threading.Event) -> None:
        self.api = api
        self.stop = stop

    def page_tree(self, page_id: str, warnings: list[str]) -> list[Json]:
        """The page's blocks, each with its `children` (synced copies read from their original)."""
        return self._children(page_id, warnings)

    def _children(self, parent_id: str, warnings: list[str]) -> list[Json]:
        if self.stop.is_set():
            raise Cancelled
        tree = []
        for raw in self.api.paginate(self.api.sdk.blocks.children.list, block_id=parent_id):
            block = _pruned(raw)
            if raw.get("has_children") and block["type"] not in NOT_INLINED:
                block["children"] = self._nested(raw, warnings)
            tree.append(block)
        return tree

    def _nested(self, raw: Json, warnings: list[str]) -> list[Json]:
        synced_from = (
            (raw.get("synced_block") or {}).get("synced_from") if raw.get("type") == "synced_block" else None
        )
        source_id = str((synced_from or {}).get("block_id") or raw["id"])
        try:
            return self._children(source_id, warnings)
        except HTTPResponseError as exc:
            if exc.status not in (403, 404):
                raise
            what = "the original of this synced block" if synced_from else "its inner blocks"
            warnings.append(
                f"block {raw['id']} ({raw.get('type')}): {what} cannot be read ({exc.status}): left out"
            )
            return []


def _pruned(raw: Json) -> Json:
    """What conversion needs from a block; timestamps, authors and parents are dropped."""
    kind = str(raw.get("type"))
    return {"id": str(raw.get("id")), "type": kind, kind: raw.get(kind), "children": []}
