"""Damaged text layers (extract.pdf.characters dedupe, extract.pdf.damage): repaired where the
geometry is sound, marked where it is not."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from extract.pdf import read_pdf
from extract.pdf.characters import _dedupe_chars, _font_style
from extract.pdf.damage import is_doubled
from extract.settings import PdfSettings

PAGE_HEIGHT = letter[1]


def _char(text: str, x0: float, top: float, font: str, size: float = 10.0) -> dict:
    return {"text": text, "x0": x0, "top": top, "fontname": font, "size": size}


def test_a_copy_drawn_from_another_subset_of_the_same_font_is_dropped():
    # the footer of a designed report: every glyph drawn twice, 1 pt apart, from two subsets
    chars = []
    for i, letter_ in enumerate("Jakarta"):
        chars.append(_char(letter_, 97 + 5 * i, 542.05, "RGUTWY+LibreFranklin-Regular"))
        chars.append(_char(letter_, 97 + 5 * i, 543.05, "NAGVSG+LibreFranklin-Regular"))
    kept = _dedupe_chars(chars, PdfSettings())
    assert "".join(c["text"] for c in kept) == "Jakarta"


def test_repeated_letters_of_a_word_are_not_duplicates():
    chars = [_char(ch, 100 + 2.8 * i, 100, "Helvetica") for i, ch in enumerate("llama")]
    assert len(_dedupe_chars(chars, PdfSettings())) == 5


def test_doubled_words():
    assert is_doubled("116633", 6)
    assert is_doubled("((7755..11%%))", 6)
    assert is_doubled("JJaakkaarrttaa", 6)
    assert not is_doubled("------", 6)
    assert not is_doubled("bookkeeper", 6)
    assert not is_doubled("1133", 6)


def _pdf(lines: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter)
    for i, (font, text) in enumerate(lines):
        canvas.setFont(font, 10)
        canvas.drawString(72, PAGE_HEIGHT - 80 - 16 * i, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_number_printed_with_doubled_glyphs_marks_its_block():
    document = read_pdf(
        _pdf([("Helvetica", "Respondents who deploy open models 116633 ((7755..11%%)) today.")])
    )
    (block,) = document.blocks
    assert block.damage == ("doubled_glyphs",)
    assert any("twice in a row" in warning for warning in document.warnings)


def test_a_font_that_maps_glyphs_to_wrong_letters_is_marked():
    body = [
        "The survey asked developers about their tools and the platforms they build on.",
        "Most respondents work for companies that build products for other businesses.",
        "Open source components are part of almost every project they described to us.",
    ]
    # the same kind of prose in another font whose 'f' glyph is mapped to 's'
    damaged = [
        "Sostware teams sound that osten the most usesul tools are sree.",
        "Their stass said the sirst ostice sile sormat was a dissicult one.",
    ]
    document = read_pdf(
        _pdf([("Helvetica", line) for line in body] + [("Courier", line) for line in damaged])
    )
    marked = [b for b in document.blocks if "glyph_mapping" in b.damage]
    assert marked and all("Sostware" in b.text or "stass" in b.text for b in marked)
    assert not any(b.damage for b in document.blocks if "survey asked" in b.text)
    assert any("wrong letters" in warning for warning in document.warnings)


def test_a_variable_font_instance_named_with_a_heavy_weight_is_bold():
    # Apple's PDF export names a variable font's instance by its axes, the weight in 16.16 hex
    assert _font_style(".Sans-Regular_wdth_opsz110000_GRAD_wght2BC0000")[0]  # weight 700
    assert not _font_style(".Sans-Regular_wdth_opsz110000_GRAD_wght")[0]  # the default weight
    assert not _font_style(".Sans-Regular_wght1900000")[0]  # weight 400
