"""What accepting `kbgen misses learn`'s proposals does, on a simulated month of search traffic.

Every answerable labelled query of each company (Harborview, the sample; Desert Key, the second
company in tests/search/second_company) is searched by 2-9 visitors who scan the results with a
position bias and open the right article (see tests/signals/learning.py). The clicks go into a
misses database, `learn` proposes synonyms, every proposal is accepted and the site rebuilt:

    .venv/bin/python benchmarks/learning.py [--proposals]

prints hit@1 before -> after on the queries the proposals came from and on all the others.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.search.evaluation import SAMPLE, SECOND
from tests.signals.learning import learning_round


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", action="store_true", help="Also list every accepted proposal.")
    args = parser.parse_args()
    for company in (SAMPLE, SECOND):
        with tempfile.TemporaryDirectory() as scratch:
            lines = learning_round(company, Path(scratch)).lines()
        print("\n".join(lines if args.proposals else lines[:3]))


if __name__ == "__main__":
    main()
