"""The words of a search, as the misses report compares them: folded, stemmed, typo-tolerant.

Stop words, edit distance and the shortest typo come from the search (`kbgen.search`); the stem is
Porter's, coarser than the search's light one, because grouping wants "renewal" with "renew".

Grouping and the re-check against the site both need "do these two phrasings mean the same
words?"; this module is the one answer, so the two never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from lunr.stemmer import porter_stemmer

from kbgen.search.vocabulary import filler_words, load_vocabulary
from kbgen.search.words import MIN_TYPO_LENGTH, deletions, edit_distance
from kbgen.signals.intake.scrub import PLACEHOLDERS

# Words that carry no topic in a help-center question: the search's own (kbgen.search.vocabulary).
STOP_WORDS = frozenset(filler_words(load_vocabulary()))

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def fold(text: str) -> str:
    """Lower case without accents, placeholders removed: "Café  <unit>" -> "cafe  "."""
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, " ")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The topic words of `text`, in order: folded, apostrophes dropped, stop words removed."""
    found = (word.replace("'", "") for word in _WORD.findall(fold(text)))
    return [word for word in found if word not in STOP_WORDS and not word.endswith("s'")]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return porter_stemmer.stem(word)


class SpellingIndex:
    """Finds, for a word, known words one edit away (typos, transpositions, a letter missing)."""

    def __init__(self, known: Iterable[str]) -> None:
        self._by_deletion: dict[str, set[str]] = {}
        for word in known:
            if len(word) >= MIN_TYPO_LENGTH - 1:
                for variant in deletions(word):
                    self._by_deletion.setdefault(variant, set()).add(word)

    def neighbours(self, word: str) -> set[str]:
        if len(word) < MIN_TYPO_LENGTH:
            return set()
        found: set[str] = set()
        for variant in deletions(word):
            found |= self._by_deletion.get(variant, set())
        found.discard(word)
        # People rarely get the first letter wrong; "barking" is not a typo of "parking".
        return {other for other in found if other[0] == word[0] and edit_distance(word, other, 1) <= 1}
