"""The central server's HTTP face (docs/sync.md): thin FastAPI handlers over ``ServerStore``.

Every error is ``{"code", "reason", "reason_zh"}`` from the one catalogue with its status; bad
input of any kind (no JSON, wrong types, a body too large) gets a 4xx, never a 500. Database work
runs in the thread pool, so a push waiting for the writer never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from storage.sync import server_models as models
from storage.sync.errors import SyncRefusal
from storage.sync.server_activity import Activity, CountRequests
from storage.sync.server_db import ServerStore, User
from storage.sync.server_office import OfficeMirror, OfficeStats, office_filter
from storage.sync.server_photos import read_timeout, stalled
from storage.sync.server_pull import DEFAULT_LIMIT, MAX_LIMIT, MAX_SINCE

PROTOCOL: Final = 1
API: Final = "/api/v1"
# 500 changes of full visits (measures and notes as JSON text) stay well under this; a body
# beyond it is a mistake or an attack, refused before it is read into memory.
MAX_PUSH_BYTES: Final = 32 * 1024 * 1024

_bearer = HTTPBearer(auto_error=False, description="The token printed once by `user add`.")


def current_user(request: Request, _credentials: Annotated[Any, Depends(_bearer)] = None) -> User:
    """The account of the request's bearer token (a dependency of every endpoint but health)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise SyncRefusal("auth.missing")
    store: ServerStore = request.app.state.store
    user = store.authenticate(token.strip())
    if user is None:
        raise SyncRefusal("auth.invalid")
    return user


# Module level: FastAPI resolves the (postponed) annotations of handlers in this module.
Authenticated = Annotated[User, Depends(current_user)]

# GET /stats takes the command line's filters. The figures are codes and numbers, the same in
# either language; ``lang`` is accepted so a client can pass what it passes to ``stats``.
StatsYear = Annotated[
    int | None, Query(ge=1900, le=2100, description="Visits and projects of that year")
]
StatsDistrict = Annotated[str | None, Query(max_length=64, description="A district, code or name")]
Lang = Annotated[Literal["zh", "en"], Query(description="Accepted as `stats --lang`; no effect")]
# Every number a request carries is bounded before a handler sees it: one past SQLite's 64-bit
# integers made a pull answer 500 (and 2**63 cut the connection). A photo's offset and size
# stay within that range only: past the store's photo limit they are 413 photo.too_large.
PhotoOffset = Annotated[int, Query(ge=0, le=MAX_SINCE, description="Where these bytes start")]
PhotoSize = Annotated[int | None, Query(ge=1, le=MAX_SINCE, description="The photo's total size")]
# A photo's address, checked (422) and stated in the contract.
Sha = Annotated[
    str,
    PathParam(pattern=models.SHA256, description="The photo's SHA-256: 64 lower-case hex digits"),
]


class Account(BaseModel):
    """An account as ``GET /users`` lists it: never its token or the token's hash."""

    name: str
    role: Literal["consultant", "office"]
    districts: list[str]
    created_at: str
    revoked: bool
    revoked_at: str | None


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": models.Error} for status in statuses}


def create_app(
    store: ServerStore, *, max_push_bytes: int = MAX_PUSH_BYTES, photo_timeout: float | None = None
) -> FastAPI:
    """``photo_timeout``: seconds a photo's PUT may go without a byte, and its upload's
    reservation without one (default $DIAGNOSIS_PHOTO_TIMEOUT, else 30)."""
    app = FastAPI(
        title="Enterprise diagnosis sync",
        version=str(PROTOCOL),
        description="The central store's sync protocol; see docs/sync.md.",
        # The interactive pages load scripts from the internet; an office server may have none.
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    # Requests counted as they run: the office mirror's catch-up after a start gives way to them.
    app.state.activity = Activity()
    app.add_middleware(CountRequests, activity=app.state.activity)
    store.photos.idle_limit = read_timeout() if photo_timeout is None else photo_timeout
    _add_error_handlers(app)

    @app.get(f"{API}/health", response_model=models.Health)
    def health() -> dict[str, Any]:
        return {"status": "ok", "protocol": PROTOCOL}

    @app.get(f"{API}/me", response_model=models.Me, responses=_errors(401))
    def me(user: Authenticated) -> dict[str, Any]:
        return {"name": user.name, "role": user.role, "districts": list(user.districts)}

    @app.get(f"{API}/users", response_model=list[Account], responses=_errors(401, 403))
    def users(user: Authenticated) -> list[dict[str, Any]]:
        """Every account (office accounts only): what `user list` prints, without tokens."""
        if user.role != "office":
            raise SyncRefusal(
                "auth.forbidden",
                "Only an office account may list the accounts.",
                "只有办公室账号可以查看账号列表。",
            )
        return store.list_users()

    mirror = app.state.office = OfficeMirror(store)

    @app.get(f"{API}/stats", responses={200: {"model": OfficeStats}, **_errors(401, 403, 422)})
    def stats(
        user: Authenticated,
        year: StatsYear = None,
        district: StatsDistrict = None,
        lang: Lang = "zh",
    ) -> Response:
        """The office figures (office accounts only): what `stats --json` prints, computed
        from every record the server holds (docs/sync.md "Office figures")."""
        if user.role != "office":
            raise SyncRefusal(
                "auth.forbidden",
                "Only an office account may see the office figures.",
                "只有办公室账号可以查看办公室统计。",
            )
        return JSONResponse(mirror.stats(office_filter(year, district)))

    @app.post(
        f"{API}/push",
        responses={200: {"model": models.PushResponse}, **_errors(400, 401, 409, 413, 422)},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}
                },
            }
        },
    )
    async def push(request: Request, user: Authenticated) -> Response:
        body = await _read_json(request, max_push_bytes)
        return JSONResponse(await run_in_threadpool(store.push, user, body))

    @app.get(
        f"{API}/pull",
        responses={200: {"model": models.PullResponse}, **_errors(401, 422)},
    )
    def pull(
        user: Authenticated,
        since: Annotated[
            int, Query(ge=0, le=MAX_SINCE, description="The previous page's next; 0 at first")
        ] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
        until: Annotated[
            int | None,
            Query(ge=0, le=MAX_SINCE, description="No record past this position (client_echo)"),
        ] = None,
    ) -> Response:
        return JSONResponse(store.pull(user, since, limit, until))

    @app.get(
        f"{API}/photos/{{sha}}/status",
        response_model=models.PhotoStatus,
        responses=_errors(401, 422),
    )
    def photo_status(sha: Sha, user: Authenticated) -> dict[str, Any]:
        # A photo the account may not see looks absent: nobody learns which photos exist.
        return store.photo_status(sha, user)

    @app.put(
        f"{API}/photos/{{sha}}",
        response_model=models.PhotoStatus,
        responses=_errors(401, 408, 409, 413, 422),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        },
    )
    async def put_photo(
        sha: Sha,
        request: Request,
        user: Authenticated,
        offset: PhotoOffset = 0,
        size: PhotoSize = None,
    ) -> Response:
        length = _content_length(request)
        upload = await run_in_threadpool(store.photo_upload, sha, offset, size, length, user=user)
        chunks, timeout = request.stream(), store.photos.idle_limit
        try:
            # uvicorn has no body-read timeout: a client that stops sending mid-body (a dead
            # line, a stalled proxy) would hold this photo's upload, and its worker, for ever.
            while (chunk := await asyncio.wait_for(anext(chunks, None), timeout)) is not None:
                upload.write(chunk)
        except ClientDisconnect:
            # Keep what arrived: the client resumes from the size the status reports.
            await run_in_threadpool(upload.close)
            return Response(status_code=400)
        except TimeoutError:
            await run_in_threadpool(upload.close)  # what arrived is kept, the photo free again
            refused = stalled(timeout)
            # The rest of the body may still come: the connection is closed, not reused.
            return JSONResponse(
                refused.body(), status_code=refused.status, headers={"Connection": "close"}
            )
        except BaseException:
            await run_in_threadpool(upload.close)
            raise
        return JSONResponse(await run_in_threadpool(upload.finish))

    @app.get(
        f"{API}/photos/{{sha}}",
        response_class=FileResponse,
        responses={
            200: {"content": {"application/octet-stream": {}}},
            **_errors(401, 404, 422),
        },
    )
    def photo(sha: Sha, user: Authenticated) -> Response:
        path: Path | None = store.photo_path(sha)
        # Uploads are open to every account (a photo is sent before its finding); a download
        # only to those who may see a finding naming it genuinely (server_photo_scope). To
        # anyone else it is missing, as it would be for a laptop asking for a photo not
        # uploaded yet: no error stops their sync, and nobody learns which photos exist.
        if path is None or not store.photo_visible(user, sha):
            raise SyncRefusal("photo.missing", sha)
        return FileResponse(path, media_type="application/octet-stream")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            # The push body is read by hand (size limit, the store's own checks); publish its
            # model anyway, so the contract shows what to send.
            extra = models.PushRequest.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(extra.pop("$defs", {}))
            components["PushRequest"] = extra
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


async def _read_json(request: Request, limit: int) -> object:
    length = _content_length(request)
    if length is not None and length > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:  # a chunked body announces no length: count it as it comes
            raise _too_large(limit)
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise SyncRefusal(
            "request.malformed", "The body is not JSON.", "请求体不是 JSON。", status=400
        ) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _too_large(limit: int) -> SyncRefusal:
    mb = limit / (1024 * 1024)
    return SyncRefusal("batch.too_large", f"The body is over {mb:g} MB.", f"请求体超过 {mb:g} MB。")


def _content_length(request: Request) -> int | None:
    text = request.headers.get("content-length")
    if text is None:
        return None
    if not text.isdigit():
        raise SyncRefusal("request.malformed", "Content-Length: not a number.", status=400)
    return int(text)


def _add_error_handlers(app: FastAPI) -> None:
    async def refusal(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SyncRefusal)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        detail = f"{where}: {first.get('msg', 'invalid')}."
        return await refusal(request, SyncRefusal("request.malformed", detail))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            refused = SyncRefusal("not_found", request.url.path)
        else:
            refused = SyncRefusal("request.malformed", str(exc.detail), status=exc.status_code)
        return await refusal(request, refused)

    async def crash(request: Request, exc: Exception) -> Response:
        # A bug of ours, not bad input: a stable code and no stack trace on the wire.
        return await refusal(request, SyncRefusal("server.error"))

    app.add_exception_handler(SyncRefusal, refusal)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, crash)
