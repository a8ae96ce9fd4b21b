"""The hidden `keywords` field, written once per synonym group instead of once per article.

Articles that name the same group carry nearly the same keywords: its synonyms and their forms.
On 1,000 articles those repeats were half of the gzipped index (gzip sees only the last 32 KB, so
it cannot share them). The build writes each group's usual words once, in `config.kbgen.keyword_sets`;
an article lists the sets it uses (`keyword_sets`), the words it lacks of them (`keywords_without`)
and its own words in `keywords`, each as often as its weight. Reading the index, the browser's
worker (`expandKeywordSets` in `workers/kbgen-search.js`) and `kbgen.search` (`expand`) give every
article back exactly the `keywords` it had: the same words, the same weights, the same ranking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

SETS = "keyword_sets"  # in config.kbgen: each set's words; in a doc: the sets it uses
WITHOUT = "keywords_without"  # in a doc: words of its sets it does not carry


def keyword_field(weights: dict[str, int]) -> str:
    """The hidden `keywords` field: each word as often as its weight (lunr scores term frequency)."""
    return " ".join(" ".join([word] * weight) for word, weight in sorted(weights.items()))


def encode(
    docs: list[dict[str, Any]], keywords: Sequence[dict[str, int] | None], groups: Sequence[frozenset[str]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The docs with their keywords written against shared sets, and the sets' words.

    `keywords[i]` is doc i's keyword weights (None for a doc without the field, a section), and
    `groups[i]` the synonym groups its title and tags name. A group's set holds the words that most
    of its articles carry; an article uses a set only when the set gives it more words than it
    would have to take back out.
    """
    named: dict[str, list[int]] = {}
    for number, doc_groups in enumerate(groups):
        if keywords[number] is not None:
            for group in doc_groups:
                named.setdefault(group, []).append(number)
    sets: list[str] = []
    set_words: list[set[str]] = []
    set_of_group: dict[str, int] = {}
    for group, numbers in sorted(named.items()):
        if len(numbers) < 2:
            continue
        counts = Counter(word for number in numbers for word in keywords[number] or {})
        usual = {word for word, count in counts.items() if 2 * count > len(numbers)}
        if usual:
            set_of_group[group] = len(sets)
            sets.append(" ".join(sorted(usual)))
            set_words.append(usual)
    encoded = []
    for number, doc in enumerate(docs):
        weights = keywords[number]
        if weights is None:
            encoded.append(doc)
            continue
        used = [
            set_of_group[group]
            for group in sorted(groups[number])
            if group in set_of_group
            and len(set_words[set_of_group[group]] & weights.keys())
            > len(set_words[set_of_group[group]] - weights.keys())
        ]
        given = set().union(*(set_words[index] for index in used))
        own = {word: weight for word, weight in weights.items() if word not in given or weight != 1}
        doc = {**doc, "keywords": keyword_field(own)}
        if used:
            doc[SETS] = used
        without = sorted(given - weights.keys())
        if without:
            doc[WITHOUT] = " ".join(without)
        encoded.append(doc)
    return encoded, sets


def expand(data: dict[str, Any]) -> dict[str, Any]:
    """A search index as read from disk, with every doc's `keywords` written out in full."""
    sets = ((data.get("config") or {}).get("kbgen") or {}).get(SETS) or []
    if not sets:
        return data
    docs = []
    for doc in data.get("docs", []):
        if SETS not in doc:
            docs.append(doc)
            continue
        weights = dict.fromkeys((word for index in doc[SETS] for word in sets[index].split()), 1)
        for word in str(doc.get(WITHOUT) or "").split():
            weights.pop(word, None)
        weights.update(Counter(str(doc.get("keywords") or "").split()))
        full = {key: value for key, value in doc.items() if key not in (SETS, WITHOUT)}
        docs.append({**full, "keywords": keyword_field(weights)})
    return {**data, "docs": docs}
