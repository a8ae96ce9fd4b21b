"""The report as text: a terminal table, JSON (one object per group), CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from kbgen.misses.analysis.report import Group
from kbgen.misses.analysis.verdicts import ADD_WORDS, ANSWERED
from kbgen.spreadsheet import spreadsheet_text


def day(at: int | None) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d") if at else ""


def advice(group: Group) -> str:
    """What a writer should do with the group, in one line."""
    if group.verdict == ANSWERED:
        return f"answered since {day(group.answered_since)} by {group.article_title or group.article}"
    if group.verdict == ADD_WORDS:
        return f"vocabulary gap: add {', '.join(repr(w) for w in group.add_words)} to {group.article_title}"
    return "write a new article"


def as_record(group: Group) -> dict[str, object]:
    record: dict[str, object] = {
        "list": "write",
        "label": group.label,
        "audience": group.audience,
        "verdict": group.verdict,
        "advice": advice(group),
        "searches": group.searches,
        "visitors": group.visitors,
        "misses": group.misses,
        "noclicks": group.noclicks,
        "csr_requests": group.csr_requests,
        "escalations": group.escalations,
        "score": round(group.score, 3),
        "first_seen": day(group.first_seen),
        "last_seen": day(group.last_seen),
        "examples": group.examples,
        "trend": group.trend,
        "key": group.key,
    }
    if group.article:
        record["article"] = group.article
        record["article_title"] = group.article_title
    if group.add_words:
        record["add_words"] = group.add_words
    if group.answered_since:
        record["answered_since"] = day(group.answered_since)
    return record


def render_json(groups: list[Group]) -> str:
    return "".join(json.dumps(as_record(group), ensure_ascii=False) + "\n" for group in groups)


def render_csv(
    groups: list[Group], other_rows: Iterable[Mapping[str, object]] = (), other_columns: Sequence[str] = ()
) -> str:
    """One row per group; `other_rows` (the "fix" list) follow in the same file with their own columns.
    Every text cell goes through `spreadsheet_text`."""
    out = io.StringIO()
    columns = [
        "list",
        "label",
        "audience",
        "verdict",
        "article",
        "searches",
        "visitors",
        "misses",
        "noclicks",
    ]
    columns += ["escalations", "first_seen", "last_seen", "examples", "advice", *other_columns]
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    rows = [as_record(group) | {"examples": " | ".join(group.examples)} for group in groups]
    for row in [*rows, *other_rows]:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _cell(value: object) -> object:
    """Visitors' queries and comments, article titles: text in a spreadsheet, never a formula."""
    return spreadsheet_text(value) if isinstance(value, str) else value


def render_markdown(groups: list[Group]) -> str:
    columns = (
        "#",
        "Searches",
        "Audience",
        "Visitors",
        "Searches",
        "Misses / no-clicks",
        "Contacted",
        "Last seen",
    )
    return markdown_table(
        (*columns, "To do"),
        (
            (
                rank,
                f"**{md_cell(group.label)}**<br>" + "; ".join(md_cell(example) for example in group.examples),
                group.audience,
                group.visitors,
                group.searches,
                f"{group.misses} / {group.noclicks}",
                group.escalations,
                day(group.last_seen),
                md_cell(advice(group)),
            )
            for rank, group in enumerate(groups, 1)
        ),
    )


def render_table(groups: list[Group]) -> str:
    columns = (
        "#",
        "Label",
        "Audience",
        "Visitors",
        "Searches",
        "Miss/no-click",
        "Contacted",
        "Last seen",
        "To do",
    )
    return terminal_table(
        "Searches that found nothing, by group",
        columns,
        (
            (
                rank,
                group.label,
                group.audience,
                group.visitors,
                group.searches,
                f"{group.misses}/{group.noclicks}",
                group.escalations,
                day(group.last_seen),
                advice(group),
            )
            for rank, group in enumerate(groups, 1)
        ),
    )


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table of the report's or the fix list's rows; text cells are escaped by the caller."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def terminal_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table for the terminal, 160 columns wide."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    console = Console(file=io.StringIO(), width=160, force_terminal=False)
    console.print(table)
    return console.file.getvalue()


def md_cell(text: str) -> str:
    """`text` safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")
