"""The search evaluation: labelled queries scored hit@1, hit@3 and MRR, per audience and kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES = Path(__file__).with_name("queries.yml")
HELDOUT = Path(__file__).with_name("heldout_queries.yml")  # written blind, never used for tuning
# Owner situations, colloquial sentences and questions, one file per company. The first check sets,
# written before the owner-question tuning of issue 15 item 6, were tuned on in its second round;
# the fresh sets were written before that round and are its check sets, tuned on in round 3; the
# round-3 sets, written before round 3 was measured, are its check sets, never tuned on.
OWNER_CHECK = Path(__file__).with_name("owner_heldout_queries.yml")
OWNER_FRESH = Path(__file__).with_name("owner_fresh_queries.yml")
OWNER_ROUND3 = Path(__file__).with_name("owner_round3_queries.yml")
UNANSWERABLE = "unanswerable"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Company:
    """A help center the evaluation builds and searches: its articles, settings and labelled queries."""

    name: str
    content: Path
    config: Path
    queries: Path


SAMPLE = Company("Harborview (sample)", ROOT / "content", ROOT / "mkdocs.yml", QUERIES)
# Desert Key Homes: written before tuning (issue 15), an evaluation fixture and never sample content.
SECOND_COMPANY_DIR = Path(__file__).with_name("second_company")
SECOND = Company(
    "Desert Key (second company)",
    SECOND_COMPANY_DIR / "content",
    SECOND_COMPANY_DIR / "mkdocs.yml",
    SECOND_COMPANY_DIR / "queries.yml",
)
SECOND_OWNER_CHECK = SECOND_COMPANY_DIR / OWNER_CHECK.name
SECOND_OWNER_FRESH = SECOND_COMPANY_DIR / OWNER_FRESH.name
SECOND_OWNER_ROUND3 = SECOND_COMPANY_DIR / OWNER_ROUND3.name


@dataclass(frozen=True)
class Case:
    audience: str
    kind: str
    query: str
    expect: tuple[str, ...]  # article slugs that answer it; empty when the site cannot


@dataclass(frozen=True)
class Answer:
    """What one search showed: article slugs best first, and whether it answered
    (`kbgen.search.analysis.answered`)."""

    slugs: list[str]
    answered: bool


def load_cases(path: Path = QUERIES) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(audience, kind, str(entry["q"]), tuple(entry["expect"]))
        for audience, kinds in data.items()
        for kind, entries in kinds.items()
        for entry in entries
    ]


def rank(case: Case, answer: Answer) -> int | None:
    """1-based rank of the first right article; an unanswerable query is right when nothing answered."""
    if not case.expect:
        return None if answer.answered else 1
    return next((i + 1 for i, slug in enumerate(answer.slugs) if slug in case.expect), None)


@dataclass
class Scores:
    n: int = 0
    hit1: float = 0.0
    hit3: float = 0.0
    mrr: float = 0.0

    def add(self, position: int | None) -> None:
        self.n += 1
        self.hit1 += position == 1
        self.hit3 += position is not None and position <= 3
        self.mrr += 1 / position if position else 0

    def mean(self) -> dict[str, float]:
        return {
            "n": self.n,
            "hit@1": self.hit1 / self.n,
            "hit@3": self.hit3 / self.n,
            "mrr": self.mrr / self.n,
        }


def evaluate(cases: list[Case], search: Callable[[Case], Answer]) -> tuple[dict, list[tuple[Case, Answer]]]:
    """Scores per audience, per (audience, kind) and overall, plus every miss for the report."""
    table: dict[str, Scores] = defaultdict(Scores)
    misses = []
    for case in cases:
        answer = search(case)
        position = rank(case, answer)
        for key in ("all", case.audience, f"{case.audience}/{case.kind}", f"kind/{case.kind}"):
            table[key].add(position)
        if position != 1:
            misses.append((case, answer))
    return {key: scores.mean() for key, scores in sorted(table.items())}, misses


def format_scores(scores: dict) -> str:
    return "\n".join(
        f"{key:28} n={s['n']:3} hit@1={s['hit@1']:.3f} hit@3={s['hit@3']:.3f} mrr={s['mrr']:.3f}"
        for key, s in scores.items()
    )
