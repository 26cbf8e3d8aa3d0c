"""The browser pages of ``goldmine serve`` end to end in a real browser (issue #18, "Done when").

A real server (``python -m goldmine serve`` on a free loopback port, a temporary SQLite database)
and Debian's ``chromium`` driven by Playwright for Python (``executable_path`` is the system browser;
no browser is downloaded).  One flow, as a user would go: sign up the first user, create a workspace,
upload ``examples/medicare-ai.yaml`` with a wrong currency and see the field error, fix it and upload
again, run due diligence and watch its progress to the end, read the report in English and Chinese,
download the PDF, move the deal across the board, sign out and find sign-up closed.

Checked on the way: no console error (a Content-Security-Policy violation is one), no request to any
host but the test server, and screenshots of the main steps that are real pictures (PNG, not one
colour).  Screenshots go to ``$GOLDMINE_E2E_SCREENSHOTS`` when set, else to the test's tmp folder.
Skipped, with the reason, without chromium, Playwright or the ``web`` extra.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser
pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("uvicorn", reason="the web extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the dev extra)")
Image = pytest.importorskip("PIL.Image")

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "src" / "goldmine" / "examples" / "medicare-ai.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EMAIL, PASSWORD = "partner@example.com", "a long enough password"
STAGES = ("diligence", "committee", "invested")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The base URL of ``goldmine serve`` on a fresh SQLite database; stopped after the module."""
    folder = tmp_path_factory.mktemp("web-e2e")
    port = free_port()
    env = {**os.environ, "GOLDMINE_HOME": str(folder / "home")}
    env.pop("GOLDMINE_DATABASE_URL", None)
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "goldmine", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--db", f"sqlite:///{folder / 'e2e.db'}"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2) as r:
                    if json.load(r)["status"] == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {(folder / 'server.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("GOLDMINE_E2E_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def expected_status(text: str, url: str) -> bool:
    """The browser logs a page answered with an error status; two pages of the flow answer so on
    purpose: the upload with a broken profile (422) and sign-up once a user exists (403)."""
    path = urlsplit(url).path
    return (("status of 422" in text and path.startswith("/w/") and path.endswith("/upload"))
            or ("status of 403" in text and path == "/signup"))


def check_png(path: Path) -> None:
    """A real picture: a PNG of a reasonable size and more than a few distinct colours."""
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert path.stat().st_size > 5_000, f"{path} is only {path.stat().st_size} bytes"
    with Image.open(path) as img:
        assert img.width >= 800 and img.height >= 400, f"{path} is {img.size}"
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 8, f"{path} has {len(colours or [])} colours: an empty page?"


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_the_whole_flow_in_a_real_browser(server, shots, tmp_path):
    base = server
    host = urlsplit(base).netloc
    broken = tmp_path / "broken" / "medicare-ai.yaml"
    broken.parent.mkdir()
    text = PROFILE.read_text(encoding="utf-8")
    assert "currency: CNY" in text
    broken.write_text(text.replace("currency: CNY", "currency: XXX", 1), encoding="utf-8")
    taken: list[Path] = []
    console: list[str] = []
    requests: list[str] = []
    jobs_seen: list[dict] = []

    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS, accept_downloads=True,
            locale="en-US", viewport={"width": 1280, "height": 900})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(30_000)
            page.on("console", lambda m: console.append(f"{m.type}: {m.text} ({m.location.get('url')})")
                    if m.type in ("error", "warning") and not expected_status(m.text, m.location.get("url", "")) else None)
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            context.on("request", lambda r: requests.append(r.url))

            def on_response(r) -> None:
                if "/api/v1/jobs/" in r.url and r.ok:
                    jobs_seen.append(r.json())

            page.on("response", on_response)

            def shot(name: str) -> None:
                path = shots / f"{len(taken) + 1:02d}-{name}.png"
                page.screenshot(path=str(path), full_page=False)
                taken.append(path)

            # 1. the first user signs up (no account exists yet)
            page.goto(base + "/")
            assert urlsplit(page.url).path == "/signup"
            page.fill("input[name=email]", EMAIL)
            page.fill("input[name=password]", PASSWORD)
            shot("signup")
            page.click("button[type=submit]")
            page.wait_for_url("**/workspaces")

            # 2. a workspace
            page.fill("input[name=name]", "Fund I")
            page.click("form[action='/workspaces'] button")
            page.wait_for_url("**/w/*")
            workspace = urlsplit(page.url).path
            assert page.locator(".column").count() == 5

            # 3. a broken profile: the field error is shown, in the page's language
            page.click("#upload-link")
            page.set_input_files("input[name=file]", str(broken))
            page.click("form[enctype] button")
            error = page.locator(".field-error[data-path='identity.currency']")
            assert error.count() == 1
            assert "XXX" in error.inner_text() and "ISO 4217" in error.inner_text()
            shot("upload-error")

            # 4. fixed and uploaded again
            page.set_input_files("input[name=file]", str(PROFILE))
            page.click("form[enctype] button")
            page.wait_for_url("**/s/*")
            startup = urlsplit(page.url).path
            assert page.inner_text("#startup-name") == "MediCare AI"
            assert page.locator("#versions tbody tr").count() == 1

            # 5. due diligence with few paths; the page follows the job until done, then shows the report
            page.fill("input[name=paths]", "200")
            page.fill("input[name=seed]", "7")
            with page.expect_response(lambda r: "/api/v1/jobs/" in r.url, timeout=30_000):
                page.click("#run-form button")     # the job page asks the API for the job a second later
            shot("progress")
            page.wait_for_url("**/runs/*", timeout=90_000)
            assert jobs_seen, "the page never asked the API for the job"
            progress = [j["progress"] for j in jobs_seen]
            assert progress == sorted(progress), f"progress went back: {progress}"
            # the script leaves the job page only when it has read "done"; the API says so too
            final = page.request.get(f"{base}/api/v1/jobs/{jobs_seen[0]['id']}").json()
            assert final["status"] == "done" and final["progress"] == 1.0 and final["run_id"] is not None
            run = urlsplit(page.url).path
            assert run == f"/runs/{final['run_id']}"

            # 6. the report inside the page, in English, then in Chinese
            frame = page.frame_locator("#report-frame")
            assert "MediCare AI" in frame.locator("body").inner_text(timeout=60_000)
            shot("report-en")
            page.click("#lang-zh")
            page.wait_for_url(f"**{run}")
            assert page.locator("html").get_attribute("lang") == "zh-CN"
            assert "智医未来" in page.inner_text("h1")          # the company's Chinese name on a Chinese page
            assert "尽职调查报告" in page.frame_locator("#report-frame").locator("body").inner_text(timeout=60_000)
            assert "下载" in page.inner_text(".downloads")
            shot("report-zh")

            # 7. the PDF (Chinese, as the page now is)
            with page.expect_download(timeout=60_000) as got:
                page.click("#download-pdf")
            pdf = Path(got.value.path())
            data = pdf.read_bytes()
            assert data[:5] == b"%PDF-" and len(data) > 50_000, f"{len(data)} bytes"
            assert got.value.suggested_filename.endswith(".zh.pdf")

            # 8. across the board, back in English
            page.click("#lang-en")
            page.goto(base + workspace)
            for stage in STAGES:
                card = page.locator(".deal[data-slug='medicare-ai']")
                card.locator("select[name=stage]").select_option(stage)
                card.locator("form.move button").click()
                page.wait_for_load_state()
                assert page.locator(f".column[data-stage='{stage}'] .deal[data-slug='medicare-ai']").count() == 1
            shot("board-invested")
            page.goto(base + startup)
            assert page.inner_text("#deal-stage") == "Invested"
            assert page.locator("#runs tbody tr").count() == 1

            # 9. the sector dashboard: run the sector view as of the end of the shipped prices, see its pillars
            page.goto(base + workspace)
            page.click("#sector-link")
            page.wait_for_url("**/sector")
            assert page.locator("#sector-none").count() == 1
            page.fill("#sector-form input[name=as_of]", "2025-12-31")
            page.click("#sector-form button")
            page.wait_for_url("**/runs/*", timeout=120_000)   # the job page opens the run when it is done
            page.goto(base + workspace + "/sector")
            assert page.locator("#sector-pillars tbody tr").count() == 6
            assert "As of 2025-12-31" in page.inner_text("#sector-verdict")
            assert "Pillar" in page.frame_locator("#sector-frame").locator("body").inner_text(timeout=60_000)
            shot("sector")

            # 10. sign out: sign-up is closed now that a user exists
            page.click("#logout")
            page.wait_for_url("**/login")
            page.goto(base + "/signup")
            assert page.locator("#signup-closed").count() == 1
        finally:
            context.close()

    assert not console, f"console errors or warnings: {console}"
    foreign = [u for u in requests if urlsplit(u).scheme not in ("data", "about", "blob") and urlsplit(u).netloc != host]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert len(taken) == 7
    for path in taken:
        check_png(path)
