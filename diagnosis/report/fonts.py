"""Find and register the Chinese TrueType font the plan PDF embeds.

An embedded TrueType subset reads the same on every computer; reportlab's built-in CID font is
only a reference that viewers without a CJK font draw blank, so it is the last resort and says so.
This module knows font files, not reports; it never draws.
"""

from __future__ import annotations

import copy
import itertools
import os
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from diagnosis.messages import Bilingual

# The CID fallback: Adobe's Song, known to every PDF viewer that has Chinese support installed.
CID_FONT = "STSong-Light"

FALLBACK_WARNING = Bilingual(
    "报告中的中文字体未嵌入 PDF，在其他电脑上可能无法显示。"
    "请安装文泉驿正黑（WenQuanYi Zen Hei）字体，或在设置中选择一个中文字体文件。",
    "The Chinese font is not embedded in the PDF, so the Chinese text may not show on other "
    "computers. Install the WenQuanYi Zen Hei font or choose a Chinese font file in the settings.",
)


@dataclass(frozen=True)
class FontSpec:
    """A regular and a bold face, each a file and its index inside a .ttc collection."""

    regular: Path
    regular_index: int = 0
    bold: Path | None = None
    bold_index: int = 0

    @property
    def bold_face(self) -> tuple[Path, int]:
        """The bold face, or the regular one when the family has no bold file."""
        if self.bold is None:
            return self.regular, self.regular_index
        return self.bold, self.bold_index


@dataclass(frozen=True)
class ReportFont:
    """Registered reportlab font names; `<b>` in a paragraph maps regular to bold. A bold drawn
    as `synthetic` is the regular face filled and outlined (see bold_text.py)."""

    regular: str
    bold: str
    embedded: bool
    spec: FontSpec | None
    warning: Bilingual | None = None
    synthetic_bold: bool = False


# Names of registered faces that are the regular face under another name, to be drawn filled
# and stroked: the text object (bold_text.py) looks a font name up here when it is set.
SYNTHETIC_BOLD: set[str] = set()


def _windows_candidates() -> list[FontSpec]:
    fonts = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
    return [
        FontSpec(fonts / "msyh.ttc", 0, fonts / "msyhbd.ttc", 0),
        FontSpec(fonts / "simhei.ttf"),
        FontSpec(fonts / "simsun.ttc"),
    ]


def _mac_candidates() -> list[FontSpec]:
    system = Path("/System/Library/Fonts")
    return [
        FontSpec(Path("/Library/Fonts/Arial Unicode.ttf")),
        FontSpec(system / "Supplemental/Arial Unicode.ttf"),
        FontSpec(system / "STHeiti Light.ttc", 0, system / "STHeiti Medium.ttc", 0),
        FontSpec(system / "Supplemental/Songti.ttc"),
        # Usually CFF-outlined (refused by reportlab), tried last in case a release is not.
        FontSpec(system / "PingFang.ttc"),
    ]


_LINUX_NAMES = ("wqy-zenhei.ttc", "wqy-microhei.ttc", "uming.ttc", "ukai.ttc")


def _linux_candidates() -> Iterator[FontSpec]:
    fixed = [
        Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    ]
    yield from (FontSpec(path) for path in fixed)
    # Other distributions file the same fonts elsewhere; walk the usual folders without fontconfig,
    # lazily, since the fixed paths nearly always answer.
    roots = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".local/share/fonts",
        Path.home() / ".fonts",
    ]
    for name in _LINUX_NAMES:
        for root in roots:
            if root.is_dir():
                yield from (FontSpec(p) for p in sorted(root.rglob(name)) if p not in fixed)


def candidates() -> Iterable[FontSpec]:
    """The fonts worth trying on this operating system, best first."""
    if sys.platform.startswith("win"):
        return _windows_candidates()
    if sys.platform == "darwin":
        return _mac_candidates()
    return _linux_candidates()


@cache
def _load(path: Path, index: int) -> TTFont:
    """Parse a face once per process: a CJK font takes about 0.1 s to read."""
    # The path's checksum keeps two copies of one font file (same stem) from replacing each other.
    name = f"CJK-{path.stem}-{index}-{zlib.crc32(str(path).encode()):08x}"
    return TTFont(name, str(path), subfontIndex=index)


def _usable(spec: FontSpec) -> FontSpec | None:
    """The spec if reportlab accepts its regular face; its bold face is dropped if refused."""
    try:
        _load(spec.regular, spec.regular_index)
    except (TTFError, OSError):
        # TTFError covers CFF/PostScript outlines (Noto CJK, PingFang) and damaged files.
        return None
    if spec.bold is not None:
        try:
            _load(spec.bold, spec.bold_index)
        except (TTFError, OSError):
            return FontSpec(spec.regular, spec.regular_index)
    return spec


def find_cjk_font(setting: Path | None = None) -> FontSpec | None:
    """The user's chosen font file if reportlab can embed it, else the first usable system font."""
    chosen = [FontSpec(setting)] if setting is not None else []
    for spec in itertools.chain(chosen, candidates()):
        if spec.regular.is_file():
            usable = _usable(spec)
            if usable is not None:
                return usable
    return None


@cache
def register(spec: FontSpec | None) -> ReportFont:
    """Register the faces with reportlab (once per spec) and map `<b>` to the bold face."""
    if spec is None:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        _register_family(CID_FONT, CID_FONT)
        return ReportFont(CID_FONT, CID_FONT, embedded=False, spec=None, warning=FALLBACK_WARNING)
    regular = _load(spec.regular, spec.regular_index)
    pdfmetrics.registerFont(regular)
    bold = _load(spec.bold, spec.bold_index) if spec.bold is not None else _synthetic(regular)
    pdfmetrics.registerFont(bold)
    _register_family(regular.fontName, bold.fontName)
    return ReportFont(
        regular.fontName,
        bold.fontName,
        embedded=True,
        spec=spec,
        synthetic_bold=bold.fontName in SYNTHETIC_BOLD,
    )


def _synthetic(regular: TTFont) -> TTFont:
    """The regular face under a bold name. A shallow copy shares the face and the per-document
    subset state, so the glyphs are embedded once whichever name drew them; only the drawing
    differs. No Chinese bold face that reportlab can embed comes with Debian (Noto CJK's are
    CFF-outlined, cwTeX's lack simplified characters), so this is what the usual machine gets."""
    bold = copy.copy(regular)
    bold.fontName = f"{regular.fontName}-SyntheticBold"
    SYNTHETIC_BOLD.add(bold.fontName)
    return bold


def _register_family(regular: str, bold: str) -> None:
    # The family is named after the regular face, which is what paragraph styles refer to; without
    # this mapping reportlab would look for a font literally called "<name>-Bold".
    pdfmetrics.registerFontFamily(
        regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
    )


def missing_characters(text: str, font: ReportFont) -> set[str]:
    """Characters of `text` that an embedded face has no glyph for (blank for the CID fallback)."""
    if not font.embedded:
        return set()
    maps = [pdfmetrics.getFont(name).face.charToGlyph for name in {font.regular, font.bold}]
    missing: set[str] = set()
    for char in set(text):
        if char.isspace() or unicodedata.category(char).startswith("C"):
            continue
        if any(ord(char) not in cmap for cmap in maps):
            missing.add(char)
    return missing
