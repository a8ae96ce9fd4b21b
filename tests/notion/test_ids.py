import pytest

from kbgen.notion.ids import notion_url_id, parse_notion_id

ID = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"
HEX = ID.replace("-", "")


@pytest.mark.parametrize(
    "pasted",
    [
        HEX,
        ID,
        ID.upper(),
        f"https://www.notion.so/acme/Help-articles-{HEX}?v=0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
        f"https://notion.so/{HEX}",
        f"https://app.notion.com/p/Help-articles-{HEX}",
        f"https://harborview.notion.site/Help-articles-{HEX}#block-abc",
        f"https://www.notion.so/{ID}",
    ],
)
def test_every_form_an_editor_pastes_gives_the_dashed_id(pasted):
    assert parse_notion_id(pasted) == ID


@pytest.mark.parametrize("pasted", ["", "help articles", "https://example.com/" + HEX, "1234"])
def test_something_that_is_no_notion_id_is_refused_with_a_hint(pasted):
    with pytest.raises(ValueError, match="Copy link"):
        parse_notion_id(pasted)


def test_links_inside_notion_text_are_recognised_as_pages():
    assert notion_url_id("/" + HEX) == ID
    assert notion_url_id(f"https://www.notion.so/Pay-rent-{HEX}") == ID
    assert notion_url_id("https://example.com/page") is None
