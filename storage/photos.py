"""Photos of findings on disk, one file per picture named by the SHA-256 of its JPEG bytes.

The folder sits beside the store file (``<stem>-photos/``) so a copied store travels with its
photos; sync moves photos by hash (DESIGN invariant 4). Writes are atomic: never a half photo.
With the store's key, each file is sealed with AES-256-GCM (its address bound in as associated
data, so a file cannot pass for another); the address stays the hash of the plain JPEG, so sync
is unchanged. A photo is decrypted only into this process's private view folder (photo_view)
when something must read it by path.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diagnosis.files import write_whole
from diagnosis.messages import DomainError, problem
from diagnosis.report.report_photos import PHOTO_MAX_PX
from diagnosis.visits.photos import JPEG_QUALITY, MAX_BYTES, MAX_SIDE, check_photo_size, is_sha256
from PIL import ExifTags, Image, ImageOps

if TYPE_CHECKING:
    from storage.keys import StoreKey

SUFFIX = ".jpg"
SEALED = b"DWPHOTO1"  # a sealed photo's first bytes; a JPEG starts with FF D8
# Pillow raises any of these for a file it cannot decode (plugins differ: truncated data is an
# OSError, some malformed headers a SyntaxError or ValueError, a pixel bomb its own error).
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError)


def photo_folder_for(store_path: Path) -> Path:
    """``/data/store.sqlite`` -> ``/data/store-photos/``."""
    return store_path.parent / f"{store_path.stem}-photos"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def photos_of(store_path: Path, key: StoreKey | None) -> PhotoStore:
    """The photos of the store at ``store_path``, sealed with its key (None: a plain store)."""
    return PhotoStore(photo_folder_for(store_path), key)


class PhotoStore:
    """Content-addressed photos: ``add`` a file, get back the hash that names it from then on."""

    def __init__(self, folder: Path, key: StoreKey | None = None) -> None:
        self.folder = folder
        self._aead = None if key is None else _aead(key.subkey("photos"))

    def file_of(self, sha: str) -> Path:
        """Where the photo is kept (sealed when the store is encrypted)."""
        # Checked so that an address from a document or the network can never name another file.
        if not is_sha256(sha):
            raise ValueError(f"not a photo address (64 lower-case hex digits): {sha!r}")
        return self.folder / f"{sha}{SUFFIX}"

    def path_of(self, sha: str) -> Path:
        """A JPEG file of the photo that anything can read by path: the kept file itself for a
        plain store; else a copy decrypted into this process's private view folder."""
        target = self.file_of(sha)
        if self._aead is None:
            return target
        from storage.photo_view import view_folder, write_view

        shown = view_folder() / target.name
        if not shown.is_file() and self.has(sha):
            write_view(shown, self.open_bytes(sha))
        return shown

    def has(self, sha: str) -> bool:
        return is_sha256(sha) and self.file_of(sha).is_file()

    def missing(self, shas: Iterable[str]) -> list[str]:
        """The addresses (in the order given, each once) with no photo here: what to fetch."""
        return [sha for sha in dict.fromkeys(shas) if not self.has(sha)]

    def open_bytes(self, sha: str) -> bytes:
        """The JPEG bytes, verified against their address; a damaged file is refused."""
        target = self.file_of(sha)
        try:
            data = self._plain(sha, target.read_bytes())
        except FileNotFoundError as exc:
            raise DomainError(
                [problem("photo", "photo.missing", sha=sha, path=str(target))]
            ) from exc
        if data is None or sha256_hex(data) != sha:
            raise DomainError([problem("photo", "photo.damaged", sha=sha, path=str(target))])
        return data

    def put_bytes(self, sha: str, data: bytes) -> bool:
        """Keep ``data`` (a photo received by sync) under its address if it is the photo the
        address names; False, and nothing written, if it is not."""
        if sha256_hex(data) != sha:
            return False
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # the owner's alone
        write_whole(self.file_of(sha), self._seal(sha, data))
        return True

    def _seal(self, sha: str, data: bytes) -> bytes:
        if self._aead is None:
            return data
        nonce = secrets.token_bytes(12)
        sealed: bytes = self._aead.encrypt(nonce, data, sha.encode("ascii"))
        return SEALED + nonce + sealed

    def _plain(self, sha: str, kept: bytes) -> bytes | None:
        """The JPEG in a kept file; None if it cannot be opened. A plain file in an encrypted
        store is one not sealed yet (the store is being encrypted): its hash still vouches."""
        if not kept.startswith(SEALED):
            return kept
        if self._aead is None:
            return None
        from cryptography.exceptions import InvalidTag

        nonce, sealed = kept[len(SEALED) : len(SEALED) + 12], kept[len(SEALED) + 12 :]
        try:
            plain: bytes = self._aead.decrypt(nonce, sealed, sha.encode("ascii"))
        except InvalidTag:
            return None
        return plain

    def seal_all(self) -> int:
        """Seal every photo still kept plain (a store being encrypted), each file replaced
        whole; drop the plain print copies. The number sealed."""
        sealed = 0
        if self._aead is None or not self.folder.is_dir():
            return sealed
        shutil.rmtree(self.folder / "print", ignore_errors=True)
        for target in sorted(self.folder.glob(f"*{SUFFIX}")):
            sha = target.name[: -len(SUFFIX)]
            if not is_sha256(sha):
                continue
            data = target.read_bytes()
            if data.startswith(SEALED) or sha256_hex(data) != sha:
                continue  # sealed already; a damaged plain file is left for sync to replace
            write_whole(target, self._seal(sha, data))
            sealed += 1
        return sealed

    def add(self, path: Path) -> str:
        """Store the picture at ``path`` (upright, at most MAX_SIDE px, JPEG); return its SHA-256.

        Refuses, with a DomainError and nothing written, a file over MAX_BYTES or one that is not
        an image. Adding the same picture again stores nothing new and returns the same hash.
        """
        stored = _prepare(_read_limited(path), path.name)
        sha = sha256_hex(stored)
        if not self._intact(sha):  # a damaged copy is replaced by the good bytes
            self.put_bytes(sha, stored)
        return sha

    def print_path(self, sha: str) -> Path | None:
        """A print-size copy (PHOTO_MAX_PX on the long side) for the plan's PDF, made once and
        kept in ``print/`` so a batch of plans does not downscale the same photos again; None
        when the photo is not here or cannot be read."""
        if not self.has(sha):
            return None
        if self._aead is None:
            target = self.folder / "print" / f"{sha}{SUFFIX}"
        else:  # a downscaled photo is still the photo: never kept beside the store in clear
            from storage.photo_view import view_folder

            target = view_folder() / "print" / f"{sha}{SUFFIX}"
        if target.is_file():
            return target
        try:
            with Image.open(io.BytesIO(self.open_bytes(sha))) as image:
                image.draft("RGB", (PHOTO_MAX_PX, PHOTO_MAX_PX))  # libjpeg's fast scaled decode
                picture = image.convert("RGB")
        except (*_DECODE_ERRORS, DomainError):
            return None
        picture.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX), Image.Resampling.BICUBIC)
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=JPEG_QUALITY)
        if self._aead is None:
            write_whole(target, out.getvalue())
        else:
            from storage.photo_view import write_view

            write_view(target, out.getvalue())
        return target

    def _intact(self, sha: str) -> bool:
        try:
            kept = self.file_of(sha).read_bytes()
        except FileNotFoundError:
            return False
        if self._aead is not None and not kept.startswith(SEALED):
            return False  # a plain copy in an encrypted store: seal it now
        data = self._plain(sha, kept)
        return data is not None and sha256_hex(data) == sha


def _aead(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


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
