"""The command line (issue #2): help that teaches, --lang, --version, demo, error exits."""

from __future__ import annotations

import json
import subprocess
import sys

from goldmine import __version__


def test_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for cmd in ("validate", "schema", "db", "startups", "demo"):
        assert cmd in result.stdout
    assert "goldmine demo" in result.stdout  # the tour


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_bad_lang_is_a_usage_error(cli):
    result = cli("--lang", "fr", "schema")
    assert result.exit_code == 2
    assert "expected zh or en" in result.stderr


def test_unknown_command_exits_2(cli):
    assert cli("no-such-command").exit_code == 2


def test_validate_json_output(cli, example_files):
    result = cli("validate", "--json", example_files[0])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["files"][0]["valid"] is True and data["files"][0]["id"]


def test_demo_writes_output_and_summary(cli, tmp_path, example_files):
    out = tmp_path / "out"
    result = cli("demo", "--out", out)
    assert result.exit_code == 0, result
    assert (out / "goldmine.db").exists()
    for f in example_files:
        assert f.stem in result.stdout
    from goldmine.store import Store

    store = Store(f"sqlite:///{out / 'goldmine.db'}")
    assert len(store.list_startups(store.workspace_id("demo"))) == len(example_files)


def test_demo_in_chinese(cli, tmp_path):
    result = cli("--lang", "zh", "demo", "--out", tmp_path / "zh")
    assert result.exit_code == 0, result
    assert "示例 AI 创业公司" in result.stdout and "演示完成" in result.stdout


def test_entry_point_runs_as_a_module(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("market: {market_share: 35}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "goldmine", "validate", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "identity: expected a value" in proc.stderr


def test_help_in_chinese(cli):
    result = cli("--lang", "zh", "--help")
    assert result.exit_code == 0
    assert "泡沫还是金矿" in result.stdout and "校验创业公司资料" in result.stdout


def test_an_output_folder_that_cannot_be_made_is_exit_3(cli):
    """A folder the system will not let us create is the environment's failure, not bad input (issue #20)."""
    result = cli("demo", "--out", "/proc/no/such/place")
    assert result.exit_code == 3
    assert "cannot create or write the folder /proc/no/such/place" in " ".join(result.stderr.split())
