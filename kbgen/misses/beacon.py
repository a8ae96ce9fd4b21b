"""What a search beacon may carry, checked once for every door (POST, GET, access logs).

A beacon is untrusted input from any browser on the internet: anything not listed here is refused
with a short reason, and the query is scrubbed of personal data before it goes further.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from kbgen.content.article import AUDIENCES
from kbgen.misses.scrub import scrub

KINDS: tuple[str, ...] = ("zero", "weak", "noclick")
MISS_KINDS = frozenset({"zero", "weak"})
MAX_BODY_BYTES = 2048
MAX_QUERY_CHARS = 200
MAX_PAGE_CHARS = 300
_TAB_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadBeacon(ValueError):
    """The beacon is refused; the message is the short reason sent back with the 4xx."""


@dataclass(frozen=True)
class Beacon:
    """A checked, scrubbed search as the browser reported it (no time, no visitor yet)."""

    query: str
    audience: str
    kind: str
    page: str = ""
    tab: str = ""


def decode_body(body: bytes) -> Mapping[str, object]:
    """The JSON object inside a POST body (sent as application/json or text/plain)."""
    if len(body) > MAX_BODY_BYTES:
        raise BadBeacon(f"body over {MAX_BODY_BYTES} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadBeacon("body is not UTF-8") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadBeacon("body is not JSON") from exc
    if not isinstance(data, dict):
        raise BadBeacon("body must be a JSON object")
    return data


def parse_beacon(fields: Mapping[str, object]) -> Beacon:
    """Check the fields `q` (query), `a` (audience), `k` (kind), `p` (page path), `t` (tab id)."""
    query = _text(fields, "q")
    query = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", query)).split())
    if not query:
        raise BadBeacon("query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise BadBeacon(f"query over {MAX_QUERY_CHARS} characters")
    audience = _text(fields, "a")
    if audience not in AUDIENCES:
        raise BadBeacon(f"unknown audience (expected {' or '.join(AUDIENCES)})")
    kind = _text(fields, "k")
    if kind not in KINDS:
        raise BadBeacon(f"unknown kind (expected {', '.join(KINDS)})")
    page = _text(fields, "p").split("?", 1)[0].split("#", 1)[0]
    if page and (not page.startswith("/") or len(page) > MAX_PAGE_CHARS or _CONTROL.search(page)):
        raise BadBeacon("page must be a path starting with /")
    tab = _text(fields, "t")
    if tab and not _TAB_ID.match(tab):
        raise BadBeacon("tab id must be 1-64 letters, digits, - or _")
    return Beacon(query=scrub(query), audience=audience, kind=kind, page=scrub(page), tab=tab)


def _text(fields: Mapping[str, object], name: str) -> str:
    value = fields.get(name, "")
    if not isinstance(value, str):
        raise BadBeacon(f"field {name} must be a string")
    return value.strip()
