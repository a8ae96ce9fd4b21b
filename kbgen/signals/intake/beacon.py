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
from kbgen.signals.intake.scrub import scrub

# wrongsite: kbgen-search.js; csr: a CSR's "Request one" on the answer desk (site/staff/desk/)
KINDS: tuple[str, ...] = ("zero", "weak", "noclick", "wrongsite", "csr")
MISS_KINDS = frozenset({"zero", "weak"})
CSR_KIND = "csr"
MAX_BODY_BYTES = 2048
MAX_QUERY_CHARS = 200
MAX_PAGE_CHARS = 300
_TAB_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Zero-width and bidirectional formatting characters: invisible, they could hide personal data from
# the scrubber ("jo\u200bhn@") or reorder what a CSR reads in the report; dropped.
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


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
    except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[..." nested past the stack
        raise BadBeacon("body is not JSON") from exc
    if not isinstance(data, dict):
        raise BadBeacon("body must be a JSON object")
    return data


def parse_beacon(fields: Mapping[str, object]) -> Beacon:
    """Check the fields `q` (query), `a` (audience), `k` (kind), `p` (page path), `t` (tab id)."""
    query = visitor_text(fields, "q", "query", MAX_QUERY_CHARS)
    if not query:
        raise BadBeacon("query is empty")
    audience = audience_of(fields)
    kind = text_field(fields, "k")
    if kind not in KINDS:
        raise BadBeacon("unknown kind (the k field; see README, Search misses)")
    return Beacon(query=query, audience=audience, kind=kind, page=page_path(fields), tab=tab_id(fields))


def visitor_text(fields: Mapping[str, object], name: str, label: str, max_chars: int) -> str:
    """Text a visitor typed (a query, a comment): one line, at most `max_chars`, scrubbed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text_field(fields, name)))
    text = " ".join(_CONTROL.sub(" ", text).split())
    if len(text) > max_chars:
        raise BadBeacon(f"{label} over {max_chars} characters")
    return scrub(text)


def audience_of(fields: Mapping[str, object]) -> str:
    audience = text_field(fields, "a")
    if audience not in AUDIENCES:
        raise BadBeacon(f"unknown audience (expected {' or '.join(AUDIENCES)})")
    return audience


def page_path(fields: Mapping[str, object], required: bool = False) -> str:
    """The scrubbed page path `p` (query and fragment dropped); empty when absent and not required."""
    page = text_field(fields, "p").split("?", 1)[0].split("#", 1)[0]
    if (page or required) and (
        not page.startswith("/")
        or page.startswith("//")  # another host, once a report links it
        or "\\" in page
        or len(page) > MAX_PAGE_CHARS
        or _CONTROL.search(page)
    ):
        raise BadBeacon("page must be a path starting with /")
    return scrub(page)


def tab_id(fields: Mapping[str, object]) -> str:
    """The random per-tab id `t` the browser makes up (no cookie); empty when absent."""
    tab = text_field(fields, "t")
    if tab and not _TAB_ID.match(tab):
        raise BadBeacon("tab id must be 1-64 letters, digits, - or _")
    return tab


def text_field(fields: Mapping[str, object], name: str) -> str:
    """Field `name` as stripped text; anything but a string is refused."""
    value = fields.get(name, "")
    if not isinstance(value, str):
        raise BadBeacon(f"field {name} must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate from a JSON "\ud800" escape
        raise BadBeacon(f"field {name} is not valid Unicode") from exc
    return value.strip()
