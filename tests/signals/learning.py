"""A simulated month of visitors clicking search results, and what accepting `kbgen misses learn`'s
proposals does to the ranking (issue 15).

Every answerable labelled query of a company is searched by a few visitors over 30 days. Each one
scans the results top down with a realistic position bias (most look at the first result, fewer
at each next one: examined with probability 0.9 x 0.75^(position-1)), opens the right article when
they reach it, and sometimes opens a wrong one on the way (8% per result examined). The clicks
are stored as the collector stores them; `learn` proposes synonyms; all proposals are accepted
(moved into the company's `synonyms.yml`); the site is rebuilt and searched again.

`month_of_visitors` runs the same visitors over questions, some of which no article answers, and
reads the misses report's verdicts. Used by tests/signals/test_learning.py, test_miss_detection.py
and benchmarks/learning.py.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from kbgen.search import load_index
from kbgen.signals.analysis.learn import PROPOSALS_FILE, Proposal, learn, write_proposals
from kbgen.signals.analysis.report import ReportWindow, build_report
from kbgen.signals.analysis.site_search import load_site_searches
from kbgen.signals.intake.beacon import Beacon
from kbgen.signals.intake.events import Click
from kbgen.signals.intake.store import Reaction, Record, Search, connect, insert_records
from kbgen.site.builder import build_sites
from tests.conftest import LOOPBACK_PREFIXES
from tests.search.evaluation import Answer, Case, Company, load_cases, rank
from tests.signals.miss_detection import SETTLE_MS, Figures, Question, in_groups

DAY = 86_400
MONTH_START = 1_767_225_600  # 2026-01-01 00:00 UTC
EXAMINE_FIRST, EXAMINE_DECAY = 0.9, 0.75
WRONG_CLICK = 0.08
VISITORS_PER_QUERY = (2, 9)


def company_copy(company: Company, folder: Path) -> Path:
    """The company's mkdocs.yml in `folder` (theme overrides kept), so a `synonyms.yml` can go beside it."""
    source = company.config.read_text(encoding="utf-8")
    overrides = re.search(r"^\s*custom_dir:\s*(\S+)", source, re.M)
    assert overrides, company.config
    absolute = (company.config.parent / overrides[1]).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "mkdocs.yml"
    config.write_text(
        source.replace(overrides[0], overrides[0].replace(overrides[1], str(absolute))), "utf-8"
    )
    return config


def simulate_month(conn: sqlite3.Connection, site: Path, cases: list[Case], seed: int = 15) -> int:
    """Store a month of result clicks for the answerable `cases`; returns how many clicks."""
    rng = random.Random(seed)
    indexes = {audience: load_index(site, audience) for audience in {case.audience for case in cases}}
    records = []
    for number, case in enumerate(case for case in cases if case.expect):
        shown = [hit.location for hit in indexes[case.audience].search(case.query, 10)]
        for visitor in range(rng.randint(*VISITORS_PER_QUERY)):
            opened = scan(rng, shown, {f"{slug}/" for slug in case.expect})
            if opened is None:
                continue
            at = MONTH_START + rng.randrange(30 * DAY)
            who = hashlib.sha256(f"{number}-{visitor}".encode()).hexdigest()[:16]
            path = f"/{case.audience}/{shown[opened]}"
            click = Click(case.audience, case.query, path, opened + 1, f"/{case.audience}/")
            records.append(Reaction(click, at, who))
    insert_records(conn, records)
    return len(records)


def scan(rng: random.Random, shown: list[str], right: set[str]) -> int | None:
    """The position a visitor opens (0-based), or None when they give up."""
    for position, location in enumerate(shown):
        if rng.random() > EXAMINE_FIRST * EXAMINE_DECAY**position:
            return None
        if location in right:
            return position
        if rng.random() < WRONG_CLICK:
            return position
    return None


@dataclass
class LearningRound:
    company: str
    clicks: int
    proposals: list[Proposal]
    searched: list[Case]  # the queries the simulated visitors searched
    taught: list[Case]  # the queries the proposals came from
    others: list[Case]
    before: dict[tuple[str, str], Answer]
    after: dict[tuple[str, str], Answer]

    def hit1(self, cases: list[Case], answers: dict[tuple[str, str], Answer]) -> float:
        hits = [rank(case, answers[case.audience, case.query]) == 1 for case in cases]
        return sum(hits) / len(hits) if hits else 1.0

    def lines(self) -> list[str]:
        return [
            f"{self.company}: {self.clicks} clicks over 30 days, {len(self.proposals)} proposals accepted",
            f"  hit@1 on the {len(self.taught)} queries they came from:"
            f" {self.hit1(self.taught, self.before):.3f} -> {self.hit1(self.taught, self.after):.3f}",
            f"  hit@1 on the {len(self.searched)} queries visitors searched:"
            f" {self.hit1(self.searched, self.before):.3f} -> {self.hit1(self.searched, self.after):.3f}",
            f"  hit@1 on the other {len(self.others)} queries:"
            f" {self.hit1(self.others, self.before):.3f} -> {self.hit1(self.others, self.after):.3f}",
            *(f"  accepted {p.section}: {p.line}  ({p.evidence()})" for p in self.proposals),
        ]


def learning_round(company: Company, workdir: Path, searched: list[Case] | None = None) -> LearningRound:
    """Build, simulate a month, learn, accept every proposal, rebuild, and compare. Visitors search
    `searched` (the company's labelled queries by default); hit@1 is compared on those and on every
    labelled query."""
    labelled = load_cases(company.queries)
    searched = labelled if searched is None else searched
    cases = searched + [case for case in labelled if case not in searched]
    config = company_copy(company, workdir / "config")
    before_site, after_site = workdir / "before", workdir / "after"
    build_sites(company.content, before_site, config)
    conn = connect(workdir / "misses.db")
    try:
        clicks = simulate_month(conn, before_site, searched)
        window = ReportWindow(since=MONTH_START, until=MONTH_START + 31 * DAY)
        proposals = learn(conn, window, before_site)
    finally:
        conn.close()
    write_proposals(proposals, config.parent / PROPOSALS_FILE, window)
    accept_every_line(config.parent / PROPOSALS_FILE, config.parent / "synonyms.yml")
    build_sites(company.content, after_site, config)
    taught_queries = {(p.audience, query) for p in proposals for query in p.queries}
    taught = [case for case in cases if (case.audience, case.query) in taught_queries]
    others = [case for case in cases if (case.audience, case.query) not in taught_queries]
    return LearningRound(
        company.name,
        clicks,
        proposals,
        searched,
        taught,
        others,
        answers(before_site, cases),
        answers(after_site, cases),
    )


def accept_every_line(proposed_file: Path, synonyms_file: Path) -> None:
    """What an editor does: move the proposed lines (with their evidence comments) into synonyms.yml,
    each under its section."""
    lines = proposed_file.read_text(encoding="utf-8").splitlines()
    proposed = [line for line in lines if line.startswith("  - ") or re.match(r"^[a-z_]+:", line)]
    synonyms_file.write_text("\n".join(proposed) + "\n", encoding="utf-8")


def answers(site: Path, cases: list[Case]) -> dict[tuple[str, str], Answer]:
    indexes = {audience: load_index(site, audience) for audience in {case.audience for case in cases}}
    found = {}
    for case in cases:
        index = indexes[case.audience]
        hits = index.search(case.query, 10)
        found[case.audience, case.query] = Answer(
            [hit.location.rstrip("/") for hit in hits], index.answer(case.query) is not None
        )
    return found


def search_in_chromium(browser, site_url: str, visitor: str, query: str, opening: str | None) -> None:
    """One resident (their address as the proxy forwards it) searches `query` in Chromium, then opens
    the result at `opening` (a location), or, with None, leaves the search without opening one."""
    context = browser.new_context()
    context.set_default_timeout(60_000)

    def route(route) -> None:
        request = route.request
        if not request.url.startswith(LOOPBACK_PREFIXES):
            route.abort()
        elif "/miss" in request.url:
            route.continue_(headers={**request.headers, "x-forwarded-for": visitor})
        else:
            route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    try:
        page.goto(f"{site_url}residents/")
        page.locator(".kbgen-hero__search").click()
        search = page.locator("input.md-search__input")
        search.wait_for(state="visible")
        page.wait_for_function(
            "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')?.textContent)"
        )
        search.fill(query)
        if opening is None:
            page.wait_for_timeout(SETTLE_MS)  # the logger settles, then the visitor gives up
            page.keyboard.press("Escape")
        else:
            result = page.locator(f".md-search-result__item > a[href*='{opening}']")
            result.wait_for()
            result.click()
            page.wait_for_url(re.compile(re.escape(opening)))  # with Material's ?h= highlight
        page.wait_for_timeout(500)  # the beacon leaves before the tab closes
    finally:
        context.close()


MONTHS = 3  # independent months pooled: one month's figures move by a question or two with its seed


def month_of_visitors(
    questions: list[Question], site: Path, workdir: Path, *, clicks: bool = True, months: int = MONTHS
) -> Figures:
    """Every question searched by a few visitors over a month (the visitors of
    `simulate_month`: position bias, now and then a wrong result opened), each visitor who opens nothing
    logged as a miss, each one who opens a result sending its click beacon; then the report's
    verdict of each question's group (a question nobody missed is never logged, so never `write`).
    The figures pool `months` independent months, each question's visitors drawn from its own seed,
    so a change to one question's results leaves the others' visitors as they were.
    `clicks=False`: the same months with the click beacons left out, as the report was before it
    read them."""
    searches = load_site_searches(site)
    shown = {
        (question.audience, question.query): [
            hit.location for hit in searches[question.audience].search(question.query, 10)
        ]
        for question in questions
    }
    judged: list[Question] = []
    for month in range(months):
        copies = [replace(question, kinds=[], verdict="", article="", nearest="") for question in questions]
        records = _visitors(copies, shown, month, clicks)
        conn = connect(workdir / f"month-{month}-{'clicks' if clicks else 'misses'}.db")
        try:
            with conn:
                insert_records(conn, records)
            window = ReportWindow(since=MONTH_START, until=MONTH_START + 31 * DAY)
            groups = build_report(conn, window, site, searches)
        finally:
            conn.close()
        for question, group in in_groups(copies, groups):
            question.kinds = ["weak"] if group else []
            question.verdict, question.article, question.nearest = (
                (group.verdict, group.article, group.nearest) if group else ("", "", "")
            )
        judged += copies
    return Figures(judged)


def _visitors(
    questions: list[Question], results: dict[tuple[str, str], list[str]], month: int, clicks: bool
) -> list[Record]:
    """One month's misses and clicks of `questions`' visitors, who scan each question's `results`."""
    records: list[Record] = []
    for number, question in enumerate(questions):
        rng = random.Random(f"{month}:{question.audience}:{question.query}")
        shown = results[question.audience, question.query]
        question.top3 = shown[:3]
        for visitor in range(rng.randint(*VISITORS_PER_QUERY)):
            at = MONTH_START + rng.randrange(30 * DAY)
            who = hashlib.sha256(f"{month}-{number}-{visitor}".encode()).hexdigest()[:16]
            opened = scan(rng, shown, set(question.expect))
            home = f"/{question.audience}/"
            if opened is None:
                records.append(Search(Beacon(question.query, question.audience, "weak", home), at, who))
            elif clicks:
                path = f"/{question.audience}/{shown[opened]}"
                click = Click(question.audience, question.query, path, opened + 1, home)
                records.append(Reaction(click, at, who))
    return records
