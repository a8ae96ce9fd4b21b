"""The client-side limit is shared by every worker thread."""

from __future__ import annotations

import threading
import time

from kbgen.notion.client import Throttle


def test_threads_share_one_request_rate():
    throttle = Throttle(per_second=20)
    stamps: list[float] = []

    def worker() -> None:
        for _ in range(5):
            throttle.wait()
            stamps.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stamps.sort()
    assert len(stamps) == 20 and stamps[-1] - stamps[0] >= 19 / 20 - 0.02


def test_a_429_holds_every_worker_back():
    throttle = Throttle(per_second=1000)
    throttle.hold_off(0.3)
    started = time.monotonic()
    throttle.wait()
    assert time.monotonic() - started >= 0.28
