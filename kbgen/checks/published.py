"""Published URLs that would break: what the ledger knows, and what a built site already serves."""

from __future__ import annotations

from pathlib import Path

from kbgen.checks.articles import line_of
from kbgen.checks.finding import Finding
from kbgen.checks.links import SITE_SECTIONS
from kbgen.content import AUDIENCES, ContentSet
from kbgen.content.ledger import LEDGER_FILE, LedgerPlan, Undecided
from kbgen.search.facts import find_sites


def ledger_findings(plan: LedgerPlan) -> list[Finding]:
    findings = [
        Finding("error", plan.ledger.path, _undecided_message(item), _entry_line(plan, item), "ledger")
        for item in plan.undecided
    ]
    for reused in plan.reused:
        findings.append(
            Finding(
                "warning",
                reused.article.source,
                f"/{reused.audience}/{reused.slug}/ was the URL of '{reused.old_title}' and now opens this "
                "article: if old links to it meant something else, give this article another slug",
                line_of(reused.article.source, "slug:"),
                "reused-url",
            )
        )
    return findings


def _undecided_message(item: Undecided) -> str:
    entry, audience = item.entry, item.audience
    gone = (
        f"/{audience}/{entry.slugs[-1]}/ ('{entry.title}') was published, but no {audience} article has "
        f"the stable id '{item.stable_id}' any more: its URLs and short link /{audience}/a/{entry.code}/ "
        "would break. "
    )
    if entry.redirect_to:
        return gone + f'"redirect_to": "{entry.redirect_to}" names no published {audience} article: fix it.'
    renamed = f"{item.suggestion.source.name}'s" if item.suggestion else "the renamed article's"
    return gone + (
        f"If it was renamed, add `id: {item.stable_id}` to {renamed} front matter. If it was removed on "
        'purpose, set "removed": true on its entry here (or "redirect_to": "<slug>" to send readers to '
        "another article)."
    )


def _entry_line(plan: LedgerPlan, item: Undecided) -> int | None:
    """The line of the entry in the ledger file, so the editor lands on it."""
    try:
        lines = plan.ledger.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    start = next((n for n, line in enumerate(lines) if line.strip().startswith(f'"{item.audience}": {{')), 0)
    key = f'"{item.stable_id}": {{'
    return next((n + 1 for n in range(start, len(lines)) if lines[n].strip().startswith(key)), None)


def site_findings(site_dir: Path, content: ContentSet, plan: LedgerPlan) -> list[Finding]:
    """Pages live in `site_dir` that the next build would not serve: the ledger has lost them."""
    findings = []
    sites = find_sites(site_dir)  # each help center by the audience its kbgen.json names
    for audience in AUDIENCES:
        folder = sites.get(audience)
        planned = {f"{a.slug}/" for a in content.articles[audience]} | {p.path for p in plan.pages[audience]}
        for path in sorted(_served_paths(folder) - planned):
            name = path.strip("/").rsplit("/", 1)[-1]
            decision = (
                f'add "code": "{name}" to the ledger entry of the article it opened'
                if path.startswith("a/")
                else f'restore the article, or record the decision in {LEDGER_FILE}: "{name}": '
                f'{{"slugs": ["{name}"], "removed": true}} under "{audience}"'
            )
            findings.append(
                Finding(
                    "error",
                    plan.ledger.path,
                    f"/{audience}/{path} is live in {site_dir} but the next build would not serve it "
                    f"(was {LEDGER_FILE} committed?): {decision}",
                    None,
                    "published-url",
                )
            )
    return findings


def _served_paths(folder: Path | None) -> set[str]:
    if folder is None:
        return set()
    pages = {
        f"{d.name}/" for d in folder.iterdir() if d.name not in SITE_SECTIONS and (d / "index.html").is_file()
    }
    short = folder / "a"
    if short.is_dir():
        pages |= {f"a/{d.name}/" for d in short.iterdir() if (d / "index.html").is_file()}
    return pages
