"""axe-core, the accessibility engine, run inside real Chromium pages of the built sites.

axe-core comes from the npm registry: `scripts/test.sh` installs it into `.venv/axe/` (or point
KBGEN_AXE at an `axe.min.js`). The pages and states below are the ones issue 12 lists: each is
checked in the light and the dark scheme against WCAG 2.0-2.2 A and AA and axe's best practices.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_FILE = Path(os.environ.get("KBGEN_AXE", ROOT / ".venv/axe/node_modules/axe-core/axe.min.js"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
IMPACTS = ("critical", "serious", "moderate", "minor")
SCHEMES = ("light", "dark")


def search_for(query: str) -> Callable:
    """Open the search, type `query`, wait until kbgen-search.js has judged its results."""

    def act(page) -> None:
        page.locator("[data-kbgen-open-search]").click()  # the home page's "Search for an answer"
        page.locator("[data-md-component=search-query]").fill(query)
        page.wait_for_function("q => window.kbgen?.lastSearch?.query === q", arg=query, timeout=60_000)

    return act


def open_feedback(page) -> None:
    page.get_by_role("button", name="No").click()
    page.locator(".kbgen-feedback__contact").wait_for()


@dataclass(frozen=True)
class Check:
    name: str
    path: str
    act: Callable | None = None
    scope: str | None = None  # a CSS selector to check instead of the whole page


# Every page and state of issue 12, item 6.
CHECKS = [
    Check("landing page", ""),
    Check("resident home", "residents/"),
    Check("owner home", "owners/"),
    Check("category page", "residents/category/emergencies/"),
    Check("article with a video", "residents/heating-and-cooling/"),
    Check("article with a table", "residents/check-maintenance-request-status/"),
    Check("emergency article", "residents/smell-gas/"),
    Check("search: emergency card", "residents/", search_for("gas smell")),
    Check("search: other help center card", "residents/", search_for("owner draw")),
    Check("search: did you mean", "residents/", search_for("thermastat")),
    Check("search: no answer", "residents/", search_for("xyzzy")),
    Check("feedback opened", "residents/pay-rent-online/", open_feedback),
    Check("404 page (residents)", "residents/404.html"),
    Check("404 page (owners)", "owners/404.html"),
    Check("staff catalog", "staff/"),
]


@dataclass
class Outcome:
    check: str
    scheme: str
    violations: list[dict] = field(default_factory=list)

    def count(self, impact: str) -> int:
        return sum(len(v["nodes"]) for v in self.violations if v["impact"] == impact)


def run_axe(page, scope: str | None = None) -> list[dict]:
    """axe's violations on the current page (every node; the impact is axe's own)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugger protocol: the page's Content-Security-Policy, which
        # refuses inline scripts, stays on while axe reads the page.
        page.evaluate(AXE_FILE.read_text(encoding="utf-8"))
    # Colours are measured at rest: a link caught mid-way through Material's 125 ms colour
    # transition has neither its old nor its new colour.
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; animation: none !important; }"
    )
    page.wait_for_timeout(50)
    return page.evaluate(
        """([scope, tags]) => axe.run(scope ? document.querySelector(scope) : document,
              {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})))""",
        [scope, WCAG_TAGS],
    )


def table(outcomes: list[Outcome]) -> str:
    """Violations (affected elements) by impact, one line per page and scheme."""
    lines = [f"{'page':32} {'scheme':6} " + " ".join(f"{i:>9}" for i in IMPACTS)]
    for outcome in outcomes:
        counts = " ".join(f"{outcome.count(i):>9}" for i in IMPACTS)
        lines.append(f"{outcome.check:32} {outcome.scheme:6} {counts}")
        for violation in outcome.violations:
            lines.append(f"    {violation['impact']}: {violation['id']} ({violation['help']})")
            for node in violation["nodes"][:3]:
                lines.append(f"        {node['target']}")
    return "\n".join(lines)
