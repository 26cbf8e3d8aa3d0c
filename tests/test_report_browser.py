"""The HTML reports open in a real headless Chromium with no console error and no network request (issue #9).

The test drives Debian's ``chromium`` through the DevTools protocol over ``--remote-debugging-pipe``
(file descriptors 3 and 4, messages separated by NUL bytes; no websocket library needed), records
every ``Network.requestWillBeSent``, ``Runtime.consoleAPICalled``, ``Runtime.exceptionThrown`` and
``Log.entryAdded`` event while the page loads, and checks that the only request is the report file
itself (images are ``data:`` URIs inside it).  Skipped, with the reason, when chromium is absent.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import dd_settings

from goldmine.io import load_profile
from goldmine.io.kpis import load_kpis
from goldmine.pipeline.due_diligence import run_due_diligence
from goldmine.pipeline.sector import run_sector
from goldmine.pipeline.settings import SectorSettings
from goldmine.pipeline.update import investor_update
from goldmine.report import due_diligence_document, render, sector_document, update_document

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "goldmine" / "examples"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BASH = shutil.which("bash")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--remote-debugging-pipe"]


class Browser:
    """A minimal DevTools-protocol client over the pipe transport."""

    def __init__(self, profile_dir: Path):
        r_cmd, w_cmd = os.pipe()     # we write commands -> chromium reads fd 3
        r_evt, w_evt = os.pipe()     # chromium writes fd 4 -> we read
        # bash moves the pipe ends onto fds 3 and 4 (the pipe transport's fixed numbers) and execs chromium
        script = f'exec "$0" "$@" 3<&{r_cmd} 4>&{w_evt} {r_cmd}<&- {w_evt}>&-'
        self.proc = subprocess.Popen([BASH, "-c", script, CHROMIUM, *FLAGS, f"--user-data-dir={profile_dir}", "about:blank"],
                                     pass_fds=(r_cmd, w_evt), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (r_cmd, w_evt):
            os.close(fd)
        self.w, self.r = w_cmd, r_evt
        self.buf = b""
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def _read(self, timeout: float) -> dict | None:
        while b"\0" not in self.buf:
            ready, _, _ = select.select([self.r], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self.r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        mid = self.send(method, params, session)
        end = time.time() + timeout
        while time.time() < end:
            msg = self._read(max(0.05, end - time.time()))
            if msg is None:
                continue
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)
        raise TimeoutError(method)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        for e in self.events:
            if e.get("method") == method:
                return e
        end = time.time() + timeout
        while time.time() < end:
            msg = self._read(max(0.05, end - time.time()))
            if msg is None:
                continue
            self.events.append(msg)
            if msg.get("method") == method:
                return msg
        raise TimeoutError(method)

    def drain(self, seconds: float) -> None:
        end = time.time() + seconds
        while time.time() < end:
            msg = self._read(max(0.01, end - time.time()))
            if msg is not None:
                self.events.append(msg)

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - the browser is killed below if it did not close
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=10)
            os.close(self.w)
            os.close(self.r)


def load_in_chromium(path: Path, profile_dir: Path) -> dict:
    """Open ``path``; return the requests, console messages, exceptions and log errors seen."""
    b = Browser(profile_dir)
    try:
        target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            b.call(f"{domain}.enable", session=session)
        b.events.clear()
        b.call("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
        b.wait_for("Page.loadEventFired", timeout=60)
        b.drain(1.0)
        height = b.call("Runtime.evaluate", {"expression": "document.body.scrollHeight", "returnByValue": True},
                        session=session)["result"]["value"]
        images = b.call("Runtime.evaluate", {"expression": "Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length",
                                             "returnByValue": True}, session=session)["result"]["value"]
        ev = [e for e in b.events if e.get("sessionId") == session]
        return {
            "requests": [e["params"]["request"]["url"] for e in ev if e.get("method") == "Network.requestWillBeSent"],
            "console": [e["params"] for e in ev if e.get("method") == "Runtime.consoleAPICalled"],
            "exceptions": [e["params"] for e in ev if e.get("method") == "Runtime.exceptionThrown"],
            "log_errors": [e["params"]["entry"] for e in ev if e.get("method") == "Log.entryAdded"
                           and e["params"]["entry"].get("level") in ("error", "warning")],
            "failed": [e["params"] for e in ev if e.get("method") == "Network.loadingFailed"],
            "height": height, "images": images,
        }
    finally:
        b.close()


@pytest.fixture(scope="module")
def html_reports(tmp_path_factory) -> dict[str, Path]:
    if CHROMIUM is None or BASH is None:
        pytest.skip("Debian's chromium (apt-get install -y chromium) or bash is not installed")
    out = tmp_path_factory.mktemp("html")
    files = {}
    dd = run_due_diligence(load_profile(EXAMPLES / "medicare-ai.yaml"), dd_settings(paths=500, models=("bass", "exp")))
    for lang in ("en", "zh"):
        files[f"dd.{lang}"] = out / f"dd.{lang}.html"
        files[f"dd.{lang}"].write_text(render(due_diligence_document(dd, lang), "html"), encoding="utf-8")
    view = run_sector(None, settings=SectorSettings.default())
    files["sector.zh"] = out / "sector.zh.html"
    files["sector.zh"].write_text(render(sector_document(view, "zh"), "html"), encoding="utf-8")
    u = investor_update(load_kpis(EXAMPLES / "kpis" / "promptly.csv"))
    files["update.en"] = out / "update.en.html"
    files["update.en"].write_text(render(update_document(u, "en"), "html"), encoding="utf-8")
    return files


@pytest.mark.parametrize("name", ["dd.en", "dd.zh", "sector.zh", "update.en"])
def test_report_opens_without_errors_or_network(html_reports, tmp_path, name):
    path = html_reports[name]
    seen = load_in_chromium(path, tmp_path / "profile")
    # the page itself, and its charts as data: URIs decoded from the page (no I/O); nothing else
    assert seen["requests"][0] == path.resolve().as_uri()
    others = [u[:60] for u in seen["requests"][1:] if not u.startswith("data:image/png;base64,")]
    assert not others, others
    assert not seen["console"], seen["console"]
    assert not seen["exceptions"], seen["exceptions"]
    assert not seen["log_errors"], seen["log_errors"]
    assert not seen["failed"], seen["failed"]
    assert seen["height"] > 1000
    expected_images = path.read_text(encoding="utf-8").count("<img ")
    assert seen["images"] == expected_images                  # every chart decoded and drawn


def test_the_probe_sees_requests_and_console_errors(tmp_path):
    """Negative control: a page that fetches an image and logs an error is caught by the same probe."""
    if CHROMIUM is None or BASH is None:
        pytest.skip("Debian's chromium (apt-get install -y chromium) or bash is not installed")
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">'
                    '<script>console.error("boom")</script></body></html>', encoding="utf-8")
    seen = load_in_chromium(page, tmp_path / "profile")
    assert any(u.startswith("http://127.0.0.1:9/") for u in seen["requests"])
    assert any(c.get("type") == "error" for c in seen["console"])
