"""How well the scrubber removes personal data from what visitors type, and how many plain help
questions it damages, on the labelled set tests/signals/scrub_cases.yml (written before the rules
were tuned on it) and on tests/signals/scrub_heldout.yml (written after, never tuned on).

    .venv/bin/python benchmarks/scrub_quality.py [--details]

Floors (issue 11, held by tests/signals/test_scrub_quality.py): recall >= 95% overall and >= 80% for
every kind; at most 1% of plain questions changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kbgen.signals.intake.scrub import scrub
from tests.signals.scrub_evaluation import CASES, measure

HELDOUT = CASES.with_name("scrub_heldout.yml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="List what got through and what was damaged.")
    args = parser.parse_args()
    for title, path in (("labelled set", CASES), ("held-out set", HELDOUT)):
        figures = measure(scrub, path)
        print(f"== {title}: {path.name}")
        for line in figures.lines():
            print(line)
        if args.details:
            for case, out in figures.missed:
                print(f"missed {case.kind}: {case.text!r} -> {out!r}")
            for question, out in figures.damaged:
                print(f"damaged: {question!r} -> {out!r}")


if __name__ == "__main__":
    main()
