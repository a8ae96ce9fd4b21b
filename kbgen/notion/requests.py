"""Write "article requests" (what readers searched for and did not find) into a Notion database.

Each request carries a dedupe key. A push looks the key up with a filtered data-source query, updates the
page it finds (counts, examples, last seen) and creates one only when none exists, so re-running a push
never duplicates. A request a CSR has closed (Status Done or Closed) is never touched again. Creating is
not retried after an unsure failure (a 5xx may have created the page): the next push finds it instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from notion_client.errors import NotionClientErrorBase

from kbgen.notion.client import NotionApi
from kbgen.notion.errors import NotionError, explain
from kbgen.notion.ids import parse_notion_id
from kbgen.notion.names import (
    DEFAULT_ANSWERED_STATUS,
    DEFAULT_REQUEST_PROPERTIES,
    OPTIONAL_REQUEST_PROPERTIES,
)
from kbgen.notion.source import resolve_data_source

Json = dict[str, Any]

REQUEST_PROPERTY_TYPES = {
    "audience": ("select", "multi_select", "rich_text"),
    "searches": ("number",),
    "visitors": ("number",),
    "example_queries": ("rich_text",),
    "first_seen": ("date",),
    "last_seen": ("date",),
    "dedupe_key": ("rich_text",),
    "status": ("status", "select"),
}
OPTIONAL_PROPERTY_TYPES = {"article_url": ("url",), "no_votes": ("number",), "reasons": ("rich_text",)}
CLOSED_STATUSES = frozenset({"done", "closed"})
MAX_TEXT = 2000  # Notion's limit for one rich-text run


@dataclass(frozen=True)
class ArticleRequest:
    label: str
    audience: str
    searches: int
    visitors: int
    example_queries: tuple[str, ...]
    first_seen: dt.date
    last_seen: dt.date
    dedupe_key: str
    article_url: str = ""  # the article's Notion page, for requests to fix an article
    answered: bool = False  # the site answers these searches now: mark an existing request answered
    no_votes: int | None = None  # a fix request: the article's No votes (its own property when present)
    reasons: tuple[str, ...] = ()  # a fix request: what went wrong, in the readers' words

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ArticleRequest:
        """Accepts `example_queries` or "example queries" style keys; dates as date or ISO text."""
        get = {str(k).replace(" ", "_").lower(): v for k, v in data.items()}.get
        examples = get("example_queries") or ()
        return cls(
            label=str(get("label") or "").strip(),
            audience=str(get("audience") or "").strip(),
            searches=int(get("searches") or 0),
            visitors=int(get("visitors") or 0),
            example_queries=(examples,) if isinstance(examples, str) else tuple(str(q) for q in examples),
            first_seen=_date(get("first_seen")),
            last_seen=_date(get("last_seen")),
            dedupe_key=str(get("dedupe_key") or "").strip(),
            answered=bool(get("answered")),
            no_votes=None if get("no_votes") is None else int(get("no_votes")),
            reasons=tuple(str(reason) for reason in get("reasons") or ()),
        )


@dataclass
class PushReport:
    created: int = 0
    updated: int = 0
    skipped_closed: int = 0
    answered: int = 0  # requests set to the answered status
    failed: list[str] = field(default_factory=list)  # dedupe keys whose write failed; a re-run retries them


def push_article_requests(
    api: NotionApi,
    database: str,
    requests: Iterable[ArticleRequest | Mapping[str, Any]],
    *,
    data_source: str | None = None,
    properties: Mapping[str, str] | None = None,
    answered_status: str = DEFAULT_ANSWERED_STATUS,
) -> PushReport:
    """Create or update one page per request in the "Article requests" database (id or URL).

    `properties` names the database's properties (`request_property_names`); an `answered` request is
    never created, and an existing one that no CSR closed gets `answered_status`.
    """
    try:
        database_id = parse_notion_id(database)
    except ValueError as exc:
        raise NotionError(f"{exc}.") from None
    data_source_id = resolve_data_source(api, database_id, data_source)
    try:
        schema = (
            api.read(api.sdk.data_sources.retrieve, data_source_id=data_source_id).get("properties") or {}
        )
    except Exception as exc:
        raise explain(exc, f"the article requests database {database_id}") from None
    names = {**DEFAULT_REQUEST_PROPERTIES, **OPTIONAL_REQUEST_PROPERTIES, **(properties or {})}
    writer = _RequestWriter(api, data_source_id, _columns(schema, names), schema, answered_status)
    report = PushReport()
    unique = {}
    for item in requests:
        request = item if isinstance(item, ArticleRequest) else ArticleRequest.from_mapping(item)
        if not request.dedupe_key:
            raise NotionError(f"The article request '{request.label}' has no dedupe key.")
        unique[request.dedupe_key] = request
    for request in unique.values():
        writer.upsert(request, report)
    return report


def _columns(schema: Json, names: Mapping[str, str]) -> dict[str, str]:
    """Property names by role, checked against the data source; the title property is found by type."""
    columns = {"label": next((name for name, spec in schema.items() if spec.get("type") == "title"), "")}
    for role, name in ((r, n) for r, n in names.items() if r in REQUEST_PROPERTY_TYPES):
        kind = (schema.get(name) or {}).get("type")
        wanted = " or ".join(t.replace("_", "-") for t in REQUEST_PROPERTY_TYPES[role])
        if kind is None:
            raise NotionError(
                f"The article requests database has no property '{name}' (for the {role.replace('_', ' ')}): "
                f"add it in Notion as a {wanted} property."
            )
        if kind not in REQUEST_PROPERTY_TYPES[role]:
            raise NotionError(
                f"The property '{name}' of the article requests database is a {kind.replace('_', '-')} "
                f"property; kbgen needs a {wanted} property there. Change its type in Notion."
            )
        columns[role] = name
    columns.update(
        {f"{role}_type": (schema.get(columns[role]) or {}).get("type", "") for role in REQUEST_PROPERTY_TYPES}
    )
    for role in OPTIONAL_REQUEST_PROPERTIES:
        if (schema.get(names[role]) or {}).get("type") in OPTIONAL_PROPERTY_TYPES[role]:
            columns[role] = names[role]
    return columns


class _RequestWriter:
    def __init__(
        self, api: NotionApi, data_source_id: str, columns: dict[str, str], schema: Json, answered_status: str
    ) -> None:
        self.api = api
        self.data_source_id = data_source_id
        self.columns = columns
        self.answered_status = answered_status
        audience = schema.get(columns["audience"]) or {}
        self.audience_options = [
            str(o.get("name")) for o in (audience.get(audience.get("type", "")) or {}).get("options") or []
        ]

    def upsert(self, request: ArticleRequest, report: PushReport) -> None:
        try:
            existing = self._find(request.dedupe_key)
            if request.answered:
                self._mark_answered(existing, report)
            elif existing is None:
                self.api.write(
                    self.api.sdk.pages.create,
                    idempotent=False,
                    parent={"type": "data_source_id", "data_source_id": self.data_source_id},
                    properties=self._values(request, created=True),
                )
                report.created += 1
            elif self._status(existing).lower() in CLOSED_STATUSES:
                report.skipped_closed += 1
            else:
                self.api.write(
                    self.api.sdk.pages.update,
                    idempotent=True,
                    page_id=existing["id"],
                    properties=self._values(request, created=False),
                )
                report.updated += 1
        except NotionClientErrorBase as exc:
            if getattr(exc, "status", None) in (401, 403, 404):
                raise explain(exc, "the article requests database") from None
            report.failed.append(request.dedupe_key)

    def _mark_answered(self, existing: Json | None, report: PushReport) -> None:
        """Set the answered status on a request that exists and that no CSR closed or answered already."""
        status = self._status(existing).lower() if existing else ""
        if existing is None or status in CLOSED_STATUSES or status == self.answered_status.lower():
            return
        kind = self.columns["status_type"]
        self.api.write(
            self.api.sdk.pages.update,
            idempotent=True,
            page_id=existing["id"],
            properties={self.columns["status"]: {kind: {"name": self.answered_status}}},
        )
        report.answered += 1

    def _audience_option(self, audience: str) -> str:
        """The database's own option for the audience ("Residents"), whatever its case."""
        wanted = {audience.lower(), audience.lower().rstrip("s")}
        found = next((o for o in self.audience_options if o.lower().rstrip("s") in wanted), None)
        return found or audience.title()

    def _find(self, key: str) -> Json | None:
        matches = (
            self.api.read(
                self.api.sdk.data_sources.query,
                data_source_id=self.data_source_id,
                filter={"property": self.columns["dedupe_key"], "rich_text": {"equals": key}},
                page_size=10,
            ).get("results")
            or []
        )
        return min(matches, key=lambda page: page.get("created_time") or "") if matches else None

    def _status(self, page: Json) -> str:
        value = (page.get("properties") or {}).get(self.columns["status"]) or {}
        option = value.get(value.get("type", "")) or {}
        return str(option.get("name") or "") if isinstance(option, dict) else ""

    def _values(self, request: ArticleRequest, *, created: bool) -> Json:
        """Property values; the title, first seen and key are set once, so a CSR's renaming is kept."""
        c = self.columns
        values: Json = {
            c["visitors"]: {"number": request.visitors},
            c["last_seen"]: {"date": {"start": request.last_seen.isoformat()}},
            c["audience"]: _option_value(c["audience_type"], self._audience_option(request.audience)),
        }
        if request.no_votes is not None and "no_votes" in c and "reasons" in c:
            values[c["no_votes"]] = {"number": request.no_votes}
            values[c["reasons"]] = {"rich_text": _rich_text("\n".join(request.reasons))}
        else:
            searches = request.searches if request.no_votes is None else request.no_votes
            examples = request.example_queries or request.reasons
            values[c["searches"]] = {"number": searches}
            values[c["example_queries"]] = {"rich_text": _rich_text("\n".join(examples))}
        if request.article_url and "article_url" in c:
            values[c["article_url"]] = {"url": request.article_url}
        if created:
            values[c["label"]] = {"title": _rich_text(request.label or request.dedupe_key)}
            values[c["first_seen"]] = {"date": {"start": request.first_seen.isoformat()}}
            values[c["dedupe_key"]] = {"rich_text": _rich_text(request.dedupe_key)}
        return values


def _rich_text(value: str) -> list[Json]:
    return [{"type": "text", "text": {"content": value[:MAX_TEXT]}}] if value else []


def _option_value(kind: str, name: str) -> Json:
    clean = name.replace(",", " ").strip()
    if kind == "multi_select":
        return {"multi_select": [{"name": clean}] if clean else []}
    if kind == "rich_text":
        return {"rich_text": _rich_text(clean)}
    return {"select": {"name": clean} if clean else None}


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
