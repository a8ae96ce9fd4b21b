"""The browser reads a query as `kbgen.search` does: answered, emergency, other help center and
did-you-mean agree between Chromium (kbgen-analysis.js in the search worker) and Python on every
labelled query, and the shared helper's tokenizer, stemmer and edit distance agree with Python's."""

from __future__ import annotations

import pytest

from kbgen.search import load_index
from kbgen.search.vocabulary import load_vocabulary
from kbgen.search.words import SEPARATOR, edit_distance, stem, tokens
from tests.conftest import block_outside_loopback
from tests.search.browser_search import BrowserSearch
from tests.search.emergency_evaluation import load_labelled
from tests.search.evaluation import HELDOUT, OWNER_CHECK, OWNER_FRESH, load_cases
from tests.search.test_parity import SYNTAX

pytestmark = pytest.mark.browser

TRICKY = ["st.louis parking", "email bob@example.com", "1.5 bath", "won't lock", "pets.allowed", "xyzzy"]
READING = ("answered", "emergency", "otherAudience", "suggestion")


def labelled_queries(audience: str) -> list[str]:
    labelled = load_cases() + load_cases(HELDOUT) + load_cases(OWNER_CHECK) + load_cases(OWNER_FRESH)
    cases = [c.query for c in labelled if c.audience == audience]
    return list(dict.fromkeys(cases + [c.query for c in load_labelled()] + SYNTAX + TRICKY))


def python_reading(index, query: str) -> dict:
    analysis = index.analyze(query)
    return {
        "answered": analysis.answered,
        "emergency": analysis.emergency,
        "otherAudience": analysis.other_audience,
        "suggestion": analysis.suggestion,
    }


@pytest.mark.parametrize("audience", ["residents", "owners"])
def test_browser_and_python_read_every_labelled_query_alike(browser, sample_site, sample_site_url, audience):
    context = browser.new_context()
    context.route("**/*", block_outside_loopback)
    search = BrowserSearch(context.new_page(), sample_site_url + audience + "/")
    index = load_index(sample_site, audience)
    differences = []
    queries = labelled_queries(audience)
    try:
        for query in queries:
            seen = search.answer(query).analysis or {}
            in_browser = {key: seen.get(key) for key in READING}
            in_python = python_reading(index, query)
            if in_browser != in_python:
                differences.append((query, in_browser, in_python))
    finally:
        context.close()
    print(f"\n{audience}: {len(queries)} queries, {len(differences)} read differently")
    assert not differences


def test_the_shared_helper_splits_stems_and_measures_words_as_python_does(page, sample_site_url):
    page.goto(sample_site_url + "residents/")
    page.wait_for_function("() => window.kbgen?.analysis !== undefined")
    texts = [c.query for c in load_labelled()] + TRICKY + ["Tenant's <b>deposit</b>; isn't it?"]
    vocabulary = load_vocabulary()
    words = sorted({w for group in vocabulary.synonyms for phrase in group for w in tokens(phrase)})
    pairs = [(a, b) for a in words[:60] for b in words[:60]]
    in_browser = page.evaluate(
        """([texts, words, pairs, separator]) => {
          const text = window.kbgen.analysis;
          const split = new RegExp(separator);
          return {
            tokens: texts.map((t) => text.tokens(t, split)),
            stems: words.map(text.stem),
            distances: pairs.map(([a, b]) => text.editDistance(a, b, 2)),
          };
        }""",
        [texts, words, pairs, SEPARATOR],
    )
    assert in_browser["tokens"] == [tokens(t) for t in texts]
    assert in_browser["stems"] == [stem(w) for w in words]
    assert in_browser["distances"] == [edit_distance(a, b, 2) for a, b in pairs]

