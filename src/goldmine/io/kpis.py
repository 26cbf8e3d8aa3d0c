"""Read an investor-update KPI history (CSV) into :class:`~goldmine.pipeline.update.KPIs` (issue #9).

One row per month::

    month,revenue,burn,cash,headcount,users,plan_revenue,plan_burn
    2025-01,215000,640000,14200000,30,44,210000,650000

``month`` (YYYY-MM) and ``cash`` are required; the other columns are optional, ``plan_<metric>`` is
the plan of a metric.  Optional header comments (``# key: value``, one per line, anywhere in the file)
set the company, its Chinese name, the currency and the id of its profile (``# startup:``, how the
update finds the company's due-diligence run), and list highlights, lowlights and asks for investors,
one per line, in every language or in one (``.en`` / ``.zh``; ``highlights``, ``lowlights`` and
``asks`` are accepted for the same keys)::

    # company: MediCare AI
    # company.zh: 智医未来
    # currency: CNY
    # startup: medicare-ai
    # highlight: Signed two provincial hospital groups
    # highlight.zh: 签约两家省级医院集团
    # lowlight: Revenue behind plan since April
    # ask: Introductions to hospital groups in Zhejiang

A comment without ``key:`` is a comment.  The startup id follows the profile's ``id`` pattern; each
note is one line of at most 2,000 characters, at most 1,000 notes.

Every problem is an :class:`~goldmine.errors.InputError` naming the file, the line and the column.
Checked as profiles are (issue #20, :mod:`goldmine.model.limits`): the currency is one of the ISO 4217
codes profiles accept, the company name one line of at most 200 characters, months between 1900 and
2100, the file at most 100 MB.  Months may have gaps (a month without a row): the update then counts
calendar months (:mod:`goldmine.pipeline.update`).
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from goldmine.errors import InputError, Problem
from goldmine.model.limits import (
    DATE_MAX,
    DATE_MIN,
    MAX_LIST_ITEMS,
    MAX_NAME_CHARS,
    MAX_TABLE_BYTES,
    MAX_TEXT_CHARS,
    bad_character,
)
from goldmine.model.types import ISO_CURRENCIES
from goldmine.pipeline.update import METRICS, NOTE_KINDS, KpiNote, KPIs

#: The profile's ``id`` pattern (:class:`goldmine.model.Startup`), so ``# startup:`` names a stored startup.
STARTUP_ID = r"^[a-z0-9][a-z0-9-]{0,62}$"
NOTE_KEYS = {f"{kind}{plural}{suffix}": (kind, lang) for kind in NOTE_KINDS for plural in ("", "s")
             for suffix, lang in (("", None), (".en", "en"), (".zh", "zh"))}
NOTE_CHOICES = ", ".join(f"{kind}{suffix}" for kind in NOTE_KINDS for suffix in ("", ".en", ".zh"))


def load_kpis(path: str | Path, company: str | None = None, currency: str | None = None) -> KPIs:
    """Read a KPI CSV (see the module docstring); errors name the file, the line and the column."""
    p = Path(path)
    src = str(p)
    if not p.is_file():
        raise InputError(src, [Problem("", "expected.file_exists", src)])
    if p.stat().st_size > MAX_TABLE_BYTES:
        raise InputError(src, [Problem("", "expected.file_size", p.stat().st_size, params={"limit": f"{MAX_TABLE_BYTES:,}"})])
    meta: dict[str, str] = {}
    rows: list[list[str]] = []
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(src, [Problem("", "expected.utf8", str(exc))]) from exc
    lines = text.splitlines()
    body = []
    notes: list[KpiNote] = []
    for no, ln in enumerate(lines, start=1):
        if ln.lstrip().startswith("#"):
            key, _, val = ln.lstrip("# ").partition(":")
            key, val = key.strip().lower(), val.strip()
            if key in NOTE_KEYS and val:
                notes.append(_note(key, val, no, src))
            elif _looks_like_note(key):
                raise InputError(src, [Problem(f"line {no}.{key}", "expected.one_of", key,
                                               params={"choices": NOTE_CHOICES})])
            elif val:
                meta[key] = val
        else:
            body.append(ln)
    if len(notes) > MAX_LIST_ITEMS:
        raise InputError(src, [Problem("# highlight/lowlight/ask", "expected.too_many_items", len(notes), params={"n": MAX_LIST_ITEMS})])
    rows = [r for r in csv.reader(body) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise InputError(src, [Problem("", "report.kpi_file.rows", None, params={"found": max(len(rows) - 1, 0)}, has_found=False)])
    header = [h.strip().lower() for h in rows[0]]
    if "month" not in header:
        raise InputError(src, [Problem("header", "report.kpi_file.column", ", ".join(header), params={"name": "month"})])
    if "cash" not in header:
        raise InputError(src, [Problem("header", "report.kpi_file.column", ", ".join(header), params={"name": "cash"})])
    known = set(METRICS) | {f"plan_{m}" for m in METRICS} | {"month"}
    unknown = [h for h in header if h not in known]
    if unknown:
        raise InputError(src, [Problem(f"header.{unknown[0]}", "expected.one_of", unknown[0],
                                       params={"choices": ", ".join(sorted(known))})])
    months: list[str] = []
    cols: dict[str, list[float | None]] = {h: [] for h in header if h != "month"}
    for i, r in enumerate(rows[1:], start=2 + sum(1 for ln in lines if ln.lstrip().startswith("#"))):
        r = r + [""] * (len(header) - len(r))
        rec = dict(zip(header, r, strict=False))
        m = rec["month"].strip()
        if not re.fullmatch(r"\d{4}-\d{2}", m) or not 1 <= int(m[5:]) <= 12:
            raise InputError(src, [Problem(f"line {i}.month", "expected.month", m)])
        if not DATE_MIN.year <= int(m[:4]) <= DATE_MAX.year:
            raise InputError(src, [Problem(f"line {i}.month", "expected.date_range", m,
                                           params={"low": DATE_MIN.isoformat()[:7], "high": DATE_MAX.isoformat()[:7]})])
        if months and m <= months[-1]:
            raise InputError(src, [Problem(f"line {i}.month", "report.kpi_file.increasing", m, params={"prev": months[-1]})])
        months.append(m)
        for h in cols:
            raw = rec[h].strip().replace(",", "")
            if raw == "":
                cols[h].append(None)
                continue
            try:
                v = float(raw)
            except ValueError as exc:
                raise InputError(src, [Problem(f"line {i}.{h}", "expected.number", rec[h])]) from exc
            if not math.isfinite(v):  # "inf", "nan", 1e400: no runway or growth rate can rest on them
                raise InputError(src, [Problem(f"line {i}.{h}", "expected.finite", rec[h])])
            if v < 0:
                raise InputError(src, [Problem(f"line {i}.{h}", "expected.nonnegative", rec[h])])
            cols[h].append(v)
    if any(v is None for v in cols["cash"]):
        raise InputError(src, [Problem("cash", "report.kpi_file.cash_every_month", None, has_found=False)])
    name = _company(company, "--company", src) if company is not None else _company(meta.get("company"), "# company", src)
    code = _currency(currency, "--currency", src) if currency is not None else _currency(meta.get("currency"), "# currency", src)
    name_zh = _company(meta.get("company.zh"), "# company.zh", src)
    startup = check_startup_id(meta["startup"], "# startup", src) if "startup" in meta else None
    return KPIs(name or p.stem, code or "USD", tuple(months), {k: tuple(v) for k, v in cols.items()}, src,
                startup=startup, company_zh=name_zh, notes=tuple(notes))


def check_startup_id(text: str, where: str, src: str | None) -> str:
    """A startup id as profiles write one (``medicare-ai``): lowercase letters, digits and ``-``."""
    if not re.fullmatch(STARTUP_ID, text):
        raise InputError(src, [Problem(where, "expected.pattern", text, params={"pattern": STARTUP_ID})])
    return text


def _note(key: str, text: str, line: int, src: str) -> KpiNote:
    """One highlight, lowlight or ask: one line of at most 2,000 characters without control characters."""
    kind, lang = NOTE_KEYS[key]
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(src, [Problem(f"line {line}.{key}", "expected.max_chars", len(text), params={"n": MAX_TEXT_CHARS})])
    if bad_character(text, line_breaks=False) is not None:
        raise InputError(src, [Problem(f"line {line}.{key}", "expected.one_line", text)])
    return KpiNote(kind, text, lang)


def _looks_like_note(key: str) -> bool:
    """``# highlight.fr:`` and the like: a note key with a language goldmine does not write."""
    head, dot, _ = key.partition(".")
    return bool(dot) and head in {k for k in NOTE_KEYS if "." not in k}


def _company(text: str | None, where: str, src: str) -> str | None:
    """A company name as profiles take one: one line of at most 200 characters."""
    if text is None:
        return None
    if len(text) > MAX_NAME_CHARS:
        raise InputError(src, [Problem(where, "expected.max_chars", len(text), params={"n": MAX_NAME_CHARS})])
    if bad_character(text, line_breaks=False) is not None:
        raise InputError(src, [Problem(where, "expected.one_line", text)])
    return text


def _currency(text: str | None, where: str, src: str) -> str | None:
    """An ISO 4217 code profiles accept (``# currency: ZZZ`` is refused, as in a profile)."""
    if text is None:
        return None
    code = text.strip().upper()
    if code not in ISO_CURRENCIES:
        raise InputError(src, [Problem(where, "expected.currency", text, params={"known": ", ".join(sorted(ISO_CURRENCIES))})])
    return code
