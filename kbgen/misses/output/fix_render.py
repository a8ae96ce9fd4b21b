"""The "fix these articles" list as text: JSON records, CSV rows, Markdown and a terminal table."""

from __future__ import annotations

import json

from kbgen.misses.analysis.fixes import ArticleFix
from kbgen.misses.intake.events import REASONS
from kbgen.misses.output.render import day, markdown_table, md_cell, terminal_table

FIX_CSV_COLUMNS = ("readings", "yes", "no", "helpful_ratio", "failed", "reasons", "comments")


def fix_advice(fix: ArticleFix) -> str:
    """What went wrong for readers, in one line: the No votes with their reasons, then the contacts."""
    parts = [f"{fix.no} of {fix.readings} readers said No" if fix.readings else "no votes"]
    if fix.reasons:
        parts.append(
            ", ".join(f"{REASONS.get(code, code)} ({count})" for code, count in fix.reasons.most_common())
        )
    if fix.escalations:
        channels = ", ".join(f"{channel} {count}" for channel, count in fix.channels.most_common())
        parts.append(f"{fix.escalations} contacted a person ({channels})")
    return "; ".join(parts)


def as_fix_record(fix: ArticleFix) -> dict[str, object]:
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
        "advice": fix_advice(fix),
    }


def render_fixes_json(fixes: list[ArticleFix]) -> str:
    return "".join(json.dumps(as_fix_record(fix), ensure_ascii=False) + "\n" for fix in fixes)


def fix_csv_row(fix: ArticleFix) -> dict[str, object]:
    """The record flattened for a spreadsheet cell each."""
    record = as_fix_record(fix)
    reasons = " | ".join(f"{REASONS.get(code, code)}: {count}" for code, count in fix.reasons.most_common())
    comments = " | ".join(f"{day(comment.at)}: {comment.text}" for comment in fix.comments)
    ratio = record["helpful_ratio"]
    return record | {
        "reasons": reasons,
        "comments": comments,
        "helpful_ratio": "" if ratio is None else ratio,
    }


def render_fixes_markdown(fixes: list[ArticleFix]) -> str:
    columns = ("#", "Article", "Audience", "Failed", "Yes / No", "Contacted", "Last seen", "What went wrong")
    return markdown_table(
        (*columns, "Recent comments"),
        (
            (
                rank,
                f"**{md_cell(fix.title)}**",
                fix.audience,
                fix.failed,
                f"{fix.yes} / {fix.no}",
                fix.escalations,
                day(fix.last_seen),
                md_cell(fix_advice(fix)),
                "; ".join(md_cell(comment.text) for comment in fix.comments),
            )
            for rank, fix in enumerate(fixes, 1)
        ),
    )


def render_fixes_table(fixes: list[ArticleFix]) -> str:
    return terminal_table(
        "Articles that failed readers (votes and contacts), most failed first",
        ("#", "Article", "Audience", "Failed", "Yes/No", "Contacted", "Last seen", "What went wrong"),
        (
            (
                rank,
                fix.title,
                fix.audience,
                fix.failed,
                f"{fix.yes}/{fix.no}",
                fix.escalations,
                day(fix.last_seen),
                fix_advice(fix),
            )
            for rank, fix in enumerate(fixes, 1)
        ),
    )
