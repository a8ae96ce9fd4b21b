"""What a query is about, beyond its results: an emergency, the other help center, a likely typo.

The rules come from the index's companion file `search/kbgen-search.json`, the same file the
browser script reads, so `kbgen find`, the miss report and the browser judge a query alike.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.stop_word_filter import stop_word_filter

from kbgen.search.words import closest, stem, words

CLIENT_FILE = Path("search") / "kbgen-search.json"
STRONG_SHARE = 0.5  # a top result is confident when it has more than half of the query's words


@dataclass(frozen=True)
class QueryAnalysis:
    query: str
    normalized: str  # for grouping equal searches: lower-case words, single spaces
    emergency: bool  # the resident site shows the emergency card
    other_audience: bool  # the words belong to the other help center
    suggestion: str | None  # "Did you mean ...", when a word was found nowhere


def normalize(query: str) -> str:
    """The query as a grouping key: accents folded, lower-case words, no punctuation."""
    folded = unicodedata.normalize("NFKD", query).encode("ascii", "ignore").decode()
    return " ".join(words(folded))


def content_words(query: str) -> list[str]:
    return [word for word in words(query) if stop_word_filter(word) is not None]


def is_strong(terms: dict[str, bool]) -> bool:
    """Material's per-result term flags say whether the result answers most of the query."""
    content = [found for term, found in terms.items() if stop_word_filter(term) is not None]
    return bool(content) and sum(content) / len(content) > STRONG_SHARE


def corrected(query: str, corrections: dict[str, str] | None) -> str | None:
    """The query as it was searched, when the search corrected some of its words."""
    typed = words(query)
    if not corrections or not any(word in corrections for word in typed):
        return None
    return " ".join(corrections.get(word, word) for word in typed)


class QueryRules:
    """The emergency, other-site and suggestion rules one audience's index was built with."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.words: list[str] = data.get("words", [])
        self.emergency = [frozenset(rule) for rule in data.get("emergency", [])]
        self.unless = frozenset(data.get("unless", []))
        self.markers = [frozenset(marker) for marker in data.get("other_audience_markers", [])]

    @classmethod
    def load(cls, audience_dir: Path) -> QueryRules:
        path = audience_dir / CLIENT_FILE
        return cls(json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {})

    def analyze(
        self,
        query: str,
        missing: list[str] | None = None,
        *,
        weak: bool = True,
        corrections: dict[str, str] | None = None,
    ) -> QueryAnalysis:
        """`missing`: the query words the top result lacks (all of them when nothing was found);
        `weak`: the top result is not a confident answer; `corrections`: typed words the search
        replaced (the query rewrite). A correction, or a weak answer, earns a suggestion."""
        stems = {stem(word) for word in words(query)}
        emergency = not stems & self.unless and any(rule <= stems for rule in self.emergency)
        return QueryAnalysis(
            query=query,
            normalized=normalize(query),
            emergency=emergency,
            other_audience=any(marker <= stems for marker in self.markers),
            suggestion=corrected(query, corrections)
            or (self.suggest(query, content_words(query) if missing is None else missing) if weak else None),
        )

    def suggest(self, query: str, missing: list[str]) -> str | None:
        """The query with each unknown word replaced by the nearest word the site knows."""
        replaced = {}
        for word in missing:
            if len(word) >= 4 and not any(known.startswith(word) for known in self.words):
                near = closest(word, self.words, limit=1 if len(word) <= 7 else 2)
                if near:
                    replaced[word] = near
        if not replaced:
            return None
        return " ".join(replaced.get(word, word) for word in words(query))
