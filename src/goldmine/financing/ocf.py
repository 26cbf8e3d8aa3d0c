"""Open Cap Table Format (OCF) import and export: stakeholders, stock classes, stock plans, issuances.

OCF is the Open Cap Table Coalition's JSON format (Carta, Pulley and others; schemas at
github.com/Open-Cap-Table-Coalition/Open-Cap-Format-OCF, version 1.2.0 here). This module writes
and reads the subset a cap table needs, as plain dicts (no files: the CLI reads and writes them):

* ``Manifest.ocf.json`` — ``OCF_MANIFEST_FILE``: issuer, as-of date and the list of files;
* ``Stakeholders.ocf.json`` — ``STAKEHOLDER`` objects (holder names);
* ``StockClasses.ocf.json`` — ``STOCK_CLASS`` objects: common and each preferred series with
  its price per share, seniority, liquidation preference multiple and participation cap;
* ``StockPlans.ocf.json`` — one ``STOCK_PLAN`` holding the option pool (granted + unissued);
* ``Transactions.ocf.json`` — ``TX_STOCK_ISSUANCE`` (shares) and
  ``TX_EQUITY_COMPENSATION_ISSUANCE`` (options) objects.

OCF numbers are decimal strings with at most 10 decimals, so exact prices such as 4/9 are written
to 10 decimals. OCF has no "participating" flag: goldmine writes full participation as a
``goldmine:participation=full`` comment on the stock class and reads it back (a class with a
``participation_cap_multiple`` is capped participating; otherwise non-participating). Warrants,
SAFEs, notes and debt are not exported (they need OCF objects outside this subset). The written
files validate against the ``pyocf`` models (a test checks it).

* :func:`to_ocf` — the OCF files of a cap table, as ``{file name: JSON object}``;
* :func:`from_ocf` — an :class:`OcfSnapshot` (issuer, currency, as-of date, cap table) from such
  files; a malformed package is an :class:`~goldmine.errors.InputError` with a catalogue key;
* :func:`dumps` — the JSON text written for a file (the manifest's md5 is computed over it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from goldmine.errors import InputError, Problem
from goldmine.financing.captable import CapTable, ClassKind, SecurityClass
from goldmine.financing.instruments import PreferredTerms
from goldmine.financing.rounds import COMMON, OPTIONS
from goldmine.results import Result

OCF_VERSION = "1.2.0"
FILES = {"stakeholders": "Stakeholders.ocf.json", "stock_classes": "StockClasses.ocf.json",
         "stock_plans": "StockPlans.ocf.json", "transactions": "Transactions.ocf.json"}
MANIFEST = "Manifest.ocf.json"
PLAN_ID = "option-plan"


def _num(x: Fraction | int) -> str:
    """An OCF Numeric: a decimal string with at most 10 decimals."""
    d = Decimal(Fraction(x).numerator) / Decimal(Fraction(x).denominator)
    q = d.quantize(Decimal("1.0000000000"))
    text = format(q, "f").rstrip("0").rstrip(".")
    return text or "0"


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "id"
    out, i = base, 2
    while out in used:
        out, i = f"{base}-{i}", i + 1
    used.add(out)
    return out


@dataclass(frozen=True)
class OcfSnapshot(Result):
    """A cap table read from OCF, with the issuer's name, the currency and the as-of date.

    ``to_dict()`` is what ``goldmine captable PACKAGE --json`` prints: ``source`` ("ocf"),
    ``issuer``, ``currency``, ``as_of`` and ``cap_table`` (the cap-table keys of docs/financing.md).
    """

    issuer: str
    currency: str
    as_of: str
    table: CapTable

    def to_dict(self) -> dict[str, Any]:
        return {"source": "ocf", "issuer": self.issuer, "currency": self.currency, "as_of": self.as_of,
                "cap_table": self.table.to_dict()}

    def summary(self, lang: str | None = None) -> str:
        return f"{self.issuer} ({self.as_of}):\n{self.table.summary(lang)}"


def to_ocf(table: CapTable, *, issuer: str, currency: str, as_of: dt.date | str,
           generated_at: str | None = None) -> dict[str, dict[str, Any]]:
    """The OCF files of ``table`` as ``{file name: JSON object}`` (manifest included, with md5 sums)."""
    as_of = as_of.isoformat() if isinstance(as_of, dt.date) else as_of
    used: set[str] = set()
    holder_ids: dict[str, str] = {}
    stakeholders = []
    for p in table.positions:
        if p.holder not in holder_ids:
            holder_ids[p.holder] = _slug(p.holder, used)
            stakeholders.append({"object_type": "STAKEHOLDER", "id": holder_ids[p.holder],
                                 "name": {"legal_name": p.holder}, "stakeholder_type": "INSTITUTION"
                                 if any(w in p.holder.lower() for w in ("fund", "capital", "ventures", "investors", "llc", "inc"))
                                 else "INDIVIDUAL"})
    class_ids: dict[str, str] = {}
    classes = []
    shares_by_class = table.by_class()
    for c in table.classes:
        if c.kind not in ("common", "preferred"):
            continue
        class_ids[c.name] = _slug(c.name, used)
        obj: dict[str, Any] = {"object_type": "STOCK_CLASS", "id": class_ids[c.name], "name": c.name,
                               "class_type": "PREFERRED" if c.kind == "preferred" else "COMMON",
                               "default_id_prefix": ("PS-" if c.kind == "preferred" else "CS-"),
                               "initial_shares_authorized": _num(shares_by_class.get(c.name, 0)),
                               "votes_per_share": "1", "seniority": _num(Fraction(c.seniority))}
        if c.issue_price is not None:
            obj["price_per_share"] = {"amount": _num(c.issue_price), "currency": currency}
        if c.terms is not None:
            obj["liquidation_preference_multiple"] = _num(c.terms.liquidation_multiple)
            if c.terms.participation == "capped" and c.terms.participation_cap is not None:
                obj["participation_cap_multiple"] = _num(c.terms.participation_cap)
            if c.terms.participation == "full":
                obj["comments"] = ["goldmine:participation=full"]
        classes.append(obj)
    if COMMON not in class_ids:
        class_ids[COMMON] = _slug(COMMON, used)
        classes.insert(0, {"object_type": "STOCK_CLASS", "id": class_ids[COMMON], "name": COMMON, "class_type": "COMMON",
                           "default_id_prefix": "CS-", "initial_shares_authorized": "0", "votes_per_share": "1", "seniority": "0"})
    granted = table.options_outstanding
    plans = [{"object_type": "STOCK_PLAN", "id": PLAN_ID, "plan_name": "Option pool",
              "initial_shares_reserved": _num(granted + table.pool_unissued), "stock_class_ids": [class_ids[COMMON]]}]
    transactions = []
    for n, p in enumerate(table.positions, start=1):
        cls = table.security(p.security)
        base = {"id": f"tx-{n}", "date": as_of, "security_id": f"sec-{n}", "custom_id": f"{n}",
                "stakeholder_id": holder_ids[p.holder], "security_law_exemptions": []}
        if cls.kind in ("common", "preferred"):
            price = cls.issue_price if cls.issue_price is not None else Fraction(0)
            transactions.append(dict(base, object_type="TX_STOCK_ISSUANCE", stock_class_id=class_ids[p.security],
                                     share_price={"amount": _num(price), "currency": currency}, quantity=_num(p.shares),
                                     stock_legend_ids=[]))
        elif cls.kind == "options":
            tx: dict[str, Any] = dict(base, object_type="TX_EQUITY_COMPENSATION_ISSUANCE", stock_plan_id=PLAN_ID, stock_class_id=class_ids[COMMON],
                      compensation_type="OPTION", quantity=_num(p.shares), expiration_date=None,
                      termination_exercise_windows=[])
            tx["exercise_price"] = {"amount": _num(p.strike or 0), "currency": currency}
            transactions.append(tx)
    files = {FILES["stakeholders"]: {"file_type": "OCF_STAKEHOLDERS_FILE", "items": stakeholders},
             FILES["stock_classes"]: {"file_type": "OCF_STOCK_CLASSES_FILE", "items": classes},
             FILES["stock_plans"]: {"file_type": "OCF_STOCK_PLANS_FILE", "items": plans},
             FILES["transactions"]: {"file_type": "OCF_TRANSACTIONS_FILE", "items": transactions}}

    def ref(name: str) -> list[dict[str, str]]:
        return [{"filepath": name, "md5": hashlib.md5(dumps(files[name]).encode("utf-8")).hexdigest()}]  # noqa: S324 - OCF's checksum

    manifest = {"file_type": "OCF_MANIFEST_FILE", "ocf_version": OCF_VERSION,
                "issuer": {"object_type": "ISSUER", "id": _slug(issuer, set()), "legal_name": issuer,
                           "formation_date": as_of, "country_of_formation": "US"},
                "as_of": as_of, "generated_at": generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                "comments": [f"goldmine export; currency {currency}"],
                "stock_plans_files": ref(FILES["stock_plans"]), "stock_legend_templates_files": [],
                "stock_classes_files": ref(FILES["stock_classes"]), "vesting_terms_files": [],
                "valuations_files": [], "transactions_files": ref(FILES["transactions"]),
                "stakeholders_files": ref(FILES["stakeholders"])}
    return {MANIFEST: manifest, **files}


def dumps(obj: Any) -> str:
    """The JSON text goldmine writes for an OCF file (stable; the manifest's md5 is over it)."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def from_ocf(files: dict[str, dict[str, Any]], source: str | None = None) -> OcfSnapshot:
    """A cap table from OCF files given as ``{file name: JSON object}`` (manifest first or named).

    A malformed package (a missing field, a number that is not a decimal string, a transaction
    naming an unknown stock class, a negative quantity) raises :class:`InputError`, never a bare
    KeyError or decimal error.
    """
    from decimal import InvalidOperation

    try:
        return _from_ocf(files, source)
    except InputError:
        raise
    except KeyError as exc:
        problem = Problem("", "financing.expected.ocf_field", str(exc.args[0]) if exc.args else None)
    except InvalidOperation:
        problem = Problem("", "financing.expected.ocf_decimal", None, has_found=False)
    except (TypeError, ValueError, AttributeError, ZeroDivisionError) as exc:
        problem = Problem("", "financing.expected.ocf_valid", type(exc).__name__, raw_found=True)
    raise InputError(source, [problem]) from None


def _from_ocf(files: dict[str, dict[str, Any]], source: str | None = None) -> OcfSnapshot:
    manifest = next((v for v in files.values() if v.get("file_type") == "OCF_MANIFEST_FILE"), None)
    if manifest is None:
        raise InputError(source, [Problem("file_type", "financing.expected.ocf_manifest", None)])
    items: dict[str, list[dict[str, Any]]] = {"STAKEHOLDER": [], "STOCK_CLASS": [], "STOCK_PLAN": [], "TX": []}
    for key in ("stakeholders_files", "stock_classes_files", "stock_plans_files", "transactions_files"):
        for ref in manifest.get(key, []):
            name = ref.get("filepath")
            if name not in files:
                raise InputError(source, [Problem(f"{key}.filepath", "financing.expected.ocf_file", name)])
            for obj in files[name].get("items", []):
                kind = obj.get("object_type", "")
                if kind.startswith("TX_"):
                    items["TX"].append(obj)
                elif kind in items:
                    items[kind].append(obj)
    names = {s["id"]: s["name"]["legal_name"] for s in items["STAKEHOLDER"]}
    currency = "USD"
    table = CapTable()
    class_names = {}
    for c in items["STOCK_CLASS"]:
        class_kind: ClassKind = "preferred" if c["class_type"] == "PREFERRED" else "common"
        price = c.get("price_per_share")
        if price:
            currency = price.get("currency", currency)
        issue_price = Fraction(Decimal(price["amount"])) if price else None
        name = COMMON if class_kind == "common" and c["name"] == COMMON else c["name"]
        class_names[c["id"]] = name
        terms = None
        if class_kind == "preferred":
            cap = c.get("participation_cap_multiple")
            full = "goldmine:participation=full" in (c.get("comments") or [])
            terms = PreferredTerms(Fraction(Decimal(c.get("liquidation_preference_multiple", "1"))),
                                   "capped" if cap else ("full" if full else "none"),
                                   Fraction(Decimal(cap)) if cap else None)
        seniority = Fraction(Decimal(c.get("seniority", "0")))
        if seniority.denominator != 1:
            raise InputError(source, [Problem(f"stock_classes[{c['id']}].seniority", "expected.integer", c.get("seniority"))])
        table = table.with_class(SecurityClass(name, class_kind, issue_price if class_kind == "preferred" else None, terms,
                                               int(seniority)))
    reserved = sum((int(Decimal(p["initial_shares_reserved"])) for p in items["STOCK_PLAN"]), 0)
    granted = 0
    for tx in items["TX"]:
        holder = names.get(tx.get("stakeholder_id"), tx.get("stakeholder_id", "?"))
        qty = Fraction(Decimal(tx.get("quantity", "0")))
        if qty.denominator != 1:
            raise InputError(source, [Problem(f"transactions[{tx.get('id')}].quantity", "expected.integer", tx.get("quantity"))])
        if qty < 0:
            raise InputError(source, [Problem(f"transactions[{tx.get('id')}].quantity", "expected.nonnegative", tx.get("quantity"))])
        if tx["object_type"] == "TX_STOCK_ISSUANCE":
            table = table.issue(holder, class_names[tx["stock_class_id"]], int(qty))
        elif tx["object_type"] == "TX_EQUITY_COMPENSATION_ISSUANCE":
            table = table.with_class(SecurityClass(OPTIONS, "options"))
            strike = tx.get("exercise_price")
            table = table.issue(holder, OPTIONS, int(qty), Fraction(Decimal(strike["amount"])) if strike else None)
            granted += int(qty)
    table = table.with_pool(max(0, reserved - granted))
    comments = " ".join(manifest.get("comments") or [])
    m = re.search(r"currency ([A-Z]{3})", comments)
    if m:
        currency = m.group(1)
    return OcfSnapshot(issuer=manifest["issuer"].get("legal_name", "?"), currency=currency,
                       as_of=manifest.get("as_of", ""), table=table)
