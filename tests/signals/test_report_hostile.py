"""The misses report against what visitors can send and when: formulas in queries and comments stay
text in every spreadsheet-bound cell, and a report read while beacons arrive never crashes."""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.signals.analysis.report import DAY, ReportWindow, build_report
from kbgen.signals.intake.events import parse_event
from kbgen.signals.intake.store import connect, insert_records, record_of
from kbgen.spreadsheet import spreadsheet_text
from tests.signals.searches import search, store

FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+1+1 rent",
    "-2+3 deposit",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\uff1dHYPERLINK(1)",  # fullwidth "="
]
FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r")


def stored_as_the_collector_would(db: Path, fields: dict[str, str], visitor: str) -> None:
    conn = connect(db)
    try:
        with conn:
            insert_records(conn, [record_of(parse_event(fields), int(time.time()), visitor)])
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\t=1", "'\t=1"),
        ("\r\n@x", "'\r\n@x"),
        ("-5 fee", "'-5 fee"),
        ("\uff1d1", "'\uff1d1"),
        ("pay rent online", "pay rent online"),
        ("rent = 5", "rent = 5"),
        ("", ""),
    ],
)
def test_spreadsheet_text_keeps_formulas_as_text_and_everything_else_as_is(value: str, expected: str) -> None:
    assert spreadsheet_text(value) == expected


def test_csv_report_neutralises_formulas_in_labels_examples_titles_and_comments(tmp_path: Path) -> None:
    """Issue 11 item 9: `=HYPERLINK(...)` went unchanged into `label` and `examples`."""
    db = tmp_path / "misses.db"
    for number, formula in enumerate(FORMULAS):
        stored_as_the_collector_would(db, {"q": formula, "a": "residents", "k": "zero"}, f"v{number}")
        stored_as_the_collector_would(db, {"q": formula, "a": "residents", "k": "weak"}, f"w{number}")
        stored_as_the_collector_would(
            db,
            {"a": "residents", "k": "no", "p": f"/residents/{number}/", "r": "other", "c": formula},
            f"c{number}",
        )
    result = CliRunner().invoke(
        main,
        ["misses", "report", "--db", str(db), "--site", str(tmp_path / "none"), "--format", "csv"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    cells = [cell for row in rows[1:] for cell in row]
    assert len([row for row in rows if row[0] == "write"]) >= 3
    assert any("HYPERLINK" in cell for cell in cells)
    dangerous = [cell for cell in cells if cell.lstrip(" \u00a0").startswith(FORMULA_START)]
    assert dangerous == []


def test_report_reads_one_snapshot_while_beacons_arrive(tmp_path: Path) -> None:
    """Issue 11 item 8: a search committed between the report's SELECTs made it raise KeyError."""
    db = tmp_path / "misses.db"
    store(db, [search("bike storage", "v1"), search("pool hours", "v2")])
    writer = connect(db)
    reader = connect(db)
    arrivals = 0

    def commit_a_new_search_before_each_select(statement: str) -> None:
        nonlocal arrivals
        if statement.lstrip().upper().startswith("SELECT") and "FROM searches" in statement:
            arrivals += 1
            with writer:
                insert_records(writer, [search(f"arrived while reading {arrivals}", f"late{arrivals}")])

    reader.set_trace_callback(commit_a_new_search_before_each_select)
    now = int(time.time())
    try:
        groups = build_report(reader, ReportWindow(since=now - DAY, until=now + 60))
    finally:
        reader.set_trace_callback(None)
        reader.close()
        writer.close()
    assert arrivals >= 3
    labels = {group.label for group in groups}
    assert {"bike storage", "pool hours"} <= labels
    assert len(labels - {"bike storage", "pool hours"}) <= 1  # at most the one committed before the snapshot
    for group in groups:
        assert group.visitors == group.searches == sum(group.trend)


def test_report_under_a_live_collector_load_never_crashes(tmp_path: Path) -> None:
    """The same race with real threads: a writer committing as fast as it can while reports run."""
    import threading

    db = tmp_path / "misses.db"
    store(db, [search(f"seed question {n}", f"s{n}") for n in range(200)])
    stop = threading.Event()

    def keep_writing() -> None:
        conn = connect(db)
        n = 0
        while not stop.is_set():
            n += 1
            with conn:
                insert_records(conn, [search(f"live question {n}", f"l{n}")])
        conn.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    conn = connect(db)
    try:
        now = int(time.time())
        for _ in range(15):
            build_report(conn, ReportWindow(since=now - DAY, until=now + 3600))
    finally:
        stop.set()
        thread.join()
        conn.close()
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM searches").fetchone()[0] > 200
