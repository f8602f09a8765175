"""Make the frozen build of the workbench: one folder that runs without Python installed.

    python scripts/freeze.py [--dist DIR] [--check] [--zip]

On Windows this is the folder the office copies to laptops (docs/install-windows.md); on Linux
the same command makes a Linux build, which is how it is smoke-tested. It holds two programs
over one set of libraries: ``diagnosis-workbench`` (the desktop app, no console window on
Windows) and ``diagnosis-workbench-cli`` (every command of main.py). Needs the ``freeze`` extra:
``pip install -e ".[freeze]"``.

PyInstaller, not pyside6-deploy: pyside6-deploy compiles through Nuitka, which needs a C
compiler (MSVC on Windows) and many minutes on two cores, and its spec covers one program;
PyInstaller needs no compiler, knows PySide6, SQLCipher's and keyring's libraries through its
hooks, and builds both programs in under a minute here.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.freeze_check import NAME, SmokeError, smoke  # noqa: E402

SPEC = ROOT / "packaging" / "workbench.spec"
DEFAULT_DIST = ROOT / "build" / "freeze" / "dist"


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; the built folder. Raises CalledProcessError on failure."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",  # analyse afresh: nothing of an earlier build's cache carries over
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        cwd=ROOT,
        check=True,
    )
    return dist / NAME


def archive(folder: Path) -> Path:
    """A zip of the folder beside it, named by version and platform, to hand to the laptops."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    platform = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = folder.parent / f"{NAME}-{version}-{platform}"
    return Path(shutil.make_archive(str(base), "zip", folder.parent, folder.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="where the build goes")
    parser.add_argument("--check", action="store_true", help="smoke-test the build afterwards")
    parser.add_argument("--zip", action="store_true", help="also pack the folder into a .zip")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(
            '未安装 PyInstaller：请先运行 pip install -e ".[freeze]"\n'
            'PyInstaller is not installed: run pip install -e ".[freeze]" first',
            file=sys.stderr,
        )
        return 2
    dist = args.dist.resolve()
    started = time.monotonic()
    try:
        folder = build(dist, dist.parent / "work")
    except subprocess.CalledProcessError as exc:
        print(f"构建失败 / build failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    print(f"构建完成 / built {folder} in {time.monotonic() - started:.0f} s")
    if args.check:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="freeze-smoke-") as scratch:
            try:
                for line in smoke(folder, Path(scratch)):
                    print(f"  ok  {line}")
            except SmokeError as exc:
                print(f"冒烟测试失败 / smoke test failed: {exc}", file=sys.stderr)
                return 1
        print(f"冒烟测试通过 / smoke test passed in {time.monotonic() - started:.0f} s")
    if args.zip:
        print(f"压缩包 / archive: {archive(folder)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
