"""`kbgen watch`: one request per idle poll, publishes edits and scheduled pages, survives failures."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from kbgen.publish.watch import Watcher
from tests.notion import notion_json as nj
from tests.site.articles import write_article


def make_watcher(project, lines):
    return Watcher(
        project / "content",
        project / "site",
        project / "mkdocs.yml",
        str(project / "www"),
        interval=5,
        log=lines.append,
    )


def served(project, slug: str) -> str:
    return (project / "www" / "residents" / slug / "index.html").read_text()


def test_watch_publishes_edits_with_one_request_per_idle_poll_and_keeps_the_last_good_site(
    project, help_db, fake
):
    page = fake.add_page(
        help_db.data_source_id, nj.article_properties("Pool hours"), [nj.paragraph("Opens at 9.")]
    )
    lines: list[str] = []
    watcher = make_watcher(project, lines)

    assert watcher.cycle() <= 5  # the next poll is due `interval` after this one began
    assert "publish (first run)" in lines[-1] and "Opens at 9." in served(project, "pool-hours")

    fake.log.clear()
    watcher.cycle()
    assert lines[-1].endswith("poll: no change (1 request)") and len(fake.requests()) == 1

    fake.edit_page(page, blocks=[nj.paragraph("Opens at 10.")])
    watcher.cycle()
    assert "publish (Notion changed): 1 read" in lines[-1] and "Opens at 10." in served(project, "pool-hours")

    live = (project / "www").resolve()
    fake.fail(500, "internal_server_error", times=1000)
    waits = [watcher.cycle(), watcher.cycle(), watcher.cycle()]
    assert waits == [5, 10, 20]  # backing off
    assert "error: poll or pull failed: Notion had a server problem (500)" in lines[-1]
    assert not watcher.status.healthy(watcher.interval) and "500" in watcher.status.last_error
    assert (project / "www").resolve() == live and "Opens at 10." in served(project, "pool-hours")
    fake._faults.clear()
    assert watcher.cycle() <= 5 and watcher.status.healthy(watcher.interval)

    write_article(project / "content", "residents", "broken", title=None)  # a --strict error: the build fails
    fake.edit_page(page, blocks=[nj.paragraph("Opens at 11.")])
    watcher.cycle()
    assert "error: Notion changed: build or check failed" in lines[-1]
    assert (project / "www").resolve() == live and "Opens at 10." in served(project, "pool-hours")
    (project / "content" / "residents" / "broken.md").unlink()
    watcher.cycle()
    assert "publish (retry after a failure)" in lines[-1] and "Opens at 11." in served(project, "pool-hours")


def test_watch_publishes_a_scheduled_page_when_its_publish_date_comes(project, help_db, fake):
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    fake.add_page(help_db.data_source_id, nj.article_properties("Now"), [nj.paragraph("x")])
    fake.add_page(
        help_db.data_source_id,
        nj.article_properties("Pool opens", publish_date=soon),
        [nj.paragraph("The pool opens today.")],
    )
    lines: list[str] = []
    watcher = make_watcher(project, lines)
    watcher.cycle()
    assert not (project / "www" / "residents" / "pool-opens").exists()

    time.sleep(3)
    watcher.cycle()

    assert "publish (a Publish date has come)" in lines[-1]
    assert "The pool opens today." in served(project, "pool-opens")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_watch_serves_healthz_and_a_status_page_and_stops_on_sigterm(project, help_db, fake):
    fake.add_page(help_db.data_source_id, nj.article_properties("Pool hours"), [nj.paragraph("Opens at 9.")])
    port = free_port()
    env = {**os.environ, "NOTION_TOKEN": fake.token, "NOTION_BASE_URL": fake.url}
    process = subprocess.Popen(
        [sys.executable, "-m", "kbgen.cli", "watch", "--to", "www", "--interval", "1", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        health = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    health = json.loads(response.read())
            except (urllib.error.URLError, ConnectionError):
                pass
            if health and health["last_publish"]:
                break
            time.sleep(0.5)
        assert health is not None and health["ok"] is True and health["articles"] == {"residents": 1}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            page = response.read().decode()
        assert "Last publish" in page and "1 residents" in page
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "publish (first run)" in output and output.rstrip().endswith("stopped")
