"""`kbgen misses report` in every format, on a small database re-checked against the sample sites."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.signals.searches import search, store

HOSTILE = "<script>alert(1)</script> rooftop | grill"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("formats") / "misses.db"
    store(
        path,
        [
            search("bike storage", "v1", days_ago=20),
            search("bike storage", "v2", days_ago=2),
            search("storage for bikes", "v3"),
            search("amenity hours", "v4"),  # hoa-rules covers the amenities, not under these words
            search("pay rent online", "v5", kind="noclick"),  # answered by the site
            search(HOSTILE, "v6"),
        ],
    )
    return path


def report(db: Path, site: Path, output_format: str, *extra: str) -> str:
    args = ["misses", "report", "--db", str(db), "--site", str(site), "--format", output_format, *extra]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_prints_one_object_per_group_with_the_fields_tools_rely_on(db: Path, sample_site: Path) -> None:
    groups = {g["label"]: g for g in map(json.loads, report(db, sample_site, "json", "--all").splitlines())}
    bike = groups["bike storage"]
    assert {"label", "audience", "verdict", "searches", "visitors", "examples"} <= set(bike)
    assert (bike["audience"], bike["verdict"], bike["searches"], bike["visitors"]) == (
        "residents",
        "write",
        3,
        3,
    )
    assert bike["examples"] == ["bike storage", "storage for bikes"]
    assert "article" not in bike
    pool = groups["amenity hours"]
    assert (pool["verdict"], pool["article"], pool["add_words"]) == ("add-words", "hoa-rules/", ["hours"])
    answered = groups["pay rent online"]
    assert (answered["verdict"], answered["article"]) == ("answered", "pay-rent-online/")
    assert answered["answered_since"]
    assert "pay rent online" not in report(db, sample_site, "json")  # open groups only by default


def test_csv_has_a_header_and_one_row_per_open_group(db: Path, sample_site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(report(db, sample_site, "csv"))))
    assert [row["label"] for row in rows][:1] == ["bike storage"]
    assert {row["verdict"] for row in rows} == {"write", "add-words"}
    pool = next(row for row in rows if row["label"] == "amenity hours")
    assert pool["article"] == "hoa-rules/" and "add 'hours'" in pool["advice"]
    assert next(row for row in rows if row["label"] == HOSTILE)["examples"] == HOSTILE


def test_markdown_is_a_table_whose_cells_cannot_be_broken_by_a_query(db: Path, sample_site: Path) -> None:
    lines = report(db, sample_site, "md").splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("| # |"))
    assert lines[header + 1].startswith("|---")
    assert "**bike storage**<br>bike storage; storage for bikes" in lines[header + 2]
    hostile = next(line for line in lines if "rooftop" in line)
    assert "<script>" not in hostile and r"rooftop \| grill" in hostile
    assert hostile.count(" | ") == lines[header].count(" | ")


def test_html_is_a_dashboard_with_both_work_lists_and_their_trends(
    db: Path, sample_site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    report(db, sample_site, "html", "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<table>" in page and "</table>" in page
    assert "Write these articles" in page and "groups the site answers now" in page
    for label in ("bike storage", "amenity hours", "pay rent online"):  # answered groups too
        assert f"<b>{label}</b>" in page
    trends = page.split('<svg class="spark"')[1:]
    assert len(trends) >= 4
    assert trends[0].split("</svg>", 1)[0].count("<rect ") == 12
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_the_terminal_table_and_markdown_head_the_write_list_with_the_same_columns(
    db: Path, sample_site: Path
) -> None:
    markdown_header = next(
        line for line in report(db, sample_site, "md").splitlines() if line.startswith("| # |")
    )
    terminal_header = next(line for line in report(db, sample_site, "table").splitlines() if "┃ # ┃" in line)
    columns = [cell.strip() for cell in markdown_header.strip("|").split("|")]
    assert [cell.strip() for cell in terminal_header.strip("┃").split("┃")] == columns
    assert columns.count("Searches") == 1  # the group's name column is not a second "Searches"
