"""extract.pdf.layout reads pages as pdfminer does: same tokens, same characters and shapes."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.layout import LTChar, LTContainer, LTCurve
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF
from pdfplumber.page import fix_fontname_bytes
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from extract.pdf import layout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdfs"


def _pdfminer_tokens(data: bytes) -> list:
    parser = PDFContentParser([PDFStream({}, data)])
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


@pytest.mark.parametrize(
    "stream",
    [
        b"BT /F1 12 Tf 1 0 0 1 72 700 Tm (Hello) Tj [(W) 120 (orld) -3.5] TJ ET",
        b"(a\\(b\\)c) Tj (x(y)z) Tj (\\101\\0\\77) Tj (\\n\\t\\\\) Tj (a\\\r\nb) Tj (\\q) Tj",
        b"<41 4>Tj <> Tj <</MCID 3 /K [1 2]>>BDC EMC %comment\n1.2.3 5. +.5 -.5 Td",
        b"true false null /Na\xe9 /F1 Tf [1 [2 3] <</A /B>>] 0 0 m",
        b"q 0.5 g 10 10 100 100 re f Q",
    ],
)
def test_tokens_are_pdfminers(stream: bytes) -> None:
    assert layout._tokens(stream) == _pdfminer_tokens(stream)


@pytest.mark.parametrize(
    "stream",
    [
        b"BI /W 1 /H 1 ID x EI",  # inline image
        b"/A#20B Tf",  # a name with an escape
        b"{ 1 } (unterminated",
        b"[1 2",
    ],
)
def test_what_the_fast_tokenizer_cannot_read_goes_to_pdfminer(stream: bytes) -> None:
    with pytest.raises(layout._Unreadable):
        layout._tokens(stream)


def _pdfminer_objects(page) -> tuple[list[dict], list[dict]]:
    """The characters and shapes as the reader made them from ``page.layout`` before."""
    height = page.height
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    chars, shapes = [], []
    stack = list(reversed(page.layout._objs))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            fontname = obj.fontname
            if isinstance(fontname, bytes):
                fontname = fix_fontname_bytes(fontname)
            ncolor = obj.graphicstate.ncolor
            chars.append(
                {
                    "text": obj.get_text(),
                    "fontname": fontname,
                    "size": obj.size,
                    "upright": obj.upright,
                    "matrix": obj.matrix,
                    "x0": obj.x0 + mb_x0,
                    "x1": obj.x1 + mb_x0,
                    "top": height - obj.y1 + mb_top,
                    "bottom": height - obj.y0 + mb_top,
                    "doctop": height - obj.y1 + mb_top,
                    "non_stroking_color": ncolor if isinstance(ncolor, tuple) else (ncolor,),
                    "direction": layout.char_direction(obj.matrix),
                }
            )
        elif isinstance(obj, LTCurve):
            shapes.append(page.process_object(obj))
        elif isinstance(obj, LTContainer):
            stack.extend(reversed(obj._objs))
    return chars, shapes


def _same_objects(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            fast = layout.page_objects(page)
            assert fast == _pdfminer_objects(page), f"page {page.page_number}"


def test_a_drawn_page_reads_as_in_pdfminer() -> None:
    # text turned, skewed, scaled, raised, in two fonts and colours; rules, boxes and a curve
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(72, 700, "Plain text (with parentheses) and \\ a backslash")
    text = canvas.beginText(72, 650)
    text.setFont("Times-Bold", 14)
    text.setHorizScale(80)
    text.setCharSpace(0.5)
    text.setWordSpace(2)
    text.textOut("Scaled and spaced ")
    text.setRise(4)
    text.textOut("raised")
    canvas.drawText(text)
    canvas.saveState()
    canvas.translate(300, 400)
    canvas.rotate(90)
    canvas.setFillColorRGB(0.2, 0.4, 0.6)
    canvas.drawString(0, 0, "Sideways label")
    canvas.restoreState()
    canvas.saveState()
    canvas.transform(1, 0, 0.3, 1, 100, 300)
    canvas.drawString(0, 0, "Skewed")
    canvas.restoreState()
    canvas.setFillColorCMYK(0, 0, 0, 0.5)
    canvas.rect(72, 500, 200, 20, fill=1)
    canvas.line(72, 480, 400, 480)
    canvas.bezier(72, 400, 100, 450, 150, 350, 200, 400)
    canvas.showPage()
    canvas.save()
    _same_objects(buffer.getvalue())


@pytest.mark.parametrize(
    "name", ["nics-background-checks-2015-11-rotated.pdf", "issue-842-example.pdf"]
)
def test_fixtures_read_as_in_pdfminer(name: str) -> None:
    _same_objects((FIXTURES / name).read_bytes())
