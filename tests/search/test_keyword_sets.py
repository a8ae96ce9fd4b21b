"""Hidden keywords written once per synonym group in the index and read back exactly (keyword_sets);
the browser's worker reads them back the same way (tests/search/test_parity.py ranks alike)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from kbgen.search import keyword_sets, load_index
from kbgen.search.tuning import (
    article_keywords,
    filler_words,
    group_articles,
    phrase_index,
    site_words,
    tune_search_index,
)
from kbgen.search.vocabulary import load_vocabulary
from tests.search.test_vocabulary import write_audience

TITLES = [
    ("How do I pay rent online?", ["pay rent", "portal"]),
    ("Rent payment options", ["rent payment", "autopay"]),
    ("Late rent and late fees", ["late fee", "rent"]),
    ("Paying rent by check", ["pay rent", "check"]),
    ("Water leak under the sink", ["leak", "plumbing"]),
    ("Leaking ceiling", ["water leak", "roof"]),
    ("Toilet leaking or running", ["toilet", "leak"]),
    ("Pets and pet fees", ["pets", "pet rent"]),
    ("Service animals", ["pets", "assistance animal"]),
    ("Lockouts and lost keys", ["locked out", "keys"]),
    ("Key fob not working", ["keys", "fob"]),
    ("Parking permits", ["parking"]),
]


def test_keywords_read_back_exactly_with_their_weights() -> None:
    rng = random.Random(7)
    vocabulary = [f"word{number}" for number in range(60)]
    group_words = {f"group{number}": set(rng.sample(vocabulary, 12)) for number in range(6)}
    docs, weights, groups = [], [], []
    for number in range(80):
        named = frozenset(rng.sample(sorted(group_words), 2))
        words = set().union(*(group_words[group] for group in named))
        words -= set(rng.sample(sorted(words), 3))  # an article's own title words are left out
        words |= set(rng.sample(vocabulary, 4))
        article = dict.fromkeys(words, 1) | dict.fromkeys(rng.sample(sorted(words), 2), 2)
        docs += [{"location": f"a{number}/", "title": "A"}, {"location": f"a{number}/#s", "title": "S"}]
        weights += [article, None]
        groups += [named, named]

    encoded, sets = keyword_sets.encode(docs, weights, groups)
    data = {"config": {"kbgen": {keyword_sets.SETS: sets}}, "docs": encoded}
    expanded = keyword_sets.expand(json.loads(json.dumps(data)))["docs"]

    assert sets and all(keyword_sets.SETS in doc for doc in encoded[::2])  # the groups' words are shared
    for doc, original, article in zip(expanded, docs, weights, strict=True):
        assert doc == ({**original, "keywords": keyword_sets.keyword_field(article)} if article else original)


def test_a_tuned_index_gives_each_article_the_keywords_its_title_and_tags_earn(tmp_path: Path) -> None:
    site = tmp_path / "site"
    audience = write_audience(site)
    index_file = audience / "search" / "search_index.json"
    raw = json.loads(index_file.read_text(encoding="utf-8"))
    raw["docs"] = [
        {"location": f"article-{number}/", "title": title, "tags": tags, "text": f"<p>{title}.</p>"}
        for number, (title, tags) in enumerate(TITLES)
    ]
    index_file.write_text(json.dumps(raw), encoding="utf-8")
    vocabulary = load_vocabulary()
    articles = group_articles(raw["docs"])
    known, phrases = site_words(articles), phrase_index(vocabulary.synonyms, filler_words(vocabulary))
    earned = {a.page["location"]: article_keywords(a, vocabulary, known, phrases).field() for a in articles}

    tune_search_index(audience, "residents", vocabulary)

    written = json.loads(index_file.read_text(encoding="utf-8"))
    assert written["config"]["kbgen"][keyword_sets.SETS]
    assert any(keyword_sets.SETS in doc for doc in written["docs"])
    read = {doc["location"]: doc["keywords"] for doc in load_index(site, "residents").data["docs"]}
    assert read == earned
    assert all(keyword_sets.SETS not in doc for doc in load_index(site, "residents").data["docs"])
