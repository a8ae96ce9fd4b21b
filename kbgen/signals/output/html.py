"""The report's two work lists in HTML, for the dashboard: "write these articles" (groups of searches)
and "fix these articles" (votes and contacts), each row with its trend as a small SVG chart. Every
value from the database is escaped (queries and comments are visitors' text)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import TypeVar

from kbgen.signals.analysis.fixes import ArticleFix
from kbgen.signals.analysis.report import Group, day
from kbgen.signals.analysis.verdicts import ANSWERED
from kbgen.signals.analysis.worklists import WorkLists
from kbgen.signals.output.charts import sparkline

Item = TypeVar("Item", Group, ArticleFix)

LISTED_GROUPS = 100  # rows of "write these"; the CSV and JSON reports list them all
LISTED_FIXES = 50
LISTED_ANSWERED = 30


def render_lists(lists: WorkLists) -> str:
    """Both lists, a section each."""
    return f"{_write_list(lists.write)}\n{_fix_list(lists.fix)}"


def group_row(rank: int, group: Group) -> str:
    examples = ", ".join(escape(example) for example in group.examples[1:])
    requested = (
        f' <span class="csr">requested by CSRs ({group.csr_requests})</span>' if group.csr_requests else ""
    )
    return (
        f"<tr><td>{rank}</td><td class=query><b>{escape(group.label)}</b>{requested}"
        f"<div class=examples>{examples}</div></td>"
        f"<td>{escape(group.audience)}</td><td class=n>{group.visitors}</td><td class=n>{group.searches}</td>"
        f"<td>{group.misses} / {group.noclicks}</td><td class=n>{group.escalations}</td>"
        f"{_seen(group.first_seen, group.last_seen)}"
        f"<td class=trend>{sparkline(group.trend, 'searches')}</td>"
        f'<td class="{group.verdict} advice">{escape(group.advice)}</td></tr>'
    )


def fix_row(rank: int, fix: ArticleFix) -> str:
    ratio = fix.helpful_ratio
    helpful = "–" if ratio is None else f"{round(100 * ratio)}%"
    comments = "".join(f"<li>{day(comment.at)}: {escape(comment.text)}</li>" for comment in fix.comments)
    return (
        f"<tr><td>{rank}</td><td class=article><b>{escape(fix.title)}</b>"
        f"<div class=examples>{escape(fix.article)}</div></td>"
        f"<td>{escape(fix.audience)}</td><td class=n>{fix.failed}</td>"
        f"<td class=seen>{fix.yes} / {fix.no}</td>"
        f"<td>{helpful}</td><td class=n>{fix.escalations}</td>"
        f"{_seen(fix.first_seen, fix.last_seen)}"
        f"<td class=trend>{sparkline(fix.trend, 'failed readings', 's5')}</td>"
        f"<td class=advice>{escape(fix.advice)}</td>"
        f"<td class=said><ul class=comments>{comments}</ul></td></tr>"
    )


def _seen(first: int, last: int) -> str:
    """The first and last day, each kept whole: a narrow column breaks the line between them only."""
    return f"<td><span class=seen>{day(first)} –</span> <span class=seen>{day(last)}</span></td>"


def _write_list(groups: Sequence[Group]) -> str:
    open_groups = [g for g in groups if g.is_open]
    answered = [g for g in groups if g.verdict == ANSWERED]
    rows, more = _first_rows(open_groups, LISTED_GROUPS, group_row, "open groups")
    answered_rows, _ = _first_rows(answered, LISTED_ANSWERED, group_row, "answered groups")
    answered_part = (
        f"<details><summary>{len(answered):,} groups the site answers now</summary>"
        f'<table class="worklist groups">{_GROUP_HEAD}<tbody>{answered_rows}</tbody></table></details>'
        if answered
        else ""
    )
    return (
        '<section aria-labelledby="write"><h2 id="write">Write these articles</h2>'
        "<p>Searches that found nothing useful, grouped when they mean the same thing, ranked by distinct"
        " visitors (recent searches weigh more), each re-checked against the built site. Trend: searches per"
        " period, oldest first.</p>"
        f'<table class="worklist groups">{_GROUP_HEAD}<tbody>{rows or _EMPTY_ROW}</tbody></table>'
        f"{more}{answered_part}</section>"
    )


def _fix_list(fixes: Sequence[ArticleFix]) -> str:
    rows, more = _first_rows(fixes, LISTED_FIXES, fix_row, "articles")
    return (
        '<section aria-labelledby="fix"><h2 id="fix">Fix these articles</h2>'
        '<p>Readers\' answers to "Was this page helpful?" and their calls, e-mails and portal messages from'
        " an article, ranked by how many readings each article failed (a No, or a contact with a person)."
        " Trend: failed readings per period, oldest first.</p>"
        f'<table class="worklist fixes">{_FIX_HEAD}<tbody>{rows or _EMPTY_ROW}</tbody></table>'
        f"{more}</section>"
    )


_EMPTY_ROW = '<tr><td colspan="11">Nothing in this period.</td></tr>'
# The classes place the columns on paper, where a row takes two lines (the print styles of dashboard.html).
_GROUP_HEAD = (
    "<thead><tr><th scope=col>#</th><th scope=col class=query>Searches</th><th scope=col>Audience</th>"
    "<th scope=col class=n>Visitors</th><th scope=col class=n>Searches</th>"
    "<th scope=col>Misses / no-clicks</th><th scope=col class=n>Contacted</th><th scope=col>Seen</th>"
    "<th scope=col class=trend>Trend</th><th scope=col class=advice>To do</th>"
    "</tr></thead>"
)
_FIX_HEAD = (
    "<thead><tr><th scope=col>#</th><th scope=col class=article>Article</th><th scope=col>Audience</th>"
    "<th scope=col class=n>Failed</th><th scope=col>Yes / No</th><th scope=col>Helpful</th>"
    "<th scope=col class=n>Contacted</th><th scope=col>Seen</th><th scope=col class=trend>Trend</th>"
    "<th scope=col class=advice>What went wrong</th><th scope=col class=said>Recent comments</th>"
    "</tr></thead>"
)


def _first_rows(
    items: Sequence[Item], limit: int, row: Callable[[int, Item], str], what: str
) -> tuple[str, str]:
    """The first `limit` items as ranked table rows, and a note when the list is longer."""
    rows = "\n".join(row(rank, item) for rank, item in enumerate(items[:limit], 1))
    more = (
        f"<p class=muted>The first {limit} of {len(items):,} {what}; "
        "<code>--format csv</code> lists them all.</p>"
        if len(items) > limit
        else ""
    )
    return rows, more
