"""Fuzzing the commands (issue #20): hostile profile fields, options and CSV cells never give a traceback.

Hypothesis draws a change to a profile field, a command's options or cells of its CSV input, runs
``validate``, ``analyze``, ``runway``, ``forecast``, ``bubble``, ``sentiment score|index`` or
``update`` in-process through :func:`goldmine.cli.main`, and requires exit code 0, 2 (bad input) or 3
(environment), and no exception escaping ``main``: a traceback is a failure.

CI runs a bounded number of examples per command (a few seconds each).  A longer run::

    GOLDMINE_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest -q tests/test_robustness_fuzz.py

sets every command's number of examples (``analyze`` takes about 2 s an example); add
``--hypothesis-seed=N`` to replay a run, ``--hypothesis-show-statistics`` for the statistics.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import io
import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "goldmine" / "examples"
DATA = ROOT / "src" / "goldmine" / "data"
PROMPTLY = yaml.safe_load((EXAMPLES / "promptly.yaml").read_text(encoding="utf-8"))
LONG = int(os.environ.get("GOLDMINE_FUZZ_EXAMPLES", "0"))


def budget(default: int) -> Callable[[Any], Any]:
    return settings(max_examples=LONG or default, deadline=None, derandomize=not LONG,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def run(*args: Any) -> tuple[int, str, str]:
    """``goldmine ARGS`` in this process; an exception other than SystemExit fails the test (a traceback)."""
    from goldmine.cli import main

    out, err = io.StringIO(), io.StringIO()
    code: int | str | None = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code
    code = code if isinstance(code, int) else (0 if code is None else 1)
    assert code in (0, 2, 3), (args, code, err.getvalue()[-2000:])
    assert "Traceback" not in err.getvalue(), err.getvalue()[-2000:]
    event(f"{args[0]}: exit {code}")
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------------------------------------------------- values
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\x00", "a\x00b", "\x1b[31m", "\ud800", "<script>alert(1)</script>", "# h\n- x | y",
                     "1e400", "-1e400", "nan", "inf", "9" * 400, "１２３", "5000万", "1.2亿", "-3M", "2205-10-01",
                     "0000-01-01", "2025-02-30", "2025-13", "x" * 5000, "名" * 300, "../../etc/passwd"]),
)
HOSTILE_NUMBER = st.one_of(
    st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e-300, 5e-324, 1e308, -1e308, 10**400, 2**63, 2**64, 1e18, 1e-9, 1e19]),
)
HOSTILE = st.recursive(
    st.one_of(st.none(), st.booleans(), HOSTILE_NUMBER, HOSTILE_TEXT,
              st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8,
)


def leaf_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path of the example profile (mappings, lists and their leaves)."""
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += leaf_paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += leaf_paths(v, (*prefix, i))
    return out


def get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


PATHS = leaf_paths(PROMPTLY)
NUMERIC_PATHS = [p for p in PATHS if isinstance(get(PROMPTLY, p), int | float) and not isinstance(get(PROMPTLY, p), bool)]


def mutate(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def dump(data: Any, folder: Path, as_json: bool) -> Path:
    """The profile as JSON or YAML; non-ASCII escaped (``\\ud800``), so a lone surrogate reaches the reader."""
    if as_json:
        f = folder / "p.json"
        f.write_text(json.dumps(data, default=str), encoding="utf-8")
    else:
        f = folder / "p.yaml"
        f.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False), encoding="utf-8")
    return f


# ------------------------------------------------------------------------------------- profiles
@budget(40)
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), HOSTILE), min_size=1, max_size=3), as_json=st.booleans())
def test_fuzz_validate(changes, as_json):
    data = PROMPTLY
    for path, value in changes:
        with contextlib.suppress(KeyError, IndexError, TypeError):  # an earlier change removed the parent
            data = mutate(data, path, value)
    with tempfile.TemporaryDirectory() as tmp:
        run("validate", *(["--json"] if as_json else []), dump(data, Path(tmp), as_json))


FINITE = st.one_of(st.floats(min_value=-1e20, max_value=1e20, allow_nan=False),
                   st.sampled_from([0, 1e-9, 1e18, -1e18, 1e-6, 0.5, 1, 100, 1e12]))
# amounts the validation lets through, from nothing to its 1e18 bound: the engines must cope with all
AMOUNT_PATHS = [p for p in NUMERIC_PATHS if p[0] in ("financials", "market") and p[-1] not in (
    "gross_margin", "customer_concentration", "growth_rate", "market_share", "competitors")]
VALID_AMOUNT = st.one_of(st.sampled_from([0.0, 5e-324, 1e-300, 1e-9, 1.0, 1e9, 1e15, 1e18]), st.floats(min_value=0, max_value=1e18))


@budget(6)
@given(changes=st.lists(st.tuples(st.sampled_from(AMOUNT_PATHS), VALID_AMOUNT), min_size=1, max_size=4),
       paths=st.sampled_from(["100", "150"]), seed=st.integers(0, 2**63 - 1))
def test_fuzz_analyze(changes, paths, seed):
    data = PROMPTLY
    for path, value in changes:
        data = mutate(data, path, value)
    with tempfile.TemporaryDirectory() as tmp:
        f = dump(data, Path(tmp), False)
        run("analyze", f, "--no-store", "--paths", paths, "--seed", seed, "--format", "md", "--langs", "en",
            "--out", Path(tmp) / "out")


OPTION_VALUE = st.one_of(st.integers(-10, 10**9).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str),
                         HOSTILE_TEXT.filter(lambda s: "\x00" not in s))


@budget(20)
@given(changes=st.lists(st.tuples(st.sampled_from(NUMERIC_PATHS), FINITE), max_size=2),
       options=st.lists(st.tuples(st.sampled_from(["--paths", "--seed", "--horizon", "--growth", "--gross-margin",
                                                   "--cost-growth", "--hire", "--round", "--next-round-amount",
                                                   "--p-next-round", "--months-between-rounds"]),
                                  OPTION_VALUE), max_size=3))
def test_fuzz_runway(changes, options):
    data = PROMPTLY
    for path, value in changes:
        data = mutate(data, path, value)
    args: list[Any] = []
    for name, value in options:
        if name == "--paths" and value.lstrip("-").isdigit() and int(value) > 2000:
            value = "2000"  # bounded time: the cap itself is tested in test_robustness
        args += [name, value]
    if "--paths" not in args:
        args += ["--paths", "500"]
    with tempfile.TemporaryDirectory() as tmp:
        run("runway", dump(data, Path(tmp), False), *args, "--json")


# ------------------------------------------------------------------------------------- CSV inputs
CELL = st.one_of(HOSTILE_TEXT, HOSTILE_NUMBER.map(str),
                 st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
                 st.sampled_from(["2024-02-01T10:00:00+08:00", "2024-02-01T10:00:00-05:00", "2024-02-01Z",
                                  "2024-02-01 10:00", "1700-01-01", "2262-04-12", "", "NaN", "-0"]))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    """A CSV file; a lone surrogate becomes bytes that are not UTF-8 (the readers must say so)."""
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
    return path


def perturb(rows: list[list[str]], edits: list[tuple[int, int, str]]) -> list[list[str]]:
    out = [list(r) for r in rows]
    for i, j, value in edits:
        r = out[i % len(out)]
        r[j % len(r)] = value.replace("\x00", "")  # NUL bytes: the csv module's own refusal is tested elsewhere
    return out


def series_rows(n: int = 40) -> list[list[str]]:
    start = dt.date(2020, 1, 1)
    return [["month", "value"]] + [[f"{(start.year * 12 + i) // 12}-{(start.month - 1 + i) % 12 + 1:02d}",
                                     f"{100 * math.exp(0.05 * i):.3f}"] for i in range(n)]


@budget(25)
@given(edits=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 2), CELL), max_size=3),
       options=st.lists(st.tuples(st.sampled_from(["--model", "--horizon", "--kind", "--interval", "--level", "--holdout",
                                                   "--seed"]), OPTION_VALUE), max_size=3))
def test_fuzz_forecast(edits, options):
    args = [x for name, value in options for x in (name, value)]
    with tempfile.TemporaryDirectory() as tmp:
        f = write_csv(Path(tmp) / "s.csv", perturb(series_rows(), edits))
        run("forecast", f, *args, "--json")


def bubble_rows(n: int = 80) -> list[list[str]]:
    start = dt.date(2015, 1, 2)
    return [["date", "close"]] + [[str(start + dt.timedelta(weeks=i)), f"{100 * math.exp(0.01 * i + 0.05 * math.sin(i)):.4f}"]
                                  for i in range(n)]


@budget(25)
@given(edits=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 2), CELL), max_size=3),
       options=st.lists(st.one_of(
           st.tuples(st.sampled_from(["--lags", "--window", "--delta", "--significance", "--ic", "--aggregate",
                                      "--control", "--seed"]), OPTION_VALUE),
           st.tuples(st.just("--cv"), st.sampled_from(["table", "mc", "wb", "mc-exuber", "bogus"])),
           st.tuples(st.just("--reps"), st.integers(-5, 40).map(str)),
           st.tuples(st.just("--backend"), st.sampled_from(["serial", "auto", "processes:0", "dask://", "x"]))),
           max_size=4),
       log=st.booleans())
def test_fuzz_bubble(edits, options, log):
    args = [x for name, value in options for x in (name, value)]
    if "--cv" in args and "--reps" not in args:
        args += ["--reps", "30"]  # bounded time; the caps are tested in test_robustness
    with tempfile.TemporaryDirectory() as tmp:
        f = write_csv(Path(tmp) / "b.csv", perturb(bubble_rows(), edits))
        run("bubble", f, *args, *(["--log"] if log else []), "--json")


def news_rows() -> list[list[str]]:
    with (DATA / "report_demo_news.csv").open(encoding="utf-8") as fh:
        return list(csv.reader(fh))[:30]


@budget(25)
@given(edits=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 4), CELL), max_size=4),
       half_life=st.one_of(st.none(), OPTION_VALUE), zscore=st.one_of(st.none(), st.sampled_from(["full", "expanding", "x"])))
def test_fuzz_sentiment(edits, half_life, zscore):
    args = [*(["--half-life", half_life] if half_life is not None else []), *(["--zscore", zscore] if zscore else [])]
    with tempfile.TemporaryDirectory() as tmp:
        f = write_csv(Path(tmp) / "n.csv", perturb(news_rows(), edits))
        run("sentiment", "index", f, *args, "--json")
        run("sentiment", "score", "--file", f, "--json")


def kpi_rows() -> list[list[str]]:
    text = (EXAMPLES / "kpis" / "promptly.csv").read_text(encoding="utf-8")
    return [r for r in csv.reader(ln for ln in text.splitlines() if not ln.startswith("#"))]


@budget(30)
@given(edits=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 9), CELL), max_size=4),
       header=st.one_of(st.none(), st.tuples(st.sampled_from(["company", "currency"]), HOSTILE_TEXT)),
       options=st.lists(st.tuples(st.sampled_from(["--period", "--window", "--currency", "--company"]), OPTION_VALUE),
                        max_size=2))
def test_fuzz_update(edits, header, options):
    rows = perturb(kpi_rows(), edits)
    args = [x for name, value in options for x in (name, value)]
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "k.csv"
        buf = io.StringIO()
        if header is not None:
            buf.write(f"# {header[0]}: {header[1].splitlines()[0] if header[1].splitlines() else ''}\n")
        csv.writer(buf).writerows(rows)
        f.write_bytes(buf.getvalue().replace("\x00", "").encode("utf-8", "surrogatepass"))
        run("update", f, *args, "--json")


def test_the_fuzz_runner_sees_a_traceback():
    """The runner itself: an exception escaping ``main`` fails the check (the fuzz tests can fail)."""
    from goldmine import cli

    original = cli.build_app

    def broken(*_a: Any, **_k: Any) -> Any:
        raise ZeroDivisionError("boom")

    cli.build_app = broken
    try:
        with pytest.raises(ZeroDivisionError):
            run("validate", "x.yaml")
    finally:
        cli.build_app = original
