"""The report as one self-contained HTML page a CSR lead can open: counts, the "write these
articles" and "fix these articles" tables, trend bars."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from kbgen.misses.fix_render import fix_advice
from kbgen.misses.fixes import ArticleFix
from kbgen.misses.render import advice, day
from kbgen.misses.report import Group, ReportWindow
from kbgen.misses.verdicts import ADD_WORDS, ANSWERED, WRITE

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2b2a}
h1{font-size:1.5rem}.counts{display:flex;gap:1rem;margin:1rem 0}
.count{border:1px solid #cfe0de;border-radius:8px;padding:.6rem 1rem}.count b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem;border-bottom:1px solid #e3ecea;vertical-align:top}
th{background:#f1f7f6}.examples{color:#52625f;font-size:.85rem}
.write{color:#a23b00;font-weight:600}.add-words{color:#7a5a00}.answered{color:#2f6f3e}
.bars{display:flex;align-items:flex-end;gap:1px;height:24px}.bars span{width:5px;background:#00897b}
.bars.failed span{background:#c2410c}h2{font-size:1.2rem;margin-top:2rem}.comments{margin:0;padding-left:1rem}
"""


def render_html(groups: list[Group], window: ReportWindow, fixes: list[ArticleFix] | None = None) -> str:
    """The whole page; every value from the database is escaped (queries and comments are visitors' text)."""
    fixes = fixes or []
    verdicts = {
        verdict: sum(g.verdict == verdict for g in groups) for verdict in (WRITE, ADD_WORDS, ANSWERED)
    }
    counts = [
        ("Groups to write", verdicts[WRITE]),
        ("Vocabulary gaps", verdicts[ADD_WORDS]),
        ("Answered since", verdicts[ANSWERED]),
        ("Searches", sum(g.searches for g in groups)),
        ("Articles that failed readers", sum(fix.failed > 0 for fix in fixes)),
        (
            "Readers sent to a person",
            sum(g.escalations for g in groups) + sum(fix.escalations for fix in fixes),
        ),
    ]
    boxes = "".join(f'<div class="count"><b>{value}</b>{escape(name)}</div>' for name, value in counts)
    rows = "\n".join(_row(rank, group) for rank, group in enumerate(groups, 1))
    fix_rows = "\n".join(_fix_row(rank, fix) for rank, fix in enumerate(fixes, 1))
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Search misses report</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>
<body><h1>What visitors searched for and did not find, and the articles that failed them</h1>
<p>{day(window.since)} to {day(window.until)}{escape(" · " + window.audience) if window.audience else ""}.
Generated {generated}. Ranked by distinct visitors, recent searches weighing more.</p>
<div class="counts">{boxes}</div>
<h2>Write these articles</h2>
<table><thead><tr><th>#</th><th>Searches</th><th>Audience</th><th>Visitors</th><th>Searches</th>
<th>Misses / no-clicks</th><th>Contacted</th><th>Seen</th><th>Trend</th><th>To do</th></tr></thead>
<tbody>
{rows}
</tbody></table>
<h2>Fix these articles</h2>
<p>Readers' answers to "Was this page helpful?" and their calls, e-mails and portal messages from an
article, ranked by how many readings each article failed (a No, or a contact with a person).</p>
<table><thead><tr><th>#</th><th>Article</th><th>Audience</th><th>Failed</th><th>Yes / No</th>
<th>Helpful</th><th>Contacted</th><th>Seen</th><th>Trend</th><th>What went wrong</th><th>Recent comments</th>
</tr></thead>
<tbody>
{fix_rows}
</tbody></table></body></html>
"""


def _row(rank: int, group: Group) -> str:
    examples = ", ".join(escape(example) for example in group.examples[1:])
    return (
        f"<tr><td>{rank}</td><td><b>{escape(group.label)}</b><div class=examples>{examples}</div></td>"
        f"<td>{escape(group.audience)}</td><td>{group.visitors}</td><td>{group.searches}</td>"
        f"<td>{group.misses} / {group.noclicks}</td><td>{group.escalations}</td>"
        f"<td>{day(group.first_seen)} – {day(group.last_seen)}</td>"
        f"<td>{_bars(group.trend)}</td><td class={group.verdict}>{escape(advice(group))}</td></tr>"
    )


def _fix_row(rank: int, fix: ArticleFix) -> str:
    ratio = fix.helpful_ratio
    helpful = "–" if ratio is None else f"{round(100 * ratio)}%"
    comments = "".join(f"<li>{day(comment.at)}: {escape(comment.text)}</li>" for comment in fix.comments)
    return (
        f"<tr><td>{rank}</td><td><b>{escape(fix.title)}</b>"
        f"<div class=examples>{escape(fix.article)}</div></td>"
        f"<td>{escape(fix.audience)}</td><td>{fix.failed}</td><td>{fix.yes} / {fix.no}</td><td>{helpful}</td>"
        f"<td>{fix.escalations}</td><td>{day(fix.first_seen)} – {day(fix.last_seen)}</td>"
        f"<td>{_bars(fix.trend, 'failed readings', 'bars failed')}</td><td>{escape(fix_advice(fix))}</td>"
        f"<td><ul class=comments>{comments}</ul></td></tr>"
    )


def _bars(trend: list[int], what: str = "searches", css_class: str = "bars") -> str:
    peak = max(trend, default=0) or 1
    bars = "".join(f'<span style="height:{max(1, round(24 * count / peak))}px"></span>' for count in trend)
    return f'<div class="{css_class}" title="{what} per period, oldest first: {trend}">{bars}</div>'
