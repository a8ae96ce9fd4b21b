"""Emergency detection scored on the labelled queries of `emergency_queries.yml`, per intent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

QUERIES = Path(__file__).with_name("emergency_queries.yml")
HELDOUT = Path(__file__).with_name("emergency_heldout_queries.yml")  # written after the model, not tuned on


@dataclass(frozen=True)
class Labelled:
    query: str
    group: str  # the intent of an emergency, the theme of a non-emergency
    emergency: bool


def load_labelled(path: Path = QUERIES) -> list[Labelled]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Labelled(str(query), group, section == "emergency")
        for section in ("emergency", "not_emergency")
        for group, queries in as_groups(data[section]).items()
        for query in queries
    ]


def as_groups(entries: dict[str, list[str]] | list[str]) -> dict[str, list[str]]:
    """Queries by group; a plain list is one group, "all"."""
    return entries if isinstance(entries, dict) else {"all": entries}


@dataclass
class Scores:
    """Recall per intent over emergencies, false alarms per theme over non-emergencies."""

    caught: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    alarmed: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    missed: list[Labelled] = field(default_factory=list)
    false_alarms: list[tuple[Labelled, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        found = [hit for hits in self.caught.values() for hit in hits]
        return sum(found) / len(found)

    @property
    def false_alarm_rate(self) -> float:
        found = [hit for hits in self.alarmed.values() for hit in hits]
        return sum(found) / len(found)

    def lines(self) -> list[str]:
        rows = [f"{'emergency intent':24} {'n':>4} {'recall':>7}"]
        rows += [f"{name:24} {len(h):4} {sum(h) / len(h):7.3f}" for name, h in self.caught.items()]
        rows += [f"{'all emergencies':24} {sum(map(len, self.caught.values())):4} {self.recall:7.3f}", ""]
        rows += [f"{'non-emergency theme':24} {'n':>4} {'false alarms':>12}"]
        rows += [f"{name:24} {len(h):4} {sum(h) / len(h):12.3f}" for name, h in self.alarmed.items()]
        total = sum(map(len, self.alarmed.values()))
        rows.append(f"{'all non-emergencies':24} {total:4} {self.false_alarm_rate:12.3f}")
        return rows


def score(cases: list[Labelled], detect: Callable[[str], str | None]) -> Scores:
    """`detect`: the intent the search gives a query, or None."""
    scores = Scores()
    for case in cases:
        intent = detect(case.query)
        if case.emergency:
            scores.caught[case.group].append(intent is not None)
            if intent is None:
                scores.missed.append(case)
        else:
            scores.alarmed[case.group].append(intent is not None)
            if intent is not None:
                scores.false_alarms.append((case, intent))
    return scores
