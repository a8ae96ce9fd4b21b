"""Measure the miss loop end to end: labelled questions typed into the real sites in headless Chromium,
beacons stored by a real collector on loopback, then the report's verdict for each question.

Figures (issue 4): the share of questions the site cannot answer that are logged as misses (zero or
weak) and end up as `write`, and the share of well-answered searches (the right article in the top 3)
that end up as `write`. Visitors here never open a result: the logger gets no help from behaviour,
the hardest case for both figures. `tests/signals/learning.py`'s `month_of_visitors` adds the
visitors who do open results.

Used by tests/signals/test_miss_detection.py and benchmarks/miss_detection.py.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kbgen.signals.analysis.report import Group, ReportWindow, build_report
from kbgen.signals.analysis.site_search import load_site_searches
from kbgen.signals.analysis.verdicts import ADD_WORDS, WRITE
from kbgen.signals.intake.beacon import MISS_KINDS
from kbgen.signals.intake.store import connect
from kbgen.site.builder import build_sites
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, LOOPBACK_PREFIXES, serve_directory
from tests.search.evaluation import SAMPLE, Company, load_cases
from tests.signals.collector_process import free_port, running_collector

QUESTIONS = Path(__file__).with_name("miss_questions.yml")
# Sets for the verdicts written before their rules were tuned (issue 15), one per company: the first
# were then tuned on, the second (fresh2) were measured once and never tuned on
FRESH_QUESTIONS = {
    "Harborview": Path(__file__).with_name("fresh_questions_harborview.yml"),
    "Desert Key": Path(__file__).with_name("fresh_questions_desert_key.yml"),
}
CHECK_QUESTIONS = {
    "Harborview": Path(__file__).with_name("fresh2_questions_harborview.yml"),
    "Desert Key": Path(__file__).with_name("fresh2_questions_desert_key.yml"),
}
THIRD_CHECK_QUESTIONS = {  # written blind on 2026-12-02; measured once before any rule change
    "Harborview": Path(__file__).with_name("fresh3_questions_harborview.yml"),
    "Desert Key": Path(__file__).with_name("fresh3_questions_desert_key.yml"),
}
LOGGER_KINDS = MISS_KINDS | {"noclick"}  # what kbgen-misses.js sends
SETTLE_MS = 1700  # the logger settles after 1.5 s without typing
TYPING_DELAY_MS = 35
# Visitors searching at the same time, one tab each: typing letter by letter keeps both cores busy
# with Material's worker, so more tabs only slow each other down.
TABS = {True: 8, False: 16}


@dataclass
class Question:
    audience: str
    query: str
    expect: tuple[str, ...]  # the answering articles' locations, empty when the site cannot answer it
    top3: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # what the logger sent
    verdict: str = ""  # the report's verdict for the question's group ("" when nothing was logged)
    article: str = ""  # the article the verdict names (add-words, answered)
    nearest: str = ""  # a write's nearest article, for the writer to check first

    @property
    def well_answered(self) -> bool:
        return bool(set(self.expect) & set(self.top3))

    @property
    def names_the_right_article(self) -> bool:
        return self.verdict == ADD_WORDS and self.article in self.expect

    @property
    def logged_as_miss(self) -> bool:
        return bool(MISS_KINDS & set(self.kinds))

    @property
    def ends_as_write(self) -> bool:
        return self.verdict == WRITE


@dataclass
class Figures:
    questions: list[Question]

    @property
    def unanswered(self) -> list[Question]:
        return [q for q in self.questions if not q.expect]

    @property
    def answerable(self) -> list[Question]:
        return [q for q in self.questions if q.expect]

    @property
    def answerable_writes(self) -> float:
        """Share of all answerable questions reported as `write` (whether or not well ranked)."""
        return _share([q.ends_as_write for q in self.answerable])

    @property
    def add_words_naming(self) -> float:
        """Of the answerable questions reported as add-words, the share naming a right article."""
        return _share([q.names_the_right_article for q in self.answerable if q.verdict == ADD_WORDS])

    @property
    def well_answered(self) -> list[Question]:
        return [q for q in self.questions if q.well_answered]

    @property
    def caught(self) -> float:
        """Share of unanswerable questions logged as misses and reported as `write`."""
        return _share([q.logged_as_miss and q.ends_as_write for q in self.unanswered])

    @property
    def logged(self) -> float:
        return _share([q.logged_as_miss for q in self.unanswered])

    @property
    def false_writes(self) -> float:
        """Share of well-answered searches reported as `write`."""
        return _share([q.ends_as_write for q in self.well_answered])

    @property
    def false_writes_naming(self) -> float:
        """Of the answerable questions reported as write, the share whose nearest article is right:
        the writer's first check finds it."""
        return _share([q.nearest in q.expect for q in self.answerable if q.ends_as_write])

    @property
    def noise(self) -> float:
        """Share of well-answered searches logged as misses (the re-check then sets them apart)."""
        return _share([q.logged_as_miss for q in self.well_answered])

    def lines(self) -> list[str]:
        return [
            f"unanswerable questions: {len(self.unanswered)}; logged as misses {self.logged:.1%};"
            f" logged and reported as write {self.caught:.1%} (target >= 90%)",
            f"well-answered searches (right article in the top 3): {len(self.well_answered)};"
            f" logged as misses {self.noise:.1%}; reported as write {self.false_writes:.1%} (target <= 5%)",
            f"answerable questions: {len(self.answerable)}; reported as write {self.answerable_writes:.1%}"
            f" (target <= 10%); add-words naming the right article {self.add_words_naming:.1%} of"
            f" {sum(q.verdict == ADD_WORDS for q in self.answerable)} (target >= 70%)",
            f"answerable questions reported as write whose nearest article is a right one:"
            f" {self.false_writes_naming:.1%} of {sum(q.ends_as_write for q in self.answerable)}",
        ]


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = []
    for audience, sets in data.items():
        questions += [Question(audience, query, ()) for query in sets["unanswered"]]
        for item in sets["answered"]:
            slugs = [item["expect"]] if isinstance(item["expect"], str) else item["expect"]
            questions.append(Question(audience, item["q"], tuple(f"{slug}/" for slug in slugs)))
    return questions


def labelled_questions(company: Company) -> list[Question]:
    """A company's labelled search queries as miss questions: unanswerable ones expect nothing."""
    return [
        Question(case.audience, case.query, tuple(f"{slug}/" for slug in case.expect))
        for case in load_cases(company.queries)
    ]


def measure(
    questions: list[Question],
    *,
    letter_by_letter: bool = True,
    workdir: Path | None = None,
    company: Company = SAMPLE,
) -> Figures:
    """Build the sample sites reporting to a collector, type every question, and read the report.

    `letter_by_letter=False` pastes each question and types only its last letter: the same settled
    search, without making Material's worker search every prefix (2 CPU-bound seconds a question)."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = workdir or Path(scratch)
        site, db, port = folder / "site", folder / "misses.db", free_port()
        build_sites(company.content, site, company.config, miss_endpoint=f"http://127.0.0.1:{port}/miss")
        with serve_directory(site) as site_url:
            options = ("--allow-origin", site_url.rstrip("/"), "--per-minute", "100000", "--burst", "10000")
            with running_collector(db, *options, port=port):
                _in_thread(_type_all(site_url, questions, letter_by_letter))
                time.sleep(0.5)  # the last beacons are in flight
        _read_back(db, site, questions)
    return Figures(questions)


def _in_thread(work) -> None:
    """Run the async browser session in its own thread: the tests' sync Playwright owns this one."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(work)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


async def _type_all(site_url: str, questions: list[Question], letter_by_letter: bool) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Contiguous shares of the questions sorted by audience: most tabs load one site only.
            ordered = sorted(questions, key=lambda question: question.audience)
            share = -(-len(ordered) // TABS[letter_by_letter])
            shares = [ordered[start : start + share] for start in range(0, len(ordered), share)]
            await asyncio.gather(*(_tab(browser, site_url, mine, letter_by_letter) for mine in shares))
        finally:
            await browser.close()


async def _block_outside_loopback(route) -> None:
    if route.request.url.startswith(LOOPBACK_PREFIXES):
        await route.continue_()
    else:
        await route.abort()


async def _tab(browser, site_url: str, questions: list[Question], letter_by_letter: bool) -> None:
    """A visitor asking question after question on the audience's home page: open the search, type,
    pause, leave the search (Escape) without opening a result."""
    # Material honours reduced motion: no transition to draw as the search opens and closes, a
    # third of the renderer's work per question, the same searches and beacons
    context = await browser.new_context(reduced_motion="reduce")
    context.set_default_timeout(120_000)  # sixteen tabs loading at once beside other tests' work
    await context.route("**/*", _block_outside_loopback)
    page = await context.new_page()
    audience = ""
    try:
        for question in questions:
            if question.audience != audience:
                audience = question.audience
                await page.goto(f"{site_url}{audience}/")
            search = page.locator("input.md-search__input")
            await search.click()  # Material opens the search when its field gets focus
            await page.wait_for_function(_SEARCH_OPEN)
            await page.wait_for_function(_SEARCH_READY)
            typed_at_once = "" if letter_by_letter else question.query[:-1]
            await search.fill(typed_at_once)
            await search.press_sequentially(question.query[len(typed_at_once) :], delay=TYPING_DELAY_MS)
            await page.wait_for_timeout(SETTLE_MS)
            paths = await page.eval_on_selector_all(_RESULT_LINKS, "links => links.map(a => a.pathname)")
            question.top3 = [path.split(f"/{audience}/", 1)[-1] for path in paths[:3]]
            await page.keyboard.press("Escape")
            # On a busy machine Material may close the search late; a "/" pressed before that is
            # typed into the query, and typing into a closed search sends every result list.
            await page.wait_for_function(f"() => !({_SEARCH_OPEN})()")
        await page.wait_for_timeout(500)  # the last beacon leaves before the tab closes
    finally:
        await context.close()


_SEARCH_READY = "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')?.textContent)"
_SEARCH_OPEN = "() => document.querySelector('[data-md-toggle=search]').checked"
_RESULT_LINKS = ".md-search-result__list > .md-search-result__item > a.md-search-result__link"


def _read_back(db: Path, site: Path, questions: list[Question]) -> None:
    kinds: dict[tuple[str, str], list[str]] = defaultdict(list)
    raw = sqlite3.connect(db)
    try:
        for audience, query, kind in raw.execute("SELECT audience, query, kind FROM searches ORDER BY id"):
            if kind in LOGGER_KINDS:  # not what other scripts report (kbgen-search.js: wrongsite)
                kinds[audience, query].append(kind)
    finally:
        raw.close()
    conn = connect(db)
    try:
        now = int(time.time())
        groups = build_report(
            conn, ReportWindow(since=now - 3600, until=now + 60), site, load_site_searches(site)
        )
    finally:
        conn.close()
    for question, group in in_groups(questions, groups):
        question.kinds = kinds[question.audience, question.query]
        question.verdict, question.article, question.nearest = (
            (group.verdict, group.article, group.nearest) if group else ("", "", "")
        )


def in_groups(questions: list[Question], groups: list[Group]) -> list[tuple[Question, Group | None]]:
    """Each question with the report's group that lists it among its examples, if any."""
    group_of = {(group.audience, example): group for group in groups for example in group.examples}
    return [(question, group_of.get((question.audience, question.query))) for question in questions]


def recheck(questions: list[Question], site: Path) -> Figures:
    """Every question as if the logger had sent it: the report's verdict for it alone, and the top
    3 of the site's search (the worst case for false writes: no question is left unlogged)."""
    from kbgen.signals.analysis.site_pages import load_pages
    from kbgen.signals.analysis.verdicts import Rechecker

    searches = load_site_searches(site)
    checkers = {name: Rechecker(load_pages(site, name), search) for name, search in searches.items()}
    for question in questions:
        search = searches[question.audience]
        question.top3 = [hit.location for hit in search.search(question.query, 3)]
        verdict = checkers[question.audience].verdict(question.query)
        question.kinds, question.verdict, question.article = ["weak"], verdict.verdict, verdict.article
        question.nearest = verdict.nearest
    return Figures(questions)


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0
