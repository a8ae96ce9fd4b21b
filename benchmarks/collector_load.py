"""Load benchmark for `kbgen collect`: concurrent clients on loopback posting beacons.

The load comes from `wrk` (C, epoll; `apt-get install -y wrk`), so the generator does not take the
cores it measures: a Python generator saturates 2 cores by itself. Each wrk thread holds one
keep-alive connection and numbers its beacons; answers on a connection come back in order, so the
run knows exactly which beacons were acknowledged with a 204 and checks each one is in the database.

Prints accepted beacons per second, p50/p99 latency and records lost (acknowledged but missing from
the database: must be 0), next to the same server's GET /healthz throughput measured the same way
in the same run (the ceiling of the HTTP stack on this machine).

    apt-get install -y wrk
    .venv/bin/python benchmarks/collector_load.py [--seconds 20] [--connections 64]

Targets (issue 4): >= 1,000 accepted/s on 2 cores, p99 < 100 ms, 0 lost. The rate limit is raised
for the run: this measures capacity, not the per-client limit.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.signals.collector_process import running_collector

# One connection per wrk thread: request() numbers the beacons, response() counts answers in order.
# wrk calls request() once more on its first thread to check the script (wrk.c, script_verify_request)
# before sending anything, so that thread's first beacon sent is number 2: `skipped` says so.
_BEACONS = """
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  sent, answered, refused, beacons = 0, 0, 0, args[1] == "beacons"
  refused_ids = {}
end
function request()
  sent = sent + 1
  if not beacons then return wrk.format("GET", "/healthz") end
  local body = string.format('{"q":"load t%d n%d","a":"residents","k":"zero","p":"/residents/","t":"bench"}',
    id, sent)
  return wrk.format("POST", "/miss", {["Content-Type"] = "text/plain;charset=UTF-8"}, body)
end
function response(status, headers, body)
  answered = answered + 1
  if status ~= 204 and status ~= 200 then
    refused = refused + 1
    refused_ids[#refused_ids + 1] = answered
  end
end
function done(summary, latency, requests)
  local per_thread = {}
  for _, thread in ipairs(threads) do
    per_thread[#per_thread + 1] = string.format('{"id":%d,"answered":%d,"refused":[%s],"skipped":%d}',
      thread:get("id"), thread:get("answered"), table.concat(thread:get("refused_ids"), ","),
      thread:get("id") == 1 and 1 or 0)
  end
  io.write(string.format('KBGEN {"requests":%d,"errors":%d,"seconds":%f,"p50_us":%d,"p99_us":%d,'
    .. '"threads":[%s]}\\n',
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    table.concat(per_thread, ",")))
end
"""


@dataclass(frozen=True)
class Phase:
    label: str
    accepted: int
    seconds: float
    p50_ms: float
    p99_ms: float
    refused: int
    errors: int
    acknowledged: frozenset[str]  # the queries answered 204 (beacons only)

    @property
    def per_second(self) -> float:
        return self.accepted / self.seconds


def run_wrk(url: str, script: Path, kind: str, seconds: float, connections: int) -> Phase:
    command = ["wrk", f"-t{connections}", f"-c{connections}", f"-d{round(seconds)}s", "--timeout", "10s",
               "-s", str(script), url, "--", kind]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    data = json.loads(next(line[6:] for line in output.splitlines() if line.startswith("KBGEN ")))
    acknowledged, accepted, refused = set(), 0, 0
    for thread in data["threads"]:
        not_ok = set(thread["refused"])
        refused += len(not_ok)
        accepted += thread["answered"] - len(not_ok)
        if kind == "beacons":
            first = 1 + thread["skipped"]
            acknowledged |= {
                f"load t{thread['id']} n{first + n - 1}"
                for n in range(1, thread["answered"] + 1)
                if n not in not_ok
            }
    return Phase(
        label="POST /miss" if kind == "beacons" else "GET /healthz",
        accepted=accepted,
        seconds=data["seconds"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        refused=refused,
        errors=data["errors"],
        acknowledged=frozenset(acknowledged),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as folder:
        db, script = Path(folder) / "load.db", Path(folder) / "beacons.lua"
        script.write_text(_BEACONS, encoding="utf-8")
        with running_collector(db, "--per-minute", "100000000", "--burst", "1000000") as collector:
            beacons = run_wrk(collector.url, script, "beacons", args.seconds, args.connections)
            health = run_wrk(collector.url, script, "healthz", args.seconds, args.connections)
        conn = sqlite3.connect(db)
        stored = {row[0] for row in conn.execute("SELECT query FROM searches")}
        conn.close()
    for phase in (beacons, health):
        print(
            f"{phase.label:<13} {phase.per_second:8.0f}/s  p50 {phase.p50_ms:6.1f} ms"
            f"  p99 {phase.p99_ms:6.1f} ms  refused {phase.refused}  socket errors {phase.errors}"
        )
    lost = beacons.acknowledged - stored
    print(f"acknowledged {len(beacons.acknowledged)}, stored {len(stored)}, lost {len(lost)}")


if __name__ == "__main__":
    main()
