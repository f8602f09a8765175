#!/usr/bin/env bash
# Makes .venv hold the project with the given extras, installing only when the checkout's
# pyproject.toml (its version and dependencies) differs from what was last installed, so a
# machine already set up starts offline and pays no pip run.   usage: venv-setup.sh app|test
# The install is editable: code changes need no reinstall; only pyproject.toml changes do.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-app}" in
  app) spec=. ;;
  test) spec='.[test]' ;;
  *) echo "usage: $0 app|test" >&2; exit 2 ;;
esac
want="$1 $(sha256sum pyproject.toml | cut -d' ' -f1)"
stamp=.venv/.installed-$1
[ -x .venv/bin/python ] || python3 -m venv .venv
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
if .venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"; then
  echo "$want" >"$stamp"
  # The test extras include the app's: a test set-up serves the launcher too.
  [ "$1" = test ] && echo "app $(sha256sum pyproject.toml | cut -d' ' -f1)" >.venv/.installed-app
  exit 0
fi
# No package index (offline on a factory floor): start what is installed, if anything is.
# A set-up from before the stamps has none: the project's own metadata says it was installed.
if [ -e .venv/.installed-app ] || [ -e .venv/.installed-test ] ||
  .venv/bin/python -c "import importlib.metadata as m; m.version('$(sed -n 's/^name *= *"\(.*\)"/\1/p' pyproject.toml | head -1)')" 2>/dev/null; then
  echo "警告：无法更新依赖（可能没有网络），使用已安装的版本启动。" >&2
  echo "Warning: could not update the dependencies (no network?); starting the installed version." >&2
  exit 0
fi
echo "无法安装依赖：首次安装需要连接软件包索引（PyPI）。" >&2
echo "Cannot install the dependencies: the first set-up needs the package index (PyPI)." >&2
exit 1
