"""Language-neutral messages: a key, its parameters, rendered in a language only at the edge.

Results and errors hold :class:`Message` objects (or a key and a parameter dict), never a
translated sentence (goldmine convention: results are language-neutral).  Parameters may hold values
that themselves depend on the reader's language; they are rendered by :func:`render`:

* :class:`Money` — an amount in a currency, printed with :func:`goldmine.i18n.format_money`
  (``$1.5M`` in English, ``150 万美元`` in Chinese);
* :class:`Term` — a word of the catalogue (a stage, a rating, a status), printed in the language;
* :class:`Message` — a nested message (a reason inside a sentence);
* a list or tuple of these — joined with the language's list separator (``, `` or ``、``).

Everything else (numbers, strings, dates) is printed as it is.  Each class has ``to_dict()`` so a
result's JSON carries the key and the raw parameters, the same in every language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Money:
    """An amount inside a message: printed with :func:`goldmine.i18n.format_money` (万/亿 in zh)."""

    amount: float
    currency: str

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "currency": self.currency}


@dataclass(frozen=True)
class Term:
    """A word of the message catalogue (``stage.series_b``, ``risk.rating.high``) inside a message."""

    key: str

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.key}


@dataclass(frozen=True)
class Message:
    """A message key with its parameters; :meth:`render` gives the text in a language."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return render(self.key, lang, self.params)

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return {"key": self.key, "params": to_jsonable(dict(self.params))}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        """The message back from its JSON (``{key, params}``), parameters decoded by :func:`decode`."""
        return cls(str(data["key"]), {k: decode(v) for k, v in dict(data.get("params") or {}).items()})


def decode(value: Any) -> Any:
    """A parameter back from its JSON form: ``{amount, currency}`` -> :class:`Money`, ``{term}`` ->
    :class:`Term`, ``{key, params}`` -> :class:`Message`, lists item by item; anything else as is."""
    if isinstance(value, Mapping):
        if set(value) == {"amount", "currency"}:
            return Money(float(value["amount"]), str(value["currency"]))
        if set(value) == {"term"}:
            return Term(str(value["term"]))
        if "key" in value and set(value) <= {"key", "params"}:
            return Message.from_dict(value)
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def list_separator(lang: str) -> str:
    return "、" if lang == "zh" else ", "


def render_value(value: Any, lang: str) -> Any:
    """One parameter in ``lang`` (see the module docstring); other values are returned as they are."""
    from goldmine.i18n import format_money, t

    if isinstance(value, Money):
        return format_money(value.amount, value.currency, lang)
    if isinstance(value, Term):
        return t(value.key, lang)
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, list | tuple):
        return list_separator(lang).join(str(render_value(v, lang)) for v in value) or "—"
    return value


def render(key: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
    """The text of ``key`` in ``lang`` with ``params`` rendered by :func:`render_value`."""
    from goldmine.i18n import t

    text = t(key, lang, **{k: render_value(v, lang) for k, v in (params or {}).items()})
    # an amount ends in its currency word (6,000 亿美元): no space before the Chinese that follows
    return _HAN_SPACE_HAN.sub("", text) if lang == "zh" else text


_HAN_SPACE_HAN = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]) +(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
