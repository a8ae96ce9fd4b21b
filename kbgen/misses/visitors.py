"""Counting distinct visitors without keeping who they are.

A visitor is a hash of their address and browser with a random salt of the day. Salts of past
days are deleted, so once a day is over nobody (not even with the database) can test an address
against the hashes.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from datetime import UTC, datetime


def day_of(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d")


class VisitorHasher:
    """Salted daily hashes; the salts live in the database so a restart keeps counting right."""

    def __init__(self, conn: sqlite3.Connection, keep_past_days: bool = False) -> None:
        self._conn = conn
        self._keep_past_days = keep_past_days  # an import of old logs needs their days' salts
        self._salts: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def visitor(self, address: str, user_agent: str, at: int) -> str:
        salt = self._salt(day_of(at))
        digest = hashlib.blake2b(f"{address}\n{user_agent}".encode(), key=salt, digest_size=8)
        return digest.hexdigest()

    def forget_past_days(self, today: str) -> None:
        """Delete every salt older than `today`: their hashes can no longer be linked to anyone."""
        with self._lock:
            self._conn.execute("DELETE FROM daily_salts WHERE day < ?", (today,))
            self._salts = {day: salt for day, salt in self._salts.items() if day >= today}

    def _salt(self, day: str) -> bytes:
        with self._lock:
            if day not in self._salts:
                if not self._keep_past_days:
                    self._conn.execute("DELETE FROM daily_salts WHERE day < ?", (day,))
                    self._salts.clear()
                self._conn.execute(
                    "INSERT OR IGNORE INTO daily_salts (day, salt) VALUES (?, ?)",
                    (day, secrets.token_bytes(16)),
                )
                row = self._conn.execute("SELECT salt FROM daily_salts WHERE day = ?", (day,)).fetchone()
                self._salts[day] = row[0]
            return self._salts[day]
