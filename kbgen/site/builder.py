"""`kbgen build`: both help centers from a content folder, published in one step.

Each audience is staged into its own docs folder and built by MkDocs, in parallel processes when
the machine has the cores; the result replaces the previous `site/` only when everything worked.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils import yaml_load

from kbgen.catalog import catalog_entries, to_html
from kbgen.checks import check_content, ledger_findings
from kbgen.content import AUDIENCES, ContentSet, Problem, load_content
from kbgen.content.ledger import Ledger, LedgerError, LedgerPlan, load_ledger, reconcile, save_ledger
from kbgen.desk import write_desk
from kbgen.progress import Progress
from kbgen.settings import Settings, load_settings
from kbgen.site.audience import prepare_audience
from kbgen.site.landing import write_landing
from kbgen.site.redirects import write_ledger_pages
from kbgen.site.swap import fresh_dir, publishing, swap_in

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Beyond this share of its published articles gone at once, an audience's build needs --allow-removals.


class BuildError(Exception):
    """The build did not publish anything; the message says why in plain words."""


@dataclass
class BuildReport:
    site_dir: Path
    pages: dict[str, int] = field(default_factory=dict)  # audience -> articles published
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what MkDocs reported, per source file


@dataclass(frozen=True)
class AudienceJob:
    audience: str
    config_file: Path
    docs_dir: Path
    out_dir: Path
    nav: list[Any]
    sources: dict[str, Path]
    overrides: dict[str, Any]


def build_sites(
    content_dir: Path,
    site_dir: Path,
    config_file: Path,
    *,
    strict: bool = False,
    miss_endpoint: str | None = None,
    progress: Progress | None = None,
    record_ledger: bool = False,
    allow_removals: bool = False,
) -> BuildReport:
    """Build `site_dir/owners/`, `site_dir/residents/` and the landing page, or raise BuildError.

    `record_ledger` saves the published URLs in the content folder's ledger: for publishing, not previews.
    `allow_removals` lets an audience lose most of its published articles (see `_refuse_mass_removal`).
    A site left aside by a build killed mid-swap is put back first, even if this build then fails.
    """
    with publishing(site_dir):
        return _build_sites(
            content_dir,
            site_dir,
            config_file,
            strict=strict,
            miss_endpoint=miss_endpoint,
            progress=progress or Progress(),
            record_ledger=record_ledger,
            allow_removals=allow_removals,
        )


def _build_sites(
    content_dir: Path,
    site_dir: Path,
    config_file: Path,
    *,
    strict: bool,
    miss_endpoint: str | None,
    progress: Progress,
    record_ledger: bool,
    allow_removals: bool,
) -> BuildReport:
    try:
        settings = load_settings(config_file)
    except Exception as exc:
        raise BuildError(str(exc)) from exc
    if not content_dir.is_dir():
        raise BuildError(f"content folder {content_dir} not found: pass --content DIR")
    content = load_content(content_dir)
    try:
        previous = load_ledger(content_dir)
        plan = reconcile(previous, content.articles)
    except LedgerError as exc:
        raise BuildError(str(exc)) from exc
    report = BuildReport(site_dir=site_dir, problems=[*content.problems, *ledger_findings(plan)])
    if strict and (errors := [f for f in check_content(content, plan, settings) if f.is_error]):
        raise BuildError(
            f"{len(errors)} error(s) that `kbgen check` reports and --strict is on; nothing was published:\n"
            + "\n".join(str(p) for p in errors)
        )
    if not allow_removals:
        _refuse_mass_removal(previous, plan, content, settings)
    if not any(content.articles.values()):
        raise BuildError(f"no publishable articles in {content_dir}/owners or {content_dir}/residents")

    _build_and_swap(content, content_dir, settings, site_dir, miss_endpoint, plan, report, strict, progress)
    if record_ledger:
        if allow_removals:  # the editor's decision, recorded so the next build does not ask again
            for gone in plan.undecided:
                plan.ledger.entries[gone.audience][gone.stable_id].removed = True
        try:
            save_ledger(plan.ledger)
        except OSError as exc:
            raise BuildError(f"the sites were published; {plan.ledger.path} was not saved: {exc}") from exc
    return report


def _build_and_swap(
    content: ContentSet,
    content_dir: Path,
    settings: Settings,
    site_dir: Path,
    miss_endpoint: str | None,
    plan: LedgerPlan,
    report: BuildReport,
    strict: bool,
    progress: Progress,
) -> None:
    """Stage, build and publish both audiences; on any failure `site_dir` stays as it was."""
    out_dir = fresh_dir(site_dir)
    staging = fresh_dir(site_dir, "staging")
    try:
        jobs = _stage(content, content_dir, settings, staging, out_dir, miss_endpoint)
        total = sum(len(job.sources) for job in jobs)
        with progress.task("Building the help centers", total=total) as advance:
            results = _run_jobs(jobs, advance)
        for job, warnings in zip(jobs, results, strict=True):
            report.warnings.extend(warnings)
            report.pages[job.audience] = len(job.sources)
        if strict and report.warnings:
            raise BuildError(
                f"{len(report.warnings)} problem(s) found while building and --strict is on; "
                "nothing was published:\n" + "\n".join(report.warnings)
            )
        write_landing(out_dir, settings, [job.audience for job in jobs])
        write_ledger_pages(out_dir, plan, settings, list(AUDIENCES))  # even for an audience now empty
        write_staff_view(out_dir, content, plan, settings, content_dir)
        write_desk(
            out_dir,
            content,
            plan,
            settings,
            settings.miss_endpoint if miss_endpoint is None else miss_endpoint,
        )
        swap_in(out_dir, site_dir)
    except BuildError:
        raise
    except Exception as exc:  # MkDocs, a theme or a plugin failing: publish nothing, say why
        reason = str(exc) if isinstance(exc, (MkDocsException, OSError)) else f"{type(exc).__name__}: {exc}"
        raise BuildError(f"the build failed and {site_dir} was left as it was: {reason}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(out_dir, ignore_errors=True)


def _refuse_mass_removal(previous: Ledger, plan: LedgerPlan, content: ContentSet, settings: Settings) -> None:
    """An audience that would lose all, or more than `max_removed_share`, of the articles it published
    (gone without an editor's `removed`/`redirect_to` decision) is a mistake until said otherwise:
    a moved folder or a broken file must not silently turn every published URL into a 404."""
    share = settings.max_removed_share
    for audience in AUDIENCES:
        published = [
            entry for entry in previous.entries.get(audience, {}).values()
            if not entry.removed and not entry.redirect_to
        ]  # fmt: skip
        gone = [u for u in plan.undecided if u.audience == audience]
        if not published or not gone:
            continue
        live = len(content.articles[audience])
        if live == 0 or len(gone) / len(published) > share:
            lost = "all" if live == 0 else f"{len(gone)} of the {len(published)}"
            raise BuildError(
                f"the {audience} site would lose {lost} articles it published "
                f"(e.g. {', '.join(sorted(u.entry.slugs[-1] for u in gone)[:3])}); nothing was published. "
                f"Check that {audience}/ holds its articles and that they have no errors (`kbgen check` "
                "lists them). If the removal is intended, build with --allow-removals: their readers "
                "then get a 'removed' page, and the ledger records them as removed."
            )


STAFF_DIR = "staff"


def write_staff_view(
    out_dir: Path, content: ContentSet, plan: LedgerPlan, settings: Settings, content_dir: Path
) -> None:
    """`staff/index.html`: the link catalog with Copy link and Copy reply, for CSRs.

    Unlisted (no page links to it, no sitemap lists it) and `noindex`; the public pages carry no
    staff control. `staff/` is a plain folder so other staff pages can sit beside it.
    """
    entries = catalog_entries(content, plan, settings, site_dir=out_dir)
    staff = out_dir / STAFF_DIR
    staff.mkdir(exist_ok=True)
    site_names = {a: settings.audiences[a].site_name for a in AUDIENCES}
    page = to_html(entries, company=settings.company, site_names=site_names, source=str(content_dir))
    (staff / "index.html").write_text(page, encoding="utf-8")


def _stage(
    content: ContentSet,
    content_dir: Path,
    settings: Settings,
    staging: Path,
    out_dir: Path,
    miss_endpoint: str | None,
) -> list[AudienceJob]:
    raw = _raw_config(settings.config_file)
    jobs = []
    for audience in (a for a in AUDIENCES if content.articles[a]):
        docs_dir = staging / audience
        prepared = prepare_audience(content, content_dir, settings, audience, docs_dir, miss_endpoint)
        staged = prepared.staged
        plugins = [
            p
            for p in raw.get("plugins") or ["search"]
            if not (p == "kbgen" or (isinstance(p, dict) and "kbgen" in p))
        ] + [{"kbgen": prepared.plugin_options}]
        overrides = {
            "use_directory_urls": True,
            "plugins": plugins,
            "validation": {"links": {"anchors": "warn", "unrecognized_links": "warn"}},
        }
        jobs.append(
            AudienceJob(
                audience=audience,
                config_file=settings.config_file.resolve(),
                docs_dir=staged.docs_dir,
                out_dir=out_dir / audience,
                nav=staged.nav,
                sources=staged.sources,
                overrides=overrides,
            )
        )
    return jobs


def _with_page_counter(plugins: list[Any], page_rendered: Callable[[], None] | None) -> list[Any]:
    """The plugin list with the progress callback added to kbgen's options (set per process)."""
    return [
        {"kbgen": {**p["kbgen"], "page_rendered": page_rendered}}
        if isinstance(p, dict) and "kbgen" in p
        else p
        for p in plugins
    ]


def _raw_config(config_file: Path) -> dict[str, Any]:
    with open(config_file, encoding="utf-8") as handle:
        return yaml_load(handle) or {}


_page_queue: Any = None


def _count_page() -> None:
    _page_queue.put(1)


def _init_worker(queue: Any, parent: int) -> None:
    global _page_queue
    _page_queue = queue
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A build killed with -9 cannot stop its workers: they stop themselves when it is gone."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _run_jobs(jobs: list[AudienceJob], advance) -> list[list[str]]:
    """Build each audience; in parallel processes when there are several jobs and cores."""
    if len(jobs) < 2 or (os.cpu_count() or 1) < 2:
        return [build_audience(job, advance) for job in jobs]
    context = multiprocessing.get_context("fork")
    queue = context.SimpleQueue()
    with ProcessPoolExecutor(
        max_workers=len(jobs), mp_context=context, initializer=_init_worker, initargs=(queue, os.getpid())
    ) as pool:
        futures = [pool.submit(build_audience, job, _count_page) for job in jobs]
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=0.1)
            while not queue.empty():
                queue.get()
                advance()
        return [f.result() for f in futures]


def build_audience(job: AudienceJob, page_rendered: Callable[[], None] | None = None) -> list[str]:
    """One `mkdocs build`; returns its warnings, each naming the editor's file when known.
    `page_rendered` is called once per page (the progress bar)."""
    collector = _WarningCollector(job.sources)
    logger = logging.getLogger("mkdocs")
    previous = (logger.handlers[:], logger.level, logger.propagate)
    logger.handlers = [collector]
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        config = load_config(
            config_file=str(job.config_file),
            docs_dir=str(job.docs_dir),
            site_dir=str(job.out_dir),
            nav=job.nav,
            **{**job.overrides, "plugins": _with_page_counter(job.overrides["plugins"], page_rendered)},
        )
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.handlers, level, logger.propagate = previous
        logger.setLevel(level)
    return collector.messages


class _WarningCollector(logging.Handler):
    """Keeps MkDocs warnings, rewritten to name the article file instead of the staged copy."""

    _PAGE = re.compile(r"'([^']+\.md)'")

    def __init__(self, sources: dict[str, Path]) -> None:
        super().__init__(logging.WARNING)
        self.sources = sources
        self.messages: list[str] = []

    _MISSING = re.compile(r"Doc file '[^']+' contains a link '([^']+)', but the target is not found")

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        missing = self._MISSING.search(message)
        if missing:
            message = (
                f"'{message.split(chr(39))[1]}' links to '{missing[1]}', which is not a published article "
                "of this audience: fix the link, or publish that article for this audience too"
            )
        match = self._PAGE.search(message)
        source = self.sources.get(match.group(1)) if match else None
        if source is None and ":" in message:
            source = self.sources.get(message.split(" ", 1)[0])
        self.messages.append(f"{source}: {message}" if source else message)
