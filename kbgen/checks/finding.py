"""A finding of `kbgen check`: a content Problem with a kind, so CI and tests can tell findings apart.

Kinds: `content` (what the content loader reports: front matter, empty or unreadable files, duplicate
slugs), `broken-link`, `broken-anchor`, `other-audience-link`, `malformed-url`, `notion-link`,
`video-host`, `image-alt`, `missing-summary`, `duplicate-title`, `ledger` (a published URL would
break), `reused-url` (an old URL now opens another article) and `published-url` (a page live in the
built site that the next build would drop), `palette` (a colour pair of the configured palette under
WCAG AA, light or dark) and `vocabulary` (`synonyms.yml`: malformed, or a `rank_first` line naming no
article).
"""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.content import Problem


@dataclass(frozen=True)
class Finding(Problem):
    kind: str = "content"

    @classmethod
    def from_problem(cls, problem: Problem, kind: str = "content") -> Finding:
        return cls(problem.severity, problem.source, problem.message, problem.line, kind)
