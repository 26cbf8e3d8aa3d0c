"""Foundation (issue #2): broken profiles are refused with file, field path, expectation and
found value, exit code 2 and no traceback; every example is accepted."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.errors import InputError
from goldmine.io import load_profile, parse_profile
from goldmine.model import Stage
from goldmine.model.types import parse_amount
from goldmine.pipeline.validate import plausibility_warnings


@pytest.fixture(scope="module")
def base(examples_dir: Path) -> dict:
    return yaml.safe_load((examples_dir / "promptly.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, data, name: str = "acme.yaml") -> Path:
    p = tmp_path / name
    if name.endswith(".json"):
        p.write_text(json.dumps(data, default=str), encoding="utf-8")
    else:
        p.write_text(yaml.safe_dump(data, allow_unicode=True) if not isinstance(data, str) else data, encoding="utf-8")
    return p


def mutate(base: dict, path: str, value) -> dict:
    data = copy.deepcopy(base)
    keys = path.split(".")
    node = data
    for k in keys[:-1]:
        node = node[int(k)] if isinstance(node, list) else node[k]
    if value is DELETE:
        del node[keys[-1]]
    elif isinstance(node, list):
        node[int(keys[-1])] = value
    else:
        node[keys[-1]] = value
    return data


DELETE = object()

# (field to change, new value, text the message must contain)
BROKEN = [
    ("market.market_share", 35, "market.market_share: expected a fraction between 0 and 1, found 35"),
    ("financials.monthly_burn", -5, "financials.monthly_burn: expected a number >= 0, found -5"),
    ("technology.accuracy", 1.7, "technology.accuracy: expected a fraction between 0 and 1, found 1.7"),
    ("identity.currency", "RMBX", "identity.currency: expected an ISO 4217 currency code"),
    ("identity.country", "China", "identity.country: expected a two-letter ISO 3166 country code"),
    ("stage", "series_z", "stage: expected one of"),
    ("financials.cash", "lots", "financials.cash: expected an amount"),
    ("financials", DELETE, "financials: expected a value (this field is required), found nothing"),
    ("team.size", 0, "team.size: expected a number >= 1, found 0"),
    ("market.shares", 0.2, "market.shares: expected one of the known fields"),
    ("market.som", 5e10, "market.som: expected som <= sam"),
    ("financials.revenue_history.1.month", "2025-01", "financials.revenue_history[1].month: expected strictly increasing dates"),
    ("rounds.0.date", "2020-01-01", "rounds[0].date: expected a date on or after identity.founded"),
    ("identity.founded", "2031-02-30", "identity.founded: expected a date written YYYY-MM-DD"),
    ("financials.gross_margin", 55, "financials.gross_margin: expected a margin between -10 and 1"),
    ("rounds.1.post_money", 99_000_000, "rounds[1].post_money: expected pre_money + amount"),
    ("technology.update_cycle_months", 0, "technology.update_cycle_months: expected a number > 0, found 0"),
    ("financials.revenue_history.0.month", "2025-13", "financials.revenue_history[0].month: expected a month written YYYY-MM"),
]


@pytest.mark.parametrize(("path", "value", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_profile_is_refused_with_exit_2(cli, tmp_path, base, path, value, message):
    f = write(tmp_path, mutate(base, path, value))
    result = cli("validate", f)
    assert result.exit_code == 2, result
    assert f"{f}: {message}" in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("content", "name", "message"), [
    ("identity: [unclosed", "bad.yaml", "expected valid YAML"),
    ("{\"a\": 1,}", "bad.json", "expected valid JSON"),
    ("- just\n- a list\n", "list.yaml", "expected a mapping of profile sections"),
    ("stage: seed\nstage: idea\n", "dup.yaml", "line 2: expected each key once, found 'stage' again"),
    ("stage: seed\n", "profile.txt", "expected a .yaml, .yml or .json file, found '.txt'"),
])
def test_unreadable_files_are_refused(cli, tmp_path, content, name, message):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    result = cli("validate", f)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())


def test_missing_file(cli, tmp_path):
    result = cli("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "expected an existing file, found no such file" in result.stderr


def test_messages_in_chinese(cli, tmp_path, base):
    f = write(tmp_path, mutate(base, "market.market_share", 35))
    result = cli("--lang", "zh", "validate", f)
    assert result.exit_code == 2
    assert "market.market_share：应为 0 到 1 之间的比例，实际为 35" in result.stderr  # Chinese punctuation
    assert result.stderr.startswith("错误：")


def test_found_words_are_in_the_readers_language(cli, tmp_path):
    assert "应为存在的文件，实际为文件不存在" in cli("--lang", "zh", "validate", tmp_path / "nope.yaml").stderr
    assert "实际为一个文件夹" in cli("--lang", "zh", "validate", tmp_path).stderr


def test_debug_shows_the_traceback(tmp_path, base, capsys):
    """--debug prints the traceback and still exits 2 for bad input (issue #21)."""
    from goldmine.cli import main

    f = write(tmp_path, mutate(base, "market.market_share", 35))
    with pytest.raises(SystemExit) as info:
        main(["--debug", "validate", str(f)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "InputError" in err


def test_every_problem_is_listed_at_once(tmp_path, base):
    data = mutate(mutate(base, "market.market_share", 35), "technology.recall", -1)
    with pytest.raises(InputError) as info:
        load_profile(write(tmp_path, data))
    paths = [p.path for p in info.value.problems]
    assert paths == ["technology.recall", "market.market_share"]


def test_every_example_validates(cli, example_files):
    assert len(example_files) >= 5
    result = cli("validate", *example_files)
    assert result.exit_code == 0, result
    assert result.stdout.count("✓") == len(example_files)


def test_examples_cover_the_required_spread(example_files):
    """Issue #2: three business models, several verticals, CNY and USD, idea to Series B,
    one following the seed's angel ¥1M → A ¥5M → B ¥8M case."""
    profiles = [load_profile(f) for f in example_files]
    assert {p.business_model.value for p in profiles} == {"api_service", "product", "incubation"}
    assert len({p.vertical for p in profiles}) >= 4
    assert {"CNY", "USD"} <= {p.currency for p in profiles}
    stages = {p.stage for p in profiles}
    assert Stage.IDEA in stages and Stage.SERIES_B in stages
    seed_case = [p for p in profiles if [(r.amount) for r in p.rounds] == [1_000_000, 5_000_000, 8_000_000]]
    assert len(seed_case) == 1 and seed_case[0].currency == "CNY"


def test_json_profiles_load_too(tmp_path, base):
    f = write(tmp_path, base, "acme.json")
    assert load_profile(f).identity.name.en == "Promptly"


def test_profile_is_immutable(example_files):
    p = load_profile(example_files[0])
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="frozen"):
        p.stage = Stage.GROWTH  # type: ignore[misc]


def test_forgiving_enum_input(base):
    p = parse_profile(mutate(base, "stage", "Series A"))
    assert p.stage is Stage.SERIES_A
    assert parse_profile(mutate(base, "stage", "A轮")).stage is Stage.SERIES_A


@pytest.mark.parametrize(("text", "value"), [
    ("1.5M", 1_500_000), ("800k", 800_000), ("500万", 5_000_000), ("1.2亿", 120_000_000),
    ("1,000,000", 1_000_000), ("$2B", 2e9), ("4.0e9", 4e9), ("¥300万", 3_000_000), (12, 12.0),
])
def test_amount_strings(text, value):
    assert parse_amount(text) == pytest.approx(value)


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
@settings(max_examples=50)
def test_amount_roundtrip(x):
    assert parse_amount(f"{x!r}") == pytest.approx(x)


def test_plausibility_warnings(base, cli, tmp_path):
    data = mutate(base, "financials.cash", 100_000)          # runway < 3 months
    data = mutate(data, "technology.compute_cost_per_unit", 1.0)  # above price 0.4
    p = parse_profile(data)
    keys = {w.key for w in plausibility_warnings(p)}
    assert {"warn.short_runway", "warn.negative_unit_margin"} <= keys
    result = cli("validate", write(tmp_path, data))
    assert result.exit_code == 0
    assert "warning" in result.stderr and "months of runway" in result.stderr


def test_length_errors_are_translated_not_raw_pydantic():
    from pydantic import BaseModel, Field, ValidationError

    from goldmine.io.profiles import validation_problems

    class Plan(BaseModel):
        holders: list[int] = Field(min_length=1)

    with pytest.raises(ValidationError) as info:
        Plan(holders=[])
    (problem,) = validation_problems(info.value, Plan)
    assert problem.render("en") == "holders: expected at least 1 items, found a list of 0 items"
    assert "至少 1 项" in problem.render("zh")
