"""The miss loop's precision, measured: labelled questions typed in real Chromium on the sample help
centers, beacons to a real collector, verdicts from `misses report` (see miss_detection.py).

Floors at what the loop reaches (issue 4's targets: >= 90% and <= 5%); the benchmark
benchmarks/miss_detection.py prints the same figures with every question typed letter by letter.
"""

from __future__ import annotations

import pytest

from tests.misses.miss_detection import load_questions, measure

pytestmark = pytest.mark.browser


def test_unanswerable_questions_end_as_write_and_well_answered_searches_do_not() -> None:
    figures = measure(load_questions(), letter_by_letter=False)
    report = "\n".join(figures.lines())
    assert len(figures.unanswered) >= 40 and len(figures.well_answered) >= 40, report
    assert figures.logged >= 0.95, report
    assert figures.caught >= 0.90, report
    assert figures.false_writes <= 0.05, report
    twice = [(question.query, question.kinds) for question in figures.questions if len(question.kinds) > 1]
    assert not twice, twice  # once per query per page view
