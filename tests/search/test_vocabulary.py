"""A company's `synonyms.yml` extends kbgen's vocabulary, reaches the search, and fails clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.search import load_index
from kbgen.search.facts import SiteFacts, write_site_facts
from kbgen.search.tuning import tune_search_index
from kbgen.search.vocabulary import VocabularyError, load_vocabulary
from tests.conftest import CONFIG, CONTENT, ROOT

COMPANY_SYNONYMS = """
synonyms:
  - [amenity fee, clubhouse fee, facilities fee]
misspellings:
  clubhouse: [clubhose]
filler: [kindly]
"""


def write_audience(site: Path) -> Path:
    """A two-article resident index as MkDocs writes it, before kbgen tunes it."""
    audience = site / "residents"
    (audience / "search").mkdir(parents=True)
    docs = [
        {"location": "amenity-fee/", "title": "What is the amenity fee?", "text": "<p>For the pool.</p>"},
        {"location": "pets/", "title": "Pets", "text": "<p>Dogs and cats are welcome.</p>", "tags": ["pets"]},
    ]
    config = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"]}
    index = {"config": config, "docs": docs}
    (audience / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    write_site_facts(
        audience, SiteFacts(audience="residents", site_url="https://help.example.com/residents/")
    )
    return audience


def test_company_synonyms_are_added_to_kbgens_own(tmp_path):
    (tmp_path / "synonyms.yml").write_text(COMPANY_SYNONYMS, encoding="utf-8")
    builtin = load_vocabulary()
    merged = load_vocabulary(tmp_path)
    assert ["amenity fee", "clubhouse fee", "facilities fee"] in merged.synonyms
    assert all(group in merged.synonyms for group in builtin.synonyms)  # added, never replaced
    assert merged.misspellings["clubhouse"] == ["clubhose"]
    assert "kindly" in merged.filler and builtin.filler <= merged.filler


def test_company_synonyms_and_misspellings_reach_the_search(tmp_path):
    (tmp_path / "synonyms.yml").write_text(COMPANY_SYNONYMS, encoding="utf-8")
    site = tmp_path / "site"
    tune_search_index(write_audience(site), "residents", load_vocabulary(tmp_path))
    index = load_index(site, "residents")
    for query in ("clubhouse fee", "kindly explain the facilities fee", "clubhose"):
        assert index.search(query)[0].location == "amenity-fee/", query
    assert index.analyze("clubhose").suggestion == "clubhouse"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("synonyms: [[a, b]\n", "is not valid YAML"),
        ("synonyms: {pool: gym}\n", "`synonyms` must be a list"),
        ("misspellings: [pool]\n", "`misspellings` must be a mapping"),
        ("emergency:\n  intents:\n    gas: {wen: [gas]}\n", "unexpected entry"),
        ("synonym:\n  - [pool, gym]\n", "unknown section 'synonym'"),
        ("filler: [stuff, yes]\n", "'true' is YAML's True: quote the word"),  # a bare yes is no word
        ("rank_first: [hours]\n", "a line must be \\[word, tag\\]"),
        ("rank_first:\n  - [wi-fi, internet]\n", "the word 'wi-fi' must be one word"),
        ("rank_first:\n  - [hours, '!!']\n", "the tag '!!' has no words"),
        ("pinned: [[keys, lockout]]\n", "the search 'keys' keeps only 'keys' of its words"),
        ("pinned: [[how do i pay, cash]]\n", "keeps only 'pay' of its words once filler is dropped"),
        ("pinned: [['title:pets rent', pets]]\n", "holds search syntax"),
        ("pinned: [my renter is behind]\n", "a line must be \\[search, tag\\]"),
        # YAML would keep the second block and drop the first without a word
        (
            "rank_first:\n  - [hours, office]\nsynonyms: []\nrank_first:\n  - [keys, lockout]\n",
            "line 4: 'rank_first' is written twice",
        ),
    ],
)
def test_a_malformed_company_file_is_an_error_naming_it(tmp_path, text, reason):
    (tmp_path / "synonyms.yml").write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=reason) as error:
        load_vocabulary(tmp_path)
    assert str(tmp_path / "synonyms.yml") in str(error.value)


def test_kbgen_build_reports_a_malformed_synonyms_file_without_a_traceback(tmp_path):
    company = tmp_path / "company"
    company.mkdir()
    (company / "mkdocs.yml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    (company / "overrides").symlink_to(ROOT / "overrides")
    (company / "synonyms.yml").write_text("misspellings: [pool]\n", encoding="utf-8")
    site, config = tmp_path / "site", company / "mkdocs.yml"
    result = CliRunner().invoke(main, ["build", "--content", CONTENT, "--site", site, "--config", config])
    assert result.exit_code != 0
    assert "synonyms.yml" in result.output and "must be a mapping" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, VocabularyError)


def test_a_phrase_that_loses_its_negation_names_no_group():
    """ "can't pay" is "pay" once "can't" is no word: it must not make every title with "pay" (here
    "Upgrades that pay off") an article about missing rent, while "payment plan" still names it."""
    from kbgen.search.tuning import filler_words, matching_groups, phrase_index
    from kbgen.search.words import stem, words

    vocabulary = load_vocabulary()
    phrases = phrase_index(vocabulary.synonyms, filler_words(vocabulary))

    def groups_named(title: str) -> list[list[str]]:
        stems = [[stem(word) for word in words(title)]]
        return [group for group, _ in matching_groups(stems, vocabulary.synonyms, phrases)]

    assert not any("can't pay" in group for group in groups_named("Upgrades that pay off"))
    assert any("can't pay" in group for group in groups_named("Ask for a payment plan"))


def test_a_phrase_that_loses_its_negation_gives_no_keyword():
    """ "hasn't paid" would leave a bare "paid": the eviction article must not become the answer to
    "when will i get paid" because of it, while its whole synonyms ("nonpayment", "not paying")
    are keywords."""
    from kbgen.search.tuning import Article, article_keywords, filler_words, phrase_index

    vocabulary = load_vocabulary()
    phrases = phrase_index(vocabulary.synonyms, filler_words(vocabulary))
    page = {"location": "eviction/", "title": "The eviction process", "tags": ["eviction"], "text": ""}
    keywords = article_keywords(Article(page, []), vocabulary, set(), phrases).words
    assert "nonpayment" in keywords and "delinquent" in keywords
    assert "paying" in keywords and "paid" not in keywords


HOURS_ARTICLES = [
    {"location": "holidays/", "title": "Holiday hours", "text": "<p>Hours change.</p>", "tags": ["hours"]},
    {"location": "office/", "title": "Office hours", "text": "<p>Open weekdays.</p>"},
    {"location": "pool/", "title": "Pool hours", "text": "<p>The pool opens at 9.</p>"},
]


def test_a_rank_first_line_lists_its_article_first_where_it_matches_every_word_searched(tmp_path):
    """Visitors open "Office hours" below "Holiday hours" after searching "hours": accepted, the line
    lists it first for any form of the word, not for "pool hours", whose words it lacks."""
    site = tmp_path / "site"
    audience = write_audience(site)
    index_file = audience / "search" / "search_index.json"
    written = json.loads(index_file.read_text(encoding="utf-8"))
    written["docs"] = HOURS_ARTICLES
    index_file.write_text(json.dumps(written), encoding="utf-8")
    tune_search_index(audience, "residents", load_vocabulary())
    assert load_index(site, "residents").search("hours")[0].location != "office/"  # the case to fix

    (tmp_path / "synonyms.yml").write_text("rank_first:\n  - [hour, office hours]\n", encoding="utf-8")
    index_file.write_text(json.dumps(written), encoding="utf-8")
    tune_search_index(audience, "residents", load_vocabulary(tmp_path))
    index = load_index(site, "residents")
    assert index.data["config"]["kbgen"]["rank_first"] == {"hour": ["office/"]}
    assert [index.search(query)[0].location for query in ("hours", "hour", "what are the hours")] == [
        "office/"
    ] * 3
    assert index.search("pool hours")[0].location == "pool/"
    assert [hit.location for hit in index.search("hours")][1:] == ["holidays/", "pool/"]
