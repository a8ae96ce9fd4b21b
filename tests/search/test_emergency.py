"""Emergency detection: a model of intents, measured on labelled queries written before tuning,
extendable by a company, and showing the company's emergency article with the card."""

from __future__ import annotations

import pytest

from kbgen.search import load_index
from kbgen.search.tuning import tune_search_index
from kbgen.search.vocabulary import load_vocabulary
from tests.search.browser_search import BrowserSearch
from tests.search.emergency_evaluation import load_labelled, score
from tests.search.test_vocabulary import write_audience

RECALL_FLOOR = 0.97
FALSE_ALARM_CEILING = 0.02
EMERGENCY_ARTICLE = "what-is-an-emergency/"  # the sample's article titled with "emergency"

# Issue 12's failing examples, with the intent each describes.
ISSUE_EXAMPLES = {
    "carbon monoxide alarm going off": "carbon-monoxide",
    "ceiling is leaking": "water",
    "water everywhere": "water",
    "toilet overflowing": "water",
    "my heat is out": "heat",
    "someone broke in": "security",
    "lockd out": "security",
}


def test_emergency_detection_stays_above_its_floors(sample_site):
    index = load_index(sample_site, "residents")
    scores = score(load_labelled(), lambda query: index.analyze(query).emergency)
    print("\n" + "\n".join(scores.lines()))
    assert scores.recall >= RECALL_FLOOR, scores.missed
    assert scores.false_alarm_rate <= FALSE_ALARM_CEILING, scores.false_alarms


def test_the_examples_the_site_missed_are_read_as_their_emergency(sample_site):
    index = load_index(sample_site, "residents")
    assert {query: index.analyze(query).emergency for query in ISSUE_EXAMPLES} == ISSUE_EXAMPLES
    assert index.analyze("smoke detector chirping").emergency is None


def test_every_emergency_lists_the_emergency_article_in_the_top_3(sample_site):
    index = load_index(sample_site, "residents")
    emergencies = [case.query for case in load_labelled() if index.analyze(case.query).emergency]
    without = [q for q in emergencies if EMERGENCY_ARTICLE not in [h.location for h in index.search(q, 3)]]
    assert emergencies and not without


@pytest.mark.browser
def test_the_card_shows_with_the_emergency_article_among_the_first_results(page, sample_site_url):
    search = BrowserSearch(page, sample_site_url + "residents/")
    for query in ("someone broke in", "lockd out", "carbon monoxide alarm going off"):
        hits = search.search(query)
        assert page.locator(".kbgen-card--emergency a[href^='tel:']").count() == 1, query
        assert EMERGENCY_ARTICLE in [hit.location for hit in hits[:3]], query


COMPANY_EMERGENCIES = """
emergency:
  intents:
    wildlife:
      when:
        - [raccoon | bat | snake, inside | in my | in the]
    fire:
      unless:
        - [bonfire]
"""


def test_a_company_adds_intents_and_contexts_in_synonyms_yml(tmp_path):
    (tmp_path / "synonyms.yml").write_text(COMPANY_EMERGENCIES, encoding="utf-8")
    site = tmp_path / "site"
    tune_search_index(write_audience(site), "residents", load_vocabulary(tmp_path))
    index = load_index(site, "residents")
    assert index.analyze("a bat in my bedroom").emergency == "wildlife"
    assert index.analyze("fire in the kitchen").emergency == "fire"  # kbgen's own intents stay
    assert index.analyze("big fire at the bonfire").emergency is None  # the company's context
    assert load_index_without_company(tmp_path).analyze("big fire at the bonfire").emergency == "fire"
    assert index.analyze("a bat flew by the pool").emergency is None


def load_index_without_company(tmp_path):
    site = tmp_path / "plain-site"
    tune_search_index(write_audience(site), "residents", load_vocabulary())
    return load_index(site, "residents")
