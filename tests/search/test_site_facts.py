"""A built help center's facts are written once (kbgen.json) and read from there, never re-derived."""

import json
import shutil

import pytest
from click.testing import CliRunner

from kbgen import __version__
from kbgen.cli import main
from kbgen.search import IndexNotFound, find_sites, load_index, read_site_facts
from kbgen.settings import load_settings
from kbgen.signals.analysis.site_pages import load_pages
from kbgen.signals.analysis.site_search import load_site_searches
from tests.conftest import CONFIG, CONTENT


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
    index = load_index(tmp_path, "residents")
    assert index.audience == "residents"
    assert index.site_url == read_site_facts(sample_site / "residents").site_url
    assert all(hit.audience == "residents" for hit in index.search("rent"))


def test_a_site_without_its_facts_is_refused_with_what_to_do(sample_site, tmp_path):
    shutil.copytree(sample_site / "owners", tmp_path / "owners")
    (tmp_path / "owners" / "kbgen.json").unlink()
    with pytest.raises(IndexNotFound, match="kbgen build"):
        load_index(tmp_path, "owners")


@pytest.fixture
def swapped_site(sample_site, tmp_path):
    """Both help centers, each in the folder named after the other audience: only kbgen.json tells."""
    shutil.copytree(sample_site / "residents", tmp_path / "owners")
    shutil.copytree(sample_site / "owners", tmp_path / "residents")
    return tmp_path


def test_every_reader_of_a_built_site_finds_each_help_center_by_its_facts_not_its_folder(swapped_site):
    assert find_sites(swapped_site) == {
        "residents": swapped_site / "owners",
        "owners": swapped_site / "residents",
    }
    searches = load_site_searches(swapped_site)
    assert {audience: index.audience for audience, index in searches.items()} == {
        "owners": "owners",
        "residents": "residents",
    }
    assert "pay-rent-online/" in load_pages(swapped_site, "residents")
    assert "pay-rent-online/" not in load_pages(swapped_site, "owners")
    assert load_index(swapped_site, "residents").answer("pay rent online").location == "pay-rent-online/"


def test_kbgen_find_and_links_read_the_help_centers_by_their_facts(swapped_site):
    found = CliRunner().invoke(
        main, ["find", "--site", str(swapped_site), "--audience", "residents", "--json", "pay rent"]
    )
    assert found.exit_code == 0, found.output
    (residents,) = json.loads(found.output)["audiences"]
    assert residents["audience"] == "residents"
    assert residents["results"][0]["location"] == "pay-rent-online/"
    links = CliRunner().invoke(
        main,
        ["links", "--site", str(swapped_site), "--content", str(CONTENT), "--config", str(CONFIG),
         "--format", "json"],
    )  # fmt: skip
    assert links.exit_code == 0, links.output
    listed = {entry["url"] for entry in json.loads(links.output)}
    assert "https://help.harborviewpm.example/residents/pay-rent-online/" in listed
    assert "https://help.harborviewpm.example/owners/management-and-leasing-fees/" in listed
