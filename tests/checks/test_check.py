"""`kbgen check` finds each planted mistake once, with its file and line, and nothing in the sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.checks.markdown import scan_body
from kbgen.commands.check import command as check_command
from kbgen.content import load_content
from kbgen.content.ledger import LEDGER_FILE
from kbgen.site.builder import BuildError, build_sites
from tests.conftest import CONFIG, CONTENT
from tests.site.articles import write_article

GOOD_BODY = """Intro.

## Steps

1. Log in.

## Pay *online* today

## Fees {#fees-table}

```
[not a link](nowhere.md) inside code is not checked
```

See [the steps](#steps), [paying online](#pay-online-today) and [fees](#fees-table).
"""

# (file, kind, line) for every mistake planted in `broken_content`, and nothing else.
PLANTED = {
    ("broken-link.md", "broken-link", 6),
    ("broken-anchor.md", "broken-anchor", 6),
    ("other-audience-link.md", "other-audience-link", 6),
    ("twin-slug.md", "content", None),
    ("twin-title.md", "duplicate-title", 2),
    ("missing-summary.md", "missing-summary", 1),
    ("missing-category.md", "content", 2),
    ("empty.md", "content", 6),
    ("image-alt.md", "image-alt", 6),
    ("video-host.md", "video-host", 6),
    ("video-front-matter.md", "content", 3),
    ("malformed-url.md", "malformed-url", 6),
    ("domain-without-scheme.md", "malformed-url", 6),
    ("notion-link.md", "notion-link", 6),
    ("public-notion-page.md", "notion-link", 6),
    ("shown-as-text.md", "shown-as-text", 6),
    (LEDGER_FILE, "ledger", 3),
}


def planted(content: Path, name: str, body: str, **meta) -> None:
    meta.setdefault("summary", "One sentence.")
    write_article(content, "residents", name, f"{body}\n", title=meta.pop("title", name), **meta)


@pytest.fixture
def broken_content(tmp_path: Path) -> Path:
    """A content folder with each mistake `kbgen check` knows, once, each in its own file."""
    content = tmp_path / "content"
    planted(content, "good", GOOD_BODY, title="Good")
    write_article(content, "owners", "owner-only", title="Owners only", summary="For owners.")
    (content / "residents" / "assets").mkdir()
    (content / "residents" / "assets" / "photo.png").write_bytes(b"\x89PNG")
    planted(content, "broken-link", "[gone](missing-article.md)")
    planted(content, "broken-anchor", "[steps](good.md#nowhere)")
    planted(content, "other-audience-link", "[owners](owner-only.md)")
    planted(content, "twin-slug", "Text.", slug="good")  # loaded after good.md: the one reported
    planted(content, "twin-title", "Text.", title="Good")
    planted(content, "missing-summary", "Text.", summary=None)
    planted(content, "missing-category", "Text.", category=None)
    planted(content, "empty", "")
    planted(content, "image-alt", "![](assets/photo.png)")
    planted(content, "video-host", "![Tour](https://www.dailymotion.com/video/x7tgad0)")
    planted(content, "video-front-matter", "Text.", videos=["https://www.dailymotion.com/video/x7tgad0"])
    planted(content, "malformed-url", "[portal](htps://portal.example.com/pay)")
    planted(content, "domain-without-scheme", "[portal](portal.example.com/pay)")
    planted(
        content, "notion-link", "[draft](https://www.notion.so/acme/Draft-0123456789abcdef0123456789abcdef)"
    )
    planted(
        content, "public-notion-page", "[map](https://acme.notion.site/Map-0123456789abcdef0123456789abcdea)"
    )
    planted(content, "shown-as-text", "Call <https://portal.example> or <help@example.com>, not <script>")
    ledger = {"residents": {"retired": {"code": "zz9z", "slugs": ["retired"], "title": "Retired"}}}
    (content / LEDGER_FILE).write_text(json.dumps(ledger, indent=2))
    return content


def run_check(*args: str):
    return CliRunner().invoke(check_command, ["--config", str(CONFIG), *args])


def test_check_finds_each_planted_mistake_once_with_its_line(broken_content: Path) -> None:
    result = run_check("--content", str(broken_content), "--format", "json")
    report = json.loads(result.stdout)
    found = {
        (Path(group["file"]).name, finding["kind"], finding["line"])
        for group in report["files"]
        for finding in group["findings"]
    }
    assert found == PLANTED
    assert result.exit_code == 1
    assert report["errors"] == 10 and report["warnings"] == 7


def test_check_text_groups_findings_by_file_and_says_what_to_do(broken_content: Path) -> None:
    result = run_check("--content", str(broken_content))
    assert result.exit_code == 1
    block = result.output.split(str(broken_content / "residents" / "other-audience-link.md"))[1]
    assert block.splitlines()[1].startswith("  line 6: error: 'owner-only.md' is an article for owners")
    assert "add `id: retired` to the renamed article's front matter" in result.output
    assert result.output.rstrip().endswith("10 error(s), 7 warning(s) in 17 file(s).")


def test_the_sample_knowledge_base_has_nothing_to_fix() -> None:
    result = run_check("--content", str(CONTENT))
    assert result.output.startswith("Nothing to fix"), result.output
    assert result.exit_code == 0


def test_heading_anchors_match_the_ids_of_the_built_pages(sample_site: Path) -> None:
    for articles in load_content(CONTENT).articles.values():
        for article in articles:
            html = (sample_site / article.audience / article.slug / "index.html").read_text()
            for anchor in scan_body(article.body).anchors:
                assert f'id="{anchor}"' in html, (article.slug, anchor)


def test_strict_build_refuses_what_check_calls_an_error_and_names_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "residents", "keys", title="Keys", summary="Call.")
    planted(content, "notion-link", "[draft](https://www.notion.so/Draft-0123456789abcdef0123456789abcdef)")
    with pytest.raises(BuildError, match=r"notion-link\.md:6: error: .*Notion page"):
        build_sites(content, tmp_path / "site", CONFIG, strict=True)
    assert build_sites(content, tmp_path / "site", CONFIG).pages == {"residents": 2}


def test_check_with_site_reports_live_pages_the_next_build_would_drop(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    write_article(content, "residents", "keys", title="Keys", summary="Call.")
    write_article(content, "residents", "pets", title="Pets", summary="Yes.")
    build_sites(content, site, CONFIG)  # published without recording the ledger
    (content / "residents" / "pets.md").unlink()
    assert run_check("--content", str(content)).exit_code == 0
    result = run_check("--content", str(content), "--site", str(site))
    assert result.exit_code == 1
    assert "/residents/pets/ is live in" in result.output
    assert '"pets": {"slugs": ["pets"], "removed": true}' in result.output


def test_escaped_brackets_are_text_as_mkdocs_renders_them_not_links() -> None:
    body = "Type \\[brackets\\](x) and \\[1\\]: here, but [a real one](real.md) and [a\\]b](other.md).\n"
    assert [link.target for link in scan_body(body).links] == ["real.md", "other.md"]


def test_check_names_a_rank_first_or_pinned_line_whose_tag_no_article_says(tmp_path: Path) -> None:
    """ "lockout" is a tag of the keys article; "rooftop bar" and "valet" are no article's: those
    lines would change nothing, silently, in both help centers."""
    company = tmp_path / "company"
    company.mkdir()
    (company / "mkdocs.yml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    (company / "synonyms.yml").write_text(
        "rank_first:\n  - [keys, lockout]\n  - [hours, rooftop bar]\n"
        "pinned:\n  - [locked out of my car, lockout]\n  - [where do guests park, valet]\n",
        encoding="utf-8",
    )
    args = ["--config", str(company / "mkdocs.yml"), "--content", str(CONTENT), "--format", "json"]
    result = CliRunner().invoke(check_command, args)
    report = json.loads(result.stdout)
    found = [
        (Path(group["file"]).name, finding["kind"], finding["line"], finding["message"])
        for group in report["files"]
        for finding in group["findings"]
    ]
    assert [(name, kind, line) for name, kind, line, _ in found] == [
        ("synonyms.yml", "vocabulary", 3),
        ("synonyms.yml", "vocabulary", 6),
    ]
    assert "rooftop bar" in found[0][3] and "changes nothing" in found[0][3]
    assert found[1][3].startswith("pinned [where do guests park, valet]")
    assert result.exit_code == 0  # a warning
