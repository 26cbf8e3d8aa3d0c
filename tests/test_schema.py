"""Foundation (issue #2): the output of ``goldmine schema`` validates every example."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from goldmine.io import read_mapping


def _as_json(data):
    """YAML dates become ISO strings, as they would be in a JSON profile."""
    return json.loads(json.dumps(data, default=str))


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    from goldmine.cli import main

    out = tmp_path_factory.mktemp("schema") / "profile.schema.json"
    with pytest.raises(SystemExit) as info:
        main(["schema", "--out", str(out)])
    assert info.value.code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_schema_is_a_valid_draft_2020_12_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")


def test_schema_validates_every_example(schema, example_files):
    validator = jsonschema.Draft202012Validator(schema)
    for f in example_files:
        errors = sorted(validator.iter_errors(_as_json(read_mapping(f))), key=str)
        assert not errors, f"{f.name}: {errors[0].message} at {list(errors[0].path)}"


def test_schema_rejects_what_the_loader_rejects(schema, example_files):
    data = _as_json(yaml.safe_load(example_files[0].read_text(encoding="utf-8")))
    validator = jsonschema.Draft202012Validator(schema)
    data["market"]["market_share"] = 35
    assert any(list(e.path) == ["market", "market_share"] for e in validator.iter_errors(data))
    data["market"]["market_share"] = 0.1
    data["bogus"] = 1
    assert not validator.is_valid(data)


def test_schema_on_stdout(cli):
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "identity" in schema["properties"] and "financials" in schema["required"]
