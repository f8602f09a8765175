"""Write the central server's OpenAPI contract to docs/openapi.json (what FastAPI publishes at
/openapi.json). Run after changing an endpoint: ``.venv/bin/python scripts/openapi.py``; a test
fails while the copy is stale.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "openapi.json"


def schema() -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from storage.sync.server import create_app
    from storage.sync.server_db import ServerStore

    # The contract does not depend on the data: a throwaway store serves to build the app.
    with tempfile.TemporaryDirectory() as folder, ServerStore(Path(folder) / "s.sqlite") as store:
        return create_app(store).openapi()


def main() -> int:
    text = json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
