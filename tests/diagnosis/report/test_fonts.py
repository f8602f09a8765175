"""The CJK font is found, embedded as TrueType, and its gaps can be listed."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from diagnosis.messages import Bilingual
from diagnosis.report import fonts
from diagnosis.report.fonts import FontSpec, find_cjk_font, missing_characters, register

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
needs_wqy = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-zenhei is not installed")


def _fake_cff_font(folder: Path) -> Path:
    """An OpenType header with CFF outlines ('OTTO'), as Noto CJK has: reportlab refuses it."""
    path = folder / "NotoSansCJK-Regular.otf"
    path.write_bytes(b"OTTO" + b"\x00" * 64)
    return path


@needs_wqy
def test_find_cjk_font_finds_wqy_zenhei() -> None:
    spec = find_cjk_font()
    assert spec == FontSpec(WQY, 0)
    assert spec.bold_face == (WQY, 0)  # no bold file: <b> falls back to the regular face


@needs_wqy
def test_find_cjk_font_skips_a_refused_cff_setting(tmp_path: Path) -> None:
    assert find_cjk_font(_fake_cff_font(tmp_path)) == FontSpec(WQY, 0)


def test_find_cjk_font_prefers_a_usable_setting() -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("DejaVu Sans is not installed")
    assert find_cjk_font(dejavu) == FontSpec(dejavu, 0)


def test_find_cjk_font_without_any_font_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "candidates", lambda: [FontSpec(tmp_path / "none.ttc")])
    assert find_cjk_font(_fake_cff_font(tmp_path)) is None


@needs_wqy
def test_register_embeds_the_truetype_font() -> None:
    font = register(find_cjk_font())
    assert font.embedded and font.warning is None
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont(font.regular, 12)
    canvas.drawString(72, 720, "节能诊断 Energy")
    canvas.save()
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    page_fonts = reader.pages[0]["/Resources"]["/Font"]
    faces = [f.get_object() for f in page_fonts.values()]
    descriptors = [f["/FontDescriptor"].get_object() for f in faces if "/FontDescriptor" in f]
    assert any("/FontFile2" in d for d in descriptors)  # an embedded TrueType program
    assert "节能诊断 Energy" in reader.pages[0].extract_text()


def test_register_without_a_font_falls_back_with_a_warning() -> None:
    font = register(None)
    assert not font.embedded
    assert font.regular == font.bold == "STSong-Light"
    assert isinstance(font.warning, Bilingual)
    assert "文泉驿" in font.warning.zh and "设置" in font.warning.zh
    assert "not embedded" in font.warning.en and "WenQuanYi Zen Hei" in font.warning.en
    assert missing_characters("𠀀 节能", font) == set()


def test_register_is_cached_per_spec() -> None:
    assert register(None) is register(None)


@needs_wqy
def test_missing_characters_finds_a_glyph_the_font_lacks() -> None:
    font = register(find_cjk_font())
    # U+20000, the first CJK Extension B character, is beyond WenQuanYi's coverage.
    assert missing_characters("企业𠀀名称", font) == {"𠀀"}


@needs_wqy
def test_missing_characters_none_for_ordinary_chinese_text() -> None:
    font = register(find_cjk_font())
    text = "某某制造有限公司：能源管理体系（GB/T 23331）、节能 12.5 万元，约 30% ……\n\t“引号”"
    assert missing_characters(text, font) == set()
