"""Regression tests for the drifts issue #21 found between the docs and the code.  Most are covered
by the docs tests themselves (a console block or a key table would fail); these pin the behaviour
the docs promise independently of how a page happens to show it."""

from __future__ import annotations

import yaml


def _bad_profile(tmp_path, examples_dir):
    doc = yaml.safe_load((examples_dir / "promptly.yaml").read_text(encoding="utf-8"))
    doc["market"]["market_share"] = 35
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_debug_keeps_exit_code_2_for_bad_input(cli, tmp_path, examples_dir):
    """docs/cli.md: `--debug` shows the traceback and keeps the exit code (it used to turn 2 into 1)."""
    bad = _bad_profile(tmp_path, examples_dir)
    plain = cli("validate", str(bad))
    debug = cli("--debug", "validate", str(bad))
    assert plain.exit_code == debug.exit_code == 2
    assert "Traceback" not in plain.stderr and "Traceback" in debug.stderr
    line = "market.market_share: expected a fraction between 0 and 1, found 35"
    assert line in plain.stderr and line in debug.stderr


def test_debug_leaves_success_alone(cli, examples_dir):
    result = cli("--debug", "validate", str(examples_dir / "medicare-ai.yaml"))
    assert result.exit_code == 0 and "Traceback" not in result.stderr


def test_examples_link_and_package_folder_agree():
    """README and docs use `examples/`, the repository's link to the package's own examples."""
    from test_docs import PACKAGE, ROOT

    link = ROOT / "examples"
    if not link.exists():           # an sdist has no link: nothing to compare
        return
    assert link.resolve() == (PACKAGE / "examples").resolve()
