"""Which searches mean the same thing: one group per future article.

Phrasings are folded (case, punctuation, accents, stop words), stemmed ("locked" ~ "lock"),
compared as sets (word order), as run-together words ("lock out" ~ "lockout") and with typos
corrected towards more common or site-known spellings ("pakring" -> "parking").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kbgen.signals.analysis.words import SpellingIndex, fold, stem, words


@dataclass(frozen=True)
class Phrasing:
    """A distinct query of one audience and how often it was searched."""

    audience: str
    query: str
    searches: int


def group_phrasings(
    phrasings: Iterable[Phrasing],
    known_words: Collection[str] = (),
    typed_on: Iterable[tuple[str, str, str]] = (),
) -> dict[Phrasing, str]:
    """The group key of every phrasing; phrasings of different audiences never share a group.
    `typed_on`: (audience, phrasing, the phrasing a visitor went on to type from it), one group."""
    by_audience: dict[str, list[Phrasing]] = defaultdict(list)
    for phrasing in phrasings:
        by_audience[phrasing.audience].append(phrasing)
    continued: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for audience, first, then in typed_on:
        continued[audience].append((first, then))
    keys: dict[Phrasing, str] = {}
    for audience, members in by_audience.items():
        keys |= _group_one_audience(members, frozenset(known_words), continued[audience])
    return keys


def _group_one_audience(
    phrasings: list[Phrasing], known_words: frozenset[str], typed_on: list[tuple[str, str]]
) -> dict[Phrasing, str]:
    tokens = {phrasing: words(phrasing.query) for phrasing in phrasings}
    spelling = _spelling_fixes(tokens, known_words)
    links = _UnionFind()
    by_query = {phrasing.query: phrasing for phrasing in phrasings}
    for first, then in typed_on:
        if first in by_query and then in by_query:
            links.join(by_query[first], by_query[then])
    stem_key: dict[Phrasing, str] = {}
    for phrasing, found in tokens.items():
        fixed = [spelling.get(word, word) for word in found]
        stems = [stem(word) for word in fixed]
        stem_key[phrasing] = " ".join(sorted(set(stems))) if stems else " ".join(fold(phrasing.query).split())
        links.join(phrasing, f"set:{stem_key[phrasing]}")
        if len(stems) > 1:
            links.join(phrasing, f"run:{''.join(stems)}")
            links.join(phrasing, f"run:{stem(''.join(fixed))}")
        elif stems:
            links.join(phrasing, f"run:{stems[0]}")
    weight: dict[object, Counter[str]] = defaultdict(Counter)
    for phrasing in phrasings:
        weight[links.root(phrasing)][stem_key[phrasing]] += phrasing.searches
    group_key = {root: min(counts, key=lambda key: (-counts[key], key)) for root, counts in weight.items()}
    return {phrasing: group_key[links.root(phrasing)] for phrasing in phrasings}


def _spelling_fixes(tokens: dict[Phrasing, list[str]], known_words: frozenset[str]) -> dict[str, str]:
    """Misspelt word -> the spelling it should count as: a site word, else a more searched one."""
    counts: Counter[str] = Counter()
    for phrasing, found in tokens.items():
        for word in found:
            counts[word] += phrasing.searches
    index = SpellingIndex(set(counts) | known_words)
    spellings_of_stem: Counter[str] = Counter(stem(word) for word in set(counts) | known_words)
    fixes = {}
    for word, count in counts.items():
        if word in known_words or spellings_of_stem[stem(word)] > 1:
            continue  # a known word, or another form of one ("bikes" next to "bike" is no typo of "bites")
        candidates = [
            other for other in index.neighbours(word) if other in known_words or counts[other] > count
        ]
        if candidates:
            fixes[word] = min(candidates, key=lambda other: (other not in known_words, -counts[other], other))
    return fixes


class _UnionFind:
    def __init__(self) -> None:
        self._parent: dict[object, object] = {}

    def root(self, item: object) -> object:
        parent = self._parent.setdefault(item, item)
        while parent != item:
            grand = self._parent[parent]
            self._parent[item] = grand
            item, parent = parent, grand
        return item

    def join(self, a: object, b: object) -> None:
        root_a, root_b = self.root(a), self.root(b)
        if root_a != root_b:
            self._parent[root_b] = root_a
