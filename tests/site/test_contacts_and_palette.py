"""Contacts per audience, tap-to-call links, the emergency line on emergency articles, sharing tags,
the 404 page, and the palette check: all read from real builds of the sample."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.commands.check import command as check_command
from kbgen.settings import SettingsError, load_settings
from kbgen.site.linkify import link_contacts
from kbgen.site.palette import DEFAULT_COLORS, contrast, load_colors, palette_problems
from tests.conftest import CONFIG, CONTENT

# ---- tel: and mailto: links -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("Call (555) 010-4400 now.", "tel:5550104400"),
        ("Call 555-010-4400.", "tel:5550104400"),
        ("Call 555.010.4400.", "tel:5550104400"),
        ("Call 1-800-555-0199 today", "tel:18005550199"),
        ("Call +1 555 010 4400", "tel:+15550104400"),
        ("then call 911 from outside", "tel:911"),
        ("write to help@harborviewpm.example.", "mailto:help@harborviewpm.example"),
    ],
)
def test_phone_numbers_and_addresses_in_text_become_links(text: str, href: str) -> None:
    assert f'<a href="{href}">' in link_contacts(f"<p>{text}</p>")


@pytest.mark.parametrize(
    "html",
    [
        "<p><code>(555) 010-4400</code></p>",
        "<pre><code>call 911\nhelp@example.com</code></pre>",
        '<p><a href="https://portal.example/">(555) 010-4400 or help@example.com</a></p>',
        "<p>Invoice 2026-0104-4400 and unit 911 and order 12345678901</p>",
        "<p>A 2024 lease, 3 bedrooms, 1,200 sq ft.</p>",
    ],
)
def test_code_existing_links_and_other_numbers_stay_as_they_are(html: str) -> None:
    assert link_contacts(html) == html


def test_the_gas_article_has_every_number_as_a_tap_target(sample_site: Path) -> None:
    html = (sample_site / "residents" / "smell-gas" / "index.html").read_text(encoding="utf-8")
    article = html[html.index('id="kbgen-title"') : html.index('class="kbgen-filed-under"')]
    untapped = re.sub(r"<a [^>]*>.*?</a>", "", article, flags=re.S)
    assert not re.search(r"\(\d{3}\) \d{3}-\d{4}", re.sub(r"<[^>]+>", "", untapped))
    assert article.count('href="tel:5550104400"') >= 4


def test_emergency_articles_put_the_emergency_line_right_under_the_answer(sample_site: Path) -> None:
    gas = (sample_site / "residents" / "smell-gas" / "index.html").read_text(encoding="utf-8")
    summary_end = gas.index("</p>", gas.index('class="kbgen-summary"'))
    call = gas.index('class="kbgen-emergency-call"')
    assert summary_end < call < gas.index("Natural gas has an added smell")
    assert 'class="kbgen-emergency-call__line" href="tel:5550104400"' in gas
    rent = (sample_site / "residents" / "pay-rent-online" / "index.html").read_text(encoding="utf-8")
    assert "kbgen-emergency-call" not in rent
    for page in (sample_site / "owners").rglob("index.html"):
        assert "kbgen-emergency-call" not in page.read_text(encoding="utf-8")


# ---- contacts per audience --------------------------------------------------------------------


def test_an_audience_contact_replaces_single_keys_of_the_shared_default(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "extra:\n  kbgen:\n    contact: {phone: '111', email: a@example.com, emergency_phone: '999'}\n"
        "    audiences:\n      owners:\n        contact: {phone: '222', portal_url: https://owners.example/}\n",
        encoding="utf-8",
    )
    settings = load_settings(config)
    owners, residents = settings.audiences["owners"].contact, settings.audiences["residents"].contact
    assert (owners.phone, owners.email, owners.portal_url) == (
        "222",
        "a@example.com",
        "https://owners.example/",
    )
    assert (residents.phone, residents.portal_url, residents.emergency_phone) == ("111", "", "999")


def test_owners_are_sent_to_the_owner_portal_and_residents_to_theirs(sample_site: Path) -> None:
    owners = (sample_site / "owners" / "index.html").read_text(encoding="utf-8")
    residents = (sample_site / "residents" / "index.html").read_text(encoding="utf-8")
    assert "https://owners.harborviewpm.example/" in owners
    assert "https://portal.harborviewpm.example/" not in owners
    assert "https://portal.harborviewpm.example/" in residents
    assert "(555) 010-4100" in owners and "(555) 010-4100" not in residents
    # The feedback box and the search's next steps read the page's kbgen-config.
    config = json.loads(
        re.search(r'<script id="kbgen-config" type="application/json">(.*?)</script>', owners)[1]
    )
    assert config["contact"]["portal_url"] == "https://owners.harborviewpm.example/"
    assert config["contact"]["hours"] == "Monday to Friday, 8:30 am to 5:30 pm"  # from the shared default


# ---- sharing and search engines --------------------------------------------------------------


def meta(html: str, key: str) -> str:
    match = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', html)
    assert match, key
    return match[1]


def test_each_article_describes_itself_with_its_summary_for_search_engines_and_sharing(
    sample_site: Path,
) -> None:
    html = (sample_site / "residents" / "pay-rent-online" / "index.html").read_text(encoding="utf-8")
    summary = re.search(r'<p class="kbgen-summary">(.*?)</p>', html)[1]
    for key in ("description", "og:description", "twitter:description"):
        assert meta(html, key) == summary
    assert meta(html, "og:title") == meta(html, "twitter:title") == "How do I pay rent online?"
    assert meta(html, "og:url") == "https://help.harborviewpm.example/residents/pay-rent-online/"
    assert meta(html, "og:site_name") == "Harborview Resident Help"
    assert (
        '<link rel="canonical" href="https://help.harborviewpm.example/residents/pay-rent-online/">' in html
    )
    other = (sample_site / "residents" / "smell-gas" / "index.html").read_text(encoding="utf-8")
    assert meta(other, "description") != meta(html, "description")


def test_the_landing_page_has_a_favicon_that_exists_and_sharing_tags(sample_site: Path) -> None:
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    icon = re.search(r'<link rel="icon" href="([^"]+)">', html)[1]
    assert (sample_site / icon).is_file()
    assert meta(html, "og:url") == "https://help.harborviewpm.example/"
    assert meta(html, "description")


# ---- the 404 page -------------------------------------------------------------------------------


def test_the_404_page_offers_search_popular_articles_contacts_and_for_residents_the_emergency_line(
    sample_site: Path,
) -> None:
    for audience in ("residents", "owners"):
        html = (sample_site / audience / "404.html").read_text(encoding="utf-8")
        assert f'action="/{audience}/" method="get"' in html
        popular = re.findall(r'<li><a href="/' + audience + r'/([^"]+)">', html)
        assert len(popular) >= 4
        assert all((sample_site / audience / path / "index.html").is_file() for path in popular)
        assert 'class="kbgen-contact"' in html
        assert ("tel:5550104400" in html) == (audience == "residents")
    assert "404 - Not found" not in html


# ---- the palette check -----------------------------------------------------------------------


def test_the_default_palette_passes_aa_in_light_and_dark() -> None:
    for scheme, colors in DEFAULT_COLORS.items():
        background = "#ffffff" if scheme == "light" else "#1e2029"
        assert contrast(colors.header_text, colors.header) >= 4.5
        assert contrast(colors.link, background) >= 4.5
        assert contrast(colors.accent, background) >= 4.5


def test_contrast_is_the_wcag_ratio() -> None:
    assert round(contrast("#ffffff", "#000000"), 2) == 21.0
    assert round(contrast("#ffffff", "#009485"), 2) == 3.77  # Material's teal: the 3.76:1


def test_check_warns_when_the_configured_palette_fails_aa(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    teal = CONFIG.read_text(encoding="utf-8").replace("primary: custom", "primary: teal")
    config.write_text(teal, encoding="utf-8")
    result = CliRunner().invoke(check_command, ["--config", str(config), "--content", str(CONTENT)])
    assert "palette (default): header text #ffffff on the header #009485 is 3.77:1" in result.output
    assert "palette (slate)" in result.output
    assert result.exit_code == 0  # a warning: the sites still build


def test_the_sample_palette_raises_no_warning() -> None:
    settings = load_settings(CONFIG)
    assert palette_problems(settings.theme, settings.colors, settings.config_file) == []


def test_own_colours_are_checked_and_must_be_hex() -> None:
    pale = load_colors({"light": {"link": "#80cbc4"}})
    theme = {"palette": [{"scheme": "default", "primary": "custom", "accent": "custom"}]}
    [problem] = palette_problems(theme, pale, Path("mkdocs.yml"))
    assert "links #80cbc4 on the light page" in problem.message
    single = {"palette": {"scheme": "default", "primary": "yellow"}}  # one palette, not a list
    messages = [p.message for p in palette_problems(single, pale, Path("mkdocs.yml"))]
    assert not [m for m in messages if "header text" in m]  # Material's dark text on yellow passes
    assert [m for m in messages if m.startswith("palette (default): links #ffec3d")]  # yellow links do not
    with pytest.raises(ValueError, match="#rrggbb"):
        load_colors({"dark": {"link": "red; } body { display: none"}})


def test_a_bad_colour_stops_the_settings_with_a_message_naming_the_key(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("extra:\n  kbgen:\n    colors: {light: {accent: 'url(x)'}}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"extra\.kbgen\.colors\.light\.accent"):
        load_settings(config)
