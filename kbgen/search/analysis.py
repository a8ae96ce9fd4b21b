"""What a search found and what its query is about: answered or not, an emergency, the other help
center, a likely typo.

This is the one definition of these rules. The browser applies the same ones
(`overrides/assets/javascripts/kbgen-analysis.js`, run by the search worker on every result) from
the data `kbgen.search.tuning` writes into the index's `config.kbgen`, so the cards, the miss
logger, `kbgen find` and the miss report's verdicts judge a search alike; `tests/search/
test_analysis_parity.py` compares them on every labelled query.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kbgen.search.rank_first import pinned_key
from kbgen.search.rewrite import Rewrite
from kbgen.search.words import closest, stem, tokens, words

ANSWER_RESULTS = 3  # the results a visitor reads before deciding the search failed

Terms = Mapping[str, bool]  # Material's flags: query term -> found in this part of an article
Result = Sequence[Terms]  # one result: the terms of each of its parts (the article, its sections)


@dataclass(frozen=True)
class QueryAnalysis:
    query: str
    normalized: str  # for grouping equal searches: lower-case words, single spaces
    answered: bool  # see `answered`
    emergency: str | None  # the emergency intent; the card shows it where the site has an emergency line
    other_audience: bool  # the words belong to the other help center
    suggestion: str | None  # "Did you mean ...", when a word was corrected or found nowhere


def normalize(query: str) -> str:
    """The query as a grouping key: accents folded, lower-case words, no punctuation."""
    folded = unicodedata.normalize("NFKD", query).encode("ascii", "ignore").decode()
    return " ".join(words(folded))


def topic_terms(results: Sequence[Result], ignore: Collection[str]) -> list[str]:
    """The terms searched that say what the query is about: Material's terms (of the first part
    that matched anything) without filler."""
    first = next((part for result in results for part in result if part), {})
    return [term for term in first if term not in ignore]


def answered(results: Sequence[Result], ignore: Collection[str], top: int = ANSWER_RESULTS) -> bool:
    """THE meaning of "the search answered": one part (an article, or one of its sections) of one
    of the `top` first results holds every topic term searched, after the rewrite (typos corrected,
    filler dropped). Words scattered over a long article ("hot" water here, a bath "tub" there)
    answer nothing. A search that matched something but searched no topic term counts as answered,
    and so does a search an editor pinned to the article listed first (`TextModel.pins`).
    The cards, the miss logger (both through kbgen-analysis.js), `kbgen find` and the miss
    report's verdicts all use this rule.
    """
    return answering(results, ignore, top) is not None


def answering(results: Sequence[Result], ignore: Collection[str], top: int = ANSWER_RESULTS) -> int | None:
    """The position (0-based) of the first result that answers, by the rule of `answered`."""
    if not any(part for result in results for part in result):
        return None  # nothing matched (an emergency's article may be listed all the same)
    topic = topic_terms(results, ignore)
    for position, result in enumerate(results[:top]):
        if not topic or any(all(part.get(term) for term in topic) for part in result):
            return position
    return None


def corrected(query: str, corrections: Mapping[str, str]) -> str | None:
    """The query as it was searched, when the search corrected some of its words."""
    typed = tokens(query)
    if not any(word in corrections for word in typed):
        return None
    return " ".join(corrections.get(word, word) for word in typed)


class TextModel:
    """The analysis rules one audience's index was built with (its `config.kbgen`)."""

    def __init__(self, rules: Mapping[str, Any]) -> None:
        self.filler = frozenset(rules.get("filler", []))
        self.answer_results: int = rules.get("answer_results", ANSWER_RESULTS)
        self.words: list[str] = rules.get("words", [])  # naming words "Did you mean" may offer
        # words the typo correction leaves alone ("snow", "fined": kbgen.search.tuning.kept_words)
        self.kept = frozenset(word for word, fixed in rules.get("corrections", {}).items() if word == fixed)
        self.markers = [frozenset(marker) for marker in rules.get("other_audience_markers", [])]
        self.pinned: Mapping[str, list[str]] = rules.get("pinned", {})  # kbgen.search.rank_first

    def pins(self, rewrite: Rewrite, first: str | None) -> bool:
        """Whether an editor pinned this search to the article listed first (a `pinned` line): that
        article answers it, whatever words it lacks."""
        return first is not None and first in self.pinned.get(pinned_key(rewrite.words), [])

    def analyze(
        self, query: str, rewrite: Rewrite, results: Sequence[Result], first: str | None = None
    ) -> QueryAnalysis:
        """`rewrite`: what the search made of the query; `results`: the term flags of each part of
        each result, best first (Material's); `first`: the location of the first result. A
        correction, or no answer, earns a suggestion."""
        found = self.pins(rewrite, first) or answered(results, self.filler, self.answer_results)
        if results:
            missing = [term for term in topic_terms(results, self.filler) if not results[0][0].get(term)]
        else:
            missing = [word for word in tokens(query) if word not in self.filler]
        stems = {stem(word) for word in tokens(query)}
        return QueryAnalysis(
            query=query,
            normalized=normalize(query),
            answered=found,
            emergency=rewrite.emergency,
            other_audience=any(marker <= stems for marker in self.markers),
            suggestion=corrected(query, rewrite.corrections)
            or (None if found else self.suggest(query, missing)),
        )

    def suggest(self, query: str, missing: list[str]) -> str | None:
        """The query with each unknown word replaced by the nearest word the site knows; a word
        the typo correction keeps is no typo ("mental" is not "rental")."""
        replaced = {}
        for word in missing:
            if len(word) < 4 or word in self.kept or any(known.startswith(word) for known in self.words):
                continue
            near = closest(word, self.words, limit=1 if len(word) <= 7 else 2)
            if near:
                replaced[word] = near
        if not replaced:
            return None
        return " ".join(replaced.get(word, word) for word in tokens(query))
