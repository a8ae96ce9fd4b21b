"""Re-running a group of searches against the current site: write, add words, or answered.

- `answered`: the site's search now answers the group's words (kbgen.search.analysis.answered,
  the rule the browser logger applies), so the browser would not log it again;
- `add-words`: no good result, but an article already covers the group's meaning under other
  words (stems, typos, run-together words, the vocabulary's synonym groups it carries as hidden
  keywords), each word weighted by how much it says: how rare it is in English (wordfreq), so
  "scorpion" carries a sentence and "saw", "night" or "crawling" do not; the verdict names the
  article and the words to add to its title or tags. The words judged are the topic words the
  search looks for: typos corrected, question scaffolding and filler ("how long does", "please")
  dropped;
- `write`: nothing on the site covers it: a new article is needed. The article nearest in words
  is named when it covers part of the meaning, with the words it lacks, for the writer to check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from kbgen.search.words import english_frequency
from kbgen.signals.analysis.site_pages import Page
from kbgen.signals.analysis.words import (
    MIN_TYPO_LENGTH,
    STOP_WORDS,
    SpellingIndex,
    fold,
    stem,
    words,
)

WRITE, ADD_WORDS, ANSWERED = "write", "add-words", "answered"
VERDICTS = (WRITE, ADD_WORDS, ANSWERED)
COVERAGE_FOR_ADD_WORDS = 0.7  # share of the group's meaning (words weighed) one article must cover
# ... or the site search's first result, which the ranking (synonyms, boosts) already backs
COVERAGE_FOR_TOP_RESULT = 0.55
# A write still names the article nearest in words when it covers this much: the writer checks it
# before writing (a false write costs a glance, not an article), and says where a new one belongs.
COVERAGE_FOR_NEAREST = 0.4
BODY_ONLY_WEIGHT = 0.5  # a word only in an article's body counts half: visitors scan titles
# A word's weight is MOST_COMMON_ZIPF minus its Zipf frequency in English (english_frequency).
# The site's own word counts were the measure before: on a site of 40 articles every ordinary word
# it never uses ("crawling", "upstairs") weighed most, and 65% of well-answered long sentences
# ended as write (README, "Search misses").
MOST_COMMON_ZIPF = 8.0
LEAST_WEIGHT = 0.05
# "night" 5.6, "under" 5.9, "saw" 5.4: too common to tell a writer which word an article lacks
EVERYDAY_WORD_ZIPF = 5.0
NUMBER_WEIGHT = 0.5  # "3am", "350", "6 weeks": a detail of the situation, never its topic
_MATERIAL_SEPARATOR = re.compile(r"[\s\-]+")  # Material's English search separator


class SearchHit(Protocol):
    location: str
    title: str
    score: float
    terms: dict[str, bool]  # query term -> found in this article, as Material marks it


class SiteSearch(Protocol):
    """The site's own search (kbgen.search): the same analysis and ranking as the browser."""

    def search(self, query: str, limit: int) -> Sequence[SearchHit]: ...

    def topic_words(self, query: str) -> list[str]: ...

    def answer(self, query: str) -> SearchHit | None:
        """The result that answers `query` by kbgen.search's one rule, or None."""
        ...


@dataclass(frozen=True)
class Verdict:
    verdict: str
    article: str = ""  # location of the article inside its site, e.g. "pay-rent-online/"
    article_title: str = ""
    add_words: tuple[str, ...] = ()
    nearest: str = ""  # write: the article covering the most of the meaning, when it covers enough
    nearest_title: str = ""
    nearest_lacks: tuple[str, ...] = ()  # the topic words its title, tags and headings lack


class _Words:
    """The words of one text, ready for both views: Material's and the report's looser one."""

    def __init__(self, text: str) -> None:
        self.tokens = {token for token in _MATERIAL_SEPARATOR.split(fold(text)) if token}
        found = words(text)
        self.words = set(found)
        self.stems = {stem(word) for word in found}
        self.run_together = {a + b for a, b in pairwise(found)}

    def shows(self, term: str) -> bool:
        """Material's view: some token starts with `term` (every query term gets a wildcard)."""
        return any(token.startswith(term) for token in self.tokens)

    def covers(self, word: str, typos: SpellingIndex) -> bool:
        """The report's view: same stem, a prefix, one typo away, or two words run together."""
        return (
            stem(word) in self.stems
            or (len(word) >= MIN_TYPO_LENGTH - 1 and any(token.startswith(word) for token in self.words))
            or word in self.run_together
            or any(stem(other) in self.stems for other in typos.neighbours(word))
        )


class _PageWords:
    def __init__(self, page: Page) -> None:
        self.headline = _Words(page.headline)
        self.everything = _Words(page.all_text)
        self.words = self.everything.words
        self.stems = self.everything.stems
        self.title_stems = {stem(word) for word in words(page.title)}


class Rechecker:
    """Verdicts for groups of one audience against that audience's built site."""

    def __init__(self, pages: Mapping[str, Page], search: SiteSearch | None = None) -> None:
        self._pages = dict(pages)
        self._words = {location: _PageWords(page) for location, page in self._pages.items()}
        self._search = search
        self._typos = SpellingIndex(set().union(*(page_words.words for page_words in self._words.values())))

    def verdict(self, query: str) -> Verdict:
        answer = self._shown_on_top(query)
        if answer is not None:
            return Verdict(ANSWERED, answer, self._pages[answer].title)
        candidates = self._candidates(query)
        query_words = self._topic_words(query)
        best = self._covering(query_words, candidates, COVERAGE_FOR_TOP_RESULT, COVERAGE_FOR_ADD_WORDS)
        if best is not None:
            return self._naming(query_words, best)
        nearest = self._covering(query_words, candidates, COVERAGE_FOR_NEAREST, COVERAGE_FOR_NEAREST)
        if nearest is None:
            return Verdict(WRITE)
        named = self._naming(query_words, nearest)
        lacks = named.add_words
        return Verdict(WRITE, nearest=nearest, nearest_title=named.article_title, nearest_lacks=lacks)

    def naming(self, query: str, location: str) -> Verdict:
        """The verdict naming the article at `location` (one visitors opened after searching
        `query`): add-words with the topic words its title, tags and headings lack."""
        return self._naming(self._topic_words(query), location)

    def _naming(self, query_words: list[str], location: str) -> Verdict:
        """The article at `location`, with the words to add: the topic words its title, tags and
        headings lack, without everyday ones ("saw", "last night") when rarer ones say more."""
        headline = self._words[location].headline
        missing = tuple(word for word in query_words if not headline.shows(word))
        telling = tuple(word for word in missing if english_frequency(word) < EVERYDAY_WORD_ZIPF)
        title = self._pages[location].title
        return Verdict(ADD_WORDS if missing else ANSWERED, location, title, telling or missing)

    def _shown_on_top(self, query: str) -> str | None:
        """The article that answers `query` by the site search's rule (the logger's). Without the
        site's search, an article whose title, tags or headings hold every word: Material's boosts
        put those on top."""
        if self._search is None:
            terms = _material_terms(query)
            shows_all = (loc for loc in self._pages if all(self._words[loc].headline.shows(t) for t in terms))
            return next(shows_all, None) if terms else None
        hit = self._search.answer(query) if query.strip() else None
        location = hit.location.split("#", 1)[0] if hit else None
        return location if location in self._pages else None

    def _topic_words(self, query: str) -> list[str]:
        """What the query is about: the site search's own topic words (typos corrected, filler
        and question scaffolding dropped), else the query's words without stop words."""
        found = self._search.topic_words(query) if self._search is not None else []
        return found or list(dict.fromkeys(words(query)))

    def _candidates(self, query: str) -> list[str]:
        """Article locations to judge, best first: the site search's results, else every article."""
        if self._search is None:
            return list(self._pages)
        found: list[str] = []
        for attempt in (query, " ".join(stem(word) for word in words(query))):
            for hit in self._search.search(attempt, 10) if attempt.strip() else []:
                location = hit.location.split("#", 1)[0]
                if location in self._pages and location not in found:
                    found.append(location)
        return found

    def _covering(
        self, query_words: list[str], candidates: list[str], top_share: float, any_share: float
    ) -> str | None:
        """The article that covers the query's meaning: the search's first result when it covers
        `top_share` of the weight (its ranking, synonyms and boosts back it: another article covering
        a few more words is seldom the one meant), else the candidate covering most, `any_share` at
        least."""
        if self._search is not None and candidates:
            top, coverage = self._best_cover(query_words, candidates[:1])
            if top is not None and coverage >= top_share:
                return top
        best, coverage = self._best_cover(query_words, candidates)
        return best if best is not None and coverage >= any_share else None

    def _best_cover(self, query_words: list[str], candidates: list[str]) -> tuple[str | None, float]:
        """The candidate covering most of the words' weight; on a tie, the one whose title has more."""
        weights = {word: meaning_weight(word) for word in query_words}
        total = sum(weights.values())
        if not total or not candidates:
            return None, 0.0

        def rank(location: str) -> tuple[float, int]:
            page_words = self._words[location]
            covered = sum(weight * self._cover(page_words, word) for word, weight in weights.items())
            in_title = sum(stem(word) in page_words.title_stems for word in query_words)
            return covered / total, in_title

        best = max(candidates, key=rank)
        return best, rank(best)[0]

    def _cover(self, page_words: _PageWords, word: str) -> float:
        if page_words.headline.covers(word, self._typos):
            return 1.0
        return BODY_ONLY_WEIGHT if page_words.everything.covers(word, self._typos) else 0.0


def meaning_weight(word: str) -> float:
    """How much a topic word says: the rarer in English, the more (MOST_COMMON_ZIPF above)."""
    if any(character.isdigit() for character in word):
        return NUMBER_WEIGHT
    return max(LEAST_WEIGHT, MOST_COMMON_ZIPF - english_frequency(word))


def _material_terms(query: str) -> list[str]:
    """The query's topic terms as Material's search sends them: split on its separator, lower case."""
    terms = (term.strip("\"'+-*~^:") for term in _MATERIAL_SEPARATOR.split(fold(query)))
    return [term for term in terms if term and term not in STOP_WORDS]
