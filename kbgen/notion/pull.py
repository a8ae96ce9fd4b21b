"""`pull_into`: the Notion database -> `content/owners/` and `content/residents/`, incrementally, atomically.

Only the data-source query is always read. A page's blocks are read again only when its
`last_edited_time` changed (or it was edited within a minute of the last pull, since Notion rounds that
time to the minute); other pages are re-rendered from the cached tree so links between articles stay right.
All files are written to a staging folder and swapped in at the end (`kbgen.notion.staging`).

Publication is decided in Notion (`kbgen.notion.properties`): a public pull writes Published pages whose
Publish date has come; a preview pull (`kinds=PREVIEW_KINDS`) also writes In review and Draft pages, into
its own content tree. After a public pull, every article Notion withdrew (Archived, back to Draft, in the
trash, deleted) is recorded in the URL ledger as removed or redirected, so `--strict` builds never need a
hand edit of the ledger.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from notion_client.errors import HTTPResponseError

from kbgen.content.article import AUDIENCES
from kbgen.content.ledger import LedgerError, load_ledger, retire, save_ledger
from kbgen.notion.articles import assign_slugs, front_matter, hand_written_slugs
from kbgen.notion.blocks import has_child_pages, render_page_body
from kbgen.notion.client import NotionApi, api_from_environment
from kbgen.notion.errors import NotionError, explain, missing_database
from kbgen.notion.files import FileDownloader, file_hosts_from_environment, forget_signed_urls
from kbgen.notion.ids import parse_notion_id
from kbgen.notion.properties import PUBLIC_KINDS, ArticleRow, read_row
from kbgen.notion.richtext import LinkResolver, Mentions
from kbgen.notion.schema_check import check_articles_schema, raise_on_errors
from kbgen.notion.source import BlockReader, Cancelled, query_rows, resolve_data_source, retrieve_schema
from kbgen.notion.staging import Stage, recover_interrupted_pull
from kbgen.notion.state import PageRecord, PullState, dump_state, load_state
from kbgen.progress import Progress
from kbgen.settings import NotionSettings, Settings

QUIET = Progress()
ROUNDING_MARGIN = dt.timedelta(seconds=60)  # Notion's last_edited_time is rounded to the minute


@dataclass(frozen=True)
class PullWarning:
    page_title: str
    page_id: str
    message: str

    def __str__(self) -> str:
        return f"'{self.page_title or 'Untitled'}' ({self.page_id}): {self.message}"


@dataclass
class PullReport:
    rows: int = 0  # pages in the database, drafts included
    published: dict[str, int] = field(default_factory=lambda: {a: 0 for a in AUDIENCES})
    read: int = 0  # published pages whose blocks were read from Notion
    reused: int = 0  # published pages re-rendered from the cache, unchanged in Notion
    removed: int = 0  # pages Notion no longer publishes, whose files were deleted
    scheduled: int = 0  # Published pages waiting for their Publish date
    retired: int = 0  # ledger entries this pull marked removed or redirected
    requests: int = 0
    warnings: list[PullWarning] = field(default_factory=list)
    lost_files: list[str] = field(default_factory=list)  # hosted files missing with no earlier copy
    statuses: dict[str, str] = field(default_factory=dict)  # page id -> status kind, for listed pages


def pull_into(
    content_dir: Path,
    *,
    database: str | None,
    full: bool,
    settings: Settings,
    progress: Progress = QUIET,
    kinds: frozenset[str] = PUBLIC_KINDS,
    now: dt.datetime | None = None,
) -> PullReport:
    """Pull the pages of `database` (default: extra.kbgen.notion.database) whose status is one of `kinds`
    into `content_dir`.

    Raises NotionError, whose message tells the editor what to do; the content is then unchanged.
    """
    content_dir = Path(content_dir)
    recover_interrupted_pull(content_dir)
    notion = settings.notion
    database_id = _database_id(database or notion.database)
    old_state = load_state(content_dir)
    api = api_from_environment(notion)
    mentions = Mentions(notion.people_as, settings.language)
    try:
        started = now or dt.datetime.now(dt.UTC)  # what Publish dates are compared with
        return _Pull(
            content_dir, database_id, full, notion, old_state, api, progress, mentions, kinds, started
        ).run()
    finally:
        api.close()


def _database_id(value: object) -> str:
    if not value or not str(value).strip():
        raise missing_database()
    try:
        return parse_notion_id(str(value))
    except ValueError as exc:
        raise NotionError(f"{exc}.") from None


class _Pull:
    def __init__(
        self,
        content_dir: Path,
        database_id: str,
        full: bool,
        notion: NotionSettings,
        old_state: PullState,
        api: NotionApi,
        progress: Progress,
        mentions: Mentions,
        kinds: frozenset[str],
        started: dt.datetime,
    ) -> None:
        self.content_dir = content_dir
        self.mentions = mentions
        self.database_id = database_id
        self.full = full
        self.notion = notion
        self.old = old_state
        self.api = api
        self.progress = progress
        self.report = PullReport()
        self.kinds = kinds
        self.started = started
        self.names = notion.property_names
        self.statuses = notion.status_names

    def warn(self, row: ArticleRow, message: str) -> None:
        self.report.warnings.append(PullWarning(row.title, row.page_id, message))

    def run(self) -> PullReport:
        data_source_id = self._data_source_id()
        schema = retrieve_schema(self.api, data_source_id)
        raise_on_errors(check_articles_schema(schema, self.names, self.statuses))
        pages = query_rows(self.api, data_source_id)
        all_rows, rows = self._listed_rows(pages)
        taken = {
            audience: hand_written_slugs(
                self.content_dir / audience, audience, self.old.owned_paths(audience)
            )
            for audience in AUDIENCES
        }
        slugs = assign_slugs(rows, taken, self.warn)
        stage = Stage(self.content_dir)
        try:
            records = self._records(rows, stage)
            self._write(stage, rows, records, slugs)
            new_state = PullState(self.database_id, data_source_id, self.started.isoformat(), records,
                                  next_scheduled=self._next_scheduled(all_rows))  # fmt: skip
            stage.commit(dump_state(new_state))
        except BaseException:
            stage.discard()
            raise
        self.report.removed = len(set(self.old.pages) - set(records))
        if self.kinds == PUBLIC_KINDS:
            self._record_withdrawn(all_rows, rows)
        self.report.requests = self.api.requests_sent
        return self.report

    def _next_scheduled(self, rows: list[ArticleRow]) -> str:
        """When the next Published page's Publish date comes: a watcher pulls then even if Notion is quiet."""
        waiting = [
            row.publish_at
            for row in rows
            if row.status == "published" and not row.in_trash and row.publish_at
            if row.publish_at > self.started
        ]
        self.report.scheduled = len(waiting)
        return min(waiting).isoformat() if waiting else ""

    def _record_withdrawn(self, all_rows: list[ArticleRow], listed: list[ArticleRow]) -> None:
        """Mark in the ledger every article Notion no longer publishes, so its URLs keep answering."""
        by_id = {row.page_id: row for row in all_rows}
        known = set(self.old.pages) | set(by_id)
        try:
            ledger = load_ledger(self.content_dir)
        except LedgerError as exc:
            self.report.warnings.append(PullWarning("", "", f"the URL ledger was not updated: {exc}"))
            return
        changed = False
        for audience in AUDIENCES:
            live = {row.page_id for row in listed if audience in row.audiences}
            gone: dict[str, str | None] = {}
            for page_id in sorted(known - live):
                row = by_id.get(page_id)
                if row is None or row.in_trash:
                    gone[page_id] = None  # deleted or trashed: keep any redirect an editor set
                else:
                    gone[page_id] = row.redirect_to if row.status == "archived" else ""
            before = sum(1 for e in ledger.entries[audience].values() if e.removed)
            changed = retire(ledger, audience, gone) or changed
            self.report.retired += sum(1 for e in ledger.entries[audience].values() if e.removed) - before
        if changed:
            save_ledger(ledger)

    def _data_source_id(self) -> str:
        chosen = self.notion.data_source
        cached = self.old.data_source_id if self.old.database_id == self.database_id else ""
        if cached and not chosen and not self.full:
            return cached
        return resolve_data_source(self.api, self.database_id, chosen)

    def _listed_rows(self, pages: list[dict]) -> tuple[list[ArticleRow], list[ArticleRow]]:
        """Every readable row, and the rows this pull writes (their status is one of `kinds`, now)."""
        self.report.rows = len(pages)
        all_rows, listed = [], []
        for page in pages:
            try:
                row, warnings = read_row(page, self.names, self.statuses)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.report.warnings.append(
                    PullWarning(
                        "", str(page.get("id", "?")), f"its properties cannot be read ({exc}): left out"
                    )
                )
                continue
            all_rows.append(row)
            if not row.is_listed(self.kinds, self.started):
                continue
            for message in warnings:
                self.warn(row, message)
            if not row.audiences:
                status = self.statuses[row.status]
                self.warn(row, f"{status} but with no Audience (Owners, Residents): on neither site")
                continue
            self.report.statuses[row.page_id] = row.status
            listed.append(row)
        return all_rows, listed

    def _records(self, rows: list[ArticleRow], stage: Stage) -> dict[str, PageRecord]:
        """A record per published page: re-read from Notion when changed, else the cached one."""
        records = {}
        to_read = []
        for row in rows:
            cached = self.old.pages.get(row.page_id)
            if cached is not None and not self._changed(row, cached):
                records[row.page_id] = PageRecord(row.last_edited_time, row.title, {}, cached.assets,
                                                  cached.blocks, cached.read_warnings)  # fmt: skip
            else:
                to_read.append(row)
        self.report.reused = len(records)
        for row, record in self._read_pages(to_read, stage):
            if record is not None:
                records[row.page_id] = record
            elif row.page_id in self.old.pages:
                records[row.page_id] = self.old.pages[row.page_id]
        self.report.read = len(to_read)
        return records

    def _changed(self, row: ArticleRow, cached: PageRecord) -> bool:
        if self.full or cached.last_edited_time != row.last_edited_time:
            return True
        if _parse_time(row.last_edited_time) + ROUNDING_MARGIN >= _parse_time(self.old.pulled_at):
            return True
        if has_child_pages(cached.blocks):  # editing a sub-page leaves its parent's edit time unchanged
            return True
        return any(self._old_asset(name) is None for name in cached.assets.values())

    def _old_asset(self, name: str) -> Path | None:
        for audience in AUDIENCES:
            path = self.content_dir / audience / "assets" / name
            if path.is_file():
                return path
        return None

    def _read_pages(
        self, rows: list[ArticleRow], stage: Stage
    ) -> Iterator[tuple[ArticleRow, PageRecord | None]]:
        if not rows:
            return
        stop = threading.Event()
        reader = BlockReader(self.api, stop)
        downloader = FileDownloader(self.api, stage.downloads, file_hosts_from_environment(self.notion))
        workers = self.notion.workers
        with (
            self.progress.task("Reading changed pages from Notion", total=len(rows)) as advance,
            ThreadPoolExecutor(max_workers=workers) as pool,
        ):
            futures = {pool.submit(self._read_page, reader, downloader, row): row for row in rows}
            try:
                for future in as_completed(futures):
                    yield futures[future], future.result()
                    advance()
            except BaseException:
                stop.set()
                for future in futures:
                    future.cancel()
                raise
            finally:
                downloader.close()

    def _read_page(
        self, reader: BlockReader, downloader: FileDownloader, row: ArticleRow
    ) -> PageRecord | None:
        warnings: list[str] = []
        try:
            tree = reader.page_tree(row.page_id, warnings)
        except Cancelled:
            return None
        except HTTPResponseError as exc:
            if exc.status != 404:
                raise explain(exc, f"the page '{row.title}'") from None
            self.warn(row, "the page disappeared from Notion while it was being read: left out")
            return None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            self.warn(row, f"its blocks cannot be read ({type(exc).__name__}: {exc}): kept as it was")
            return None
        except Exception as exc:
            raise explain(exc, f"the page '{row.title}'") from None
        files = downloader.download_page_files(tree, warnings, self._last_good_files(row.page_id))
        self.report.lost_files.extend(f"'{row.title}' (block {block_id})" for block_id in files.lost)
        forget_signed_urls(tree)
        return PageRecord(row.last_edited_time, row.title, {}, files.saved, tree, warnings)

    def _last_good_files(self, page_id: str) -> dict[str, str]:
        """Block id -> the file the last pull saved for it, when that file is still in the content folder."""
        cached = self.old.pages.get(page_id)
        assets = cached.assets if cached is not None else {}
        return {block_id: name for block_id, name in assets.items() if self._old_asset(name) is not None}

    def _write(self, stage: Stage, rows: list[ArticleRow], records: dict[str, PageRecord], slugs) -> None:
        titles = {row.page_id: row.title for row in rows}
        for row in rows:
            for message in records[row.page_id].read_warnings if row.page_id in records else []:
                self.warn(row, message)
        for audience in AUDIENCES:
            stage.keep_unowned(audience, self.old.owned_paths(audience))
            folder = stage.audience_dir(audience)
            for row in (r for r in rows if audience in r.audiences and r.page_id in records):
                record = records[row.page_id]
                links = LinkResolver(
                    article_link=lambda pid, a=audience: (
                        f"{slugs[(pid, a)]}.md" if (pid, a) in slugs else None
                    ),
                    article_title=titles.get,
                    warn=lambda message, r=row, a=audience: self.warn(r, f"[{a}] {message}"),
                    mentions=self.mentions,
                )
                body = render_page_body(record.blocks, links, record.assets)
                for message in body.warnings:
                    self.warn(row, f"[{audience}] {message}")
                slug = slugs[(row.page_id, audience)]
                warn = self.warn if audience == row.audiences[0] else _ignore
                text = front_matter(row, slug, warn, body.videos, body.links) + body.markdown
                (folder / f"{slug}.md").write_text(text, encoding="utf-8")
                self._copy_assets(record, stage, folder)
                record.files[audience] = f"{slug}.md"
                self.report.published[audience] += 1

    def _copy_assets(self, record: PageRecord, stage: Stage, folder: Path) -> None:
        for name in record.assets.values():
            source = stage.downloads / name
            found = source if source.is_file() else self._old_asset(name)
            target = folder / "assets" / name
            if found is not None and not target.exists():
                target.parent.mkdir(exist_ok=True)
                shutil.copy2(found, target)


def _ignore(_row: ArticleRow, _message: str) -> None:
    """Front-matter warnings are reported once, for the page's first audience."""


def _parse_time(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
