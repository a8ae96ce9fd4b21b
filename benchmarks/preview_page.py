"""`kbgen preview --page URL` on one changed page, against a whole `kbgen preview`, on the sample.

The bundled sample articles (content/) are served by the fake Notion API (tests/notion/fake_server.py,
50 ms latency, 3 requests/second), two of them In review. Both commands run as an editor runs them
(`python -m kbgen.cli`, so Python's start-up counts), after one page changed in Notion. Target for the
single page: under 5 s. Printed: both times and their ratio.

    .venv/bin/python benchmarks/preview_page.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbgen.content import load_content  # noqa: E402
from tests.notion import notion_json as nj  # noqa: E402
from tests.notion.fake_server import FakeNotion  # noqa: E402


def seed_sample(fake: FakeNotion) -> list[str]:
    """One page per sample article (both audiences' copies become two pages); returns the page ids."""
    database = fake.add_database()
    ids = []
    for audience, articles in load_content(ROOT / "content").articles.items():
        for number, article in enumerate(articles):
            status = "In review" if number < 2 else "Published"
            properties = nj.article_properties(
                article.title,
                audience=(audience.title(),),
                status=status,
                category=article.category,
                summary=article.summary,
                tags=tuple(article.tags),
                slug=article.slug,
            )
            body = [nj.paragraph(block) for block in article.body.split("\n\n") if block.strip()][:90]
            ids.append(fake.add_page(database.data_source_id, properties, body))
    fake.database_id = database.database_id  # type: ignore[attr-defined]
    return ids


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds and the CPU seconds the command used (the latter barely depends on machine load)."""
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with FakeNotion(latency=0.05, rate_limit=3.0) as fake, tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        ids = seed_sample(fake)
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
        config = config.replace('      database: ""', f"      database: {fake.database_id}", 1)
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        os.environ.update(NOTION_TOKEN=fake.token, NOTION_BASE_URL=fake.url)
        preview = [sys.executable, "-m", "kbgen.cli", "preview"]
        print(f"{len(ids)} pages; first preview (reads every page) ...", flush=True)
        timed(preview, project)
        whole, single = [], []
        for run in range(args.runs):
            fake.edit_page(ids[0], blocks=[nj.paragraph(f"Edited for run {run}.")])
            single.append(timed([*preview, "--page", fake.page(ids[0])["url"]], project))
            fake.edit_page(ids[0], blocks=[nj.paragraph(f"Edited again for run {run}.")])
            whole.append(timed(preview, project))
            print(
                f"run {run + 1}: --page {single[-1][0]:.2f} s (CPU {single[-1][1]:.2f} s), "
                f"whole preview {whole[-1][0]:.2f} s (CPU {whole[-1][1]:.2f} s)",
                flush=True,
            )
        page, full = (statistics.median(t[0] for t in single), statistics.median(t[0] for t in whole))
        page_cpu, full_cpu = (statistics.median(t[1] for t in single), statistics.median(t[1] for t in whole))
        print(
            f"\npreview --page: median {page:.2f} s, CPU {page_cpu:.2f} s (target < 5 s); whole preview "
            f"{full:.2f} s, CPU {full_cpu:.2f} s; ratio {page / full:.2f} (CPU {page_cpu / full_cpu:.2f})"
        )


if __name__ == "__main__":
    main()
