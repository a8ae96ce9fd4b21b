"""Counting distinct visitors without keeping who they are.

A visitor is a hash of their network and browser with a random salt of the day. Salts of past
days are deleted, so once a day is over nobody (not even with the database) can test an address
against the hashes.

Visitors must not be cheap to forge, since they rank the report: a client is its address, or its
/64 for IPv6 (one home or phone gets a whole /64 and may pick any address in it), and one network
counts as at most `BROWSERS_PER_NETWORK` browsers a day: past that, every new User-Agent from it is
the same one visitor. Rotating User-Agents or IPv6 addresses makes a handful of visitors, not
thousands.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import sqlite3
import threading
from collections import OrderedDict
from datetime import UTC, datetime

from kbgen.signals.intake.store import daily_salt, forget_salts_before

BROWSERS_PER_NETWORK = 3  # a household: a phone, a laptop, a partner's phone
_MAX_NETWORKS = 100_000  # networks remembered for the cap; the least recently seen are forgotten
_MANY_BROWSERS = "\x00many"  # the User-Agent every browser past the cap is counted as


def day_of(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d")


def network_of(address: str) -> str:
    """The client an address stands for: the IPv4 address, the /64 of an IPv6 address (an IPv4
    address mapped into IPv6 is the IPv4 one); anything that is not an IP address, as given."""
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class VisitorHasher:
    """Salted daily hashes; the salts live in the database so a restart keeps counting right."""

    def __init__(self, conn: sqlite3.Connection, keep_past_days: bool = False) -> None:
        self._conn = conn
        self._keep_past_days = keep_past_days  # an import of old logs needs their days' salts
        self._salts: dict[str, bytes] = {}
        self._browsers: OrderedDict[tuple[str, str], set[str]] = OrderedDict()  # (day, network) -> UAs
        self._lock = threading.Lock()

    def visitor(self, address: str, user_agent: str, at: int) -> str:
        day, network = day_of(at), network_of(address)
        salt = self._salt(day)
        browser = self._browser(day, network, user_agent)
        digest = hashlib.blake2b(f"{network}\n{browser}".encode(), key=salt, digest_size=8)
        return digest.hexdigest()

    def forget_past_days(self, today: str) -> None:
        """Delete every salt older than `today`: their hashes can no longer be linked to anyone."""
        with self._lock:
            forget_salts_before(self._conn, today)
            self._salts = {day: salt for day, salt in self._salts.items() if day >= today}

    def _browser(self, day: str, network: str, user_agent: str) -> str:
        """`user_agent`, or the shared stand-in once the network has shown its quota of browsers."""
        with self._lock:
            seen = self._browsers.pop((day, network), set())
            self._browsers[day, network] = seen
            if len(self._browsers) > _MAX_NETWORKS:
                self._browsers.popitem(last=False)
            if user_agent in seen:
                return user_agent
            if len(seen) < BROWSERS_PER_NETWORK:
                seen.add(user_agent)
                return user_agent
            return _MANY_BROWSERS

    def _salt(self, day: str) -> bytes:
        with self._lock:
            if day not in self._salts:
                if not self._keep_past_days:
                    forget_salts_before(self._conn, day)
                    self._salts.clear()
                self._salts[day] = daily_salt(self._conn, day, secrets.token_bytes(16))
            return self._salts[day]
