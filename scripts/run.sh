#!/usr/bin/env bash
# Sets up and starts the app on its embedded default: a local SQLite file in the user data
# folder, no server. Arguments go to main.py (e.g. --db PATH, --lang en, or a subcommand).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh app
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/python main.py "$@"
