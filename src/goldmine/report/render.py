"""Renderers: a :class:`~goldmine.report.document.Document` -> Markdown, self-contained HTML, PDF.

* Markdown and HTML come from Jinja2 templates (``report/templates``); HTML is one file with its
  CSS inline and its charts as inline SVG: no script, no external stylesheet, font or image, so
  viewing needs no network.
* PDF is laid out with ReportLab's platypus; charts are PNG.  Chinese text uses ReportLab's
  built-in CID font ``STSong-Light`` (Adobe-GB1), so no font file is shipped; a viewer supplies the
  glyphs (Acrobat does; poppler needs ``poppler-data`` and a CJK font such as
  ``fonts-wqy-zenhei``).  Latin text uses Helvetica.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from goldmine import __version__
from goldmine.report.document import Document


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


def render_markdown(doc: Document) -> str:
    text = _env(False).get_template("report.md.j2").render(doc=doc, figure_word=_figure_word(doc.lang))
    lines = [ln.rstrip() for ln in text.splitlines()]
    out: list[str] = []
    for ln in lines:  # at most one blank line in a row
        if ln == "" and out and out[-1] == "":
            continue
        out.append(ln)
    return "\n".join(out).strip() + "\n"


def render_html(doc: Document) -> str:
    html: str = _env(True).get_template("report.html.j2").render(doc=doc, figure_word=_figure_word(doc.lang))
    return html


# ----------------------------------------------------------------------------------------- PDF
@lru_cache(maxsize=1)
def _cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _styles(lang: str) -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = _cid_font() if lang == "zh" else "Helvetica"
    bold = _cid_font() if lang == "zh" else "Helvetica-Bold"
    accent = colors.HexColor("#1f4e79")
    base = ParagraphStyle("base", fontName=body, fontSize=9.5, leading=13.5, wordWrap="CJK" if lang == "zh" else None)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=20, leading=25, textColor=accent, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, textColor=colors.HexColor("#5b6875"), spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=14, leading=18, textColor=accent, spaceBefore=12, spaceAfter=6),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, textColor=colors.HexColor("#5b6875")),
        "missing": ParagraphStyle("missing", parent=base, backColor=colors.HexColor("#fff8e6"), borderPadding=4, spaceBefore=3, spaceAfter=6),
        "error": ParagraphStyle("error", parent=base, backColor=colors.HexColor("#fdecea"), borderPadding=4, spaceBefore=3, spaceAfter=6),
        "verdict_invest": ParagraphStyle("vi", parent=base, fontName=bold, fontSize=15, leading=20, textColor=colors.HexColor("#2c7c5b")),
        "verdict_watch": ParagraphStyle("vw", parent=base, fontName=bold, fontSize=15, leading=20, textColor=colors.HexColor("#b7791f")),
        "verdict_pass": ParagraphStyle("vp", parent=base, fontName=bold, fontSize=15, leading=20, textColor=colors.HexColor("#b03a2e")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5),
        "cellr": ParagraphStyle("cellr", parent=base, fontSize=8, leading=10.5, alignment=2),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=8, leading=10.5),
        "footer": ParagraphStyle("footer", parent=base, fontSize=7.5, leading=10, textColor=colors.HexColor("#5b6875")),
    }


# Characters neither Helvetica (WinAnsi) nor STSong-Light (Adobe-GB1) draw, and their stand-ins.
PDF_SUBSTITUTES = {"\u2212": "-", "\u2013": "-", "\u2022": "*", "\u2713": "yes", "\u2717": "no", "\u2264": "<=",
                   "\u2265": ">=", "\u2192": "->", "\u2248": "~", "\u221e": "inf"}
_CJK_RUN = re.compile(r"[\u0370-\u03ff\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+")


def _esc(text: Any, lang: str = "zh") -> str:
    """Escape for ReportLab's paragraph markup; in English documents, runs of Chinese (and Greek)
    characters are set in the CID font so that they are drawn, not dropped.  In Chinese documents the
    middle dot, missing from Adobe-GB1, becomes a slash."""
    from xml.sax.saxutils import escape

    s = str(text)
    for a, b in PDF_SUBSTITUTES.items():
        s = s.replace(a, b)
    if lang == "zh":
        return escape(s.replace("\u00b7", "/"))
    out, pos = [], 0
    for m in _CJK_RUN.finditer(s):
        out.append(escape(s[pos:m.start()]))
        out.append(f'<font name="{_cid_font()}">{escape(m.group(0))}</font>')
        pos = m.end()
    out.append(escape(s[pos:]))
    return "".join(out)


def _col_widths(table: Any, width: float, lang: str) -> list[float]:
    """Column widths in proportion to each column's longest text (Chinese characters count double),
    each at least a fifth of an even share and long texts capped, so a table fits the page width."""
    def size(x: Any) -> int:
        s = str(x)
        return len(s) + sum(1 for ch in s if ord(ch) > 0x2E80)

    n = len(table.header)
    cols = [[table.header[j]] + [r[j] for r in table.rows if j < len(r)] for j in range(n)]
    need = [min(max(size(c) for c in col), 60) + 3 for col in cols]
    floor = 0.2 * width / n
    raw = [max(floor, width * x / sum(need)) for x in need]
    return [w * width / sum(raw) for w in raw]


def _pdf_cell(text: Any, lang: str, style: Any) -> Any:
    """A table cell: short plain text as a string (fast), anything that must wrap or switch fonts as
    a Paragraph."""
    from reportlab.platypus import Paragraph

    s = str(text)
    for a, b in PDF_SUBSTITUTES.items():
        s = s.replace(a, b)
    if lang == "zh":
        s = s.replace("\u00b7", "/")
    plain = len(s) <= (10 if lang == "zh" else 18) and (lang == "zh" or not _CJK_RUN.search(s)) and "\n" not in s
    return s if plain else Paragraph(_esc(text, lang), style)


def render_pdf(doc: Document) -> bytes:
    """Lay the document out on A4 pages; charts as PNG images scaled to the text width."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import Table as RLTable

    L = doc.lang
    st = _styles(L)
    buf = io.BytesIO()
    width = A4[0] - 36 * mm
    pdf = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=doc.title, author="goldmine", creator=f"goldmine {__version__}",
                            subject=doc.subtitle, invariant=1)
    story: list[Any] = [Paragraph(_esc(doc.title, L), st["title"]), Paragraph(_esc(doc.subtitle, L), st["subtitle"])]
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d9dee4")),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f6")),
                       ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    for s in doc.sections:
        story.append(Paragraph(_esc(s.title, L), st["h2"]))
        for b in s.blocks:
            k = _kind(b)
            if k == "Para":
                story.append(Paragraph(_esc(b.text, L), st.get(b.kind, st["body"])))
                story.append(Spacer(1, 3))
            elif k == "Bullets":
                for i, item in enumerate(b.items):
                    mark = _tone_mark(b.tones[i]) if b.tones else "•"
                    story.append(Paragraph(f"{_esc(mark, L)} {_esc(item, L)}", st["body"]))
                story.append(Spacer(1, 4))
            elif k == "KeyValues":
                rows = [[Paragraph(_esc(a, L), st["cell"]), Paragraph(_esc(v, L), st["cell"])] for a, v in b.items]
                tbl = RLTable(rows, colWidths=[width * 0.35, width * 0.65])
                tbl.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d9dee4")),
                                         ("VALIGN", (0, 0), (-1, -1), "TOP")]))
                story += [tbl, Spacer(1, 6)]
            elif k == "Table":
                al = b.aligns()
                rows = [[Paragraph(_esc(h, L), st["head"]) for h in b.header]]
                rows += [[_pdf_cell(c, L, st["cellr" if al[j] == "r" else "cell"]) for j, c in enumerate(r)] for r in b.rows]
                tbl = RLTable(rows, repeatRows=1, colWidths=_col_widths(b, width, L))
                tbl.setStyle(grid)
                tbl.setStyle(TableStyle([("FONT", (0, 1), (-1, -1), st["cell"].fontName, 8),
                                         ("ALIGN", (0, 1), (-1, -1), "LEFT")] +
                                        [("ALIGN", (j, 1), (j, -1), "RIGHT") for j, a in enumerate(al) if a == "r"]))
                items = ([Paragraph(_esc(b.caption, L), st["note"])] if b.caption else []) + [tbl, Spacer(1, 6)]
                story.append(KeepTogether(items) if len(b.rows) < 25 else items[0])
                if len(b.rows) >= 25:
                    story += items[1:]
            elif k == "Figure":
                from PIL import Image as PILImage

                png = b.png()
                w, h = PILImage.open(io.BytesIO(png)).size
                scale = min(width / w, 95 * mm / h)
                story.append(KeepTogether([Image(io.BytesIO(png), width=w * scale, height=h * scale),
                                           Paragraph(_esc(f"{_figure_word(doc.lang)}: {b.caption}", L), st["note"]), Spacer(1, 6)]))
    story.append(Spacer(1, 10))
    for key, val in doc.footer:
        story.append(Paragraph(f"{_esc(key, L)}: {_esc(val, L)}", st["footer"]))
    pdf.build(story)
    return buf.getvalue()


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
