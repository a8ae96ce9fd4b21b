"""What an editor should fix in the company's vocabulary (`synonyms.yml`): lines that do nothing.

A `rank_first` or `pinned` line names its article by a tag or title phrase; when no article of either help
center says it (a renamed tag, a typo), the build resolves the line to nothing, silently. Each
audience builds alone and a line may be meant for the other help center, so only this check, which
sees both, can say so.
"""

from __future__ import annotations

from kbgen.checks.articles import line_of
from kbgen.checks.finding import Finding
from kbgen.content import ContentSet
from kbgen.search.rank_first import names
from kbgen.search.vocabulary import COMPANY_FILE, VocabularyError, load_vocabulary
from kbgen.settings import Settings


def vocabulary_findings(content: ContentSet, settings: Settings) -> list[Finding]:
    source = settings.config_file.resolve().parent / COMPANY_FILE
    if not source.is_file():
        return []
    try:
        vocabulary = load_vocabulary(source.parent)
    except VocabularyError as exc:
        return [Finding("error", source, str(exc), None, "vocabulary")]
    articles = [(a.title, a.tags) for group in content.articles.values() for a in group]
    lines = [("rank_first", line) for line in vocabulary.rank_first]
    lines += [("pinned", line) for line in vocabulary.pinned]
    return [
        Finding(
            "warning",
            source,
            f"{section} [{said}, {tag}]: no article's title or tags say '{tag}', so this line changes "
            "nothing; write one of the tags (or the title) of the article to list first",
            line_of(source, tag),
            "vocabulary",
        )
        for section, (said, tag) in lines
        if not any(names(tag, title, tags) for title, tags in articles)
    ]
