#!/usr/bin/env bash
# Sets up and starts the app on its embedded default: a local SQLite file in the user data
# folder, no server. Arguments go to main.py (e.g. --db PATH, --lang en, or a subcommand).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh app
bash scripts/venv-setup.sh app
exec .venv/bin/python main.py "$@"
