"""The search's words: its tokenizer (`tokens`), stems, typo tolerance, and the word forms the
browser cannot work out by itself. The browser's copy of `tokens`, `stem` and `edit_distance` is
`overrides/assets/javascripts/kbgen-analysis.js` (tests/search/test_analysis_parity.py).

Material's English search has no stemmer and matches each typed word as a prefix of indexed words:
"fee" finds "fees", but "fees" does not find "fee", and "thermastat" finds nothing. So kbgen
writes the forms people type into the index: plurals and verb endings of an article's key words,
and their likely misspellings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from wordfreq import iter_wordlist, zipf_frequency

# How the index splits text into words (Material's `config.separator`, set by kbgen.search.tuning):
# punctuation, HTML entities and a trailing "'s"/"n't" end a word: "allowed?" is "allowed",
# "won't" is "won", "1.5" stays whole.
SEPARATOR = (
    r"""&(?:amp|lt|gt|quot|#39);|[\s\-,:;!?=\[\](){}"/\\|]+|\.(?!\d)|['’](?:[A-Za-z]{1,2}(?![A-Za-z]))?"""
)
_SEPARATOR = re.compile(SEPARATOR)
_MARKUP = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_VOWELS = "aeiou"
MIN_TYPO_LENGTH = 5  # shorter words have too many real-word neighbours ("over" / "hover")
# An English word at least this common (Zipf frequency: 3.5 is about one use in 300,000 words) is
# typed for itself, not as a typo: "snow", "fined", "original". Rarer ones may be slips ("leek" of
# "leak", "tennant" of "tenant").
COMMON_WORD_ZIPF = 3.5


def words(text: str) -> list[str]:
    """Lower-case words of plain text; "tenant's" is "tenant", and "isn't" is no word at all."""
    found = []
    for word in _WORD.findall(text.lower()):
        base, _, ending = word.replace("’", "'").partition("'")
        if ending != "t":
            found.append(base)
    return found


def tokens(text: str) -> list[str]:
    """Lower-case words of `text` without markup, split as the index splits them (the search's tokenizer)."""
    return [word for word in _SEPARATOR.split(_MARKUP.sub(" ", text).lower()) if word]


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light stem, only to compare words ("disposals" ~ "disposal", "leaking" ~ "leak")."""
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            base = word[: -len(suffix)] + keep
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "ls":
                base = base[:-1]  # "stopped" -> "stop"
            return base
    return word


@lru_cache(maxsize=65536)
def english_frequency(word: str) -> float:
    """How common `word` is in English: its Zipf frequency (wordfreq), log10 of its uses per billion
    words: "the" 7.7, "night" 5.6, "kitchen" 4.7, "scorpion" 3.4, "remova" or nonsense 0."""
    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def common_english_words() -> tuple[str, ...]:
    """English words of letters only, at least `COMMON_WORD_ZIPF` common, most common first."""
    found = []
    for word in iter_wordlist("en"):
        if english_frequency(word) < COMMON_WORD_ZIPF:
            break
        if word.isascii() and word.isalpha():
            found.append(word)
    return tuple(found)


def deletions(word: str, times: int = 1) -> set[str]:
    """`word` and every string up to `times` deletions away: two words within `times` edits (an
    adjacent swap included) share one of these."""
    found = {word}
    for _ in range(times):
        found |= {variant[:i] + variant[i + 1 :] for variant in found for i in range(len(variant))}
    return found


def inflections(word: str) -> set[str]:
    """Plural and verb forms of `word`, and its base form, so that any of them finds the others."""
    if len(word) < 3 or not word.isalpha():
        return {word}
    base = stem(word)
    forms = {word, base}
    if base.endswith("y") and base[-2:-1] not in _VOWELS:
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    elif base.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {base + "es"}
    else:
        forms |= {base + "s"}
    stem_for_suffix = base[:-1] if base.endswith("e") else base
    forms |= {stem_for_suffix + "ing", stem_for_suffix + "ed"}
    return forms


def typo_variants(word: str) -> set[str]:
    """The misspellings people make most: a letter left out, two swapped, a vowel confused, a letter doubled.

    The first letter is kept as typed: people rarely miss it, and keeping it stops short real words
    from matching longer ones.
    """
    if len(word) < MIN_TYPO_LENGTH or not word.isalpha():
        return set()
    variants: set[str] = set()
    for i in range(1, len(word)):
        variants.add(word[:i] + word[i + 1 :])  # left out
        if i + 1 < len(word):
            variants.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # swapped
        if word[i] in _VOWELS:
            variants.update(word[:i] + vowel + word[i + 1 :] for vowel in _VOWELS)  # confused
        if word[i] not in _VOWELS and word[i] != word[i - 1]:
            variants.add(word[:i] + word[i] + word[i:])  # doubled
    variants.discard(word)
    return {variant for variant in variants if len(variant) >= MIN_TYPO_LENGTH - 1}


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), cut off above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


SHORT_WORD = 5  # letters: a short word that differs in its first letter is another word, not a typo


def may_be_typo_of(word: str, candidate: str) -> bool:
    """Whether `candidate` may be what `word` was meant to be: "bike" is no typo of "hike"."""
    return len(word) > SHORT_WORD or candidate[:1] == word[:1]


def closest(word: str, candidates: Iterable[str], limit: int = 2) -> str | None:
    """The candidate nearest to `word` within `limit` edits, preferring the first letter typed."""
    best: tuple[int, int, str] | None = None
    for candidate in candidates:
        if not may_be_typo_of(word, candidate):
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            key = (distance, candidate[:1] != word[:1], candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else None
