"""Run every check over a content folder: the loader's problems, each article, the ledger."""

from __future__ import annotations

from kbgen.checks.articles import article_findings, duplicate_titles
from kbgen.checks.finding import Finding
from kbgen.checks.links import ContentIndex, notion_pages
from kbgen.checks.markdown import scan_body
from kbgen.checks.published import ledger_findings
from kbgen.checks.vocabulary import vocabulary_findings
from kbgen.content import ContentSet
from kbgen.content.ledger import LedgerPlan
from kbgen.settings import Settings
from kbgen.site.palette import palette_problems


def check_content(content: ContentSet, plan: LedgerPlan, settings: Settings) -> list[Finding]:
    """Every finding for `content`; its errors are what `kbgen build --strict` refuses to publish."""
    articles = [article for group in content.articles.values() for article in group]
    scans = {(a.audience, a.slug): scan_body(a.body, a.body_line) for a in articles}
    index = ContentIndex(
        content_dir=plan.ledger.path.parent,
        site_url=settings.site_url,
        articles={audience: {a.slug: a for a in group} for audience, group in content.articles.items()},
        anchors={key: scan.anchors for key, scan in scans.items()},
        old_paths={audience: {p.path for p in pages} for audience, pages in plan.pages.items()},
        notion_pages=notion_pages(articles),
    )
    findings = [Finding.from_problem(problem) for problem in content.problems]
    for article in articles:
        findings.extend(article_findings(article, scans[(article.audience, article.slug)], index))
    palette = [
        Finding.from_problem(p, kind="palette")
        for p in palette_problems(settings.theme, settings.colors, settings.config_file)
    ]
    vocabulary = vocabulary_findings(content, settings)
    return findings + duplicate_titles(content) + ledger_findings(plan) + palette + vocabulary
