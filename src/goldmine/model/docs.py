"""Generate ``docs/profile.md`` from the profile model: every field with unit and example.

Run ``python -m goldmine.model.docs > docs/profile.md``; ``tests/test_docs.py`` fails when the
file and the model disagree, so the reference cannot drift from the code.
"""

from __future__ import annotations

import json
import sys
import typing
from typing import Any

from pydantic import BaseModel

from goldmine.model import limits as lim
from goldmine.model.startup import Startup

INTRO = f"""# The startup profile

A profile describes one AI startup: the single input every analysis reads. Write it in YAML or
JSON; check it with `goldmine validate PROFILE.yaml`; get its JSON Schema with `goldmine schema`.
The six examples in [`examples/`](../examples) show complete profiles.

**Units.** Every amount is in `identity.currency` (ISO 4217). Flows say their period in the name
(`monthly_burn`, `revenue_history[].revenue` per month) or in a `*_period` field; market sizes are
per year. Fractions are written 0-1 (55 % is `0.55`). Amounts may be numbers or text with a scale:
`1.5M`, `800k`, `2B`, `500万`, `1.2亿` (万 = 10^4, 亿 = 10^8), `1,000,000`.

**Missing is not zero.** Optional fields may be left out; the analyses then say which inputs were
missing and lower their confidence instead of assuming the best case.

**Errors.** A bad value is reported with file, field path, expectation and found value, e.g.
`acme.yaml: market.market_share: expected a fraction between 0 and 1, found 35`, and the command
exits with code 2. Implausible but valid values (runway under three months, a 30 % share among more
than ten competitors, cost per unit above price, ...) print warnings.

**Enumerations** accept any case, spaces or hyphens: `Series A`, `series-a` and `series_a` are the
same stage; Chinese stage names (`种子轮`, `天使轮`, `A轮`, `B轮`) work too.

**Limits.** What passes validation is something every analysis can run on and both stores (SQLite,
PostgreSQL) accept, so a few bounds apply to every profile (`goldmine/model/limits.py`):

| what | limit |
|---|---|
| amounts and other numbers | an absolute value of at most {lim.MAX_AMOUNT_TEXT} (10^18 is several times the world's yearly GDP even counted in won, and float64 keeps every product and sum of such amounts finite) |
| whole numbers (shares, records, patents, competitors) | at most {lim.MAX_COUNT:,} |
| head counts (`team.size`, `team.ai_researchers`) | at most {lim.MAX_HEADCOUNT:,} |
| durations in months (`update_cycle_months`, `t1_months`, `t2_months`) | at most {lim.MAX_MONTHS:,} |
| years of experience | at most {lim.MAX_YEARS} |
| dates and months | {lim.DATE_MIN.isoformat()} to {lim.DATE_MAX.isoformat()} |
| company names (`identity.name.en`, `.zh`) | one line of at most {lim.MAX_NAME_CHARS} characters |
| any other text | at most {lim.MAX_TEXT_CHARS:,} characters; no control characters (tab and line breaks allowed) |
| lists and mappings | at most {lim.MAX_LIST_ITEMS:,} items |
| the file | at most {lim.MAX_FILE_BYTES:,} bytes, nesting at most {lim.MAX_DEPTH} levels, integers of at most {lim.MAX_INT_DIGITS} digits |

This file is generated from the model (`python -m goldmine.model.docs > docs/profile.md`).
"""


def render() -> str:
    lines = [INTRO]
    seen: set[type] = set()
    _section(Startup, "", "Top level", lines, seen)
    return "\n".join(lines).rstrip() + "\n"


def _section(model: type[BaseModel], prefix: str, title: str, lines: list[str], seen: set[type]) -> None:
    lines += [f"## {title}", ""]
    doc = (model.__doc__ or "").strip().splitlines()
    if doc and model is not Startup:
        lines += [doc[0], ""]
    lines += ["| field | type | unit | required | description | example |", "|---|---|---|---|---|---|"]
    nested: list[tuple[type[BaseModel], str]] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        sub, is_list = _submodel(info.annotation)
        type_text = _type_name(info.annotation)
        ge = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
        if type_text == "integer" and ge is not None:
            type_text = f"integer >= {ge}"
        examples = extra.get("examples")
        example = examples[0] if isinstance(examples, list) and examples else None
        ex = "" if example is None else "`" + json.dumps(example, ensure_ascii=False) + "`"
        desc = (info.description or "").replace("|", "\\|")
        lines.append(f"| `{path}` | {type_text} | {extra.get('unit', '')} | {'yes' if info.is_required() else 'no'} | {desc} | {ex} |")
        if sub is not None and sub not in seen:
            seen.add(sub)
            nested.append((sub, f"{path}[]." if is_list else f"{path}."))
    lines.append("")
    for sub, sub_prefix in nested:
        _section(sub, sub_prefix, f"`{sub_prefix.rstrip('.')}`", lines, seen)


def _submodel(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    for arg in typing.get_args(annotation):
        sub, is_list = _submodel(arg)
        if sub is not None:
            return sub, is_list or origin is list
    return None, False


_LABELS = {"_fraction": "fraction 0-1", "_rate": "rate > -1", "_margin": "margin -10..1", "_currency": "currency code",
           "_country": "country code", "_month": "month YYYY-MM", "_positive": "number > 0", "_nonneg": "number >= 0",
           "_finite": "number"}


def _type_name(annotation: Any) -> str:
    """A short human label: ``amount >= 0``, ``fraction 0-1``, ``Stage``, ``list[Round]``, ``... or null``."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = args
        funcs = [getattr(getattr(m, "func", None), "__name__", "") for m in meta]
        amount = "parse_amount" in funcs
        for f in funcs:
            if f in _LABELS:
                label = _LABELS[f]
                return ("amount" + label.removeprefix("number")) if amount else label
        if base is int:
            bounds = [getattr(m, "ge", None) for m in meta if hasattr(m, "ge")] + [
                getattr(getattr(m, "metadata", [None])[0], "ge", None) for m in meta if hasattr(m, "metadata") and m.metadata]
            ge = next((b for b in bounds if b is not None), None)
            return f"integer >= {ge}" if ge is not None else "integer"
        return _type_name(base)
    if origin is list:
        return f"list[{_type_name(args[0])}]"
    if origin is dict:
        return f"map of {_type_name(args[1])}"
    if origin is typing.Literal:
        return " or ".join(json.dumps(a) for a in args)
    if args and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return " or ".join(_type_name(a) for a in inner) + " (optional)"
    if isinstance(annotation, type):
        return {"str": "text", "bool": "true/false", "date": "date YYYY-MM-DD", "float": "number", "int": "integer"}.get(
            annotation.__name__, annotation.__name__)
    return str(annotation)


if __name__ == "__main__":
    sys.stdout.write(render())
