"""The content format: what editors write, and what they are told when it is wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kbgen.content import load_content, read_article
from kbgen.content.media import video_embed
from tests.site.articles import write_article


def test_article_reads_every_front_matter_key(tmp_path: Path) -> None:
    path = write_article(
        tmp_path,
        "residents",
        "pay-rent",
        body="## Steps\n\nPay in the portal.\n",
        title="How do I pay rent?",
        summary="Pay in the portal.",
        category="Rent and payments",
        tags=["rent", "portal"],
        videos=[{"url": "https://youtu.be/abcdefghijk", "title": "Paying rent"}],
        links=[{"title": "Portal", "url": "https://portal.example/"}],
        order=2,
        id="rent-001",
        updated="2026-03-01",
    )
    article, problems = read_article(path, "residents")
    assert problems == []
    assert article is not None
    assert (article.slug, article.title, article.category) == (
        "pay-rent",
        "How do I pay rent?",
        "Rent and payments",
    )
    assert article.tags == ["rent", "portal"]
    assert article.videos[0].title == "Paying rent"
    assert article.links[0].url == "https://portal.example/"
    assert (article.order, article.stable_id, article.updated) == (2.0, "rent-001", date(2026, 3, 1))
    assert article.body.startswith("## Steps")


def test_slug_defaults_to_file_name_and_can_be_overridden(tmp_path: Path) -> None:
    default, _ = read_article(write_article(tmp_path, "owners", "owner-payouts"), "owners")
    custom, _ = read_article(write_article(tmp_path, "owners", "x", slug="when-is-my-payout"), "owners")
    assert default.slug == "owner-payouts"
    assert custom.slug == "when-is-my-payout"


def test_missing_title_or_category_is_an_error_naming_the_file(tmp_path: Path) -> None:
    no_title = write_article(tmp_path, "residents", "no-title", title="")
    no_category = write_article(tmp_path, "residents", "no-category", category="")
    content = load_content(tmp_path)
    messages = [str(p) for p in content.errors]
    assert any(str(no_title) in m and "title" in m for m in messages)
    assert any(str(no_category) in m and "category" in m for m in messages)
    assert content.articles["residents"] == []


def test_yaml_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "residents" / "broken.md"
    path.parent.mkdir(parents=True)
    path.write_text('---\ntitle: Fine\ncategory: "unclosed\ntags: [a\n---\nBody\n', encoding="utf-8")
    article, problems = read_article(path, "residents")
    assert article is None
    assert problems[0].is_error
    assert problems[0].line is not None and 3 <= problems[0].line <= 5
    assert str(path) in str(problems[0])


def test_a_front_matter_key_written_twice_is_an_error_at_its_second_line(tmp_path: Path) -> None:
    """YAML keeps the last `tags:` and drops the first silently: which one the editor meant, nobody knows."""
    path = tmp_path / "residents" / "twice.md"
    path.parent.mkdir(parents=True)
    front = "title: Pool hours\ncategory: Amenities\ntags: [pool]\ntags: [gym]\n"
    path.write_text(f"---\n{front}---\nBody\n", encoding="utf-8")
    article, problems = read_article(path, "residents")
    assert article is None
    assert [(p.severity, p.line) for p in problems] == [("error", 5)]
    assert "'tags' is written twice: keep one" in problems[0].message
    assert "check quoting" not in problems[0].message and str(path) in str(problems[0])


def test_unknown_key_empty_body_and_bad_urls_are_warnings_and_the_article_still_loads(tmp_path: Path) -> None:
    path = write_article(
        tmp_path,
        "residents",
        "pets",
        body="\n",
        colour="blue",
        links=[{"title": "Bad", "url": "javascript:alert(1)"}, {"title": "Good", "url": "https://hud.gov/"}],
        videos=[{"url": "https://evil.example/embed/1", "title": "Nope"}],
    )
    article, problems = read_article(path, "residents")
    assert article is not None
    assert all(not p.is_error for p in problems)
    text = "\n".join(p.message for p in problems)
    assert "unknown key 'colour'" in text
    assert "no body" in text
    assert "javascript:alert(1)" in text
    assert "evil.example" in text
    assert [link.title for link in article.links] == ["Good"]
    assert article.videos == []


def test_drafts_are_never_loaded(tmp_path: Path) -> None:
    write_article(tmp_path, "residents", "secret-plan", draft=True)
    write_article(tmp_path, "residents", "public")
    content = load_content(tmp_path)
    assert [a.slug for a in content.articles["residents"]] == ["public"]


def test_duplicate_slug_in_one_audience_is_an_error(tmp_path: Path) -> None:
    write_article(tmp_path, "owners", "fees")
    write_article(tmp_path, "owners", "other", slug="fees")
    content = load_content(tmp_path)
    assert len(content.articles["owners"]) == 1
    assert any("slug 'fees' is already used" in p.message for p in content.errors)


def test_only_known_video_hosts_are_embeddable() -> None:
    assert video_embed("https://www.youtube.com/watch?v=abcdefghijk").embed_url == (
        "https://www.youtube-nocookie.com/embed/abcdefghijk"
    )
    assert video_embed("https://vimeo.com/123456789").embed_url.endswith("/video/123456789?dnt=1")
    assert video_embed("https://www.loom.com/share/0123456789abcdef0123456789abcdef").host == "loom"
    assert video_embed("assets/how-to.mp4").host == "file"
    assert video_embed("../assets/how-to.mp4").host == "file"  # as MkDocs writes it in the built page
    for refused in (
        "../../owners/assets/how-to.mp4",
        "//evil.example/how-to.mp4",
        "https://evil.example/video.html",
        "javascript:alert(1)",
        "https://www.youtube.com/watch?v=<script>",
        "../../etc/passwd.mp4",
        "https://youtube.com.evil.example/watch?v=abcdefghijk",
    ):
        assert video_embed(refused) is None, refused
