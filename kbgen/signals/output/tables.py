"""The report for people: a table per work list, in Markdown (for an issue or a wiki page) or plain text
for the terminal. Each list's columns are declared once and serve both."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kbgen.signals.analysis.fixes import ArticleFix
from kbgen.signals.analysis.report import Group, day
from kbgen.signals.analysis.worklists import WorkLists

Item = TypeVar("Item", Group, ArticleFix)


@dataclass(frozen=True)
class Column(Generic[Item]):
    header: str
    cell: Callable[[Item], object]
    markdown: Callable[[Item], str] | None = None  # the Markdown cell, escaped, where it says more
    in_terminal: bool = True


@dataclass(frozen=True)
class WorkTable(Generic[Item]):
    heading: str  # the Markdown section
    title: str  # the terminal table's caption
    columns: Sequence[Column[Item]]


def md_cell(text: str) -> str:
    """`text` safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


# The columns both lists have: both kinds of item carry an audience, contacts and a last day seen.
AUDIENCE: Column[Any] = Column("Audience", lambda item: item.audience)
CONTACTED: Column[Any] = Column("Contacted", lambda item: item.escalations)
LAST_SEEN: Column[Any] = Column("Last seen", lambda item: day(item.last_seen))

WRITE = WorkTable[Group](
    "Write these articles",
    "Searches that found nothing, by group",
    (
        Column(
            "Group",
            lambda group: group.label,
            lambda group: f"**{md_cell(group.label)}**<br>" + "; ".join(map(md_cell, group.examples)),
        ),
        AUDIENCE,
        Column("Visitors", lambda group: group.visitors),
        Column("Searches", lambda group: group.searches),
        Column("Misses / no-clicks", lambda group: f"{group.misses} / {group.noclicks}"),
        CONTACTED,
        LAST_SEEN,
        Column("To do", lambda group: group.advice),
    ),
)
FIX = WorkTable[ArticleFix](
    "Fix these articles",
    "Articles that failed readers (votes and contacts), most failed first",
    (
        Column("Article", lambda fix: fix.title, lambda fix: f"**{md_cell(fix.title)}**"),
        AUDIENCE,
        Column("Failed", lambda fix: fix.failed),
        Column("Yes / No", lambda fix: f"{fix.yes} / {fix.no}"),
        CONTACTED,
        LAST_SEEN,
        Column("What went wrong", lambda fix: fix.advice),
        Column(
            "Recent comments",
            lambda fix: "; ".join(comment.text for comment in fix.comments),
            in_terminal=False,
        ),
    ),
)


def render_markdown(lists: WorkLists) -> str:
    """Both lists, each under its heading, even when empty."""
    return "\n".join(
        f"## {table.heading}\n\n{_markdown_table(table, items)}"
        for table, items in ((WRITE, lists.write), (FIX, lists.fix))
    )


def render_table(lists: WorkLists) -> str:
    """Both lists for a terminal, 160 columns wide; the fix list only when an article got a vote or a
    contact (sites without the feedback beacon never send one)."""
    tables = [_terminal_table(WRITE, lists.write)]
    if lists.fix:
        tables.append(_terminal_table(FIX, lists.fix))
    return "\n".join(tables)


def _markdown_table(table: WorkTable[Item], items: Sequence[Item]) -> str:
    def cell(column: Column[Item], item: Item) -> str:
        return column.markdown(item) if column.markdown else md_cell(str(column.cell(item)))

    lines = ["| # | " + " | ".join(column.header for column in table.columns) + " |"]
    lines.append("|" + "---|" * (len(table.columns) + 1))
    lines += [
        f"| {rank} | " + " | ".join(cell(column, item) for column in table.columns) + " |"
        for rank, item in enumerate(items, 1)
    ]
    return "\n".join(lines) + "\n"


def _terminal_table(table: WorkTable[Item], items: Sequence[Item]) -> str:
    from rich.console import Console
    from rich.table import Table

    columns = [column for column in table.columns if column.in_terminal]
    shown = Table(title=table.title)
    for header in ("#", *(column.header for column in columns)):
        shown.add_column(header)
    for rank, item in enumerate(items, 1):
        shown.add_row(str(rank), *(str(column.cell(item)) for column in columns))
    console = Console(file=io.StringIO(), width=160, force_terminal=False)
    console.print(shown)
    return console.file.getvalue()
