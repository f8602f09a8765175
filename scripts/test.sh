#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine (missing system packages, a venv
# with the test extras) and runs lint, types and the whole test suite, offscreen, on both cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh test
bash scripts/venv-setup.sh test
.venv/bin/ruff check .
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
