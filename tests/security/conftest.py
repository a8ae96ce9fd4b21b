"""Session fixtures of the adversarial suite: one hostile content folder, built once (every payload
family in article bodies and in every front-matter field, plus the editor mistakes of issue 11: alias
bombs, symlinks, Markdown under assets/, prose about tags, huge slugs, duplicate ids), and one real
`kbgen collect` on loopback shared by the collector attack tests (starting one costs about a second),
with limits high enough that only the tests that want a 429 meet one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbgen.commands.check import command as check_command
from kbgen.site.builder import BuildReport, build_sites
from tests.conftest import CONFIG, serve_directory
from tests.security.collector_attack import GENEROUS_LIMITS
from tests.security.payloads import FAMILIES, FIELD_PAYLOADS, FIELD_URLS
from tests.signals.collector_process import Collector, running_collector
from tests.site.articles import write_article

# Nine nested levels of nine aliases: 387,420,489 strings once expanded.
ALIAS_BOMB = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{chr(98 + level)}: &{chr(98 + level)} [{','.join([f'*{chr(97 + level)}'] * 9)}]\n" for level in range(8)
)
PROSE_ABOUT_TAGS = (
    "Never paste a <script> into the portal. Styles go in a <style> block, not here.\n\n"
    "Type your note in the <textarea> of the form. The rest of this article must stay visible.\n"
)


def body_with(payload: str) -> str:
    """The payload in each place Markdown renders text: paragraph, heading, list, table, admonition,
    footnote, link text."""
    return (
        f"{payload}\n\n"
        f"## Heading {payload}\n\n"
        f"- item {payload}\n\n"
        f"| a | b |\n|---|---|\n| {payload} | cell |\n\n"
        f'!!! note "{payload}"\n    {payload}\n\n'
        f"Footnote here[^1] and a [link {payload}](https://ok.example/).\n\n"
        f"[^1]: {payload}\n\n"
        "Tail sentence that must survive.\n"
    )


@dataclass
class HostileSite:
    content: Path
    site: Path
    report: BuildReport
    bodies: dict[str, str]  # slug -> the payload its body holds


def write_hostile_content(content: Path) -> dict[str, str]:
    bodies: dict[str, str] = {}
    for family, payloads in FAMILIES.items():
        for number, payload in enumerate(payloads):
            slug = f"{family}-{number:02d}"
            write_article(content, "residents", slug, body_with(payload), title=f"{family} {number} alert")
            bodies[slug] = payload
    for number, payload in enumerate(FIELD_PAYLOADS):
        write_article(
            content,
            "residents",
            f"fields-{number:02d}",
            f"Body of fields {number}.\n",
            title=f"{payload} title {number}",
            summary=f"{payload} summary",
            category=f"{payload} category",
            tags=[payload, "alert"],
            id=f"{payload} id {number}",
            links=[{"title": payload, "url": "https://ok.example/"}],
            videos=[{"title": payload, "url": "https://www.youtube.com/watch?v=abcdefghijk"}],
        )
    for number, url in enumerate(FIELD_URLS):
        write_article(
            content,
            "residents",
            f"urls-{number:02d}",
            f"[body link]({url})\n\n![video]({url})\n",
            links=[{"title": "bad link", "url": url}],
            videos=[{"title": "bad video", "url": url}],
        )
    # Editor mistakes (issue 11, items 4, 5, 6, 10, 12).
    residents = content / "residents"
    (residents / "alias-bomb.md").write_text(
        f"---\ntitle: Bomb\ncategory: General\n{ALIAS_BOMB}tags: *i\n---\nBody.\n", encoding="utf-8"
    )
    (residents / "alias-summary.md").write_text(
        f"---\ntitle: Bomb in summary\ncategory: General\n{ALIAS_BOMB}summary: *i\n---\nBody.\n",
        encoding="utf-8",
    )
    (residents / "deep-yaml.md").write_text(
        "---\ntitle: Deep\ncategory: General\ntags: " + "[" * 5000 + "]" * 5000 + "\n---\nBody.\n",
        encoding="utf-8",
    )
    (residents / "python-tag.md").write_text(
        "---\ntitle: !!python/object/apply:os.system [echo pwned]\ncategory: General\n---\nBody.\n",
        encoding="utf-8",
    )
    write_article(content, "residents", "prose-about-tags", PROSE_ABOUT_TAGS, title="Prose about tags")
    write_article(
        content, "owners", "owner-only", "Owner secret: the fee split is 60/40.\n", title="Owner only"
    )
    os.symlink("../owners/owner-only.md", residents / "owner-only.md")
    outside = content.parent / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text("private outside file\n", encoding="utf-8")
    assets = residents / "assets"
    assets.mkdir()
    (assets / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    os.symlink("/etc/hostname", assets / "hostname")
    os.symlink(outside, assets / "outside")
    (assets / "notes.md").write_text(
        "---\ntitle: Notes\ndraft: true\n---\nInternal notes.\n", encoding="utf-8"
    )
    (assets / "docs").mkdir()
    (assets / "docs" / "readme.markdown").write_text("# Not a page\n", encoding="utf-8")
    write_article(content, "residents", "long-slug", "Long.\n", slug="a" + "-word" * 110)
    write_article(content, "residents", "long-category", "Long.\n", category="Category " * 60)
    write_article(content, "residents", "first-with-id", "One.\n", id="shared-id")
    write_article(content, "residents", "second-with-id", "Two.\n", id="shared-id")
    write_article(content, "owners", "payouts", "When payouts happen.\n", title="Payouts")
    return bodies


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    bodies = write_hostile_content(content)
    site = root / "site"
    report = build_sites(content, site, CONFIG)
    return HostileSite(content, site, report, bodies)


@pytest.fixture(scope="session")
def hostile_check(hostile_site: HostileSite) -> Result:
    """`kbgen check` over the hostile content, once."""
    return CliRunner().invoke(
        check_command, ["--content", str(hostile_site.content), "--config", str(CONFIG), "--format", "json"]
    )


@pytest.fixture(scope="session")
def hostile_site_url(hostile_site: HostileSite):
    with serve_directory(hostile_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def collector_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("attacked-collector") / "misses.db"


@pytest.fixture(scope="session")
def collector(collector_db: Path) -> Iterator[Collector]:
    with running_collector(collector_db, *GENEROUS_LIMITS) as running:
        yield running
