"""The bounds of what goldmine accepts, in one place (issue #20: bounded work, the same limits everywhere).

Every input is checked against these limits where it enters (profile validation, the file readers,
the settings of the commands), so that what passes validation is something every analysis can run
on, and the SQLite and PostgreSQL stores accept the same things.  ``docs/profile.md`` states the
profile limits (generated from this module by :mod:`goldmine.model.docs`).

Profiles (:mod:`goldmine.model.startup`, :mod:`goldmine.model.types`):

* amounts: an absolute value of at most :data:`MAX_AMOUNT` (1e18) in the profile's currency: 10^18
  is several times the world's yearly GDP even counted in won, and leaves float64 (about 1.8e308)
  room for every product, multiple and sum the engines form (1e308 gave "$infT" valuations and
  crashed the projections);
* other numbers (counts of demand, observations, experience): the same magnitudes; whole numbers
  at most :data:`MAX_COUNT` (10^15: shares, records, patents), head counts at most
  :data:`MAX_HEADCOUNT` (10 million); durations in months at most :data:`MAX_MONTHS` (1,200);
* dates between :data:`DATE_MIN` and :data:`DATE_MAX` (1900-01-01 to 2100-12-31);
* text: at most :data:`MAX_TEXT_CHARS` (2,000) characters, names at most :data:`MAX_NAME_CHARS`
  (200: the stores' name column), no control characters (NUL, escape, ...; tab and line breaks are
  allowed in free text, not in names) and no lone surrogates: PostgreSQL refuses NUL and both stores
  need valid UTF-8;
* lists: at most :data:`MAX_LIST_ITEMS` (1,000) items;
* files (profiles, plans, configuration overrides): at most :data:`MAX_FILE_BYTES` (1 MiB), nesting
  at most :data:`MAX_DEPTH` (32) levels, integers at most :data:`MAX_INT_DIGITS` (30) digits.

Data files (:mod:`goldmine.io`):

* tables (series, news, KPI histories) at most :data:`MAX_TABLE_BYTES` (100 MB) and
  :data:`MAX_ROWS` (1,000,000) rows; a text cell at most :data:`MAX_CELL_CHARS` (100,000) characters;
* dates of a series or a news corpus between :data:`SERIES_DATE_MIN` and :data:`SERIES_DATE_MAX`
  (1800-01-01 to 2200-12-31: long price histories start in the 1870s);
* a daily sentiment index spans at most :data:`MAX_INDEX_DAYS` (7,305 days, 20 years);
* the bubble tests take at most :data:`MAX_BUBBLE_OBSERVATIONS` (20,000) observations (their work
  grows with the square of the length: aggregate daily data to weeks or months).

Stores (:mod:`goldmine.store`): workspace names 1 to :data:`MAX_WORKSPACE_CHARS` (100) characters,
notes at most :data:`MAX_TEXT_CHARS`.

Command options (:mod:`goldmine.pipeline.settings`): Monte Carlo paths at most
:data:`MAX_PATHS` (10 million), replications at most :data:`MAX_REPS` (100,000), seeds 0 to 2^63 - 1
(:data:`MAX_SEED`; 2^32 - 1 for ``sentiment train``, scikit-learn's limit).
"""

from __future__ import annotations

import datetime as dt
import math
import re

MAX_AMOUNT = 1e18
MAX_AMOUNT_TEXT = "1e18"  # as the messages show it
MAX_COUNT = 10**15
MAX_HEADCOUNT = 10_000_000
MAX_MONTHS = 1_200
MAX_YEARS = 100
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
MAX_TEXT_CHARS = 2_000
MAX_NAME_CHARS = 200
MAX_LIST_ITEMS = 1_000
MAX_FILE_BYTES = 1 << 20
MAX_DEPTH = 32
MAX_INT_DIGITS = 30

MAX_TABLE_BYTES = 100_000_000
MAX_ROWS = 1_000_000
MAX_CELL_CHARS = 100_000
SERIES_DATE_MIN = dt.date(1800, 1, 1)
SERIES_DATE_MAX = dt.date(2200, 12, 31)
MAX_INDEX_DAYS = 7_305
MAX_BUBBLE_OBSERVATIONS = 20_000

MAX_WORKSPACE_CHARS = 100
MAX_PATHS = 10_000_000
MAX_REPS = 100_000
MAX_SEED = 2**63 - 1
MAX_SKLEARN_SEED = 2**32 - 1

# control characters (C0 but tab, line feed and carriage return; DEL; C1) and lone surrogates
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BAD_NAME = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")


def amount_in_range(value: float) -> bool:
    """A finite value of absolute value at most :data:`MAX_AMOUNT`."""
    return math.isfinite(value) and abs(value) <= MAX_AMOUNT


def bad_character(text: str, *, line_breaks: bool = True) -> str | None:
    """The first character a store cannot keep or a reader would not see, as ``U+XXXX`` (``None`` when
    there is none): control characters other than tab and (when ``line_breaks``) CR and LF, and lone
    surrogates (not UTF-8)."""
    m = (_BAD_TEXT if line_breaks else _BAD_NAME).search(text)
    return None if m is None else f"U+{ord(m.group(0)):04X}"


def date_in_range(value: dt.date, low: dt.date = DATE_MIN, high: dt.date = DATE_MAX) -> bool:
    return low <= value <= high
