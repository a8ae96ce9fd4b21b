"""Group commit: one thread owns the write connection and commits whatever is waiting at once.

A request is answered only after the transaction holding its record has committed, so a crash can
lose nothing that was acknowledged; batching lets one fsync cover many requests under load. A batch
the database refuses is retried record by record, so one bad record fails its own request only.
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from pathlib import Path

from kbgen.signals.intake.store import Record, connect, insert_records, mark_writable, writing

MAX_BATCH = 512
# How long a commit (of beacons or of a probe) vouches for the database being writable.
HEALTH_FRESH_SECONDS = 1.0


class Overloaded(Exception):
    """More records are waiting than the writer will queue; the client should retry later."""


class NotStored(Exception):
    """The database refused the record (read-only, disk full, ...); the message says why."""


_PROBE = None  # a queued probe: a write that proves the database still takes commits
_Pending = tuple[Record | None, asyncio.Future[None], asyncio.AbstractEventLoop]


class BatchWriter:
    def __init__(self, db_path: Path, max_waiting: int = 20_000) -> None:
        self._db_path = db_path
        self._max_waiting = max_waiting
        self._queue: queue.Queue[_Pending | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="kbgen-miss-writer", daemon=True)
        self._started = threading.Event()
        self._last_commit: tuple[float, bool] = (float("-inf"), False)  # monotonic time, succeeded
        self._probe: asyncio.Future[None] | None = None

    def start(self) -> None:
        self._thread.start()
        self._started.wait()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join()

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    async def can_write(self) -> bool:
        """Whether a commit succeeds now: the last one's outcome if recent, else a probe's."""
        if not self._thread.is_alive():
            return False
        at, succeeded = self._last_commit
        if time.monotonic() - at < HEALTH_FRESH_SECONDS:
            return succeeded
        if self._probe is None or self._probe.done():  # one probe at a time, however many ask
            self._probe = self._enqueue(_PROBE)
        try:
            await asyncio.shield(self._probe)
        except NotStored:
            return False
        return True

    async def write(self, record: Record) -> None:
        """Return once `record` is committed; raise Overloaded when the queue is full and NotStored
        when the database refuses it."""
        if self._queue.qsize() >= self._max_waiting:
            raise Overloaded
        await self._enqueue(record)

    def _enqueue(self, record: Record | None) -> asyncio.Future[None]:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._queue.put((record, done, loop))
        return done

    def _run(self) -> None:
        conn = connect(self._db_path)
        self._started.set()
        try:
            while (first := self._queue.get()) is not None:
                batch = [first]
                while len(batch) < MAX_BATCH:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is None:
                        self._queue.put(None)  # finish this batch, then stop
                        break
                    batch.append(item)
                self._commit(conn, batch)
        finally:
            conn.close()

    def _commit(self, conn: sqlite3.Connection, batch: list[_Pending]) -> None:
        """Commit the batch at once; if that fails, each record alone."""
        error = _insert(conn, [record for record, _, _ in batch])
        if error is not None and len(batch) > 1:
            for pending in batch:
                self._commit(conn, [pending])
            return
        self._last_commit = (time.monotonic(), error is None)
        for _, done, loop in batch:
            loop.call_soon_threadsafe(_settle, done, error)


def _insert(conn: sqlite3.Connection, records: list[Record | None]) -> NotStored | None:
    """Insert `records` (and, for a probe, a probe row) in one transaction; why it failed, if it did."""
    try:
        with writing(conn):
            insert_records(conn, [record for record in records if record is not _PROBE])
            if any(record is _PROBE for record in records):
                mark_writable(conn)
    except Exception as exc:  # whatever it is, the requests waiting on it must hear it
        return NotStored(f"{type(exc).__name__}: {exc}")
    return None


def _settle(done: asyncio.Future[None], error: BaseException | None) -> None:
    if done.cancelled():
        return
    if error is None:
        done.set_result(None)
    else:
        done.set_exception(error)
