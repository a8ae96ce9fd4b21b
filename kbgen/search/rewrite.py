"""Query rewriting: what a visitor types, turned into the query Material's lunr search should run.

Material turns every typed word into an OR'ed prefix wildcard, so in "how do i pay my rent" the
words "do", "i" and "my" match "dog", "insurance" and "mystery" and decide the ranking. Before the
worker searches, kbgen's wrapper worker (`overrides/assets/javascripts/workers/kbgen-search.js`)
rewrites the query with the rules below; this module is the same rewrite for `kbgen find`, and
both read their data from the index itself (`config.kbgen`, written by `kbgen.search.tuning`):

- queries with lunr syntax (`+`, `-` in front of a word, `:`, `^`, `~`, `*`, quotes) run as typed;
- known misspellings and phrases are replaced (`corrections`, from the vocabulary); a filler
  phrase ("my tenant") is its own correction, so that it is read as one word, then dropped; a
  negation however typed ("hasnt", "didn't", "never": `negations`) reads as "not" in a phrase,
  so "my tenant hasnt paid" finds the vocabulary's "not paid" (late rent), not "paid" (payouts);
- filler words (`filler`: stop words, question words, "please"...) are dropped, and so is a word of
  one or two letters the index does not hold whole ("p" while typing "pets"): each would match
  nearly every article, slowly and uselessly; a query left with no word searches nothing; one the
  index holds ("ac", "tv") is searched whole, never as a prefix (`short_word_length` in the data);
- a word found nowhere in the index (not even as the start of an indexed word) becomes the closest
  word the index uses in a title, tag, keyword or heading: "thermastat" searches "thermostat";
  but not a form of a word the index holds ("backing" of "back" is no typo of "banking");
- the typed words, so corrected, go through the emergency model (`kbgen.search.emergency`).

Everything else is left to Material (prefix wildcards, OR, boosts), so its ranking, result
rendering and "Missing:" terms stay its own.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kbgen.search.emergency import EmergencyModel
from kbgen.search.words import deletions, edit_distance, may_be_typo_of, stem

SYNTAX = re.compile(r"""(?:^|\s)[+\-]|[:^~*"]""")
MARKUP = re.compile(r"<[^>]*>")
LETTERS = re.compile(r"^[a-z]+$")
# a word this short searches only when the index holds it whole ("ac", "tv"), and never as a prefix
MAX_PARTIAL_LENGTH = 2
MIN_CORRECTED_LENGTH = 4  # shorter words have too many neighbours ("fee" / "fed" / "few")
NAMING_FIELDS = ("title", "tags", "keywords")  # plus section titles: the words that name things


def split_words(text: str, separator: re.Pattern[str]) -> list[str]:
    """Lower-case words of `text` without markup, split as the index splits them."""
    return [word for word in separator.split(MARKUP.sub(" ", text).lower()) if word]


def field_text(value: Any) -> str:
    return " ".join(value) if isinstance(value, list) else str(value or "")


@dataclass(frozen=True)
class IndexWords:
    """Every word the index holds (sorted, for prefix checks) and the naming words with their counts."""

    sorted_words: list[str]
    naming: Counter[str]
    pages: Counter[str]  # word -> how many articles use it
    page_count: int

    @classmethod
    def of(
        cls, docs: Iterable[dict[str, Any]], fields: Iterable[str], separator: re.Pattern[str]
    ) -> IndexWords:
        everything: set[str] = set()
        naming: Counter[str] = Counter()
        per_page: dict[str, set[str]] = {}
        for doc in docs:
            page = per_page.setdefault(doc["location"].split("#")[0], set())
            for name in fields:
                found = split_words(field_text(doc.get(name)), separator)
                everything.update(found)
                page.update(found)
                if name in NAMING_FIELDS:
                    naming.update(found)
        pages = Counter(word for found in per_page.values() for word in found)
        return cls(sorted(everything), naming, pages, len(per_page))

    def starts_a_word(self, prefix: str) -> bool:
        position = bisect.bisect_left(self.sorted_words, prefix)
        return position < len(self.sorted_words) and self.sorted_words[position].startswith(prefix)


@dataclass(frozen=True)
class Rewrite:
    query: str  # what Material's worker searches
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> the word searched
    emergency: str | None = None  # the emergency intent the typed words, corrected, describe
    words: list[str] = field(default_factory=list)  # the words searched, corrected (no lunr syntax)


class QueryRewriter:
    """The rewrite both the browser's worker and `kbgen find` apply to a typed query."""

    def __init__(self, rules: dict[str, Any], words: IndexWords, separator: re.Pattern[str]) -> None:
        self.filler = frozenset(rules.get("filler", []))
        self.emergency = EmergencyModel.of(rules.get("emergency"))
        self.corrections: dict[str, str] = rules.get("corrections", {})
        self.negations: dict[str, str] = rules.get("negations", {})  # typed -> as a phrase spells it
        self.phrases = sorted(
            (key.split(" ") for key in self.corrections if " " in key), key=len, reverse=True
        )
        self.words = words
        self.separator = separator
        self.candidates = sorted(  # never a filler word: "mother" is no typo of "other"
            (
                w
                for w in words.naming
                if len(w) >= MIN_CORRECTED_LENGTH and LETTERS.match(w) and w not in self.filler
            ),
            key=lambda w: (-words.naming[w], w),
        )

    def rewrite(self, query: str) -> Rewrite:
        if SYNTAX.search(query):
            return Rewrite(query, emergency=self.emergency.detect(split_words(query, self.separator)))
        typed = self._join_phrases(split_words(query, self.separator))
        rewritten: list[str] = []
        corrections: dict[str, str] = {}
        said: list[str] = []  # every typed word, corrected: what the emergency model reads
        for word in typed:
            corrected = word if word in self.filler else self.correct(word)
            said += (word if " " in word else corrected).split(" ")  # a phrase as typed, negation as "not"
            if word in self.filler or (
                len(corrected) <= MAX_PARTIAL_LENGTH and corrected not in self.words.pages
            ):
                continue  # filler, or a word being typed ("p", "pe"): as a prefix it matches most articles
            if corrected != word:
                corrections[word] = corrected
            if corrected not in rewritten:
                rewritten.append(corrected)
        return Rewrite(
            " ".join(self.clause(word) for word in rewritten),
            corrections,
            self.emergency.detect(said),
            rewritten,
        )

    def clause(self, word: str) -> str:
        """A word the index holds as a whole also counts as a whole word, weighed by its rarity.

        Material still matches every word as a prefix ("fee" finds "fees"); the extra whole-word
        clause lifts articles that use the word itself over those with a longer one ("air" over
        "airbnb"), and rare words over common ones ("dog" over "tenant" on an owner site). A word
        of `MAX_PARTIAL_LENGTH` letters or fewer is searched only whole, as much as both clauses
        weigh it: as a prefix "re" or "ac" stands for a hundred words and most articles, which
        costs a phone tens of ms per keystroke and ranks nothing.
        """
        pages = self.words.pages.get(word, 0)
        if not pages:
            return word
        rarity = max(1, math.floor(math.log2(self.words.page_count / pages) + 0.5))
        if len(word) <= MAX_PARTIAL_LENGTH:
            return f"{word}^{rarity + 1}"
        return f"{word}^{rarity} {word}"

    def _join_phrases(self, typed: list[str]) -> list[str]:
        """Multi-word corrections ("pay out", "not paid") become one word; a phrase reads any
        negation as "not" ("hasnt paid", "has not paid" and "never paid" are "not paid")."""
        read = [self.negations.get(word, word) for word in typed]
        result: list[str] = []
        i = 0
        while i < len(typed):
            phrase = next((p for p in self.phrases if read[i : i + len(p)] == p), None)
            if phrase:
                result.append(" ".join(phrase))
                i += len(phrase)
            else:
                result.append(typed[i])
                i += 1
        return result

    @cached_property
    def _by_deletion(self) -> dict[str, list[int]]:
        """The candidates' ranks under every string two deletions away from them: a word within
        two edits of a candidate shares one (`deletions`), so `correct` compares a few candidates,
        not thousands (the build checks thousands of English words). The browser, correcting one
        word a keystroke, compares them all: the same choice."""
        found: dict[str, list[int]] = {}
        for rank, candidate in enumerate(self.candidates):
            for variant in deletions(candidate, 2):
                found.setdefault(variant, []).append(rank)
        return found

    def correct(self, word: str) -> str:
        """The word itself when the index knows it, else its known correction or the closest word."""
        if word in self.corrections:
            return self.corrections[word]
        if len(word) < MIN_CORRECTED_LENGTH or not LETTERS.match(word) or self.words.starts_a_word(word):
            return word
        if stem(word) in self.words.pages:
            return word  # a form of a word the index holds ("backing" of "back"), not a typo of "banking"
        limit = 1 if len(word) <= 7 else 2
        best: tuple[int, int, int] | None = None
        choice = word
        near = {rank for variant in deletions(word, limit) for rank in self._by_deletion.get(variant, ())}
        for rank in sorted(near):
            candidate = self.candidates[rank]
            if not may_be_typo_of(word, candidate):
                continue
            distance = edit_distance(word, candidate, limit)
            if distance <= limit:
                key = (distance, int(candidate[0] != word[0]), rank)
                if best is None or key < best:
                    best, choice = key, candidate
        return choice
