"""Reports in Markdown, self-contained HTML and PDF, in Chinese and English (issue #9).

* :func:`due_diligence_document`, :func:`sector_document`, :func:`update_document`,
  :func:`deal_document` — build the document model of a due-diligence run, a sector view, an
  investor update or one deal's terms and returns in one language;
* :func:`render` — a document -> ``md`` / ``html`` text or ``pdf`` bytes;
* :func:`write` — render several formats next to each other, then write them all or none
  (:func:`goldmine.io.files.write_all`: temporary files renamed into place, so a failed run leaves no
  half-written report; files get the umask's permissions, as any new file does).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from goldmine.report.document import Document

if TYPE_CHECKING:
    from goldmine.model import Startup
    from goldmine.pipeline.deal import DealReport
    from goldmine.pipeline.due_diligence import DueDiligence
    from goldmine.pipeline.sector import SectorView
    from goldmine.pipeline.update import InvestorUpdate
from goldmine.report.render import render

FORMATS = ("html", "md", "pdf")


def due_diligence_document(dd: DueDiligence, lang: str, figures: dict[str, Any] | None = None) -> Document:
    """``figures``: a dict shared by the builds of several languages, so each chart is drawn once."""
    from goldmine.report.due_diligence import build

    return build(dd, lang, figures)


def sector_document(view: SectorView, lang: str) -> Document:
    from goldmine.report.sector import build

    return build(view, lang)


def deal_document(report: DealReport, profile: Startup, lang: str, inputs_hash: str = "") -> Document:
    """A deal analysis on its own (the HTTP API's deal runs): :func:`goldmine.report.deal.build`."""
    from goldmine.report.deal import build

    return build(report, profile, lang, inputs_hash)


def update_document(update: InvestorUpdate, lang: str) -> Document:
    from goldmine.report.update import build

    return build(update, lang)


def write_atomic(path: Path, content: str | bytes) -> Path:
    """One file written atomically with the umask's permissions (:func:`goldmine.io.files.write_atomic`)."""
    from goldmine.io.files import write_atomic as _write

    return _write(path, content)


def write_files(items: list[tuple[Path, str | bytes]]) -> list[Path]:
    """Several files written all or none (:func:`goldmine.io.files.write_all`)."""
    from goldmine.io.files import write_all

    return write_all(items)


def write(doc: Document, stem: Path, formats: tuple[str, ...] | list[str] = FORMATS) -> list[Path]:
    """Render ``doc`` in each format to ``stem.<ext>``; all formats are rendered before any is written,
    and then all are written or none."""
    return write_files(rendered(doc, stem, formats))


def rendered(doc: Document, stem: Path, formats: tuple[str, ...] | list[str] = FORMATS) -> list[tuple[Path, str | bytes]]:
    """``(stem.<ext>, content)`` of ``doc`` in each format, nothing written yet (see :func:`write_files`)."""
    return [(stem.with_name(f"{stem.name}.{f}"), render(doc, f)) for f in formats]


__all__ = ["FORMATS", "Document", "deal_document", "due_diligence_document", "render", "rendered", "sector_document", "update_document",
           "write", "write_atomic", "write_files"]
