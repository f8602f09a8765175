"""The wire format of docs/sync.md as pydantic models, for the OpenAPI contract only.

Requests are checked by ``ServerStore`` itself (the offline bundle applies the very same rules
without HTTP) and responses are built as plain dicts; these models describe them, never
validate them, so the contract costs nothing per request.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Table = Literal["enterprises", "visits", "answers", "findings"]
Outcome = Literal["created", "updated", "merged", "conflict", "unchanged", "revision", "rejected"]


class Error(BaseModel):
    code: str = Field(description="A stable code from storage/sync/errors.py, e.g. auth.invalid")
    reason: str
    reason_zh: str


class Change(BaseModel):
    table: str = Field(description="enterprises, visits, answers or findings")
    id: str = Field(description="The record's UUID (an answer's: uuid5 of visit_id/area/item)")
    base_rev: int = Field(ge=0, description="The rev the client's copy was based on; 0 if new")
    deleted: bool
    data: dict[str, Any] = Field(description="Exactly the table's data fields")
    updated_at: str = Field(description="ISO 8601 UTC")
    resolves: list[str] = Field(default=[], description="Fields whose open conflicts it settles")


class PushRequest(BaseModel):
    batch: str = Field(description="A client-made UUID; re-sending it changes nothing")
    changes: list[Change] = Field(max_length=500)


class PushResult(BaseModel):
    table: str
    id: str
    outcome: Outcome
    rev: int
    conflicts: list[str] = Field(description="Fields with a hard conflict")
    new_id: str | None = Field(default=None, description="outcome revision: the new visit's id")
    code: str | None = Field(default=None, description="outcome rejected: why")
    reason: str | None = None
    reason_zh: str | None = None


class PushResponse(BaseModel):
    batch: str
    seq: int = Field(description="The server's sequence after the batch")
    results: list[PushResult] = Field(description="One per change, in request order")


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
    id: str
    rev: int
    deleted: bool
    data: dict[str, Any]
    updated_by: str
    updated_at: str
    conflicts: list[Conflict]


class PullResponse(BaseModel):
    seq: int
    next: int = Field(description="The since of the next page")
    more: bool
    changes: list[PulledRecord]


class PhotoStatus(BaseModel):
    sha: str
    size: int = Field(description="Bytes received so far (all of them once complete)")
    complete: bool


class Me(BaseModel):
    name: str
    role: Literal["consultant", "office"]
    districts: list[str]


class Health(BaseModel):
    status: Literal["ok"]
    protocol: int
