"""`kbgen misses import` on broken and hostile logs: all or nothing per file, with the line of the
fault; overlong lines skipped without memory blow-up; lines from the future refused."""

from __future__ import annotations

import gzip
import sqlite3
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from kbgen.signals.intake.logimport import import_log
from kbgen.signals.intake.store import connect
from tests.signals.test_logimport import PIXEL, beacon_query, combined_line

NOW = datetime.now(UTC).replace(microsecond=0)


def many_lines(count: int, when: datetime = NOW - timedelta(hours=1)) -> str:
    return "".join(
        combined_line(f"198.51.100.{n % 250}", when, f"{PIXEL}?{beacon_query(f'question {n}')}") + "\n"
        for n in range(count)
    )


def counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("SELECT COUNT(*) FROM searches").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM imported_lines").fetchone()[0],
        )
    finally:
        conn.close()


def run_import(db: Path, log: Path):
    return CliRunner().invoke(main, ["misses", "import", str(log), "--db", str(db)])


def test_a_corrupt_gzip_imports_nothing_and_names_the_line(tmp_path: Path) -> None:
    """Issue 11 item 13: a corrupted gzip committed 13,848 rows of garbage, then a traceback."""
    db, good, bad = tmp_path / "misses.db", tmp_path / "good.log", tmp_path / "bad.log.gz"
    good.write_text(many_lines(3))
    assert run_import(db, good).exit_code == 0
    data = bytearray(gzip.compress(many_lines(20_000).encode()))
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    bad.write_bytes(bytes(data))
    result = run_import(db, bad)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "line " in result.output and "nothing of this file was imported" in result.output
    assert counts(db) == (3, 3)


def test_a_truncated_gzip_imports_nothing_and_says_it_ends_early(tmp_path: Path) -> None:
    """Issue 11 item 13: a truncated gzip imported 5,000 rows and printed "Aborted!"."""
    db, bad = tmp_path / "misses.db", tmp_path / "cut.log.gz"
    data = gzip.compress(many_lines(12_000).encode())
    bad.write_bytes(data[: len(data) * 3 // 5])
    result = run_import(db, bad)
    assert result.exit_code == 1
    assert "Aborted" not in result.output
    assert "ends in the middle" in result.output
    line = int(result.output.split(": line ", 1)[1].split(":", 1)[0])
    assert 5_000 < line < 12_000
    assert counts(db) == (0, 0)


def test_an_overlong_line_is_skipped_without_holding_it(tmp_path: Path) -> None:
    """Issue 11 item 13: a 30 MB line exhausted memory."""
    db, log = tmp_path / "misses.db", tmp_path / "huge.log"
    with log.open("w", encoding="utf-8") as handle:
        handle.write(many_lines(2))
        handle.write(combined_line("192.0.2.7", NOW, f"{PIXEL}?q=" + "a" * (30 * 1024 * 1024)) + "\n")
        handle.write(many_lines(3, NOW - timedelta(minutes=5)))
    conn = connect(db)
    tracemalloc.start()
    try:
        result = import_log(conn, log)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        conn.close()
    assert peak < 4 * 1024 * 1024, f"peak {peak} bytes"
    assert result.imported == 5
    assert result.rejected == {"line over 64 KiB": 1}


def test_lines_dated_in_the_future_are_refused_and_leave_no_salt(tmp_path: Path) -> None:
    """Issue 11 item 13: lines dated in the future were stored and kept their day's salt forever."""
    db, log = tmp_path / "misses.db", tmp_path / "clock.log"
    tomorrow, next_year = NOW + timedelta(days=1), NOW + timedelta(days=365)
    log.write_text(
        many_lines(2)
        + combined_line("192.0.2.8", tomorrow, f"{PIXEL}?{beacon_query('from tomorrow')}")
        + "\n"
        + combined_line("192.0.2.8", next_year, f"{PIXEL}?{beacon_query('from next year')}")
        + "\n"
        + combined_line("192.0.2.8", NOW + timedelta(seconds=30), f"{PIXEL}?{beacon_query('clock skew')}")
        + "\n"
    )
    conn = connect(db)
    try:
        result = import_log(conn, log)
        salt_days = {row[0] for row in conn.execute("SELECT day FROM daily_salts")}
    finally:
        conn.close()
    assert result.imported == 3
    assert result.rejected == {"dated in the future": 2}
    assert salt_days <= {NOW.strftime("%Y-%m-%d")}


def test_an_unreadable_file_in_a_batch_does_not_stop_the_others(tmp_path: Path) -> None:
    db, bad, good = tmp_path / "misses.db", tmp_path / "bad.gz", tmp_path / "good.log"
    bad.write_bytes(b"\x1f\x8b" + b"not really gzip")
    good.write_text(many_lines(4))
    result = CliRunner().invoke(main, ["misses", "import", str(bad), str(good), "--db", str(db)])
    assert result.exit_code == 1
    assert f"{bad}: line 1:" in result.output
    assert "4 searches imported" in result.output
    assert counts(db) == (4, 4)
