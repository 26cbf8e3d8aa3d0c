"""goldmine.report (issue #9): renderers, bilingual catalogue, self-contained HTML, PDF pages with charts,
golden Markdown snapshots per example, the CLI (analyze, sector, update).

Snapshots live in tests/snapshots/<example>.<lang>.md.  They are never written by a normal test run:
to accept a deliberate change, run ``GOLDMINE_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest
tests/test_report.py -k snapshot`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import dd_settings

from goldmine.io import load_profile
from goldmine.pipeline.due_diligence import run_due_diligence
from goldmine.report import due_diligence_document, render, update_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "goldmine" / "examples"
SNAPSHOTS = Path(__file__).with_name("snapshots")
SNAPSHOT_SETTINGS = dd_settings(paths=1000, seed=20251126, models=("bass", "exp"))
REPORT_DATE = dt.date(2026, 1, 15)   # the report's date is pinned: a snapshot does not change with the day it runs
UPDATE = os.environ.get("GOLDMINE_UPDATE_SNAPSHOTS") == "1"


@pytest.fixture(scope="module")
def dds():
    out = {}
    for f in sorted(EXAMPLES.glob("*.yaml")):
        p = load_profile(f)
        out[p.id] = run_due_diligence(p, SNAPSHOT_SETTINGS, generated_on=REPORT_DATE)
    return out


# ------------------------------------------------------------------------------- catalogue
def test_every_report_key_has_both_languages():
    data = yaml.safe_load((ROOT / "src" / "goldmine" / "i18n" / "report.yaml").read_text(encoding="utf-8"))
    assert data
    for key, texts in data.items():
        assert key.startswith("report."), key
        assert set(texts) == {"en", "zh"}, key
        assert texts["en"].strip() and texts["zh"].strip(), key
        assert set(re.findall(r"{(\w+)}", texts["en"])) == set(re.findall(r"{(\w+)}", texts["zh"])), key


def test_every_key_the_code_uses_exists():
    from goldmine.i18n import has_key

    src = ROOT / "src" / "goldmine"
    used = set()
    for f in [*(src / "report").glob("*.py"), *(src / "pipeline").glob("*.py"), src / "cli" / "report.py"]:
        used |= set(re.findall(r"[\"'](report\.[a-z_.]+[a-z_])[\"']", f.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if not has_key(k) and not k.endswith((".yaml", ".csv", "_")))  # "_": a prefix
    assert not missing


# ------------------------------------------------------------------------------- snapshots
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_golden_markdown_snapshot_per_example(dds, lang):
    """One golden Markdown report per example and language guards against silent changes."""
    problems = []
    for key, dd in dds.items():
        text = render(due_diligence_document(dd, lang), "md")
        path = SNAPSHOTS / f"{key}.{lang}.md"
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            continue
        if not path.exists():
            problems.append(f"{path.name}: no snapshot (create it deliberately with GOLDMINE_UPDATE_SNAPSHOTS=1)")
        elif path.read_text(encoding="utf-8") != text:
            import difflib

            diff = "".join(list(difflib.unified_diff(path.read_text(encoding="utf-8").splitlines(True), text.splitlines(True),
                                                     f"snapshot/{path.name}", "now", n=1))[:40])
            problems.append(f"{path.name} changed:\n{diff}")
    assert not problems, "\n".join(problems)


def test_snapshots_exist_for_every_example():
    ids = {load_profile(f).id for f in EXAMPLES.glob("*.yaml")}
    for i in ids:
        for lang in ("en", "zh"):
            assert (SNAPSHOTS / f"{i}.{lang}.md").is_file(), f"{i}.{lang}.md"


# ------------------------------------------------------------------------------- content
def test_recommendation_comes_with_reasons_in_every_report(dds):
    for dd in dds.values():
        for lang in ("en", "zh"):
            md = render(due_diligence_document(dd, lang), "md")
            verdict = {"en": {"invest": "Invest", "watch": "Watch", "pass": "Pass"}, "zh": {"invest": "投资", "watch": "观察", "pass": "放弃"}}
            assert verdict[lang][dd.recommendation.verdict] in md
            assert dd.recommendation.reasons
            for r in dd.recommendation.reasons:
                assert r.text(lang) in md.replace("\\", "")


def test_every_section_and_the_footer_are_there(dds):
    from goldmine.report.due_diligence import ORDER, section_title

    dd = dds["medicare-ai"]
    for lang in ("en", "zh"):
        md = render(due_diligence_document(dd, lang), "md")
        for sid in ORDER:
            assert f"## {section_title(sid, lang)}" in md
        assert dd.inputs_hash in md and str(dd.seed) in md and dd.goldmine_version in md
        assert REPORT_DATE.isoformat() in md


def test_missing_analysis_is_said_plainly(dds, monkeypatch):
    from goldmine.pipeline import outcome as outcome_mod

    monkeypatch.setenv("GOLDMINE_STRICT", "0")       # strict mode (the test default) refuses a missing package
    real = outcome_mod.available
    monkeypatch.setattr(outcome_mod, "available", lambda m: False if m == "goldmine.valuation" else real(m))
    dd = run_due_diligence(load_profile(EXAMPLES / "promptly.yaml"), dd_settings(paths=300))
    md_en = render(due_diligence_document(dd, "en"), "md")
    md_zh = render(due_diligence_document(dd, "zh"), "md")
    assert "Not available in this version" in md_en and "goldmine.valuation" in md_en
    assert "此版本不提供" in md_zh
    section = md_en.split("## Valuation")[1].split("\n## ")[0]
    assert "¥" not in section and "$" not in section          # no number was made up


def test_html_is_self_contained(dds):
    html = render(due_diligence_document(dds["medicare-ai"], "zh"), "html")
    assert html.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert refs and all(r.startswith(("#", "data:image/png;base64,")) for r in refs), set(r[:30] for r in refs)
    assert "url(" not in html
    assert html.count("data:image/png;base64,") >= 6


def test_the_same_result_renders_byte_identical(dds):
    dd = dds["lingxi-cx"]
    a = render(due_diligence_document(dd, "en"), "html")
    b = render(due_diligence_document(dd, "en"), "html")
    assert a == b


# ------------------------------------------------------------------------------- PDF
def _pdf_pages(pdf: bytes, tmp_path: Path, dpi: int = 50) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed")
    src = tmp_path / "r.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(src), str(tmp_path / "p")], check=True, capture_output=True, timeout=120)
    return sorted(tmp_path.glob("p-*.png"))


def _coloured_share(png: Path) -> float:
    """Share of pixels that are clearly coloured (chart lines, bars, fills), not grey text."""
    import numpy as np
    from PIL import Image

    a = np.asarray(Image.open(png).convert("RGB")).astype(int)
    spread = a.max(axis=2) - a.min(axis=2)
    return float((spread > 60).mean())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_pages_render_with_charts_visible(dds, tmp_path, lang):
    from goldmine.report.render import render_pdf

    doc = due_diligence_document(dds["medicare-ai"], lang)
    pdf = render_pdf(doc)
    assert pdf.startswith(b"%PDF")
    pages = _pdf_pages(pdf, tmp_path)
    assert len(pages) >= 4
    coloured = [_coloured_share(p) for p in pages]
    # charts are the only coloured areas (text is black/grey): several pages carry one (thin chart lines
    # colour a few thousandths of a page; a page of text alone colours none)
    assert sum(c > 0.002 for c in coloured) >= 4, coloured
    assert any(c > 0.02 for c in coloured), coloured          # and the filled charts (fan, bars) stand out


def test_pdf_embeds_one_image_per_chart(dds):
    from goldmine.report.render import render_pdf

    doc = due_diligence_document(dds["medicare-ai"], "en")
    pdf = render_pdf(doc)
    n_images = len(re.findall(rb"/Subtype\s*/Image", pdf))
    assert n_images == len(doc.figures()) >= 6


def test_pdf_chinese_text_is_in_an_embedded_cjk_font(dds):
    """Issue #16: the Chinese PDF embeds a subset of the machine's CJK font (Noto Sans CJK SC in CI),
    so it prints the same everywhere; only without any CJK font does the non-embedded CID font
    STSong-Light stand in."""
    from goldmine.report.render import cjk_faces, render_pdf

    pdf = render_pdf(due_diligence_document(dds["medicare-ai"], "zh"))
    faces = cjk_faces()
    if faces is None:
        assert b"STSong-Light" in pdf and b"UniGB-UCS2-H" in pdf
        pytest.skip("no CJK font on this machine: the CID fallback was checked instead")
    family = faces[0].name.replace(" ", "").replace("CJKSC", "CJKsc")
    assert b"STSong-Light" not in pdf
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+" + re.escape(family.split("CJK")[0].encode()), pdf)
    assert b"/FontFile2" in pdf


@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_pages_are_filled_headings_kept_and_fonts_embedded(dds, example, lang, tmp_path):
    """Issue #16, print quality: no heading, title or caption is the last thing on a page, no page but
    the last is under a quarter full, and `pdffonts` lists every font as embedded (CI installs
    poppler-utils; without it the font check is skipped)."""
    from goldmine.report.render import _build_pdf

    pdf, pages = _build_pdf(due_diligence_document(dds[example], lang))
    assert len(pages) >= 5
    for page in pages[:-1]:
        assert page.kinds[-1] not in ("title", "subtitle", "heading", "caption"), (page.number, page.kinds[-3:])
        assert page.fill >= 0.25, f"page {page.number} is {page.fill:.0%} full"
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / f"{example}.{lang}.pdf"
    path.write_bytes(pdf)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows
    not_embedded = [r for r in rows if r.split()[-5] != "yes"]
    assert not not_embedded, not_embedded


def test_each_cut_of_the_cjk_font_has_its_own_typeface(dds):
    """ReportLab keeps one typeface per PostScript name: two cuts of Noto Sans CJK (for two reports
    rendered by one process, as the demo does) under one name printed the second report's Chinese as
    empty boxes. Every registered cut has a name of its own."""
    from reportlab.pdfbase import pdfmetrics

    from goldmine.report.render import cjk_faces, render_pdf

    if cjk_faces() is None:
        pytest.skip("no CJK font on this machine")
    for example in ("forge-vision", "medicare-ai"):
        render_pdf(due_diligence_document(dds[example], "zh"))
    cuts = [pdfmetrics.getFont(n) for n in pdfmetrics.getRegisteredFontNames() if n.startswith("GMCJK-")]
    assert len(cuts) >= 4
    faces = [f.face.name for f in cuts]
    assert len(set(faces)) == len(faces), faces


def test_update_report_formats(tmp_path):
    from goldmine.io.kpis import load_kpis
    from goldmine.pipeline.update import investor_update

    u = investor_update(load_kpis(EXAMPLES / "kpis" / "medicare-ai.csv"))
    for lang in ("en", "zh"):
        doc = update_document(u, lang)
        md = render(doc, "md")
        assert "27.5" in md                               # runway = 9.5M / (650k - 305k)
        html = render(doc, "html")
        assert "data:image/png;base64," in html
        pdf = render(doc, "pdf")
        assert pdf.startswith(b"%PDF")
        if shutil.which("pdffonts"):              # issue #16: every font of every PDF embedded, updates too
            path = tmp_path / f"update.{lang}.pdf"
            path.write_bytes(pdf)
            rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
            assert rows and all(r.split()[-5] == "yes" for r in rows), rows


# ------------------------------------------------------------------------------- CLI
def test_cli_analyze_writes_reports_and_stores_the_run(cli, tmp_path):
    r = cli("--lang", "en", "analyze", EXAMPLES / "promptly.yaml", "--out", tmp_path, "--langs", "en,zh",
            "--format", "md,html", "--paths", "300")
    assert r.exit_code == 0, r
    for lang in ("en", "zh"):
        for fmt in ("md", "html"):
            assert (tmp_path / f"promptly.{lang}.{fmt}").is_file()
    assert not (tmp_path / "promptly.en.pdf").exists()
    assert "stored as analysis run" in r.stdout
    from goldmine.store import Store

    st = Store()  # the user's database: GOLDMINE_HOME points into tmp for every test (conftest)
    ws = st.workspace_id("default")
    assert len(st.list_runs(ws, kind="due_diligence")) == 1


def test_cli_analyze_json(cli, tmp_path):
    import json

    r = cli("analyze", EXAMPLES / "promptly.yaml", "--out", tmp_path, "--format", "md", "--paths", "300", "--no-store", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert {"company", "recommendation", "sections", "settings", "reproducibility", "files", "store"} <= set(d)
    assert d["store"] is None and d["settings"]["runway"]["paths"] == 300


@pytest.mark.parametrize("args, fragment", [
    (["--format", "docx"], "--format"),
    (["--langs", "fr"], "--langs"),
])
def test_cli_analyze_bad_options_exit_2(cli, tmp_path, args, fragment):
    r = cli("analyze", EXAMPLES / "promptly.yaml", "--out", tmp_path, *args)
    assert r.exit_code == 2 and fragment in r.stderr and "Traceback" not in r.stderr


def test_cli_analyze_bad_profile_exit_2(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("identity: 3\n", encoding="utf-8")
    r = cli("analyze", bad, "--out", tmp_path / "o")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").glob("*.html"))


def test_cli_sector_json_and_reports(cli, tmp_path):
    import json

    r = cli("sector", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert [p["id"] for p in d["pillars"]] == ["valuation", "explosive", "lppls", "funding", "sentiment", "capex"]
    r = cli("--lang", "zh", "sector", "--out", tmp_path, "--format", "md")
    assert r.exit_code == 0, r
    md = (tmp_path / "sector.zh.md").read_text(encoding="utf-8")
    assert "泡沫还是金矿" in md and "证据" in md and "注意事项" in md


def test_cli_update(cli, tmp_path):
    r = cli("--lang", "en", "update", EXAMPLES / "kpis" / "promptly.csv", "--out", tmp_path, "--format", "md", "--period", "quarter")
    assert r.exit_code == 0, r
    assert (tmp_path / "promptly.update.en.md").is_file()
    r = cli("update", tmp_path / "nope.csv")
    assert r.exit_code == 2 and "nope.csv" in r.stderr


def test_cli_analyze_attaches_a_saved_sector_view(cli, tmp_path):
    r = cli("sector", "--as-of", "2026-01-15", "--json")     # the shipped 2025 index is current then
    assert r.exit_code == 0, r
    saved = tmp_path / "sector.json"
    saved.write_text(r.stdout, encoding="utf-8")
    r = cli("--lang", "en", "analyze", EXAMPLES / "promptly.yaml", "--sector-json", saved, "--out", tmp_path,
            "--format", "md", "--paths", "300", "--no-store")
    assert r.exit_code == 0, r
    section = (tmp_path / "promptly.en.md").read_text(encoding="utf-8").split("## Sector context")[1].split("\n## ")[0]
    assert "Capital-expenditure payback" in section and "Data vintage" in section
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1}', encoding="utf-8")
    r = cli("analyze", EXAMPLES / "promptly.yaml", "--sector-json", bad, "--out", tmp_path / "x")
    assert r.exit_code == 2 and "goldmine sector --json" in r.stderr


def test_cli_analyze_takes_exchange_rates_for_the_valuation(cli, tmp_path):
    """An EUR profile has no rate in the shipped FX table; `analyze --fx EUR=0.92` supplies it,
    as `goldmine value --fx` does, and the valuation section is filled."""
    import json

    eur = tmp_path / "eur.yaml"
    eur.write_text((EXAMPLES / "promptly.yaml").read_text(encoding="utf-8").replace("currency: USD", "currency: EUR"),
                   encoding="utf-8")
    without = json.loads(cli("analyze", eur, "--out", tmp_path, "--format", "md", "--paths", "300", "--no-store",
                             "--json").stdout)
    assert without["sections"]["valuation"]["status"] != "ok"
    r = cli("analyze", eur, "--out", tmp_path, "--format", "md", "--paths", "300", "--no-store", "--json", "--fx", "EUR=0.92")
    assert r.exit_code == 0, r
    data = json.loads(r.stdout)
    assert data["sections"]["valuation"]["status"] == "ok"
    assert data["settings"]["valuation"]["fx"] == [["EUR", 0.92]]
    assert cli("analyze", eur, "--out", tmp_path, "--fx", "EUR=abc").exit_code == 2
