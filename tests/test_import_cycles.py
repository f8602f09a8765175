"""No import cycle among the project's modules (issue 19): scripts/import_cycles.py, which counts
lazy imports too and skips those under TYPE_CHECKING, finds none in the tree, and finds one
where there is one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "import_cycles", ROOT / "scripts" / "import_cycles.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_cycles"] = module
    spec.loader.exec_module(module)
    return module


def test_import_cycles_none_in_the_project() -> None:
    found = _checker().find_cycles()
    assert found == [], "\n".join(" <-> ".join(c) for c in found)


def test_import_cycles_found_through_a_lazy_import_and_a_package_init(tmp_path: Path) -> None:
    pkg = tmp_path / "shop"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from shop import till\n")
    (pkg / "till.py").write_text(
        "def total():\n    from shop.stock import count\n    return count\n"
    )
    (pkg / "stock.py").write_text(
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from shop.till import total\n"
        "import shop.till\ncount = 1\n"
    )
    (pkg / "shelf.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shop import stock\n"
    )
    found = _checker().find_cycles(tmp_path, ("shop",))
    # stock imports till at run time (its TYPE_CHECKING import is not counted), till imports
    # stock lazily, and importing either runs the package's __init__, which imports till.
    assert found == [["shop", "shop.stock", "shop.till"]]


def test_import_cycles_type_checking_imports_make_no_cycle(tmp_path: Path) -> None:
    pkg = tmp_path / "pair"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pair.b import B\n")
    (pkg / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pair.a import A\nB = 1\n"
    )
    assert _checker().find_cycles(tmp_path, ("pair",)) == []
