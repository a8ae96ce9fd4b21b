"""The URL ledger: short codes that never change, renames that keep old URLs, and decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbgen.content import Article
from kbgen.content.ledger import (
    CODE_ALPHABET,
    LEDGER_FILE,
    LedgerError,
    LedgerPage,
    load_ledger,
    reconcile,
    save_ledger,
)


def article(slug: str, title: str = "", audience: str = "residents", id: str = "") -> Article:
    return Article(audience, slug, title or slug.title(), "General", "Text.", Path(f"{slug}.md"), id=id)


def published(tmp_path: Path, *articles: Article):
    """Reconcile `articles` with the ledger in tmp_path and save it, as `kbgen build` does."""
    plan = reconcile(load_ledger(tmp_path), {"residents": list(articles), "owners": []})
    save_ledger(plan.ledger)
    return plan


def test_short_codes_are_four_phone_friendly_characters_unique_and_stable(tmp_path: Path) -> None:
    articles = [article(f"article-{n}") for n in range(300)]
    first = reconcile(load_ledger(tmp_path), {"residents": articles})
    again = reconcile(load_ledger(tmp_path), {"residents": list(reversed(articles))})
    codes = [first.short_code(a) for a in articles]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 4 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("01ilo") & set(CODE_ALPHABET)
    assert codes == [again.short_code(a) for a in articles]


def test_a_renamed_article_keeps_its_short_code_and_its_old_url_redirects(tmp_path: Path) -> None:
    before = published(tmp_path, article("pay-rent", "How do I pay rent?", id="rent-1"))
    after = published(tmp_path, article("pay-rent-online", "How do I pay rent?", id="rent-1"))
    code = before.codes["residents"]["rent-1"]
    assert after.codes["residents"]["rent-1"] == code
    assert LedgerPage("pay-rent/", "How do I pay rent?", "pay-rent-online") in after.pages["residents"]
    assert LedgerPage(f"a/{code}/", "How do I pay rent?", "pay-rent-online") in after.pages["residents"]
    assert load_ledger(tmp_path).entries["residents"]["rent-1"].slugs == ["pay-rent", "pay-rent-online"]
    assert not after.undecided


def test_an_article_that_gains_an_id_keeps_the_entry_it_had_under_its_slug(tmp_path: Path) -> None:
    before = published(tmp_path, article("pets"))
    after = published(tmp_path, article("pets", id="notion-page-1"))
    assert after.codes["residents"]["notion-page-1"] == before.codes["residents"]["pets"]
    assert list(load_ledger(tmp_path).entries["residents"]) == ["notion-page-1"]
    assert not after.undecided


def test_a_new_slug_under_the_same_title_is_followed_without_an_id(tmp_path: Path) -> None:
    before = published(tmp_path, article("pets", "Can I have a pet?"))
    after = published(tmp_path, article("pets-and-fees", "Can I have a pet?"))
    assert not after.undecided
    assert after.codes["residents"]["pets-and-fees"] == before.codes["residents"]["pets"]
    assert LedgerPage("pets/", "Can I have a pet?", "pets-and-fees") in after.pages["residents"]


def test_a_new_slug_and_title_without_id_is_undecided_and_names_the_look_alike(tmp_path: Path) -> None:
    published(tmp_path, article("pets", "Can I have a pet?"))
    renamed = Article("residents", "animals", "Animals at home", "General", "Text.", Path("pets.md"))
    plan = published(tmp_path, renamed)
    [undecided] = plan.undecided
    assert (undecided.stable_id, undecided.suggestion.slug) == ("pets", "animals")
    assert LedgerPage("pets/", "Can I have a pet?", "") in plan.pages["residents"]


def test_removed_and_redirect_to_decisions_settle_gone_articles(tmp_path: Path) -> None:
    published(tmp_path, article("old-fees", "Old fees"), article("old-parking", "Parking"), article("fees"))
    data = json.loads((tmp_path / LEDGER_FILE).read_text())
    data["residents"]["old-fees"]["removed"] = True
    data["residents"]["old-parking"]["redirect_to"] = "fees"
    (tmp_path / LEDGER_FILE).write_text(json.dumps(data))
    plan = published(tmp_path, article("fees"))
    assert not plan.undecided
    assert LedgerPage("old-fees/", "Old fees", "") in plan.pages["residents"]
    assert LedgerPage("old-parking/", "Fees", "fees") in plan.pages["residents"]


def test_a_redirect_to_nothing_published_stays_undecided(tmp_path: Path) -> None:
    published(tmp_path, article("old"))
    data = json.loads((tmp_path / LEDGER_FILE).read_text())
    data["residents"]["old"]["redirect_to"] = "nowhere"
    (tmp_path / LEDGER_FILE).write_text(json.dumps(data))
    assert [u.stable_id for u in published(tmp_path, article("new")).undecided] == ["old"]


def test_a_hand_written_decision_without_code_gets_one(tmp_path: Path) -> None:
    (tmp_path / LEDGER_FILE).write_text(
        json.dumps({"residents": {"gone": {"slugs": ["gone"], "removed": True}}})
    )
    plan = published(tmp_path, article("kept"))
    code = load_ledger(tmp_path).entries["residents"]["gone"].code
    assert LedgerPage(f"a/{code}/", "", "") in plan.pages["residents"]


def test_the_ledger_is_rewritten_only_when_it_changes(tmp_path: Path) -> None:
    first = published(tmp_path, article("pets"))
    assert save_ledger(first.ledger) is False
    assert save_ledger(
        reconcile(load_ledger(tmp_path), {"residents": [article("pets"), article("keys")]}).ledger
    )


@pytest.mark.parametrize(
    "entry",
    [
        {"slugs": ["../../etc"]},
        {"slugs": []},
        {"slugs": ["ok"], "code": "../x"},
        "not an object",
    ],
)
def test_a_ledger_entry_that_could_write_outside_the_site_is_refused(tmp_path: Path, entry) -> None:
    (tmp_path / LEDGER_FILE).write_text(json.dumps({"residents": {"x": entry}}))
    with pytest.raises(LedgerError, match="entry 'x'"):
        load_ledger(tmp_path)


def test_a_corrupt_ledger_says_how_to_restore_it(tmp_path: Path) -> None:
    (tmp_path / LEDGER_FILE).write_text("{ not json")
    with pytest.raises(LedgerError, match="git checkout"):
        load_ledger(tmp_path)


def test_audiences_keep_separate_entries_for_the_same_slug(tmp_path: Path) -> None:
    plan = reconcile(
        load_ledger(tmp_path),
        {"residents": [article("contact-us")], "owners": [article("contact-us", audience="owners")]},
    )
    assert {p.target for p in plan.pages["residents"]} == {"contact-us"}
    assert plan.ledger.entries["owners"]["contact-us"].slugs == ["contact-us"]
