"""`kbgen links`: the catalog in every format, escaped, for staff only; and the HTML page a CSR keeps
open, filtered and copied from in a real browser."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import expect

from kbgen.catalog import FIELDS
from kbgen.commands.links import command as links_command
from tests.conftest import CONFIG, CONTENT, block_outside_loopback, serve_directory
from tests.site.articles import write_article

HOSTILE_TITLE = '<img src=x onerror="alert(1)"> Deposit & fees'


def links(*args: str, content: Path = CONTENT) -> str:
    result = CliRunner().invoke(links_command, ["--content", str(content), "--config", str(CONFIG), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def hostile_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_article(content, "residents", "deposit", title=HOSTILE_TITLE, summary='=HYPERLINK("http://x")')
    write_article(content, "owners", "payouts", title="Payouts | *when*", summary="On the [10th].")
    return content


def test_csv_lists_every_built_article_with_links_short_links_and_reply(sample_site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(links("--site", str(sample_site)))))
    built = {p.parent.name for a in ("owners", "residents") for p in (sample_site / a).glob("*/index.html")}
    assert tuple(rows[0]) == FIELDS
    assert {row["audience"] for row in rows} == {"owners", "residents"}
    rent = next(row for row in rows if row["url"].endswith("/residents/pay-rent-online/"))
    assert rent["url"] == "https://help.harborviewpm.example/residents/pay-rent-online/"
    assert rent["short_url"].startswith("https://help.harborviewpm.example/residents/a/")
    assert rent["reply"] == f"{rent['title']}\n{rent['summary']}\n{rent['url']}"
    assert rent["updated"] == "2026-01-14"
    assert all(row["url"].rstrip("/").rsplit("/", 1)[-1] in built for row in rows)


def test_short_links_in_the_catalog_open_their_article_in_the_built_site(sample_site: Path) -> None:
    for entry in json.loads(links("--format", "json", "--site", str(sample_site))):
        local = sample_site / entry["short_url"].removeprefix("https://help.harborviewpm.example/")
        assert f"../../{entry['url'].rstrip('/').rsplit('/', 1)[-1]}/" in (local / "index.html").read_text()


def test_audience_option_lists_one_audience() -> None:
    entries = json.loads(links("--format", "json", "--audience", "owners"))
    assert entries and {entry["audience"] for entry in entries} == {"owners"}


def test_csv_keeps_editor_text_from_running_as_a_spreadsheet_formula(hostile_content: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(links(content=hostile_content))))
    deposit = next(row for row in rows if row["audience"] == "residents")
    assert deposit["summary"] == '\'=HYPERLINK("http://x")'


def test_markdown_escapes_editor_text(hostile_content: Path) -> None:
    text = links("--format", "md", content=hostile_content)
    assert r"- [Payouts \| \*when\*](<https://help.harborviewpm.example/owners/payouts/>)" in text
    assert r"On the \[10th\]." in text
    assert r"[\<img src=x onerror=" in text and "<img" not in text.replace(r"\<img", "")


def test_html_escapes_editor_text(hostile_content: Path) -> None:
    html = links("--format", "html", content=hostile_content)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Deposit &amp; fees" in html


@pytest.mark.parametrize("given_site", [True, False], ids=["--site", "a built site"])
def test_the_catalog_is_never_written_inside_a_site(
    sample_site: Path, tmp_path: Path, given_site: bool
) -> None:
    site = tmp_path / "site" if given_site else sample_site
    target = site / "residents" / "links.html"
    args = ["--site", str(site)] if given_site else []
    result = CliRunner().invoke(
        links_command, ["--config", str(CONFIG), *args, "--format", "html", "-o", target]
    )
    assert result.exit_code != 0 and "staff only" in result.output
    assert not target.exists()


@pytest.mark.browser
def test_a_csr_filters_for_deposit_and_copies_a_reply_with_a_working_link(
    browser, sample_site: Path, sample_site_url: str, tmp_path: Path
) -> None:
    links("--format", "html", "--site", str(sample_site), "-o", str(tmp_path / "links.html"))
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.route("**/*", block_outside_loopback)
    page = context.new_page()
    with serve_directory(tmp_path) as url:
        page.goto(f"{url}links.html")
        page.keyboard.type("deposit")  # the filter box has the focus from the start
        visible = page.locator(".entry:visible")
        expect(page.locator("#kbgen-count")).to_contain_text("match")
        titles = visible.locator("h3").all_inner_texts()
        assert titles and all("deposit" in entry.lower() for entry in visible.all_inner_texts())
        assert page.locator("[data-audience=owners] .entry:visible").count() > 0
        assert page.locator("[data-audience=residents] .entry:visible").count() > 0
        resident = page.locator("[data-audience=residents] .entry:visible").first
        resident.get_by_role("button", name="Copy reply").click()
        expect(resident.locator(".kbgen-copy--done")).to_have_text("Copied")
        reply = page.evaluate("navigator.clipboard.readText()")
    title, *_, link = reply.splitlines()
    assert link.startswith("https://help.harborviewpm.example/residents/")
    page.goto(link.replace("https://help.harborviewpm.example/", sample_site_url))
    assert page.locator("h1").first.inner_text() == title
    context.close()


PLACEHOLDER_SUMMARY = "Ask {{ticket.requester.email}} or {%customer.fname%} for it."


@pytest.fixture
def placeholder_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_article(content, "residents", "keys", title="=Lost keys", summary=PLACEHOLDER_SUMMARY)
    return content


def test_zendesk_macros_carry_the_plain_reply_with_the_link_on_its_own_line() -> None:
    macros = json.loads(links("--format", "zendesk"))["macros"]
    rent = next(m for m in macros if m["title"] == "Residents::Rent and payments::How do I pay rent online?")
    (action,) = rent["actions"]
    assert action["field"] == "comment_value" and rent["active"] is True
    title, summary, link = action["value"].split("\n")
    assert title == "How do I pay rent online?" and summary
    assert link == "https://help.harborviewpm.example/residents/pay-rent-online/"
    assert len(macros) == len(json.loads(links("--format", "json")))


def test_help_scout_rows_hold_an_escaped_email_reply_and_a_plain_chat_reply(hostile_content: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(links("--format", "helpscout", content=hostile_content))))
    deposit = next(row for row in rows if row["name"].startswith("Residents"))
    assert deposit["text"].startswith('&lt;img src=x onerror="alert(1)"&gt; Deposit &amp; fees<br>')
    assert deposit["text"].endswith("<br>https://help.harborviewpm.example/residents/deposit/")
    assert deposit["chatText"].splitlines()[-1] == "https://help.harborviewpm.example/residents/deposit/"
    assert deposit["chatText"].splitlines()[1] == '=HYPERLINK("http://x")'


def test_espanso_file_expands_a_short_trigger_into_the_reply() -> None:
    matches = yaml.safe_load(links("--format", "espanso"))["matches"]
    entries = json.loads(links("--format", "json"))
    rent = next(e for e in entries if e["url"].endswith("/residents/pay-rent-online/"))
    match = next(m for m in matches if m["replace"] == rent["reply"])
    assert match["trigger"] == ";r" + rent["short_url"].rstrip("/").rsplit("/", 1)[-1]
    assert match["label"] == "Residents · Rent and payments · How do I pay rent online?"
    assert len({m["trigger"] for m in matches}) == len(matches) == len(entries)


def test_textexpander_rows_are_abbreviation_snippet_label_without_header() -> None:
    rows = list(csv.reader(io.StringIO(links("--format", "textexpander"))))
    assert all(len(row) == 3 and row[0].startswith(";") for row in rows)
    assert rows[0][1].splitlines()[-1].startswith("https://help.harborviewpm.example/")


@pytest.mark.parametrize("reply_format", ["zendesk", "helpscout", "espanso", "textexpander"])
def test_reply_formats_never_let_the_tool_fill_in_an_editors_placeholder(
    placeholder_content: Path, reply_format: str
) -> None:
    text = links("--format", reply_format, content=placeholder_content)
    assert "{{" not in text and "{%" not in text
    assert "{ {ticket.requester.email}}" in text and "{ %customer.fname%}" in text


@pytest.mark.parametrize("reply_format", ["helpscout", "textexpander"])
def test_reply_csv_keeps_editor_text_from_running_as_a_spreadsheet_formula(
    placeholder_content: Path, reply_format: str
) -> None:
    text = links("--format", reply_format, content=placeholder_content)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any(cell.startswith("'=Lost keys") for cell in cells)
