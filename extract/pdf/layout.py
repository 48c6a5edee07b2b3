"""pdfminer's reading of a page, made cheaper: the same characters and shapes, fewer objects.

``page.layout`` (pdfminer.six's interpreter and ``PDFPageAggregator``) was most of the reader's
time: its content-stream tokenizer runs byte by byte in Python, and every character becomes an
``LTChar`` (four corners through the matrix, a dozen attributes) that the reader then walked and
copied into a dict. This module keeps pdfminer's interpreter, fonts, colour spaces, graphics
state and shapes, and changes two things only:

- **Tokens**: a content stream is cut into tokens by one regular expression over the whole
  stream, with pdfminer's rules for numbers, names, strings (escapes, balanced parentheses), hex
  strings, arrays and dictionaries; operators run as pdfminer runs them (same operand stack,
  same argument counts). A stream the expression does not cover whole (inline images, ``#`` in a
  name, procedures, unbalanced arrays or anything it cannot read) is left to pdfminer's own
  parser, so that nothing is read differently.
- **Characters**: horizontal text is turned into the reader's character dicts as it is drawn,
  with pdfminer's arithmetic in pdfminer's order (``render_string_horizontal``, ``LTChar``'s
  box, pdfplumber's top-down coordinates relative to the MediaBox), each glyph's text and width
  looked up once per font. Vertical fonts go through ``LTChar`` as before.

Lines, rectangles and curves are still pdfminer's ``LTCurve`` objects, turned into dicts by
pdfplumber's ``process_object``. Equality with ``page.layout`` (characters, their order and
every attribute used, shapes) was checked on every fixture and development-corpus PDF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import HEX_PAIR, KWD, LIT, SPC, PSKeyword, keyword_name, literal_name
from pdfplumber.page import ALL_ATTRS, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.pdfinternals import resolve_all

Obj = dict[str, Any]

# One token of a content stream (pdfminer's psparser rules). Whitespace includes NUL, which
# pdfminer skips. A name with "#" escapes, "{" "}" procedures and anything else unmatched make
# the stream fall back to pdfminer's parser.
_TOKEN = re.compile(
    rb"""[\s\x00]*(?:
      (?P<number>[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]*))
    | /(?P<name>[^#/%\[\]()<>{}\s]*+)(?![#])
    | (?P<keyword>[A-Za-z][^#/%\[\]()<>{}\s]*|['"])
    | \((?P<string>[^()\\]*)\)
    | (?P<open>\()
    | <(?P<hex>[0-9A-Fa-f\s]*)>
    | (?P<dictopen><<)
    | (?P<dictclose>>>)
    | (?P<arrayopen>\[)
    | (?P<arrayclose>\])
    | (?P<comment>%[^\r\n]*)
    | (?P<end>\Z)
    )""",
    re.VERBOSE,
)
_END_STRING = re.compile(rb"[()\\]")
_OCTAL = b"01234567"
_ESCAPES = {b"b"[0]: 8, b"t"[0]: 9, b"n"[0]: 10, b"f"[0]: 12, b"r"[0]: 13}
_ESCAPES.update({b"("[0]: 40, b")"[0]: 41, b"\\"[0]: 92})
_TRUE, _FALSE = b"true", b"false"
_INLINE_IMAGE = KWD(b"BI")


class _Unreadable(Exception):
    """The fast tokenizer cannot read this stream as pdfminer would: use pdfminer's parser."""


def _as_dictionary(items: list) -> dict:
    """The key/value pairs of a closed ``<< … >>`` as a dict (null values dropped, as pdfminer
    does)."""
    return {
        literal_name(k): v for k, v in zip(items[::2], items[1::2], strict=True) if v is not None
    }


def _string(data: bytes, start: int) -> tuple[bytes, int]:
    """A literal string from just after its "(": pdfminer's ``_parse_string`` rules (balanced
    parentheses kept, escapes, up to three octal digits, a backslash before an end of line or an
    unknown character dropped with it). Returns the bytes and the position after ")"."""
    out = bytearray()
    depth = 1
    i = start
    size = len(data)
    while True:
        match = _END_STRING.search(data, i)
        if match is None:
            raise _Unreadable("unterminated string")
        j = match.start()
        out += data[i:j]
        c = data[j]
        if c == 0x5C:  # backslash
            i = j + 1
            digits = 0
            code = 0
            while i < size and digits < 3 and data[i] in _OCTAL:
                code = code * 8 + data[i] - 48
                digits += 1
                i += 1
            if digits:
                if code >= 256:
                    raise _Unreadable("octal escape over 255")
                out.append(code)
                continue
            if i >= size:
                raise _Unreadable("escape at the end of the stream")
            c = data[i]
            if c in _ESCAPES:
                out.append(_ESCAPES[c])
            elif c == 0x0D and i + 1 < size and data[i + 1] == 0x0A:
                i += 1
            i += 1
            continue
        if c == 0x28:  # (
            depth += 1
            out.append(c)
            i = j + 1
            continue
        depth -= 1  # )
        if depth:
            out.append(c)
            i = j + 1
            continue
        return bytes(out), j + 1


# Every token of a stream with its leading whitespace dropped; the last alternative takes any
# other byte, so that nothing is skipped unseen (it makes the stream unreadable). Every
# alternative stops at the first byte that ends it: no part of a stream is scanned twice.
_TOKENS = re.compile(
    rb"""[\s\x00]*+(
      [-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]*)
    | /[^/%\[\]()<>{}\s]*+
    | [A-Za-z][^#/%\[\]()<>{}\s]*+
    | ['"]
    | \((?:[^()\\]|\\[\s\S])*+(?:\)|(?=\()|\\?\Z)
    | <[0-9A-Fa-f\s]*>
    | <<
    | >>
    | %[^\r\n]*
    | [^\s\x00]
    )""",
    re.VERBOSE,
)
_NUMBER, _NAME, _KEYWORD, _STRING, _ANGLE, _CLOSE, _ARRAY, _ARRAY_END, _COMMENT = range(1, 10)
_KINDS = [0] * 256
for _byte in b"0123456789+-.":
    _KINDS[_byte] = _NUMBER
for _byte in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'\"":
    _KINDS[_byte] = _KEYWORD
_KINDS[ord("/")] = _NAME
_KINDS[ord("(")] = _STRING
_KINDS[ord("<")] = _ANGLE
_KINDS[ord(">")] = _CLOSE
_KINDS[ord("[")] = _ARRAY
_KINDS[ord("]")] = _ARRAY_END
_KINDS[ord("%")] = _COMMENT
_KEYWORDS: dict[bytes, Any] = {_TRUE: True, _FALSE: False}
_NAMES: dict[bytes, Any] = {}


def _tokens(data: bytes) -> list[Any]:
    """The objects and operators of a content stream, as pdfminer's ``PDFContentParser`` hands
    them to the interpreter (arrays as lists, dictionaries as dicts, operators as keywords)."""
    raw = _TOKENS.findall(data)
    out: list[Any] = []
    stack: list[tuple[int, list[Any]]] = []
    current = out
    append = out.append
    kinds = _KINDS
    keywords = _KEYWORDS
    names = _NAMES
    for token in raw:
        kind = kinds[token[0]]
        if kind == _NUMBER:
            try:
                append(float(token) if b"." in token else int(token))
            except ValueError:
                raise _Unreadable("a sign or a point alone") from None
        elif kind == _KEYWORD:
            keyword = keywords.get(token)
            if keyword is None:
                if len(keywords) > 65536:
                    keywords.clear()
                    keywords.update({_TRUE: True, _FALSE: False})
                keyword = keywords[token] = KWD(token)
            if keyword is _INLINE_IMAGE:
                raise _Unreadable("inline image")
            append(keyword)
        elif kind == _NAME:
            name = names.get(token)
            if name is None:
                if b"#" in token:
                    raise _Unreadable("a name with # escapes")
                if len(names) > 65536:
                    names.clear()
                try:
                    name = LIT(str(token[1:], "utf-8"))
                except UnicodeDecodeError:
                    name = LIT(token[1:])
                names[token] = name
            append(name)
        elif kind == _STRING:
            # A string stops at its ")" or, to keep the expression linear, before a "(" inside
            # it or at the end: those (and escapes) are read by pdfminer's rules.
            if b"\\" in token:
                try:
                    text, end = _string(token, 1)
                except _Unreadable:
                    return _tokens_slowly(data)
                if end != len(token):
                    return _tokens_slowly(data)
                append(text)
            elif len(token) > 1 and token[-1] == 0x29:  # ")"
                append(token[1:-1])
            else:
                return _tokens_slowly(data)
        elif kind == _ANGLE:
            if token == b"<<":
                stack.append((_ANGLE, current))
                current = []
                append = current.append
            elif token[-1:] == b">":
                append(HEX_PAIR.sub(_hex_byte, SPC.sub(b"", token[1:-1])))
            else:
                raise _Unreadable("a lone <")
        elif kind == _ARRAY:
            stack.append((_ARRAY, current))
            current = []
            append = current.append
        elif kind in (_ARRAY_END, _CLOSE):
            if token == b">":
                raise _Unreadable("a lone >")
            if not stack:
                raise _Unreadable("unbalanced close")
            opened, parent = stack.pop()
            if kind == _ARRAY_END:
                if opened != _ARRAY:
                    raise _Unreadable("mismatched array")
                parent.append(current)
            else:
                if opened != _ANGLE or len(current) % 2:
                    raise _Unreadable("mismatched dictionary")
                parent.append(_as_dictionary(current))
            current = parent
            append = current.append
        elif kind != _COMMENT:
            raise _Unreadable(f"unreadable byte {token!r}")
    if stack:
        raise _Unreadable("unclosed array or dictionary")
    return out


def _hex_byte(match: re.Match[bytes]) -> bytes:
    return bytes((int(match.group(0), 16),))


def _tokens_slowly(data: bytes) -> list[Any]:
    """:func:`_tokens` one token at a time, reading strings with escapes and parentheses."""
    out: list[Any] = []
    stack: list[tuple[str, list[Any]]] = []
    current = out
    position = 0
    match_at = _TOKEN.match
    while True:
        match = match_at(data, position)
        if match is None:
            raise _Unreadable(f"unreadable token at {position}")
        kind = match.lastgroup
        position = match.end()
        if kind == "number":
            token = match.group("number")
            if token in (b"-", b"+", b".", b"-.", b"+."):
                raise _Unreadable("bare sign")
            current.append(float(token) if b"." in token else int(token))
        elif kind == "keyword":
            token = match.group("keyword")
            if token == _TRUE:
                current.append(True)
            elif token == _FALSE:
                current.append(False)
            else:
                keyword = KWD(token)
                if keyword is _INLINE_IMAGE:
                    raise _Unreadable("inline image")
                current.append(keyword)
        elif kind == "name":
            name = match.group("name")
            try:
                current.append(LIT(str(name, "utf-8")))
            except UnicodeDecodeError:
                current.append(LIT(name))
        elif kind == "string":
            current.append(match.group("string"))
        elif kind == "open":
            text, position = _string(data, position)
            current.append(text)
        elif kind == "hex":
            current.append(
                HEX_PAIR.sub(lambda m: bytes((int(m.group(0), 16),)), SPC.sub(b"", match["hex"]))
            )
        elif kind == "arrayopen" or kind == "dictopen":
            stack.append((kind, current))
            current = []
        elif kind == "arrayclose" or kind == "dictclose":
            if not stack:
                raise _Unreadable("unbalanced close")
            opened, parent = stack.pop()
            if kind == "arrayclose":
                if opened != "arrayopen":
                    raise _Unreadable("mismatched array")
                parent.append(current)
            else:
                if opened != "dictopen" or len(current) % 2:
                    raise _Unreadable("mismatched dictionary")
                parent.append(_as_dictionary(current))
            current = parent
        elif kind == "end":
            if stack:
                raise _Unreadable("unclosed array or dictionary")
            return out
        # comments are skipped


class _Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter with the fast tokenizer (pdfminer's own parser as the fallback)."""

    def execute(self, streams: Sequence[object]) -> None:
        valid = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                # pdfminer skips these (with a log line); so does its own execute below
                return super().execute(streams)
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        try:
            # pdfminer ends a token cut by the end of a stream as if by a line break
            tokens = _tokens(b"\n".join(stream.get_data() for stream in valid))
        except _Unreadable:
            return super().execute(streams)
        methods = _methods(type(self))
        argstack = self.argstack
        for token in tokens:
            if token.__class__ is PSKeyword:
                found = methods.get(token)
                if found is None:
                    found = methods[token] = _method(type(self), token)
                if not found:
                    continue  # unknown operator: its operands stay on the stack, as in pdfminer
                name, nargs = found
                func = getattr(self, name)
                if nargs:
                    args = argstack[-nargs:]
                    del argstack[-nargs:]
                    if len(args) == nargs:
                        func(*args)
                else:
                    func()
                argstack = self.argstack
            else:
                argstack.append(token)
        return None


_METHODS: dict[type, dict[PSKeyword, tuple[str, int] | tuple[()]]] = {}


def _methods(cls: type) -> dict[PSKeyword, tuple[str, int] | tuple[()]]:
    return _METHODS.setdefault(cls, {})


def _method(cls: type, keyword: PSKeyword) -> tuple[str, int] | tuple[()]:
    name = keyword_name(keyword)
    method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
    func = getattr(cls, method, None)
    if func is None:
        return ()
    return (method, func.__code__.co_argcount - 1)


def char_direction(matrix: Sequence[float]) -> int:
    """The direction text runs in, in degrees clockwise on the page: 0, 90, 180 or 270."""
    a, b = matrix[0], matrix[1]
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 180
    return 90 if b < 0 else 270


class _Device(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's aggregator, but characters go straight into ``self.chars`` as the reader's
    dicts (pdfplumber's coordinates) instead of ``LTChar`` objects in the layout."""

    def __init__(self, rsrcmgr: Any, pageno: int, height: float, mediabox: Sequence[float]):
        super().__init__(rsrcmgr, pageno=pageno, laparams=None)
        self.chars: list[Obj] = []
        self._height = height
        self._mb_x0 = mediabox[0]
        self._mb_top = mediabox[1]

    def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float,
                    cid: int, ncs: Any, graphicstate: Any) -> float:  # fmt: skip
        """Vertical fonts: pdfminer's own ``LTChar``, copied into a dict."""
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        item = LTChar(
            matrix,
            font,
            fontsize,
            scaling,
            rise,
            text,
            font.char_width(cid),
            font.char_disp(cid),
            ncs,
            graphicstate,
        )
        fontname = item.fontname
        if isinstance(fontname, bytes):
            fontname = fix_fontname_bytes(fontname)
        ncolor = graphicstate.ncolor
        height, mb_x0, mb_top = self._height, self._mb_x0, self._mb_top
        self.chars.append(
            {
                "text": text,
                "fontname": fontname,
                "size": item.size,
                "upright": item.upright,
                "matrix": item.matrix,
                "x0": item.x0 + mb_x0,
                "x1": item.x1 + mb_x0,
                "top": height - item.y1 + mb_top,
                "bottom": height - item.y0 + mb_top,
                "doctop": height - item.y1 + mb_top,
                "non_stroking_color": ncolor if isinstance(ncolor, tuple) else (ncolor,),
                "direction": char_direction(item.matrix),
            }
        )
        return item.adv

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        font = textstate.font
        if font is None or font.is_vertical():
            super().render_string(textstate, seq, ncs, graphicstate)
            return
        # PDFTextDevice.render_string
        m1, m0 = textstate.matrix, self.ctm
        (a1, b1, c1, d1, e1, f1) = m1
        (a0, b0, c0, d0, e0, f0) = m0
        a = a0 * a1 + c0 * b1
        b = b0 * a1 + d0 * b1
        c = a0 * c1 + c0 * d1
        d = b0 * c1 + d0 * d1
        e = a0 * e1 + c0 * f1 + e0
        f = b0 * e1 + d0 * f1 + f0
        fontsize = textstate.fontsize
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = textstate.wordspace * scaling
        rise = textstate.rise
        if font.is_multibyte():
            wordspace = 0
        dxscale = 0.001 * fontsize * scaling
        # LTChar, per string: the box from the descent to one font size above, through the matrix
        descent = font.get_descent() * fontsize
        low = descent + rise
        high = descent + rise + fontsize
        upright = a * d * scaling > 0 and b * c <= 0
        fontname = font.fontname
        if isinstance(fontname, bytes):
            fontname = fix_fontname_bytes(fontname)
        ncolor = graphicstate.ncolor
        colour = ncolor if isinstance(ncolor, tuple) else (ncolor,)
        height, mb_x0, mb_top = self._height, self._mb_x0, self._mb_top
        direction = char_direction((a, b))
        glyphs = _glyphs(font)
        append = self.chars.append
        # render_string_horizontal
        (x, y) = textstate.linematrix
        # Upright, unskewed text (most of it): the box's terms in b and c are zeros, so its top,
        # bottom and size are the same for the whole string, and x0 is the origin (the same
        # values as the general formula below, which handles the rest).
        plain = b == 0 and c == 0 and a > 0 and d > 0 and fontsize >= 0 and scaling >= 0
        if plain:
            mf = y * d + f
            y0 = d * low + mf
            y1 = d * high + mf
            size = y1 - y0
            top = height - y1 + mb_top
            bottom = height - y0 + mb_top
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    glyph = glyphs.get(cid)
                    if glyph is None:
                        glyph = glyphs[cid] = self._glyph(font, cid)
                    text, textwidth = glyph
                    adv = textwidth * fontsize * scaling
                    if plain and adv >= 0:
                        me = x * a + e
                        append(
                            {
                                "text": text,
                                "fontname": fontname,
                                "size": size,
                                "upright": upright,
                                "matrix": (a, b, c, d, me, mf),
                                "x0": me + mb_x0,
                                "x1": a * adv + me + mb_x0,
                                "top": top,
                                "bottom": bottom,
                                "doctop": top,
                                "non_stroking_color": colour,
                                "direction": direction,
                            }
                        )
                        x += adv
                        if cid == 32 and wordspace:
                            x += wordspace
                        needcharspace = True
                        continue
                    # translate_matrix(matrix, (x, y)), then apply_matrix_rect
                    me = x * a + y * c + e
                    gmf = x * b + y * d + f
                    left1, bottom1 = a * 0 + c * low + me, b * 0 + d * low + gmf
                    right1, bottom2 = a * adv + c * low + me, b * adv + d * low + gmf
                    right2, top1 = a * adv + c * high + me, b * adv + d * high + gmf
                    left2, top2 = a * 0 + c * high + me, b * 0 + d * high + gmf
                    gx0 = min(left1, left2, right1, right2)
                    gy0 = min(bottom1, bottom2, top1, top2)
                    gx1 = max(left1, left2, right1, right2)
                    gy1 = max(bottom1, bottom2, top1, top2)
                    gtop = height - gy1 + mb_top
                    append(
                        {
                            "text": text,
                            "fontname": fontname,
                            "size": gy1 - gy0,
                            "upright": upright,
                            "matrix": (a, b, c, d, me, gmf),
                            "x0": gx0 + mb_x0,
                            "x1": gx1 + mb_x0,
                            "top": gtop,
                            "bottom": height - gy0 + mb_top,
                            "doctop": gtop,
                            "non_stroking_color": colour,
                            "direction": direction,
                        }
                    )
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                # pdfminer logs and skips what is neither a number nor a string
                continue
        textstate.linematrix = (x, y)

    def _glyph(self, font: Any, cid: int) -> tuple[str, float]:
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return text, font.char_width(cid)


def _glyphs(font: Any) -> dict[int, tuple[str, float]]:
    """Each glyph's text and width, once per font (fonts live as long as their document)."""
    glyphs = font.__dict__.get("_extract_glyphs")
    if glyphs is None:
        glyphs = font.__dict__["_extract_glyphs"] = {}
    return glyphs


def page_objects(page: Any) -> tuple[list[Obj], list[Obj]]:
    """The page's characters and shapes (lines, rectangles, curves) as pdfminer reads them, in
    pdfplumber's coordinates (top-down, relative to the MediaBox); pdfminer's errors come out as
    pdfplumber's ``PdfminerException``, as from ``page.layout``."""
    device = _Device(page.pdf.rsrcmgr, page.page_number, page.height, page.mediabox)
    interpreter = _Interpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as exc:
        raise PdfminerException(exc) from exc
    shapes: list[Obj] = []
    stack = list(reversed(device.get_result()._objs))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTCurve):
            shapes.append(_curve(page, obj))
        elif isinstance(obj, LTContainer):
            stack.extend(reversed(obj._objs))
    return device.chars, shapes


_CURVE_KINDS = {LTCurve: "curve", LTLine: "line", LTRect: "rect"}


def _curve(page: Any, obj: LTCurve) -> Obj:
    """pdfplumber's ``page.process_object`` for a line, rectangle or curve: the same dict,
    without resolving the points one by one (pdfminer's points are plain numbers; only colours
    can hold references)."""
    kind = _CURVE_KINDS.get(type(obj))
    if kind is None:  # a subclass pdfplumber would name otherwise
        return page.process_object(obj)
    attr: Obj = {}
    for key, value in obj.__dict__.items():
        if key in ALL_ATTRS:
            attr[key] = resolve_all(value) if key in _COLOURS else value
    attr["object_type"] = kind
    attr["page_number"] = page.page_number
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    height = page.height
    attr["pts"] = [(mb_x0 + x, mb_top + height - y) for x, y in attr["pts"]]
    attr["path"] = [
        (cmd, *((mb_x0 + x, mb_top + height - y) for x, y in pts))
        for cmd, *pts in obj.original_path
    ]
    attr["dash"] = obj.dashing_style
    if "y0" in attr:
        attr["top"] = (height - attr["y1"]) + mb_top
        attr["bottom"] = (height - attr["y0"]) + mb_top
        attr["doctop"] = page.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


_COLOURS = frozenset({"stroking_color", "non_stroking_color"})
