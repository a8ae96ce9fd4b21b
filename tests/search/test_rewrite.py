"""The query rewrite searches only meaningful words, and index tuning weighs an article's main subject."""

from __future__ import annotations

import re
from pathlib import Path

from kbgen.search import load_index
from kbgen.search.material import tokenize
from kbgen.search.tuning import Article, article_keywords, idioms, phrase_index
from kbgen.search.vocabulary import filler_words, load_vocabulary
from kbgen.search.words import SEPARATOR


def test_a_query_of_filler_words_or_a_partial_word_searches_nothing(sample_site):
    index = load_index(sample_site, "residents")
    for query in ["how do i", "what is the", "p", "pe", "how do i p"]:
        assert index.rewriter.rewrite(query).query == "", query
        assert index.search(query) == [], query


def test_a_short_word_the_index_holds_whole_still_searches(sample_site):
    index = load_index(sample_site, "residents")
    assert index.search("ac")
    assert [h.location for h in index.search("pet f")] == [h.location for h in index.search("pet")]


def test_a_short_word_the_index_holds_is_searched_whole_never_as_a_prefix(sample_site):
    """ "ac" as a prefix would stand for "access", "account", "accept"...: most of the site."""
    index = load_index(sample_site, "residents")
    assert re.fullmatch(r"ac\^\d+", index.rewriter.rewrite("ac").query)
    material = index.material
    hits = index.search("ac")
    assert hits
    for hit in hits:
        words = {
            word
            for location, doc in material.docs.items()
            if location.split("#")[0] == hit.location
            for name in material.fields
            for word in tokenize(doc.get(name), material.separator)
        }
        assert "ac" in words, hit.location


def test_a_filler_phrase_is_dropped_whole_while_its_words_alone_still_search(sample_site):
    """An owner's "my tenant" (or "my rental") is the subject of a situation, not its topic: "my
    tenant is behind on rent" searches what happened; "tenant screening" still searches "tenant"."""
    rewriter = load_index(sample_site, "owners").rewriter
    assert "tenant" not in rewriter.rewrite("my tenant is behind on rent").query.split()
    assert "renter" not in rewriter.rewrite("the renter's lease is up").query.split()
    assert "rental" not in rewriter.rewrite("the fridge at my rental broke").query.split()
    # the emergency model still reads every word typed
    assert load_index(sample_site, "residents").rewriter.rewrite("smoke in my place").emergency == "fire"
    assert "tenant" in rewriter.rewrite("tenant screening").query.split()
    assert "tenants" in rewriter.rewrite("do you hold the tenants security deposit").query.split()


def test_a_short_word_is_corrected_only_to_a_word_with_its_first_letter(sample_site):
    """ "tent" is another word than "rent", not a typo of it; a long word keeps its correction."""
    rewriter = load_index(sample_site, "residents").rewriter
    assert rewriter.correct("tent") == "tent"
    assert rewriter.correct("rnet") == "rent"
    assert rewriter.correct("hermostat") == "thermostat"


def article(title: str, tags: list[str]) -> Article:
    return Article({"location": "a/", "title": title, "text": "", "tags": tags}, [])


def test_one_word_synonyms_of_the_main_subject_weigh_double(tmp_path: Path):
    vocabulary = load_vocabulary(tmp_path)
    phrases = phrase_index(vocabulary.synonyms, filler_words(vocabulary))

    def weights(title: str, tags: list[str]) -> dict[str, int]:
        return article_keywords(article(title, tags), vocabulary, set(), phrases).words

    about_payouts = weights("When is the owner payout sent?", ["payout", "owner distribution"])
    mentions_payouts = weights("Direct deposit for payouts", ["direct deposit", "bank account"])
    assert about_payouts["disbursement"] == 2
    assert mentions_payouts["disbursement"] == 1
    assert mentions_payouts["routing"] == 1  # a word of a longer phrase ("routing number") stays single
    # "when will" names nothing: a question title gets no repair-status words
    assert "technician" not in weights("When will my owner payout arrive?", ["payout"])


def test_a_word_broader_than_a_synonym_group_gives_an_article_none_of_its_synonyms(tmp_path: Path):
    """A title's "delivery" of air filters is no parcel, "changing the filter" no decorating, a
    "closing" of a sale no holiday, "short-term" nothing "shorted", window "screens" no tenant
    screening, a rent "due" date no HOA "dues", a pilot "light" no electrical, an "office" closure no
    contact, a "trust" account no co-owner: such articles got those
    groups' words and ranked for "package locker code" or "christmas". The groups still name their own."""
    vocabulary = load_vocabulary(tmp_path)
    phrases = phrase_index(vocabulary.synonyms, filler_words(vocabulary))

    def keywords(title: str, tags: list[str]) -> set[str]:
        return set(article_keywords(article(title, tags), vocabulary, set(), phrases).words)

    filters = keywords("Air filter delivery and changing the filter", ["air filter", "filter program"])
    assert not filters & {"parcel", "locker", "mailbox", "decorating", "satellite"}
    assert "christmas" not in keywords("Selling your home with a tenant in place", ["selling", "closing"])
    assert "statement" not in keywords("Short-term rental rules", ["airbnb"])
    assert "applicant" not in keywords("Window screens and blinds", ["screens"])  # no tenant screening
    assert "association" not in keywords("Rent due date and late charges", ["due date"])  # no hoa dues
    assert "breaker" not in keywords("Water heater", ["pilot light"])
    assert "phone" not in keywords("Office closures and holiday schedule", ["holidays"])  # no contact
    assert "spouse" not in keywords("Security deposits held in trust", ["trust account"])  # no co-owner
    assert {"parcel", "mailbox"} <= keywords("Packages and deliveries", ["packages"])
    assert "satellite" in keywords("Decorating and making changes to the home", ["decorating"])
    assert "christmas" in keywords("Office closures and holiday schedule", ["holidays"])
    assert "shorted" in keywords("How to read your owner statement", ["statement"])
    assert "applicant" in keywords("Tenant screening criteria", ["screening criteria"])
    assert "association" in keywords("HOA dues and violations", ["hoa dues"])
    assert "phone" in keywords("Leasing office hours", ["office hours"])


def test_a_phrase_of_filler_words_typed_whole_searches_its_group(sample_site):
    """ "never said yes" is filler word by word; typed whole it means repair approval. Its words
    apart stay filler ("i never paid" searches no approval)."""
    rewriter = load_index(sample_site, "owners").rewriter
    assert {"repair", "approval"} <= set(rewriter.rewrite("a repair bill i never said yes to").query.split())
    assert "approval" not in rewriter.rewrite("i never said it was paid").query.split()
    assert "fee" in rewriter.rewrite("how much do you charge").query.split()


def test_the_emergency_model_reads_a_phrase_as_typed_not_as_its_group(sample_site):
    """ "cannot get in" (all filler, in the lockout group) searches "lockout", but the emergency
    model reads the words typed, so an idiom never makes or unmakes an emergency."""
    assert dict(idioms(load_vocabulary(), re.compile(SEPARATOR)))["cannot get in"] == "lockout"
    rewrite = load_index(sample_site, "residents").rewriter.rewrite("i cannot get in")
    assert rewrite.query.split()[-1] == "lockout"
    assert rewrite.emergency is None  # "lockout" alone would be one


def test_a_negated_verb_reads_as_its_group_not_as_the_verb(sample_site):
    """ "my tenant hasnt paid" is late rent, not a payout, however the negation is typed; a negation
    of another word ("never got paid") leaves "paid" its own meaning."""
    rewriter = load_index(sample_site, "owners").rewriter
    for query in [
        "my tenant hasnt paid since march",
        "tenant has not paid",
        "the renter didn't pay",
        "never paid",
    ]:
        searched = rewriter.rewrite(query).query.split()
        assert "eviction" in searched and "paid" not in searched and "pay" not in searched, query
    assert "paid" in rewriter.rewrite("never got paid this month").query.split()
    assert not rewriter.rewrite("hasnt paid").corrections.keys() & {"hasnt", "paid"}  # no "Did you mean"


def test_a_known_word_is_no_typo_of_another(sample_site):
    """Typo correction keeps a word of the vocabulary ("wife", where no article names a spouse), a
    form of a word the index holds ("backing" of "back") and never gives a filler word ("other")."""
    residents = load_index(sample_site, "residents").rewriter
    owners = load_index(sample_site, "owners").rewriter
    assert residents.correct("wife") == "wife"
    assert "back" in owners.words.pages and owners.correct("backing") == "backing"
    assert owners.correct("mother") == "mother"
    assert owners.correct("landlrd") == "landlord"  # a typo still is one


def test_a_common_english_word_is_searched_as_typed_and_a_rarer_slip_is_corrected(sample_site):
    """"the hoa fined me", "mental health": words people commonly write mean what they say, even
    where no article uses them; "Did you mean" offers no index word for them either. A slip that
    happens to be a rare word ("leek") is still read as the index word it misses."""
    owners, residents = load_index(sample_site, "owners"), load_index(sample_site, "residents")
    for word, typo_of in (("fined", "fixed"), ("original", "criminal"), ("bucks", "backs")):
        assert typo_of in owners.rewriter.candidates, word  # a word the index would correct it to
        assert owners.rewriter.correct(word) == word
    assert "rental" in residents.rewriter.candidates and residents.rewriter.correct("mental") == "mental"
    assert residents.analyze("mental health").suggestion is None
    assert residents.rewriter.correct("leek") == "leak"
