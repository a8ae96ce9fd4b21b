"""How well the miss loop separates gaps from answered searches, measured through a real browser.

Labelled questions (tests/signals/miss_questions.yml) are typed letter by letter into the sample help
centers in headless Chromium (Debian's /usr/bin/chromium), with the logger reporting to a real
collector on loopback; `misses report` then gives each its verdict. Visitors never open a result.

    .venv/bin/python benchmarks/miss_detection.py [--company second] [--details]

`--company second` types the second company's labelled queries (tests/search/second_company,
Desert Key, not tuned on) into its own help centers instead.

Targets (issues 4 and 15): >= 90% of unanswerable questions logged as misses and reported as
`write`; <= 5% of well-answered searches (right article in the top 3) reported as `write`; <= 10%
of answerable questions reported as `write`, add-words naming the right article in >= 70%.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.search.evaluation import SAMPLE, SECOND
from tests.signals.miss_detection import labelled_questions, load_questions, measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="List the questions that missed the mark.")
    parser.add_argument("--company", choices=("sample", "second"), default="sample")
    args = parser.parse_args()
    started = time.monotonic()
    if args.company == "second":
        figures = measure(labelled_questions(SECOND), company=SECOND)
    else:
        figures = measure(load_questions(), company=SAMPLE)
    for line in figures.lines():
        print(line)
    print(f"({time.monotonic() - started:.0f} s)")
    if args.details:
        for question in figures.unanswered:
            if not (question.logged_as_miss and question.ends_as_write):
                print(
                    f"  missed gap   {question.audience:9} {question.query!r}: {question.kinds}",
                    question.verdict,
                )
        for question in figures.well_answered:
            if question.ends_as_write:
                print(f"  false write  {question.audience:9} {question.query!r}: {question.kinds}")
        for question in figures.questions:
            if question.expect and not question.well_answered:
                print(f"  not in top 3 {question.audience:9} {question.query!r}: {question.top3}")


if __name__ == "__main__":
    main()
