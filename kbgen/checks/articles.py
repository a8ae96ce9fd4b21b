"""What an editor should fix in one article besides its links: summary, title, alt text."""

from __future__ import annotations

from pathlib import Path

from kbgen.checks.finding import Finding
from kbgen.checks.links import ContentIndex, check_link
from kbgen.checks.markdown import BodyLink, BodyScan
from kbgen.content import Article, ContentSet


def article_findings(article: Article, scan: BodyScan, index: ContentIndex) -> list[Finding]:
    findings = []
    if not article.summary:
        findings.append(
            Finding(
                "warning",
                article.source,
                "no `summary:`: add one sentence that answers the question; it shows under the title, "
                "in search results and in the replies CSRs copy",
                1,
                "missing-summary",
            )
        )
    for link in [*scan.links, *front_matter_links(article)]:
        if link.is_image and not link.text.strip():
            findings.append(
                Finding(
                    "warning",
                    article.source,
                    f"image '{link.target}' has no alt text: describe what it shows, like "
                    f"![The Pay rent button]({link.target})",
                    link.line,
                    "image-alt",
                )
            )
        finding = check_link(article, link, index)
        if finding is not None:
            findings.append(finding)
    for name, line in scan.shown_as_text:
        findings.append(
            Finding(
                "warning",
                article.source,
                f"<{name}> is not HTML an article may use: readers will see it as text; write it in "
                f"`code` if you meant to show it, or remove it",
                line,
                "shown-as-text",
            )
        )
    return findings


def front_matter_links(article: Article) -> list[BodyLink]:
    """The `links:` entries, each with the line of the file that holds its URL."""
    return [BodyLink(link.url, line_of(article.source, link.url), text=link.title) for link in article.links]


def duplicate_titles(content: ContentSet) -> list[Finding]:
    """Two articles of one audience with one title: readers and CSRs cannot tell which is which."""
    findings = []
    for articles in content.articles.values():
        by_title: dict[str, list[Article]] = {}
        for article in articles:
            by_title.setdefault(article.title.casefold(), []).append(article)
        for same in by_title.values():
            for article in same[1:] if len(same) > 1 else []:
                others = ", ".join(other.source.name for other in same if other is not article)
                findings.append(
                    Finding(
                        "warning",
                        article.source,
                        f"title '{article.title}' is also the title of {others}: give each article a title "
                        "that says what sets it apart",
                        line_of(article.source, "title:"),
                        "duplicate-title",
                    )
                )
    return findings


def line_of(path: Path, text: str) -> int | None:
    """The first line of `path` that contains `text` (for findings about front matter)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, start=1) if text in line), None)
