"""Every setting is a typed field read once; a wrong value stops with the key and the file named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.settings import DEFAULT_MAX_REMOVED_SHARE, SettingsError, load_settings
from tests.conftest import CONFIG


def test_each_audience_has_its_own_category_order_and_emergency_categories() -> None:
    settings = load_settings(CONFIG)
    assert settings.audiences["residents"].categories[:2] == ("Rent and payments", "Maintenance and repairs")
    assert settings.audiences["owners"].categories[0] == "Statements and payouts"
    assert settings.audiences["residents"].emergency_categories == ("Emergencies",)
    assert settings.max_removed_share == DEFAULT_MAX_REMOVED_SHARE
    assert not hasattr(settings, "raw")


@pytest.mark.parametrize(
    ("block", "key"),
    [
        ("audiences: {owners: {categories: Fees}}", r"extra\.kbgen\.audiences\.owners\.categories"),
        ("audiences: {residents: {emergency_categories: {a: b}}}", r"residents\.emergency_categories"),
        ("audiences: [owners]", r"extra\.kbgen\.audiences must be a mapping"),
        ("contact: 555-0100", r"extra\.kbgen\.contact must be a mapping"),
        ("max_removed_share: 3", r"extra\.kbgen\.max_removed_share must be a number from 0 to 1"),
        ("notion: yes", r"extra\.kbgen\.notion must be a mapping"),
        ("notion: {requests_per_second: fast}", r"notion\.requests_per_second must be a positive number"),
        ("notion: {max_retries: -1}", r"notion\.max_retries must be a number, 0 or more"),
        ("notion: {workers: 0}", r"notion\.workers must be a positive number"),
        ("notion: {file_hosts: files.example.com}", r"notion\.file_hosts must be a list of hosts"),
        ("notion: {statuses: [Live]}", r"extra\.kbgen\.notion\.statuses must be a mapping"),
        (
            "notion: {properties: {audiance: Site}}",
            r"notion\.properties\.audiance is not a property kbgen reads",
        ),
        ("notion: {statuses: {live: Live}}", r"notion\.statuses\.live is not a status kbgen acts on"),
        (
            "notion: {requests_properties: {searches: [a]}}",
            r"notion\.requests_properties\.searches must be a name",
        ),
    ],
)
def test_a_wrong_value_names_its_key_and_the_file(tmp_path: Path, block: str, key: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"extra:\n  kbgen:\n    {block}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=key) as error:
        load_settings(config)
    assert str(config) in str(error.value)


def test_the_notion_block_is_read_into_typed_fields_with_its_renames_applied(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "extra:\n  kbgen:\n    notion:\n"
        "      database: https://www.notion.so/Help-0123456789abcdef0123456789abcdef\n"
        "      requests_database: ' 89abcdef0123456789abcdef01234567 '\n"
        "      requests_per_second: 2\n      max_retries: 0\n"
        "      file_hosts: [Files.Example.com]\n      people_as: the front desk\n"
        "      published_status: Live\n      statuses: {draft: Writing}\n"
        "      properties: {audience: Site}\n      requests_properties: {searches: Times searched}\n"
        "      requests_answered_status: Covered\n",
        encoding="utf-8",
    )
    notion = load_settings(config).notion
    assert notion.database == "https://www.notion.so/Help-0123456789abcdef0123456789abcdef"
    assert notion.requests_database == "89abcdef0123456789abcdef01234567"
    assert (notion.requests_per_second, notion.max_retries, notion.timeout_seconds) == (2.0, 0, 30.0)
    assert notion.file_hosts == ("files.example.com",)
    assert notion.people_as == "the front desk"
    assert notion.status_names["published"] == "Live" and notion.status_names["draft"] == "Writing"
    assert notion.property_names["audience"] == "Site" and notion.property_names["status"] == "Status"
    assert notion.request_property_names["searches"] == "Times searched"
    assert notion.request_property_names["reasons"] == "Reasons"
    assert notion.answered_status == "Covered"


def test_a_key_written_twice_in_one_block_is_an_error_at_its_line(tmp_path: Path) -> None:
    """A second `contact:` under extra.kbgen would replace the first without a word: which phone
    number the sites show would be the last one pasted. Keys of different blocks may repeat."""
    config = tmp_path / "mkdocs.yml"
    twice = "extra:\n  kbgen:\n    contact: {phone: 555-0100}\n    contact: {phone: 555-0199}\n"
    config.write_text(twice, encoding="utf-8")
    with pytest.raises(SettingsError, match="'contact' is written twice") as error:
        load_settings(config)
    assert f"{config}, line 4:" in str(error.value)
    apart = "extra:\n  kbgen:\n    contact: {phone: 555-0100}\n  other: {contact: x}\n"
    config.write_text(apart, encoding="utf-8")
    assert load_settings(config).contact.phone == "555-0100"
