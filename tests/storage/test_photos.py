"""Photos stored by content hash: downscaled, upright JPEGs; fit JPEGs kept byte for byte; bad or
huge files refused with nothing written; damaged files caught on reading."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from diagnosis.messages import DomainError
from diagnosis.visits.photos import MAX_BYTES, MAX_SIDE
from storage.photos import PhotoStore, photo_folder_for

MIB = 1024 * 1024


@pytest.fixture
def photos(tmp_path: Path) -> PhotoStore:
    return PhotoStore(photo_folder_for(tmp_path / "store.sqlite"))


def make_image(path: Path, size: tuple[int, int], fmt: str, **save: object) -> Path:
    img = Image.new("RGB", size, (40, 90, 160))
    img.paste((220, 30, 30), (0, 0, size[0] // 4, size[1] // 4))  # a red corner to track rotation
    img.save(path, format=fmt, **save)
    return path


def stored_image(photos: PhotoStore, sha: str) -> Image.Image:
    with Image.open(photos.path_of(sha)) as img:
        img.load()
        return img


def rgb_at(img: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    value = img.getpixel(xy)
    assert isinstance(value, tuple)
    return value


def codes(exc: pytest.ExceptionInfo[DomainError]) -> list[str]:
    return [p.message.code for p in exc.value.problems]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_photo_folder_for_sits_beside_the_store(tmp_path: Path) -> None:
    assert photo_folder_for(tmp_path / "site.sqlite") == tmp_path / "site-photos"


def test_add_downscales_a_big_png_to_a_jpeg_keeping_the_aspect(
    photos: PhotoStore, tmp_path: Path
) -> None:
    sha = photos.add(make_image(tmp_path / "big.png", (4000, 3000), "PNG"))

    img = stored_image(photos, sha)
    assert img.format == "JPEG"
    assert img.mode == "RGB"
    assert img.size == (MAX_SIDE, 1536)
    assert photos.path_of(sha) == photos.folder / f"{sha}.jpg"
    assert hashlib.sha256(photos.path_of(sha).read_bytes()).hexdigest() == sha


def test_add_never_enlarges_a_small_picture(photos: PhotoStore, tmp_path: Path) -> None:
    sha = photos.add(make_image(tmp_path / "small.png", (120, 80), "PNG"))

    img = stored_image(photos, sha)
    assert (img.format, img.size) == ("JPEG", (120, 80))


def test_add_keeps_a_fit_jpeg_byte_for_byte(photos: PhotoStore, tmp_path: Path) -> None:
    original = make_image(tmp_path / "site.jpg", (1600, 1200), "JPEG", quality=95)

    sha = photos.add(original)

    assert sha == hashlib.sha256(original.read_bytes()).hexdigest()
    assert photos.path_of(sha).read_bytes() == original.read_bytes()
    assert photos.open_bytes(sha) == original.read_bytes()


def test_add_downscales_an_oversized_jpeg(photos: PhotoStore, tmp_path: Path) -> None:
    sha = photos.add(make_image(tmp_path / "tall.jpg", (1500, 3000), "JPEG"))

    assert stored_image(photos, sha).size == (1024, MAX_SIDE)


def test_add_turns_a_rotated_exif_jpeg_upright(photos: PhotoStore, tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: display rotated 90° clockwise
    original = make_image(tmp_path / "turned.jpg", (600, 400), "JPEG", exif=exif)

    sha = photos.add(original)

    img = stored_image(photos, sha)
    assert img.size == (400, 600)
    assert img.getexif().get(ExifTags.Base.Orientation, 1) == 1
    # The red corner was top-left as recorded; upright it is top-right.
    red, green, blue = rgb_at(img, (400 - 10, 10))
    assert red > 180 and green < 80 and blue < 80
    assert sha != hashlib.sha256(original.read_bytes()).hexdigest()


def test_add_puts_transparent_areas_on_white(photos: PhotoStore, tmp_path: Path) -> None:
    path = tmp_path / "markup.png"
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(path)

    img = stored_image(photos, photos.add(path))

    assert min(rgb_at(img, (32, 32))) > 240


def test_adding_the_same_picture_twice_stores_it_once(photos: PhotoStore, tmp_path: Path) -> None:
    jpeg = make_image(tmp_path / "a.jpg", (800, 600), "JPEG")
    png = make_image(tmp_path / "b.png", (3000, 2000), "PNG")

    first = [photos.add(jpeg), photos.add(png)]
    again = [photos.add(jpeg), photos.add(png)]

    assert first == again
    assert files_in(photos.folder) == sorted(f"{sha}.jpg" for sha in first)


def test_add_refuses_a_file_over_the_limit_without_reading_or_writing(
    photos: PhotoStore, tmp_path: Path
) -> None:
    huge = tmp_path / "video.jpg"
    with huge.open("wb") as fh:  # sparse: 26 MiB on paper, nothing on disk or in memory
        fh.truncate(26 * MIB)
    assert huge.stat().st_size > MAX_BYTES

    tracemalloc.start()
    try:
        with pytest.raises(DomainError) as exc:
            photos.add(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert codes(exc) == ["photo.too_large"]
    text = exc.value.problems[0].text("en")
    assert "video.jpg" in text and "26.0 MB" in text and "25 MB" in text
    assert "video.jpg" in exc.value.problems[0].text("zh")
    assert peak < MIB
    assert files_in(photos.folder) == []


def test_add_refuses_a_text_file_named_jpg(photos: PhotoStore, tmp_path: Path) -> None:
    fake = tmp_path / "notes.jpg"
    fake.write_text("not a picture, just notes from the boiler room\n", encoding="utf-8")

    with pytest.raises(DomainError) as exc:
        photos.add(fake)

    assert codes(exc) == ["photo.unreadable"]
    assert "notes.jpg" in exc.value.problems[0].text("en")
    assert files_in(photos.folder) == []


def test_add_refuses_a_truncated_jpeg(photos: PhotoStore, tmp_path: Path) -> None:
    whole = make_image(tmp_path / "whole.jpg", (800, 600), "JPEG").read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(DomainError) as exc:
        photos.add(cut)

    assert codes(exc) == ["photo.unreadable"]
    assert files_in(photos.folder) == []


def test_open_bytes_refuses_a_damaged_file_and_adding_again_repairs_it(
    photos: PhotoStore, tmp_path: Path
) -> None:
    original = make_image(tmp_path / "site.jpg", (400, 300), "JPEG")
    sha = photos.add(original)
    damaged = bytearray(original.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    photos.path_of(sha).write_bytes(bytes(damaged))

    with pytest.raises(DomainError) as exc:
        photos.open_bytes(sha)
    assert codes(exc) == ["photo.damaged"]
    assert sha in exc.value.problems[0].text("en")

    assert photos.add(original) == sha
    assert photos.open_bytes(sha) == original.read_bytes()


def test_open_bytes_of_an_absent_photo_says_so(photos: PhotoStore) -> None:
    with pytest.raises(DomainError) as exc:
        photos.open_bytes("0" * 64)
    assert codes(exc) == ["photo.missing"]


def test_has_and_missing_report_what_is_stored(photos: PhotoStore, tmp_path: Path) -> None:
    sha = photos.add(make_image(tmp_path / "a.jpg", (200, 100), "JPEG"))
    absent = "f" * 64

    assert photos.has(sha)
    assert not photos.has(absent)
    assert not photos.has(sha.upper())
    assert photos.missing([absent, sha, absent]) == [absent]


def test_path_of_refuses_anything_but_a_sha256(photos: PhotoStore) -> None:
    for bad in ("../../etc/passwd", "a" * 63, "A" * 64, "g" * 64, ""):
        with pytest.raises(ValueError):
            photos.path_of(bad)


def test_add_leaves_no_temp_files(photos: PhotoStore, tmp_path: Path) -> None:
    shas = {photos.add(make_image(tmp_path / f"{i}.png", (300 + i, 200), "PNG")) for i in range(3)}

    assert files_in(photos.folder) == sorted(f"{sha}.jpg" for sha in shas)


def test_a_crash_while_writing_leaves_neither_a_half_photo_nor_a_temp_file(
    photos: PhotoStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def power_cut(src: object, dst: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", power_cut)

    with pytest.raises(OSError, match="power cut"):
        photos.add(make_image(tmp_path / "a.png", (300, 200), "PNG"))

    assert files_in(photos.folder) == []


def test_print_copy_is_made_once_at_print_size(photos: PhotoStore, tmp_path: Path) -> None:
    from diagnosis.report.report_photos import PHOTO_MAX_PX

    picture = tmp_path / "wide.png"
    Image.new("RGB", (4000, 1000), (10, 120, 60)).save(picture)
    sha = photos.add(picture)
    first = photos.print_path(sha)
    assert first is not None and first != photos.path_of(sha)
    with Image.open(first) as image:
        assert image.format == "JPEG" and max(image.size) == PHOTO_MAX_PX
    stamp = first.stat().st_mtime_ns
    assert photos.print_path(sha) == first and first.stat().st_mtime_ns == stamp
    assert photos.print_path("0" * 64) is None
    assert photos.missing([sha]) == []  # the copy is not a photo of its own
