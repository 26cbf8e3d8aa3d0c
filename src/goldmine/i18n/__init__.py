"""Message catalogue and number formatting in Chinese and English (goldmine convention: every
user-facing text exists in ``zh`` and ``en``).

Every user-facing string has a key; the texts live in ``goldmine/i18n/*.yaml`` files, one per
area (``core.yaml``, ``risk.yaml``, ...), each mapping ``key -> {en: ..., zh: ...}``.  Later
modules extend the catalogue by adding their own file; a key defined twice is an error, and a
test checks that every key has both languages.

* :func:`t` — look up a key and fill ``{placeholders}``.
* :func:`default_lang` — ``zh`` when the locale says Chinese, else ``en``.
* :func:`format_money` — amounts with the currency symbol; ``zh`` uses 万 / 亿 (10^4 / 10^8).
"""

from __future__ import annotations

import contextvars
import locale
import os
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

LANGS = ("en", "zh")
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("goldmine_lang", default=None)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All message files merged; raises ``ValueError`` on a duplicate key."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("goldmine.i18n")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
        for key, texts in data.items():
            if key in merged:
                raise ValueError(f"message key {key!r} defined twice (again in {entry.name})")
            merged[key] = texts
    return merged


def has_key(key: str) -> bool:
    return key in catalogue()


def default_lang() -> str:
    """Language from ``GOLDMINE_LANG``, then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``)."""
    explicit = os.environ.get("GOLDMINE_LANG")
    if explicit in LANGS:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    loc = locale.getlocale()[0] or ""
    return "zh" if loc.lower().startswith("zh") else "en"


def set_lang(lang: str | None) -> None:
    """Set the language of this context (the CLI does it once from ``--lang``)."""
    if lang is not None and lang not in LANGS:
        # a programming error: the CLI checks --lang before it calls this (i18n sits below goldmine.errors)
        raise ValueError(f"language must be one of {LANGS}, found {lang!r}")
    _current.set(lang)


def get_lang() -> str:
    return _current.get() or default_lang()


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The text of ``key`` in ``lang`` (default: the current language), placeholders filled.

    An unknown key raises ``KeyError``: a missing message is a bug, not something to hide.
    """
    texts = catalogue()[key]
    text = texts[lang or get_lang()]
    return text.format(**params) if params else text


def unit_label(unit: str | None, lang: str | None = None) -> str:
    """A unit in ``lang`` when the catalogue knows it (``unit.<unit>``), else as given
    (currency codes and the profile's own demand units stay as written)."""
    if not unit:
        return ""
    key = "unit." + unit.replace(" ", "_")
    return t(key, lang) if has_key(key) else unit


CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$", "SGD": "S$"}


def format_money(amount: float | None, currency: str, lang: str | None = None, compact: bool = True) -> str:
    """Format an amount in ``currency``.

    ``en`` compact: ``$1.25M``, ``¥350k``, ``$3.2B``; ``zh`` compact: ``¥125万``, ``¥3.2亿``
    (万 = 10^4, 亿 = 10^8, the Chinese convention).  ``compact=False`` prints all digits with
    thousands separators.  ``None`` prints as an em dash.
    """
    if amount is None:
        return "—"
    lang = lang or get_lang()
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    sign = "-" if amount < 0 else ""
    a = abs(float(amount))
    if not compact:
        return f"{sign}{symbol}{a:,.0f}" if a >= 100 else f"{sign}{symbol}{a:,.2f}"
    if lang == "zh":
        for size, unit in ((1e8, "亿"), (1e4, "万")):
            if a >= size:
                return f"{sign}{symbol}{_trim(a / size)}{unit}"
        return f"{sign}{symbol}{_trim(a)}"
    for size, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= size:
            return f"{sign}{symbol}{_trim(a / size)}{unit}"
    return f"{sign}{symbol}{_trim(a)}"


def _trim(x: float) -> str:
    """At most three significant decimals, no trailing zeros: 1.25, 350, 3.2."""
    text = f"{x:,.2f}" if x < 100 else f"{x:,.1f}" if x < 1000 else f"{x:,.0f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_pct(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x * 100:.{digits}f}%"
