"""The bundle file itself (docs/sync.md, Offline bundle): a zip of ``bundle.json`` and
``photos/<sha256>``, its signed header in the zip comment, read under hard caps.

A bundle may come from anyone with a USB stick, so nothing in it is decompressed before its
central directory has passed the caps (entries, names, each declared size, the total, the
compression ratio), and every read is streamed with a hard cap of its own, so a header that
lies about a size cannot make the reader hold more than the cap. ``bundle.json`` is parsed only
after its MAC has been checked (storage.sync.bundle_auth).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from diagnosis.sync.ports import SyncError

from storage.sync.errors import CATALOGUE

FORMAT: Final = 2
MAX_PHOTOS: Final = 4000  # per bundle; a larger reply is split over exchanges (bundle.py)
MAX_PHOTO: Final = 20 * 1024 * 1024  # the server's own limit on one photo
MAX_JSON: Final = 128 * 1024 * 1024
MAX_TOTAL: Final = 4 * 1024 * 1024 * 1024  # everything in one bundle, uncompressed
MAX_RATIO: Final = 200  # JSON deflates about 10:1; a bomb, a thousand or a million to one
_RATIO_FREE: Final = 1024 * 1024  # entries this small may compress as they like
_CHUNK: Final = 1024 * 1024
_PHOTO_NAME: Final = re.compile(r"photos/([0-9a-f]{64})")
_EOCD: Final = b"PK\x05\x06"


class BundleError(SyncError):
    """A bundle refused, with the catalogue's reason in English and Chinese plus the detail."""

    def __init__(self, code: str, detail: str = "", detail_zh: str | None = None) -> None:
        _status, en, zh = CATALOGUE[code]
        super().__init__(code, f"{en} {detail}".strip())
        self.reason_zh = f"{zh}{detail if detail_zh is None else detail_zh}".strip()


def _too_large(what: str, what_zh: str) -> BundleError:
    return BundleError("bundle.too_large", f"{what}.", f"{what_zh}。")


class BundleFile:
    """An opened bundle whose zip structure has passed the caps; nothing read from it yet."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            size = path.stat().st_size
            if size > MAX_TOTAL + MAX_JSON:
                raise _too_large(f"the file is {size:,} bytes", f"文件有 {size:,} 字节")
            with path.open("rb") as f:
                _check_entry_count(f, size)
            self.zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
            raise _unusable(path, exc) from exc
        try:
            self.photos = self._check_directory()
            self.header = _header(self.zip.comment, path)
        except BaseException:
            self.zip.close()
            raise

    def _check_directory(self) -> dict[str, zipfile.ZipInfo]:
        infos = self.zip.infolist()
        names = [info.filename for info in infos]
        if len(names) != len(set(names)):
            raise BundleError("bundle.unusable", "An entry appears twice.", "有重复的条目。")
        photos: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            match = _PHOTO_NAME.fullmatch(info.filename)
            if info.filename != "bundle.json" and match is None:
                name = info.filename[:80]
                raise BundleError(
                    "bundle.unusable",
                    f"Unexpected entry {name!r} (only bundle.json and photos/<sha256>).",
                    f"有不应出现的条目 {name!r}（只允许 bundle.json 与 photos/<sha256>）。",
                )
            limit = MAX_JSON if match is None else MAX_PHOTO
            if info.file_size > limit:
                raise _too_large(
                    f"{info.filename} declares {info.file_size:,} bytes (at most {limit:,})",
                    f"{info.filename} 声明 {info.file_size:,} 字节（上限 {limit:,}）",
                )
            if info.flag_bits & 0x1 or info.compress_type not in (
                zipfile.ZIP_STORED,
                zipfile.ZIP_DEFLATED,
            ):
                raise BundleError(
                    "bundle.unusable",
                    f"{info.filename} is encrypted or compressed in an unknown way.",
                    f"{info.filename} 已加密或压缩方式未知。",
                )
            packed = max(info.compress_size, 1)
            if info.file_size > _RATIO_FREE and info.file_size / packed > MAX_RATIO:
                raise _too_large(
                    f"{info.filename} would expand {info.file_size // packed:,} times",
                    f"{info.filename} 解压后将膨胀 {info.file_size // packed:,} 倍",
                )
            total += info.file_size
            if match is not None:
                photos[match.group(1)] = info
        if total > MAX_TOTAL:
            raise _too_large(f"its entries hold {total:,} bytes", f"其条目共 {total:,} 字节")
        if "bundle.json" not in names:
            raise BundleError("bundle.unusable", "It has no bundle.json.", "缺少 bundle.json。")
        return photos

    # -- reading, each under a hard cap -------------------------------------------------------

    def _chunks(self, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
        """The entry's bytes in chunks; never more than ``limit`` or than it declared."""
        cap = min(limit, info.file_size)
        got = 0
        try:
            with self.zip.open(info) as f:
                while chunk := f.read(min(_CHUNK, cap - got + 1)):
                    got += len(chunk)
                    if got > cap:
                        raise _too_large(
                            f"{info.filename} holds more than it declares",
                            f"{info.filename} 的内容多于其声明",
                        )
                    yield chunk
        except (OSError, zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
            # A CRC that does not match, a cut-off file, a bad deflate stream.
            raise _unusable(self.path, exc) from exc
        if got != info.file_size:
            raise _unusable(self.path, ValueError(f"{info.filename} is cut short"))

    def body_chunks(self) -> Iterator[bytes]:
        """``bundle.json``'s bytes in chunks, under the cap."""
        return self._chunks(self.zip.getinfo("bundle.json"), MAX_JSON)

    def photo_sha(self, sha: str) -> str:
        """The SHA-256 of the photo entry's bytes, read in chunks (nothing kept)."""
        digest = hashlib.sha256()
        for chunk in self._chunks(self.photos[sha], MAX_PHOTO):
            digest.update(chunk)
        return digest.hexdigest()

    def photo(self, sha: str) -> bytes:
        """The photo's bytes (at most MAX_PHOTO), checked against its address."""
        data = b"".join(self._chunks(self.photos[sha], MAX_PHOTO))
        if hashlib.sha256(data).hexdigest() != sha:
            raise photo_mismatch(sha)
        return data

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def photo_mismatch(sha: str) -> BundleError:
    return BundleError(
        "bundle.forged",
        f"photos/{sha} does not hash to its name.",
        f"photos/{sha} 的内容与其 SHA-256 不符。",
    )


def _check_entry_count(f: Any, size: int) -> None:
    """The entry count of the end-of-central-directory record, before zipfile reads the
    directory at all (a 1.5 MB file can list tens of thousands of entries)."""
    tail = min(size, 22 + 65535)
    f.seek(size - tail)
    data = f.read(tail)
    at = data.rfind(_EOCD)
    if at < 0 or len(data) - at < 22:
        raise zipfile.BadZipFile("no end of central directory: not a zip, or cut short")
    (count,) = struct.unpack_from("<H", data, at + 10)
    (comment_size,) = struct.unpack_from("<H", data, at + 20)
    if at + 22 + comment_size != len(data):  # the signed header is the file's last bytes
        raise zipfile.BadZipFile("the file is cut short, or has bytes after its end")
    if count > MAX_PHOTOS + 1:
        raise _too_large(
            f"it has {count:,} entries (at most {MAX_PHOTOS + 1:,})",
            f"其条目有 {count:,} 个（上限 {MAX_PHOTOS + 1:,}）",
        )


def _header(comment: bytes, path: Path) -> dict[str, Any]:
    try:
        header = json.loads(comment.decode("utf-8")) if comment else {}
    except (UnicodeDecodeError, ValueError):
        header = None
    if not isinstance(header, dict):
        raise BundleError(
            "bundle.unusable",
            f"{path.name}: its header cannot be read.",
            f"{path.name}：无法读取其头部。",
        )
    if "format" not in header:
        raise BundleError(
            "bundle.format",
            f"{path.name} carries no signature: an earlier version of the app (format 1) made "
            "it, or it is not a sync bundle.",
            f"{path.name} 没有签名：它由旧版应用（格式 1）生成，或不是同步包。",
        )
    if header["format"] != FORMAT:
        raise BundleError(
            "bundle.format",
            f"{path.name} is of format {header['format']!r}; this version reads format {FORMAT}.",
            f"{path.name} 的格式为 {header['format']!r}；此版本只读取格式 {FORMAT}。",
        )
    return header


def _unusable(path: Path, exc: BaseException) -> BundleError:
    if isinstance(exc, BundleError):
        return exc
    return BundleError(
        "bundle.unusable",
        f"{path.name} is damaged, cut short or not a zip: {exc}",
        f"{path.name} 已损坏、不完整或不是 zip 文件：{exc}",
    )


def write_bundle(
    out: Path, comment: bytes, body: bytes, photos: Mapping[str, Callable[[], bytes] | Path]
) -> None:
    """The whole bundle or nothing: written beside ``out`` and renamed over it. A photo is
    given as a file to copy (streamed) or a function that returns its bytes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".", suffix=".part")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            zf.writestr("bundle.json", body, compress_type=zipfile.ZIP_DEFLATED)
            for sha, source in photos.items():
                # Photos are JPEG already: stored, not deflated again.
                if isinstance(source, Path):
                    zf.write(source, f"photos/{sha}", compress_type=zipfile.ZIP_STORED)
                else:
                    zf.writestr(f"photos/{sha}", source(), compress_type=zipfile.ZIP_STORED)
            zf.comment = comment
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
