"""Benchmark: the HTTP API under load, on loopback (issue #18, "Load").

Run:  .venv/bin/python benchmarks/api_load.py [--seconds 60] [--clients 50] [--runs 20] [--paths 2000]
                                              [--workers 2] [--warmup 5] [--no-docs]

What it does (it stops by itself; nothing leaves this machine):

* starts ``goldmine serve --host 127.0.0.1 --port P --db sqlite:///TMP/load.db --workers W`` (the
  real command, uvicorn, ``--workers`` processes, 2 by default: one per core of this machine) on a
  free port with a new SQLite database in a temporary folder;
* creates a user, an API token and a workspace (:mod:`goldmine.api.accounts`, as ``goldmine users
  create`` does), uploads the six bundled example profiles and runs one due-diligence analysis to
  the end (``--paths`` Monte Carlo paths, seed 1);
* **reads**: ``--clients`` concurrent clients (each one keep-alive connection, :class:`RawClient`, on
  asyncio, with uvloop when installed) loop for
  ``--seconds`` over the workspace's startups list, the six startup pages and the stored run's
  Markdown report; after ``--warmup`` seconds (5; not recorded: each server process imports the
  report code and renders the report once on its first requests), every request's latency and
  status is recorded (an error is any answer but 200, or no answer);
* **runs**: ``--runs`` due-diligence runs (``--paths`` paths each) are submitted at once while the
  same readers go on; every job is polled until done or failed; none may be lost (each job done, each
  with its own stored run, the startups' run lists grown by exactly ``--runs``). The readers' latency
  during the runs is recorded apart.

The load generator runs on the same machine as the server (2 shared cores here), so latencies include
the clients' own time. The target of the issue: p95 < 200 ms and no errors, with 50 clients for 60 s.
Writes the region ``api-load`` of docs/benchmarks.md unless ``--no-docs`` (or a run shorter than 60 s).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from docs_table import ROOT, load, markdown_table, write_region

from goldmine.api import accounts
from goldmine.store import Store

EXAMPLES = ROOT / "src" / "goldmine" / "examples"
DOC_REGIONS = ("api-load",)
TARGET_P95_MS = 200.0
PASSWORD = "load test password"


@dataclass
class Samples:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    started: float = 0.0
    ended: float = 0.0

    def add(self, seconds: float, ok: bool) -> None:
        self.latencies.append(seconds)
        self.errors += 0 if ok else 1

    def quantile(self, q: float) -> float:
        data = sorted(self.latencies)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, int(q * len(data)))] * 1000

    @property
    def seconds(self) -> float:
        return self.ended - self.started

    def row(self, label: str, clients: int) -> list[str]:
        n = len(self.latencies)
        return [label, str(clients), f"{self.seconds:.0f} s", f"{n:,}", f"{n / self.seconds:.0f}",
                f"{self.quantile(0.50):.0f} ms", f"{self.quantile(0.95):.0f} ms", f"{self.quantile(0.99):.0f} ms",
                str(self.errors)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(url: str) -> tuple[int, str]:
    """The database with a user, a workspace and an API token: (workspace id, token)."""
    store = Store(url)
    store.upgrade()
    uid = accounts.create_user(store, "load@example.com", PASSWORD)
    ws = accounts.create_workspace(store, uid, "load")
    _, token = accounts.create_token(store, uid, "load")
    store.engine.dispose()
    return ws, token


def start_server(url: str, port: int, log: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "goldmine", "serve", "--host", "127.0.0.1", "--port", str(port), "--db", url,
               "--workers", str(workers)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"goldmine serve stopped: {log.read_text(encoding='utf-8')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("goldmine serve did not answer within 120 s")


def wait_job(client: httpx.Client, job_id: int, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.5)
    raise SystemExit(f"job {job_id} not finished after {timeout} s")


def seed(base: str, token: str, ws: int, paths: int) -> tuple[list[int], int]:
    """The six example startups and one finished due-diligence run: (startup ids, run id)."""
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        ids = []
        for path in sorted(EXAMPLES.glob("*.yaml")):
            r = client.post(f"/api/v1/workspaces/{ws}/startups", files={"file": (path.name, path.read_bytes(), "application/yaml")})
            r.raise_for_status()
            ids.append(r.json()["id"])
        job = client.post(f"/api/v1/startups/{ids[0]}/runs", json={"paths": paths, "seed": 1}).json()
        done = wait_job(client, job["id"], 600)
        assert done["status"] == "done", done
        return ids, done["run_id"]


class RawClient:
    """A lean HTTP/1.1 keep-alive client on asyncio streams, without an HTTP library: the load
    generator's own processor time matters when the clients share the server's two cores.  It
    understands what uvicorn sends (``Content-Length`` or chunked bodies) and reconnects when the
    server closes the connection."""

    def __init__(self, host: str, port: int, token: str):
        self.host, self.port = host, port
        self.head = f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\nAccept: */*\r\n\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, url: str) -> int:
        """The status of ``GET url``, after reading the whole body."""
        if self.writer is None or self.reader is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {url} HTTP/1.1\r\n{self.head}".encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def reader(base: str, token: str, urls: list[str], offset: int, stop: asyncio.Event,
                 sink: list[Samples]) -> None:
    """One client (one keep-alive connection): the read URLs in turn (starting at ``offset``) until
    ``stop``; each latency goes into the current last element of ``sink`` (the phase)."""
    host, port = base.removeprefix("http://").split(":")
    client = RawClient(host, int(port), token)
    i = offset
    try:
        while not stop.is_set():
            url = urls[i % len(urls)]
            i += 1
            phase = sink[-1]
            t0 = time.perf_counter()
            try:
                ok = await asyncio.wait_for(client.get(url), 30) == 200
            except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
                ok = False
                await client.close()
            phase.add(time.perf_counter() - t0, ok)
    finally:
        await client.close()


async def submit_runs(base: str, token: str, startups: list[int], runs: int, paths: int,
                      timeout: float) -> tuple[list[dict], float]:
    """``runs`` due-diligence runs submitted at once, each polled until it ends: (jobs, wall seconds)."""
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        t0 = time.perf_counter()
        answers = await asyncio.gather(*[client.post(f"/api/v1/startups/{startups[k % len(startups)]}/runs",
                                                     json={"paths": paths, "seed": k}) for k in range(runs)])
        assert all(a.status_code == 202 for a in answers), [a.text for a in answers if a.status_code != 202]

        async def poll(job_id: int) -> dict:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                job = (await client.get(f"/api/v1/jobs/{job_id}")).json()
                if job["status"] in ("done", "failed"):
                    return dict(job)
                await asyncio.sleep(0.5)
            return {"id": job_id, "status": "lost"}

        jobs = await asyncio.gather(*[poll(a.json()["id"]) for a in answers])
        return list(jobs), time.perf_counter() - t0


async def count_runs(base: str, token: str, startups: list[int]) -> int:
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        pages = [(await client.get(f"/api/v1/startups/{s}/runs", params={"limit": 1})).json() for s in startups]
        return sum(int(p["total"]) for p in pages)


async def load_test(base: str, token: str, urls: list[str], startups: list[int], args: argparse.Namespace):
    stop = asyncio.Event()
    warm = Samples(started=time.perf_counter())  # not reported: each server process's first answers
    phases = [warm]
    readers = [asyncio.create_task(reader(base, token, urls, k, stop, phases)) for k in range(args.clients)]
    await asyncio.sleep(args.warmup)
    phases[0] = Samples(started=time.perf_counter())
    await asyncio.sleep(args.seconds)
    phases[0].ended = time.perf_counter()
    before = await count_runs(base, token, startups)
    phases.append(Samples(started=time.perf_counter()))
    jobs, wall = await submit_runs(base, token, startups, args.runs, args.paths, args.runs_timeout)
    phases[1].ended = time.perf_counter()
    stop.set()
    await asyncio.gather(*readers)
    after = await count_runs(base, token, startups)
    return phases[0], phases[1], jobs, wall, after - before


def _run(main: Any) -> Any:
    """``asyncio.run`` on uvloop's event loop when it is installed (the ``web`` extra has it)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="reading phase (default 60)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--warmup", type=float, default=5.0,
                    help="seconds of reads before the measured phase, not recorded (default 5)")
    ap.add_argument("--runs", type=int, default=20, help="due-diligence runs submitted at once (default 20)")
    ap.add_argument("--paths", type=int, default=2000, help="Monte Carlo paths per run (default 2000)")
    ap.add_argument("--runs-timeout", type=float, default=900.0, help="seconds each run may take to finish")
    ap.add_argument("--workers", type=int, default=2, help="server processes, `goldmine serve --workers` (default 2)")
    ap.add_argument("--no-docs", action="store_true")
    args = ap.parse_args()
    load_start = load()
    with tempfile.TemporaryDirectory(prefix="goldmine-load-") as folder:
        url = f"sqlite:///{Path(folder) / 'load.db'}"
        os.environ["GOLDMINE_HOME"] = folder
        ws, token = prepare(url)
        port = free_port()
        server = start_server(url, port, Path(folder) / "server.log", args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            startups, run_id = seed(base, token, ws, args.paths)
            urls = ([f"/api/v1/workspaces/{ws}/startups"] + [f"/api/v1/startups/{s}" for s in startups]
                    + [f"/api/v1/runs/{run_id}/report?format=md&lang=en"])
            reads, during, jobs, wall, grown = _run(load_test(base, token, urls, startups, args))
        finally:
            server.terminate()
            server.wait(timeout=60)
    done = [j for j in jobs if j["status"] == "done"]
    distinct = len({j["run_id"] for j in done})
    lost = args.runs - distinct
    met = reads.quantile(0.95) < TARGET_P95_MS and reads.errors == 0
    met_runs = lost == 0 and grown == args.runs and during.errors == 0
    header = ["phase", "clients", "duration", "requests", "requests/s", "p50", "p95", "p99", "errors"]
    table = markdown_table(header, [reads.row("reads (startups list, 6 startup pages, Markdown report)", args.clients),
                                    during.row(f"the same reads while {args.runs} due-diligence runs ran", args.clients)],
                           "lrrrrrrrr")
    table = (f"Server: `goldmine serve --workers {args.workers}` on SQLite; clients: {args.clients} keep-alive "
             f"connections in one asyncio process on the same machine.\n\n") + table
    table += (f"\n\n{args.runs} due-diligence runs ({args.paths:,} paths each) submitted at once: {len(done)} done, "
              f"{sum(j['status'] == 'failed' for j in jobs)} failed, {lost} lost; {distinct} distinct stored runs, the "
              f"startups' run lists grew by {grown}; all finished {wall:.0f} s after submission "
              f"({2 * args.workers} at a time: 2 per server process).\n\n"
              f"Target of the issue: p95 < {TARGET_P95_MS:.0f} ms and no errors for {args.clients} clients reading for "
              f"{args.seconds:.0f} s: **{'met' if met else 'not met'}** (p95 {reads.quantile(0.95):.0f} ms, "
              f"{reads.errors} errors); runs: **{'all complete, none lost' if met_runs else 'NOT all complete'}**, "
              f"reads p95 during the runs {during.quantile(0.95):.0f} ms.")
    print(table)
    if args.no_docs or args.seconds < 60:
        print("(not written to docs/benchmarks.md: --no-docs or a run shorter than 60 s)")
        return
    write_region("api-load", table, script="benchmarks/api_load.py", load_start=load_start)


if __name__ == "__main__":
    main()
