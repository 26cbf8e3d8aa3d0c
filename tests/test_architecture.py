"""The layers of DESIGN.md §3 hold (issue #12): a test fails when an analytics package imports an
adapter or does file I/O, when a dependency points up the layers, or when packages import each other
in a cycle.  Imports inside functions count as much as top-level ones.

Layers, from the bottom (docs/architecture.md):

0. foundation — errors, i18n, jsonutil, results, datafiles, config, model
1. metrics — derived quantities, one home each
2. analytics — risk, market, finance, financing, valuation, bubble, sentiment (pure)
3. pipeline — one use case per command
4. adapters — io, store, parallel, report, cli
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "goldmine"

LAYERS = {
    "errors": 0, "i18n": 0, "jsonutil": 0, "results": 0, "datafiles": 0, "config": 0, "model": 0, "__init__": 0,
    "__main__": 4,
    "metrics": 1, "growth": 1,
    "risk": 2, "market": 2, "finance": 2, "financing": 2, "valuation": 2, "bubble": 2, "sentiment": 2, "outcomes": 2, "deal": 2, "landscape": 2, "sector": 2, "portfolio": 2,
    "pipeline": 3,
    "io": 4, "store": 4, "parallel": 4, "report": 4, "cli": 4, "api": 4,
}
ANALYTICS = ("metrics", "growth", "risk", "market", "finance", "financing", "valuation", "bubble", "sentiment", "outcomes", "deal", "landscape", "sector", "portfolio")
ADAPTERS = ("pipeline", "report", "cli", "store", "io", "api")
# Deliberate exceptions, each explained in docs/architecture.md ("Deliberate exceptions").
ALLOWED_UPWARD = {("bubble", "parallel")}

# Calls that read or write files (or the package's resources) directly.
IO_FUNCTIONS = {"open"}
IO_METHODS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "mkdir", "unlink", "rmdir", "touch",
              "savefig", "to_csv", "to_excel", "to_parquet", "to_pickle", "iterdir", "glob"}
IO_MODULE_CALLS = {("yaml", "safe_load"), ("yaml", "load"), ("yaml", "dump"), ("yaml", "safe_dump"), ("json", "load"),
                   ("json", "dump"), ("pickle", "load"), ("pickle", "dump"), ("joblib", "load"), ("joblib", "dump"),
                   ("resources", "files"), ("np", "load"), ("np", "save"), ("np", "savez"), ("os", "remove"),
                   ("shutil", "copy"), ("shutil", "rmtree")}
IO_PREFIX_CALLS = {("pd", "read_")}


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def package_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def goldmine_imports(tree: ast.AST, path: Path) -> set[str]:
    """The goldmine packages a module imports (``goldmine.<package>``), relative imports resolved."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "goldmine" and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found.add(package_of(path))
            elif node.module and node.module.split(".")[0] == "goldmine":
                parts = node.module.split(".")
                if len(parts) > 1:
                    found.add(parts[1])
                else:
                    found.update(alias.name for alias in node.names)
    return found


def io_calls(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id in IO_FUNCTIONS:
            out.append(f"{f.id}() at line {node.lineno}")
        elif isinstance(f, ast.Attribute):
            if f.attr in IO_METHODS:
                out.append(f".{f.attr}() at line {node.lineno}")
            elif isinstance(f.value, ast.Name):
                pair = (f.value.id, f.attr)
                if pair in IO_MODULE_CALLS or any(f.value.id == m and f.attr.startswith(p) for m, p in IO_PREFIX_CALLS):
                    out.append(f"{f.value.id}.{f.attr}() at line {node.lineno}")
    return out


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in modules():
        pkg = package_of(path)
        deps = goldmine_imports(ast.parse(path.read_text(encoding="utf-8")), path) - {pkg}
        edges.setdefault(pkg, set()).update(deps)
    return edges


def test_every_package_has_a_layer():
    unknown = sorted(set(graph()) - set(LAYERS))
    assert not unknown, f"packages without a layer in tests/test_architecture.py and docs/architecture.md: {unknown}"


def test_dependencies_point_down_the_layers():
    bad = []
    for pkg, deps in graph().items():
        for dep in deps:
            if dep in LAYERS and LAYERS[dep] > LAYERS[pkg] and (pkg, dep) not in ALLOWED_UPWARD:
                bad.append(f"goldmine.{pkg} (layer {LAYERS[pkg]}) imports goldmine.{dep} (layer {LAYERS[dep]})")
    assert not bad, "\n".join(sorted(bad))


@pytest.mark.parametrize("pkg", ANALYTICS)
def test_analytics_import_no_adapter(pkg):
    bad = []
    for path in modules():
        if package_of(path) != pkg:
            continue
        for dep in goldmine_imports(ast.parse(path.read_text(encoding="utf-8")), path):
            if dep in ADAPTERS:
                bad.append(f"{path.relative_to(SRC)} imports goldmine.{dep}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("pkg", ANALYTICS)
def test_analytics_do_no_file_io(pkg):
    bad = []
    for path in modules():
        if package_of(path) != pkg:
            continue
        bad += [f"{path.relative_to(SRC)}: {c}" for c in io_calls(ast.parse(path.read_text(encoding="utf-8")))]
    assert not bad, "analytics read configuration through goldmine.config and data through goldmine.datafiles:\n" + "\n".join(bad)


def test_no_import_cycles_between_packages():
    edges = graph()
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        for dep in sorted(edges.get(node, ())):
            if dep in stack:
                cycle = stack[stack.index(dep):] + [dep]
                if cycle[0] == min(cycle[:-1]):
                    cycles.append(" -> ".join(cycle))
            elif dep in edges:
                visit(dep, stack + [dep])

    for start in sorted(edges):
        visit(start, [start])
    assert not cycles, "import cycles between packages:\n" + "\n".join(sorted(set(cycles)))


def test_the_checks_catch_what_they_should(tmp_path):
    """The AST checks themselves: file I/O and an upward import are found."""
    tree = ast.parse("import yaml\nfrom goldmine.report import charts\ndef f(p):\n    return yaml.safe_load(p.read_text())\n")
    assert len(io_calls(tree)) == 2
    assert "report" in goldmine_imports(tree, SRC / "risk" / "x.py")


# ---------------------------------------------------------------------------- errors carry keys
ERROR_CALLS = {"GoldmineError", "AnalysisError", "StorageError", "NotFoundError", "BackendError", "_error"}


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def test_errors_and_problems_carry_catalogue_keys():
    """Every error raised with a literal message key names a key of the catalogue, never English text;
    every Problem's expectation is a key too (issue #12: errors carry a key, parameters, a field path)."""
    from goldmine.i18n import has_key

    bad = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            if name in ERROR_CALLS and node.args:
                if len(node.args) > 1 and name != "_error":
                    bad.append(f"{where}: {name} with {len(node.args)} positional texts (use a key and parameters)")
                key = _literal(node.args[0])
                if key is not None and not has_key(key):
                    bad.append(f"{where}: {name}({key!r}): not a catalogue key")
            if name == "Problem" and len(node.args) >= 2:
                key = _literal(node.args[1])
                if key is not None and not has_key(key):
                    bad.append(f"{where}: Problem(..., {key!r}): not a catalogue key")
    assert not bad, "\n".join(bad)
