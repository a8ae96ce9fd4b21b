"""The work lists' table rows for the HTML dashboard: "write these articles" (groups of searches) and
"fix these articles" (votes and contacts), each with its trend as a small SVG chart. Every value from
the database is escaped (queries and comments are visitors' text)."""

from __future__ import annotations

from html import escape

from kbgen.misses.analysis.fixes import ArticleFix
from kbgen.misses.analysis.report import Group
from kbgen.misses.output.charts import sparkline
from kbgen.misses.output.fix_render import fix_advice
from kbgen.misses.output.render import advice, day


def group_row(rank: int, group: Group) -> str:
    examples = ", ".join(escape(example) for example in group.examples[1:])
    requested = (
        f' <span class="csr">requested by CSRs ({group.csr_requests})</span>' if group.csr_requests else ""
    )
    return (
        f"<tr><td>{rank}</td><td><b>{escape(group.label)}</b>{requested}"
        f"<div class=examples>{examples}</div></td>"
        f"<td>{escape(group.audience)}</td><td class=n>{group.visitors}</td><td class=n>{group.searches}</td>"
        f"<td>{group.misses} / {group.noclicks}</td><td class=n>{group.escalations}</td>"
        f"<td class=seen>{day(group.first_seen)} – {day(group.last_seen)}</td>"
        f"<td>{sparkline(group.trend, 'searches')}</td>"
        f"<td class={group.verdict}>{escape(advice(group))}</td></tr>"
    )


def fix_row(rank: int, fix: ArticleFix) -> str:
    ratio = fix.helpful_ratio
    helpful = "–" if ratio is None else f"{round(100 * ratio)}%"
    comments = "".join(f"<li>{day(comment.at)}: {escape(comment.text)}</li>" for comment in fix.comments)
    return (
        f"<tr><td>{rank}</td><td><b>{escape(fix.title)}</b>"
        f"<div class=examples>{escape(fix.article)}</div></td>"
        f"<td>{escape(fix.audience)}</td><td class=n>{fix.failed}</td>"
        f"<td class=seen>{fix.yes} / {fix.no}</td>"
        f"<td>{helpful}</td><td class=n>{fix.escalations}</td>"
        f"<td class=seen>{day(fix.first_seen)} – {day(fix.last_seen)}</td>"
        f"<td>{sparkline(fix.trend, 'failed readings', 's5')}</td><td>{escape(fix_advice(fix))}</td>"
        f"<td><ul class=comments>{comments}</ul></td></tr>"
    )
