"""The report for other tools: JSON (one object per line) and CSV (one row per line), both lists in
one file, the "write these" groups first, then the "fix these" articles; each record's `list` field
says which. Every CSV text cell goes through `spreadsheet_text`."""

from __future__ import annotations

import csv
import io
import json

from kbgen.signals.analysis.fixes import ArticleFix
from kbgen.signals.analysis.report import Group, day
from kbgen.signals.analysis.worklists import WorkLists
from kbgen.signals.intake.events import REASONS
from kbgen.spreadsheet import spreadsheet_text

CSV_COLUMNS = (
    "list",
    "label",
    "audience",
    "verdict",
    "article",
    "nearest",
    "searches",
    "visitors",
    "misses",
    "noclicks",
    "escalations",
    "first_seen",
    "last_seen",
    "examples",
    "advice",
    *("readings", "yes", "no", "helpful_ratio", "failed", "reasons", "comments"),  # the fix list's own
)


def write_record(group: Group) -> dict[str, object]:
    record: dict[str, object] = {
        "list": "write",
        "label": group.label,
        "audience": group.audience,
        "verdict": group.verdict,
        "advice": group.advice,
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
    if group.nearest:  # a write's nearest article, for the writer to check first
        record["nearest"] = group.nearest
        record["nearest_title"] = group.nearest_title
        record["nearest_lacks"] = group.nearest_lacks
    if group.opened_by:
        record["opened_by"] = group.opened_by  # visitors who opened the article after these searches
    if group.answered_since:
        record["answered_since"] = day(group.answered_since)
    return record


def fix_record(fix: ArticleFix) -> dict[str, object]:
    ratio = fix.helpful_ratio
    return {
        "list": "fix",
        "label": fix.title,
        "audience": fix.audience,
        "article": fix.article,
        "readings": fix.readings,
        "yes": fix.yes,
        "no": fix.no,
        "helpful_ratio": None if ratio is None else round(ratio, 3),
        "failed": fix.failed,
        "escalations": fix.escalations,
        "channels": dict(fix.channels.most_common()),
        "reasons": dict(fix.reasons.most_common()),
        "comments": [{"day": day(comment.at), "text": comment.text} for comment in fix.comments],
        "first_seen": day(fix.first_seen),
        "last_seen": day(fix.last_seen),
        "trend": fix.trend,
        "advice": fix.advice,
    }


def render_json(lists: WorkLists) -> str:
    records = [*map(write_record, lists.write), *map(fix_record, lists.fix)]
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def render_csv(lists: WorkLists) -> str:
    """The records flattened to a spreadsheet cell each: lists joined with " | "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    rows = [write_record(group) | {"examples": " | ".join(group.examples)} for group in lists.write]
    rows += [_fix_csv_row(fix) for fix in lists.fix]
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _fix_csv_row(fix: ArticleFix) -> dict[str, object]:
    record = fix_record(fix)
    reasons = " | ".join(f"{REASONS.get(code, code)}: {count}" for code, count in fix.reasons.most_common())
    comments = " | ".join(f"{day(comment.at)}: {comment.text}" for comment in fix.comments)
    ratio = record["helpful_ratio"]
    return record | {
        "reasons": reasons,
        "comments": comments,
        "helpful_ratio": "" if ratio is None else ratio,
    }


def _cell(value: object) -> object:
    """Visitors' queries and comments, article titles: text in a spreadsheet, never a formula."""
    return spreadsheet_text(value) if isinstance(value, str) else value
