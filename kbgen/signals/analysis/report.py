"""The misses report: groups of searches that mean the same thing, ranked, each with a verdict.

Ranking: distinct visitors, each counted once per group with the weight of their most recent
search there, halving every `HALF_LIFE_DAYS` (recent searches weigh more); a no-click counts
half a miss, being the weaker signal, and a CSR's request from the answer desk counts
`CSR_WEIGHT` misses: behind it is a customer who already asked a person.
"""

from __future__ import annotations

import sqlite3
import time
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kbgen.content.article import AUDIENCES
from kbgen.search.words import english_frequency
from kbgen.signals.analysis.grouping import Phrasing, group_phrasings
from kbgen.signals.analysis.site_pages import article_location, load_pages
from kbgen.signals.analysis.verdicts import ADD_WORDS, ANSWERED, WRITE, Rechecker, SiteSearch
from kbgen.signals.analysis.words import words
from kbgen.signals.intake.beacon import CSR_KIND, MISS_KINDS
from kbgen.signals.intake.store import (
    clicks_in,
    contacts_per_query,
    phrasings_per_period,
    read_snapshot,
    remember_answers,
    typed_on,
    visitors_per_group,
)

# The visitors' own answer: an article enough of a group's visitors opened after its searches covers
# its meaning, whatever words it lacks, so the group is add-words naming it, never write.
OPENED_BY = 2  # distinct visitors who opened that one article after the group's searches
OPENED_SHARE = 0.5  # of the group's visitors (those who opened a result and those who did not)
OPENED_ARTICLE_SHARE = 0.6  # of the results its visitors opened (kbgen misses learn's MIN_SHARE)
HALF_LIFE_DAYS = 14.0
TYPING_SECONDS = 30  # a search another one in its tab goes on from mid-word this soon after was typing
EVERYDAY_ZIPF = 3.0  # below: no everyday word ("remova" 0, "payin" 2.4; "permit" 4.2)
NO_CLICK_WEIGHT = 0.5
CSR_WEIGHT = 3.0
_KIND_WEIGHTS = {**dict.fromkeys(sorted(MISS_KINDS), 1.0), CSR_KIND: CSR_WEIGHT}  # else NO_CLICK_WEIGHT
TREND_BUCKETS = 12
EXAMPLES = 5
DAY = 86_400


def day(at: int | None) -> str:
    """Unix seconds as the date every format of the report shows; "" for none."""
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d") if at else ""


@dataclass
class Group:
    key: str
    audience: str
    label: str = ""
    searches: int = 0
    visitors: int = 0
    misses: int = 0
    noclicks: int = 0
    csr_requests: int = 0  # "Request one" from CSRs on the answer desk
    escalations: int = 0  # contact clicks (phone, e-mail, portal) right after one of its misses
    first_seen: int = 0
    last_seen: int = 0
    score: float = 0.0
    examples: list[str] = field(default_factory=list)
    trend: list[int] = field(default_factory=list)  # searches per bucket, oldest first
    verdict: str = WRITE
    article: str = ""
    article_title: str = ""
    add_words: list[str] = field(default_factory=list)
    nearest: str = ""  # write: the article nearest in words (verdicts.Verdict.nearest)
    nearest_title: str = ""
    nearest_lacks: list[str] = field(default_factory=list)
    answered_since: int | None = None
    opened: Counter[str] = field(default_factory=Counter)  # article -> visitors who opened it after
    openers: int = 0  # visitors who opened any result after the group's searches
    opened_by: int = 0  # of them, those who opened the article the verdict names

    def opened_article(self) -> str | None:
        """The article the group's visitors answered it with: opened after its searches by at least
        `OPENED_BY` visitors, `OPENED_SHARE` of all its visitors (a visitor who missed once and opened
        later counts twice: the rule errs towards write) and `OPENED_ARTICLE_SHARE` of its openings."""
        if not self.opened:
            return None
        article, visitors = self.opened.most_common(1)[0]
        enough = visitors >= max(OPENED_BY, OPENED_SHARE * (self.visitors + self.openers))
        return article if enough and visitors >= OPENED_ARTICLE_SHARE * self.opened.total() else None

    @property
    def is_open(self) -> bool:
        return self.verdict != ANSWERED

    @property
    def advice(self) -> str:
        """What a writer should do with the group, in one line."""
        if self.verdict == ANSWERED:
            return f"answered since {day(self.answered_since)} by {self.article_title or self.article}"
        if self.verdict == ADD_WORDS:
            words_to_add = ", ".join(repr(word) for word in self.add_words)
            opened = f" ({self.opened_by} visitors opened it after these searches)" if self.opened_by else ""
            return f"vocabulary gap: add {words_to_add} to {self.article_title}{opened}"
        if self.nearest:
            lacks = ", ".join(repr(word) for word in self.nearest_lacks)
            return f"write a new article (nearest: {self.nearest_title}, which lacks {lacks})"
        return "write a new article"


@dataclass(frozen=True)
class ReportWindow:
    since: int  # unix seconds
    until: int
    audience: str | None = None

    @property
    def bucket_seconds(self) -> int:
        return max(DAY, -(-(self.until - self.since) // TREND_BUCKETS))


def build_report(
    conn: sqlite3.Connection,
    window: ReportWindow,
    site_dir: Path | None = None,
    searches: Mapping[str, SiteSearch] | None = None,
    open_limit: int | None = None,
) -> list[Group]:
    """Every group in `window`, best-ranked first; with `site_dir`, each carries its verdict.

    With `open_limit`, groups are re-checked best-ranked first until that many are open, and only the
    re-checked ones are returned: the same top of the list, without re-checking its long tail."""
    pages = {audience: load_pages(site_dir, audience) for audience in AUDIENCES} if site_dir else {}
    site_words = {
        word
        for by_location in pages.values()
        for page in by_location.values()
        for word in words(page.all_text)
    }
    with read_snapshot(conn):  # the SELECTs below must agree on which searches exist
        groups = sorted(_aggregate(conn, window, site_words), key=lambda g: (-g.score, -g.searches, g.label))
    if site_dir is not None:
        recheckers: dict[str, Rechecker] = {}
        checked, still_open = [], 0
        for group in groups:
            if open_limit is not None and still_open >= open_limit:
                break
            if group.audience not in recheckers:
                site_search = (searches or {}).get(group.audience)
                recheckers[group.audience] = Rechecker(pages[group.audience], site_search)
            checker = recheckers[group.audience]
            verdict = checker.verdict(group.label)
            opened = group.opened_article()
            if opened in pages[group.audience] and verdict.verdict != ANSWERED:
                verdict = checker.naming(group.label, opened)  # the visitors found it: words are missing
                group.opened_by = group.opened[opened]
            group.verdict, group.article, group.article_title = (
                verdict.verdict,
                verdict.article,
                verdict.article_title,
            )
            group.add_words = list(verdict.add_words)
            group.nearest, group.nearest_title = verdict.nearest, verdict.nearest_title
            group.nearest_lacks = list(verdict.nearest_lacks)
            checked.append(group)
            still_open += group.is_open
        groups = checked
        _remember_answers(conn, groups, window.until)
    return sorted(groups, key=lambda g: (not g.is_open, -g.score, -g.searches, g.label))


def _aggregate(conn: sqlite3.Connection, window: ReportWindow, site_words: set[str]) -> list[Group]:
    """Groups with their counts, visitors, score and trend, in two passes over the searches: one by
    phrasing, kind and period (a few rows per phrasing), one by group and visitor inside SQLite."""
    per_phrasing: dict[tuple[str, str], list[tuple[str, int, int, int, int]]] = defaultdict(list)
    for audience, query, kind, slot, count, first, last in phrasings_per_period(
        conn, window, window.since, window.bucket_seconds
    ):
        per_phrasing[audience, query].append((kind, min(int(slot), TREND_BUCKETS - 1), count, first, last))
    phrasings = [
        Phrasing(audience, query, sum(row[2] for row in rows))
        for (audience, query), rows in per_phrasing.items()
    ]
    went_on = _continued_mid_word(query for _, query in per_phrasing)
    typing = [
        (audience, first, then)
        for audience, first, then in typed_on(conn, window, TYPING_SECONDS, went_on)
        if then[len(first)].isalnum()  # stopped mid-word
    ]
    grouped = group_phrasings(phrasings, site_words, typing)
    group_of = {(p.audience, p.query): key for p, key in grouped.items()}
    cut_while_typing = {(audience, first) for audience, first, _ in typing}
    groups: dict[tuple[str, str], Group] = {}
    phrasing_counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (audience, query), rows in per_phrasing.items():
        group = groups.setdefault(
            (audience, group_of[audience, query]), Group(group_of[audience, query], audience)
        )
        group.trend = group.trend or [0] * TREND_BUCKETS
        for kind, slot, count, first, last in rows:
            group.searches += count
            if kind in MISS_KINDS:
                group.misses += count
            elif kind == CSR_KIND:
                group.csr_requests += count
            else:
                group.noclicks += count
            group.trend[slot] += count
            group.first_seen = min(group.first_seen or first, first)
            group.last_seen = max(group.last_seen, last)
        phrasing_counts[audience, group.key][query] += sum(row[2] for row in rows)
    for ident, group in groups.items():
        counts = phrasing_counts[ident]
        ordered = sorted(counts, key=lambda q: (-counts[q], len(q), q))
        cut_short = _cut_short(counts) | {q for q in counts if (group.audience, q) in cut_while_typing}
        ordered.sort(key=lambda q: q in cut_short)  # typing logged on the way comes last
        group.label = ordered[0]
        group.examples = ordered[:EXAMPLES]
    _add_visitors(conn, window, group_of, groups)
    _add_openings(conn, window, group_of, groups)
    for audience, query, count in contacts_per_query(conn, window):
        key = group_of.get((audience, query))
        if key is not None:  # the readers a group's searches still sent to a person
            groups[audience, key].escalations += count
    return list(groups.values())


def _continued_mid_word(texts: Iterable[str]) -> set[str]:
    """The texts another one starts with and goes on from mid-word ("snow remova" of "snow
    removal"; not "pool" of "pool hours")."""
    ordered = sorted(set(texts))
    found = set()
    for text in (text for text in ordered if text[-1:].isalnum()):
        # those going on from it sort right after it; past a space or a hyphen, before text + "0"
        at = bisect_left(ordered, text + "0")
        while at < len(ordered) and ordered[at].startswith(text):
            if ordered[at][len(text)].isalnum():
                found.add(text)
                break
            at += 1
    return found


def _cut_short(phrasings: Iterable[str]) -> set[str]:
    """The phrasings another one continues mid-word ("snow remova" of "snow removal"): typing logged
    before it ended, which names a group badly and leaves a cut word ("remova") for the verdict to
    judge. Compared by topic words ("snow removal/" is "snow removal"); "snow" of "snow removal" and
    "permit" of "permits" (an everyday word) are searches of their own."""
    by_text: dict[str, list[str]] = defaultdict(list)
    for query in phrasings:
        by_text[" ".join(words(query))].append(query)
    return {
        query
        for text in _continued_mid_word(by_text)
        if english_frequency(text.rsplit(" ", 1)[-1]) < EVERYDAY_ZIPF
        for query in by_text[text]
    }


def _add_visitors(
    conn: sqlite3.Connection,
    window: ReportWindow,
    group_of: Mapping[tuple[str, str], str],
    groups: Mapping[tuple[str, str], Group],
) -> None:
    """Distinct visitors per group and the score: each visitor counts once, with the weight of their
    most recent search of the group (a miss 1, a no-click half, a CSR's request `CSR_WEIGHT`,
    halving every HALF_LIFE_DAYS)."""
    idents = list(groups)
    number = {ident: n for n, ident in enumerate(idents)}
    numbered = {(audience, query): number[audience, key] for (audience, query), key in group_of.items()}
    for gid, visitors, score in visitors_per_group(
        conn, window, numbered, _KIND_WEIGHTS, NO_CLICK_WEIGHT, HALF_LIFE_DAYS
    ):
        groups[idents[gid]].visitors = visitors
        groups[idents[gid]].score = score


def _add_openings(
    conn: sqlite3.Connection,
    window: ReportWindow,
    group_of: Mapping[tuple[str, str], str],
    groups: Mapping[tuple[str, str], Group],
) -> None:
    """The results each group's visitors opened after searching one of its phrasings (the click
    beacons; a search with the same topic words as a phrasing counts as that phrasing)."""
    key_of = {(audience, " ".join(words(query))): key for (audience, query), key in group_of.items()}
    topic_text: dict[str, str] = {}  # query -> its topic words: clicks repeat the same queries
    opened: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for audience in [window.audience] if window.audience else AUDIENCES:
        for query, path, _position, visitor in clicks_in(conn, audience, window.since, window.until):
            if query not in topic_text:
                topic_text[query] = " ".join(words(query))
            key = key_of.get((audience, topic_text[query]))
            if key is not None:
                opened[audience, key][article_location(path, audience)].add(visitor)
    for ident, by_article in opened.items():
        groups[ident].opened = Counter({article: len(visitors) for article, visitors in by_article.items()})
        groups[ident].openers = len(set().union(*by_article.values()))


def _remember_answers(conn: sqlite3.Connection, groups: list[Group], now: int) -> None:
    """Note when each group was first found answered, so the report can say "answered since"."""
    since = remember_answers(
        conn,
        [(g.audience, g.key, g.article) for g in groups if g.verdict == ANSWERED],
        [(g.audience, g.key) for g in groups if g.verdict != ANSWERED],
        now,
    )
    for group in groups:
        if group.verdict == ANSWERED:
            group.answered_since = since[group.audience, group.key]


def parse_since(text: str, now: float | None = None) -> int:
    """`30d`, `12h`, `2w` or an ISO date -> unix seconds."""
    now = time.time() if now is None else now
    units = {"h": 3600, "d": DAY, "w": 7 * DAY}
    if text[-1:] in units and text[:-1].isdigit():
        return int(now - int(text[:-1]) * units[text[-1]])
    try:
        return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())
    except ValueError as exc:
        raise ValueError(f"--since takes 30d, 12h, 2w or a date like 2026-01-31, not {text!r}") from exc
