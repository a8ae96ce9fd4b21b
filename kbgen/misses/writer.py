"""Group commit: one thread owns the write connection and commits whatever is waiting at once.

A request is answered only after the transaction holding its record has committed, so a crash can
lose nothing that was acknowledged; batching lets one fsync cover many requests under load.
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
from pathlib import Path

from kbgen.misses.store import Record, connect, insert_records

MAX_BATCH = 512


class Overloaded(Exception):
    """More records are waiting than the writer will queue; the client should retry later."""


_Pending = tuple[Record, asyncio.Future[None], asyncio.AbstractEventLoop]


class BatchWriter:
    def __init__(self, db_path: Path, max_waiting: int = 20_000) -> None:
        self._db_path = db_path
        self._max_waiting = max_waiting
        self._queue: queue.Queue[_Pending | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="kbgen-miss-writer", daemon=True)
        self._started = threading.Event()

    def start(self) -> None:
        self._thread.start()
        self._started.wait()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join()

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    async def write(self, record: Record) -> None:
        """Return once `record` is committed; raise Overloaded when the queue is full."""
        if self._queue.qsize() >= self._max_waiting:
            raise Overloaded
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._queue.put((record, done, loop))
        await done

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

    @staticmethod
    def _commit(conn: sqlite3.Connection, batch: list[_Pending]) -> None:
        error: BaseException | None = None
        try:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                insert_records(conn, [record for record, _, _ in batch])
        except Exception as exc:  # the database is unusable: every waiting request must hear it
            error = exc
        for _, done, loop in batch:
            loop.call_soon_threadsafe(_settle, done, error)


def _settle(done: asyncio.Future[None], error: BaseException | None) -> None:
    if done.cancelled():
        return
    if error is None:
        done.set_result(None)
    else:
        done.set_exception(error)
