"""Index tuning: rewrite one audience's `search/search_index.json` after MkDocs wrote it.

Material's worker builds its lunr index from that file in the browser, with the separator, the
fields and the boosts the file names, and it searches every field it lists while rendering only
title, text and tags. So kbgen, with no change to Material's code:

- drops what is not an answer (the home page, empty "Links"/"Related" sections),
- splits words at punctuation too ("allowed?" is "allowed"),
- adds a hidden `keywords` field to each article: its key words with their plurals and verb
  forms, the synonyms people use for them (vocabulary), and their likely misspellings, written
  once per synonym group (`keyword_sets`) and expanded when the index is read,
- weighs fields deliberately (title, tags and keywords well above body text),
- keeps the file within a download budget by shedding the least useful parts first,

and writes the search's text model into `config.kbgen` (`search_text_model`): filler words, typo
corrections and idioms (filler phrases that name a synonym group), the emergency model, the
answered rule, did-you-mean words, the other help center's markers and the articles listed first
for a word (`rank_first`) or a whole search (`pinned`), read by the browser's worker and by
`kbgen.search` alike.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lunr.stop_word_filter import stop_word_filter

from kbgen.search import keyword_sets
from kbgen.search.analysis import ANSWER_RESULTS
from kbgen.search.material import text_sections
from kbgen.search.rank_first import pinned_places, places
from kbgen.search.rewrite import MAX_PARTIAL_LENGTH, IndexWords, QueryRewriter, split_words
from kbgen.search.site_index import INDEX_PATH
from kbgen.search.vocabulary import Vocabulary, filler_phrases, filler_words, load_vocabulary
from kbgen.search.words import SEPARATOR, common_english_words, inflections, stem, words

FIELDS = {
    "title": {"boost": 50.0},
    "tags": {"boost": 50.0},
    "keywords": {"boost": 25.0},
    "text": {"boost": 1.0},
}
# Articles a result list carries: the ten Material renders at once. With more, Material also watches
# the list's scroll position to render the rest, measuring the fresh list's layout before it is shown.
MAX_RESULTS = 10
NOT = "not"  # how a phrase of the corrections spells any negation: `negations` map each to it
INDEX_BUDGET_GZIP = 280_000  # bytes each visitor downloads; the target is 300 KB for 1,000 articles


@dataclass(frozen=True)
class Level:
    """How much of the index to keep; the richest level that fits the budget wins."""

    name: str
    sections: bool  # body text as Material's section entries
    everyday_words: bool = True  # common English words kept from typo correction (`kept_words`)


LEVELS = (
    Level("full", True),
    Level("full, everyday words corrected", True, False),
    Level("compact", False),
    Level("compact, everyday words corrected", False, False),
)


@dataclass(frozen=True)
class TuneReport:
    level: str
    articles: int
    raw_bytes: int
    gzip_bytes: int


@dataclass
class Article:
    page: dict[str, Any]
    sections: list[dict[str, Any]]


def plain(html_text: str) -> str:
    return " ".join(text_sections(html_text)).replace("&amp;", "&")


def tune_audience_search(audience_dir: Path, audience: str, company_dir: Path) -> TuneReport:
    """The build's step after MkDocs: tune the index with kbgen's vocabulary and the company's."""
    return tune_search_index(audience_dir, audience, load_vocabulary(company_dir))


def tune_search_index(
    audience_dir: Path, audience: str, vocabulary: Vocabulary, budget: int = INDEX_BUDGET_GZIP
) -> TuneReport:
    """Rewrite `audience_dir/search/search_index.json` in place; return what was kept."""
    path = audience_dir / INDEX_PATH
    data = json.loads(path.read_text(encoding="utf-8"))
    articles = group_articles(data["docs"])
    known = site_words(articles)
    phrases = phrase_index(vocabulary.synonyms, filler_words(vocabulary))
    keywords = {id(a): article_keywords(a, vocabulary, known, phrases) for a in articles}
    model = search_text_model(vocabulary, audience, articles, keywords)
    for level in LEVELS:
        docs: list[dict[str, Any]] = []
        weights: list[dict[str, int] | None] = []  # a page's keywords; None for a section
        groups: list[frozenset[str]] = []
        for article in articles:
            article_docs = tuned_docs(article, keywords[id(article)], level)
            docs += article_docs
            weights += [keywords[id(article)].words, *[None] * (len(article_docs) - 1)]
            groups += [keywords[id(article)].groups] * len(article_docs)
        rules = {**model, "corrections": model["corrections"] | kept_words(vocabulary, model, docs, level)}
        rules["pinned"] = pinned_places(vocabulary.pinned, named_by(articles), searched_words(rules, docs))
        shared, sets = keyword_sets.encode(docs, weights, groups)
        rules[keyword_sets.SETS] = sets
        config = {**data["config"], "separator": SEPARATOR, "fields": FIELDS, "kbgen": rules}
        tuned = {"config": config, "docs": shared}
        encoded = json.dumps(tuned, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        compressed = len(gzip.compress(encoded, 9))
        if compressed <= budget or level is LEVELS[-1]:
            break
    path.write_bytes(encoded)
    return TuneReport(level.name, len(articles), len(encoded), compressed)


def rewrite_rules(vocabulary: Vocabulary, named: frozenset[str] = frozenset()) -> dict[str, Any]:
    """What the query rewrite needs beyond the index's own words (see `kbgen.search.rewrite`).
    `named`: the synonym groups (by name) that name an article of this help center."""
    separator = re.compile(SEPARATOR)
    negations = vocabulary.negations
    corrections = {
        " ".join(split_words(typo, separator)): word
        for word, typos in sorted(vocabulary.misspellings.items())
        for typo in typos
        if split_words(typo, separator) not in ([], [word])
    }
    corrections.update(
        (phrase, name)
        for phrase, name in [*idioms(vocabulary, separator), *negated_phrases(vocabulary, named, separator)]
        if phrase not in corrections
    )
    # a filler phrase is its own correction: both rewrites then read it as one word, which is filler
    # (dropped from the search, still read by the emergency model: "smoke in my place")
    phrases = {" ".join(split_words(phrase, separator)) for phrase in filler_phrases(vocabulary)}
    corrections.update({phrase: phrase for phrase in sorted(phrases)})
    return {
        "filler": sorted(filler_words(vocabulary) | phrases),
        # a phrase spells every negation "not", as the rewrite reads the typed words ("never said yes")
        "corrections": {
            " ".join(NOT if w in negations else w for w in key.split(" ")) if " " in key else key: value
            for key, value in corrections.items()
        },
        "negations": {word: NOT for word in sorted(negations)},
        "max_results": MAX_RESULTS,
        "short_word_length": MAX_PARTIAL_LENGTH,
    }


def idioms(vocabulary: Vocabulary, separator: re.Pattern[str]) -> list[tuple[str, str]]:
    """Synonym phrases made only of filler words, each with its group's name (its first entry).

    Word by word, "never said yes" or "less than usual" is filler and would be dropped; typed
    whole, it says what the group says ("repair approval", "owner statement"), so the rewrite
    searches the group's name instead. The first group to list a phrase keeps it.
    """
    filler = filler_words(vocabulary)
    found: dict[str, str] = {}
    for group in vocabulary.synonyms:
        name = group[0]
        if filler.issuperset(words(name)):
            continue
        for phrase in group[1:]:
            typed = split_words(phrase, separator)
            if len(typed) > 1 and is_whole(phrase) and filler.issuperset(words(phrase)):
                found.setdefault(" ".join(typed), name)
    return sorted(found.items())


def negated_phrases(
    vocabulary: Vocabulary, named: frozenset[str], separator: re.Pattern[str]
) -> list[tuple[str, str]]:
    """Synonym phrases whose negation the search's words lose ("hasn't paid", "haven't heard":
    "hasn't" is no word), as "not" and each form of their last word ("not pay", "not paid"...),
    with their group's name.

    Word by word, "my tenant hasnt paid" says "paid" (payouts), the opposite of what it means; the
    rewrite reads any negation as "not" and searches the group instead (late rent). Only groups
    that name an article of this help center count, and the first listing a phrase keeps it: on
    the owner site "can't pay" is a tenant's late rent, on the residents' a payment plan. A phrase
    spelled with a whole word ("not working", "never approved") stays a phrase of words: its verb
    is a keyword of the group's articles, as any synonym's.
    """
    found: dict[str, str] = {}
    for group in vocabulary.synonyms:
        if group[0] not in named:
            continue
        for phrase in (p for p in group[1:] if not is_whole(p) and is_negated(p, vocabulary.negations)):
            *head, last = split_words(phrase.split(" ", 1)[1], separator)
            for form in sorted(inflections(last)):
                found.setdefault(" ".join([NOT, *head, form]), group[0])
    return sorted(found.items())


def named_by(articles: list[Article]) -> list[tuple[str, str, list[str]]]:
    """(location, title, tags) of each article: what a `rank_first` or `pinned` line's tag may name."""
    return [(a.page["location"], plain(a.page["title"]), a.page.get("tags") or []) for a in articles]


def searched_words(rules: dict[str, Any], docs: list[dict[str, Any]]) -> Callable[[str], list[str]]:
    """The words this index's search looks for in a query (the rewrite's, as the browser reads them)."""
    separator = re.compile(SEPARATOR)
    rewriter = QueryRewriter(rules, IndexWords.of(docs, FIELDS, separator), separator)
    return lambda query: rewriter.rewrite(query).words


def kept_words(
    vocabulary: Vocabulary, rules: dict[str, Any], docs: list[dict[str, Any]], level: Level = LEVELS[0]
) -> dict[str, str]:
    """Words that this index's typo correction would turn into another word, each as its own
    correction, when they are words: the vocabulary's ("wife" is no typo of "wifi" where no article
    names a spouse, "leave" none of "lease") and, at a level that keeps them, common English ones
    ("snow" is no typo of "show", "fined" none of "fixed", "original" none of "criminal"). A word
    people commonly write means what it says, whether or not this site uses it; rarer ones are
    still corrected ("leek" to "leak", "tennant" to "tenant")."""
    separator = re.compile(SEPARATOR)
    rewriter = QueryRewriter(rules, IndexWords.of(docs, FIELDS, separator), separator)
    known = {w for group in vocabulary.synonyms for phrase in group for w in words(phrase)}
    known |= set(vocabulary.misspellings) | (set(common_english_words()) if level.everyday_words else set())
    known -= set(rules["filler"]) | set(rules["corrections"])
    return {word: word for word in sorted(known) if rewriter.correct(word) != word}


def group_articles(docs: list[dict[str, Any]]) -> list[Article]:
    """Pages with their sections, without the home page and without sections that hold nothing."""
    articles: dict[str, Article] = {}
    for doc in docs:
        page_path = doc["location"].split("#")[0]
        if not page_path:
            continue  # the home page lists every title: it would match every search
        if page_path not in articles:
            articles[page_path] = Article(doc, [])
        elif doc["text"].strip() or doc["title"] != articles[page_path].page["title"]:
            articles[page_path].sections.append(doc)
    return list(articles.values())


def site_words(articles: list[Article]) -> set[str]:
    """Every word the site uses: a generated misspelling must never be one of them."""
    found: set[str] = set()
    for article in articles:
        for doc in (article.page, *article.sections):
            found.update(
                words(plain(doc["title"] + " " + doc["text"] + " " + " ".join(doc.get("tags") or [])))
            )
    return found


@dataclass(frozen=True)
class Keywords:
    words: dict[str, int]  # synonyms of its title and tag words and their forms -> weight (1 or 2)
    names: frozenset[str]  # the title and tag words themselves: what "Did you mean" may offer
    groups: frozenset[str] = frozenset()  # the synonym groups (by name) its title and tags name

    def field(self) -> str:
        return keyword_sets.keyword_field(self.words)


def article_keywords(
    article: Article, vocabulary: Vocabulary, known: set[str], phrases: PhraseIndex
) -> Keywords:
    """The words people use for what the article is called: synonyms and forms of its title and tags.

    Only the title and tags name an article; a word in its summary or headings is already in its
    text. Every form is kept whole (the query rewrite ranks whole-word matches first), but not the
    title and tag words themselves, which their own fields already weigh. The one-word synonyms of
    the article's main subject (the group its title and tags name most, at least twice) weigh
    double: of two articles sharing a group, the one about it ranks first ("disbursement" finds the
    payout article before the direct-deposit one that also mentions payouts). A word of a longer
    phrase ("house" in "sell my house") is no synonym by itself and stays single.
    """
    parts = [words(plain(part)) for part in [article.page["title"], *(article.page.get("tags") or [])]]
    names = {w for part in parts for w in part if not is_stop_word(w)}
    weights = dict.fromkeys(names, 1)
    matched = matching_groups([[stem(w) for w in part] for part in parts], vocabulary.synonyms, phrases)
    most = max((named for _, named in matched), default=0)
    for group, named in matched:
        main = named == most and named >= 2
        for phrase in (phrase for phrase in group if is_whole(phrase)):
            found = [w for w in words(phrase) if not is_stop_word(w)]
            for word in found:
                weights[word] = max(weights.get(word, 1), 2 if main and len(found) == 1 else 1)
    forms: dict[str, int] = {}
    for word, weight in weights.items():
        for form in inflections(word):
            if form not in names and (form in weights or form in known or is_plural(form, weights, known)):
                forms[form] = max(forms.get(form, 1), weight)
    return Keywords(forms, frozenset(names), frozenset(group[0] for group, _ in matched))


def is_plural(form: str, weights: dict[str, int], known: set[str]) -> bool:
    """Whether `form` is the plural of a word the article or the site has ("invoices" of "invoice"):
    plurals are kept though the site never writes them; "movs", made of the stem "mov" of "moving",
    is no word and only weighs on the download."""
    singulars = (form[:-1], form[:-2], form[:-3] + "y") if form.endswith("s") else ()
    return any(singular in weights or singular in known for singular in singulars)


Span = tuple[int, int, int]  # (part, start, end) of a phrase found in a title or tag
PhraseIndex = dict[str, list[tuple[int, tuple[str, ...]]]]  # first stem -> (group number, stems)


def phrase_index(groups: list[list[str]], filler: set[str]) -> PhraseIndex:
    """Every synonym phrase as stems, found by its first stem: stemmed once per build, not per article.

    A phrase made only of filler words ("how much", "when will") names nothing: it would give a
    group's synonyms to every article whose title asks a question with it. Nor does a phrase that
    loses a negation ("can't pay", "won't pay" are "pay" once "can't" is no word): "Upgrades that
    pay off" is not about missing rent.
    """
    index: PhraseIndex = defaultdict(list)
    for number, group in enumerate(groups):
        for phrase in group:
            found = words(phrase)
            wanted = tuple(stem(w) for w in found)
            if wanted and is_whole(phrase) and not filler.issuperset(found):
                index[wanted[0]].append((number, wanted))
    return index


def matching_groups(
    parts: list[list[str]], groups: list[list[str]], phrases: PhraseIndex
) -> list[tuple[list[str], int]]:
    """The synonym groups named by the stemmed title and tags, with how many times each is named.

    A phrase inside a longer one that also matched does not count: "direct deposit" is not a
    "deposit" (security deposit), and "trust account" is not an "account" (portal login).
    """
    spans: dict[int, list[Span]] = {}
    for index, part in enumerate(parts):
        for start, first in enumerate(part):
            for number, wanted in phrases.get(first, ()):
                end = start + len(wanted)
                if tuple(part[start:end]) == wanted:
                    spans.setdefault(number, []).append((index, start, end))
    every = [span for found in spans.values() for span in found]
    named = {number: sum(not inside(s, every) for s in found) for number, found in spans.items()}
    return [(groups[number], count) for number, count in named.items() if count]


def inside(span: Span, others: list[Span]) -> bool:
    part, start, end = span
    return any(
        o[0] == part and o[1] <= start and end <= o[2] and (o[2] - o[1]) > (end - start) for o in others
    )


def is_negated(phrase: str, negations: set[str]) -> bool:
    """Whether a synonym phrase starts with a negation ("hasn't paid", "not working"): its first
    word without the apostrophe ("hasnt", "cant") is one of the vocabulary's `negations`."""
    first, _, rest = phrase.partition(" ")
    return bool(rest) and first.replace("'", "").replace("’", "") in negations


def is_whole(phrase: str) -> bool:
    """Whether every word of a synonym phrase survives as a word: "can't pay" loses its negation
    ("can't" is no word) and would leave a bare "pay", the opposite of what it says."""
    return len(words(phrase)) >= len(phrase.split())


def is_stop_word(word: str) -> bool:
    return stop_word_filter(word) is None


def tuned_docs(article: Article, keywords: Keywords, level: Level) -> list[dict[str, Any]]:
    page = {**article.page, "keywords": keywords.field()}
    if level.sections:
        return [page, *(section_doc(section) for section in article.sections)]
    first_paragraph = re.search(r"<p[^>]*>.*?</p>", page["text"], re.S)
    headings = ". ".join(section["title"] for section in article.sections)
    page["text"] = (first_paragraph[0] if first_paragraph else "") + (
        f"<p>{headings}</p>" if headings else ""
    )
    return [page]


def section_doc(section: dict[str, Any]) -> dict[str, Any]:
    """A section without its page's tags: they would weigh every section of the article like the
    article itself, and a stray section of another article could outrank the right one."""
    return {key: value for key, value in section.items() if key != "tags"}


def search_text_model(
    vocabulary: Vocabulary, audience: str, articles: list[Article], keywords: dict[int, Keywords]
) -> dict[str, Any]:
    """Everything the browser needs to read a query as `kbgen.search` does, as data: the rewrite's
    rules, the emergency model, the answered rule's size, did-you-mean words, the other site's markers."""
    suggest = sorted({w for a in articles for w in keywords[id(a)].names if w.isalpha() and len(w) >= 4})
    found = [
        (a.page["location"], words(plain(a.page["title"])), words(" ".join(a.page.get("tags") or [])))
        for a in articles
    ]
    emergency = replace(vocabulary.emergency, article=vocabulary.emergency.find_article(found))
    return {
        **rewrite_rules(vocabulary, frozenset(g for a in articles for g in keywords[id(a)].groups)),
        "emergency": emergency.data(),
        "answer_results": ANSWER_RESULTS,
        "rank_first": places(vocabulary.rank_first, named_by(articles)),
        "words": suggest,
        "other_audience_markers": [
            sorted(marker.stems)
            for other, markers in vocabulary.audience_markers.items()
            if other != audience
            for marker in markers
        ],
    }
