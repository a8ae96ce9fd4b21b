"""The MkDocs plugin takes its data as typed options (kbgen/site/config.py), checked by MkDocs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from kbgen.progress import Progress
from kbgen.site.builder import build_sites
from tests.conftest import CONFIG, CONTENT


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


class CountingProgress(Progress):
    def __init__(self) -> None:
        self.steps = 0
        self.total: int | None = None

    @contextmanager
    def task(self, label: str, total: int | None = None) -> Iterator[Callable[..., None]]:
        self.total = total

        def advance(steps: int = 1) -> None:
            self.steps += steps

        yield advance


@pytest.mark.parametrize("cores", [1, 2])
def test_every_rendered_page_advances_the_progress_bar_in_one_process_or_several(
    tmp_path, monkeypatch, cores
) -> None:
    monkeypatch.setattr("kbgen.site.builder.os.cpu_count", lambda: cores)
    progress = CountingProgress()
    build_sites(CONTENT, tmp_path / "site", CONFIG, progress=progress)
    assert progress.total
    assert progress.steps >= progress.total
