"""Concurrency, faults and hostile input (issue #20): one regression test per reproduction of the issue.

Numbered as in the issue's "Why":
1. concurrent writers (tests/test_concurrency.py runs the 8 + 8 processes; here the error texts);
2. a profile that passes ``validate`` crashed ``analyze`` (magnitudes, huge integers, deep nesting);
3. bad seeds; 4. unbounded work; 5. tracebacks on parsing edge cases; 6. silently wrong numbers;
7. the store depending on its backend; 8. output safety (Markdown escaping, file modes, all or nothing).

Every command must end with exit code 0, 2 (bad input) or 3 (environment), one line per problem on
stderr, and no traceback.
"""

from __future__ import annotations

import copy
import json
import os
import re
import socket
import stat
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from goldmine.errors import EnvironmentFailure, InputError, StorageError, StorageUnavailable
from goldmine.io import load_profile
from goldmine.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "goldmine" / "examples"
DATA = ROOT / "src" / "goldmine" / "data"
PROMPTLY = EXAMPLES / "promptly.yaml"
NEWS = DATA / "report_demo_news.csv"
NASDAQ = DATA / "report_demo_nasdaq_weekly.csv"


def base() -> dict:
    return yaml.safe_load(PROMPTLY.read_text(encoding="utf-8"))


def write_profile(tmp_path: Path, data: dict, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def edited(**changes) -> dict:
    """The Promptly example with dotted paths replaced: edited(**{"financials.cash": 1e308})."""
    data = copy.deepcopy(base())
    for dotted, value in changes.items():
        node = data
        *head, last = dotted.split(".")
        for part in head:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = value
    return data


def one_line(result, code: int) -> str:
    """The run ended with ``code``, no traceback and a single line on stderr; returns that line."""
    assert result.exit_code == code, result
    err = result.stderr.strip()
    assert "Traceback" not in err, err
    assert len(err.splitlines()) == 1, err
    return err


def news_rows() -> list[list[str]]:
    import csv

    with NEWS.open(encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_news(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


# ---------------------------------------------------------------------------- 1. concurrent writers
def test_a_database_error_names_the_cause_not_the_sql_or_the_profile(tmp_path):
    from sqlalchemy import text

    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    store.upgrade()
    ws = store.ensure_workspace("w")
    profile = load_profile(PROMPTLY)
    with pytest.raises(StorageError) as info:
        with store.transaction() as s:
            store.save_startup(ws, profile, session=s)
            s.execute(text("INSERT INTO workspace (id, name, created_at) VALUES (:id, 'dup', CURRENT_TIMESTAMP)"), {"id": ws})
    message = info.value.message("en")
    assert "UNIQUE" in message and "INSERT" not in message and "[SQL" not in message and "Promptly" not in message
    assert len(message.splitlines()) == 1


def test_retrying_runs_a_rolled_back_write_again_and_gives_up_with_exit_3(tmp_path):
    from goldmine.errors import StorageBusy

    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise StorageBusy("store.error.write_failed", url="u", cause="database is locked")
        return "done"

    assert store.retrying(flaky) == "done" and len(calls) == 3

    def always():
        raise StorageBusy("store.error.write_failed", url="u", cause="database is locked")

    with pytest.raises(StorageBusy) as info:
        store.retrying(always, attempts=2)
    assert info.value.exit_code == 3 and "2 attempts" in info.value.message("en")


def test_versions_are_numbered_without_gaps_by_concurrent_threads(tmp_path):
    """In-process check of the version lock (the multi-process test is tests/test_concurrency.py)."""
    url = f"sqlite:///{tmp_path / 'threads.db'}"
    Store(url).upgrade()
    p = load_profile(PROMPTLY)
    variants = [p.model_copy(update={"financials": p.financials.model_copy(update={"cash": 1e6 + i})}) for i in range(12)]
    errors: list[BaseException] = []

    def save(profile):
        try:
            st = Store(url)
            st.save_startup(st.ensure_workspace("t"), profile)
            st.engine.dispose()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(v,)) for v in variants]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    st = Store(url)
    assert [v.version for v in st.history(st.workspace_id("t"), "promptly")] == list(range(1, 13))


# ---------------------------------------------------------------------------- 2. validate vs analyze
@pytest.mark.parametrize("path, value, needle", [
    ("financials.cash", 1e308, "financials.cash: expected a number of absolute value at most 1e18"),
    ("financials.revenue_history.0.revenue", 1e308, "revenue_history[0].revenue: expected a number of absolute value at most 1e18"),
    ("financials.monthly_burn", "1e19", "financials.monthly_burn: expected a number of absolute value at most 1e18"),
    ("financials.funding_demand", {"a": -1e19, "b": 0}, "financials.funding_demand.a: expected a number of absolute value"),
    ("team.size", 10**40, "team.size: expected"),
    ("identity.founded", "0001-01-01", "identity.founded: expected a date between 1900-01-01 and 2100-12-31"),
])
def test_validate_refuses_magnitudes_the_engines_cannot_handle(cli, tmp_path, path, value, needle):
    err = one_line(cli("validate", write_profile(tmp_path, edited(**{path: value}))), 2)
    assert needle in err


@pytest.mark.parametrize("digits, needle", [(400, "at most 30 digits"), (5000, "at most 30 digits")])
def test_integers_of_absurd_length_are_refused(cli, tmp_path, digits, needle):
    text = PROMPTLY.read_text(encoding="utf-8")
    text = text.replace("cash:", f"cash: {'9' * digits}\n  old_cash:", 1)
    f = tmp_path / "big.yaml"
    f.write_text(text, encoding="utf-8")
    assert needle in one_line(cli("validate", f), 2)
    j = tmp_path / "big.json"
    j.write_text('{"a": ' + "9" * digits + "}", encoding="utf-8")
    assert needle in one_line(cli("validate", j), 2)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_is_refused(cli, tmp_path, suffix):
    f = tmp_path / f"deep{suffix}"
    f.write_text('{"sources": ' + "[" * 1000 + "]" * 1000 + "}", encoding="utf-8")
    assert "levels of nesting" in one_line(cli("validate", f), 2)
    f.write_text('{"a": ' + "[" * 40 + "]" * 40 + "}", encoding="utf-8")  # parses, but deeper than 32
    assert "at most 32 levels" in one_line(cli("validate", f), 2)


def test_largest_valid_amounts_analyse_without_inf(cli, tmp_path):
    data = edited(**{"financials.cash": 1e18})
    for point in data["financials"]["revenue_history"]:
        point["revenue"] = 1e18
    r = cli("analyze", write_profile(tmp_path, data), "--no-store", "--paths", "100", "--format", "md", "--langs", "en",
            "--out", tmp_path / "out")
    assert r.exit_code == 0, r
    md = (tmp_path / "out" / "promptly.en.md").read_text(encoding="utf-8")
    assert not re.search(r"\b(inf|nan)\b|infT", md, re.IGNORECASE), re.findall(r".{30}\b(?:inf|nan)\b.{30}", md, re.I)


def test_a_subnormal_revenue_does_not_crash_value(cli, tmp_path):
    """Revenue 5e-324 after 48,500: log(r1 / r0) would underflow; growth is log(r1) - log(r0)."""
    data = base()
    data["financials"]["revenue_history"][-1]["revenue"] = 5e-324
    assert cli("value", write_profile(tmp_path, data)).exit_code == 0


# ---------------------------------------------------------------------------- 3. seeds
@pytest.mark.parametrize("args", [
    ["analyze", PROMPTLY, "--seed", "-1", "--no-store"],
    ["runway", PROMPTLY, "--seed", "-1"],
    ["forecast", DATA / "market_demo_series.csv", "--interval", "bootstrap", "--seed", "-1"],
    ["bubble", NASDAQ, "--cv", "mc", "--seed", "-1"],
    ["sector", "--demo-inputs", "--cv", "mc", "--seed", "-1", "--json"],
    ["sentiment", "train", NEWS, "--seed", "-1"],
    ["sentiment", "train", NEWS, "--seed", str(2**32)],
    ["bubble", NASDAQ, "--cv", "mc", "--seed", str(2**63)],
])
def test_a_bad_seed_is_refused_before_any_work(cli, args):
    r = cli(*args)
    assert r.exit_code == 2, r
    assert "seed" in r.stderr.lower() and "Traceback" not in r.stderr and not r.stdout.strip()


# ---------------------------------------------------------------------------- 4. unbounded work
def test_a_date_centuries_away_is_an_error_naming_the_row(cli, tmp_path):
    rows = news_rows()
    rows[10][0] = "2205-10-01"
    err = one_line(cli("sentiment", "index", write_news(tmp_path / "n.csv", rows), "--json"), 2)
    assert "row 11.date" in err and "2205-10-01" in err
    rows[10][0] = "2052-10-01"  # inside 1800-2200, but decades from the rest
    err = one_line(cli("sentiment", "index", write_news(tmp_path / "n.csv", rows), "--json"), 2)
    assert "row 11.date" in err and "7,305 days" in err
    err = one_line(cli("sector", "--demo-inputs", "--news", tmp_path / "n.csv", "--json"), 2)
    assert "row 11.date" in err


@pytest.mark.parametrize("args, needle", [
    (["analyze", PROMPTLY, "--paths", "10000000000", "--no-store"], "--paths"),
    (["bubble", NASDAQ, "--cv", "mc", "--reps", "100000000"], "--reps"),
    (["sector", "--demo-inputs", "--cv", "mc", "--reps", "100000000", "--json"], "--reps"),
])
def test_replications_and_paths_are_capped_at_parse_time(cli, args, needle):
    r = cli(*args)
    assert r.exit_code == 2 and needle in r.stderr and "Traceback" not in r.stderr, r


def test_a_huge_daily_series_is_refused_with_the_reason(cli, tmp_path):
    dates = pd.date_range("1960-01-01", periods=20_001, freq="D")
    f = tmp_path / "daily.csv"
    pd.DataFrame({"date": dates.strftime("%Y-%m-%d"), "close": range(100, 20_101)}).to_csv(f, index=False)
    err = one_line(cli("bubble", f), 2)
    assert "at most 20,000 observations" in err and "--aggregate" in err
    assert cli("bubble", f, "--aggregate", "M", "--json").exit_code == 0


def test_profiles_and_tables_have_a_size_limit(cli, tmp_path):
    data = base()
    data["sources"] = ["x" * 1_000] * 1_100  # 1.1 MB
    err = one_line(cli("validate", write_profile(tmp_path, data)), 2)
    assert "at most 1,048,576 bytes" in err
    data["sources"] = ["x" * 2_001]
    assert "sources[0]: expected at most 2,000 characters" in one_line(cli("validate", write_profile(tmp_path, data)), 2) or \
        "sources[0]: expected at most 2000 characters" in one_line(cli("validate", write_profile(tmp_path, data)), 2)
    data["sources"] = ["x"] * 1_001
    assert "sources: expected at most 1000 items" in one_line(cli("validate", write_profile(tmp_path, data)), 2)


# ---------------------------------------------------------------------------- 5. parsing edge cases
def _tz_prices(tmp_path: Path) -> Path:
    lines = [ln for ln in NASDAQ.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    for i, offset in ((5, "+08:00"), (6, "-05:00"), (7, "Z")):
        day, value = lines[i].split(",")
        lines[i] = f"{day}T12:00:00{offset},{value}"
    f = tmp_path / "tz.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_mixed_time_zone_offsets_are_converted_to_utc(cli, tmp_path):
    from goldmine.io.series import load_series

    prices = _tz_prices(tmp_path)
    s = load_series(prices)
    assert s.index.tz is None and s.index[4] == pd.Timestamp("1994-02-04 04:00") and s.index[5] == pd.Timestamp("1994-02-11 17:00")
    assert cli("bubble", prices, "--json").exit_code == 0
    assert cli("sector", "--prices", prices, "--json").exit_code == 0
    rows = news_rows()
    rows[5][0], rows[6][0] = "2024-02-01T10:00:00+08:00", "2024-02-02T10:00:00-05:00"
    news = write_news(tmp_path / "tz-news.csv", rows)
    r = cli("sentiment", "index", news, "--json")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["n_documents"] == len(rows) - 1
    r = cli("sector", "--demo-inputs", "--news", news, "--json")
    assert r.exit_code == 0 and "Traceback" not in r.stderr, r
    pillars = {p["id"]: p for p in json.loads(r.stdout)["pillars"]}
    assert all(p.get("status") != "failed" for p in pillars.values())


def test_a_huge_csv_cell_is_an_error_naming_the_line(cli, tmp_path):
    rows = news_rows()
    rows[3][1] = "x" * 12_000_000
    err = one_line(cli("sentiment", "score", "--file", write_news(tmp_path / "big.csv", rows), "--json"), 2)
    assert "line 4" in err and "100,000 characters" in err


def test_goldmine_home_pointing_at_a_file_is_an_environment_failure(cli, tmp_path, monkeypatch):
    home = tmp_path / "home-file"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("GOLDMINE_HOME", str(home))
    err = one_line(cli("startups", "list"), 3)
    assert "GOLDMINE_HOME" in err and str(home) in err


def test_an_unreachable_dask_scheduler_fails_quickly_with_exit_3(cli):
    pytest.importorskip("distributed")
    start = time.monotonic()
    err = one_line(cli("bubble", NASDAQ, "--cv", "mc", "--reps", "50", "--backend", "dask://127.0.0.1:1"), 3)
    assert time.monotonic() - start < 20 and "did not answer" in err


@pytest.mark.parametrize("spec", ["foo", "processes:0", "dask://", "tcp://host", "dask://h:99999"])
def test_unknown_backends_are_refused_at_parse_time(cli, spec):
    r = cli("bubble", NASDAQ, "--backend", spec)
    assert r.exit_code == 2 and "backend" in r.stderr and "Traceback" not in r.stderr, r


# ---------------------------------------------------------------------------- 6. silently wrong numbers
def test_update_counts_calendar_months_across_gaps(cli, tmp_path):
    lines = (EXAMPLES / "kpis" / "promptly.csv").read_text(encoding="utf-8").splitlines()
    keep = [ln for ln in lines if not ln.startswith(("2025-07", "2025-08", "2025-09"))]
    f = tmp_path / "gaps.csv"
    f.write_text("\n".join(keep) + "\n", encoding="utf-8")
    r = cli("update", f, "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert d["missing_months"] == ["2025-07", "2025-08", "2025-09"]
    assert d["cmgr"]["revenue"] == pytest.approx((72_000 / 48_500) ** (1 / 4) - 1)  # June to October: 4 months
    assert d["changes"]["revenue"] is None  # October against June is not a month-on-month change


def test_update_refuses_a_currency_profiles_refuse(cli, tmp_path):
    text = (EXAMPLES / "kpis" / "promptly.csv").read_text(encoding="utf-8").replace("# currency: USD", "# currency: ZZZ")
    f = tmp_path / "zzz.csv"
    f.write_text(text, encoding="utf-8")
    assert "# currency: expected an ISO 4217 currency code" in one_line(cli("update", f, "--json"), 2)
    assert "--currency" in one_line(cli("update", EXAMPLES / "kpis" / "promptly.csv", "--currency", "ZZZ"), 2)


@pytest.mark.parametrize("fx, needle", [("USD=2", "no rate for USD"), ("ZZZ=2", "ISO 4217")])
def test_value_refuses_nonsense_exchange_rates(cli, fx, needle):
    assert needle in one_line(cli("value", PROMPTLY, "--fx", fx), 2)


def test_duplicate_json_keys_are_refused(cli, tmp_path):
    text = json.dumps(base(), default=str).replace('"stage": "', '"stage": "seed", "stage": "', 1)
    f = tmp_path / "dup.json"
    f.write_text(text, encoding="utf-8")
    assert "'stage' again" in one_line(cli("validate", f), 2)


def test_a_duplicate_holder_in_a_plan_is_refused(cli, tmp_path):
    plan = yaml.safe_load((EXAMPLES / "plans" / "promptly.plan.yaml").read_text(encoding="utf-8"))
    plan["holders"].append(dict(plan["holders"][0]))
    f = tmp_path / "dup.plan.yaml"
    f.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    err = one_line(cli("captable", f), 2)
    assert f"holders[{len(plan['holders']) - 1}].holder" in err and "holders[0]" in err
    data = base()
    data["cap_table"]["holdings"].append(dict(data["cap_table"]["holdings"][0]))
    assert "cap_table.holdings" in one_line(cli("validate", write_profile(tmp_path, data)), 2)


def test_a_hire_after_the_horizon_is_refused(cli):
    err = one_line(cli("runway", PROMPTLY, "--hire", "999:40k"), 2)
    assert "--hire" in err and "1 to 60" in err and "999:40k" in err
    assert cli("runway", PROMPTLY, "--hire", "100:40k", "--horizon", "120", "--paths", "200").exit_code == 0


# ---------------------------------------------------------------------------- 7. the store and its backend
@pytest.mark.parametrize("changes, needle", [
    ({"identity.name.en": "x" * 201}, "identity.name.en: expected at most 200 characters"),
    ({"identity.name.en": "a\x00b"}, "identity.name.en: expected text without control characters (U+0000 is one)"),
    ({"identity.name.en": "a\nb"}, "identity.name.en: expected one line"),
    ({"identity.description": {"en": "nul \x00 here"}}, "U+0000"),
    ({"technology.providers": ["ok", "bad\x1b[31m"]}, "technology.providers: expected text without control characters"),
])
def test_names_and_characters_the_stores_cannot_keep_are_refused(cli, tmp_path, changes, needle):
    assert needle in one_line(cli("validate", write_profile(tmp_path, edited(**changes))), 2)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(request, tmp_path):
    from test_store import migrated_store

    yield from migrated_store(request.param, tmp_path, "limits.db")


def test_the_largest_valid_profile_is_stored_the_same_on_both_backends(any_store):
    """What validation lets through, both stores keep: a 200-character name, 2,000-character texts,
    Chinese, tabs and line breaks in free text; a 100-character workspace; the biggest amounts."""
    data = edited(**{"identity.name.en": "N" * 200, "identity.name.zh": "名" * 200, "financials.cash": 1e18,
                     "identity.description": {"en": "d\tx\n" * 500}})
    data["sources"] = ["s" * 2000, "来源\t说明\n第二行"]
    profile = load_profile(write_profile(Path(os.environ["GOLDMINE_HOME"]), data))
    ws = any_store.ensure_workspace("w" * 100)
    v = any_store.save_startup(ws, profile, note="n" * 2000)
    assert any_store.get_startup(ws, v.slug) == profile
    with pytest.raises(InputError):
        any_store.ensure_workspace("w" * 101)
    with pytest.raises(InputError):
        any_store.ensure_workspace("a\x00b")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused(cli, url):
    assert "in-memory" in one_line(cli("startups", "add", PROMPTLY, "--db", url), 2)


def test_workspace_and_note_limits_are_the_same_everywhere(cli, tmp_path):
    db = f"sqlite:///{tmp_path / 'w.db'}"
    assert "--workspace" in one_line(cli("startups", "add", PROMPTLY, "--db", db, "-w", "w" * 101), 2)
    assert "--note" in one_line(cli("startups", "add", PROMPTLY, "--db", db, "--note", "a\x00b"), 2)
    assert "--workspace" in one_line(cli("analyze", PROMPTLY, "--db", db, "-w", ""), 2)


def test_a_silent_server_fails_in_under_ten_seconds(cli):
    """A server that accepts TCP and never answers (the issue's 132 s): the connect timeout ends it."""
    pytest.importorskip("psycopg")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    th = threading.Thread(target=accept, daemon=True)
    th.start()
    try:
        port = server.getsockname()[1]
        start = time.monotonic()
        err = one_line(cli("startups", "list", "--db", f"postgresql+psycopg://u:secret@127.0.0.1:{port}/db"), 3)
        assert time.monotonic() - start < 10
        assert "not available" in err and "secret" not in err
    finally:
        stop.set()
        th.join()
        for c in accepted:
            c.close()
        server.close()


def test_a_read_only_database_is_an_environment_failure_and_keeps_the_reports_unwritten(cli, tmp_path):
    db = tmp_path / "ro.db"
    assert cli("startups", "add", PROMPTLY, "--db", f"sqlite:///{db}").exit_code == 0
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    assert cli("startups", "list", "--db", url).exit_code == 0  # reading works
    err = one_line(cli("startups", "add", EXAMPLES / "lingxi-cx.yaml", "--db", url), 3)
    assert "readonly" in err and "INSERT" not in err
    other = edited(**{"financials.cash": 1_234_567})
    err = one_line(cli("analyze", write_profile(tmp_path, other), "--db", url, "--paths", "100", "--format", "md",
                       "--langs", "en", "--out", tmp_path / "out"), 3)
    assert "INSERT" not in err and "1234567" not in err and "Promptly" not in err
    assert not (tmp_path / "out" / "promptly.en.md").exists()


# ---------------------------------------------------------------------------- 8. output safety
def test_markdown_and_html_reports_carry_no_raw_tag(cli, tmp_path):
    data = edited(**{"identity.name.en": "<script>alert(1)</script>",
                     "identity.description": {"en": "<iframe src=javascript:alert(1)> [x](javascript:alert(2))"}})
    data["sources"] = ["# heading\n- item | cell", "<img src=x onerror=alert(3)>"]
    old = os.umask(0o022)
    try:
        r = cli("analyze", write_profile(tmp_path, data), "--no-store", "--paths", "100", "--format", "md,html",
                "--langs", "en", "--out", tmp_path / "out")
    finally:
        os.umask(old)
    assert r.exit_code == 0, r
    md = (tmp_path / "out" / "promptly.en.md").read_text(encoding="utf-8")
    html = (tmp_path / "out" / "promptly.en.html").read_text(encoding="utf-8")
    for raw in ("<script", "<iframe", "<img src=x"):
        assert raw not in md
        assert raw not in html
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # "\[x\](...)" is text, not a link
    assert "&lt;script>alert(1)&lt;/script>" in md
    for f in (tmp_path / "out").iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o644, f  # the umask's mode, not mkstemp's 0600
    assert not [f for f in (tmp_path / "out").iterdir() if f.name.startswith(".")]


def test_markdown_escaping_of_cells_and_block_syntax():
    import importlib

    render = importlib.import_module("goldmine.report.render")
    assert render._md("# not a heading\n- nor a list") == "\\# not a heading - nor a list"
    assert render._md("1. first") == "1\\. first"
    assert render._cell("a | b") == "a \\| b"
    assert render._md("R&D &amp; <b>bold</b> a < b") == "R&D &amp;amp; &lt;b>bold&lt;/b> a < b"
    assert render._md("*x* _y_ `z` ~~s~~ [l](u)") == "\\*x\\* \\_y\\_ \\`z\\` \\~\\~s\\~\\~ \\[l\\](u)"
    assert render._code("a`b") == "``a`b``"


def test_a_failed_write_leaves_nothing(tmp_path):
    from goldmine.io.files import write_all

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(EnvironmentFailure) as info:
        write_all([(tmp_path / "a.md", "first"), (blocker / "b.md", "second")])
    assert info.value.exit_code == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # neither a.md nor a temporary file


def test_an_unwritable_output_folder_is_exit_3(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    err = one_line(cli("update", EXAMPLES / "kpis" / "promptly.csv", "--out", blocker / "out"), 3)
    assert str(blocker / "out") in err


def test_outputs_of_bubble_and_sentiment_are_written_whole_with_the_umask_mode(cli, tmp_path):
    old = os.umask(0o027)
    try:
        assert cli("bubble", NASDAQ, "--out", tmp_path / "b").exit_code == 0
        assert cli("sentiment", "index", NEWS, "--out", tmp_path / "s").exit_code == 0
        assert cli("schema", "--out", tmp_path / "schema.json").exit_code == 0
    finally:
        os.umask(old)
    files = [*(tmp_path / "b").iterdir(), *(tmp_path / "s").iterdir(), tmp_path / "schema.json"]
    assert len(files) == 6
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o640, f


def test_storage_unavailable_is_both_kinds():
    exc = StorageUnavailable("store.error.unavailable", url="u", cause="c")
    assert isinstance(exc, StorageError) and isinstance(exc, EnvironmentFailure) and exc.exit_code == 3
