"""Renderers: a :class:`~goldmine.report.document.Document` -> Markdown, self-contained HTML, PDF.

* Markdown and HTML come from Jinja2 templates (``report/templates``); HTML is one file with its
  CSS inline and its charts as inline SVG: no script, no external stylesheet, font or image, so
  viewing needs no network.
* PDF is laid out with ReportLab's platypus; charts are PNG.  Every font is embedded (issue #16):
  DejaVu Sans (inside matplotlib) for Latin text, a CJK font found at run time (Noto Sans CJK SC
  from Debian's ``fonts-noto-cjk``...) subset to the document's characters for Chinese; headings,
  captions and intro lines stay with what follows them, small blocks are not split, no page but the
  last is left under a quarter full, table columns are at least as wide as their longest word and
  every cell wraps inside its column; :func:`pdf_layout` reports how the pages were filled.

Every renderer first calls :func:`goldmine.report.document.localize`: a Chinese document gets the
glossary, Chinese punctuation and Chinese chart labels whatever its builder wrote.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from goldmine import __version__
from goldmine.report.document import Document, localize


def _kind(block: Any) -> str:
    return type(block).__name__


# Markdown escaping (issue #20): every user string and table cell, so that a profile named
# "<script>alert(1)</script>" or "[x](javascript:...)" stays text in any Markdown viewer.
_MD_INLINE = str.maketrans({"\\": "\\\\", "*": "\\*", "_": "\\_", "`": "\\`", "[": "\\[", "]": "\\]", "~": "\\~"})
_MD_TAG = re.compile(r"<(?=[A-Za-z/!?])")                       # could open an HTML tag, comment or autolink
_MD_ENTITY = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")  # would be read as an entity
_MD_LEADING = re.compile(r"^([#>+=-]|[0-9]+(?=[.)]))")           # block syntax at the start of a line
_MD_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c]+")


def _inline(text: Any) -> str:
    """``text`` as literal Markdown inline text: emphasis, code, link and strike-through characters
    backslash-escaped, ``<`` that could open a tag and ``&`` that could start an entity written as
    entities, line breaks joined (a user string cannot start a heading, list, quote or table of its own)."""
    s = _MD_ENTITY.sub("&amp;", _MD_BREAKS.sub(" ", str(text)))
    return _MD_TAG.sub("&lt;", s.translate(_MD_INLINE))


def _md(text: Any) -> str:
    """:func:`_inline`, and block syntax at its start (``#``, ``>``, ``-``, ``+``, ``=``, ``1.``) escaped:
    the text of a paragraph, a list item, a title."""
    s = _inline(text).lstrip()
    m = _MD_LEADING.match(s)
    if m:
        s = s[:m.end()] + "\\" + s[m.end():] if m.group(0)[0].isdigit() else "\\" + s
    return s


def _cell(text: Any) -> str:
    """A table cell: :func:`_inline`, and ``|`` escaped so it does not split the cell."""
    return _inline(text).replace("|", "\\|")


def _code(text: Any) -> str:
    """``text`` as an inline code span, fenced with more backticks than it contains (footer values)."""
    s = _MD_BREAKS.sub(" ", str(text))
    run = max((len(r) for r in re.findall(r"`+", s)), default=0)
    fence = "`" * (run + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def _tone_mark(tone: str) -> str:
    return {"positive": "(+)", "negative": "(−)", "neutral": "(•)"}.get(tone, "")


@lru_cache(maxsize=2)
def _env(autoescape: bool) -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("goldmine.report", "templates"),
                             autoescape=autoescape, trim_blocks=False, lstrip_blocks=False,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["md"] = _md
    env.filters["cell"] = _cell
    env.filters["code"] = _code
    env.globals.update(kind=_kind, tone_mark=_tone_mark, version=__version__)
    return env


def _figure_word(lang: str) -> str:
    from goldmine.i18n import t

    return t("report.figure", lang)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def render_markdown(doc: Document) -> str:
    doc = localize(doc)
    text = _env(False).get_template("report.md.j2").render(doc=doc, figure_word=_figure_word(doc.lang),
                                                           colon=_colon(doc.lang))
    lines = [ln.rstrip() for ln in text.splitlines()]
    out: list[str] = []
    for ln in lines:  # at most one blank line in a row
        if ln == "" and out and out[-1] == "":
            continue
        out.append(ln)
    return "\n".join(out).strip() + "\n"


def render_html(doc: Document) -> str:
    doc = localize(doc)
    html: str = _env(True).get_template("report.html.j2").render(doc=doc, figure_word=_figure_word(doc.lang),
                                                                 colon=_colon(doc.lang))
    return html


# ----------------------------------------------------------------------------------------- PDF
# Fonts (issue #16): every font is embedded, so the PDF prints the same everywhere.  Latin text is
# set in DejaVu Sans (shipped inside matplotlib, Bitstream Vera licence); Chinese in a CJK font found
# on the machine at run time (Noto Sans CJK SC from Debian's fonts-noto-cjk, Source Han Sans,
# WenQuanYi..., SIL OFL or GPL with the font exception: embedding allowed), subset to the
# characters of the document and, when its outlines are CFF (Noto CJK, Source Han), converted to
# TrueType outlines with fontTools so that ReportLab can embed it.  Each character is set in the
# first of the document's two fonts that has it (Chinese in an English report, ✓ or ≤ in a Chinese
# one).  Without any CJK font the old fallback applies: ReportLab's built-in STSong-Light, not
# embedded (`pdffonts` shows it; the tests that need a CJK font say they are skipped).
CJK_FILE_PREFERENCE = ("notosanscjk", "sourcehansans", "notosanssc", "notoserifcjk", "sourcehanserif", "wqy-zenhei",
                       "wqy-microhei", "uming", "ukai")
CJK_FACE_HINTS = (" SC", " CN", "GB", "Zen Hei", "Micro Hei", "UMing", "UKai")


@dataclass(frozen=True)
class FontFace:
    """One face of a font file (a .ttc holds several): ``index`` is its number in the collection."""

    path: str
    index: int
    name: str


def _faces(path: str) -> list[tuple[int, Any]]:
    from fontTools.ttLib import TTCollection, TTFont

    if path.lower().endswith((".ttc", ".otc")):
        return list(enumerate(TTCollection(path, lazy=True).fonts))
    return [(0, TTFont(path, lazy=True))]


def _pick_face(path: str) -> FontFace | None:
    """The simplified-Chinese face of ``path`` (``Noto Sans CJK SC`` among JP/KR/SC/TC/HK), or the
    first face that has 中."""
    try:
        faces = _faces(path)
    except Exception:  # noqa: BLE001 - an unreadable font file is skipped, never fatal
        return None
    named = [(i, f, str(f["name"].getDebugName(1) or "")) for i, f in faces]
    ranked = [x for x in named if "Mono" not in x[2] and any(h in x[2] for h in CJK_FACE_HINTS)]
    ranked += [x for x in named if "Mono" not in x[2] and x not in ranked]
    for i, f, name in ranked:
        if 0x4E2D in (f.getBestCmap() or {}):
            return FontFace(path, i, name)
    return None


@lru_cache(maxsize=1)
def cjk_faces() -> tuple[FontFace, FontFace] | None:
    """(regular, bold) CJK faces found on this machine, or None; bold is the regular face when the
    family has no bold file."""
    from matplotlib import font_manager

    def rank(path: str) -> tuple[int, str]:
        base = path.rsplit("/", 1)[-1].lower().replace("_", "-")
        flat = base.replace("-", "")
        hit = next((i for i, h in enumerate(CJK_FILE_PREFERENCE) if h.replace("-", "") in flat), len(CJK_FILE_PREFERENCE))
        return hit, base

    files = [f for f in font_manager.findSystemFonts(fontext="ttf") if rank(f)[0] < len(CJK_FILE_PREFERENCE)]  # ttf, otf, ttc
    files = sorted(set(files), key=rank)
    regular = next((face for f in files if "bold" not in f.lower() and "light" not in f.lower()
                    and (face := _pick_face(f)) is not None), None)
    if regular is None:
        return None
    family = rank(regular.path)[0]
    bold = next((face for f in files if rank(f)[0] == family and "bold" in f.lower() and "semibold" not in f.lower()
                 and (face := _pick_face(f)) is not None), regular)
    return regular, bold


@lru_cache(maxsize=8)
def _coverage(path: str, index: int) -> frozenset[int]:
    return frozenset(dict(_faces(path))[index].getBestCmap() or {})


def _latin_paths() -> tuple[str, str]:
    import matplotlib

    folder = f"{matplotlib.get_data_path()}/fonts/ttf"
    return f"{folder}/DejaVuSans.ttf", f"{folder}/DejaVuSans-Bold.ttf"


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def _latin_fonts() -> tuple[str, str]:
    """DejaVu Sans and DejaVu Sans Bold, registered with ReportLab (embedded, subset, when used)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = _latin_paths()
    pdfmetrics.registerFont(TTFont("GMSans", regular))
    pdfmetrics.registerFont(TTFont("GMSans-Bold", bold))
    return "GMSans", "GMSans-Bold"


def _truetype_subset(face: FontFace, chars: frozenset[int]) -> bytes:
    """``face`` cut down to ``chars`` with TrueType outlines (CFF curves converted to quadratic
    ones with fontTools' cu2qu, error at most 1 font unit), as bytes ReportLab can embed."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF", "MATH"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(chars))
    sub.subset(font)
    if "CFF " in font:
        order = font.getGlyphOrder()
        glyph_set = font.getGlyphSet()
        glyphs = {}
        for name in order:
            pen = TTGlyphPen(glyph_set)
            glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyphs[name] = pen.glyph()
        font["loca"] = newTable("loca")
        glyf = font["glyf"] = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = glyphs
        del font["CFF "]
        glyf.compile(font)
        hmtx = font["hmtx"]
        for name, glyph in glyf.glyphs.items():
            if hasattr(glyph, "xMin"):
                hmtx[name] = (hmtx[name][0], glyph.xMin)
        maxp = font["maxp"] = newTable("maxp")
        maxp.tableVersion = 0x00010000
        maxp.maxZones = 1
        for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                     "maxSizeOfInstructions", "maxComponentElements"):
            setattr(maxp, attr, 0)
        font["post"].formatType = 3.0
        font.sfntVersion = "\000\001\000\000"
    # a PostScript name of its own: ReportLab keeps one typeface per name, so two subsets of one font
    # under the same name would share glyph numbers that differ between them (Chinese printed as boxes)
    import hashlib

    tag = hashlib.sha1(",".join(map(str, sorted(chars))).encode()).hexdigest()[:8]
    names = font["name"]
    ps = str(names.getDebugName(6) or "GMCJK").split("-GM")[0]
    for rec in [r for r in names.names if r.nameID == 6]:
        names.setName(f"{ps}-GM{tag}"[:63], 6, rec.platformID, rec.platEncID, rec.langID)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=32)
def _cjk_font(face: FontFace, chars: frozenset[int]) -> str:
    """The name under which ``face`` cut down to ``chars`` is registered with ReportLab."""
    import hashlib

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    digest = hashlib.sha1(f"{face.path}:{face.index}:{sorted(chars)}".encode()).hexdigest()[:10]
    name = f"GMCJK-{digest}"
    # registered once: a font registered again under the same name while another document still
    # uses it would lose the subsets ReportLab assigned (the glyphs then print as empty boxes)
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(_truetype_subset(face, chars))))
    return name


@lru_cache(maxsize=1)
def _cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


@dataclass
class Fonts:
    """The fonts of one document: ``primary`` sets the text, ``secondary`` the characters the
    primary lacks (Chinese in English, symbols in Chinese); ``covers`` maps a font name to its
    characters (None: every character)."""

    primary: str
    primary_bold: str
    secondary: str
    secondary_bold: str
    covers: dict[str, frozenset[int] | None]
    embedded: bool = True

    def font_of(self, ch: str, bold: bool = False) -> str | None:
        order = (self.primary_bold, self.secondary_bold, self.primary, self.secondary) if bold else (self.primary, self.secondary)
        for name in order:
            cov = self.covers.get(name)
            if cov is None or ord(ch) in cov:
                return name
        return None


def _doc_chars(doc: Document, bold: bool = False) -> set[str]:
    """Every character the PDF of ``doc`` may draw (``bold``: in bold type: titles, headings,
    table headers, the verdict)."""
    if bold:
        heads = [doc.title] + [s.title for s in doc.sections]
        heads += [str(h) for s in doc.sections for b in s.blocks if _kind(b) == "Table" for h in b.header]
        heads += [b.text for s in doc.sections for b in s.blocks if _kind(b) == "Para" and b.kind.startswith("verdict")]
        return set("".join(heads))
    parts: list[str] = [doc.title, doc.subtitle, _figure_word(doc.lang), "：:•*-"]
    parts += [f"{k}{v}" for k, v in doc.footer]
    for s in doc.sections:
        parts.append(s.title)
        for b in s.blocks:
            k = _kind(b)
            if k == "Para":
                parts.append(b.text)
            elif k == "Bullets":
                parts += b.items + [_tone_mark(x) for x in (b.tones or [])]
            elif k == "KeyValues":
                parts += [f"{a}{v}" for a, v in b.items]
            elif k == "Table":
                parts += [str(h) for h in b.header] + [str(c) for r in b.rows for c in r] + [b.caption or ""]
            elif k == "Figure":
                parts.append(b.caption)
    chars = set("".join(parts))
    for a, b2 in PDF_SUBSTITUTES.items():
        if a in chars:
            chars |= set(b2)
    return chars


def document_fonts(doc: Document) -> Fonts:
    """The embedded fonts of ``doc``'s PDF (see the comment above :class:`FontFace`)."""
    latin, latin_bold = _latin_fonts()
    lat_cov = _coverage(_latin_paths()[0], 0)
    faces = cjk_faces()
    if faces is None:
        cid = _cid_font()
        if doc.lang == "zh":
            return Fonts(cid, cid, latin, latin_bold, {cid: None}, embedded=False)
        return Fonts(latin, latin_bold, cid, cid, {latin: lat_cov, latin_bold: lat_cov, cid: None}, embedded=False)
    regular, bold = faces
    cjk_cov = _coverage(regular.path, regular.index)  # the bold face of the family has the same characters
    ascii_ = frozenset(range(0x20, 0x7F))

    def needed(chars: set[str]) -> frozenset[int]:
        return frozenset(ord(c) for c in chars if ord(c) in cjk_cov and (doc.lang == "zh" or ord(c) not in lat_cov)) | ascii_

    need, need_bold = needed(_doc_chars(doc)), needed(_doc_chars(doc, bold=True))
    cjk, cjk_bold = _cjk_font(regular, need), _cjk_font(bold, need_bold)
    covers: dict[str, frozenset[int] | None] = {latin: lat_cov, latin_bold: lat_cov, cjk: need, cjk_bold: need_bold}
    if doc.lang == "zh":
        return Fonts(cjk, cjk_bold, latin, latin_bold, covers)
    return Fonts(latin, latin_bold, cjk, cjk_bold, covers)


# Characters none of the document's fonts draws, and their stand-ins.
PDF_SUBSTITUTES = {"\u2212": "-", "\u2013": "-", "\u2022": "*", "\u2713": "yes", "\u2717": "no", "\u2264": "<=",
                   "\u2265": ">=", "\u2192": "->", "\u2248": "~", "\u221e": "inf", "\u00b7": "/"}


def _runs(text: Any, fonts: Fonts, bold: bool = False) -> list[tuple[str, str]]:
    """``text`` cut into (font, text) runs, each character in the first font that has it."""
    out: list[tuple[str, str]] = []
    for ch in str(text):
        font = fonts.font_of(ch, bold)
        piece = ch
        if font is None:
            piece = PDF_SUBSTITUTES.get(ch, "?")
            font = fonts.primary_bold if bold else fonts.primary
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + piece)
        else:
            out.append((font, piece))
    return out


def _esc(text: Any, fonts: Fonts, bold: bool = False) -> str:
    """``text`` as ReportLab paragraph markup, runs outside the paragraph's font wrapped in
    ``<font name=...>``."""
    from xml.sax.saxutils import escape

    base = fonts.primary_bold if bold else fonts.primary
    return "".join(escape(piece) if font == base else f'<font name="{font}">{escape(piece)}</font>'
                   for font, piece in _runs(text, fonts, bold))


def _width(text: Any, fonts: Fonts, size: float, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(sum(stringWidth(piece, font, size) for font, piece in _runs(text, fonts, bold)))


_TOKEN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")


def _min_width(text: Any, fonts: Fonts, size: float, bold: bool = False) -> float:
    """The widest piece of ``text`` a line cannot break: a word (Chinese breaks between characters)."""
    return max((_width(tok, fonts, size, bold) for tok in _TOKEN.findall(str(text))), default=0.0)


CELL_PAD = 2 * 4.0 + 1.0   # left and right cell padding, and a point of slack


def col_widths(header: list[Any], rows: list[list[Any]], width: float, fonts: Fonts, size: float = 8.0) -> list[float]:
    """Column widths that fit the text width: each column at least as wide as its longest word
    (so no word is split: "Dimension", not "Dime/nsio/n"), the rest shared in proportion to how much
    more each column's longest cell needs to sit on one line."""
    n = len(header)
    cols = [[header[j]] + [r[j] for r in rows if j < len(r)] for j in range(n)]
    natural = [max(_width(c, fonts, size, bold=(i == 0)) for i, c in enumerate(col)) + CELL_PAD for col in cols]
    least = [max(_min_width(c, fonts, size, bold=(i == 0)) for i, c in enumerate(col)) + CELL_PAD for col in cols]
    natural = [max(a, b) for a, b in zip(natural, least, strict=True)]
    if sum(natural) <= width:
        return [w * width / sum(natural) for w in natural]
    if sum(least) >= width:
        return [w * width / sum(least) for w in least]
    extra = width - sum(least)
    more = [a - b for a, b in zip(natural, least, strict=True)]
    return [b + extra * m / sum(more) for b, m in zip(least, more, strict=True)]


def _styles(lang: str, fonts: Fonts) -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body, bold = fonts.primary, fonts.primary_bold
    accent = colors.HexColor("#1f4e79")
    base = ParagraphStyle("base", fontName=body, fontSize=9.5, leading=13.5, wordWrap="CJK" if lang == "zh" else None,
                          splitLongWords=1)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=20, leading=25, textColor=accent, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, textColor=colors.HexColor("#5b6875"), spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=14, leading=18, textColor=accent, spaceBefore=12, spaceAfter=6),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#5b6875")),
        "missing": ParagraphStyle("missing", parent=base, backColor=colors.HexColor("#fff8e6"), borderPadding=4, spaceBefore=3, spaceAfter=6),
        "error": ParagraphStyle("error", parent=base, backColor=colors.HexColor("#fdecea"), borderPadding=4, spaceBefore=3, spaceAfter=6),
        "verdict_invest": ParagraphStyle("vi", parent=base, fontName=bold, fontSize=15, leading=20, textColor=colors.HexColor("#2c7c5b")),
        "verdict_watch": ParagraphStyle("vw", parent=base, fontName=bold, fontSize=15, leading=20, textColor=colors.HexColor("#b7791f")),
        "verdict_pass": ParagraphStyle("vp", parent=base, fontName=bold, fontSize=15, leading=20, textColor=colors.HexColor("#b03a2e")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5),
        "cellr": ParagraphStyle("cellr", parent=base, fontSize=8, leading=10.5, alignment=2),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=8, leading=10.5),
        "headr": ParagraphStyle("headr", parent=base, fontName=bold, fontSize=8, leading=10.5, alignment=2),
        "footer": ParagraphStyle("footer", parent=base, fontSize=7.5, leading=10, textColor=colors.HexColor("#5b6875")),
    }


@dataclass
class PageLayout:
    """What one PDF page holds, measured while it is laid out: ``fill`` is the share of the text
    frame's height used, ``kinds`` the kinds of its flowables in order (``heading``, ``title``,
    ``text``, ``table``, ``figure``, ``caption``...), so ``kinds[-1]`` is the last thing on the page."""

    number: int
    fill: float
    kinds: list[str]


SMALL = 0.4   # a table or list shorter than this share of a page is kept on one page


def _para(text: Any, style: Any, fonts: Fonts, kind: str, bold: bool = False) -> Any:
    from reportlab.platypus import Paragraph

    p = Paragraph(_esc(text, fonts, bold or style.fontName == fonts.primary_bold), style)
    p._gm_kind = kind
    return p


def _tag(flowable: Any, kind: str) -> Any:
    flowable._gm_kind = kind
    return flowable


def _lead(item: Any, width: float, frame_h: float) -> float:
    """The height that must follow a heading or caption on its page: all of a block kept together,
    the first row (with the header) of a table that may split, the first lines of a long paragraph."""
    from reportlab.platypus import KeepTogether, Paragraph
    from reportlab.platypus import Table as RLTable

    if isinstance(item, KeepTogether):
        return float(sum(f.wrap(width, frame_h)[1] + (f.style.spaceBefore + f.style.spaceAfter if isinstance(f, Paragraph) else 0)
                         for f in item._content))
    if isinstance(item, RLTable):
        first = RLTable(item._cellvalues[: (item.repeatRows or 0) + 1], colWidths=item._colWidths)
        return float(first.wrap(width, frame_h)[1]) + 4.0
    if isinstance(item, Paragraph):
        st = item.style
        return float(min(item.wrap(width, frame_h)[1], 3 * st.leading) + st.spaceBefore + st.spaceAfter)
    return float(item.wrap(width, frame_h)[1])


def _story(doc: Document, fonts: Fonts, width: float, frame_h: float) -> list[Any]:
    """The flowables of ``doc``: each section's heading, captions and intro lines stay with what
    follows them (a conditional page break before them asks for their height plus the lead of the
    next block), small blocks are kept on one page, long tables split with their header repeated."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Image, KeepTogether, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    L = doc.lang
    st = _styles(L, fonts)
    # every cell holds a Paragraph, but ReportLab still sets the cell's font (Helvetica by default,
    # not embedded): the document's own Latin font keeps every font of the PDF embedded
    cell_font = ("FONTNAME", (0, 0), (-1, -1), _latin_fonts()[0])
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d9dee4")),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f6")),
                       ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                       ("RIGHTPADDING", (0, 0), (-1, -1), 4), cell_font])
    kv_style = TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d9dee4")), cell_font,
                           ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 4)])

    def keep(items: list[Any], kind: str) -> Any:
        height = sum(f.wrap(width, frame_h)[1] for f in items)
        return _tag(KeepTogether(items), kind) if height <= SMALL * frame_h else items

    units: list[tuple[bool, Any]] = []   # (sticky: stays with the next unit, flowable or list)
    units.append((True, _para(doc.title, st["title"], fonts, "title", bold=True)))
    units.append((True, _para(doc.subtitle, st["subtitle"], fonts, "subtitle")))
    for s in doc.sections:
        units.append((True, _para(s.title, st["h2"], fonts, "heading", bold=True)))
        blocks = s.blocks
        for i, b in enumerate(blocks):
            k = _kind(b)
            nxt = _kind(blocks[i + 1]) if i + 1 < len(blocks) else None
            if k == "Para":
                sticky = b.kind == "text" and nxt in ("Bullets", "Table", "KeyValues", "Figure")
                units.append((sticky, [_para(b.text, st.get(b.kind, st["body"]), fonts, "text"), Spacer(1, 3)]))
            elif k == "Bullets":
                items = [_para(f"{_tone_mark(b.tones[j]) if b.tones else '•'} {item}", st["body"], fonts, "text")
                         for j, item in enumerate(b.items)]
                units.append((False, keep(items + [Spacer(1, 4)], "bullets")))
            elif k == "KeyValues":
                rows = [[_para(a, st["cell"], fonts, "cell"), _para(v, st["cell"], fonts, "cell")] for a, v in b.items]
                tbl = _tag(RLTable(rows, colWidths=[width * 0.35, width * 0.65]), "table")
                tbl.setStyle(kv_style)
                units.append((False, keep([tbl, Spacer(1, 6)], "table")))
            elif k == "Table":
                al = b.aligns()
                header = [_para(h, st["headr" if al[j] == "r" else "head"], fonts, "cell", bold=True) for j, h in enumerate(b.header)]
                body = [[_para(c, st["cellr" if al[j] == "r" else "cell"], fonts, "cell") for j, c in enumerate(r)] for r in b.rows]
                tbl = _tag(RLTable([header] + body, repeatRows=1, colWidths=col_widths(b.header, b.rows, width, fonts)), "table")
                tbl.setStyle(grid)
                if b.caption:
                    units.append((True, _para(b.caption, st["note"], fonts, "caption")))
                units.append((False, keep([tbl, Spacer(1, 6)], "table")))
            elif k == "Figure":
                from PIL import Image as PILImage

                png = b.png()
                w, h = PILImage.open(io.BytesIO(png)).size
                scale = min(width / w, 95 * mm / h)
                img = _tag(Image(io.BytesIO(png), width=w * scale, height=h * scale), "figure")
                cap = _para(f"{_figure_word(L)}{b.caption}", st["note"], fonts, "figcaption")
                units.append((False, _tag(KeepTogether([img, cap, Spacer(1, 6)]), "figure")))
    units.append((False, Spacer(1, 10)))
    colon = "：" if L == "zh" else ": "
    units.append((False, [_para(f"{key}{colon}{val}", st["footer"], fonts, "footer") for key, val in doc.footer]))

    story: list[Any] = []
    for i, (sticky, item) in enumerate(units):
        prev_sticky = i > 0 and units[i - 1][0]
        if sticky and not prev_sticky:
            need, j = 0.0, i
            while j < len(units) and units[j][0]:
                need += _lead(units[j][1][0] if isinstance(units[j][1], list) else units[j][1], width, frame_h)
                j += 1
            if j < len(units):
                nxt_item = units[j][1]
                need += _lead(nxt_item[0] if isinstance(nxt_item, list) else nxt_item, width, frame_h)
            story.append(CondPageBreak(min(need + 12, 0.6 * frame_h)))
        story += item if isinstance(item, list) else [item]
    return story


def _flowable_kind(flowable: Any) -> str | None:
    """What a drawn flowable is for the layout record: its tag, else by its class (the parts of a
    split table or paragraph are new objects); spacers and page breaks are nothing."""
    from reportlab.platypus import Image, Paragraph
    from reportlab.platypus import Table as RLTable

    kind = getattr(flowable, "_gm_kind", None)
    if kind in ("title", "subtitle", "heading", "caption", "figcaption", "text", "footer", "figure", "table", "cell"):
        return str(kind)
    if isinstance(flowable, RLTable):
        return "table"
    if isinstance(flowable, Image):
        return "figure"
    if isinstance(flowable, Paragraph):
        return "text"
    return None


def _build_pdf(doc: Document) -> tuple[bytes, list[PageLayout]]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    doc = localize(doc)
    fonts = document_fonts(doc)
    buf = io.BytesIO()
    width = A4[0] - 36 * mm
    pages: list[PageLayout] = []

    class _Template(SimpleDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: Any) -> None:
            kind = _flowable_kind(flowable)
            if kind is None:
                return
            frame = self.frame
            number = self.page
            if not pages or pages[-1].number != number:
                pages.append(PageLayout(number, 0.0, []))
            pages[-1].kinds.append(kind)
            pages[-1].fill = (frame._y1 + frame._height - frame._y) / frame._height

    pdf = _Template(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
                    title=doc.title, author="goldmine", creator=f"goldmine {__version__}", subject=doc.subtitle,
                    invariant=1, initialFontName=_latin_fonts()[0])  # not ReportLab's Helvetica: every font embedded
    frame_h = A4[1] - 34 * mm
    story = _story(doc, fonts, width, frame_h)

    def page_number(canvas: Any, d: Any) -> None:
        canvas.saveState()
        canvas.setFont(_latin_fonts()[0], 7.5)
        canvas.setFillGray(0.45)
        canvas.drawCentredString(A4[0] / 2, 9 * mm, str(d.page))
        canvas.restoreState()

    pdf.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buf.getvalue(), pages


def render_pdf(doc: Document) -> bytes:
    """Lay the document out on A4 pages; charts as PNG images scaled to the text width."""
    return _build_pdf(doc)[0]


def pdf_layout(doc: Document) -> list[PageLayout]:
    """How the PDF of ``doc`` falls on its pages (:class:`PageLayout`), for the layout tests."""
    return _build_pdf(doc)[1]


def render(doc: Document, fmt: str) -> str | bytes:
    """``fmt`` is ``md``, ``html`` or ``pdf``; text for the first two, bytes for PDF."""
    if fmt == "md":
        return render_markdown(doc)
    if fmt == "html":
        return render_html(doc)
    if fmt == "pdf":
        return render_pdf(doc)
    from goldmine.errors import InputError, Problem

    raise InputError(None, [Problem("--format", "expected.one_of", fmt, params={"choices": "md, html, pdf"})])
