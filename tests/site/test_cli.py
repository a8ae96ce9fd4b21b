"""The `kbgen build` and `kbgen serve` commands as an editor runs them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import CONFIG
from tests.site.articles import write_article


def test_build_command_reports_problems_and_what_it_built(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "residents", "rent", category="Money")
    write_article(content, "residents", "broken", category="")
    result = CliRunner().invoke(
        main, ["build", "--content", str(content), "--site", str(tmp_path / "site"), "--config", str(CONFIG)]
    )
    assert result.exit_code == 0, result.output
    assert "broken.md" in result.output and "category" in result.output
    assert "1 residents articles" in result.output


def test_build_command_fails_with_a_plain_reason_and_non_zero_exit(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--content",
            str(tmp_path / "nowhere"),
            "--site",
            str(tmp_path / "site"),
            "--config",
            str(CONFIG),
        ],
    )
    assert result.exit_code != 0
    assert "content folder" in result.output and "not found" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_serve_previews_both_sites_and_rebuilds_on_change(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "residents", "rent", title="Paying rent", category="Money")
    write_article(content, "owners", "payouts", title="Payouts", category="Money")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kbgen.cli", "serve", "--port", str(port), "--content", str(content),
         "--site", str(tmp_path / "site"), "--config", str(CONFIG)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}/"
        assert "residents/" in _wait_for(lambda: _get(base))
        assert "Paying rent" in _get(base + "residents/rent/")
        assert "Payouts" in _get(base + "owners/payouts/")
        write_article(content, "residents", "rent", title="Paying your rent", category="Money")
        _wait_for(lambda: "Paying your rent" in _get(base + "residents/rent/"))
    finally:
        server.terminate()
        server.wait(timeout=10)
