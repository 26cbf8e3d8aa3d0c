"""The report as a small document model that every renderer (Markdown, HTML, PDF) walks.

One builder turns a result into a :class:`Document` in one language; the renderers only lay it out.
So the three formats show the same words and the same numbers by construction.

Blocks: :class:`Para` (with a ``kind``: text, note, missing, error, verdict), :class:`Bullets`,
:class:`Table`, :class:`KeyValues` and :class:`Figure` (a chart drawn on demand, cached, as SVG
for HTML and PNG for PDF; Markdown shows its caption and data table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Para:
    text: str
    kind: str = "text"  # text | note | missing | error | verdict_invest | verdict_watch | verdict_pass


@dataclass
class Bullets:
    items: list[str]
    kind: str = "text"  # text | positive | negative | neutral (per item: (tone, text) pairs allowed)
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
    both languages is drawn once.  ``svg()`` draws an SVG on request."""

    key: str
    caption: str
    draw: Callable[[], Any]
    cache: dict[str, Any] | None = field(default=None, repr=False)
    cache_key: str | None = None

    def png(self) -> bytes:
        store = self.cache if self.cache is not None else self.__dict__.setdefault("_own", {})
        k = self.cache_key or self.key
        if k not in store:
            from goldmine.report.charts import to_png

            store[k] = to_png(self.draw())
        png: bytes = store[k]
        return png

    def png_base64(self) -> str:
        import base64

        return base64.b64encode(self.png()).decode("ascii")

    def svg(self) -> str:
        from goldmine.report.charts import to_svg

        return to_svg(self.draw())


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
