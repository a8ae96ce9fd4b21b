"""Fidelity: one Notion page holding every block type and annotation the API documents, pulled through the
fake server with the real notion-client, built by MkDocs, and checked element by element in the built HTML.

The README's table "Notion block -> what readers see" describes what this suite asserts.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kbgen.commands.check import command as check_command
from kbgen.notion.pull import PullReport, pull_into
from kbgen.site.builder import build_sites
from tests.conftest import CONFIG, serve_directory
from tests.notion import notion_json as nj
from tests.notion.conftest import settings_with
from tests.notion.fake_server import FakeNotion

ORIGINAL = "5e1f0000-0000-4000-8000-00000000f1d0"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"


def every_block(other_article: str) -> list[dict]:
    t = nj.text
    return [
        nj.media("video", nj.external(YOUTUBE), "Paying rent in the portal"),
        nj.media("video", nj.external(VIMEO), "Setting up autopay"),
        nj.paragraph(
            t("bold", bold=True),
            " ",
            t("italic", italic=True),
            " ",
            t("struck", strikethrough=True),
            " ",
            t("underlined", underline=True),
            " ",
            t("inline code", code=True),
            " ",
            t("red words", color="red"),
            " ",
            t("highlighted", color="yellow_background"),
            " ",
            t("a link", link="https://portal.example.com/"),
            " ",
            nj.equation_run("E = mc^2"),
            " ",
            nj.mention_page(other_article, "Late fees"),
            " ",
            nj.mention_user("Jane Staffer"),
            " ",
            nj.mention_date("2026-03-01"),
            " ",
            nj.mention_date("2026-03-01", "2026-03-05"),
            " ",
            nj.mention_date("2026-03-01T09:30:00.000-05:00", time_zone="America/New_York"),
        ),
        nj.paragraph("Type [brackets](x) and <b>tags</b> as text."),
        nj.heading(1, "Heading one"),
        nj.heading(2, "Heading two"),
        nj.heading(3, "Heading three"),
        nj.block(
            "heading_4", {"rich_text": nj.runs("Heading four"), "color": "default", "is_toggleable": False}
        ),
        nj.heading(2, "Hidden details", toggleable=True, children=[nj.paragraph("Shown when opened.")]),
        nj.bulleted("Bullet one", children=[nj.bulleted("Nested bullet")]),
        nj.bulleted("Bullet two"),
        nj.numbered("Step one"),
        nj.numbered("Step two"),
        nj.to_do("Done task", checked=True),
        nj.to_do("Open task"),
        nj.toggle("Can I pay late?", children=[nj.paragraph("Until the 5th.")]),
        nj.quote("A quoted line"),
        nj.callout("Call us before drilling.", emoji="🏠", color="red_background"),
        nj.callout("Plain note", emoji=None),
        nj.code("print('hello')", "python", caption="pay.py"),
        nj.divider(),
        nj.equation("a^2 + b^2 = c^2"),
        nj.table([["Fee", "Amount"], ["Late", "$50"]], row_header=True),
        nj.media("image", nj.hosted("photo"), "The front door"),
        nj.media("image", nj.external("https://cdn.example.com/map.png")),
        nj.media("video", nj.hosted("clip"), "Tour of the unit"),
        nj.media("pdf", nj.hosted("checklist")),
        nj.media("file", nj.hosted("form"), name="Pet form.docx"),
        nj.media("audio", nj.external("https://cdn.example.com/welcome.mp3"), "Welcome message"),
        nj.embed("https://www.loom.com/share/0123456789abcdef0123456789abcdef", "Loom walkthrough"),
        nj.embed("https://maps.example.com/place/harbor", "Our office on the map"),
        nj.bookmark("https://www.example.org/tenant-rights", "Tenant rights"),
        nj.link_preview("https://github.com/harborview/forms"),
        nj.link_to_page(other_article),
        nj.column_list([nj.paragraph("Left column")], [nj.paragraph("Right column")]),
        nj.synced_original([nj.paragraph("Office hours 9-5")], ORIGINAL),
        nj.synced_copy(ORIGINAL),
        nj.block("tab", {}, [nj.paragraph("Tab title", children=[nj.paragraph("Tab body")])]),
        nj.block("table_of_contents", {"color": "default"}),
        nj.block("breadcrumb"),
        nj.child_page("Parking rules", children=[nj.heading(1, "Guest parking"), nj.paragraph("Two hours.")]),
        nj.child_database("Fee schedule"),
        nj.unsupported("button"),
        nj.heading(2, "Links"),
        nj.bulleted(t("Resident portal", link="https://portal.example.com/")),
        nj.bulleted(t("City housing office", link="https://city.example.gov/housing")),
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, PullReport]:
    """The page pulled into a content folder and both sites built from it: (content, site, report)."""
    root = tmp_path_factory.mktemp("fidelity")
    with FakeNotion() as fake, pytest.MonkeyPatch.context() as env:
        env.setenv("NOTION_TOKEN", fake.token)
        env.setenv("NOTION_BASE_URL", fake.url)
        db = fake.add_database()
        fake.host_file("photo", "front door.png", nj.PNG, "image/png")
        fake.host_file("clip", "Unit tour.mp4", nj.MP4, "video/mp4")
        fake.host_file("checklist", "Move-out checklist.pdf", nj.PDF, "application/pdf")
        fake.host_file("form", "Pet form.docx", _docx(), "application/octet-stream")
        other = fake.add_page(db.data_source_id, nj.article_properties("Late fees", summary="After the 5th."),
                              [nj.paragraph("Fees.")])  # fmt: skip
        fake.add_page(db.data_source_id, nj.article_properties("Everything", summary="Every block."),
                      every_block(other))  # fmt: skip
        report = pull_into(root / "content", database=db.database_id, full=False, settings=settings_with())
    build_sites(root / "content", root / "site", CONFIG)
    return root / "content", root / "site", report


def _docx() -> bytes:
    """The smallest archive that is a Word document by content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def article_html(site: Path) -> str:
    page = (site / "residents" / "everything" / "index.html").read_text(encoding="utf-8")
    inner = page.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return re.sub(r">\n\s*<", "><", inner)


def text_of(html: str) -> str:
    """What a reader sees, roughly: the HTML without its tags."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_inline_annotations_keep_their_meaning(built):
    html = article_html(built[1])
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html and "<del>struck</del>" in html
    assert "<ins>underlined</ins>" in html and "<code>inline code</code>" in html
    assert "<strong>red words</strong>" in html and "<mark>highlighted</mark>" in html
    assert '<a href="https://portal.example.com/">a link</a>' in html
    assert "<code>E = mc^2</code>" in html
    assert '<a href="../late-fees/">Late fees</a>' in html


def test_mentions_publish_readable_dates_and_never_a_person(built):
    text = text_of(article_html(built[1]))
    assert "Jane" not in text and "our team" in text
    assert "March 1, 2026" in text and "March 1, 2026 – March 5, 2026" in text
    assert re.search(r"March 1, 2026, 9:30\W+AM Eastern (Standard )?Time", text)
    assert "2026-03-01" not in text


def test_headings_lists_toggles_quotes_and_callouts(built):
    html = article_html(built[1])
    for level, title in [(2, "Heading one"), (3, "Heading two"), (4, "Heading three"), (5, "Heading four")]:
        assert re.search(rf'<h{level} id="[^"]+">{title}<a class="headerlink"', html), title
    assert re.search(
        r'<details class="kbgen-toggle-heading"><summary><h3 id="hidden-details">Hidden details', html
    )
    assert "</h3></summary><p>Shown when opened.</p></details>" in html
    assert "<ul><li>Bullet one<ul><li>Nested bullet</li></ul></li><li>Bullet two</li></ul>" in html
    assert "<ol><li>Step one</li><li>Step two</li></ol>" in html
    assert "<p></p>" not in html and "&#8203;" not in html and "\u200b</p>" not in html
    assert "checked" in html.split("Done task")[0][-200:] and "Open task" in html
    assert '<details class="note"><summary>Can I pay late?</summary><p>Until the 5th.</p></details>' in html
    assert "<blockquote><p>A quoted line</p></blockquote>" in html
    assert '<div class="admonition danger"><p>🏠 Call us before drilling.</p></div>' in html
    assert '<div class="admonition note"><p>Plain note</p></div>' in html and "admonition-title" not in html


def test_code_equations_tables_and_dividers(built):
    html = article_html(built[1])
    assert '<span class="filename">pay.py</span>' in html and "hello" in text_of(html)
    assert "a^2 + b^2 = c^2" in text_of(html) and "arithmatex" not in html
    assert "<th><strong>Fee</strong></th>" in html and "<td>$50</td>" in html and "<hr>" in html


def test_files_images_and_videos(built):
    site = built[1]
    html = article_html(site)
    assets = {path.suffix: path.name for path in (site / "residents" / "assets").iterdir() if path.is_file()}
    assert assets[".pdf"].startswith("move-out-checklist-") and assets[".png"].startswith("front-door-")
    assert re.search(
        r'<figure><img alt="The front door" src="\.\./assets/front-door-\w+\.png">'
        r"<figcaption>The front door</figcaption></figure>",
        html,
    )
    assert '<img alt="Image" src="https://cdn.example.com/map.png">' in html
    assert re.search(r'<video controls preload="none" src="\.\./assets/unit-tour-\w+\.mp4"', html)
    assert re.search(r'<a href="\.\./assets/unit-tour-\w+\.mp4"[^>]*>Download the video</a>', html)
    assert re.search(r'<a href="\.\./assets/move-out-checklist-\w+\.pdf">Move-out checklist.pdf</a>', html)
    assert re.search(r'<a href="\.\./assets/pet-form-\w+\.docx">Pet form.docx</a>', html)
    assert '<a href="https://cdn.example.com/welcome.mp3">Welcome message</a>' in html
    assert 'src="https://www.loom.com/embed/0123456789abcdef0123456789abcdef"' in html


def test_several_videos_at_the_top_and_a_links_section_become_the_articles_videos_and_links(built):
    content, site, _ = built
    meta = yaml.safe_load((content / "residents" / "everything.md").read_text().split("---")[1])
    assert meta["videos"] == [
        {"url": YOUTUBE, "title": "Paying rent in the portal"},
        {"url": VIMEO, "title": "Setting up autopay"},
    ]
    assert meta["links"] == [
        {"title": "Resident portal", "url": "https://portal.example.com/"},
        {"title": "City housing office", "url": "https://city.example.gov/housing"},
    ]
    html = article_html(site)
    videos = html.split('<section class="kbgen-videos"', 1)[1].split("</section>", 1)[0]
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in videos and "player.vimeo.com/video/76979871" in videos
    links = html.split('<section class="kbgen-links"', 1)[1].split("</section>", 1)[0]
    assert '<a href="https://city.example.gov/housing" rel="noopener">City housing office</a>' in links
    assert 'id="links"' not in html.split('<section class="kbgen-links"', 1)[0]


def test_bookmarks_and_previews_are_cards_with_title_and_host(built):
    html = article_html(built[1])
    assert (
        '<div class="grid cards kbgen-bookmark"><ul><li><p><a href="https://www.example.org/tenant-rights">'
        "Tenant rights</a></p><hr><p>example.org</p></li></ul></div>" in html
    )
    assert '<a href="https://github.com/harborview/forms">github.com/harborview/forms</a>' in html
    assert '<a href="https://maps.example.com/place/harbor">Our office on the map</a>' in html


def test_containers_synced_blocks_child_pages_and_page_links(built):
    content, site, _ = built
    html = article_html(site)
    text = text_of(html)
    assert "Left column" in text and "Right column" in text and "Tab body" in text
    assert text.count("Office hours 9-5") == 2
    assert '<a href="../late-fees/">Late fees</a>' in html
    child = r'<h2 id="parking-rules">Parking rules<a[^>]*>¶</a></h2><h3 id="guest-parking">Guest parking'
    assert re.search(child, html)
    assert "Two hours." in text and "Fee schedule" in text
    index = json.loads((site / "residents" / "search" / "search_index.json").read_text())
    assert any(
        doc["location"].startswith("everything/") and "Two hours" in doc["text"] for doc in index["docs"]
    )
    assert not (content / "residents" / "parking-rules.md").exists()


def test_warnings_are_only_for_what_is_deliberately_left_out_each_naming_the_page(built):
    report = built[2]
    assert report.lost_files == [] and all(w.page_title == "Everything" for w in report.warnings)
    kinds = sorted({_warning_kind(w.message) for w in report.warnings})
    assert kinds == ["child database", "equation", "person", "unsupported"], [
        w.message for w in report.warnings
    ]


def _warning_kind(message: str) -> str:
    for needle, kind in [("equation", "equation"), ("mention of", "person"), ("database", "child database"),
                         ("does not give the content", "unsupported")]:  # fmt: skip
        if needle in message:
            return kind
    return message


def test_text_typed_like_markup_stays_text_and_check_finds_nothing_to_fix(built):
    content, site, _ = built
    assert "Type [brackets](x) and &lt;b&gt;tags&lt;/b&gt; as text." in article_html(site)
    result = CliRunner().invoke(check_command, ["--config", str(CONFIG), "--content", str(content)])
    assert result.exit_code == 0 and "everything.md" not in result.output, result.output


@pytest.mark.browser
def test_in_the_browser_toggle_headings_open_and_stay_in_the_toc_and_uploaded_videos_play(built, page):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve_directory(built[1]) as url:
        page.goto(f"{url}residents/everything/")
        hidden = page.get_by_text("Shown when opened.")
        assert not hidden.is_visible()
        page.locator("details.kbgen-toggle-heading > summary").click()
        assert hidden.is_visible()
        toc = page.locator("nav.md-nav--secondary").first
        assert "Hidden details" in toc.inner_text() and "Parking rules" in toc.inner_text()
        video = page.locator(".kbgen-video--file video")
        assert video.get_attribute("controls") is not None
        can_play = "document.querySelector('.kbgen-video--file video').canPlayType('video/mp4')"
        assert page.evaluate(can_play) != ""
        assert page.locator(".kbgen-bookmark a", has_text="Tenant rights").is_visible()
    assert errors == []
