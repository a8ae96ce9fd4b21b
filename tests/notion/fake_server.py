"""A fake Notion API on loopback that the real `notion-client` reaches through `base_url`.

It serves the JSON shapes of API version 2025-09-03 (databases -> data sources -> pages -> blocks), with
pagination, filters, page create/update, signed expiring file URLs, and faults on demand: latency, a
server-side rate limit answering 429 + Retry-After, scripted errors (5xx, 401, 403, 404, non-JSON 502)
and slow answers that make the client time out. Every request is logged for assertions.

    with FakeNotion() as fake:
        db = fake.add_database()
        fake.add_page(db.data_source_id, article_properties("Pay rent"), [paragraph("Hello")])
        client = Client(auth=fake.token, base_url=fake.url)
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.notion.notion_json import HELP_ARTICLE_SCHEMA, Json, text

USER = {"object": "user", "id": "00000000-0000-4000-8000-0000000000f1"}
PAST = "2026-01-05T09:00:00.000Z"


def new_id() -> str:
    return str(uuid.uuid4())


def dashed(raw: str) -> str:
    hex32 = raw.lower().replace("-", "")
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


def iso_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass
class Database:
    database_id: str
    data_source_ids: list[str]

    @property
    def data_source_id(self) -> str:
        return self.data_source_ids[0]


@dataclass
class Fault:
    """A scripted answer for the next `times` matching requests."""

    status: int
    code: str | None  # None: a non-JSON body, as a proxy in front of Notion sends
    times: int
    method: str | None
    path_contains: str
    retry_after: str | None
    delay: float  # seconds before answering; with status 200 the request is then served normally


@dataclass
class Logged:
    method: str
    path: str
    status: int


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


@dataclass
class _State:
    databases: dict[str, Json] = field(default_factory=dict)
    data_sources: dict[str, Json] = field(default_factory=dict)
    pages: dict[str, Json] = field(default_factory=dict)
    page_order: list[str] = field(default_factory=list)
    blocks: dict[str, Json] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)  # key -> (name, data, type)
    redirects: dict[str, str] = field(default_factory=dict)  # key -> where its file URL redirects


class FakeNotion:
    """The fake API; use as a context manager (or call start/stop)."""

    def __init__(
        self,
        *,
        token: str = "secret-fake-token",
        latency: float = 0.0,
        rate_limit: float | None = None,
        burst: int = 3,
        retry_after: int = 1,
        page_size_cap: int = 100,
        integration: str = "kbgen",
    ) -> None:
        self.token = token
        self.latency = latency
        self.rate_limit = rate_limit
        self.burst = burst
        self.retry_after = retry_after
        self.page_size_cap = page_size_cap
        self.integration = integration
        self.include_trashed_in_query = False
        self.log: list[Logged] = []
        self.versions_seen: set[str] = set()
        self._state = _State()
        self._faults: list[Fault] = []
        self._expire_next_urls = 0
        self._lock = threading.RLock()
        self._bucket = float(burst)
        self._bucket_time = time.monotonic()
        self._server: ThreadingHTTPServer | None = None

    # lifecycle -------------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake server first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeNotion:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeNotion:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # content ---------------------------------------------------------------------------------------------

    def add_database(
        self,
        title: str = "Help articles",
        schema: dict[str, str] | None = None,
        *,
        data_sources: int = 1,
        database_id: str | None = None,
    ) -> Database:
        """A database with `data_sources` data sources sharing `schema` (property name -> type)."""
        with self._lock:
            db_id = dashed(database_id) if database_id else new_id()
            ds_ids = [new_id() for _ in range(data_sources)]
            self._state.databases[db_id] = {
                "object": "database",
                "id": db_id,
                "title": [text(title)],
                "description": [],
                "parent": {"type": "page_id", "page_id": new_id()},
                "is_inline": False,
                "in_trash": False,
                "is_locked": False,
                "created_time": PAST,
                "last_edited_time": PAST,
                "data_sources": [
                    {"id": ds, "name": title if n == 0 else f"{title} {n + 1}"} for n, ds in enumerate(ds_ids)
                ],
                "icon": None,
                "cover": None,
                "url": f"https://www.notion.so/{db_id.replace('-', '')}",
                "public_url": None,
            }
            for n, ds_id in enumerate(ds_ids):
                self._state.data_sources[ds_id] = {
                    "object": "data_source",
                    "id": ds_id,
                    "title": [text(title if n == 0 else f"{title} {n + 1}")],
                    "description": [],
                    "properties": _schema(schema or HELP_ARTICLE_SCHEMA),
                    "parent": {"type": "database_id", "database_id": db_id},
                    "database_parent": {"type": "page_id", "page_id": new_id()},
                    "is_inline": False,
                    "archived": False,
                    "in_trash": False,
                    "created_time": PAST,
                    "last_edited_time": PAST,
                    "created_by": USER,
                    "last_edited_by": USER,
                    "icon": None,
                    "cover": None,
                    "url": f"https://www.notion.so/{db_id.replace('-', '')}",
                    "public_url": None,
                }
        return Database(db_id, ds_ids)

    def add_page(
        self,
        data_source_id: str,
        properties: Json,
        blocks: list[Json] | None = None,
        *,
        last_edited_time: str = PAST,
        created_time: str = PAST,
        page_id: str | None = None,
    ) -> str:
        """A row of a data source with the given property values and body blocks; returns its id."""
        with self._lock:
            source = self._state.data_sources[data_source_id]
            pid = dashed(page_id) if page_id else new_id()
            title = "".join(
                r["plain_text"] for v in properties.values() if v["type"] == "title" for r in v["title"]
            )
            self._state.pages[pid] = {
                "object": "page",
                "id": pid,
                "created_time": created_time,
                "last_edited_time": last_edited_time,
                "created_by": USER,
                "last_edited_by": USER,
                "cover": None,
                "icon": None,
                "parent": {
                    "type": "data_source_id",
                    "data_source_id": data_source_id,
                    "database_id": source["parent"]["database_id"],
                },
                "archived": False,
                "in_trash": False,
                "is_locked": False,
                "properties": self._complete_properties(source, properties),
                "url": _page_url(title, pid),
                "public_url": None,
            }
            self._state.page_order.append(pid)
            self.set_blocks(pid, blocks or [])
        return pid

    def set_blocks(self, parent_id: str, blocks: list[Json]) -> None:
        """Replace the children of a page or block (builders' nested `children` become listings too)."""
        with self._lock:
            ids = []
            for spec in blocks:
                spec = copy.deepcopy(spec)
                children = spec.pop("children", [])
                block_id = dashed(spec.pop("id")) if "id" in spec else new_id()
                kind = spec["type"]
                parent = {"type": "page_id", "page_id": parent_id}
                if parent_id in self._state.blocks:
                    parent = {"type": "block_id", "block_id": parent_id}
                self._state.blocks[block_id] = {
                    "object": "block",
                    "id": block_id,
                    "parent": parent,
                    "created_time": PAST,
                    "last_edited_time": PAST,
                    "created_by": USER,
                    "last_edited_by": USER,
                    "has_children": bool(children) or _is_synced_copy(spec),
                    "archived": False,
                    "in_trash": False,
                    "type": kind,
                    kind: spec[kind],
                }
                self.set_blocks(block_id, children)
                ids.append(block_id)
            self._state.children[parent_id] = ids

    def page(self, page_id: str) -> Json:
        return self._state.pages[dashed(page_id)]

    def edit_page(
        self,
        page_id: str,
        *,
        properties: Json | None = None,
        blocks: list[Json] | None = None,
        in_trash: bool | None = None,
    ) -> None:
        """An editor's change: new properties and/or body, and a new `last_edited_time`."""
        with self._lock:
            page = self.page(page_id)
            if properties:
                source = self._state.data_sources[page["parent"]["data_source_id"]]
                page["properties"].update(self._complete_properties(source, properties, only_given=True))
            if blocks is not None:
                self.set_blocks(page["id"], blocks)
            if in_trash is not None:
                page["in_trash"] = page["archived"] = in_trash
            page["last_edited_time"] = iso_now()

    def host_file(
        self, key: str, name: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> None:
        """A Notion-hosted upload, referenced in blocks with `hosted(key)`."""
        self._state.files[key] = (name, data, content_type)

    def redirect_file(self, key: str, location: str) -> None:
        """A hosted file whose signed URL answers 302 to `location` (another host, in tests)."""
        self._state.redirects[key] = location

    # faults ----------------------------------------------------------------------------------------------

    def fail(
        self,
        status: int,
        code: str | None = None,
        *,
        times: int = 1,
        method: str | None = None,
        path_contains: str = "",
        retry_after: str | None = None,
    ) -> None:
        """Answer the next `times` matching requests with an error (code None: a non-JSON body)."""
        with self._lock:
            self._faults.append(Fault(status, code, times, method, path_contains, retry_after, 0.0))

    def stall(self, seconds: float, *, times: int = 1, path_contains: str = "") -> None:
        """Wait `seconds` before answering the next `times` matching requests (client timeouts)."""
        with self._lock:
            self._faults.append(Fault(200, None, times, None, path_contains, None, seconds))

    def expire_next_file_urls(self, count: int) -> None:
        """The next `count` signed file URLs are issued already expired (S3 answers 403)."""
        self._expire_next_urls = count

    # log -------------------------------------------------------------------------------------------------

    def requests(self, *, method: str | None = None, path_contains: str = "") -> list[Logged]:
        with self._lock:
            return [
                r
                for r in self.log
                if (method is None or r.method == method) and path_contains in r.path and r.status != 0
            ]

    def block_requests(self) -> list[Logged]:
        return self.requests(path_contains="/v1/blocks/")

    # HTTP ------------------------------------------------------------------------------------------------

    def handle(
        self, method: str, raw_path: str, headers: Any, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(raw_path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        arrival_limited = self._rate_limited()
        fault = self._take_fault(method, parts.path)
        time.sleep(self.latency + (fault.delay if fault else 0.0))
        if parts.path.startswith("/files/"):
            status, out_headers, payload = self._serve_file(parts.path, query, fault)
        else:
            status, out_headers, payload = self._serve_api(
                method, parts.path, query, headers, body, fault, arrival_limited
            )
        with self._lock:
            self.log.append(Logged(method, parts.path, status))
        return status, out_headers, payload

    def _serve_api(
        self, method, path, query, headers, body, fault, limited
    ) -> tuple[int, dict[str, str], bytes]:
        try:
            if limited:
                raise ApiError(
                    429,
                    "rate_limited",
                    "You have been rate limited. Please try again in a few minutes.",
                    {"Retry-After": str(self.retry_after)},
                )
            if fault is not None and fault.delay == 0.0:
                return self._fault_response(fault)
            version = headers.get("Notion-Version")
            if not version:
                raise ApiError(400, "missing_version", "Notion-Version header failed validation.")
            self.versions_seen.add(version)
            if headers.get("Authorization") != f"Bearer {self.token}":
                raise ApiError(401, "unauthorized", "API token is invalid.")
            payload = json.loads(body) if body else {}
            result = self._route(method, path.removeprefix("/v1/").strip("/").split("/"), query, payload)
            return (
                200,
                {"Content-Type": "application/json"},
                json.dumps({**result, "request_id": new_id()}).encode(),
            )
        except ApiError as error:
            return (
                error.status,
                {"Content-Type": "application/json", **error.headers},
                json.dumps(
                    {
                        "object": "error",
                        "status": error.status,
                        "code": error.code,
                        "message": error.message,
                        "request_id": new_id(),
                    }
                ).encode(),
            )

    def _fault_response(self, fault: Fault) -> tuple[int, dict[str, str], bytes]:
        extra = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
        if fault.code is None:
            return (
                fault.status,
                {"Content-Type": "text/html", **extra},
                b"<html><body>Bad gateway</body></html>",
            )
        raise ApiError(fault.status, fault.code, f"Scripted {fault.code}.", extra)

    def _route(self, method: str, segments: list[str], query: dict[str, str], payload: Json) -> Json:
        match method, segments:
            case "GET", ["databases", db_id]:
                return self._find(self._state.databases, db_id, "database")
            case "GET", ["data_sources", ds_id]:
                return self._find(self._state.data_sources, ds_id, "data_source")
            case "POST", ["data_sources", ds_id, "query"]:
                return self._query(ds_id, payload)
            case "GET", ["pages", page_id]:
                return self._find(self._state.pages, page_id, "page")
            case "POST", ["pages"]:
                return self._create_page(payload)
            case "PATCH", ["pages", page_id]:
                return self._update_page(page_id, payload)
            case "GET", ["blocks", block_id]:
                return self._served_block(self._find(self._state.blocks, block_id, "block"))
            case "GET", ["blocks", block_id, "children"]:
                return self._children(block_id, query)
        raise ApiError(400, "invalid_request_url", "Invalid request URL.")

    # endpoints -------------------------------------------------------------------------------------------

    def _find(self, table: dict[str, Json], raw_id: str, kind: str) -> Json:
        with self._lock:
            try:
                found = table[dashed(raw_id)]
            except (KeyError, IndexError):
                raise ApiError(
                    404,
                    "object_not_found",
                    f"Could not find {kind} with ID: {raw_id}. Make sure the relevant pages and "
                    f'databases are shared with your integration "{self.integration}".',
                ) from None
            return copy.deepcopy(found)

    def _query(self, ds_id: str, payload: Json) -> Json:
        source = self._find(self._state.data_sources, ds_id, "data_source")
        with self._lock:
            rows = [
                self._state.pages[p]
                for p in self._state.page_order
                if self._state.pages[p]["parent"]["data_source_id"] == source["id"]
            ]
            rows = [r for r in rows if self.include_trashed_in_query or not r["in_trash"]]
            if payload.get("filter"):
                rows = [r for r in rows if _matches(payload["filter"], r["properties"], source["properties"])]
            return self._list([copy.deepcopy(r) for r in rows], payload, "page_or_data_source")

    def _children(self, block_id: str, query: dict[str, str]) -> Json:
        with self._lock:
            parent = dashed(block_id)
            if parent not in self._state.pages and parent not in self._state.blocks:
                self._find(self._state.blocks, block_id, "block")
            original = self._state.blocks.get(parent, {}).get("synced_block", {}).get("synced_from")
            if original:
                parent = dashed(original["block_id"])
            items = [
                self._served_block(copy.deepcopy(self._state.blocks[c]))
                for c in self._state.children.get(parent, [])
            ]
            return self._list(items, query, "block")

    def _list(self, items: list[Json], params: dict[str, Any], kind: str) -> Json:
        size = min(int(params.get("page_size") or 100), 100, self.page_size_cap)
        start = 0
        if params.get("start_cursor"):
            ids = [item["id"] for item in items]
            if params["start_cursor"] not in ids:
                raise ApiError(400, "validation_error", "start_cursor is not valid.")
            start = ids.index(params["start_cursor"])
        chunk = items[start : start + size]
        more = start + size < len(items)
        return {
            "object": "list",
            "results": chunk,
            "next_cursor": items[start + size]["id"] if more else None,
            "has_more": more,
            "type": kind,
            kind: {},
        }

    def _create_page(self, payload: Json) -> Json:
        parent = payload.get("parent") or {}
        ds_id = parent.get("data_source_id")
        if ds_id is None and parent.get("database_id"):
            ds_id = self._find(self._state.databases, parent["database_id"], "database")["data_sources"][0][
                "id"
            ]
        source = self._find(self._state.data_sources, ds_id or "", "data_source")
        values = {
            name: _value_from_request(name, source["properties"], given)
            for name, given in (payload.get("properties") or {}).items()
        }
        now = iso_now()
        page_id = self.add_page(
            source["id"], values, payload.get("children") or [], last_edited_time=now, created_time=now
        )
        return self._find(self._state.pages, page_id, "page")

    def _update_page(self, page_id: str, payload: Json) -> Json:
        page = self._find(self._state.pages, page_id, "page")
        source = self._state.data_sources[page["parent"]["data_source_id"]]
        values = {
            name: _value_from_request(name, source["properties"], given)
            for name, given in (payload.get("properties") or {}).items()
        }
        self.edit_page(page_id, properties=values, in_trash=payload.get("in_trash"))
        return self._find(self._state.pages, page_id, "page")

    def _complete_properties(self, source: Json, given: Json, *, only_given: bool = False) -> Json:
        values = {}
        for name, spec in source["properties"].items():
            if name in given:
                if given[name]["type"] != spec["type"]:
                    raise ApiError(400, "validation_error", f"{name} is expected to be {spec['type']}.")
                values[name] = {"id": spec["id"], **given[name]}
            elif not only_given:
                values[name] = {"id": spec["id"], "type": spec["type"], spec["type"]: _empty(spec["type"])}
        return values

    def _served_block(self, block: Json) -> Json:
        """A block as served now: hosted files get a freshly signed URL that expires."""
        source = block.get(block["type"])
        if isinstance(source, dict) and source.get("type") == "file" and "fake_key" in source.get("file", {}):
            key = source["file"]["fake_key"]
            name = self._state.files[key][0] if key in self._state.files else "missing.bin"
            expires = time.time() + 3600
            if self._expire_next_urls > 0:
                self._expire_next_urls -= 1
                expires = time.time() - 1
            stamp = dt.datetime.fromtimestamp(expires, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            source["file"] = {
                "url": f"{self.url}/files/{key}/{name}?X-Amz-Expires=3600&X-Amz-Signature={new_id()}"
                f"&expires={expires:.3f}",
                "expiry_time": stamp,
            }
        return block

    def _serve_file(
        self, path: str, query: dict[str, str], fault: Fault | None
    ) -> tuple[int, dict[str, str], bytes]:
        parts = path.split("/")
        key = parts[2] if len(parts) > 3 else ""
        denied = b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
        if key in self._state.redirects:
            return 302, {"Location": self._state.redirects[key]}, b""
        if key not in self._state.files:
            return 404, {"Content-Type": "application/xml"}, b"<Error><Code>NoSuchKey</Code></Error>"
        if float(query.get("expires", "0")) < time.time() or (fault is not None and fault.delay == 0.0):
            return 403, {"Content-Type": "application/xml"}, denied
        _name, data, content_type = self._state.files[key]
        return 200, {"Content-Type": content_type}, data

    # limits ----------------------------------------------------------------------------------------------

    def _rate_limited(self) -> bool:
        if self.rate_limit is None:
            return False
        with self._lock:
            now = time.monotonic()
            self._bucket = min(self.burst, self._bucket + (now - self._bucket_time) * self.rate_limit)
            self._bucket_time = now
            if self._bucket < 1:
                return True
            self._bucket -= 1
            return False

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if (fault.method in (None, method)) and fault.path_contains in path and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _respond(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, headers, payload = self.server.fake.handle(self.command, self.path, self.headers, body)  # type: ignore[attr-defined]
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    do_GET = do_POST = do_PATCH = do_DELETE = _respond

    def log_message(self, format: str, *args: Any) -> None:
        pass


# schema and property values ----------------------------------------------------------------------------


def _schema(spec: dict[str, str]) -> Json:
    properties = {}
    for n, (name, kind) in enumerate(spec.items()):
        payload: Json = {"options": []} if kind in ("select", "multi_select", "status") else {}
        prop_id = "title" if kind == "title" else f"p{n:03d}"
        properties[name] = {"id": prop_id, "name": name, "description": None, "type": kind, kind: payload}
    return properties


def _page_url(title: str, page_id: str) -> str:
    return f"https://www.notion.so/{'-'.join(title.split()) or 'Untitled'}-{page_id.replace('-', '')}"


def _is_synced_copy(spec: Json) -> bool:
    return spec["type"] == "synced_block" and bool(spec["synced_block"].get("synced_from"))


def _empty(kind: str) -> Any:
    return [] if kind in ("title", "rich_text", "multi_select", "people", "relation", "files") else None


def _value_from_request(name: str, schema: Json, given: Json) -> Json:
    """A stored property value from a create/update request body, validated against the schema."""
    if name not in schema:
        raise ApiError(400, "validation_error", f"{name} is not a property that exists.")
    kind = schema[name]["type"]
    if kind not in given:
        raise ApiError(400, "validation_error", f"{name} is expected to be {kind}.")
    value = given[kind]
    if kind in ("title", "rich_text"):
        value = [text(item.get("text", {}).get("content", "")) for item in value]
    elif kind in ("select", "status") and value is not None:
        value = {"id": f"opt-{value['name']}", "name": value["name"], "color": "default"}
    elif kind == "multi_select":
        value = [{"id": f"opt-{v['name']}", "name": v["name"], "color": "default"} for v in value]
    elif kind == "date" and value is not None:
        value = {"start": value["start"], "end": value.get("end"), "time_zone": None}
    return {"type": kind, kind: value}


def _plain(value: Json) -> Any:
    kind = value["type"]
    inner = value[kind]
    if kind in ("title", "rich_text"):
        return "".join(r["plain_text"] for r in inner)
    if kind in ("select", "status"):
        return inner["name"] if inner else None
    if kind == "multi_select":
        return [o["name"] for o in inner]
    return inner


def _matches(condition: Json, values: Json, schema: Json) -> bool:
    if "and" in condition:
        return all(_matches(c, values, schema) for c in condition["and"])
    if "or" in condition:
        return any(_matches(c, values, schema) for c in condition["or"])
    name = condition.get("property")
    if name not in schema:
        raise ApiError(400, "validation_error", f"Could not find property with name or id: {name}")
    kind = schema[name]["type"]
    if kind not in condition:
        raise ApiError(
            400, "validation_error", f"body.filter.{kind} should be defined, instead was `undefined`."
        )
    ((operator, operand),) = condition[kind].items()
    actual = _plain(values[name])
    if operator == "equals":
        return actual == operand
    if operator == "does_not_equal":
        return actual != operand
    if operator == "contains":
        return operand in actual
    if operator == "is_empty":
        return not actual
    if operator == "is_not_empty":
        return bool(actual)
    raise ApiError(400, "validation_error", f"Unsupported filter operator {operator} in the fake.")
