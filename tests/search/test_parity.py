"""`kbgen.search` ranks exactly like Material's worker in Chromium, on the tuned indexes."""

from __future__ import annotations

import pytest

from kbgen.search import load_index
from tests.conftest import block_outside_loopback
from tests.search.browser_search import BrowserSearch
from tests.search.evaluation import OWNER_CHECK, OWNER_FRESH, load_cases

pytestmark = pytest.mark.browser

SYNTAX = [
    "move-in",
    '"late fee"',
    "-rent pay",
    "+rent late",
    "title:pets",
    "foo:bar",
    "fee~1",
    "p",
    "pet f",
    "how do i",
    "what's up?",
    "1099",
    "tent",  # a short word with another first letter is not corrected (the worker's rule too)
    "hermostat",
]


@pytest.mark.parametrize("audience", ["residents", "owners"])
def test_python_port_gives_the_browsers_results_and_scores(browser, sample_site, sample_site_url, audience):
    context = browser.new_context()
    context.route("**/*", block_outside_loopback)
    search = BrowserSearch(context.new_page(), sample_site_url + audience + "/")
    index = load_index(sample_site, audience)
    # the owner sets hold negations ("hasnt paid") and words the typo correction must keep
    labelled = load_cases() + load_cases(OWNER_CHECK) + load_cases(OWNER_FRESH)
    queries = [case.query for case in labelled if case.audience == audience] + SYNTAX
    differences = []
    for query in queries:
        in_browser = search.search(query)
        in_python = index.search(query, limit=1000)
        same_list = [h.location for h in in_browser] == [h.location for h in in_python]
        pairs = zip(in_browser, in_python, strict=False)
        same_scores = all(abs(b.score - p.score) <= 1e-6 * max(abs(b.score), 1) for b, p in pairs)
        if not (same_list and same_scores):
            differences.append((query, in_browser[:3], in_python[:3]))
    context.close()
    assert not differences
