"""Articles listed first for a word: the vocabulary's `rank_first` lines, applied after ranking.

A word can be an article's own (in its title or tags) and still leave it second or fourth: other
articles use it as often, or the query's other words weigh more. More keywords cannot lift it
(lunr's BM25 saturates a repeated term), so when visitors keep opening that article low in the
list (`kbgen misses learn`), an editor accepts a line `[word, tag]` and a search holding the word
lists the article first, but only when the article matches every word searched: "hours" lists
"Office hours" first, "pool hours" leaves the pool article first.

A `pinned` line `[search, tag]` does the same for one whole search: visitors who typed "bought a
place that already has renters with a lease" opened the onboarding article second, and none of its
words names that article (they name others, or say little), so no word can lift it. The search
matches the line by its words as the search reads them (filler dropped, typos corrected, phrases
joined; then in any order and any form: `pinned_key`), and lists the article first whatever words
it lacks.

The build resolves each line to the articles the tag names (`places`, `pinned_places`) and writes
them into the index (`config.kbgen.rank_first`, stems to locations; `config.kbgen.pinned`, keys to
locations); `kbgen.search` and the browser's worker
(`overrides/assets/javascripts/workers/kbgen-search.js`, `rankFirst`, `pinnedFirst`) apply
`listed_first` and `pinned_first` alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from kbgen.search.words import inflections, stem, words

Group = TypeVar("Group")


def stems_of(text: str) -> str:
    """Light stems of `text`'s words, space-separated and padded, to find one phrase inside another."""
    return f" {' '.join(stem(word) for word in words(text))} "


def names(phrase: str, title: str, tags: Iterable[str]) -> bool:
    """Whether an article's title or one of its tags says `phrase` (compared by light stem)."""
    wanted = stems_of(phrase)
    return any(wanted in stems_of(name) for name in [title, *tags])


def places(
    lines: Iterable[tuple[str, str]], articles: Sequence[tuple[str, str, list[str]]]
) -> dict[str, list[str]]:
    """The index's data: the stem of each form of each line's word -> the locations of the
    `articles` (location, title, tags) its tag names (all of them, when several); a line naming no
    article of this help center adds nothing."""
    found: dict[str, list[str]] = {}
    for word, tag in lines:
        named = [location for location, title, tags in articles if names(tag, title, tags)]
        if not named:
            continue
        for form in sorted({stem(form) for form in inflections(word)}):  # "leases" stems apart from "lease"
            found[form] = list(dict.fromkeys([*found.get(form, []), *named]))
    return found


def pinned_key(searched: Sequence[str]) -> str:
    """A search's words as a pinned line matches them: their light stems, each once, in order."""
    return " ".join(sorted({stem(part) for word in searched for part in word.split(" ") if part}))


def pinned_places(
    lines: Iterable[tuple[str, str]],
    articles: Sequence[tuple[str, str, list[str]]],
    searched: Callable[[str], Sequence[str]],
) -> dict[str, list[str]]:
    """The index's data: each line's search, read as the search reads it (`searched`: the rewrite's
    words), as its `pinned_key` -> the locations of the `articles` its tag names."""
    found: dict[str, list[str]] = {}
    for search, tag in lines:
        named = [location for location, title, tags in articles if names(tag, title, tags)]
        key = pinned_key(searched(search))
        if named and key:
            found[key] = list(dict.fromkeys([*found.get(key, []), *named]))
    return found


def pinned_first(
    groups: list[Group], pages: Sequence[str], searched: Sequence[str], pinned: Mapping[str, list[str]]
) -> list[Group]:
    """`groups` (results, best first, of the pages `pages`) with the articles pinned for this very
    search moved to the top, in their order; the rest keep theirs."""
    wanted = pinned.get(pinned_key(searched), [])
    return _to_top(groups, [i for i, page in enumerate(pages) if page in wanted])


def listed_first(
    groups: list[Group],
    pages: Sequence[str],
    terms: Sequence[Mapping[str, bool]],
    searched: Sequence[str],
    first: Mapping[str, list[str]],
) -> list[Group]:
    """`groups` (results, best first, of the pages `pages`, each matching `terms`) with the
    articles a searched word is to list first moved to the top, in their order, where they match
    every term; the rest keep theirs."""
    parts = [part for word in searched for part in word.split(" ")]
    wanted = {location for part in parts for location in first.get(stem(part), [])}
    return _to_top(
        groups, [i for i, page in enumerate(pages) if page in wanted and terms[i] and all(terms[i].values())]
    )


def _to_top(groups: list[Group], lifted: list[int]) -> list[Group]:
    """`groups` with those at the positions `lifted` first, in their order; the rest keep theirs."""
    return [groups[i] for i in lifted] + [group for i, group in enumerate(groups) if i not in lifted]


def group_terms(parts: Iterable[Mapping[str, bool]]) -> dict[str, bool]:
    """The terms a result's parts (page and sections) match together: found where any part has it."""
    found: dict[str, bool] = {}
    for part in parts:
        for term, matched in part.items():
            found[term] = found.get(term, False) or matched
    return found
