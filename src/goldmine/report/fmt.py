"""Number formatting shared by the report builders and the tests that compare numbers.

The report prints each number with one of these functions; ``tests/test_report_numbers.py``
formats the value from the analysis's ``--json`` output with the same function and looks for it
in the report, so "equal" means equal after the stated rounding:

* :func:`money` — :func:`goldmine.i18n.format_money` (compact: ``$1.25M``; zh ``¥125万``);
* :func:`pct` — a fraction as a percentage with one decimal (``0.253`` -> ``25.3%``);
* :func:`num` — a score or count with ``digits`` decimals (default 1);
* :func:`months` — months with one decimal.
"""

from __future__ import annotations

from decimal import Decimal
from numbers import Real
from typing import Any


def _is_num(x: Any) -> bool:
    """A number to print: int, float, numpy scalars, Fraction and Decimal (exact amounts of the cap
    table print as the float of their exact value, as their JSON does); never a bool."""
    return isinstance(x, Real | Decimal) and not isinstance(x, bool)


def money(x: Any, currency: str, lang: str) -> str:
    from goldmine.i18n import format_money

    return format_money(float(x), currency, lang) if _is_num(x) else "—"


def pct(x: Any, digits: int = 1) -> str:
    return f"{float(x) * 100:.{digits}f}%" if _is_num(x) else "—"


def num(x: Any, digits: int = 1) -> str:
    if not _is_num(x):
        return "—" if x is None else str(x)
    return f"{float(x):,.{digits}f}"


def months(x: Any) -> str:
    return f"{float(x):.1f}" if _is_num(x) else "—"


def text(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, bool):
        return "✓" if x else "✗"
    if _is_num(x):
        return num(x, 2 if abs(float(x)) < 10 else 1)
    if isinstance(x, list):
        return ", ".join(text(v) for v in x)
    return str(x)


def param(x: Any) -> str:
    """A setting as the user typed it: integers without separators, floats in ``g`` form."""
    if isinstance(x, bool) or x is None:
        return text(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return f"{x:g}"
    if isinstance(x, list | tuple):
        return "/".join(param(v) for v in x)
    return str(x)
