"""A built help center's search, answered in Python exactly as the browser answers it."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from kbgen.search import keyword_sets
from kbgen.search.analysis import ANSWER_RESULTS, QueryAnalysis, TextModel, answering
from kbgen.search.emergency import promote
from kbgen.search.facts import FACTS_FILE, SiteFactsNotFound, find_sites, read_site_facts
from kbgen.search.material import Item, MaterialIndex
from kbgen.search.rank_first import group_terms, listed_first, pinned_first
from kbgen.search.rewrite import IndexWords, QueryRewriter
from kbgen.search.words import edit_distance

INDEX_PATH = Path("search") / "search_index.json"
_FIRST_PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


class IndexNotFound(FileNotFoundError):
    """The site folder has no search index for that audience: build it first."""


@dataclass(frozen=True)
class Hit:
    """One article in a result list, best first; its score is the browser's `data-md-score`."""

    location: str  # path inside the audience's site, e.g. "pets-and-pet-fees/"
    title: str
    score: float
    url: str  # absolute, from the site's `site_url`
    summary: str
    audience: str
    terms: dict[str, bool] = field(default_factory=dict)  # query term -> found in this article
    sections: tuple[str, ...] = ()  # matching sections ("page/#anchor"), best first
    parts: tuple[dict[str, bool], ...] = ()  # the terms of each part listed (the best first)

    @property
    def missing(self) -> list[str]:
        """Query terms this article lacks (Material shows them as "Missing: ...")."""
        return [term for term, found in self.terms.items() if not found]


class SiteIndex:
    """One audience's published search index; `search()` ranks like Material's worker."""

    def __init__(
        self, data: dict[str, Any], *, audience: str, site_url: str, emergency_line: str = ""
    ) -> None:
        self.audience = audience
        self.site_url = site_url
        self.emergency_line = emergency_line  # shown with emergency searches; empty: no card
        self.data = data
        self.model = TextModel(data["config"].get("kbgen") or {})

    @cached_property
    def material(self) -> MaterialIndex:
        return MaterialIndex(self.data)

    @cached_property
    def rewriter(self) -> QueryRewriter:
        config = self.data["config"]
        separator = self.material.separator
        words = IndexWords.of(self.data["docs"], self.material.fields, separator)
        return QueryRewriter(config.get("kbgen") or {}, words, separator)

    def search(self, query: str, limit: int = 10, pinned: Mapping[str, list[str]] | None = None) -> list[Hit]:
        """The articles the browser would list for `query`, in the browser's order; with `pinned`,
        as if the index also held those lines (`kbgen misses learn` judges a proposal so)."""
        rewrite = self.rewriter.rewrite(query)
        groups = self.material.search(rewrite.query)
        rules = self.data["config"].get("kbgen", {})
        kept = rules.get("max_results") or len(groups)
        if rewrite.words and rules.get("rank_first"):
            listed = groups[:kept]
            terms = [group_terms(item.terms for item in group) for group in listed]
            first = rules["rank_first"]
            groups = listed_first(listed, _pages(listed), terms, rewrite.words, first) + groups[kept:]
        lines = {**rules.get("pinned", {}), **(pinned or {})}
        if rewrite.words and lines:
            listed = groups[:kept]
            groups = pinned_first(listed, _pages(listed), rewrite.words, lines) + groups[kept:]
        article = self.rewriter.emergency.article
        if rewrite.emergency and article in self.material.docs:
            groups = promote(groups, _pages(groups), article, lambda: self.material.page_stub(article))
        return [self._hit(group) for group in groups[: min(limit, rules.get("max_results") or len(groups))]]

    def topic_words(self, query: str) -> list[str]:
        """What `query` is about, in order: the words its search looks for (question scaffolding
        and filler dropped, "renters insurence" -> renters, insurance), except that a word two
        letters from any the index holds stays as typed: "coworking" searched as "cooking" is a
        fair guess for ranking, not a reason to say the site covers coworking."""
        rewrite = self.rewriter.rewrite(query)
        typed_for = {
            corrected: typed
            for typed, corrected in rewrite.corrections.items()
            if typed not in self.rewriter.corrections and edit_distance(typed, corrected, 1) > 1
        }
        searched = (clause.split("^", 1)[0].strip("\"'+-*~:") for clause in rewrite.query.split())
        return list(dict.fromkeys(typed_for.get(word, word) for word in searched if word))

    def analyze(self, query: str, hits: list[Hit] | None = None) -> QueryAnalysis:
        """Answered, emergency, other help center and did-you-mean, judged as the browser does.
        `hits`: the search's results for `query`, when already known (at least the first three)."""
        hits = self.search(query, ANSWER_RESULTS) if hits is None else hits
        first = hits[0].location if hits else None
        return self.model.analyze(query, self.rewriter.rewrite(query), [hit.parts for hit in hits], first)

    def answer(self, query: str) -> Hit | None:
        """The result that answers `query` (`kbgen.search.analysis.answered`), or None."""
        hits = self.search(query, ANSWER_RESULTS)
        if hits and self.model.pins(self.rewriter.rewrite(query), hits[0].location):
            return hits[0]
        position = answering([hit.parts for hit in hits], self.model.filler, self.model.answer_results)
        return None if position is None else hits[position]

    def _hit(self, group: list[Item]) -> Hit:
        page = next(item for item in group if item.is_page)
        best = group[0]
        return Hit(
            location=page.location,
            title=html.unescape(page.title),
            score=best.score,
            url=urljoin(self.site_url, page.location),
            summary=summary_of(page.text),
            audience=self.audience,
            terms=best.terms,
            sections=tuple(item.location for item in group if not item.is_page and item.score > 0),
            parts=tuple(item.terms for item in group),
        )


def _pages(groups: list[list[Item]]) -> list[str]:
    return [next(item.location for item in group if item.is_page) for group in groups]


def summary_of(text: str) -> str:
    """The first paragraph of an indexed page: kbgen renders the article summary there."""
    match = _FIRST_PARAGRAPH.search(text)
    return html.unescape(_TAG.sub("", match[1] if match else text)).strip()


def load_index(site_dir: Path, audience: str) -> SiteIndex:
    """The search index of `audience`'s help center in `site_dir` (found by its kbgen.json)."""
    audience_dir = find_sites(site_dir).get(audience)
    if audience_dir is None:
        raise IndexNotFound(
            f"no {audience} help center in {site_dir} (no folder's {FACTS_FILE} names it): "
            "run `kbgen build` first, or pass --site DIR"
        )
    return load_site_index(audience_dir)


def load_site_index(audience_dir: Path) -> SiteIndex:
    """The search index of the help center built in `audience_dir`, as published by `kbgen build`."""
    path = Path(audience_dir) / INDEX_PATH
    if not path.is_file():
        raise IndexNotFound(f"no search index at {path}: run `kbgen build` first, or pass --site DIR")
    try:
        facts = read_site_facts(audience_dir)
    except SiteFactsNotFound as exc:
        raise IndexNotFound(str(exc)) from exc
    data = keyword_sets.expand(json.loads(path.read_text(encoding="utf-8")))
    return SiteIndex(
        data, audience=facts.audience, site_url=facts.site_url, emergency_line=facts.emergency_line
    )
