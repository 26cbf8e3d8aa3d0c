"""The report as a small document model that every renderer (Markdown, HTML, PDF) walks.

One builder turns a result into a :class:`Document` in one language; the renderers only lay it out.
So the three formats show the same words and the same numbers by construction.

Blocks: :class:`Para` (with a ``kind``: text, note, missing, error, verdict), :class:`Bullets`
(``kind="sources"`` for a list of references, left as written), :class:`Table`, :class:`KeyValues`
and :class:`Figure` (a chart drawn on demand, cached, as PNG for HTML and PDF, SVG on request;
Markdown shows its caption).

:func:`localize` is what a Chinese reader reads (issue #16): every renderer calls it, so the builders
write plain catalogue text and the user's names as given, and the Chinese document gets the glossary
(``Series A`` -> ``A 轮``, ``Employee options (granted)`` -> ``员工期权（已授予）``, demand units),
Chinese punctuation and dates (``2025 年 10 月 31 日``) in running text, and its charts' labels in
Chinese.  References (a bullet list of kind ``sources``, or introduced by the catalogue's
``report.appendix.sources`` / ``report.appendix.method_sources`` line; a ``report.col.source``
column), footer values and code stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass
class Para:
    text: str
    kind: str = "text"  # text | note | missing | error | verdict_invest | verdict_watch | verdict_pass


@dataclass
class Bullets:
    items: list[str]
    kind: str = "text"  # text | sources (references, printed as written) | positive | negative | neutral
    tones: list[str] | None = None


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str | None = None
    align: list[str] | None = None  # "l" or "r" per column

    def aligns(self) -> list[str]:
        return self.align or ["l"] + ["r"] * (len(self.header) - 1)


@dataclass
class KeyValues:
    items: list[tuple[str, str]]


@dataclass
class Figure:
    """A chart: ``draw()`` returns a matplotlib Figure, drawn once to PNG (embedded in HTML as a
    base64 data URI and placed in the PDF); the PNG is kept in ``cache`` (shared by the documents of
    one result in several languages) under ``cache_key``, so a chart whose labels are the same in
    both languages is drawn once.  ``svg()`` draws an SVG on request.  ``lang`` is the report's
    language (:func:`localize` sets it): the chart is drawn through
    :func:`goldmine.report.charts.drawn` (levels from zero, swamping bands clipped, Chinese labels)."""

    key: str
    caption: str
    draw: Callable[[], Any]
    cache: dict[str, Any] | None = field(default=None, repr=False)
    cache_key: str | None = None
    lang: str | None = None

    def figure(self) -> Any:
        """The drawn and finished matplotlib figure (not cached; the caller closes it)."""
        from goldmine.report.charts import drawn

        return drawn(self.draw, self.lang or "en")

    def png(self) -> bytes:
        store = self.cache if self.cache is not None else self.__dict__.setdefault("_own", {})
        k = (self.cache_key or self.key) + (f"@{self.lang}" if self.lang else "")
        if k not in store:
            from goldmine.report.charts import to_png

            store[k] = to_png(self.figure())
        png: bytes = store[k]
        return png

    def png_base64(self) -> str:
        import base64

        return base64.b64encode(self.png()).decode("ascii")

    def svg(self) -> str:
        from goldmine.report.charts import to_svg

        return to_svg(self.figure())


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Any] = field(default_factory=list)

    def add(self, *blocks: Any) -> Section:
        self.blocks.extend(b for b in blocks if b is not None)
        return self


@dataclass
class Document:
    lang: str
    title: str
    subtitle: str
    sections: list[Section]
    footer: list[tuple[str, str]]
    kind: str = "due_diligence"  # due_diligence | sector | update

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]


# ------------------------------------------------------------------------------ localisation
SOURCE_INTROS = ("report.appendix.sources", "report.appendix.method_sources")
SOURCE_COLUMNS = ("report.col.source",)
_CODE = re.compile(r"`[^`]*`")
_ISO_DAY = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_ISO_MONTH = re.compile(r"(?<![\d-])(\d{4})-(\d{2})(?![\d-])")


def _catalogue_texts(keys: tuple[str, ...], lang: str) -> set[str]:
    from goldmine.i18n import has_key, t

    return {t(k, lang) for k in keys if has_key(k)}


def zh_dates(text: str) -> str:
    """ISO dates in a Chinese sentence as Chinese dates: ``2025-10-31`` -> ``2025 年 10 月 31 日``,
    ``2025-10`` -> ``2025 年 10 月`` (GLOSSARY-zh.md); tables keep ISO dates."""
    s = _ISO_DAY.sub(lambda m: f"{m.group(1)} 年 {int(m.group(2))} 月 {int(m.group(3))} 日", text)
    return _ISO_MONTH.sub(lambda m: f"{m.group(1)} 年 {int(m.group(2))} 月" if 1 <= int(m.group(2)) <= 12 else m.group(0), s)


def zh_sentence(text: str) -> str:
    """Running Chinese text: glossary phrases, dates and punctuation (code spans kept)."""
    from goldmine.i18n import localize_phrases, zh_text

    parts = _CODE.split(text)
    codes = _CODE.findall(text)
    out = [zh_text(zh_dates(localize_phrases(p, "zh"))) for p in parts]
    return "".join(a + (codes[i] if i < len(codes) else "") for i, a in enumerate(out))


def zh_cell(text: str) -> str:
    """A table cell or value: a whole name through the glossary first, then as a sentence."""
    from goldmine.i18n import localize_name, localize_phrases, zh_text

    return zh_text(localize_phrases(localize_name(text, "zh"), "zh"))


def localize(doc: Document) -> Document:
    """The document as its reader reads it (module docstring); English documents are returned as
    they are, but their charts know their language.  The document given is not changed."""
    if doc.lang != "zh":
        return replace(doc, sections=[replace(s, blocks=[replace(b, lang=doc.lang) if isinstance(b, Figure) else b
                                                          for b in s.blocks]) for s in doc.sections])
    intros = _catalogue_texts(SOURCE_INTROS, "zh")
    source_cols = _catalogue_texts(SOURCE_COLUMNS, "zh")
    sections = []
    for s in doc.sections:
        blocks: list[Any] = []
        prev: Any = None
        for b in s.blocks:
            blocks.append(_localize_block(b, prev, intros, source_cols))
            prev = b
        sections.append(Section(s.id, zh_sentence(s.title), blocks))
    return Document(lang=doc.lang, title=zh_sentence(doc.title), subtitle=zh_sentence(doc.subtitle), sections=sections,
                    footer=[(zh_sentence(k), v) for k, v in doc.footer], kind=doc.kind)


def _localize_block(b: Any, prev: Any, intros: set[str], source_cols: set[str]) -> Any:
    if isinstance(b, Para):
        return Para(zh_sentence(b.text), b.kind)
    if isinstance(b, Bullets):
        if b.kind == "sources" or (isinstance(prev, Para) and prev.text in intros):
            return b
        return Bullets([zh_sentence(x) for x in b.items], b.kind, b.tones)
    if isinstance(b, KeyValues):
        return KeyValues([(zh_sentence(k), v if k in source_cols or not isinstance(v, str) else zh_cell(v)) for k, v in b.items])
    if isinstance(b, Table):
        keep = {j for j, h in enumerate(b.header) if h in source_cols}
        rows = [[c if j in keep or not isinstance(c, str) else zh_cell(c) for j, c in enumerate(r)] for r in b.rows]
        return Table([zh_cell(h) for h in b.header], rows, zh_sentence(b.caption) if b.caption else b.caption, b.align)
    if isinstance(b, Figure):
        return replace(b, caption=zh_sentence(b.caption), lang="zh")
    return b
