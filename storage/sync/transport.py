"""How the sync client reaches the server: the ``Transport`` port and its HTTP implementation.

Every failure becomes a ``SyncError`` with a stable code (the server's, or ``network.*``), never
an httpx exception. httpx is imported when an ``HttpTransport`` is made, not at app start-up.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from diagnosis.sync_ports import SyncError

if TYPE_CHECKING:
    import httpx

API = "/api/v1"
USER_AGENT = "diagnosis-workbench-sync/1"


class Transport(Protocol):
    """The requests of docs/sync.md; each answers the server's JSON as a dict."""

    def push(self, body: dict[str, Any]) -> dict[str, Any]: ...

    def pull(self, since: int, limit: int) -> dict[str, Any]: ...

    def photo_status(self, sha: str) -> dict[str, Any]: ...

    def put_photo(
        self, sha: str, offset: int, data: bytes, size: int | None = None
    ) -> dict[str, Any]:
        """Append ``data`` at ``offset``; ``size``, the photo's total, when ``data`` does not
        run to its end (a chunk): the server would otherwise judge the photo on its bytes."""
        ...

    def get_photo(self, sha: str) -> bytes: ...

    def me(self) -> dict[str, Any]: ...


class HttpTransport:
    """One keep-alive connection to the server for a whole sync (many small requests)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx

        self._httpx = httpx
        self.client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}", "User-Agent": USER_AGENT},
            # A photo chunk on a slow office line may take a while; connecting must not.
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
        )

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._json("POST", f"{API}/push", json=body)

    def pull(self, since: int, limit: int) -> dict[str, Any]:
        return self._json("GET", f"{API}/pull", params={"since": since, "limit": limit})

    def photo_status(self, sha: str) -> dict[str, Any]:
        return self._json("GET", f"{API}/photos/{sha}/status")

    def put_photo(
        self, sha: str, offset: int, data: bytes, size: int | None = None
    ) -> dict[str, Any]:
        params = {"offset": offset} if size is None else {"offset": offset, "size": size}
        return self._json(
            "PUT",
            f"{API}/photos/{sha}",
            params=params,
            content=data,
            headers={"Content-Type": "application/octet-stream"},
        )

    def get_photo(self, sha: str) -> bytes:
        return self._send("GET", f"{API}/photos/{sha}").content

    def me(self) -> dict[str, Any]:
        return self._json("GET", f"{API}/me")

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _json(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        response = self._send(method, url, **kwargs)
        try:
            body = response.json()
        except ValueError as exc:
            raise SyncError("response.malformed", "the server's answer is not JSON") from exc
        if not isinstance(body, dict):
            raise SyncError("response.malformed", "the server's answer is not a JSON object")
        return body

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        httpx = self._httpx
        try:
            response = self.client.request(method, url, **kwargs)
        # Could not reach the server at all: nothing was sent, retrying later is safe.
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
            raise SyncError("network.unreachable", f"cannot reach the server: {exc}") from exc
        # Cut mid-request: the server may or may not have acted (a push batch is re-sent).
        except httpx.TransportError as exc:
            raise SyncError("network.interrupted", f"the connection broke off: {exc}") from exc
        if response.status_code >= 400:
            raise _refusal(response)
        return response


def _refusal(response: httpx.Response) -> SyncError:
    code, reason = f"http.{response.status_code}", response.reason_phrase or "refused"
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = str(body.get("code") or code)
        reason = str(body.get("reason") or reason)
    return SyncError(code, reason)
