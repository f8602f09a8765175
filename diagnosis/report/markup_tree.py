"""The typed tree of the report markup (docs/report-markup.md): one frozen dataclass per element.

The parser (markup.py) builds it and the PDF layout (story.py and its helpers) reads it, so both
sides share these types without the layout depending on how XML is read. Plain data only: no
parsing, no validation, no layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

Align = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Break:
    """A `<br/>`."""


Inline: TypeAlias = tuple[Run | Break, ...]


def plain(inline: Inline) -> str:
    return "".join(part.text if isinstance(part, Run) else "\n" for part in inline)


@dataclass(frozen=True)
class CoverLine:
    kind: Literal["title", "subtitle"]
    text: Inline


@dataclass(frozen=True)
class Toc:
    title: str


@dataclass(frozen=True)
class Heading:
    level: int
    text: Inline


@dataclass(frozen=True)
class Para:
    cls: Literal["", "lead", "note", "warning"]
    text: Inline


@dataclass(frozen=True)
class Item:
    mark: Literal["", "ok", "miss", "warn", "info"]
    text: Inline


@dataclass(frozen=True)
class BulletList:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Cell:
    text: Inline
    header: bool


@dataclass(frozen=True)
class Table:
    widths: tuple[float, ...]
    align: tuple[Align, ...]
    header: int
    style: Literal["grid", "plain", "keyvalue"]
    total: bool
    rows: tuple[tuple[Cell, ...], ...]
    # Indices of group-heading rows (`<tr class="group">`): one cell, spanning every column.
    groups: frozenset[int] = frozenset()
    # Appended to a row's first cell when it is repeated above the rest of a row split over a
    # page (`continued="（续）"`); empty: the rest is printed without it.
    continued: str = ""


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    unit: str


@dataclass(frozen=True)
class Figures:
    items: tuple[Figure, ...]


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None


@dataclass(frozen=True)
class Chart:
    kind: Literal["radar", "bar"]
    title: str
    max: float
    unit: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Photo:
    ref: str
    caption: str


@dataclass(frozen=True)
class Finding:
    text: tuple[Block, ...]
    photos: tuple[Photo, ...]


@dataclass(frozen=True)
class Signer:
    role: str
    name: str
    detail: str = ""  # a smaller second line under the name (an expert's specialty, unit)
    seal: bool = False  # room for a seal where the signature line would be


@dataclass(frozen=True)
class Signoff:
    sign_label: str
    date_label: str
    signers: tuple[Signer, ...]


@dataclass(frozen=True)
class Keep:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Spacer:
    height: float


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Cover:
    blocks: tuple[CoverLine | Para | Table | Spacer, ...]


Block: TypeAlias = (
    Cover
    | Toc
    | Heading
    | Para
    | BulletList
    | Table
    | Figures
    | Chart
    | Finding
    | Photo
    | Signoff
    | Keep
    | Spacer
    | PageBreak
)


@dataclass(frozen=True)
class Plan:
    lang: Literal["zh", "en"]
    title: str
    author: str
    subject: str
    header_left: str
    header_right: str
    footer_left: str
    page_format: str
    missing_photo: str
    blocks: tuple[Block, ...]
