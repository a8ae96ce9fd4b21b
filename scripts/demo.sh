#!/usr/bin/env bash
# Build the two demo help centers from the bundled sample content (no Notion account needed).
#   scripts/demo.sh           build site/ (owners, residents and the landing page)
#   scripts/demo.sh --serve   build, then preview on http://127.0.0.1:8000/ and rebuild on changes
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/kbgen ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e .
fi

if [ "${1:-}" = "--serve" ]; then
  exec .venv/bin/kbgen serve --port "${PORT:-8000}"
fi
.venv/bin/kbgen build
echo "Open site/index.html through any static server, or run: scripts/demo.sh --serve"
