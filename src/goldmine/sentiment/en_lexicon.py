"""Zero-shot English financial sentiment: a finance-aware lexicon with VADER-style rules (issue #8).

What it implements, and where each part comes from:

* **Lexicon.** VADER's 7,500-entry lexicon (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based
  Model for Sentiment Analysis of Social Media Text", ICWSM), read from the installed
  ``vaderSentiment`` package (MIT), then ``data/sentiment_en_finance.yaml``: a finance lexicon
  written for goldmine (valences on VADER's -4..+4 scale, phrases up to four words, and overrides
  for words whose everyday valence misleads in finance: *interest*, *share*, *crude*, *outstanding*).
* **VADER's rules**: a booster or dampener in the three words before a sentiment word adds
  ±0.293 (decaying 1, 0.95, 0.9 with distance); a negation word in the three words before multiplies
  by −0.74; words before the first "but" weigh 0.5 and after it 1.5; the sum is squashed with
  x / sqrt(x² + 15). Constants come from ``vaderSentiment.vaderSentiment``.
* **Directional rule** (finance-specific, written here): a movement word (*rose*, *fell*,
  *narrowed*, *cut* ...) scores direction × desirability of the financial quantity it moves
  (*profit*, *sales* are desirable; *loss*, *costs* are not), so "loss narrowed" and "costs fell"
  are positive and "orders fell" negative. The quantity is looked for in the same clause, first
  before the movement word (the subject), then after it.
* **Negated opinion verbs** (written here): after a negated opinion or expectation verb (*do not
  believe*, *don't expect*, listed in the YAML file) every sentiment word up to the end of the clause
  is negated too, so "we do not believe the company has a bright future" is negative.
* **Comparison rule**: a clause with a quantity and no movement word compares the first two
  numbers around "from", "compared with", "versus" or "(": "EUR 13.1 mn from EUR 8.7 mn".

Label: ``positive`` when the squashed score exceeds the neutral threshold, ``negative`` below its
negative, else ``neutral``. Settings live in ``data/sentiment_en_finance.yaml``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from goldmine.datafiles import read_data_yaml, read_package_text
from goldmine.sentiment.base import Analyzer, label_from_score, normalize

_TOKEN_RE = re.compile(r"[a-z]+(?:['\-][a-z]+)*|\d+(?:[.,]\d+)*|[.;!?,:()]")
_BOUNDARY = {".", ";", "!", "?", "while", "whereas", "but", "although", "however", "though", "yet"}
_YEAR_RE = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class EnglishLexicon:
    """Everything the English analyzer reads: valences, phrases, movement and target words, rules."""

    valence: dict[str, float]
    direction: dict[str, int]
    strong: frozenset[str]
    desirability: dict[str, int]
    phrases: dict[str, int] = field(default_factory=dict)  # first word -> longest phrase length
    boosters: dict[str, float] = field(default_factory=dict)
    negations: frozenset[str] = frozenset()
    comparison_markers: frozenset[str] = frozenset()
    settings: dict[str, float] = field(default_factory=dict)
    opinion_verbs: frozenset[str] = frozenset()


def _read_vader() -> dict[str, float]:
    """VADER's lexicon (word → mean valence) from the installed vaderSentiment package."""
    text = read_package_text("vaderSentiment", "vader_lexicon.txt")
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                out[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> EnglishLexicon:
    """Build the lexicon from VADER plus ``data/sentiment_en_finance.yaml`` (cached, immutable use)."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE

    cfg = read_data_yaml("sentiment_en_finance.yaml")
    valence = _read_vader()
    valence.update({str(k): float(v) for k, v in cfg["overrides"].items()})
    valence.update({str(k): float(v) for k, v in cfg["terms"].items()})
    direction: dict[str, int] = {}
    for w in cfg["directions"]["up"]:
        direction[str(w)] = 1
    for w in cfg["directions"]["down"]:
        direction[str(w)] = -1
    desirability = {str(w): 1 for w in cfg["targets"]["desirable"]}
    desirability.update({str(w): -1 for w in cfg["targets"]["undesirable"]})
    phrases: dict[str, int] = {}
    markers = frozenset(map(str, cfg["comparisons"]["markers"]))
    for key in list(valence) + list(direction) + list(desirability) + list(BOOSTER_DICT) + list(markers):
        words = key.split()
        if len(words) > 1:
            phrases[words[0]] = max(phrases.get(words[0], 1), len(words))
    settings = {k: float(v) for k, v in cfg["rules"].items()}
    settings.update(window=float(cfg["targets"]["window"]),
                    target_weight=float(cfg["targets"]["target_weight"]),
                    untargeted_weight=float(cfg["targets"]["untargeted_weight"]),
                    strong_factor=float(cfg["directions"]["strong_factor"]),
                    comparison_weight=float(cfg["comparisons"]["weight"]))
    return EnglishLexicon(
        valence=valence, direction=direction, strong=frozenset(map(str, cfg["directions"]["strong"])),
        desirability=desirability, phrases=phrases, boosters=dict(BOOSTER_DICT),
        negations=frozenset(NEGATE), comparison_markers=markers,
        opinion_verbs=frozenset(map(str, cfg.get("opinion_verbs", ()))),
        settings=settings)


def tokenize(text: str) -> list[str]:
    """Lower-case word, number and punctuation tokens; a possessive 's is dropped."""
    low = text.lower().replace("\u2019", "'").replace(" vs. ", " vs ")
    toks = _TOKEN_RE.findall(low)
    return [t[:-2] if t.endswith("'s") else t for t in toks]


def _units(tokens: list[str], lex: EnglishLexicon) -> list[str]:
    """Merge known phrases (longest match first) into single units."""
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        longest = lex.phrases.get(tokens[i], 1)
        for size in range(min(longest, n - i), 1, -1):
            cand = " ".join(tokens[i:i + size])
            if (cand in lex.valence or cand in lex.direction or cand in lex.desirability
                    or cand in lex.boosters or cand in lex.comparison_markers):
                out.append(cand)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _is_negation(unit: str, lex: EnglishLexicon) -> bool:
    return unit in lex.negations or "n't" in unit


def _number(unit: str) -> float | None:
    if not unit[:1].isdigit() or _YEAR_RE.match(unit):
        return None
    try:
        return float(unit.replace(",", ""))
    except ValueError:
        return None


def _negated(units: list[str], i: int, lex: EnglishLexicon, lo: int = 0) -> bool:
    window = int(lex.settings["negation_window"])
    for j in range(max(lo, i - window), i):
        if _is_negation(units[j], lex):
            return True
    return False


def _booster(units: list[str], i: int, valence: float, lex: EnglishLexicon) -> float:
    """VADER's scalar_inc_dec summed over the three preceding words (1, 0.95, 0.9 by distance)."""
    total = 0.0
    for dist, damp in ((1, 1.0), (2, 0.95), (3, 0.9)):
        j = i - dist
        if j < 0:
            break
        b = lex.boosters.get(units[j])
        if b is not None:
            total += b * math.copysign(1.0, valence) * damp
    return total


def _segments(units: list[str]) -> list[tuple[int, int]]:
    """Clause spans [start, end) split at sentence punctuation and contrast words."""
    spans = []
    start = 0
    for i, u in enumerate(units):
        if u in _BOUNDARY:
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(units):
        spans.append((start, len(units)))
    return spans


def raw_score(text: str, lex: EnglishLexicon | None = None) -> float:
    """The unsquashed sum of valences of one text (see the module docstring for the rules)."""
    lex = lex or load_lexicon()
    units = _units(tokenize(text), lex)
    if not units:
        return 0.0
    s = lex.settings
    contrib = [0.0] * len(units)
    consumed = [False] * len(units)
    window = int(s["window"])
    scope = _opinion_scope(units, lex)
    for a, b in _segments(units):
        has_direction = False
        for i in range(a, b):
            d = lex.direction.get(units[i])
            if d is None:
                continue
            has_direction = True
            strength = s["strong_factor"] if units[i] in lex.strong else 1.0
            target = _find_target(units, i, a, b, window, lex, consumed)
            if target is not None:
                value = d * lex.desirability[units[target]] * s["target_weight"] * strength
                consumed[target] = True
            else:
                own = lex.valence.get(units[i], 0.0)
                value = own if own != 0 else d * s["untargeted_weight"] * strength
            if _negated(units, i, lex, scope[i]):
                value *= s["negation_scalar"]
            if scope[i]:
                value *= s["negation_scalar"]
            contrib[i] = value
            consumed[i] = True
        if not has_direction:
            _comparison(units, a, b, lex, contrib, consumed)
    for i, u in enumerate(units):
        if consumed[i]:
            continue
        v = lex.valence.get(u, 0.0) if len(u) > 1 else 0.0  # VADER's one-letter emoticon parts
        if v == 0.0 or u in lex.boosters or _is_negation(u, lex):
            continue
        v += _booster(units, i, v, lex)
        if _negated(units, i, lex, scope[i]):
            v *= s["negation_scalar"]
        if scope[i]:
            v *= s["negation_scalar"]
        contrib[i] = v
    if "but" in units:
        k = units.index("but")
        contrib = [c * (s["but_before"] if i < k else s["but_after"] if i > k else 1.0)
                   for i, c in enumerate(contrib)]
    return float(sum(contrib))


def _opinion_scope(units: list[str], lex: EnglishLexicon) -> list[int]:
    """For each unit, 0 when outside a negated opinion verb's scope, else the index just after the verb.

    The scope runs from the negated verb to the end of its clause (:func:`_segments`); inside it a word
    is flipped once more, and only negations after the verb count as the word's own negation.
    """
    scope = [0] * len(units)
    for a, b in _segments(units):
        for i in range(a, b):
            if units[i] in lex.opinion_verbs and _negated(units, i, lex, a):
                for j in range(i + 1, b):
                    scope[j] = i + 1
                break
    return scope


def _find_target(units: list[str], i: int, a: int, b: int, window: int, lex: EnglishLexicon,
                 consumed: list[bool]) -> int | None:
    for j in range(i - 1, max(a, i - window) - 1, -1):
        if units[j] in lex.desirability and not consumed[j] and units[j] not in lex.direction:
            return j
    for j in range(i + 1, min(b, i + window + 1)):
        if units[j] in lex.desirability and not consumed[j] and units[j] not in lex.direction:
            return j
    return None


def _comparison(units: list[str], a: int, b: int, lex: EnglishLexicon, contrib: list[float],
                consumed: list[bool]) -> None:
    """Earlier-period comparison: target in clause, numbers x <marker> y → sign(x − y)."""
    target = next((j for j in range(a, b) if units[j] in lex.desirability and not consumed[j]), None)
    if target is None:
        return
    nums: list[tuple[int, float]] = []
    for j in range(a, b):
        v = _number(units[j])
        if v is not None:
            nums.append((j, v))
    for (j1, x), (j2, y) in zip(nums, nums[1:], strict=False):
        if j2 - j1 > 8:
            continue
        if any(units[k] in lex.comparison_markers for k in range(j1 + 1, j2)) and x != y:
            sign = 1 if x > y else -1
            contrib[target] = sign * lex.desirability[units[target]] * lex.settings["comparison_weight"]
            consumed[target] = True
            return


def compound(text: str, lex: EnglishLexicon | None = None) -> float:
    """Score in [-1, 1]: :func:`raw_score` squashed with VADER's x / sqrt(x² + alpha)."""
    lex = lex or load_lexicon()
    return normalize(raw_score(text, lex), lex.settings["alpha"])


class EnglishFinanceAnalyzer(Analyzer):
    """Zero-shot English financial analyzer (VADER lexicon + goldmine finance lexicon and rules).

    ``neutral_threshold`` overrides the shipped value (|score| at or below it is neutral).
    """

    name = "en-lexicon"

    def __init__(self, neutral_threshold: float | None = None):
        self.lexicon = load_lexicon()
        self.threshold = (self.lexicon.settings["neutral_threshold"]
                          if neutral_threshold is None else float(neutral_threshold))

    def _score_batch(self, texts: list[str]) -> tuple[list[str], list[float]]:
        scores = [compound(x, self.lexicon) for x in texts]
        return [label_from_score(s, self.threshold) for s in scores], scores
