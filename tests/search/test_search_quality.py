"""The evaluation the project keeps: labelled queries through the real browser and `kbgen find`, on
the bundled sample (Harborview) and on a second company written before any tuning (Desert Key, in
tests/search/second_company: the vocabulary was never fitted to its queries one by one).

The floors are the scores reached when they were set; a change that lowers any of them fails here.
Run `pytest tests/search/test_search_quality.py -s` to see the tables of both companies.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import block_outside_loopback
from tests.search.browser_search import BrowserSearch
from tests.search.evaluation import (
    HELDOUT,
    OWNER_CHECK,
    OWNER_FRESH,
    OWNER_ROUND3,
    SECOND,
    SECOND_OWNER_CHECK,
    SECOND_OWNER_FRESH,
    SECOND_OWNER_ROUND3,
    Answer,
    Case,
    evaluate,
    format_scores,
    load_cases,
)

pytestmark = pytest.mark.browser

LABELLED = load_cases()
HELD_OUT_ALL = load_cases(HELDOUT)  # written blind, never tuned on: reported apart
SITUATION = "situation"  # owners describing what happened; Harborview's were tuned on in issue 15 item 6
HELD_OUT = [case for case in HELD_OUT_ALL if case.kind != SITUATION]
SITUATIONS = [case for case in HELD_OUT_ALL if case.kind == SITUATION]
OWNER_CHECK_CASES = load_cases(OWNER_CHECK)  # written before item 6's first round, tuned on in its second
OWNER_FRESH_CASES = load_cases(OWNER_FRESH)  # written before item 6's second round, tuned on in round 3
OWNER_ROUND3_CASES = load_cases(OWNER_ROUND3)  # written before round 3 was measured, never tuned on
CASES = LABELLED + HELD_OUT_ALL + OWNER_CHECK_CASES + OWNER_FRESH_CASES + OWNER_ROUND3_CASES
SECOND_CASES = load_cases(SECOND.queries)
SECOND_OWNER_CHECK_CASES = load_cases(SECOND_OWNER_CHECK)
SECOND_OWNER_FRESH_CASES = load_cases(SECOND_OWNER_FRESH)
SECOND_OWNER_ROUND3_CASES = load_cases(SECOND_OWNER_ROUND3)
SECOND_ALL = SECOND_CASES + SECOND_OWNER_CHECK_CASES + SECOND_OWNER_FRESH_CASES + SECOND_OWNER_ROUND3_CASES
AUDIENCES = ("residents", "owners")
FLOORS = {  # audience -> (hit@1, hit@3, MRR) on the labelled queries
    "residents": (0.97, 1.0, 0.98),
    "owners": (0.95, 0.98, 0.97),
}
HELD_OUT_FLOORS = {
    "residents": (0.96, 1.0, 0.98),
    "owners": (0.96, 1.0, 0.97),
}
SECOND_FLOORS = {  # untuned: residents 0.904 / 0.965 / 0.938, owners 0.854 / 0.893 / 0.884
    "residents": (0.93, 0.97, 0.95),
    "owners": (0.97, 0.99, 0.97),  # 0.95 / 0.99 / 0.96 before item 6's second round
}
KIND_HIT3_FLOOR = 0.95
# Harborview owner situations: (hit@1, hit@3); untuned 0.40 / 0.67, 0.67 / 0.80 before issue 15
# item 6, which tuned on them (1.00 / 1.00): no longer a check set
SITUATION_FLOOR = (0.93, 1.0)
# The owner check sets written before issue 15 item 6: owners' (hit@1, hit@3). Before item 6
# Harborview 0.60 / 0.72, Desert Key 0.60 / 0.92; after its first round (never tuned on) 0.68 / 0.76
# and 0.60 / 0.92; tuned on in its second round, which reached these
OWNER_CHECK_FLOORS = {"Harborview": (0.92, 0.92), "Desert Key": (0.88, 1.0)}
# The fresh owner check sets, written before item 6's second round: owners' (hit@1, hit@3), 0.68 /
# 0.76 and 0.64 / 0.84 after it, query by query as before it; tuned on in round 3, which reached these
OWNER_FRESH_FLOORS = {"Harborview": (0.84, 0.88), "Desert Key": (0.80, 0.96)}
# The round-3 owner check sets, written before round 3 was measured and never tuned on: owners'
# (hit@1, hit@3) as measured once after it (before it, hit@1 0.52 and 0.60): a regression guard
OWNER_ROUND3_FLOORS = {"Harborview": (0.52, 0.72), "Desert Key": (0.64, 0.88)}
SECOND_KIND_HIT1_FLOOR = 0.90  # the weakest kind, colloquial 0.92 (owner situations: untuned 0.50, now 1.00)


def _browser_answers(browser, site_url: str, cases: list[Case]) -> dict[tuple[str, str], Answer]:
    context = browser.new_context()
    context.route("**/*", block_outside_loopback)
    answers = {}
    try:
        for audience in AUDIENCES:
            search = BrowserSearch(context.new_page(), site_url + audience + "/")
            for case in (c for c in cases if c.audience == audience):
                result = search.answer(case.query)
                answers[audience, case.query] = Answer(
                    [h.location.rstrip("/") for h in result.hits], result.answered
                )
    finally:
        context.close()
    return answers


def _find_answers(site: Path, cases: list[Case]) -> dict[tuple[str, str], Answer]:
    answers = {}
    runner = CliRunner()
    for audience in AUDIENCES:
        queries = "\n".join(c.query for c in cases if c.audience == audience)
        args = ["find", "-", "--site", str(site), "--audience", audience, "--json", "--limit", "10"]
        result = runner.invoke(main, args, input=queries)
        assert result.exit_code == 0, result.output
        for line in result.output.splitlines():
            found = json.loads(line)
            (site_found,) = found["audiences"]
            slugs = [hit["location"].rstrip("/") for hit in site_found["results"]]
            answers[audience, found["query"]] = Answer(slugs, site_found["answered"])
    return answers


@pytest.fixture(scope="module")
def browser_answers(browser, sample_site_url) -> dict[tuple[str, str], Answer]:
    return _browser_answers(browser, sample_site_url, CASES)


@pytest.fixture(scope="module")
def find_answers(sample_site) -> dict[tuple[str, str], Answer]:
    return _find_answers(sample_site, CASES)


@pytest.fixture(scope="module")
def second_browser_answers(browser, second_company_site_url) -> dict[tuple[str, str], Answer]:
    return _browser_answers(browser, second_company_site_url, SECOND_ALL)


def assert_floors(
    scores: dict, floors: dict = FLOORS, kind_hit3: float = KIND_HIT3_FLOOR, kind_hit1: float = 0.0
) -> None:
    for audience, (hit1, hit3, mrr) in floors.items():
        got = scores[audience]
        below = got["hit@1"] < hit1 or got["hit@3"] < hit3 or got["mrr"] < mrr
        assert not below, f"{audience} fell below the floor:\n{format_scores(scores)}"
    for key, got in scores.items():
        if key.startswith("kind/"):
            assert got["hit@3"] >= kind_hit3, f"{key} fell below hit@3 {kind_hit3}:\n{format_scores(scores)}"
            assert got["hit@1"] >= kind_hit1, f"{key} fell below hit@1 {kind_hit1}:\n{format_scores(scores)}"


def test_browser_search_stays_above_the_floor(browser_answers):
    scores, _ = evaluate(LABELLED, lambda case: browser_answers[case.audience, case.query])
    print("\nbrowser, Harborview (sample)\n" + format_scores(scores))
    assert_floors(scores)


def test_browser_search_stays_above_the_floor_on_held_out_queries(browser_answers):
    scores, _ = evaluate(HELD_OUT, lambda case: browser_answers[case.audience, case.query])
    print("\nbrowser, Harborview held-out queries\n" + format_scores(scores))
    assert_floors(scores, HELD_OUT_FLOORS)


def test_browser_search_finds_owner_situations(browser_answers):
    """Owners' situations on Harborview: written before the first owner-situation vocabulary (grown
    on Desert Key's queries) and its check set then; tuned on since issue 15 item 6."""
    scores, misses = evaluate(SITUATIONS, lambda case: browser_answers[case.audience, case.query])
    print("\nbrowser, Harborview owner situations (tuned on)\n" + format_scores(scores))
    for case, answer in misses:
        print(f"  not first: {case.query!r} -> {answer.slugs[:3]}")
    assert scores["owners"]["hit@1"] >= SITUATION_FLOOR[0] and scores["owners"]["hit@3"] >= SITUATION_FLOOR[1]


def _owner_sets(name: str, sets: dict, floors: dict, browser_answers, second_browser_answers) -> None:
    """Print each company's owner table for `sets` and hold its (hit@1, hit@3) floor."""
    for company, cases, answers in (
        ("Harborview", sets["Harborview"], browser_answers),
        ("Desert Key", sets["Desert Key"], second_browser_answers),
    ):
        scores, misses = evaluate(cases, lambda case, answers=answers: answers[case.audience, case.query])
        print(f"\nbrowser, {company} owners ({name})\n" + format_scores(scores))
        for case, answer in misses:
            print(f"  not first: {case.kind} {case.query!r} -> {answer.slugs[:3]}")
        hit1, hit3 = floors[company]
        assert scores["owners"]["hit@1"] >= hit1 and scores["owners"]["hit@3"] >= hit3, format_scores(scores)


def test_browser_search_finds_owner_questions_of_the_first_check_set(browser_answers, second_browser_answers):
    """Owners' situations, sentences and questions on both companies, written before issue 15
    item 6 and its check set in the first round; tuned on in the second."""
    sets = {"Harborview": OWNER_CHECK_CASES, "Desert Key": SECOND_OWNER_CHECK_CASES}
    _owner_sets(
        "first check set, tuned on", sets, OWNER_CHECK_FLOORS, browser_answers, second_browser_answers
    )


def test_browser_search_finds_owner_questions_of_the_fresh_check_set(browser_answers, second_browser_answers):
    """Owners' situations, sentences and questions on both companies, written before item 6's
    second round, its check set; tuned on in round 3."""
    sets = {"Harborview": OWNER_FRESH_CASES, "Desert Key": SECOND_OWNER_FRESH_CASES}
    title = "fresh check set, tuned on in round 3"
    _owner_sets(title, sets, OWNER_FRESH_FLOORS, browser_answers, second_browser_answers)


def test_browser_search_finds_owner_questions_of_the_round_3_check_set(
    browser_answers, second_browser_answers
):
    """Owners' situations, sentences and questions on both companies, written by a helper from the
    articles alone before round 3 was measured and never tuned on: its check set."""
    sets = {"Harborview": OWNER_ROUND3_CASES, "Desert Key": SECOND_OWNER_ROUND3_CASES}
    _owner_sets(
        "round-3 check set, written before tuning",
        sets,
        OWNER_ROUND3_FLOORS,
        browser_answers,
        second_browser_answers,
    )


def test_browser_search_stays_above_the_floor_on_the_second_company(second_browser_answers):
    scores, misses = evaluate(SECOND_CASES, lambda case: second_browser_answers[case.audience, case.query])
    print("\nbrowser, Desert Key (second company)\n" + format_scores(scores))
    for case, answer in misses:
        print(f"  not first: {case.audience}/{case.kind} {case.query!r} -> {answer.slugs[:3]}")
    assert_floors(scores, SECOND_FLOORS, kind_hit3=0.0, kind_hit1=SECOND_KIND_HIT1_FLOOR)


def test_kbgen_find_stays_above_the_floor(find_answers):
    scores, _ = evaluate(LABELLED, lambda case: find_answers[case.audience, case.query])
    print("\nkbgen find, Harborview (sample)\n" + format_scores(scores))
    assert_floors(scores)


def test_kbgen_find_shows_the_browsers_top_result(browser_answers, find_answers):
    differ = [
        (key, browser_answers[key].slugs[:1], find_answers[key].slugs[:1])
        for key in browser_answers
        if browser_answers[key].slugs[:1] != find_answers[key].slugs[:1]
    ]
    agreement = 1 - len(differ) / len(browser_answers)
    print(f"\ntop result agreement browser vs find: {agreement:.3f} over {len(browser_answers)} queries")
    assert agreement >= 0.95, differ


def test_kbgen_find_shows_the_browsers_top_result_on_the_second_company(
    second_browser_answers, second_company_site
):
    find_answers = _find_answers(second_company_site, SECOND_ALL)
    differ = [
        key for key, shown in second_browser_answers.items() if shown.slugs[:1] != find_answers[key].slugs[:1]
    ]
    print(f"\nDesert Key top result agreement browser vs find: {1 - len(differ) / len(find_answers):.3f}")
    assert len(differ) <= 0.05 * len(find_answers), differ
