"""The scrubber's quality floors on labelled sets: personal data of every kind removed, plain help
questions left exactly as typed. Figures: `.venv/bin/python benchmarks/scrub_quality.py`."""

from __future__ import annotations

from pathlib import Path

from kbgen.signals.intake.scrub import PLACEHOLDERS, scrub
from tests.signals.scrub_evaluation import CASES, load_cases, measure

HELDOUT = Path(__file__).with_name("scrub_heldout.yml")


def test_the_labelled_set_is_big_and_covers_every_kind_the_issue_names() -> None:
    personal, plain = load_cases()
    assert len(personal) + len(plain) >= 200
    assert len(personal) >= 100 and len(plain) >= 100
    kinds = {case.kind for case in personal}
    assert kinds >= {"name", "email", "phone", "address", "po_box", "access_code", "password", "plate", "ip"}


def test_recall_on_the_labelled_set_is_at_least_95_percent_and_80_for_every_kind() -> None:
    figures = measure(scrub, CASES)
    assert figures.recall() >= 0.95, "\n".join(figures.lines())
    for kind in figures.total:
        assert figures.recall(kind) >= 0.80, "\n".join(figures.lines())


def test_at_most_one_percent_of_plain_help_questions_are_changed() -> None:
    figures = measure(scrub, CASES)
    assert figures.damaged_share <= 0.01, figures.damaged


def test_held_out_strings_written_after_tuning_keep_recall_and_damage_floors() -> None:
    figures = measure(scrub, HELDOUT)
    assert figures.recall() >= 0.85, "\n".join(figures.lines())
    assert figures.damaged_share <= 0.05, figures.damaged


def test_every_placeholder_survives_a_second_pass_unchanged() -> None:
    text = " ".join(PLACEHOLDERS)
    assert scrub(text) == text
    personal, _ = load_cases()
    for case in personal:
        once = scrub(case.text)
        assert scrub(once) == once, case.text
