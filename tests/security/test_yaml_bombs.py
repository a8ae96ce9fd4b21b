"""Issue 11, item 4: YAML aliases and tags in every YAML kbgen reads are refused with an error that
names the file, instead of expanding until the machine runs out of memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.content import read_article
from kbgen.search.vocabulary import VocabularyError, load_vocabulary
from kbgen.settings import SettingsError, load_settings
from tests.conftest import CONFIG
from tests.security.conftest import HostileSite

# Six levels of nine: 531,441 values once expanded, harmless to build in memory (the hostile site
# holds the nine-level bomb of the report), far over any real file's size.
SMALL_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + level)}: &{chr(98 + level)} [{','.join([f'*{chr(97 + level)}'] * 9)}]\n" for level in range(5)
)


@pytest.mark.parametrize("field", ["tags", "summary", "title"])
def test_front_matter_with_aliases_is_refused_naming_the_file_and_line(tmp_path: Path, field: str) -> None:
    path = tmp_path / "bomb.md"
    path.write_text(
        f"---\ntitle: Bomb\ncategory: General\n{SMALL_BOMB}{field}: *f\n---\nBody.\n", encoding="utf-8"
    )
    article, problems = read_article(path, "residents")
    assert article is None
    assert [(p.severity, p.line) for p in problems] == [("error", 5)]
    assert "aliases" in problems[0].message and str(path) in str(problems[0])


def test_the_nine_level_bomb_of_the_report_is_refused_and_the_build_goes_on(
    hostile_site: HostileSite,
) -> None:
    errors = {p.source.name: p.message for p in hostile_site.report.problems if p.is_error}
    assert "aliases" in errors["alias-bomb.md"] and "aliases" in errors["alias-summary.md"]
    assert "nested too deeply" in errors["deep-yaml.md"]
    assert not (hostile_site.site / "residents" / "alias-bomb").exists()
    assert (hostile_site.site / "residents" / "prose-about-tags" / "index.html").is_file()


def test_yaml_tags_never_construct_objects(hostile_site: HostileSite) -> None:
    errors = {p.source.name: p.message for p in hostile_site.report.problems if p.is_error}
    assert "python/object/apply" in errors["python-tag.md"]
    assert not (hostile_site.site / "residents" / "python-tag").exists()


def test_synonyms_yml_with_aliases_is_refused_naming_the_file(tmp_path: Path) -> None:
    synonyms = tmp_path / "synonyms.yml"
    nested = "".join(f"  - {line.split(': ', 1)[1]}\n" for line in SMALL_BOMB.splitlines())
    synonyms.write_text(f"synonyms:\n{nested}", encoding="utf-8")  # each group holds the one before
    with pytest.raises(VocabularyError, match="YAML aliases") as error:
        load_vocabulary(tmp_path)
    assert str(synonyms) in str(error.value)


def test_mkdocs_yml_whose_aliases_explode_is_refused_naming_the_file(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        CONFIG.read_text(encoding="utf-8") + "\n" + SMALL_BOMB,
        encoding="utf-8",
    )
    with pytest.raises(SettingsError, match="YAML aliases") as error:
        load_settings(config)
    assert str(config) in str(error.value)


def test_mkdocs_yml_may_still_use_a_few_aliases(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        CONFIG.read_text(encoding="utf-8") + "\nx-teal: &teal teal\nx-copy: *teal\n", encoding="utf-8"
    )
    assert load_settings(config).company == "Harborview Property Management"
