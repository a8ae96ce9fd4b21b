"""Build speed: `kbgen build` against a bare `mkdocs build` of the same Markdown (stock Material,
full navigation), both audiences, measured in the same run.

    .venv/bin/python benchmarks/build_speed.py                 # N = 200, 1000, 3000 per audience
    .venv/bin/python benchmarks/build_speed.py --sizes 200 1000

Prints, for each N: the baseline time (audiences one after the other), kbgen's time, the ratio and
both peak memories; then how kbgen's time grows from 1000 to 3000 articles.
Targets: ratio <= 0.3 at N = 1000, and 3000 articles per audience in under 3x the time of 1000.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIENCES = ("owners", "residents")
CATEGORIES = ["Rent and payments", "Maintenance", "Moving", "Your lease", "Living here", "Money"]
WORDS = [
    "rent",
    "payment",
    "portal",
    "lease",
    "deposit",
    "repair",
    "request",
    "emergency",
    "heating",
    "plumbing",
    "water",
    "leak",
    "key",
    "lock",
    "parking",
    "pet",
    "fee",
    "notice",
    "move",
    "inspection",
    "owner",
    "payout",
    "statement",
    "reserve",
    "insurance",
    "tenant",
    "screening",
    "vacancy",
    "marketing",
    "eviction",
    "hoa",
    "utility",
    "trash",
    "noise",
    "package",
    "mold",
    "pest",
    "appliance",
    "furnace",
    "thermostat",
]


def synthetic_body(rng: random.Random, words: int = 400) -> str:
    """About `words` words in three sections of short paragraphs, like a real article."""
    sections = []
    for heading in ("Overview", "Steps", "If something goes wrong"):
        sentences = [" ".join(rng.choices(WORDS, k=12)).capitalize() + "." for _ in range(words // 36)]
        sections.append(
            f"## {heading}\n\n" + "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, 11, 3))
        )
    return "\n\n".join(sections) + "\n"


def write_corpus(content: Path, baseline_docs: Path, n: int) -> None:
    rng = random.Random(n)
    for audience in AUDIENCES:
        for i in range(n):
            category = CATEGORIES[i % len(CATEGORIES)]
            title = f"{' '.join(rng.choices(WORDS, k=4)).capitalize()} {i}"
            tags = rng.sample(WORDS, 3)
            body = synthetic_body(rng)
            front = (
                f'---\ntitle: "{title}"\nsummary: "A short answer about {tags[0]}."\ncategory: "{category}"\n'
            )
            front += f"tags: [{', '.join(tags)}]\n---\n"
            (content / audience).mkdir(parents=True, exist_ok=True)
            (content / audience / f"article-{i:05d}.md").write_text(front + body, encoding="utf-8")
            folder = baseline_docs / audience / category.lower().replace(" ", "-")
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"article-{i:05d}.md").write_text(front + body, encoding="utf-8")


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of a command run to completion in a child process."""
    wrapper = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    start = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", wrapper, *command], cwd=cwd, check=True, capture_output=True
    )
    return time.perf_counter() - start, int(output.stdout.strip() or 0)


def baseline(docs: Path, work: Path) -> tuple[float, int]:
    """Stock Material with the search plugin and the full navigation, audiences one after the other."""
    total, peak = 0.0, 0
    for audience in AUDIENCES:
        config = work / f"mkdocs-{audience}.yml"
        config.write_text(
            f"site_name: {audience}\ndocs_dir: {docs / audience}\n"
            f"site_dir: {work / 'baseline-site' / audience}\n"
            "theme:\n  name: material\nplugins:\n  - search\n",
            encoding="utf-8",
        )
        seconds, rss = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], work)
        total, peak = total + seconds, max(peak, rss)
    return total, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 3000])
    args = parser.parse_args()
    kbgen_times: dict[int, float] = {}
    print(f"{'N/audience':>10} {'mkdocs s':>9} {'kbgen s':>8} {'ratio':>6} {'mkdocs MB':>10} {'kbgen MB':>9}")
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"kbgen-bench-{n}-"))
        try:
            write_corpus(work / "content", work / "baseline-docs", n)
            base_s, base_rss = baseline(work / "baseline-docs", work)
            kb_s, kb_rss = timed(
                [sys.executable, "-m", "kbgen.cli", "build", "--content", str(work / "content"),
                 "--site", str(work / "site"), "--config", str(ROOT / "mkdocs.yml")],
                work,
            )  # fmt: skip
            kbgen_times[n] = kb_s
            print(
                f"{n:>10} {base_s:>9.1f} {kb_s:>8.1f} {kb_s / base_s:>6.2f} "
                f"{base_rss / 1024:>10.0f} {kb_rss / 1024:>9.0f}",
                flush=True,
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if 1000 in kbgen_times and 3000 in kbgen_times:
        growth = kbgen_times[3000] / kbgen_times[1000]
        print(f"kbgen growth 1000 -> 3000 articles/audience: x{growth:.2f} (target < 3, linear = 3)")
    print(f"(peak RSS of this runner: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")


if __name__ == "__main__":
    main()
