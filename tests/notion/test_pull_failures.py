"""Failures: editor-facing messages, retries, and content left exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbgen.notion.errors import NotionError
from kbgen.notion.staging import READY_MARK, STAGING_DIR, Stage, recover_interrupted_pull
from kbgen.notion.state import STATE_FILE
from tests.notion import notion_json as nj
from tests.notion.fake_server import FakeNotion

REPO = Path(__file__).resolve().parents[2]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def pulled_once(pull, help_db, fake, tmp_path):
    """A content folder holding one successful pull, and its exact bytes."""
    for n in range(3):
        properties = nj.article_properties(f"Article {n}", audience=("Owners", "Residents"))
        fake.add_page(help_db.data_source_id, properties, [nj.paragraph(f"first version {n}")])
    pull()
    content = tmp_path / "content"
    (content / "residents" / "by-hand.md").write_text("---\ntitle: By hand\ncategory: X\n---\nMine.\n")
    return content, snapshot(content)


def edit_all(fake: FakeNotion) -> None:
    for page_id in list(fake._state.pages):
        fake.edit_page(page_id, blocks=[nj.paragraph("second version")])


def test_a_429_storm_and_5xx_faults_are_waited_out(pull, pulled_once, fake):
    content, _ = pulled_once
    edit_all(fake)
    fake.fail(429, "rate_limited", times=3, retry_after="0", path_contains="/query")
    fake.fail(502, None, times=1, path_contains="/query")  # a POST read: the SDK alone would not retry it
    fake.fail(503, "service_unavailable", times=1, path_contains="/children")
    fake.fail(504, "gateway_timeout", times=1, path_contains="/children")
    fake.stall(3, times=1, path_contains="/children")  # longer than the client's 2 s timeout

    report = pull()

    assert report.read == 3
    assert all("second version" in p.read_text() for p in (content / "owners").glob("*.md"))
    statuses = [r.status for r in fake.log]
    assert statuses.count(429) == 3 and {502, 503, 504} <= set(statuses)


def test_rate_limited_requests_honour_retry_after(pull, help_db, fake):
    fake.add_page(help_db.data_source_id, nj.article_properties("A"), [nj.paragraph("x")])
    fake.fail(429, "rate_limited", times=1, retry_after="1", path_contains="/query")
    started = time.monotonic()
    pull()
    assert time.monotonic() - started >= 1.0


def test_a_failing_pull_leaves_the_content_exactly_as_it_was(pull, pulled_once, fake):
    content, before = pulled_once
    edit_all(fake)
    fake.fail(500, "internal_server_error", times=50, path_contains="/children")

    with pytest.raises(NotionError, match=r"server problem .500.*not changed"):
        pull(max_retries=2)

    assert snapshot(content) == before
    assert not (content / STAGING_DIR).exists()


@pytest.mark.parametrize(
    ("status", "code", "advice"),
    [
        (401, "unauthorized", "NOTION_TOKEN.*Copy the integration's secret again"),
        (403, "restricted_resource", "Capabilities.*Read content"),
    ],
)
def test_access_problems_say_what_to_do(pull, pulled_once, fake, status, code, advice):
    content, before = pulled_once
    edit_all(fake)
    fake.fail(status, code, times=1, path_contains="/children")
    with pytest.raises(NotionError, match=advice):
        pull()
    assert snapshot(content) == before


def test_a_page_that_vanishes_while_pulling_is_a_warning_not_a_failure(pull, pulled_once, fake):
    content, _ = pulled_once
    edit_all(fake)
    fake.fail(404, "object_not_found", times=1, path_contains="/children")
    report = pull()
    assert len(report.warnings) == 1 and "disappeared" in report.warnings[0].message
    assert len(list((content / "owners").glob("*.md"))) == 3


def test_a_wrong_token_is_reported_before_anything_is_written(pull, help_db, monkeypatch, tmp_path):
    monkeypatch.setenv("NOTION_TOKEN", "wrong")
    with pytest.raises(NotionError, match="401 unauthorized"):
        pull(full=True)
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").iterdir())


def test_missing_token_and_database_are_explained(pull, monkeypatch):
    monkeypatch.delenv("NOTION_TOKEN")
    with pytest.raises(NotionError, match=r"NOTION_TOKEN is not set.*export NOTION_TOKEN"):
        pull()
    with pytest.raises(NotionError, match="not a Notion id or link"):
        pull(database="my help articles")


def test_a_database_not_shared_with_the_integration(pull):
    with pytest.raises(NotionError, match=r"cannot find the database .* Connections"):
        pull(database="https://www.notion.so/Other-" + "c" * 32)


def test_a_property_of_the_wrong_type_names_the_fix(notion_env, tmp_path):
    from kbgen.notion.pull import pull_into
    from tests.notion.conftest import settings_with

    schema = {**nj.HELP_ARTICLE_SCHEMA, "Audience": "rich_text"}
    db = notion_env.add_database(schema=schema)
    row = {
        "Name": nj.title_value("A"),
        "Audience": nj.rich_text_value("Owners"),
        "Status": nj.status_value("Published"),
    }
    notion_env.add_page(db.data_source_id, row)
    with pytest.raises(NotionError, match=r"'Audience' is a text property.*properties.audience"):
        pull_into(tmp_path / "c", database=db.database_id, full=False, settings=settings_with())
    renamed = settings_with(properties={"audience": "Site"})
    with pytest.raises(NotionError, match="no property 'Site'"):
        pull_into(tmp_path / "c", database=db.database_id, full=False, settings=renamed)


def test_several_data_sources_need_a_choice(notion_env, tmp_path):
    from kbgen.notion.pull import pull_into
    from tests.notion.conftest import settings_with

    db = notion_env.add_database(data_sources=2)
    notion_env.add_page(db.data_source_ids[1], nj.article_properties("Second source"), [nj.paragraph("x")])
    with pytest.raises(NotionError, match=r"2 data sources.*extra.kbgen.notion.data_source"):
        pull_into(tmp_path / "c", database=db.database_id, full=False, settings=settings_with())
    chosen = settings_with(data_source=db.data_source_ids[1])
    report = pull_into(tmp_path / "c", database=db.database_id, full=False, settings=chosen)
    assert report.published["residents"] == 1


def test_a_pull_killed_while_reading_leaves_the_old_content(pulled_once, fake, help_db, tmp_path):
    content, before = pulled_once
    for n in range(40):
        fake.add_page(help_db.data_source_id, nj.article_properties(f"More {n}"), [nj.paragraph("x")])
    edit_all(fake)
    fake.latency = 0.05
    env = {**os.environ, "NOTION_TOKEN": fake.token, "NOTION_BASE_URL": fake.url}
    config = tmp_path / "mkdocs.yml"
    config.write_text("extra:\n  kbgen:\n    notion:\n      requests_per_second: 20\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "kbgen.cli", "pull", "--database", help_db.database_id,
         "--content", str(content), "--config", str(config)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while len(fake.block_requests()) < 10 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert {k: v for k, v in snapshot(content).items() if not k.startswith(STAGING_DIR)} == before
    recover_interrupted_pull(content)
    assert snapshot(content) == before


def test_a_swap_interrupted_between_renames_is_finished_by_the_next_pull(tmp_path):
    content = tmp_path / "content"
    for audience in ("owners", "residents"):
        (content / audience).mkdir(parents=True)
        (content / audience / "old.md").write_text("old")
    (content / STATE_FILE).write_text("old state")
    stage = Stage(content)
    for audience in ("owners", "residents"):
        stage.keep_unowned(audience, {"old.md"})
        (stage.audience_dir(audience) / "new.md").write_text("new")
    (stage.root / STATE_FILE).write_text("new state")
    (stage.root / READY_MARK).write_text("ready")
    os.rename(content / "owners", stage.root / "replaced-owners")  # killed right after the first rename

    recover_interrupted_pull(content)

    assert snapshot(content) == {
        "owners/new.md": b"new",
        "residents/new.md": b"new",
        STATE_FILE: b"new state",
    }
