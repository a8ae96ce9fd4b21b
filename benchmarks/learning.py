"""What accepting `kbgen misses learn`'s proposals does, on a simulated month of search traffic.

Every answerable labelled query of each company (Harborview, the sample; Desert Key, the second
company in tests/search/second_company) is searched by 2-9 visitors who scan the results with a
position bias and open the right article (see tests/signals/learning.py). The clicks go into a
misses database, `learn` proposes synonyms, every proposal is accepted and the site rebuilt:

    .venv/bin/python benchmarks/learning.py [--proposals] [--owner-check-sets]

prints hit@1 before -> after on the queries the proposals came from and on all the others.
`--owner-check-sets`: the visitors search each company's round-3 owner check set instead (25 owner
situations and questions written before tuning, never tuned on), then every labelled query counts
among the others.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.search.evaluation import OWNER_ROUND3, SAMPLE, SECOND, SECOND_OWNER_ROUND3, load_cases
from tests.signals.learning import learning_round


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", action="store_true", help="Also list every accepted proposal.")
    parser.add_argument(
        "--owner-check-sets",
        action="store_true",
        help="Visitors search the owner check sets written before tuning (never tuned on) instead.",
    )
    args = parser.parse_args()
    owner_sets = {SAMPLE.name: OWNER_ROUND3, SECOND.name: SECOND_OWNER_ROUND3}
    for company in (SAMPLE, SECOND):
        searched = load_cases(owner_sets[company.name]) if args.owner_check_sets else None
        with tempfile.TemporaryDirectory() as scratch:
            lines = learning_round(company, Path(scratch), searched).lines()
        print("\n".join(lines if args.proposals else lines[:4]))


if __name__ == "__main__":
    main()
