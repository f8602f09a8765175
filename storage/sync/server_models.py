"""The wire format of docs/sync.md as pydantic models, for the OpenAPI contract only.

Requests are checked by ``ServerStore`` itself (the offline bundle applies the very same rules
without HTTP) and responses are built as plain dicts; these models describe them, never
validate them, so the contract costs nothing per request.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel, Field, JsonValue

Table = Literal["enterprises", "visits", "answers", "findings"]
# What the server checks, stated in the contract: a photo's address, record and batch ids (one
# spelling of a UUID), and numbers SQLite's 64-bit integers hold.
SHA256: Final = "^[0-9a-f]{64}$"
_UUID: Final[dict[str, JsonValue]] = {"format": "uuid"}
INT64: Final = 2**63 - 1
Outcome = Literal["created", "updated", "merged", "conflict", "unchanged", "revision", "rejected"]


class Error(BaseModel):
    code: str = Field(description="A stable code from storage/sync/errors.py, e.g. auth.invalid")
    reason: str
    reason_zh: str


class Change(BaseModel):
    table: str = Field(description="enterprises, visits, answers or findings")
    id: str = Field(
        description="The record's UUID (an answer's: uuid5 of visit_id/area/item)",
        json_schema_extra=_UUID,
    )
    base_rev: int = Field(
        ge=0, le=INT64, description="The rev the client's copy was based on; 0 if new"
    )
    deleted: bool
    data: dict[str, Any] = Field(description="Exactly the table's data fields")
    updated_at: str = Field(description="ISO 8601 UTC", json_schema_extra={"format": "date-time"})
    resolves: list[str] = Field(default=[], description="Fields whose open conflicts it settles")


class Expect(BaseModel):
    """The store a laptop last synced with: a push made for another is refused whole."""

    store_id: str | None = Field(default=None, json_schema_extra=_UUID)
    generation: int | None = Field(default=None, ge=1)
    since: int | None = Field(default=None, ge=0, le=INT64, description="The laptop's position")


class PushRequest(BaseModel):
    batch: str = Field(
        description="A client-made UUID; re-sending it changes nothing", json_schema_extra=_UUID
    )
    changes: list[Change] = Field(max_length=500)
    expect: Expect | None = Field(
        default=None,
        description="If it names another store or generation, or a since past the server's "
        "sequence: 409 store.reset, nothing applied (docs/sync.md, Backup and restore)",
    )


class Generation(BaseModel):
    generation: int = Field(ge=1)
    start: int = Field(ge=0, le=INT64, description="The sequence it began at (the backup's)")


class StoreIdentity(BaseModel):
    """Which central store answers, and which generation of it (a restore makes a new one)."""

    id: str = Field(description="A UUID made with the store", json_schema_extra=_UUID)
    generation: int = Field(ge=1, description="Changes whenever the store is restored")
    lineage: list[Generation] = Field(description="This store's generations, oldest first")


class PushResult(BaseModel):
    table: str
    id: str = Field(description="As the change carried it (a rejected one's may be no UUID)")
    outcome: Outcome
    rev: int = Field(ge=0, le=INT64, description="The record's rev; 0: none (rejected)")
    conflicts: list[str] = Field(description="Fields with a hard conflict")
    new_id: str | None = Field(default=None, description="outcome revision: the new visit's id")
    code: str | None = Field(default=None, description="outcome rejected: why")
    reason: str | None = None
    reason_zh: str | None = None


class PushResponse(BaseModel):
    batch: str = Field(json_schema_extra=_UUID)
    seq: int = Field(ge=0, le=INT64, description="The server's sequence after the batch")
    results: list[PushResult] = Field(description="One per change, in request order")
    store: StoreIdentity
    echo: list[int] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="[after, through]: the positions past `after` up to `through` hold only "
        "this batch's changes exactly as pushed; the pusher's pull may pass over them",
    )


class ConflictSide(BaseModel):
    value: Any
    by: str
    at: str


class Conflict(BaseModel):
    id: str
    field: str
    base: Any = Field(description="The value both sides started from (null: none)")
    ours: ConflictSide = Field(description="The value the record holds")
    theirs: ConflictSide = Field(description="The competing value")


class PulledRecord(BaseModel):
    table: Table
    id: str = Field(json_schema_extra=_UUID)
    rev: int = Field(ge=1, le=INT64)
    deleted: bool
    data: dict[str, Any]
    updated_by: str
    updated_at: str
    conflicts: list[Conflict]


class PullResponse(BaseModel):
    seq: int = Field(ge=0, le=INT64)
    next: int = Field(ge=0, le=INT64, description="The since of the next page")
    more: bool
    changes: list[PulledRecord]
    store: StoreIdentity


class PhotoStatus(BaseModel):
    sha: str = Field(pattern=SHA256)
    size: int = Field(ge=0, description="Bytes received so far (all of them once complete)")
    complete: bool


class Me(BaseModel):
    name: str
    role: Literal["consultant", "office"]
    districts: list[str]


class Health(BaseModel):
    status: Literal["ok"]
    protocol: int
