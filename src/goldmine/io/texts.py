"""Reading CSV files of texts (news corpora, labelled texts) with bounded work (issues #8, #20).

* :func:`read_text_csv` — a UTF-8 CSV with a header row as a frame of strings (empty cells are empty
  strings), the required columns found in any case; refused with the file, the line and the reason:
  a file over 100 MB, more than 1,000,000 rows, a cell over 100,000 characters, a row with more or
  fewer fields than the header (an unquoted comma in a text would otherwise shift columns
  silently), undecodable bytes or a missing column.  Limits: :mod:`goldmine.model.limits`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from goldmine.errors import FileFormatError, InputError, Problem
from goldmine.model.limits import MAX_CELL_CHARS, MAX_ROWS, MAX_TABLE_BYTES

__all__ = ["read_text_csv"]


def read_text_csv(path: str | Path, columns: list[str]) -> pd.DataFrame:
    """The table of ``path`` with ``columns`` renamed to the names asked for (matched in any case)."""
    p = Path(path)
    source = str(p)
    if not p.is_file():
        raise InputError(source, [Problem("", "expected.file_exists", None, has_found=False)])
    size = p.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise FileFormatError(source, [Problem("", "expected.file_size", size, params={"limit": f"{MAX_TABLE_BYTES:,}"})])
    header, rows = _rows(p, source)
    frame = pd.DataFrame(rows, columns=header, dtype=object) if header else pd.DataFrame()
    lower = {str(c).lower().strip(): c for c in frame.columns}
    problems = [Problem(c, "sentiment.error.column", None, params={"column": c, "found": ", ".join(map(str, frame.columns))},
                        has_found=False) for c in columns if c.lower() not in lower]
    if problems:
        raise InputError(source, problems)
    return frame.rename(columns={lower[c.lower()]: c for c in columns})


def _rows(p: Path, source: str) -> tuple[list[str], list[list[str]]]:
    rows: list[list[str]] = []
    header: list[str] = []
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            for row in reader:
                if not row:
                    continue  # a blank line
                long = next((i for i, cell in enumerate(row) if len(cell) > MAX_CELL_CHARS), None)
                if long is not None:
                    raise FileFormatError(source, [Problem(f"line {reader.line_num}", "expected.csv_cell", len(row[long]),
                                                           params={"n": f"{MAX_CELL_CHARS:,}"})])
                if not header:
                    header = row
                    continue
                if len(row) != len(header):
                    raise FileFormatError(source, [Problem(f"line {reader.line_num}", "sentiment.error.fields", len(row),
                                                           params={"n": len(header)})])
                if len(rows) >= MAX_ROWS:
                    raise FileFormatError(source, [Problem("", "expected.max_rows", None, params={"n": f"{MAX_ROWS:,}"},
                                                           has_found=False)])
                rows.append(row)
    except UnicodeDecodeError as exc:
        raise FileFormatError(source, [Problem("", "expected.utf8", f"byte {exc.start}", raw_found=True)]) from exc
    except csv.Error as exc:  # a cell beyond the csv module's own limit (131,072 characters), a NUL byte
        line = f"line {reader.line_num}"  # the line being read when the reader gave up
        if "field limit" in str(exc):
            raise FileFormatError(source, [Problem(line, "expected.csv_cell", None, params={"n": f"{MAX_CELL_CHARS:,}"},
                                                   has_found=False)]) from exc
        raise FileFormatError(source, [Problem(line, "sentiment.error.csv", str(exc)[:80], raw_found=True)]) from exc
    return header, rows
