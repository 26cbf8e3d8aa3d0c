"""``goldmine data update`` (issue #17, point 3) against recorded responses — no test opens a socket.

The responses in ``tests/fixtures/data_update/`` were written by hand from the documented formats
(Stooq CSV, FRED graph CSV, GDELT DOC 2.0 timeline JSON; README.md there).  They are served by an
``httpx.MockTransport``: either :func:`goldmine.io.fetch.replay_transport` (``--replay DIR``) or a
handler written here for the failures: a timeout, a 429 with ``Retry-After``, a 500 then success, a
malformed payload, and no network at all (``ConnectError``: exit 3, a clear message, nothing changed).
Waits (rate limit, back-off, ``Retry-After``) are recorded instead of slept.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import httpx
import pytest

from goldmine.errors import EnvironmentFailure
from goldmine.io import fetch
from goldmine.io.fetch import (
    USER_AGENT,
    HttpClient,
    HttpPolicy,
    replay_name,
    replay_transport,
    retry_after,
)
from goldmine.pipeline.data import plan_update
from goldmine.pipeline.settings import DataSettings

FIXTURES = Path(__file__).parent / "fixtures" / "data_update"
SETTINGS = DataSettings.default()
OFFLINE = "cannot reach stooq.com: [Errno -3] Temporary failure in name resolution (goldmine data update needs the network; " \
          "everything else works offline)"


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Any attempt to resolve or connect to a host other than this machine fails the test."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("localhost", "127.0.0.1", "::1", None):
            raise AssertionError(f"a test tried to resolve {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self, address):
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"a test tried to connect to {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)


class Waits:
    """Records the waits instead of sleeping; the clock moves by what was waited."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.now = 1000.0

    def sleep(self, s: float) -> None:
        self.seconds.append(round(s, 6))
        self.now += s

    def clock(self) -> float:
        return self.now


@pytest.fixture
def waits(monkeypatch) -> Waits:
    w = Waits()
    monkeypatch.setattr(fetch, "pause", w.sleep)
    monkeypatch.setattr(fetch, "now", w.clock)
    return w


def recorded(request: httpx.Request) -> httpx.Response:
    """The hand-written recording of a request (as ``--replay`` serves it)."""
    name = replay_name(request)
    kind = "application/json" if name.endswith(".json") else "text/csv"
    return httpx.Response(200, content=(FIXTURES / name).read_bytes(), headers={"content-type": kind})


def serve(monkeypatch, handler) -> list[httpx.Request]:
    """Route every request of the CLI through ``handler``; returns the requests seen."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    monkeypatch.setattr(fetch, "default_transport", lambda: httpx.MockTransport(handle))
    return seen


def policy(**changes) -> HttpPolicy:
    base = HttpPolicy.from_settings(SETTINGS)
    return HttpPolicy(**{**base.__dict__, **changes})


def client(handler, waits: Waits, **changes) -> HttpClient:
    return HttpClient(policy(**changes), transport=httpx.MockTransport(handler), sleep=waits.sleep, clock=waits.clock)


STOOQ = "https://stooq.com/q/d/l/"


# --------------------------------------------------------------------------- the client: retries, back-off, 429, rate limit
def test_timeout_then_success_backs_off_once(waits):
    calls = []

    def handler(request):
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ReadTimeout("timed out", request=request)
        return recorded(request)

    with client(handler, waits) as c:
        r = c.get(STOOQ, {"s": "nvda.us", "i": "d"})
    assert r.status_code == 200 and len(calls) == 2 and waits.seconds == [1.0]


def test_timeouts_every_time_fail_after_the_retries(waits):
    def handler(request):
        raise httpx.ConnectTimeout("timed out", request=request)

    with client(handler, waits) as c, pytest.raises(EnvironmentFailure) as err:
        c.get(STOOQ, {"s": "nvda.us"})
    assert err.value.key == "data.error.timeout" and err.value.exit_code == 3
    assert err.value.message("en") == "stooq.com did not answer within 30 s, 4 attempts; nothing was changed for this series"
    assert waits.seconds == [1.0, 2.0, 4.0]  # exponential back-off between the 4 attempts


def test_429_waits_what_retry_after_says(waits):
    answers = [httpx.Response(429, headers={"Retry-After": "7"}), None]

    def handler(request):
        return answers.pop(0) or recorded(request)

    with client(handler, waits) as c:
        assert c.get(STOOQ, {"s": "nvda.us"}).status_code == 200
    assert waits.seconds == [7.0]


def test_429_with_an_http_date_and_one_asking_too_long(waits):
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 25 <= retry_after(later, 1.0) <= 30
    assert retry_after("soon", 2.0) == 2.0 and retry_after(None, 3.0) == 3.0

    def handler(request):
        return httpx.Response(429, headers={"Retry-After": "3600"})

    with client(handler, waits) as c, pytest.raises(EnvironmentFailure) as err:
        c.get(STOOQ, {"s": "nvda.us"})
    assert err.value.key == "data.error.rate_limited" and err.value.params["seconds"] == 3600
    assert waits.seconds == []  # more than max_retry_after_s: not waited, reported


def test_500_then_success_and_persistent_5xx(waits):
    answers = [httpx.Response(500), None]

    def flaky(request):
        return answers.pop(0) or recorded(request)

    with client(flaky, waits) as c:
        assert c.get(STOOQ, {"s": "nvda.us"}).status_code == 200
    assert waits.seconds == [1.0]
    with client(lambda r: httpx.Response(503), waits, retries=2) as c, pytest.raises(EnvironmentFailure) as err:
        c.get(STOOQ, {"s": "nvda.us"})
    assert err.value.key == "data.error.server" and err.value.params == {"host": "stooq.com", "status": 503, "attempts": 3}


def test_404_is_not_retried(waits):
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(404)

    with client(handler, waits) as c, pytest.raises(EnvironmentFailure) as err:
        c.get(STOOQ, {"s": "nvda.us"})
    assert err.value.key == "data.error.http" and len(calls) == 1


def test_no_network_is_reported_at_once(waits):
    def handler(request):
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    with client(handler, waits) as c, pytest.raises(EnvironmentFailure) as err:
        c.get(STOOQ, {"s": "nvda.us"})
    assert err.value.message("en") == OFFLINE and waits.seconds == []
    assert "无法连接 stooq.com" in err.value.message("zh") and "其余功能均可离线使用" in err.value.message("zh")


def test_user_agent_names_goldmine_and_requests_are_spaced(waits):
    seen = []

    def handler(request):
        seen.append(request)
        return recorded(request)

    with client(handler, waits) as c:
        c.get(STOOQ, {"s": "nvda.us", "i": "d"})
        c.get(STOOQ, {"s": "amd.us", "i": "d"})
        c.get("https://fred.stlouisfed.org/graph/fredgraph.csv", {"id": "DGS10"})
    assert all(r.headers["User-Agent"] == USER_AGENT for r in seen) and USER_AGENT.startswith("goldmine/")
    assert waits.seconds == [1.0]  # one interval between the two Stooq requests; FRED is another host


# --------------------------------------------------------------------------- planning
def test_plan_defaults_and_symbols():
    plan = plan_update(SETTINGS)
    assert [t.provider for t in plan].count("stooq") == len(SETTINGS.price_symbols)
    assert {t.name for t in plan} >= {"NVDA", "SOXX", "NASDAQCOM", "DGS10", "gdelt-tone-ai"}
    nvda = plan[0]
    assert (nvda.name, nvda.remote, nvda.since) == ("NVDA", "nvda.us", None)
    custom = plan_update(SETTINGS, "prices", ("asml", "tsm.us"), dt.date(2025, 1, 1))
    assert [(t.name, t.remote) for t in custom] == [("ASML", "asml.us"), ("TSM", "tsm.us")] and custom[0].merge
    news = plan_update(SETTINGS, "news", ('"generative AI"',))
    assert news[0].name == "gdelt-tone-generative-ai" and news[0].merge


# --------------------------------------------------------------------------- the command, against recordings
def update(cli, *args):
    return cli("data", "update", *args)


def stored(cli) -> dict:
    return {s["name"]: s for s in json.loads(cli("data", "list", "--json").stdout)["series"]}


def test_update_everything_from_recordings(cli, monkeypatch, waits):
    seen = serve(monkeypatch, recorded)
    r = update(cli, "--only", "prices", "--symbols", "NVDA,AMD", "--json")
    assert r.exit_code == 0, r
    doc = json.loads(r.stdout)
    assert doc["counts"] == {"created": 2, "unchanged": 0, "failed": 0} and doc["exit_code"] == 0
    nvda = doc["series"][0]
    assert nvda["status"] == "created" and nvda["series"]["rows"] == 7 and nvda["series"]["last_date"] == "2025-12-31"
    assert nvda["series"]["source"] == "Stooq, daily prices CSV (https://stooq.com/q/d/l/?s=nvda.us&i=d)"
    assert nvda["series"]["origin"] == "https://stooq.com/q/d/l/?s=nvda.us&i=d"
    assert [str(q.url) for q in seen] == ["https://stooq.com/q/d/l/?s=nvda.us&i=d", "https://stooq.com/q/d/l/?s=amd.us&i=d"]
    assert waits.seconds == [1.0]  # the rate limit between the two Stooq requests
    again = json.loads(update(cli, "--only", "prices", "--symbols", "NVDA,AMD", "--json").stdout)
    assert again["counts"] == {"created": 0, "unchanged": 2, "failed": 0}  # the same content: no new version


def test_update_macro_and_news(cli, monkeypatch, waits):
    seen = serve(monkeypatch, recorded)
    assert update(cli, "--only", "macro", "--symbols", "DGS10,NASDAQCOM").exit_code == 0
    r = update(cli, "--only", "news")
    assert r.exit_code == 0, r
    series = stored(cli)
    assert series["DGS10"]["rows"] == 7 and series["DGS10"]["missing"] == 1 and series["DGS10"]["kind"] == "macro"
    assert series["gdelt-tone-ai"]["kind"] == "news" and series["gdelt-tone-ai"]["rows"] == 8
    gdelt = seen[-1].url
    assert gdelt.host == "api.gdeltproject.org" and gdelt.params["mode"] == "timelinetone" and gdelt.params["format"] == "json"
    assert gdelt.params["query"] == '"artificial intelligence"' and gdelt.params["timespan"] == "3months"


def test_no_network_exits_3_and_changes_nothing(cli, monkeypatch, waits, tmp_path):
    serve(monkeypatch, recorded)
    assert update(cli, "--only", "prices", "--symbols", "NVDA").exit_code == 0
    before = cli("data", "list", "--json").stdout

    def offline(request):
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    serve(monkeypatch, offline)
    r = update(cli)
    assert r.exit_code == 3
    assert r.stderr.strip() == f"error: {OFFLINE}"
    assert cli("data", "list", "--json").stdout == before
    json_run = update(cli, "--json")
    assert json_run.exit_code == 3 and json_run.stdout == "" and OFFLINE in json_run.stderr


def test_malformed_payloads_fail_their_series_only(cli, monkeypatch, waits):
    serve(monkeypatch, recorded)
    assert update(cli, "--only", "prices", "--symbols", "NVDA").exit_code == 0
    before = stored(cli)["NVDA"]
    r = update(cli, "--only", "prices", "--symbols", "broken,AMD", "--json")
    assert r.exit_code == 3
    doc = json.loads(r.stdout)
    broken, amd = doc["series"]
    assert broken["status"] == "failed" and broken["error"]["key"] == "data.error.malformed"
    assert broken["error"]["params"]["host"] == "stooq.com" and broken["error"]["exit_code"] == 3
    assert amd["status"] == "created"
    assert stored(cli)["NVDA"] == before and "BROKEN" not in stored(cli)
    text = update(cli, "--only", "news", "--symbols", '"generative AI"')
    assert text.exit_code == 3
    assert ("error: gdelt-tone-generative-ai: api.gdeltproject.org sent a response that is not GDELT timeline JSON "
            "(not JSON: ") in text.stderr


@pytest.mark.parametrize("body, kind, key", [
    ('{"timeline": [{"series": "Average Tone", "data": [{"date": "yesterday", "value": 1}]}]}', "application/json", "data.error.malformed"),
    ('{"results": []}', "application/json", "data.error.malformed"),
    ("Your search contained a phrase that was too short.", "text/html", "data.error.service"),
    ("Exceeded the daily hits limit", "text/csv", "data.error.quota"),
])
def test_other_bad_payloads(cli, monkeypatch, waits, body, kind, key):
    serve(monkeypatch, lambda request: httpx.Response(200, text=body, headers={"content-type": kind}))
    only = "prices" if "hits" in body else "news"
    r = update(cli, "--only", only, "--json")
    assert r.exit_code == 3
    assert [s["error"]["key"] for s in json.loads(r.stdout)["series"]][0] == key


def test_timeout_429_and_500_through_the_command(cli, monkeypatch, waits):
    counts: dict[str, int] = {}

    def handler(request):
        s = request.url.params.get("s", "")
        counts[s] = counts.get(s, 0) + 1
        if s == "nvda.us":
            raise httpx.ReadTimeout("timed out", request=request)
        if s == "amd.us" and counts[s] == 1:
            return httpx.Response(429, headers={"Retry-After": "5"})
        if s == "soxx.us" and counts[s] == 1:
            return httpx.Response(500)
        return recorded(request) if s != "soxx.us" else httpx.Response(200, text=(FIXTURES / "stooq-amd.us.csv").read_text())

    serve(monkeypatch, handler)
    r = update(cli, "--only", "prices", "--symbols", "NVDA,AMD,SOXX", "--json")
    assert r.exit_code == 3
    status = {s["name"]: (s["status"], s["error"]["key"] if s["error"] else None) for s in json.loads(r.stdout)["series"]}
    assert status == {"NVDA": ("failed", "data.error.timeout"), "AMD": ("created", None), "SOXX": ("created", None)}
    assert counts == {"nvda.us": 4, "amd.us": 2, "soxx.us": 2}
    assert 5.0 in waits.seconds and [1.0, 2.0, 4.0] == waits.seconds[:3]


def test_unknown_symbol_exits_2(cli, monkeypatch, waits):
    serve(monkeypatch, recorded)
    r = update(cli, "--only", "prices", "--symbols", "nosuch")
    assert r.exit_code == 2
    assert "error: NOSUCH: --symbols: expected a symbol stooq has data for, found 'nosuch.us'" in r.stderr


def test_since_splices_onto_the_stored_prices_rescaled_by_the_overlap(cli, monkeypatch, waits, tmp_path):
    """Stored NVDA on a pre-split basis (twice the price); the fetched window overlaps it by three days:
    the stored rows are rescaled by 0.5, the fetched ones kept, the overlap reported."""
    rows = ["Date,Open,High,Low,Close,Volume"]
    for day, close in [("2025-12-17", 360.0), ("2025-12-18", 362.0), ("2025-12-19", 366.0), ("2025-12-22", 368.04),
                       ("2025-12-23", 373.8), ("2025-12-24", 375.22)]:
        rows.append(f"{day},{close},{close},{close},{close},1000")
    (tmp_path / "old.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli("data", "import", str(tmp_path / "old.csv"), "--format", "stooq", "--symbol", "NVDA").exit_code == 0
    seen = serve(monkeypatch, recorded)
    r = update(cli, "--only", "prices", "--symbols", "NVDA", "--since", "2025-12-22", "--json")
    assert r.exit_code == 0, r
    (nvda,) = json.loads(r.stdout)["series"]
    assert nvda["stitch"]["basis"] == "overlap" and nvda["stitch"]["overlap_rows"] == 3
    assert nvda["stitch"]["factor"] == pytest.approx(0.5) and nvda["stitch"]["overlap_start"] == "2025-12-22"
    assert nvda["series"]["version"] == 2 and nvda["series"]["rows"] == 10 and nvda["series"]["first_date"] == "2025-12-17"
    assert seen[0].url.params["d1"] == "20251222"
    show = json.loads(cli("data", "show", "NVDA", "--rows", "10", "--json").stdout)
    assert show["last"][0] == {"date": "2025-12-17", "open": 180.0, "high": 180.0, "low": 180.0, "close": 180.0, "volume": 2000.0}


def test_since_reports_the_gap_and_refuses_another_provider(cli, monkeypatch, waits, tmp_path):
    (tmp_path / "old.csv").write_text("Date,Open,High,Low,Close,Volume\n2025-11-03,200,201,199,200,10\n", encoding="utf-8")
    cli("data", "import", str(tmp_path / "old.csv"), "--format", "stooq", "--symbol", "NVDA")
    serve(monkeypatch, recorded)
    r = update(cli, "--only", "prices", "--symbols", "NVDA", "--since", "2025-12-01")
    assert r.exit_code == 0, r
    assert "NVDA: no observation on 34 weekdays from 2025-11-04 to 2025-12-19 between the stored and the fetched rows" in r.stderr
    yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n2025-11-03,200,201,199,200,200,10\n"
    (tmp_path / "y.csv").write_text(yahoo, encoding="utf-8")
    cli("data", "import", str(tmp_path / "y.csv"), "--format", "yahoo", "--symbol", "AMD")
    before = stored(cli)["AMD"]
    other = update(cli, "--only", "prices", "--symbols", "AMD", "--since", "2025-12-01")
    assert other.exit_code == 2 and "a stored series from stooq to splice onto" in other.stderr
    assert stored(cli)["AMD"] == before


def test_bad_options_exit_2_before_any_request(cli, monkeypatch, waits, tmp_path):
    seen = serve(monkeypatch, recorded)
    for args, message in [(("--symbols", "NVDA"), "--symbols: expected --only prices, macro or news with --symbols"),
                          (("--only", "bonds"), "--only: expected one of prices, news, macro, found 'bonds'"),
                          (("--since", "2025-13-01"), "--since: expected a date written YYYY-MM-DD"),
                          (("--only", "macro", "--symbols", "DGS 10"), "--symbols: expected a symbol"),
                          (("--replay", str(tmp_path / "none")), "--replay: expected a folder of recorded responses")]:
        r = update(cli, *args)
        assert r.exit_code == 2 and message in r.stderr, (args, r)
    assert seen == []


def test_replay_folder_serves_recordings_and_names_a_missing_one(cli, tmp_path):
    r = update(cli, "--only", "macro", "--symbols", "NASDAQCOM", "--replay", str(FIXTURES), "--json")
    assert r.exit_code == 0, r
    info = json.loads(r.stdout)["series"][0]["series"]
    assert info["rows"] == 6 and info["source"].endswith("; replayed from the recorded response fred-NASDAQCOM.csv")
    missing = update(cli, "--only", "macro", "--symbols", "UNRATE", "--replay", str(FIXTURES))
    assert missing.exit_code == 3 and f"no recorded response fred-UNRATE.csv in {FIXTURES}" in missing.stderr


def test_replay_transport_names():
    t = replay_transport(FIXTURES)
    with httpx.Client(transport=t) as c:
        r = c.get("https://api.gdeltproject.org/api/v2/doc/doc", params={"query": '"artificial intelligence"'})
    assert r.status_code == 200 and r.extensions["goldmine_replay"] == "gdelt-artificial-intelligence.json"


def test_update_json_is_the_same_in_both_languages(cli, monkeypatch, waits, tmp_path):
    docs = {}
    for lang in ("en", "zh"):
        monkeypatch.setenv("GOLDMINE_HOME", str(tmp_path / lang))
        serve(monkeypatch, recorded)
        r = cli("--lang", lang, "data", "update", "--only", "prices", "--symbols", "NVDA,broken", "--json")
        assert r.exit_code == 3
        doc = json.loads(r.stdout)
        for s in doc["series"]:
            if s["series"]:
                s["series"].pop("saved_at")
        docs[lang] = doc
    assert docs["en"] == docs["zh"]
