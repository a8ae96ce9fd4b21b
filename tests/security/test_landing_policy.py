"""The landing page (the root of `site/`) runs under a policy that allows no script at all, and still
shows its cards without a single violation."""

from __future__ import annotations

import pytest

from tests.security.test_csp_browser import WATCH_VIOLATIONS

pytestmark = pytest.mark.browser


def test_the_landing_page_loads_cleanly_under_a_policy_that_runs_no_script(page, sample_site_url) -> None:
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(sample_site_url)
    assert page.get_by_role("navigation", name="Help centers").get_by_role("link").count() == 2
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    # Markup that ever slipped into the page could not run script: the handler is refused.
    page.evaluate("""() => document.body.insertAdjacentHTML('beforeend',
        '<img src="missing.png" onerror="window.__ran = true">')""")
    page.wait_for_function("() => window.__cspViolations.some(v => v.startsWith('script-src'))")
    assert page.evaluate("window.__ran") is None
