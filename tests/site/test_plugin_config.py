"""The MkDocs plugin takes its data as typed options (kbgen/site/config.py), checked by MkDocs."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from tests.conftest import CONFIG


def test_the_plugin_refuses_an_audience_it_does_not_know(tmp_path) -> None:
    (tmp_path / "docs").mkdir()
    with pytest.raises((ConfigurationError, Abort)):
        load_config(
            config_file=str(CONFIG),
            docs_dir=str(tmp_path / "docs"),
            plugins=["search", {"kbgen": {"audience": "tenants"}}],
        )


def test_the_plugin_options_hold_what_the_builder_used_to_pass_through_extra(sample_site) -> None:
    page = (sample_site / "owners" / "index.html").read_text(encoding="utf-8")
    assert '<script id="kbgen-config" type="application/json">{"audience": "owners"' in page
    assert (sample_site / "owners" / "kbgen.json").is_file()
