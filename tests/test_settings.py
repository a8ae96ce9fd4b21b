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
    ],
)
def test_a_wrong_value_names_its_key_and_the_file(tmp_path: Path, block: str, key: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"extra:\n  kbgen:\n    {block}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=key) as error:
        load_settings(config)
    assert str(config) in str(error.value)
