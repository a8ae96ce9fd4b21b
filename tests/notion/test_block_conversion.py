"""Block trees -> Markdown, checked through the HTML the sites render from it."""

from __future__ import annotations

import re

from kbgen.notion.blocks import render_page_body
from kbgen.notion.richtext import LinkResolver, readable_date
from tests.notion import notion_json as nj
from tests.notion.markdown_render import site_html

PUBLISHED = {"p-published": ("pay-rent.md", "Pay rent online")}


def tree(blocks: list[dict], prefix: str = "b") -> list[dict]:
    """Builder blocks as the block reader returns them: ids and nested children."""
    result = []
    for number, spec in enumerate(blocks):
        node = dict(spec)
        node.setdefault("id", f"{prefix}{number}")
        node["children"] = tree(spec.get("children") or [], f"{node['id']}.")
        result.append(node)
    return result


def convert(*blocks: dict, assets: dict[str, str] | None = None) -> tuple[str, str, list[str]]:
    links = LinkResolver(
        article_link=lambda pid: PUBLISHED[pid][0] if pid in PUBLISHED else None,
        article_title=lambda pid: PUBLISHED[pid][1] if pid in PUBLISHED else None,
        warn=lambda message: None,
    )
    body = render_page_body(tree(list(blocks)), links, assets or {})
    return body.markdown, site_html(body.markdown), body.warnings


def test_html_typed_in_notion_stays_text():
    _, html, _ = convert(
        nj.paragraph("<script>alert(1)</script> & <img src=x onerror=alert(1)>"),
        nj.heading(2, "<b>bold?</b>"),
        nj.toggle('<i>"quoted"</i>', children=[nj.paragraph("x")]),
        nj.table([["<u>h</u>", "b"], ["c", "d"]]),
        nj.equation("x<script>y"),
    )
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img" in html


def test_markdown_and_extension_syntax_typed_in_notion_stays_text():
    typed = "**not bold** [x](https://e.com) {: onclick=evil } $1 and $2 ^^u^^ ~~s~~ ==m== `c` *[HTML]: x"
    _, html, _ = convert(
        nj.paragraph(typed), nj.paragraph("- not a list\n1. nor this\n!!! note\n# nor a heading")
    )
    assert "<strong>" not in html and "<a " not in html and "onclick=" not in html.replace("onclick=evil", "")
    assert (
        'onclick="' not in html and "arithmatex" not in html and "<ins>" not in html and "<del>" not in html
    )
    assert "<mark>" not in html and "<code>" not in html and "<ul>" not in html and "<ol>" not in html
    assert "<h" not in html and "admonition" not in html
    assert "$1 and $2" in html and "- not a list" in html


def test_annotations_become_nested_markdown_emphasis():
    _, html, _ = convert(
        nj.paragraph(
            nj.text("bold ", bold=True), nj.text("both", bold=True, italic=True), " plain ",
            nj.text("gone", strikethrough=True), " ", nj.text("under", underline=True), " ",
            nj.text("red", color="red"), " ", nj.text("a`b", code=True), " ", nj.equation_run("e^{i\\pi}"),
            " due ", nj.mention_date("2026-03-01"),
        )
    )  # fmt: skip
    assert "<strong>bold <em>both</em></strong> plain" in html
    assert "<del>gone</del>" in html and "<ins>under</ins>" in html and "red" in html
    assert "due March 1, 2026" in html and "<code>a`b</code>" in html and "<code>e^{i\\pi}</code>" in html
    assert "<strong>red</strong>" in html and "arithmatex" not in html


def test_only_http_mailto_and_tel_links_are_kept():
    _, html, _ = convert(
        nj.paragraph(
            nj.text("web", link="https://e.com/a(b)"), " ", nj.text("mail", link="mailto:help@e.com"), " ",
            nj.text("call", link="tel:+15550104000"), " ", nj.text("evil", link="javascript:alert(1)"), " ",
            nj.text("data", link="data:text/html,x"),
        )
    )  # fmt: skip
    assert '<a href="https://e.com/a%28b%29">web</a>' in html
    assert '<a href="mailto:help@e.com">mail</a>' in html and '<a href="tel:+15550104000">call</a>' in html
    assert "javascript" not in html and "data:" not in html and "evil" in html


def test_page_mentions_and_link_to_page_point_to_published_articles_only():
    markdown, _, warnings = convert(
        nj.paragraph(
            "See ", nj.mention_page("p-published", "Pay rent"), " or ", nj.mention_page("p-draft", "Draft")
        ),
        nj.link_to_page("p-published"),
        nj.link_to_page("p-draft"),
        nj.paragraph(nj.text("notion link", link="https://www.notion.so/Draft-" + "ab" * 16)),
    )
    assert "See [Pay rent](pay-rent.md) or Draft" in markdown
    assert "[Pay rent online](pay-rent.md)" in markdown
    assert "notion.so" not in markdown
    assert len([w for w in warnings if "not published" in w]) == 3


def test_lists_nest_with_four_spaces_and_keep_their_kind():
    _, html, _ = convert(
        nj.bulleted(
            "one", children=[nj.bulleted("one.a"), nj.bulleted("one.b", children=[nj.numbered("deep")])]
        ),
        nj.bulleted("two"),
        nj.numbered("first"),
        nj.numbered("second", children=[nj.paragraph("more about second")]),
        nj.to_do("done", checked=True),
        nj.to_do("open"),
    )
    compact = html.replace("\n", "")
    assert (
        "<ul><li>one<ul><li>one.a</li><li>one.b<ol><li>deep</li></ol></li></ul></li><li>two</li></ul>"
        in compact
    )
    assert "<ol><li><p>first</p></li><li><p>second</p><p>more about second</p></li></ol>" in compact
    assert 'disabled checked/><span class="task-list-indicator"></span></label> done' in compact
    assert 'disabled/><span class="task-list-indicator"></span></label> open' in compact


def test_toggles_collapse_and_callouts_become_untitled_admonitions_by_icon_and_colour():
    _, html, _ = convert(
        nj.toggle("Can I pay late?", children=[nj.paragraph("Until the 5th."), nj.bulleted("then a fee")]),
        nj.callout("Never share your password.", emoji="⚠️", children=[nj.bulleted("not even with us")]),
        nj.callout("Tip text", emoji=None, color="green_background"),
        nj.heading(2, "Toggle heading", toggleable=True, children=[nj.paragraph("its body")]),
        nj.quote("Said\nonce", children=[nj.paragraph("more")]),
    )
    compact = html.replace("\n", "")
    assert (
        '<details class="note"><summary>Can I pay late?</summary><p>Until the 5th.</p><ul><li>then a fee'
        in compact
    )
    assert '<div class="admonition warning"><p>⚠️ Never share' in compact and "admonition-title" not in compact
    assert "<li>not even with us</li>" in compact and '<div class="admonition success"><p>Tip text' in compact
    assert '<details class="kbgen-toggle-heading"><summary><h3 id="toggle-heading">Toggle heading' in compact
    assert "</h3></summary><p>its body</p></details>" in compact
    assert "<blockquote><p>Said<br />once</p><p>more</p></blockquote>" in compact


def test_code_tables_dividers_and_equations():
    _, html, _ = convert(
        nj.code("if a < b:\n    print('```')", "Plain Text"),
        nj.table([["Fee", "Amount"], ["Late | after 5th", "$50"]], row_header=True),
        nj.table([["x", "y"]], column_header=False),
        nj.divider(),
        nj.equation("\\frac{a}{b}"),
    )
    assert "<pre>" in html and "&lt;" in html and "print(&#39;```&#39;)" in html.replace("'", "&#39;")
    assert "<th><strong>Fee</strong></th>" in html and "<td><strong>Late | after 5th</strong></td>" in html
    assert "<td>$50</td>" in html and "<th></th>" in html and "<hr />" in html
    assert "\\frac{a}{b}" in re.sub(r"<[^>]+>", "", html) and "arithmatex" not in html


def test_media_become_images_video_embeds_and_links():
    markdown, _, warnings = convert(
        nj.media("image", nj.external("https://cdn.example.com/a.png"), "Front door"),
        nj.media("image", nj.hosted("k"), "Hosted photo"),
        nj.media("video", nj.external("https://www.youtube.com/watch?v=dQw4w9WgXcQ"), "How to pay"),
        nj.media("video", nj.hosted("v")),
        nj.media("pdf", nj.hosted("p"), "Lease"),
        nj.media("file", nj.external("https://example.com/form.docx"), name="form.docx"),
        nj.embed("https://vimeo.com/76979871"),
        nj.embed("https://maps.example.com/x", "Map"),
        nj.bookmark("https://portal.example.com", "Resident portal"),
        nj.link_preview("https://github.com/x/y"),
        nj.media("image", nj.hosted("missing")),
        assets={"b1": "b1-abc.png", "b3": "b3-def.mp4", "b4": "b4-123.pdf"},
    )
    assert "![Front door](https://cdn.example.com/a.png)\n<figcaption>Front door</figcaption>" in markdown
    assert "![Hosted photo](assets/b1-abc.png)" in markdown
    assert "![How to pay](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in markdown
    assert "![Video](assets/b3-def.mp4)" in markdown and "[Lease](assets/b4-123.pdf)" in markdown
    assert "[form.docx](https://example.com/form.docx)" in markdown
    assert (
        "![Video](https://vimeo.com/76979871)" in markdown and "[Map](https://maps.example.com/x)" in markdown
    )
    assert "- [Resident portal](https://portal.example.com)\n\n    ---\n\n    portal.example.com" in markdown
    assert "- [github.com/x/y](https://github.com/x/y)" in markdown
    assert markdown.rstrip().endswith("</div>") and warnings == []  # the downloader reported the missing file


def test_containers_are_read_in_order_and_navigation_blocks_dropped():
    markdown, _, _ = convert(
        nj.column_list([nj.paragraph("left")], [nj.paragraph("right")]),
        nj.synced_original([nj.paragraph("shared text")], "s0"),
        nj.block("tab", {}, [nj.paragraph("Overview", children=[nj.paragraph("tab body")])]),
        nj.block("table_of_contents", {"color": "default"}),
        nj.block("breadcrumb"),
    )
    assert markdown == "left\n\nright\n\nshared text\n\nOverview\n\ntab body\n"


def test_unknown_and_unsupported_blocks_warn_with_the_block_id_and_keep_going():
    markdown, _, warnings = convert(
        nj.paragraph("before"),
        nj.unsupported("button"),
        nj.block("hologram_2030", {"shiny": True}, [nj.paragraph("inner text")]),
        nj.block("paragraph", {"rich_text": "not a list"}),
        nj.child_database("Fees table"),
        nj.paragraph("after"),
    )
    assert markdown.startswith("before") and markdown.endswith("after\n") and "inner text" in markdown
    assert any(w.startswith("block b1 (unsupported)") and "button" in w for w in warnings)
    assert any(w.startswith("block b2 (hologram_2030)") for w in warnings)
    assert any(w.startswith("block b3 (paragraph)") and "could not be converted" in w for w in warnings)
    assert any("Fees table" in w for w in warnings)


def test_dates_are_readable_in_the_sites_language_with_time_only_when_given():
    assert readable_date({"start": "2022-01-01"}, "fr") == "1 janvier 2022"
    assert readable_date({"start": "2022-01-01T00:00:00.000+00:00"}, "en") == "January 1, 2022"
    assert (
        readable_date({"start": "2022-01-01", "end": "2022-01-03"}, "de") == "1. Januar 2022 – 3. Januar 2022"
    )
    with_time = readable_date({"start": "2022-01-01T14:05:00.000+02:00"}, "en")
    assert with_time.replace("\u202f", " ") == "January 1, 2022, 2:05 PM UTC+02:00"
    assert readable_date({"start": "not a date"}, "en") == ""


def test_a_links_section_of_web_links_becomes_the_articles_links_and_leaves_the_body():
    notion_page = "https://www.notion.so/Fees-" + "ab" * 16
    kept = render_page_body(tree([
        nj.heading(1, "Links"), nj.bulleted(nj.text("Fees", link=notion_page)), nj.paragraph("after"),
    ]), LinkResolver(lambda pid: None, lambda pid: None, lambda m: None), {})  # fmt: skip
    taken = render_page_body(tree([
        nj.paragraph("Body."), nj.heading(2, "Useful links"),
        nj.bulleted(nj.text("Portal", link="https://portal.example/")), nj.bookmark("https://city.example/x"),
    ]), LinkResolver(lambda pid: None, lambda pid: None, lambda m: None), {})  # fmt: skip
    assert kept.links == [] and "## Links" in kept.markdown
    assert taken.markdown == "Body.\n"
    assert taken.links == [{"title": "Portal", "url": "https://portal.example/"},
                           {"title": "city.example/x", "url": "https://city.example/x"}]  # fmt: skip
