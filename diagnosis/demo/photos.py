"""Sample pictures for the demo visits' findings, so a demo plan shows findings with photos
beside them as a real one does. They are drawn, not photographed, and say so on the picture.
"""

from __future__ import annotations

import random
import tempfile
import zlib
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from diagnosis.ports import PhotoRepository
from diagnosis.report.fonts import find_cjk_font
from diagnosis.visits.document import Document

_SIZE = (1024, 768)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    spec = find_cjk_font()
    if spec is None:
        return ImageFont.load_default()
    return ImageFont.truetype(str(spec.regular), size, index=spec.regular_index)


def sample_picture(path: Path, caption: str, seed: int) -> None:
    """A plant-room-like scene (pipes, a cabinet, a gauge) with the caption and a "sample"
    stamp, saved as JPEG at ``path``."""
    rng = random.Random(seed)
    w, h = _SIZE
    wall = Image.linear_gradient("L").resize(_SIZE)  # light wall fading to a dark floor
    image = Image.merge("RGB", [wall.point(lambda v: 190 - v // 3)] * 3)
    draw = ImageDraw.Draw(image)
    for n in range(3):  # pipes with their flanges
        y = 130 + n * 110 + rng.randint(-20, 20)
        colour = rng.choice([(180, 60, 40), (60, 110, 170), (200, 170, 40), (90, 140, 90)])
        draw.rectangle([0, y, w, y + 30], fill=colour)
        for x in range(60, w, 230):
            draw.rectangle([x, y - 5, x + 16, y + 35], fill=(70, 70, 70))
    draw.rectangle([670, 410, 930, 715], fill=(210, 210, 200), outline=(60, 60, 60), width=4)
    draw.ellipse([755, 460, 845, 550], fill=(245, 245, 240), outline=(40, 40, 40), width=4)
    draw.line([(800, 505), (800 + rng.randint(-35, 35), 470)], fill=(200, 0, 0), width=4)
    draw.rectangle([0, h - 96, w, h], fill=(0, 0, 0))
    draw.text((26, h - 76), caption[:30], font=_font(34), fill=(255, 255, 255))
    draw.text((w - 300, 26), "示例照片 / SAMPLE", font=_font(30), fill=(255, 255, 0))
    image.save(path, "JPEG", quality=85)


def with_sample_photos(doc: Document, photos: PhotoRepository, per_finding: int = 1) -> Document:
    """``doc`` with ``per_finding`` sample pictures stored and attached to each finding."""
    findings = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, finding in enumerate(doc.findings):
            hashes = []
            for k in range(per_finding):
                path = Path(tmp) / f"{n}-{k}.jpg"
                sample_picture(
                    path, finding.text, seed=zlib.crc32(f"{doc.visit.id}/{n}/{k}".encode())
                )
                hashes.append(photos.add(path))
            findings.append(replace(finding, photos=(*finding.photos, *hashes)))
    return replace(doc, findings=tuple(findings))
