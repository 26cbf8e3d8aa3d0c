"""Reading financing plans and Open Cap Table Format packages from files; writing OCF packages.

* :func:`load_plan` — a PLAN.yaml (or .json) file validated into a :class:`~goldmine.financing.Plan`
  (duplicate keys refused; a holder listed twice with the same class, or an investor twice in one
  round, refused rather than silently merged; every problem with the file and the field path);
  :func:`load_plan_data` with its content as JSON-able data, :func:`plan_from_data` back;
* :func:`load_plan_or_profile` — a plan file, or a startup profile (it has an ``identity`` section)
  turned into a plan by :func:`~goldmine.financing.plan_from_profile`, with the assumptions made;
* :func:`is_ocf` — whether a path is an OCF package (a folder, or a manifest ``.json``);
* :func:`load_ocf` — an OCF package (its ``Manifest.ocf.json`` or the folder holding it) as an
  :class:`~goldmine.financing.ocf.OcfSnapshot`;
* :func:`write_ocf` — OCF files (``{file name: JSON object}``) written into a folder.

The analytics (:mod:`goldmine.financing`) parse and compute; the files are read and written here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from goldmine.config import read_mapping
from goldmine.errors import FileFormatError, InputError, Problem
from goldmine.financing import Plan, parse_plan, plan_from_profile
from goldmine.financing.ocf import MANIFEST, OcfSnapshot, dumps, from_ocf
from goldmine.i18n.messages import Message

OCF_LISTS = ("stakeholders_files", "stock_classes_files", "stock_plans_files", "transactions_files")


def load_plan(path: str | Path) -> Plan:
    """Read and validate a PLAN.yaml (or .json) file."""
    return load_plan_data(path)[0]


def load_plan_data(path: str | Path) -> tuple[Plan, dict[str, Any]]:
    """A PLAN.yaml (or .json) file validated, and its content as JSON-able data (dates as ISO text):
    what a store keeps, read back by :func:`plan_from_data` into the same plan."""
    from goldmine.jsonutil import to_jsonable

    data = read_mapping(path)
    _check_unique_holders(data, str(path))
    plan = parse_plan(data, source=str(path))
    return plan, dict(to_jsonable(data))


def plan_from_data(data: dict[str, Any], source: str | None = None) -> Plan:
    """A plan from the data :func:`load_plan_data` returned (a stored plan)."""
    _check_unique_holders(data, source or "plan")
    return parse_plan(data, source=source)


def _check_unique_holders(data: dict[str, Any], source: str) -> None:
    """A holder twice with the same class in ``holders`` (or an investor twice in one round) would be merged
    by the cap table without a word: refused with the path of the second line (issue #20)."""
    problems: list[Problem] = []

    def scan(items: Any, where: str, key: Any) -> None:
        if not isinstance(items, list):
            return
        seen: dict[Any, int] = {}
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("holder"), str):
                continue  # the plan's own validation names what is wrong with it
            k = key(item)
            if k in seen:
                problems.append(Problem(f"{where}[{i}].holder", "financing.expected.unique_holder", item["holder"],
                                        params={"first": f"{where}[{seen[k]}]"}))
            else:
                seen[k] = i

    scan(data.get("holders"), "holders", lambda h: (h["holder"].strip().casefold(), h.get("class", "common")))
    rounds = data.get("rounds")
    for r, spec in enumerate(rounds if isinstance(rounds, list) else []):
        if isinstance(spec, dict):
            scan(spec.get("investors"), f"rounds[{r}].investors", lambda h: h["holder"].strip().casefold())
    if problems:
        raise InputError(source, problems)


def load_plan_or_profile(path: str | Path) -> tuple[Plan, tuple[Message, ...]]:
    """A plan file (no assumptions), or a startup profile turned into a plan with the assumptions made."""
    from goldmine.io.profiles import parse_profile

    data = read_mapping(path)
    if "identity" not in data:
        _check_unique_holders(data, str(path))
        return parse_plan(data, source=str(path)), ()
    return plan_from_profile(parse_profile(data, source=str(path)))


def is_ocf(path: str | Path) -> bool:
    """A folder, or a ``.json`` file whose ``file_type`` is ``OCF_MANIFEST_FILE``."""
    p = Path(path)
    if p.is_dir():
        return True
    if p.suffix.lower() != ".json" or not p.is_file():
        return False
    try:
        head = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(head, dict) and head.get("file_type") == "OCF_MANIFEST_FILE"


def load_ocf(path: str | Path) -> OcfSnapshot:
    """Read an OCF package: its manifest file, or a folder holding ``Manifest.ocf.json``."""
    p = Path(path)
    manifest_path = p / MANIFEST if p.is_dir() else p
    folder = manifest_path.parent
    files: dict[str, Any] = {}
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files[manifest_path.name] = manifest
        for key in OCF_LISTS:
            for ref in manifest.get(key, []):
                name = ref["filepath"]
                files[name] = json.loads((folder / name).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileFormatError(str(path), [Problem("", "expected.file_exists", str(exc.filename))]) from None
    except json.JSONDecodeError as exc:
        raise FileFormatError(str(path), [Problem(f"line {exc.lineno}", "expected.json", exc.msg, raw_found=True)]) from None
    except (UnicodeDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise FileFormatError(str(path), [Problem("", "financing.expected.ocf_field", type(exc).__name__,
                                                  raw_found=True)]) from None
    return from_ocf(files, source=str(path))


def write_ocf(files: dict[str, Any], folder: str | Path) -> Path:
    """Write OCF files (``{file name: JSON object}``, as :func:`~goldmine.financing.ocf.to_ocf` gives) into
    ``folder`` (created if needed); returns the folder."""
    from goldmine.io.files import output_folder, write_all

    target = output_folder(folder)
    write_all([(target / name, dumps(obj)) for name, obj in files.items()])  # all files or none
    return target
