"""A built help center's facts are written once (kbgen.json) and read from there, never re-derived."""

import json
import shutil

import pytest

from kbgen import __version__
from kbgen.search import IndexNotFound, load_index, read_site_facts
from kbgen.settings import load_settings
from tests.conftest import CONFIG


def test_each_built_audience_carries_its_facts(sample_site):
    settings = load_settings(CONFIG)
    for audience in ("owners", "residents"):
        facts = read_site_facts(sample_site / audience)
        assert facts.audience == audience
        assert facts.site_url == settings.audience_url(audience)
        assert facts.emergency_line == settings.emergency_line(audience)
        assert facts.version == __version__
        assert facts.contacts["phone"]
    owners = json.loads((sample_site / "owners" / "kbgen.json").read_text(encoding="utf-8"))
    residents = json.loads((sample_site / "residents" / "kbgen.json").read_text(encoding="utf-8"))
    assert owners["contacts"] != residents["contacts"] or owners["site_url"] != residents["site_url"]


def test_a_copied_help_center_keeps_its_audience_whatever_its_folder_is_called(sample_site, tmp_path):
    shutil.copytree(sample_site / "residents", tmp_path / "help")
    index = load_index(tmp_path, "help")
    assert index.audience == "residents"
    assert index.site_url == read_site_facts(sample_site / "residents").site_url
    assert all(hit.audience == "residents" for hit in index.search("rent"))


def test_a_site_without_its_facts_is_refused_with_what_to_do(sample_site, tmp_path):
    shutil.copytree(sample_site / "owners", tmp_path / "owners")
    (tmp_path / "owners" / "kbgen.json").unlink()
    with pytest.raises(IndexNotFound, match="kbgen build"):
        load_index(tmp_path, "owners")
