"""How the sync client reaches the server: the ``Transport`` port and its HTTP implementation.

Every failure becomes a ``SyncError`` with a stable code (the server's, or ``network.*``), never
an httpx exception. httpx is imported when an ``HttpTransport`` is made, not at app start-up.

TLS: with ``cafile`` (the office's self-signed ``server.crt``, made by ``server cert``) that file
is the only trust anchor; without it, the public authorities (httpx: certifi, $SSL_CERT_FILE). A
certificate that is not trusted is ``network.untrusted``, a CA file that cannot be read
``network.cafile``.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from diagnosis.failures import ExplainedSyncError
from diagnosis.messages import Bilingual, Message
from diagnosis.sync.ports import SyncError

if TYPE_CHECKING:
    import ssl

    import httpx

API = "/api/v1"
USER_AGENT = "diagnosis-workbench-sync/1"


class Transport(Protocol):
    """The requests of docs/sync.md; each answers the server's JSON as a dict."""

    def push(self, body: dict[str, Any]) -> dict[str, Any]: ...

    def pull(self, since: int, limit: int, until: int | None = None) -> dict[str, Any]: ...

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
        cafile: str | None = None,
    ) -> None:
        import httpx

        self._httpx = httpx
        verify: ssl.SSLContext | bool = True
        # A CA file that cannot be used fails the first request, not the construction: the
        # conflicts list, which makes a transport but never sends, still opens.
        self._unusable: SyncError | None = None
        if cafile:
            try:
                verify = trust(cafile)
            except SyncError as exc:
                self._unusable = exc
        self.client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}", "User-Agent": USER_AGENT},
            # A photo chunk on a slow office line may take a while; connecting must not.
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            verify=verify,
        )

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._json("POST", f"{API}/push", json=body)

    def pull(self, since: int, limit: int, until: int | None = None) -> dict[str, Any]:
        params = {"since": since, "limit": limit}
        if until is not None:  # only then: a server of an older version refuses nothing
            params["until"] = until
        return self._json("GET", f"{API}/pull", params=params)

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
            raise _malformed(response, "the server's answer is not JSON") from exc
        if not isinstance(body, dict):
            raise _malformed(response, "the server's answer is not a JSON object")
        return body

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        httpx = self._httpx
        if self._unusable is not None:
            raise self._unusable
        try:
            response = self.client.request(method, url, **kwargs)
        # Could not reach the server at all: nothing was sent, retrying later is safe.
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
            untrusted = _verify_failure(exc)
            if untrusted is not None:
                raise ExplainedSyncError(
                    "network.untrusted",
                    f"the server's certificate is not trusted: {untrusted}",
                    Message("sync.untrusted"),
                    untrusted,
                ) from exc
            raise ExplainedSyncError(
                "network.unreachable",
                f"cannot reach the server: {exc}",
                _unreachable(exc, str(self.client.base_url)),
                str(exc) or type(exc).__name__,
            ) from exc
        # Cut mid-request: the server may or may not have acted (a push batch is re-sent).
        except httpx.TransportError as exc:
            raise ExplainedSyncError(
                "network.interrupted",
                f"the connection broke off: {exc}",
                Message("sync.interrupted"),
                str(exc) or type(exc).__name__,
            ) from exc
        if response.status_code >= 400:
            raise _refusal(response)
        return response


def trust(cafile: str) -> ssl.SSLContext:
    """A client context trusting only the certificate(s) in ``cafile``; SyncError
    ``network.cafile`` when it cannot be read."""
    import ssl

    try:
        return ssl.create_default_context(cafile=cafile)
    except ssl.SSLError as exc:  # a file, but no PEM certificate in it (a key, a .der)
        raise ExplainedSyncError(
            "network.cafile",
            f"cannot use the CA certificate {cafile}: it holds no PEM certificate",
            Message("sync.cafile", {"path": cafile}),
            "no PEM certificate in the file",
        ) from exc
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise ExplainedSyncError(
            "network.cafile",
            f"cannot use the CA certificate {cafile}: {detail}",
            Message("sync.cafile", {"path": cafile}),
            str(exc),
        ) from exc


def _verify_failure(exc: BaseException) -> str | None:
    """OpenSSL's reason when ``exc`` was caused by a certificate the client does not trust
    (self-signed and not given, expired, for another host name); None for any other failure."""
    import ssl

    seen: BaseException | None = exc
    for _ in range(8):  # httpx -> httpcore -> ssl: a short chain
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLCertVerificationError):
            return str(seen.verify_message or seen.reason or seen)
        seen = seen.__cause__ or seen.__context__
    return None


def _unreachable(exc: BaseException, url: str) -> Message:
    """Why the server could not be reached, from the OS's error under httpx's."""
    import socket

    if type(exc).__name__ == "UnsupportedProtocol":
        return Message("sync.bad_address", {"url": url})
    if type(exc).__name__ == "ConnectTimeout":
        return Message("sync.timeout")
    seen: BaseException | None = exc
    for _ in range(8):  # httpx -> httpcore -> OSError: a short chain
        if seen is None:
            break
        if isinstance(seen, ConnectionRefusedError):
            return Message("sync.refused")
        if isinstance(seen, socket.gaierror):
            host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
            return Message("sync.unknown_host", {"host": host})
        if isinstance(seen, TimeoutError):
            return Message("sync.timeout")
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    if "Connection refused" in text:  # httpcore re-raises with the text only
        return Message("sync.refused")
    if "Name or service not known" in text or "nodename nor servname" in text:
        host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
        return Message("sync.unknown_host", {"host": host})
    if "timed out" in text:
        return Message("sync.timeout")
    return Message("sync.unreachable")


def _malformed(response: httpx.Response, reason: str) -> SyncError:
    """An answer that is not the diagnosis server's JSON: most likely another web server."""
    detail = f"HTTP {response.status_code} {response.url}: {reason}"
    return ExplainedSyncError("response.malformed", reason, Message("sync.malformed"), detail)


def _refusal(response: httpx.Response) -> SyncError:
    status = response.status_code
    code, reason = f"http.{status}", response.reason_phrase or "refused"
    try:
        body = response.json()
    except ValueError:
        body = None
    detail = f"HTTP {status} {response.reason_phrase} {response.url}"
    ours = isinstance(body, dict) and "code" in body and "reason" in body
    if isinstance(body, dict):
        code = str(body.get("code") or code)
        reason = str(body.get("reason") or reason)
    # Not the server's catalogue (another web server), or its "no such path" (a URL with a
    # path of its own in front of /api/v1): the address is wrong, not the request.
    if not ours or code == "not_found":
        message = Message("sync.not_server", {"status": status})
        return ExplainedSyncError(code, reason, message, f"{detail}: {reason}")
    assert isinstance(body, dict)
    words = Bilingual(str(body.get("reason_zh") or reason), reason)
    return ExplainedSyncError(code, reason, Message("sync.refusal", {"reason": words}), detail)
