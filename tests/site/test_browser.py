"""The resident site in a real browser: a title word finds the article, whose video is embedded."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_title_word_search_leads_to_the_article_and_its_video(page, sample_site_url: str) -> None:
    outside: list[str] = []
    page.on("requestfailed", lambda request: outside.append(request.url))
    page.goto(f"{sample_site_url}residents/")
    page.locator(".kbgen-hero__search").click()
    page.locator("input.md-search__input").press_sequentially("autopay", delay=40)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    first.wait_for()
    assert first.get_attribute("href").split("?")[0].endswith("/residents/set-up-autopay/")
    first.click()
    page.wait_for_url("**/residents/set-up-autopay/**")
    assert "autopay" in page.locator("h1").first.inner_text().lower()
    frame = page.locator(".kbgen-video iframe").first
    assert frame.get_attribute("loading") == "lazy"
    assert frame.get_attribute("src").startswith(
        (
            "https://www.youtube-nocookie.com/embed/",
            "https://player.vimeo.com/video/",
            "https://www.loom.com/embed/",
        )
    )
    assert page.locator(".kbgen-video figcaption a").first.is_visible()
    assert all(not url.startswith("http://127.0.0.1") for url in outside), (
        "only outside requests were blocked"
    )
