"""Results are language-neutral (issue #12): the ``--json`` output of every command is the same
under ``--lang en`` and ``--lang zh``.  Text is rendered only for people, at the edge."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, ROOT

DATA = ROOT / "src" / "goldmine" / "data"
PROFILE = str(EXAMPLES / "medicare-ai.yaml")
PLAN = str(EXAMPLES / "plans" / "medicare-ai.plan.yaml")

LABELLED = "labelled.csv"   # written by the test: a small labelled corpus for sentiment train and eval
TRAINING = ["text,label"] + [f"revenue rose strongly in quarter {i},positive" for i in range(8)] + \
           [f"losses widened sharply in quarter {i},negative" for i in range(8)] + \
           [f"the board met on day {i},neutral" for i in range(8)]

COMMANDS = {
    "validate": ["validate", PROFILE, "--json"],
    "risk": ["risk", PROFILE, "--json"],
    "forecast": ["forecast", str(DATA / "market_demo_series.csv"), "--model", "logistic", "--json"],
    "runway": ["runway", PROFILE, "--paths", "2000", "--json"],
    "captable": ["captable", PLAN, "--json"],
    "waterfall": ["waterfall", PLAN, "--exit", "50M", "--json"],
    "routes": ["routes", PROFILE, "--json"],
    "value": ["value", PROFILE, "--json"],
    "bubble": ["bubble", str(DATA / "report_demo_nasdaq_weekly.csv"), "--log", "--json"],
    "sentiment score": ["sentiment", "score", "Revenue rose sharply", "利润大幅下降", "--json"],
    "sentiment index": ["sentiment", "index", str(DATA / "sentiment_demo_news.csv"), "--json"],
    "analyze": ["analyze", str(EXAMPLES / "promptly.yaml"), "--paths", "1000", "--no-store", "--format", "md", "--json"],
    "sector": ["sector", "--demo-inputs", "--json"],
    "sector ai-index": ["sector", "--as-of", "2026-01-15", "--json"],      # the AI index, drivers and strategy (issue #17)
    "bubble lppls": ["bubble", str(DATA / "report_demo_nasdaq_weekly.csv"), "--log", "--lppls", "--json"],
    "update": ["update", str(EXAMPLES / "kpis" / "medicare-ai.csv"), "--json"],
    "portfolio update": ["portfolio", "update", str(EXAMPLES / "kpis"), "--no-store", "--json"],
    "startups add": ["startups", "add", PROFILE, "--json"],
    "startups show": ["startups", "show", "medicare-ai", "--json"],
    "startups list": ["startups", "list", "--json"],
    "startups history": ["startups", "history", "medicare-ai", "--json"],
    "sentiment train": ["sentiment", "train", LABELLED, "--folds", "3", "--json"],
    "sentiment eval": ["sentiment", "eval", LABELLED, "--analyzer", "en", "--json"],
    "deal": ["deal", PROFILE, "--paths", "500", "--json"],
    "outcome": ["outcome", PROFILE, "--json"],
    "screen": ["screen", str(EXAMPLES / "medicare-ai.yaml"), str(EXAMPLES / "promptly.yaml"), "--paths", "500", "--json"],
    "landscape": ["landscape", "--json"],
    "fund": ["fund", "--paths", "300", "--json"],
    "fund pipeline": ["fund", "--pipeline", str(EXAMPLES / "promptly.yaml"), "--paths", "200", "--json"],
    "comps": ["comps", PROFILE, "--json"],
    "data import": ["data", "import", str(ROOT / "tests" / "fixtures" / "data_update" / "stooq-nvda.us.csv"), "--format", "stooq",
                    "--symbol", "NVDA", "--json"],
    "data list": ["data", "list", "--json"],
    "data show": ["data", "show", "NVDA", "--json"],
    "data update": ["data", "update", "--only", "macro", "--symbols", "DGS10", "--replay",
                    str(ROOT / "tests" / "fixtures" / "data_update"), "--json"],  # recorded responses, no network
}
STORE_COMMANDS = ("startups add", "startups show", "startups list", "startups history")
DATA_COMMANDS = ("data import", "data list", "data show", "data update")  # each language on its own new database


def _strip_run_specific(doc):
    """Paths of files written in a temporary folder differ between the two runs; nothing else may."""
    if isinstance(doc, dict):
        return {k: _strip_run_specific(v) for k, v in doc.items()
                if k not in ("files", "created_at", "saved_at", "trained_at")}
    if isinstance(doc, list):
        return [_strip_run_specific(v) for v in doc]
    return doc


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_json_is_the_same_in_both_languages(cli, tmp_path, monkeypatch, name):
    args = COMMANDS[name]
    if name == "analyze":
        args = [*args, "--out", str(tmp_path)]
    if LABELLED in args:
        (tmp_path / LABELLED).write_text("\n".join(TRAINING) + "\n", encoding="utf-8")
        args = [str(tmp_path / LABELLED) if a == LABELLED else a for a in args]
        if name == "sentiment train":
            args = [*args, "--out", str(tmp_path / "model.joblib")]
    docs = {}
    for lang in ("en", "zh"):
        if name in STORE_COMMANDS:  # each language on its own new database, holding the profile when needed
            monkeypatch.setenv("GOLDMINE_HOME", str(tmp_path / lang))
            if name != "startups add":
                assert cli("startups", "add", PROFILE).exit_code == 0
        if name in DATA_COMMANDS:
            monkeypatch.setenv("GOLDMINE_HOME", str(tmp_path / lang))
            if name in ("data list", "data show"):
                assert cli(*COMMANDS["data import"]).exit_code == 0
        r = cli("--lang", lang, *args)
        assert r.exit_code == 0, r
        docs[lang] = _strip_run_specific(json.loads(r.stdout))
    assert docs["en"] == docs["zh"]


def json_commands() -> set[str]:
    """Every command of the CLI with a ``--json`` option, as ``"group command"`` names."""
    import typer

    from goldmine.cli import build_app

    found: set[str] = set()

    def walk(cmd, prefix: str) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{prefix} {name}".strip())
        elif any("--json" in getattr(p, "opts", ()) for p in cmd.params):
            found.add(prefix)

    walk(typer.main.get_command(build_app("en")), "")
    return found


# Commands with --json whose output is not an analysis: checked elsewhere, with the reason.
NOT_ANALYSES: dict[str, str] = {}


def test_every_json_command_is_covered():
    """A command that gains --json must be added to COMMANDS above (or to NOT_ANALYSES, with a reason)."""
    missing = json_commands() - set(COMMANDS) - set(NOT_ANALYSES)
    assert not missing, f"commands with --json not checked in both languages: {sorted(missing)}"
