"""Photos for the PDF report: resolved by reference, read once and downscaled for print.

A JPEG that is already small and upright is embedded as it is; anything else is decoded (at a
reduced scale where libjpeg allows), turned upright, flattened on white and saved as a JPEG in the
render's temporary folder. A photo that cannot be read is None, counted as missing; never raises.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

PhotoLoader = Callable[[str], Path | None]
# Long side of an embedded photo: about 180 dpi across the whole text width, plenty for print.
PHOTO_MAX_PX = 1200


@dataclass(frozen=True)
class PhotoFile:
    path: str
    width: int
    height: int


class PhotoStore:
    """Photos by reference, each read and downscaled once per render."""

    def __init__(self, loader: PhotoLoader, folder: Path) -> None:
        self._loader, self._folder = loader, folder
        self._cache: dict[str, PhotoFile | None] = {}

    @property
    def missing(self) -> int:
        return sum(image is None for image in self._cache.values())

    def get(self, ref: str) -> PhotoFile | None:
        if ref not in self._cache:
            self._cache[ref] = self._load(ref)
        return self._cache[ref]

    def _load(self, ref: str) -> PhotoFile | None:
        path = self._loader(ref)
        if path is None:
            return None
        try:
            with Image.open(path) as image:
                width, height = image.size
                upright = image.getexif().get(0x0112, 1) == 1
                if (
                    image.format == "JPEG"
                    and image.mode in ("RGB", "L")
                    and max(width, height) <= PHOTO_MAX_PX
                    and upright
                    and path.suffix.lower() in (".jpg", ".jpeg")
                ):
                    return PhotoFile(str(path), width, height)  # reportlab copies a JPEG unchanged
                if image.format == "JPEG":
                    # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: far faster than a full decode.
                    scale = 1000 / max(width, height)
                    image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
                # exif_transpose copies even an upright image; skip it for those.
                picture = image if upright else ImageOps.exif_transpose(image)
                if picture.mode not in ("RGB", "L"):
                    flat = Image.new("RGB", picture.size, "white")
                    rgba = picture.convert("RGBA")
                    flat.paste(rgba, mask=rgba.getchannel("A"))
                    picture = flat
                picture.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX), Image.Resampling.BICUBIC)
                out = self._folder / f"{len(self._cache)}.jpg"
                picture.save(out, "JPEG", quality=85)
                return PhotoFile(str(out), *picture.size)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            return None
