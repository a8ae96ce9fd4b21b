"""One real `kbgen collect` on loopback shared by the collector attack tests (starting one costs
about a second), with limits high enough that only the tests that want a 429 meet one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.misses.collector_process import Collector, running_collector
from tests.security.collector_attack import GENEROUS_LIMITS


@pytest.fixture(scope="session")
def collector_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("attacked-collector") / "misses.db"


@pytest.fixture(scope="session")
def collector(collector_db: Path) -> Iterator[Collector]:
    with running_collector(collector_db, *GENEROUS_LIMITS) as running:
        yield running
