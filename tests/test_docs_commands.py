"""Docs as tests (issue #21): every documented command runs, shows what the docs show, and prints the
JSON keys its key table lists.  The conventions are documented in docs/cli.md ("Docs are tested").

* **Runnable examples** are fenced ```` ```console ```` blocks in README.md and docs/*.md: each line
  ``$ goldmine ...`` is a command; the lines below it, up to the next ``$``, are its output as the
  docs show it.  A block runs top to bottom in one fresh folder (its own ``GOLDMINE_HOME``), in
  process through :func:`goldmine.cli.main`.  ``$ cat NAME`` writes the lines below it to the file
  NAME first (an input the example needs).  The exit code must be 0, or 2 when the output shown
  starts with ``error:`` / ``错误:``, or N for a ``# exit N`` comment on the command line.  Shown
  output is compared ignoring whitespace (line wrapping and JSON indentation do not matter); ``...``
  stands for any text, on a line of its own or inside a line.  A command with no output below it is
  checked for its exit code only.
* **Placeholders** (``PROFILE.yaml``, ``acme.yaml`` ...) are the files of the table in docs/cli.md:
  each is copied into the folder under its own name (YAML with the listed edits), so messages name
  the file as the docs do.  ``examples/`` and ``src/`` in the folder point at the repository's.
* **Synopses** (```` ``` ```` blocks without a language) describe a command's options; a line
  ``goldmine ...`` there must look like one (``[``, ``|`` or ``...``), or it belongs in a console
  block.
* **Key tables**: an HTML comment ``<!-- keys: goldmine ... --json [| PREFIX ...] -->`` right above
  a Markdown table says that the table's first column lists the keys that command prints, at the
  top level or under each PREFIX (``steps[].cap_table``).  A key is a path: ``a.b``, ``a[]`` for
  the items of a list, ``<name>`` for every key of a map (``<a|b>`` for exactly a and b), ``c?``
  for a key only some objects have, and ``.c`` continues the previous path.  The comparison goes both ways at every
  documented object: no key printed that is not documented, none documented that is not printed.
  A documented object (or list item) must occur at least once in the output, so the command
  chosen must exercise it; a null where an object is documented is allowed.
* Every command with ``--json`` has a key table, and every option of every command appears on the
  page whose synopsis names that command.
"""

from __future__ import annotations

import copy
import glob
import json
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_docs import DOCS, ROOT, Block, check_region, fenced_blocks, pages, rel, table_rows

EXAMPLES = ROOT / "src" / "goldmine" / "examples"

# Known output bugs in code this test does not own: command text -> reason.  Each entry makes the
# block that holds it an expected failure (strict: it fails once the bug is fixed, so the entry goes).
KNOWN_BUGS: dict[str, str] = {}


# ---------------------------------------------------------------- placeholders

@dataclass(frozen=True)
class Placeholder:
    name: str
    source: str
    edits: dict[str, Any]


def placeholders() -> dict[str, Placeholder]:
    """The table of docs/cli.md, "Docs are tested": name(s) -> a bundled file, with YAML edits."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    section = text.split("## Docs are tested", 1)[1].split("\n## ", 1)[0]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| placeholder"))
    out = {}
    for cells in table_rows(lines[start:]):
        names = re.findall(r"`([^`]+)`", cells[0])
        spans = re.findall(r"`([^`]+)`", cells[1])
        source, edits = spans[0], {}
        for span in spans[1:]:
            edits.update(yaml.safe_load("{" + span + "}"))
        assert (ROOT / source).exists(), f"docs/cli.md: placeholder {names} -> {source}, which does not exist"
        for name in names:
            out[name] = Placeholder(name, source, edits)
    return out


def _set(doc: dict, dotted: str, value: Any) -> None:
    *head, last = dotted.split(".")
    for key in head:
        doc = doc[key]
    assert last in doc, f"placeholder edit {dotted}: no such field"
    doc[last] = value


def cat_files() -> dict[str, str]:
    """The inputs the docs show with ``$ cat NAME`` (a name shows one content everywhere)."""
    files: dict[str, str] = {}
    for block in console_blocks():
        for step in steps_of(block):
            if step.is_cat:
                name, text = shlex.split(step.command)[1], "\n".join(step.output) + "\n"
                assert files.setdefault(name, text) == text, f"{block.where}: `cat {name}` shows two contents"
    return files


def prepare_folder(work: Path) -> None:
    """A fresh folder with ``examples`` and ``src`` linked, every placeholder file and every input
    shown with ``$ cat`` in place."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    (work / "src").symlink_to(ROOT / "src", target_is_directory=True)
    for ph in placeholders().values():
        src, dst = ROOT / ph.source, work / ph.name
        if src.is_dir():
            shutil.copytree(src, dst)
        elif ph.edits:
            doc = yaml.safe_load(src.read_text(encoding="utf-8"))
            for path, value in ph.edits.items():
                _set(doc, path, copy.deepcopy(value))
            dst.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        else:
            shutil.copyfile(src, dst)
    for name, text in cat_files().items():
        (work / name).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- console blocks

@dataclass
class Step:
    line: int
    command: str
    output: list[str] = field(default_factory=list)

    @property
    def is_cat(self) -> bool:
        return self.command.startswith("cat ")


def console_blocks() -> list[Block]:
    return [b for page in pages() for b in fenced_blocks(page) if b.info == "console"]


def steps_of(block: Block) -> list[Step]:
    steps: list[Step] = []
    lines = iter(enumerate(block.lines, start=block.line))
    for no, line in lines:
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1] + " " + next(lines)[1].strip()
            steps.append(Step(no, command.strip()))
        else:
            assert steps, f"{rel(block.page)}:{no}: output before any `$ ` command in a console block"
            steps[-1].output.append(line)
    for step in steps:
        words = shlex.split(step.command, comments=True)
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            words = words[1:]
        assert words and words[0] in ("goldmine", "cat"), (
            f"{rel(block.page)}:{step.line}: console blocks run `goldmine` (and `cat FILE` to show an input); "
            f"put other shell commands in a ```bash block: {step.command}")
    return steps


def documented_commands() -> list[tuple[Block, Step]]:
    return [(b, s) for b in console_blocks() for s in steps_of(b) if not s.is_cat]


def expected_exit(step: Step) -> int:
    m = re.search(r"#.*\bexit (?:code )?(\d+)", step.command)
    if m:
        return int(m.group(1))
    shown = [line for line in step.output if line.strip()]
    return 2 if shown and re.match(r"(error:|错误：)", shown[0]) else 0


def output_matches(shown: list[str], actual: str) -> bool:
    """``shown`` (with ``...`` for any text) equals ``actual``, whitespace ignored."""
    want = re.sub(r"\s+", "", "\n".join(shown))
    pattern = ".*?".join(re.escape(part) for part in want.split("..."))
    return re.fullmatch(pattern, re.sub(r"\s+", "", actual), re.S) is not None


def argv_of(command: str, monkeypatch) -> tuple[list[str], str | None]:
    """The argument list of ``goldmine ...`` (globs expanded, ``VAR=value`` set) and the ``>`` target."""
    words = shlex.split(command, comments=True)
    while re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        monkeypatch.setenv(name, value)
    target = None
    if ">" in words:
        i = words.index(">")
        target, words = words[i + 1], words[:i] + words[i + 2:]
    assert words[0] == "goldmine"
    argv: list[str] = []
    for w in words[1:]:
        argv.extend((sorted(glob.glob(w)) or [w]) if any(c in w for c in "*?") else [w])
    return argv, target


def run_step(step: Step, cli, monkeypatch) -> Any:
    argv, target = argv_of(step.command, monkeypatch)
    result = cli(*argv)
    if target is not None:
        Path(target).write_text(result.stdout, encoding="utf-8")
    return result


def _block_params():
    params = []
    for block in console_blocks():
        commands = [s.command for s in steps_of(block) if not s.is_cat]
        bugs = [KNOWN_BUGS[c] for c in commands if c in KNOWN_BUGS]
        marks = [pytest.mark.xfail(strict=True, reason="; ".join(bugs))] if bugs else []
        if any(re.match(r"goldmine (--\S+ \S+ )*(demo|analyze|sector)\b", c) for c in commands):
            marks.append(pytest.mark.slow)
        params.append(pytest.param(block, id=block.where, marks=marks))
    return params


@pytest.mark.parametrize("block", _block_params())
def test_documented_commands_run_as_shown(block, tmp_path, monkeypatch, cli):
    work = tmp_path / "work"
    prepare_folder(work)
    monkeypatch.chdir(work)
    for step in steps_of(block):
        where = f"{rel(block.page)}:{step.line}: $ {step.command}"
        if step.is_cat:
            Path(shlex.split(step.command)[1]).write_text("\n".join(step.output) + "\n", encoding="utf-8")
            continue
        result = run_step(step, cli, monkeypatch)
        assert result.exit_code == expected_exit(step), f"{where}\nexit code {result.exit_code}: {result!r}"
        if any(line.strip() for line in step.output):
            assert (output_matches(step.output, result.stdout + result.stderr)
                    or output_matches(step.output, result.stderr + result.stdout)), (
                f"{where}\nthe docs show:\n" + "\n".join(step.output)
                + f"\n\nthe command printed:\n{result.stderr}{result.stdout}")


def test_output_comparison_is_strict_where_it_should_be():
    assert output_matches(["error: a.yaml: x: expected 1,", "found 2"], "error: a.yaml: x: expected 1, found 2\n")
    assert output_matches(["...", "found 2", "..."], "lots\nof text found 2 and more")
    assert not output_matches(["found 3"], "found 2")
    assert not output_matches(["found 2"], "found 2 and more")        # no elision shown: all of it
    assert output_matches(['{"a": 1,', "...", '}'], '{\n  "a": 1,\n  "b": [2]\n}\n')


# ---------------------------------------------------------------- synopses and the count

def test_example_commands_are_runnable_blocks():
    """A ``goldmine`` line outside a console block is a synopsis, never an example left unrun."""
    for page in pages():
        for block in fenced_blocks(page):
            if block.info == "console":
                continue
            for no, line in enumerate(block.lines, start=block.line):
                stripped = line.strip()
                assert not stripped.startswith("$ goldmine"), (
                    f"{rel(page)}:{no}: an example with `$ `: mark the block ```console so the docs test runs it")
                if block.info in ("", "text") and stripped.startswith("goldmine "):
                    assert re.search(r"\[|\||\.\.\.", stripped.split("#")[0]), (
                        f"{rel(page)}:{no}: `{stripped}` is an example, not a synopsis: put it in a ```console "
                        "block as `$ goldmine ...` so the docs test runs it")


def count_text() -> str:
    commands = documented_commands()
    blocks = {id(b) for b, _ in commands}
    keyed = {c for c, _ in key_tables()}
    return (f"The docs test runs **{len(commands)} documented commands** in {len(blocks)} console blocks, "
            f"and {len(keyed)} more commands behind {len(key_tables())} JSON key tables "
            "(`tests/test_docs_commands.py`; this count is generated by it).")


def test_documented_command_count_is_current():
    print(count_text())
    check_region(DOCS / "cli.md", "docs-test-count", count_text)


# ---------------------------------------------------------------- the CLI's commands and options

def cli_commands() -> dict[str, list[Any]]:
    """``"sentiment eval"`` -> the command's click parameters, for every command of the CLI."""
    import typer.main

    from goldmine.cli import build_app

    root = typer.main.get_command(build_app("en"))
    out: dict[str, list[Any]] = {}

    def walk(cmd: Any, path: list[str]) -> None:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
        else:
            out[" ".join(path)] = list(cmd.params)

    walk(root, [])
    return out


def option_names(params: list[Any]) -> list[str]:
    return [name for p in params if getattr(p, "param_type_name", "") == "option"
            for name in (*p.opts, *p.secondary_opts) if name.startswith("--")]


def command_of(words: list[str], commands: dict[str, list[Any]]) -> str | None:
    """The CLI command a ``goldmine`` word list invokes (global options skipped); alternatives
    such as ``add|list`` give the first."""
    rest = list(words)
    while rest and rest[0].startswith("-"):
        rest = rest[2:] if rest[0] == "--lang" else rest[1:]
    for n in (2, 1):
        name = " ".join(w.split("|")[0] for w in rest[:n])
        if name in commands:
            return name
    return None


def synopsis_homes() -> dict[str, set[Path]]:
    """Command -> the docs pages whose synopsis (``goldmine CMD ...`` in a plain block) names it."""
    commands = cli_commands()
    homes: dict[str, set[Path]] = {}
    for page in sorted(DOCS.glob("*.md")):
        for block in fenced_blocks(page):
            if block.info not in ("", "text"):
                continue
            for line in block.lines:
                bare = line.split("#")[0]
                while re.search(r"\[[^\[\]]*\]", bare):        # drop optional parts, innermost first
                    bare = re.sub(r"\[[^\[\]]*\]", "", bare)
                words = bare.split()
                if not words or words[0] != "goldmine":
                    continue
                rest = words[1:]
                heads = rest[0].split("|") if rest else []
                for alternative in heads:
                    for sub in (rest[1].split("|") if len(rest) > 1 else [""]):
                        for name in (f"{alternative} {sub}".strip(), alternative):
                            if name in commands:
                                homes.setdefault(name, set()).add(page)
    return homes


def test_every_command_has_a_synopsis_in_the_docs():
    homes = synopsis_homes()
    missing = sorted(set(cli_commands()) - set(homes))
    assert not missing, f"commands with no synopsis (```` ``` ```` block line `goldmine CMD [...]`) in docs/: {missing}"


def test_every_option_is_documented_on_its_page():
    """Each option of each command appears on the page whose synopsis names the command; the global
    options on docs/cli.md (issue #21: `bubble --date-column`, `startups add --note` ... were not)."""
    import typer.main

    from goldmine.cli import build_app

    homes = synopsis_homes()
    missing = []
    for command, params in cli_commands().items():
        text = "\n".join(p.read_text(encoding="utf-8") for p in homes.get(command, ()))
        missing += [f"goldmine {command} {o}" for o in option_names(params) if not re.search(re.escape(o) + r"\b", text)]
    root = typer.main.get_command(build_app("en"))
    cli_md = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing += [f"goldmine {o} (docs/cli.md)" for o in option_names(root.params) if o not in cli_md]
    assert not missing, "options not documented on their page:\n" + "\n".join(missing)


# ---------------------------------------------------------------- JSON key tables

@dataclass
class KeyNode:
    """A documented JSON object, list or value: named children, or one child for every key of a map."""

    is_list: bool = False
    optional: bool = False
    named: dict[str, KeyNode] = field(default_factory=dict)
    each: KeyNode | None = None
    each_names: frozenset[str] | None = None
    origin: str = ""
    seen: bool = False

    @property
    def has_children(self) -> bool:
        return bool(self.named) or self.each is not None


def split_path(path: str) -> list[str]:
    return re.findall(r"<[^>]*>(?:\[\])?|[^.<]+", path)


def add_path(root: KeyNode, path: str, origin: str) -> None:
    node = root
    for seg in split_path(path):
        optional = seg.endswith("?")
        seg = seg.removesuffix("?")
        is_list = seg.endswith("[]")
        name = seg[:-2] if is_list else seg
        if name.startswith("<"):
            inner = name[1:-1]
            names = frozenset(inner.split("|")) if "|" in inner else None
            assert not node.named, f"{origin}: {path}: a map (<...>) beside named keys"
            if node.each is None:
                node.each, node.each_names = KeyNode(origin=origin), names
            child = node.each
        else:
            assert node.each is None, f"{origin}: {path}: named keys beside a map (<...>)"
            child = node.named.setdefault(name, KeyNode(origin=origin))
        child.is_list = child.is_list or is_list
        child.optional = child.optional or optional
        node = child


def cell_paths(cell: str, previous: str | None = None) -> list[str]:
    """The key paths of a table's first cell; ``.x`` continues the parent of the previous path (in
    this cell, else ``previous``, the last path of the row above)."""
    out: list[str] = []
    for span in re.findall(r"`([^`]+)`", cell):
        if span.startswith("."):
            last = out[-1] if out else previous
            assert last, f"`{span}` continues no path"
            parent = split_path(last)[:-1]
            span = ".".join([*parent, span[1:]]) if parent else span[1:]
        out.append(span)
    return out


def key_tables() -> list[tuple[str, str]]:
    """(command, where) for each ``<!-- keys: ... -->`` table."""
    found = []
    for page in pages():
        for no, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            m = re.match(r"<!-- keys: (.+?) -->\s*$", line)
            if m:
                found.append((m.group(1).split(" | ")[0].strip(), f"{rel(page)}:{no}"))
    return found


def key_trees() -> dict[str, KeyNode]:
    """Command -> the documented tree of keys, merged over all its tables."""
    trees: dict[str, KeyNode] = {}
    for page in pages():
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"<!-- keys: (.+?) -->\s*$", line)
            if not m:
                continue
            command, *prefixes = [p.strip() for p in m.group(1).split(" | ")]
            where = f"{rel(page)}:{i + 1}"
            assert i + 1 < len(lines) and lines[i + 1].startswith("|"), f"{where}: a key marker must stand right above its table"
            root = trees.setdefault(command, KeyNode(origin=where))
            last: str | None = None
            for cells in table_rows(lines[i + 1:]):
                paths = cell_paths(cells[0], last)
                assert paths, f"{where}: a row without a `key`: {cells}"
                last = paths[-1]
                for prefix in prefixes or [""]:
                    for path in paths:
                        add_path(root, f"{prefix}.{path}" if prefix else path, where)
    return trees


def compare_keys(node: KeyNode, value: Any, path: str, errors: list[str]) -> None:
    if node.is_list:
        if value is None:
            return
        if not isinstance(value, list):
            errors.append(f"{path}: documented as a list, found {type(value).__name__}")
            return
        if value:
            node.seen = True
        for item in value:
            _compare_object(node, item, f"{path}[]", errors)
    else:
        _compare_object(node, value, path, errors)


def _compare_object(node: KeyNode, value: Any, path: str, errors: list[str]) -> None:
    if not node.has_children or value is None:
        return
    if not isinstance(value, dict):
        errors.append(f"{path or '(top)'}: documented as an object, found {type(value).__name__}")
        return
    node.seen = True
    prefix = f"{path}." if path else ""
    if node.named:
        extra = sorted(set(value) - set(node.named))
        missing = sorted(k for k in set(node.named) - set(value) if not node.named[k].optional)
        errors += [f"{prefix}{k}: printed but not documented ({node.origin})" for k in extra]
        errors += [f"{prefix}{k}: documented ({node.origin}) but not printed" for k in missing]
        for k, child in node.named.items():
            if k in value:
                compare_keys(child, value[k], prefix + k, errors)
    else:
        assert node.each is not None
        if node.each_names is not None and set(value) != node.each_names:
            errors.append(f"{path}: keys {sorted(value)} but documented <{'|'.join(sorted(node.each_names))}> ({node.origin})")
        for k, v in value.items():
            compare_keys(node.each, v, prefix + k, errors)


def unseen(node: KeyNode, path: str = "") -> list[str]:
    """Documented objects (with documented keys) that no compared output held."""
    out = [f"{path or '(top)'} ({node.origin})"] if node.has_children and not node.seen else []
    for k, child in node.named.items():
        out += unseen(child, f"{path}.{k}" if path else k)
    if node.each is not None:
        out += unseen(node.each, f"{path}.<...>" if path else "<...>")
    return out


@pytest.mark.parametrize("command", sorted(key_trees()), ids=lambda c: c.removeprefix("goldmine "))
def test_json_keys_match_their_table(command, tmp_path, monkeypatch, cli):
    """Both ways at every documented object, and every documented object occurs in the output."""
    tree = key_trees()[command]
    work = tmp_path / "work"
    prepare_folder(work)
    monkeypatch.chdir(work)
    result = None
    for part in command.split(" && "):
        result = run_step(Step(0, part), cli, monkeypatch)
        assert result.exit_code == 0, f"{part}: {result!r}"
    assert result is not None
    doc = json.loads(result.stdout)
    errors: list[str] = []
    compare_keys(tree, doc, "", errors)
    assert not errors, f"{command}:\n" + "\n".join(dict.fromkeys(errors))
    missing = unseen(tree)
    assert not missing, (f"{command}: documented objects that this command's output never holds (pick a command "
                         "that exercises them, or add a second key table):\n" + "\n".join(missing))


def test_every_json_command_has_a_key_table():
    """The key-table check covers every command with ``--json`` (issue #21)."""
    commands = cli_commands()
    with_json = {c for c, params in commands.items() if "--json" in option_names(params)}
    covered = set()
    for command, _ in key_tables():
        last = shlex.split(command.split(" && ")[-1])
        assert last[0] == "goldmine" and "--json" in last, f"key table of {command}: not a `goldmine ... --json` command"
        name = command_of(last[1:], commands)
        assert name is not None, f"key table of {command}: no such command"
        covered.add(name)
    assert not with_json - covered, f"commands with --json but no key table: {sorted(with_json - covered)}"


def test_key_paths_parse():
    root = KeyNode(origin="t")
    for p in cell_paths("`dimensions.<technical|market>.rating`, `.weight`"):
        add_path(root, p, "t")
    for p in cell_paths("`steps[].issues[].holder`, `.shares`"):
        add_path(root, p, "t")
    assert set(root.named) == {"dimensions", "steps"}
    assert root.named["dimensions"].each_names == {"technical", "market"}
    assert set(root.named["dimensions"].each.named) == {"rating", "weight"}
    issues = root.named["steps"].named["issues"]
    assert root.named["steps"].is_list and issues.is_list and set(issues.named) == {"holder", "shares"}
    errors: list[str] = []
    compare_keys(root, {"dimensions": {"technical": {"rating": 1, "weight": 2}, "market": {"rating": 1}},
                        "steps": [{"issues": [{"holder": "a", "shares": 1, "price": 2}]}], "extra": 1}, "", errors)
    assert sorted(errors) == sorted([
        "dimensions.market.weight: documented (t) but not printed",
        "extra: printed but not documented (t)",
        "steps[].issues[].price: printed but not documented (t)"])
