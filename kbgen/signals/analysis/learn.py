"""Vocabulary learned from the results visitors open, as proposals an editor accepts by hand.

When visitors who searched a word keep opening one article that does not use the word (not in its
title, tags, headings or the synonyms it already carries), the word is a name people have for that
article: "mattress" -> the bulk-trash article, after enough distinct visitors. Such an article is
often opened far down the list, which the evidence shows (positions). A proposal is a synonym group
of the word and one of the article's tags (the tag fewest other articles use), so accepting it (a
line moved into `synonyms.yml`) makes the word a keyword of that article on the next build. Only a
telling word is proposed (`_telling`): from one sentence several visitors searched, every word of
it led to the article, and only its rare words that no other article is named by can be its name.

When the article does use the word but visitors mostly open it below the first place (other
articles use the word as much), more keywords would not lift it: the proposal is then a
`rank_first` line of the word and a tag naming that article alone (`kbgen.search.rank_first`).

When no word of a search can lift the article (visitors who typed "bought a place that already has
renters with a lease" opened the onboarding article second: its words say little or name other
articles), the proposal is a `pinned` line of the whole search.

Clicks are judged with the site's own analysis (`kbgen.search`): the words a search looks for,
after filler and question words are dropped and typos corrected, so "how do i get rid of a
matress" teaches "mattress", not "how".
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kbgen.content.article import AUDIENCES
from kbgen.search import IndexNotFound, SiteIndex, load_index
from kbgen.search.rank_first import group_terms, listed_first, names, pinned_key, places
from kbgen.search.vocabulary import pinned_search_problem
from kbgen.search.words import english_frequency
from kbgen.signals.analysis.report import ReportWindow
from kbgen.signals.analysis.site_pages import Page, article_location, load_pages
from kbgen.signals.analysis.verdicts import EVERYDAY_WORD_ZIPF
from kbgen.signals.analysis.words import stem, words
from kbgen.signals.intake.store import clicks_in

MIN_VISITORS = 3  # distinct visitors (daily hashes) who searched the word and opened the article
MIN_SHARE = 0.6  # of the clicks after searches with the word, the share on that article
PROPOSALS_FILE = "synonyms.proposed.yml"
MAX_EXAMPLES = 3
MIN_LETTERS = 3  # "tv" and "ac" are words, but too short to learn from one click pattern
MIN_BELOW_FIRST = 0.5  # of the article's clicks, the share below the first place a rank_first line needs
SYNONYMS, RANK_FIRST, PINNED = "synonyms", "rank_first", "pinned"  # the vocabulary sections proposals go into


@dataclass
class Proposal:
    """A word (or, pinned, a whole search) visitors use for an article, with the evidence."""

    audience: str
    word: str  # pinned: the search as visitors typed it most
    article: str  # location in its site, e.g. "trash-bins-and-bulk-pickup/"
    title: str
    tag: str  # synonyms: the article's tag the group hangs on; else a tag or title naming it alone
    searches: int = 0  # clicks on the article after searches with the word
    visitors: int = 0
    share: float = 0.0  # of all clicks after searches with the word
    positions: Counter[int] = field(default_factory=Counter)
    queries: list[str] = field(default_factory=list)  # every distinct search behind it
    section: str = SYNONYMS  # or RANK_FIRST: the article uses the word but is opened below others

    @property
    def line(self) -> list[str]:
        """The line to accept: [word, tag] under its section of synonyms.yml."""
        return [self.word, self.tag]

    @property
    def below_first(self) -> float:
        """The share of the article's clicks at the second place or lower."""
        below = sum(count for position, count in self.positions.items() if position > 1)
        return below / max(self.searches, 1)

    def evidence(self) -> str:
        positions = ", ".join(f"#{position} x{count}" for position, count in sorted(self.positions.items()))
        examples = "; ".join(json.dumps(query) for query in self.queries[:MAX_EXAMPLES])
        return (
            f"{self.audience} {self.article} ({self.title}): {self.searches} searches,"
            f" {self.visitors} visitors, {self.share:.0%} of clicks after searching '{self.word}';"
            f" opened at {positions}; e.g. {examples}"
        )


@dataclass
class _Evidence:
    """The clicks after searches that said one thing (a word, or a whole search), by article."""

    clicks: Counter[str] = field(default_factory=Counter)  # article -> clicks
    visitors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    positions: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    queries: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    said: Counter[str] = field(default_factory=Counter)  # as typed, for the proposal

    def add(self, said: str, query: str, article: str, position: int, visitor: str) -> None:
        self.said[said] += 1
        self.clicks[article] += 1
        self.visitors[article].add(visitor)
        self.positions[article][position] += 1
        if query not in self.queries[article]:
            self.queries[article].append(query)

    def proposal(self, audience: str, pages: dict[str, Page], section: str) -> Proposal:
        """For the article most opened, with the evidence; its tag is the caller's to choose."""
        article, clicks = self.clicks.most_common(1)[0]
        return Proposal(
            audience,
            self.said.most_common(1)[0][0],
            article,
            pages[article].title,
            "",
            clicks,
            len(self.visitors[article]),
            clicks / sum(self.clicks.values()),
            self.positions[article],
            self.queries[article],
            section,
        )


Said = Callable[[str], list[tuple[str, str]]]  # a query -> what it says: (key, as typed) pairs


def _gather(
    rows: list[tuple[str, str, int, str]], audience: str, pages: dict[str, Page], said_in: Said
) -> dict[str, _Evidence]:
    """The clicks on `pages`, by what their searches said: `said_in(query)` gives (key, as typed)."""
    evidence: dict[str, _Evidence] = defaultdict(_Evidence)
    said: dict[str, list[tuple[str, str]]] = {}
    for query, path, position, visitor in rows:
        article = article_location(path, audience)
        if article not in pages:
            continue
        if query not in said:
            said[query] = said_in(query)
        for key, typed in said[query]:
            evidence[key].add(typed, query, article, position, visitor)
    return evidence


def learn(
    conn: sqlite3.Connection,
    window: ReportWindow,
    site_dir: Path,
    *,
    min_visitors: int = MIN_VISITORS,
    min_share: float = MIN_SHARE,
) -> list[Proposal]:
    """Proposals from the clicks in `window`, best supported first, judged against the built site."""
    proposals: list[Proposal] = []
    for audience in [window.audience] if window.audience else list(AUDIENCES):
        try:
            index = load_index(site_dir, audience)
        except IndexNotFound:
            continue
        rows = clicks_in(conn, audience, window.since, window.until)
        clicks = _Clicks(audience, rows, index, load_pages(site_dir, audience), min_visitors, min_share)
        found = _proposals(clicks)
        proposals += found + _pinned(clicks, found)
    return sorted(proposals, key=lambda p: (-p.visitors, -p.searches, p.audience, p.word))


@dataclass
class _Clicks:
    """One help center's result clicks, its search and its pages, and how much evidence a proposal needs."""

    audience: str
    rows: list[tuple[str, str, int, str]]
    index: SiteIndex
    pages: dict[str, Page]
    min_visitors: int
    min_share: float

    def supported(self, said_in: Said, section: str) -> list[tuple[str, Proposal]]:
        """(what was said, a proposal) wherever enough visitors opened one article after saying it."""
        found = []
        for key, seen in _gather(self.rows, self.audience, self.pages, said_in).items():
            proposal = seen.proposal(self.audience, self.pages, section)
            if proposal.visitors >= self.min_visitors and proposal.share >= self.min_share:
                found.append((key, proposal))
        return found


def _proposals(clicks: _Clicks) -> list[Proposal]:
    """Words: a synonym where the article lacks the word, a rank_first line where it has it."""
    index, pages = clicks.index, clicks.pages

    def topic_words(query: str) -> list[tuple[str, str]]:
        learnable = (word for word in index.topic_words(query) if len(word) >= MIN_LETTERS)
        return [(stem(word), word) for word in learnable if word.isalpha()]

    named = {location: {stem(word) for word in words(page.headline)} for location, page in pages.items()}
    proposals = []
    for word_stem, proposal in clicks.supported(topic_words, SYNONYMS):
        article = proposal.article
        if word_stem in named[article]:  # the article uses the word: list it first, where that lifts it
            proposal.section, proposal.tag = RANK_FIRST, _own_name(pages[article], pages)
            if proposal.below_first < MIN_BELOW_FIRST or not _would_lift(index, proposal, pages[article]):
                continue
        else:
            proposal.tag = _anchor_tag(pages[article], pages)
            if not _telling(word_stem, proposal.word, article, named):
                continue
        if proposal.tag:
            proposals.append(proposal)
    return proposals


def _pinned(clicks: _Clicks, proposed: list[Proposal]) -> list[Proposal]:
    """Whole searches (of two words or more, as the search reads them: `pinned_key`) that visitors
    followed to one article listed below others, when no word of them is proposed for it: a
    `pinned` line lists that article first for that search."""
    index, pages = clicks.index, clicks.pages

    def whole_search(query: str) -> list[tuple[str, str]]:
        if pinned_search_problem(query, set(index.rewriter.filler)):
            return []  # a word (a synonym or a rank_first line says it), or search syntax
        return [(pinned_key(index.rewriter.rewrite(query).words), query)]

    taught = {(proposal.article, query) for proposal in proposed for query in proposal.queries}
    proposals = []
    for key, proposal in clicks.supported(whole_search, PINNED):
        article, queries = proposal.article, proposal.queries
        if any((article, query) in taught for query in queries) or proposal.below_first < MIN_BELOW_FIRST:
            continue
        proposal.tag = _own_name(pages[article], pages)
        if proposal.tag and _would_pin(index, key, proposal, pages):
            proposals.append(proposal)
    return proposals


def _would_pin(index: SiteIndex, key: str, proposal: Proposal, pages: dict[str, Page]) -> bool:
    """Whether the line, resolved as the build resolves it, would list the article first for one of
    the searches behind it where it is not first today (an accepted line is not proposed again; an
    article the emergency line puts third, not listed by the search itself, cannot be pinned)."""
    named = [location for location, page in pages.items() if names(proposal.tag, page.title, page.tags)]
    for query in proposal.queries:
        if index.search(query, 1)[0].location == proposal.article:
            continue
        if index.search(query, 1, pinned={key: named})[0].location == proposal.article:
            return True
    return False


def _telling(word_stem: str, word: str, article: str, named: dict[str, set[str]]) -> bool:
    """Whether a word the article lacks may become its synonym: not an everyday word ("more",
    "late", "place" are in every other sentence: which of a sentence's words names the article, its
    everyday ones cannot tell), and not a word another article is named by ("lease", "repairs"): as
    a synonym it would pull that article's searches here."""
    if english_frequency(word) >= EVERYDAY_WORD_ZIPF:
        return False
    return not any(word_stem in stems for location, stems in named.items() if location != article)


def _would_lift(index: SiteIndex, proposal: Proposal, page: Page) -> bool:
    """Whether the proposed line would move the article up for any of the searches behind it, by
    the search's own rule (`kbgen.search.rank_first.listed_first`): it is listed below the first
    place today (an accepted line is not proposed again) and would be first with the line."""
    article = proposal.article
    first = places([(proposal.word, proposal.tag)], [(article, page.title, page.tags)])  # as built
    for query in proposal.queries:
        hits = index.search(query)
        pages = [hit.location for hit in hits]
        if article not in pages[1:]:
            continue
        terms = [group_terms(hit.parts) for hit in hits]
        searched = index.rewriter.rewrite(query).words
        if listed_first(hits, pages, terms, searched, first)[0].location == article:
            return True
    return False


def _shared_by(phrase: str, pages: dict[str, Page]) -> int:
    return sum(names(phrase, other.title, other.tags) for other in pages.values())


def _anchor_tag(page: Page, pages: dict[str, Page]) -> str:
    """The article's own tag fewest other articles name in their title or tags: the group hangs on it."""
    return min(page.tags, key=lambda tag: _shared_by(tag, pages), default="")


def _own_name(page: Page, pages: dict[str, Page]) -> str:
    """A tag, or else the title, that names this article alone: what a rank_first line lists first."""
    return next((name for name in [*page.tags, page.title] if _shared_by(name, pages) == 1), "")


def write_proposals(proposals: list[Proposal], out_file: Path, window: ReportWindow) -> None:
    """The reviewable file: a `synonyms:` section, each line with its evidence as a comment."""
    since = datetime.fromtimestamp(window.since, UTC).date()
    until = datetime.fromtimestamp(window.until, UTC).date()
    lines = [
        f"# Proposed by `kbgen misses learn` from the search results visitors opened, {since} to {until}.",
        "# `synonyms:` a word visitors searched, then one tag of the article they opened, which does not",
        "#   use the word: accepted, the word finds the article.",
        "# `rank_first:` a word the article uses, which visitors opened below others: accepted, a search",
        "#   with the word lists the article (named by its tag or title) first.",
        "# `pinned:` a whole search visitors followed to an article listed below others, none of whose",
        "#   words can name it: accepted, that search (any order, any form) lists the article first.",
        "# Accept a proposal by moving its line into synonyms.yml, under the same section; the next build",
        "# applies it. Lines left here change nothing.",
    ]
    for section in (SYNONYMS, RANK_FIRST, PINNED):
        chosen = [proposal for proposal in proposals if proposal.section == section]
        lines.append(f"{section}:" if chosen else f"{section}: []")
        lines += [f"  - {json.dumps(proposal.line)}  # {proposal.evidence()}" for proposal in chosen]
    out_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
