"""Reports in Markdown, self-contained HTML and PDF, in Chinese and English (issue #9).

* :func:`due_diligence_document`, :func:`sector_document`, :func:`update_document` — build the
  document model of a due-diligence run, a sector view or an investor update in one language;
* :func:`render` — a document -> ``md`` / ``html`` text or ``pdf`` bytes;
* :func:`write` — render several formats next to each other, each file written atomically
  (a temporary file renamed into place: a failed run leaves no half-written report).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goldmine.report.document import Document

if TYPE_CHECKING:
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


def update_document(update: InvestorUpdate, lang: str) -> Document:
    from goldmine.report.update import build

    return build(update, lang)


def write_atomic(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write(doc: Document, stem: Path, formats: tuple[str, ...] | list[str] = FORMATS) -> list[Path]:
    """Render ``doc`` in each format to ``stem.<ext>``; all formats are rendered before any is written."""
    rendered = [(f, render(doc, f)) for f in formats]
    return [write_atomic(stem.with_name(f"{stem.name}.{f}"), content) for f, content in rendered]


__all__ = ["FORMATS", "Document", "due_diligence_document", "render", "sector_document", "update_document", "write"]
