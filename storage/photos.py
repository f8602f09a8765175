"""Photos of findings on disk, one JPEG per picture named by the SHA-256 of its bytes.

The folder sits beside the store file (``<stem>-photos/``) so a copied store travels with its
photos; sync moves photos by hash (DESIGN invariant 4). Writes are atomic: never a half photo.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable
from pathlib import Path

from diagnosis.files import write_whole
from diagnosis.messages import DomainError, problem
from diagnosis.photos import JPEG_QUALITY, MAX_BYTES, MAX_SIDE, check_photo_size, is_sha256
from diagnosis.report.report_photos import PHOTO_MAX_PX
from PIL import ExifTags, Image, ImageOps

SUFFIX = ".jpg"
# Pillow raises any of these for a file it cannot decode (plugins differ: truncated data is an
# OSError, some malformed headers a SyntaxError or ValueError, a pixel bomb its own error).
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError)


def photo_folder_for(store_path: Path) -> Path:
    """``/data/store.sqlite`` -> ``/data/store-photos/``."""
    return store_path.parent / f"{store_path.stem}-photos"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PhotoStore:
    """Content-addressed photos: ``add`` a file, get back the hash that names it from then on."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_of(self, sha: str) -> Path:
        # Checked so that an address from a document or the network can never name another file.
        if not is_sha256(sha):
            raise ValueError(f"not a photo address (64 lower-case hex digits): {sha!r}")
        return self.folder / f"{sha}{SUFFIX}"

    def has(self, sha: str) -> bool:
        return is_sha256(sha) and self.path_of(sha).is_file()

    def missing(self, shas: Iterable[str]) -> list[str]:
        """The addresses (in the order given, each once) with no photo here: what to fetch."""
        return [sha for sha in dict.fromkeys(shas) if not self.has(sha)]

    def open_bytes(self, sha: str) -> bytes:
        """The stored bytes, verified against their address; a damaged file is refused."""
        target = self.path_of(sha)
        try:
            data = target.read_bytes()
        except FileNotFoundError as exc:
            raise DomainError(
                [problem("photo", "photo.missing", sha=sha, path=str(target))]
            ) from exc
        if sha256_hex(data) != sha:
            raise DomainError([problem("photo", "photo.damaged", sha=sha, path=str(target))])
        return data

    def add(self, path: Path) -> str:
        """Store the picture at ``path`` (upright, at most MAX_SIDE px, JPEG); return its SHA-256.

        Refuses, with a DomainError and nothing written, a file over MAX_BYTES or one that is not
        an image. Adding the same picture again stores nothing new and returns the same hash.
        """
        stored = _prepare(_read_limited(path), path.name)
        sha = sha256_hex(stored)
        target = self.path_of(sha)
        if not self._intact(target, sha):  # a damaged copy is replaced by the good bytes
            write_whole(target, stored)
        return sha

    def print_path(self, sha: str) -> Path | None:
        """A print-size copy (PHOTO_MAX_PX on the long side) for the plan's PDF, made once and
        kept in ``print/`` so a batch of plans does not downscale the same photos again; None
        when the photo is not here or cannot be read."""
        if not self.has(sha):
            return None
        target = self.folder / "print" / f"{sha}{SUFFIX}"
        if target.is_file():
            return target
        try:
            with Image.open(self.path_of(sha)) as image:
                image.draft("RGB", (PHOTO_MAX_PX, PHOTO_MAX_PX))  # libjpeg's fast scaled decode
                picture = image.convert("RGB")
        except _DECODE_ERRORS:
            return None
        picture.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX), Image.Resampling.BICUBIC)
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=JPEG_QUALITY)
        write_whole(target, out.getvalue())
        return target

    def _intact(self, target: Path, sha: str) -> bool:
        try:
            return sha256_hex(target.read_bytes()) == sha
        except FileNotFoundError:
            return False


def _read_limited(path: Path) -> bytes:
    """Read the file, refusing it by its size first so a huge file is never loaded whole."""
    try:
        with path.open("rb") as fh:
            too_large = check_photo_size(os.fstat(fh.fileno()).st_size, path.name)
            if too_large is not None:
                raise DomainError([too_large])
            data = fh.read(MAX_BYTES + 1)  # +1: a file still growing is caught too
    except OSError as exc:
        raise DomainError([problem("photo", "photo.unreadable", name=path.name)]) from exc
    too_large = check_photo_size(len(data), path.name)
    if too_large is not None:
        raise DomainError([too_large])
    return data


def _prepare(data: bytes, name: str) -> bytes:
    """The bytes to store: the original if it is already a fit JPEG, else an upright re-encoding."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()  # decode now: a truncated file must be refused, not stored
            if _fit_as_is(img):
                return data
            return _reencode(img)
    except _DECODE_ERRORS as exc:
        raise DomainError([problem("photo", "photo.unreadable", name=name)]) from exc


def _fit_as_is(img: Image.Image) -> bool:
    # Kept byte for byte so re-adding the same camera file gives the same hash on any machine,
    # whatever Pillow/libjpeg version would re-encode it. Only plain JPEG: MPO carries extra
    # pictures, CMYK prints badly in PDFs, a rotated one must be turned upright.
    orientation = img.getexif().get(ExifTags.Base.Orientation, 1)
    return (
        img.format == "JPEG"
        and img.mode in ("RGB", "L")
        and max(img.size) <= MAX_SIDE
        and orientation == 1
    )


def _reencode(img: Image.Image) -> bytes:
    upright = _flatten(ImageOps.exif_transpose(img))
    # thumbnail keeps the aspect ratio and never enlarges.
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _flatten(img: Image.Image) -> Image.Image:
    """RGB; transparent areas (screenshots, PNG markups) become white, not black."""
    if img.mode == "RGB":
        return img
    if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return img.convert("RGB")
