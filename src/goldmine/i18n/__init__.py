"""Message catalogue and number formatting in Chinese and English (goldmine convention: every
user-facing text exists in ``zh`` and ``en``).

Every user-facing string has a key; the texts live in ``goldmine/i18n/*.yaml`` files, one per
area (``core.yaml``, ``risk.yaml``, ...), each mapping ``key -> {en: ..., zh: ...}``.  Later
modules extend the catalogue by adding their own file; a key defined twice is an error, and a
test checks that every key has both languages.

* :func:`t` — look up a key and fill ``{placeholders}``.
* :func:`default_lang` — ``zh`` when the locale says Chinese, else ``en``.
* :func:`format_money` — amounts: ``$1.25M`` in English; in Chinese 万 / 亿 (10^4 / 10^8) with the
  currency word after the number (``4,800 万元``, ``1,600 万美元``), the one money format of every
  report, table, chart axis and message;
* :func:`localize_name`, :func:`zh_text` — the house glossary of Chinese investment terms applied to names the user
  wrote in English (rounds, share classes, holders, units) and Chinese punctuation in Chinese text.
"""

from __future__ import annotations

import contextvars
import locale
import os
import re
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


def label(key: str, lang: str | None = None) -> str:
    """A message as the label of what follows: ``error: `` in English, ``错误：`` in Chinese (a
    full-width colon, no space)."""
    chosen = lang or get_lang()
    return t(key, chosen) + ("：" if chosen == "zh" else ": ")


def unit_label(unit: str | None, lang: str | None = None) -> str:
    """A unit in ``lang`` when the catalogue knows it (``unit.<unit>``), else as given
    (currency codes and the profile's own demand units stay as written)."""
    if not unit:
        return ""
    key = "unit." + unit.replace(" ", "_")
    return t(key, lang) if has_key(key) else unit


CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$", "SGD": "S$"}
# The currency word a Chinese reader writes after the number (4,800 万元, 1,600 万美元, as Chinese investment memos write amounts).
CURRENCY_WORDS_ZH = {"CNY": "元", "USD": "美元", "EUR": "欧元", "GBP": "英镑", "JPY": "日元", "HKD": "港元", "SGD": "新加坡元"}


def currency_word(currency: str) -> str:
    """The Chinese word of ``currency`` (``元``, ``美元``); an unknown code stays the code."""
    return CURRENCY_WORDS_ZH.get(currency, currency)


def money_unit_zh(currency: str, scale: float) -> str:
    """The unit of a Chinese amount or axis at ``scale`` (1, 1e4, 1e8): ``元`` / ``万元`` / ``亿美元``."""
    word = currency_word(currency)
    prefix = {1e8: "亿", 1e4: "万"}.get(scale, "")
    return f"{prefix}{word}" if word in CURRENCY_WORDS_ZH.values() else f"{prefix} {word}".strip()


def format_money(amount: float | None, currency: str, lang: str | None = None, compact: bool = True) -> str:
    """Format an amount in ``currency`` (the one home of money formatting).

    ``en`` compact: ``$1.25M``, ``¥350k``, ``$3.2B``; ``zh`` compact: the number in 万 / 亿
    (10^4 / 10^8) with the currency word after it, as a Chinese investment memo writes it:
    ``125 万元``, ``3.2 亿元``, ``1,600 万美元``, ``6,000 亿美元``, ``500 元``.
    ``compact=False`` prints all digits with thousands separators (``¥9,500,000``; zh
    ``9,500,000 元``).  ``None`` prints as an em dash.
    """
    if amount is None:
        return "—"
    lang = lang or get_lang()
    sign = "-" if amount < 0 else ""
    a = abs(float(amount))
    if lang == "zh":
        if not compact:
            digits = f"{a:,.0f}" if a >= 100 else f"{a:,.2f}"
            return f"{sign}{digits} {money_unit_zh(currency, 1.0)}"
        scale = next((size for size in (1e8, 1e4) if a >= size), 1.0)
        return f"{sign}{_trim(a / scale)} {money_unit_zh(currency, scale)}"
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    if not compact:
        return f"{sign}{symbol}{a:,.0f}" if a >= 100 else f"{sign}{symbol}{a:,.2f}"
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


# ------------------------------------------------------------------------------------ glossary
# The house glossary applied to what a user writes in English in a profile or a data file: round,
# share-class, holder and investor names, demand units, use cases.  Whole names only (lower-case
# English -> Chinese); a name not listed (a person, a firm) stays as written.
NAMES_ZH: dict[str, str] = {
    # rounds and classes (天使轮、种子轮、Pre-A 轮、A 轮; 普通股、A 轮优先股; 期权池（未授予）)
    "angel": "天使轮", "seed": "种子轮", "pre-seed": "种子前轮", "pre-a": "Pre-A 轮", "bridge": "过桥轮",
    "common": "普通股", "options": "期权", "preferred": "优先股", "angel preferred": "天使轮优先股",
    "seed preferred": "种子轮优先股", "pre-seed safe": "种子前轮 SAFE", "employee options": "员工期权",
    "employee options (granted)": "员工期权（已授予）", "option pool": "期权池", "unissued option pool": "期权池（未授予）",
    "unallocated option pool": "期权池（未授予）", "founders": "创始人", "employees": "员工",
    # holders and investors
    "angels": "天使投资人", "angel investors": "天使投资人", "individual angel investors": "个人天使投资人",
    "angel syndicate": "天使投资联合体", "seed investors": "种子轮投资人", "seed fund": "种子基金",
    "pre-seed fund": "种子前基金", "pre-seed safe holders": "种子前轮 SAFE 持有人", "safe holders": "SAFE 持有人",
    "family office": "家族办公室", "industry experts": "行业专家", "a venture capital firm": "一家风险投资机构",
    "an international vc firm": "一家国际风险投资机构", "a large private-equity fund": "一家大型私募股权基金",
    "rmb growth fund": "人民币成长基金", "strategic e-commerce investor": "电商战略投资方",
    # demand units (users, when they are hospitals: 签约医院数（家）)
    "hospitals under contract": "签约医院数（家）", "paying merchants": "付费商家数（家）",
    "paying shops": "付费网店数（家）", "paying families": "付费家庭数（户）", "client firms": "客户企业数（家）",
    "inspection lines": "检测产线数（条）", "county hospitals under contract": "签约县级医院数（家）",
    # what one customer is
    "hospital": "医院", "county hospital": "县级医院", "merchant": "商家", "shop": "网店", "family": "家庭",
    "plant": "工厂", "client firm": "客户企业", "school": "学校", "certificate": "证书",
    # EU AI Act use cases (content generation: 内容生成类应用)
    "content generation": "内容生成类应用", "credit scoring": "信用评分", "medical device": "医疗器械",
    "industrial quality control": "工业质量检测",
    # notes beside model providers, series names
    "open weights": "开放权重", "fallback api": "备用 API",
    "nasdaq composite (weekly, 1994-2000)": "纳斯达克综合指数（周线，1994–2000 年）",
    "crunchbase-derived": "源自 Crunchbase",
}
_SERIES = re.compile(r"(?i)^(proposed )?series ([a-z]\+?)(?: (preferred|investors|lead))?$")
_SERIES_IN_TEXT = re.compile(r"\b(Proposed )?Series ([A-Z]\+?)(?: (Preferred|investors|lead))?\b")
_SERIES_TAIL = {None: "轮", "preferred": "轮优先股", "investors": "轮投资人", "lead": "轮领投方"}
_PHRASES = sorted((k for k in NAMES_ZH if " " in k or "-" in k or k.endswith("preferred")), key=len, reverse=True)
_PHRASE_IN_TEXT = re.compile(r"(?i)(?<![\w-])(" + "|".join(re.escape(k) for k in _PHRASES) + r")(?![\w-])")


def _series(m: re.Match[str]) -> str:
    tail = _SERIES_TAIL[(m.group(3) or "").lower() or None]
    return ("拟议 " if m.group(1) else "") + f"{m.group(2).upper()} {tail}"


def localize_name(text: str, lang: str) -> str:
    """A name the user wrote (a round, share class, holder, investor, demand unit) in ``lang``:
    the glossary's Chinese for a known name (``Series A Preferred`` -> ``A 轮优先股``,
    ``Employee options (granted)`` -> ``员工期权（已授予）``), a list item by item (joined with
    ``、``), a parenthesis on its own; any other name (a person, a firm) as written."""
    if lang != "zh" or not text or not re.search(r"[A-Za-z]", text):
        return text
    s = text.strip()
    known = NAMES_ZH.get(s.lower())
    if known is not None:
        return known
    m = _SERIES.match(s)
    if m:
        return _series(m)
    paren = re.fullmatch(r"(.+?)\s*[(（](.+)[)）]", s)
    if paren:
        head, inner = localize_name(paren.group(1), lang), localize_name(paren.group(2), lang)
        if (head, inner) != (paren.group(1), paren.group(2)):
            return f"{head}（{inner}）"
    if ", " in s:
        parts = [localize_name(p, lang) for p in s.split(", ")]
        if parts != s.split(", "):
            return "、".join(parts)
    return text


def localize_phrases(text: str, lang: str) -> str:
    """The glossary's multi-word names (``Series B Preferred``, ``hospitals under contract``) replaced
    inside a Chinese sentence; single words (``Angel``, ``Seed``) are replaced only as whole names
    (:func:`localize_name`), never inside a sentence where they may mean something else."""
    if lang != "zh" or not re.search(r"[A-Za-z]", text):
        return text
    s = _SERIES_IN_TEXT.sub(_series, text)
    s = re.sub(r"\b[Ii]ssue #(\d+)", r"项目议题 #\1", s)   # the project's issue tracker, as a reader knows it
    return _PHRASE_IN_TEXT.sub(lambda m: NAMES_ZH[m.group(1).lower()], s)


_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = _HAN + r"\u3000-\u303f\uff01-\uff5e“”‘’…—"          # Han, CJK and full-width punctuation
_OPEN_CLOSE = str.maketrans({"(": "（", ")": "）"})


def _paren(m: re.Match[str]) -> str:
    return m.group(0).translate(_OPEN_CLOSE)


def zh_text(text: str) -> str:
    """Chinese punctuation in a Chinese sentence: ``，`` ``：`` ``；`` ``（）``
    ``“”`` where the neighbouring text is Chinese; numbers, formulas and code keep their half-width
    signs (``1,600``, ``R(t)``, ``12:30``); no space between two Chinese characters."""
    if not text or not re.search(f"[{_HAN}]", text):
        return text
    s = text
    # a parenthesis holding Chinese, or opened right after Chinese, is a full-width parenthesis
    s = re.sub(rf"\((?=[^()]*[{_HAN}])[^()]*\)", _paren, s)
    s = re.sub(rf"(?<=[{_CJK}])\s*\(([^()]*)\)", lambda m: f"（{m.group(1)}）", s)
    s = re.sub(rf"\((\d{{1,2}})\)\s*(?=[{_CJK}])", r"（\1）", s)           # (1) 在… -> （1）在…
    # , ; : ? ! after or before Chinese
    for half, full in ((",", "，"), (";", "；"), (":", "："), ("?", "？"), ("!", "！")):
        s = re.sub(rf"(?<=[{_CJK}])\s*{re.escape(half)}\s*", full, s)
        s = re.sub(rf"(?<![\d\s]){re.escape(half)}\s+(?=[{_CJK}])", full, s)
        s = re.sub(rf"(?<=[\w%）)]){re.escape(half)}\s+(?=[{_CJK}])", full, s)
    s = re.sub(r'"([^"]*)"', r"“\1”", s) if s.count('"') % 2 == 0 else s
    # no space next to full-width punctuation, none between two Chinese characters
    s = re.sub(r"\s+(?=[，。；：？！、（）》」』】”])", "", s)
    s = re.sub(rf"(?<=[，。；：？！、（《「『【“])\s+|(?<=[）》」』】”])\s+(?=[{_HAN}（])", "", s)
    s = re.sub(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])", "", s)
    return s
