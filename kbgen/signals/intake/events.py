"""Readers' votes on articles, their clicks to reach a person and the search results they open,
checked like search beacons.

They arrive through the same doors as searches (`POST /miss`, `GET /miss.gif`, access logs), told
apart by their kind: `yes`/`no` is a vote on the article at `p`, `contact` a click on a phone,
e-mail or portal link, `click` a search result opened (the search, the article, its position).
Comments and queries are visitors' text: scrubbed of personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kbgen.signals.intake.beacon import (
    KINDS,
    MAX_QUERY_CHARS,
    BadBeacon,
    Beacon,
    audience_of,
    page_path,
    parse_beacon,
    tab_id,
    text_field,
    visitor_text,
)

VOTES: tuple[str, ...] = ("yes", "no")
CONTACT = "contact"
# Why an article did not help, as the widget offers them (codes, then the reader's words).
REASONS: dict[str, str] = {
    "answer": "did not answer my question",
    "outdated": "out of date",
    "unclear": "hard to follow",
    "broken": "broken link or video",
    "other": "other",
}
MAX_COMMENT_CHARS = 500
# How the reader tried to reach a person.
CHANNELS: tuple[str, ...] = ("phone", "emergency", "email", "portal")
# What led there: a No on this article, this article, a search that found nothing, another page.
ORIGINS: tuple[str, ...] = ("no", "article", "miss", "page")
# A search result the visitor opened: what `kbgen misses learn` learns vocabulary from.
CLICK = "click"
MAX_POSITION = 50  # Material lists at most this many results; a higher position is made up
ALL_KINDS: tuple[str, ...] = (*KINDS, *VOTES, CONTACT, CLICK)


@dataclass(frozen=True)
class Feedback:
    """A reader's answer to "Was this page helpful?" on the article at `page`."""

    audience: str
    page: str
    vote: str
    reasons: tuple[str, ...] = ()
    comment: str = ""
    tab: str = ""


@dataclass(frozen=True)
class Escalation:
    """A click on a way to reach a person, with the article (`page`) or search (`query`) before it."""

    audience: str
    page: str
    channel: str
    origin: str
    query: str = ""
    tab: str = ""


@dataclass(frozen=True)
class Click:
    """A search result opened: the search typed on `page`, the `article` opened, its 1-based position."""

    audience: str
    query: str
    article: str
    position: int
    page: str = ""
    tab: str = ""


Event = Beacon | Feedback | Escalation | Click


def parse_event(fields: Mapping[str, object]) -> Event:
    """Any beacon the sites send, told apart by its kind `k`; refused with a short reason."""
    kind = text_field(fields, "k")
    if kind in KINDS:
        return parse_beacon(fields)
    if kind in VOTES:
        return _feedback(fields, kind)
    if kind == CONTACT:
        return _escalation(fields)
    if kind == CLICK:
        return _click(fields)
    raise BadBeacon("unknown kind (the k field; see README, Search misses)")


def _feedback(fields: Mapping[str, object], vote: str) -> Feedback:
    """Fields `a`, `p` (the article), `t`, and after a No: `r` (reason codes, comma-separated), `c`."""
    audience = audience_of(fields)
    page = page_path(fields, required=True)
    codes = [code.strip() for code in text_field(fields, "r").split(",") if code.strip()]
    unknown = [code for code in codes if code not in REASONS]
    if unknown:
        raise BadBeacon(f"unknown reason (expected {', '.join(REASONS)})")
    comment = visitor_text(fields, "c", "comment", MAX_COMMENT_CHARS)
    if vote == "yes" and (codes or comment):
        raise BadBeacon("reasons and comments come with a No vote only")
    reasons = tuple(code for code in REASONS if code in codes)
    return Feedback(audience, page, vote, reasons, comment, tab_id(fields))


def _escalation(fields: Mapping[str, object]) -> Escalation:
    """Fields `a`, `p`, `t`, `v` (channel), `f` (origin) and `q` (the search, after a miss)."""
    audience = audience_of(fields)
    page = page_path(fields, required=True)
    channel = text_field(fields, "v")
    if channel not in CHANNELS:
        raise BadBeacon(f"unknown channel (expected {', '.join(CHANNELS)})")
    origin = text_field(fields, "f")
    if origin not in ORIGINS:
        raise BadBeacon(f"unknown origin (expected {', '.join(ORIGINS)})")
    query = visitor_text(fields, "q", "query", MAX_QUERY_CHARS)
    if origin == "miss" and not query:
        raise BadBeacon("a contact after a miss needs the search")
    return Escalation(audience, page, channel, origin, query, tab_id(fields))


def _click(fields: Mapping[str, object]) -> Click:
    """Fields `a`, `q` (the search), `o` (the article opened, a path), `n` (its position), `p`, `t`."""
    audience = audience_of(fields)
    query = visitor_text(fields, "q", "query", MAX_QUERY_CHARS)
    if not query:
        raise BadBeacon("a click needs the search")
    article = page_path({"p": text_field(fields, "o")}, required=True)
    position = text_field(fields, "n")
    if not position.isascii() or not position.isdigit() or not 1 <= int(position) <= MAX_POSITION:
        raise BadBeacon(f"position must be a number from 1 to {MAX_POSITION}")
    return Click(audience, query, article, int(position), page_path(fields), tab_id(fields))
