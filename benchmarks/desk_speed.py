"""Benchmark for the CSR answer desk (site/staff/desk/) at 3,000 articles per audience (targets:
ready in under 1 s on the sample; still working at 3,000 articles per audience).

Builds the sample sites (the baseline, measured in the same run) and generated help centers of
`--articles` articles per audience (the sentences, titles and tags of the sample, shuffled: see
`benchmarks/search_speed.py`), then opens each desk in Chromium from a loopback server and times,
median of `--repeat` page loads: from navigation to both search workers ready (and the articles'
data loaded), and from the last key typed to the merged results of both help centers. The large
desk is timed twice: as built, and with its prebuilt indexes refused, so each worker indexes every
article itself (as the desk did before they existed). Also prints the desk page's size and the
size of the files it fetches beside it.

    .venv/bin/python benchmarks/desk_speed.py [--articles 3000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kbgen.content import AUDIENCES
from kbgen.site import builder

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_speed import write_help_center  # the generated articles of the search benchmark

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # the tests' loopback server

ROOT = Path(__file__).resolve().parent.parent

QUERIES = ("get paid", "late fee", "lockd out", "pet deposit", "heater not working")

_TYPE_AND_WAIT = """
async (query) => {
  const input = document.getElementById('q');
  input.focus();
  input.value = query;
  const started = performance.now();
  input.dispatchEvent(new Event('input'));
  while (!(window.kbgenDesk.query === query && window.kbgenDesk.settled))
    await new Promise((resolve) => requestAnimationFrame(resolve));
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return performance.now() - started;
}
"""


def measure(browser, url: str, repeat: int, prebuilt: bool = True) -> tuple[float, float]:
    """Median ms from navigation to both workers ready, and from typing to results shown; without
    `prebuilt`, the requests for the prebuilt indexes fail and the workers index every article."""
    ready, answers = [], []
    for _ in range(repeat):
        page = browser.new_page()
        if not prebuilt:
            page.route("**/*.lunr.json", lambda route: route.abort())
        page.goto(f"{url}staff/desk/")
        page.wait_for_function("() => window.kbgenDesk.readyAt !== null", timeout=120_000)
        ready.append(page.evaluate("window.kbgenDesk.readyAt"))
        answers += [page.evaluate(_TYPE_AND_WAIT, query) for query in QUERIES]
        page.close()
    return statistics.median(ready), statistics.median(answers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sample = work / "sample-site"
        builder.build_sites(ROOT / "content", sample, ROOT / "mkdocs.yml")
        content = work / "content"
        write_help_center(content, args.articles)
        shutil.copytree(content / "residents", content / "owners")
        big = work / "big-site"
        builder.build_sites(content, big, ROOT / "mkdocs.yml")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = {}
            for name, site in (("sample", sample), (f"{args.articles} per audience", big)):
                with serve_directory(site) as url:
                    results[name] = measure(browser, url, args.repeat)
                    if site is big:
                        results["without prebuilt"] = measure(browser, url, args.repeat, prebuilt=False)
                desk = site / "staff" / "desk"
                page = (desk / "index.html").stat().st_size / 1e3
                articles = sum((desk / f"{audience}.json").stat().st_size for audience in AUDIENCES) / 1e3
                indexes = sum((desk / f"{audience}.lunr.json").stat().st_size for audience in AUDIENCES) / 1e3
                ready, answer = results[name]
                print(
                    f"{name}: ready {ready:.0f} ms, results {answer:.0f} ms after typing; page {page:.0f} KB,"
                    f" fetched: articles {articles:.0f} KB, prebuilt indexes {indexes:.0f} KB"
                )
            browser.close()
    (base_ready, base_answer), *timed = results.values()
    print(
        f"{args.articles} per audience without prebuilt indexes: ready {timed[1][0]:.0f} ms,"
        f" results {timed[1][1]:.0f} ms after typing"
    )
    for label, (ready, answer) in zip(("as built", "without prebuilt indexes"), timed, strict=True):
        print(
            f"ratio to the sample, {label}:"
            f" ready x{ready / base_ready:.1f}, results x{answer / base_answer:.1f}"
        )


if __name__ == "__main__":
    main()
