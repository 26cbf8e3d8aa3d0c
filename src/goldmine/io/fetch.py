"""The HTTP client of ``goldmine data update`` (issue #17): fresh public series, on request only.

Nothing in goldmine downloads at import time, in the demo or in the tests; this module is used by
``goldmine data update`` alone, which a user runs on purpose.

* :class:`HttpClient` — httpx with a timeout per request (connect and read), a ``User-Agent`` naming
  goldmine (:data:`USER_AGENT`), at least an interval between two requests to one host (a rate
  limit), and retries with exponential back-off after a timeout, a dropped connection or a 5xx;
  a 429's ``Retry-After`` (seconds or an HTTP date; RFC 9110 §10.2.3, RFC 6585 §4) is waited out up to
  a limit.  A host that cannot be reached at all is an
  :class:`~goldmine.errors.EnvironmentFailure` at once (exit 3: "cannot reach stooq.com: ...
  (goldmine data update needs the network; everything else works offline)").
* :func:`fetch_series` — one :class:`~goldmine.pipeline.data.UpdateTarget` from its provider, parsed
  into goldmine's series schema:

  - **Stooq** daily CSV, ``https://stooq.com/q/d/l/?s=nvda.us&i=d`` (``d1=YYYYMMDD`` from
    ``--since``): ``Date,Open,High,Low,Close,Volume``; the body ``No data`` for an unknown symbol and
    ``Exceeded the daily hits limit`` when Stooq's daily quota is spent;
  - **FRED** graph CSV, ``https://fred.stlouisfed.org/graph/fredgraph.csv?id=SERIES`` (``cosd=`` from
    ``--since``): ``observation_date`` (formerly ``DATE``) and the series id; ``.`` or empty for a
    missing value;
  - **GDELT** DOC 2.0 API, ``https://api.gdeltproject.org/api/v2/doc/doc?query=...&mode=timelinetone
    &format=json`` (``timespan`` from the settings, or ``startdatetime`` from ``--since``; The GDELT
    Project, "GDELT DOC 2.0 API Debuts", 2017-04): ``{"timeline": [{"series": "Average Tone", "data":
    [{"date": "20250115T000000Z", "value": 0.74}, ...]}]}``, averaged per day; an error comes back
    as plain text or HTML.

  A response that cannot be read as its documented format is ``data.error.malformed`` (exit 3),
  naming the host and the first problem.
* :func:`replay_transport` — answers each request with a recorded response from a folder
  (``stooq-nvda.us.csv``, ``fred-DGS10.csv``, ``gdelt-artificial-intelligence.json``):
  ``goldmine data update --replay DIR`` is then reproducible offline, and the tests replay hand-made
  recordings of the documented formats without opening a socket.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import numpy as np
import pandas as pd

from goldmine import __version__
from goldmine.errors import EnvironmentFailure, InputError, Problem
from goldmine.i18n.messages import Message
from goldmine.io.importers import parse_series_text
from goldmine.market.series_ops import MarketSeries
from goldmine.pipeline.data import Fetched, UpdateTarget
from goldmine.pipeline.settings import DataSettings

USER_AGENT = f"goldmine/{__version__} (open-source AI investment analytics; goldmine data update)"
ENDPOINTS = {
    "stooq": "https://stooq.com/q/d/l/",
    "fred": "https://fred.stlouisfed.org/graph/fredgraph.csv",
    "gdelt": "https://api.gdeltproject.org/api/v2/doc/doc",
}
SOURCES = {
    "stooq": "Stooq, daily prices CSV (https://stooq.com/q/d/l/?s={remote}&i=d)",
    "fred": "FRED, Federal Reserve Bank of St. Louis, series {remote} (https://fred.stlouisfed.org/series/{remote})",
    "gdelt": "The GDELT Project, DOC 2.0 API timeline tone of {remote} (https://api.gdeltproject.org/api/v2/doc/doc)",
}
LICENCES = {
    "stooq": "Stooq terms of use (https://stooq.com); for reference and research",
    "fred": "FRED terms of use (https://fred.stlouisfed.org/legal/); each series' notes name its copyright holder",
    "gdelt": "GDELT: free and open for any use with attribution to the GDELT Project (https://www.gdeltproject.org/about.html)",
}
FORMATS = {"stooq": "Stooq CSV", "fred": "FRED CSV", "gdelt": "GDELT timeline JSON"}


def default_transport() -> httpx.BaseTransport | None:
    """The transport of a real update: ``None``, httpx's own (the network).  Tests replace it."""
    return None


def pause(seconds: float) -> None:
    """Wait (a rate limit, a back-off, a ``Retry-After``); tests replace it to record the waits."""
    time.sleep(seconds)


def now() -> float:
    """The clock of the rate limit (monotonic seconds); tests replace it with one that moves as they wait."""
    return time.monotonic()


# ------------------------------------------------------------------------------------------ client
@dataclass(frozen=True)
class HttpPolicy:
    """Timeouts, retries, back-off and per-host intervals (from :class:`DataSettings`)."""

    timeout_s: float
    connect_timeout_s: float
    retries: int
    backoff_s: float
    max_backoff_s: float
    max_retry_after_s: float
    intervals: Mapping[str, float]

    @classmethod
    def from_settings(cls, s: DataSettings, rate_limit: bool = True) -> HttpPolicy:
        hosts = {urlsplit(ENDPOINTS[p]).hostname or p: getattr(s, f"{p}_interval_s") for p in ENDPOINTS}
        return cls(s.timeout_s, s.connect_timeout_s, s.retries, s.backoff_s, s.max_backoff_s, s.max_retry_after_s,
                   hosts if rate_limit else {})


class HttpClient:
    """GET with timeouts, retries, back-off, ``Retry-After`` and a rate limit per host (module docstring)."""

    def __init__(self, policy: HttpPolicy, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] | None = None, clock: Callable[[], float] | None = None):
        self.policy = policy
        self._sleep = sleep if sleep is not None else pause
        self._clock = clock if clock is not None else now
        self._last: dict[str, float] = {}
        timeout = httpx.Timeout(policy.timeout_s, connect=policy.connect_timeout_s)
        self._client = httpx.Client(transport=transport, timeout=timeout, headers={"User-Agent": USER_AGENT},
                                    follow_redirects=True)

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def _wait_turn(self, host: str) -> None:
        interval = self.policy.intervals.get(host, 0.0)
        last = self._last.get(host)
        if last is not None and interval > 0:
            wait = interval - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _backoff(self, attempt: int) -> float:
        return float(min(self.policy.backoff_s * 2.0 ** (attempt - 1), self.policy.max_backoff_s))

    def get(self, url: str, params: Mapping[str, str] | None = None) -> httpx.Response:
        """The response of a successful GET (2xx); every failure is a keyed
        :class:`~goldmine.errors.EnvironmentFailure` naming the host (or a :class:`GoldmineError` of
        the transport, such as a missing recording)."""
        host = urlsplit(url).hostname or url
        attempts = self.policy.retries + 1
        for attempt in range(1, attempts + 1):
            self._wait_turn(host)
            last_try = attempt == attempts
            try:
                response = self._client.get(url, params=dict(params or {}))
            except httpx.ConnectError as exc:
                raise EnvironmentFailure("data.error.unreachable", host=host, cause=_cause(exc)) from exc
            except httpx.TimeoutException as exc:
                if last_try:
                    raise EnvironmentFailure("data.error.timeout", host=host, seconds=_num(self.policy.timeout_s),
                                             attempts=attempts) from exc
                self._sleep(self._backoff(attempt))
                continue
            except httpx.TransportError as exc:  # a dropped connection, a broken response
                if last_try:
                    raise EnvironmentFailure("data.error.transport", host=host, cause=_cause(exc), attempts=attempts) from exc
                self._sleep(self._backoff(attempt))
                continue
            status = response.status_code
            if status == 429:
                wait = retry_after(response.headers.get("Retry-After"), self._backoff(attempt))
                if last_try or wait > self.policy.max_retry_after_s:
                    raise EnvironmentFailure("data.error.rate_limited", host=host, seconds=_num(wait), attempts=attempt)
                self._sleep(wait)
                continue
            if status >= 500:
                if last_try:
                    raise EnvironmentFailure("data.error.server", host=host, status=status, attempts=attempts)
                self._sleep(self._backoff(attempt))
                continue
            if status >= 400:
                raise EnvironmentFailure("data.error.http", host=host, status=status)
            return response
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def retry_after(header: str | None, default: float) -> float:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date; ``default``
    when there is none or it cannot be read."""
    if header is None or not header.strip():
        return default
    text = header.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _cause(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)


# ------------------------------------------------------------------------------------------ providers
def request_of(target: UpdateTarget, settings: DataSettings) -> tuple[str, dict[str, str]]:
    """The URL and query parameters that fetch ``target`` (module docstring)."""
    since = target.since
    if target.provider == "stooq":
        params = {"s": target.remote, "i": "d"}
        if since is not None:
            params["d1"] = since.strftime("%Y%m%d")
            params["d2"] = dt.date.today().strftime("%Y%m%d")
        return ENDPOINTS["stooq"], params
    if target.provider == "fred":
        params = {"id": target.remote}
        if since is not None:
            params["cosd"] = since.isoformat()
        return ENDPOINTS["fred"], params
    params = {"query": target.remote, "mode": "timelinetone", "format": "json"}
    if since is not None:
        params["startdatetime"] = since.strftime("%Y%m%d000000")
    else:
        params["timespan"] = settings.news_timespan
    return ENDPOINTS["gdelt"], params


def fetch_series(client: HttpClient, target: UpdateTarget, settings: DataSettings) -> Fetched:
    """Fetch and parse one target; the source and licence texts to store come with it."""
    url, params = request_of(target, settings)
    response = client.get(url, params)
    origin = str(response.request.url)
    host = urlsplit(url).hostname or url
    if target.provider == "gdelt":
        series = _gdelt(response, target, host, origin)
    else:
        series = _csv(response, target, host, origin)
    source = SOURCES[target.provider].format(remote=target.remote)
    replayed = response.extensions.get("goldmine_replay")
    if replayed:
        source += f"; replayed from the recorded response {replayed}"
    return Fetched(series=series, source=source, licence=LICENCES[target.provider])


def _unknown(target: UpdateTarget) -> InputError:
    return InputError(None, [Problem("--symbols", "data.expected.known_symbol", target.remote,
                                     params={"provider": target.provider})])


def _malformed(host: str, target: UpdateTarget, problem: Problem | None, found: str | None = None) -> EnvironmentFailure:
    if problem is not None:
        detail = Message("data.detail.problem", {"where": problem.path or "-", "expected": Message(problem.expected, dict(problem.params)),
                                                 "found": str(problem.found)})
    else:
        detail = Message("data.detail.text", {"found": found or ""})
    return EnvironmentFailure("data.error.malformed", host=host, format=FORMATS[target.provider], detail=detail)


def _csv(response: httpx.Response, target: UpdateTarget, host: str, origin: str) -> MarketSeries:
    text = response.text
    head = text.strip()[:200]
    if not head or head.lower().startswith("no data"):
        raise _unknown(target)
    if "exceeded the daily hits limit" in head.lower():
        raise EnvironmentFailure("data.error.quota", host=host)
    fmt = "stooq" if target.provider == "stooq" else "fred"
    try:
        series = parse_series_text(text, fmt, origin, symbol=target.symbol, origin=origin)
    except InputError as exc:
        raise _malformed(host, target, exc.problems[0] if exc.problems else None) from exc
    return series


def _gdelt(response: httpx.Response, target: UpdateTarget, host: str, origin: str) -> MarketSeries:
    """The tone timeline as a daily ``value`` series (the mean of a day's points)."""
    kind = response.headers.get("content-type", "")
    text = response.text
    if "json" not in kind and not text.lstrip().startswith("{"):
        raise EnvironmentFailure("data.error.service", host=host, message=_first_line(text))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _malformed(host, target, None, f"not JSON: {exc.msg} (character {exc.pos})") from exc
    points = _timeline_points(doc, host, target)
    if not points:
        raise InputError(None, [Problem("--symbols", "data.expected.results", target.remote, params={"provider": "gdelt"})])
    days, values = [], []
    for i, p in enumerate(points):
        when = p.get("date") if isinstance(p, dict) else None
        value = p.get("value") if isinstance(p, dict) else None
        stamp = _gdelt_time(when)
        if stamp is None or not isinstance(value, int | float) or isinstance(value, bool) or not np.isfinite(value):
            raise _malformed(host, target, None, f"timeline[0].data[{i}] = {json.dumps(p)[:80]}")
        days.append(stamp.normalize())
        values.append(float(value))
    frame = pd.DataFrame({"value": values}, index=pd.DatetimeIndex(days, name="date")).groupby(level=0).mean()
    frame.index = pd.DatetimeIndex(frame.index, name="date").as_unit("ns")
    return MarketSeries(frame=frame, format="gdelt", kind="news", symbol=target.symbol, origin=origin)


def _timeline_points(doc: Any, host: str, target: UpdateTarget) -> list[Any]:
    timeline = doc.get("timeline") if isinstance(doc, dict) else None
    if not isinstance(timeline, list):
        raise _malformed(host, target, None, "no timeline list")
    if not timeline:
        return []
    first = timeline[0]
    data = first.get("data") if isinstance(first, dict) else None
    if not isinstance(data, list):
        raise _malformed(host, target, None, "timeline[0] has no data list")
    return data


_GDELT_TIME = re.compile(r"^(\d{8})T?(\d{6})?Z?$")


def _gdelt_time(value: Any) -> pd.Timestamp | None:
    if not isinstance(value, str):
        return None
    m = _GDELT_TIME.match(value.strip())
    if not m:
        return None
    try:
        return pd.Timestamp(dt.datetime.strptime(m.group(1) + (m.group(2) or "000000"), "%Y%m%d%H%M%S"))
    except ValueError:
        return None


def _first_line(text: str) -> str:
    plain = re.sub(r"<[^>]+>", " ", text)
    line = next((x.strip() for x in plain.splitlines() if x.strip()), "")
    return line if len(line) <= 200 else line[:197] + "..."


# ------------------------------------------------------------------------------------------ replay
def replay_name(request: httpx.Request) -> str:
    """The file holding the recorded response to ``request``: ``stooq-<s>.csv``, ``fred-<id>.csv``,
    ``gdelt-<query as a slug>.json``."""
    host = request.url.host
    q = request.url.params
    if host.endswith("stooq.com"):
        return f"stooq-{q.get('s', '')}.csv"
    if host.endswith("stlouisfed.org"):
        return f"fred-{q.get('id', '')}.csv"
    slug = re.sub(r"[^a-z0-9]+", "-", q.get("query", "").lower()).strip("-") or "query"
    return f"gdelt-{slug}.json"


def replay_transport(folder: str | Path) -> httpx.MockTransport:
    """A transport answering every request with the recorded response in ``folder``
    (:func:`replay_name`), status 200; a request without a recording is
    ``data.error.replay_missing`` (exit 3)."""
    root = Path(folder)

    def handle(request: httpx.Request) -> httpx.Response:
        name = replay_name(request)
        path = root / name
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise EnvironmentFailure("data.error.replay_missing", file=name, folder=str(root)) from exc
        kind = "application/json" if name.endswith(".json") else "text/csv"
        return httpx.Response(200, content=body, headers={"content-type": kind},
                              extensions={"goldmine_replay": name})

    return httpx.MockTransport(handle)


def client_for(settings: DataSettings, replay: str | Path | None = None) -> HttpClient:
    """The client of one ``data update`` run: the network (rate-limited), or the recordings of ``replay``."""
    if replay is not None:
        return HttpClient(HttpPolicy.from_settings(settings, rate_limit=False), transport=replay_transport(replay))
    return HttpClient(HttpPolicy.from_settings(settings), transport=default_transport())


__all__ = ["USER_AGENT", "HttpClient", "HttpPolicy", "client_for", "fetch_series", "replay_transport",
           "request_of", "retry_after"]
