"""Index tuning: rewrite one audience's `search/search_index.json` after MkDocs wrote it.

Material's worker builds its lunr index from that file in the browser, with the separator, the
fields and the boosts the file names, and it searches every field it lists while rendering only
title, text and tags. So kbgen, with no change to Material's code:

- drops what is not an answer (the home page, empty "Links"/"Related" sections),
- splits words at punctuation too ("allowed?" is "allowed"),
- adds a hidden `keywords` field to each article: its key words with their plurals and verb
  forms, the synonyms people use for them (vocabulary), and their likely misspellings,
- weighs fields deliberately (title, tags and keywords well above body text),
- keeps the file within a download budget by shedding the least useful parts first,

and writes `search/kbgen-search.json` for the browser script (did-you-mean words, emergency and
other-help-center rules).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.stop_word_filter import stop_word_filter

from kbgen.search.analysis import CLIENT_FILE
from kbgen.search.material import text_sections
from kbgen.search.site_index import INDEX_PATH
from kbgen.search.vocabulary import Vocabulary, load_vocabulary
from kbgen.search.words import inflections, stem, typo_variants, words

# Punctuation, HTML entities and a trailing "'s"/"n't" end a word: "allowed?" is indexed "allowed".
SEPARATOR = (
    r"""&(?:amp|lt|gt|quot|#39);|[\s\-,:;!?=\[\](){}"/\\|]+|\.(?!\d)|['’](?:[A-Za-z]{1,2}(?![A-Za-z]))?"""
)
FIELDS = {
    "title": {"boost": 50.0},
    "tags": {"boost": 50.0},
    "keywords": {"boost": 25.0},
    "typos": {"boost": 0.02},
    "text": {"boost": 1.0},
}
INDEX_BUDGET_GZIP = 280_000  # bytes each visitor downloads; the target is 300 KB for 1,000 articles


@dataclass(frozen=True)
class Level:
    """How much of the index to keep; the richest level that fits the budget wins."""

    name: str
    sections: bool  # body text as Material's section entries
    typos: bool  # generated misspellings of key words


LEVELS = (Level("full", True, True), Level("no-typos", True, False), Level("compact", False, False))


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


def tune_audience_search(audience_dir: Path, company_dir: Path) -> TuneReport:
    """The build's step after MkDocs: tune the index with kbgen's vocabulary and the company's."""
    return tune_search_index(audience_dir, load_vocabulary(company_dir))


def tune_search_index(
    audience_dir: Path, vocabulary: Vocabulary, budget: int = INDEX_BUDGET_GZIP
) -> TuneReport:
    """Rewrite `audience_dir/search/search_index.json` in place; return what was kept."""
    path = audience_dir / INDEX_PATH
    data = json.loads(path.read_text(encoding="utf-8"))
    articles = group_articles(data["docs"])
    known = site_words(articles)
    for level in LEVELS:
        keywords = {id(a): article_keywords(a, vocabulary, known, typos=level.typos) for a in articles}
        docs = [doc for article in articles for doc in tuned_docs(article, keywords[id(article)], level)]
        tuned = {"config": {**data["config"], "separator": SEPARATOR, "fields": FIELDS}, "docs": docs}
        encoded = json.dumps(tuned, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        compressed = len(gzip.compress(encoded, 9))
        if compressed <= budget or level is LEVELS[-1]:
            break
    path.write_bytes(encoded)
    write_client_file(audience_dir, vocabulary, articles, keywords)
    return TuneReport(level.name, len(articles), len(encoded), compressed)


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
    words: frozenset[str]  # what the article is called: title and tag words, their synonyms and forms
    typos: frozenset[str]  # misspellings of those words
    names: frozenset[str]  # the words themselves, without forms: what "Did you mean" may offer


def article_keywords(article: Article, vocabulary: Vocabulary, known: set[str], *, typos: bool) -> Keywords:
    """The words that name the article, the synonyms people use for them, and their misspellings.

    Only the title and tags name an article; a word in its summary or headings is already in its
    text. Every prefix of a kept word is dropped: Material matches typed words as prefixes, so
    "fees" alone serves "fee" and "fees", and a filler word like "are" matches one form, not four.
    """
    naming = plain(" . ".join([article.page["title"], *(article.page.get("tags") or [])]))
    naming_stems = [stem(w) for w in words(naming)]
    found = {w for w in words(naming) if not is_stop_word(w)}
    for group in vocabulary.synonyms:
        if any(contains_phrase(naming_stems, phrase) for phrase in group):
            found.update(w for phrase in group for w in words(phrase) if not is_stop_word(w))
    forms = {
        form
        for word in found
        for form in inflections(word)
        if form in found or form in known or form.endswith("s")
    }
    misspelled = {t for word in forms for typo in vocabulary.misspellings.get(word, []) for t in words(typo)}
    if typos:
        misspelled |= {variant for word in found for variant in typo_variants(word)}
    misspelled = {t for t in misspelled - forms - known if not is_stop_word(t)}
    return Keywords(
        frozenset(without_prefixes(forms)), frozenset(without_prefixes(misspelled)), frozenset(found)
    )


def without_prefixes(tokens: set[str]) -> set[str]:
    """Tokens that are not the beginning of another token in the set."""
    ordered = sorted(tokens)
    return {
        t for t, following in zip(ordered, [*ordered[1:], ""], strict=False) if not following.startswith(t)
    }


def contains_phrase(text_stems: list[str], phrase: str) -> bool:
    wanted = [stem(w) for w in words(phrase)]
    if not wanted:
        return False
    size = len(wanted)
    return any(text_stems[i : i + size] == wanted for i in range(len(text_stems) - size + 1))


def is_stop_word(word: str) -> bool:
    return stop_word_filter(word) is None


def tuned_docs(article: Article, keywords: Keywords, level: Level) -> list[dict[str, Any]]:
    page = {
        **article.page,
        "keywords": " ".join(sorted(keywords.words)),
        "typos": " ".join(sorted(keywords.typos)),
    }
    if level.sections:
        return [page, *article.sections]
    first_paragraph = re.search(r"<p[^>]*>.*?</p>", page["text"], re.S)
    headings = ". ".join(section["title"] for section in article.sections)
    page["text"] = (first_paragraph[0] if first_paragraph else "") + (
        f"<p>{headings}</p>" if headings else ""
    )
    return [page]


def write_client_file(
    audience_dir: Path, vocabulary: Vocabulary, articles: list[Article], keywords: dict[int, Keywords]
) -> None:
    """What the browser script needs: words to suggest, emergency rules, the other site's markers."""
    suggest = sorted({w for a in articles for w in keywords[id(a)].names if w.isalpha() and len(w) >= 4})
    audience = audience_dir.name
    client = {
        "separator": SEPARATOR,
        "words": suggest,
        "emergency": [sorted(rule.stems) for rule in vocabulary.emergency],
        "unless": sorted(vocabulary.unless),
        "other_audience_markers": [
            sorted(marker.stems)
            for other, markers in vocabulary.audience_markers.items()
            if other != audience
            for marker in markers
        ],
    }
    (audience_dir / CLIENT_FILE).write_text(json.dumps(client, separators=(",", ":")), encoding="utf-8")
