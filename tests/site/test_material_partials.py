"""kbgen's copies of Material partials (overrides/partials/) are Material's own plus one accessibility
change each: this fails when a Material upgrade changes the original, so the copy is redone."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from tests.conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates" / "partials"

# partial -> (Material's text, kbgen's text)
CHANGES = {
    "search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" '
        "aria-label=\"{{ lang.t('search') }}\">",
    ),
    "path.html": (
        '<nav class="md-path" aria-label="{{ lang.t(\'nav\') }}" {{ hidden }}>',
        '<nav class="md-path" aria-label="Breadcrumb" {{ hidden }}>',
    ),
}


def without_header(text: str) -> str:
    return text.split("-#}", 1)[1]


@pytest.mark.parametrize("partial", sorted(CHANGES))
def test_overridden_partial_is_materials_with_only_the_accessibility_change(partial: str) -> None:
    original, changed = CHANGES[partial]
    theirs = (MATERIAL / partial).read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / partial).read_text(encoding="utf-8")
    assert original in theirs
    assert without_header(ours) == without_header(theirs).replace(original, changed)


def test_every_overridden_partial_is_checked() -> None:
    assert {p.name for p in (ROOT / "overrides" / "partials").iterdir()} == set(CHANGES)
