"""Sync with the central store (docs/sync.md): the wire protocol's error catalogue, the server
(``server*.py``, the only modules that may import fastapi or uvicorn) and the client."""
