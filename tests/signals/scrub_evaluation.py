"""Measuring the scrubber on the labelled set `scrub_cases.yml` (written before tuning it): recall per
kind of personal data, and how many plain help questions it damaged. Shared by
`benchmarks/scrub_quality.py` (prints the figures) and `test_scrub_quality.py` (holds the floors)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CASES = Path(__file__).with_name("scrub_cases.yml")


@dataclass(frozen=True)
class PersonalCase:
    kind: str
    text: str
    gone: tuple[str, ...]  # fragments that must not survive


@dataclass
class ScrubFigures:
    caught: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    missed: list[tuple[PersonalCase, str]] = field(default_factory=list)
    plain: int = 0
    damaged: list[tuple[str, str]] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        kinds = [kind] if kind else list(self.total)
        return sum(self.caught[k] for k in kinds) / sum(self.total[k] for k in kinds)

    @property
    def damaged_share(self) -> float:
        return len(self.damaged) / self.plain

    def lines(self) -> list[str]:
        rows = [f"{'kind':<12} {'cases':>5} {'caught':>6} {'recall':>7}"]
        for kind in sorted(self.total):
            rows.append(
                f"{kind:<12} {self.total[kind]:>5} {self.caught[kind]:>6} {self.recall(kind):>7.1%}"
            )
        rows.append(
            f"{'all':<12} {sum(self.total.values()):>5} {sum(self.caught.values()):>6} {self.recall():>7.1%}"
        )
        rows.append(
            f"plain help questions: {self.plain}; damaged {len(self.damaged)} ({self.damaged_share:.1%})"
        )
        return rows


def folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def load_cases(path: Path = CASES) -> tuple[list[PersonalCase], list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    personal = [PersonalCase(c["kind"], c["text"], tuple(c["gone"])) for c in data["personal"]]
    return personal, list(data["plain"])


def measure(scrub: Callable[[str], str], path: Path = CASES) -> ScrubFigures:
    personal, plain = load_cases(path)
    figures = ScrubFigures(plain=len(plain))
    for case in personal:
        out = scrub(case.text)
        figures.total[case.kind] = figures.total.get(case.kind, 0) + 1
        if any(folded(fragment) in folded(out) for fragment in case.gone):
            figures.missed.append((case, out))
            figures.caught.setdefault(case.kind, 0)
        else:
            figures.caught[case.kind] = figures.caught.get(case.kind, 0) + 1
    for question in plain:
        out = scrub(question)
        if out != " ".join(unicodedata.normalize("NFKC", question).split()):
            figures.damaged.append((question, out))
    return figures
