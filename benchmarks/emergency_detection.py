"""Emergency detection: recall and false alarms per intent over the labelled queries.

Builds the bundled sample site, then asks `kbgen.search` (the same model and data as the browser,
held together by tests/search/test_analysis_parity.py) whether each labelled query of
tests/search/emergency_queries.yml is an emergency on the resident site.

    .venv/bin/python benchmarks/emergency_detection.py [--details]

Targets (issue 12): recall >= 0.97, false alarms <= 0.02.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kbgen.search import load_index
from kbgen.site.builder import build_sites
from tests.conftest import CONFIG, CONTENT
from tests.search.emergency_evaluation import HELDOUT, load_labelled, score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--details", action="store_true", help="List the missed emergencies and false alarms."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build_sites(CONTENT, site, CONFIG)
        index = load_index(site, "residents")
        for title, path in (("labelled (written before tuning, tuned on)", None), ("held-out", HELDOUT)):
            scores = score(
                load_labelled(*([path] if path else [])), lambda query: index.analyze(query).emergency
            )
            print(f"== {title}")
            for line in scores.lines():
                print(line)
            if args.details:
                for case in scores.missed:
                    print(f"  missed       {case.group:10} {case.query!r}")
                for case, intent in scores.false_alarms:
                    print(f"  false alarm  {case.group:10} {case.query!r} -> {intent}")
            print()


if __name__ == "__main__":
    main()
