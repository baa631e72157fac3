"""Layers import downward only, and only through the one package name.

Read bottom-up: errors → loaders → graph → queries → visualizations → exchange → api → cli.
A module may import from its own layer or any layer below it, never above; it imports our
code as ``policykg.…`` (never a top-level ``graph`` or ``queries``, never relatively), and
never the repository's ``tests`` or ``benchmarks``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("errors", "loaders", "graph", "queries", "visualizations", "exchange", "api", "cli")
RANK = {name: i for i, name in enumerate(LAYERS)}
RANK["__init__"] = RANK["api"]  # `import policykg` re-exports the API
OURS = set(LAYERS) | {"tests", "benchmarks", "examples", "tools"}


def layer_of(path: Path) -> str:
    """``graph/writer.py`` → ``graph``; ``cli.py`` → ``cli``; ``__init__.py`` → ``__init__``."""
    rel = path.relative_to(ROOT)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def library_files() -> list[Path]:
    files = [ROOT / f"{name}.py" for name in ("__init__", "errors", "api", "cli")]
    for package in ("loaders", "graph", "queries", "visualizations", "exchange"):
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def problems(source: str, layer: str) -> list[str]:
    """What is wrong with the imports of one module of ``layer``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level:
            found.append(f"line {node.lineno}: relative import; write `from policykg.… import …`")
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            if node.module == "policykg":  # from policykg import __version__ / errors / api …
                names = [f"policykg.{a.name}" if a.name in RANK else "policykg.__init__" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] in OURS:
                found.append(f"line {node.lineno}: imports top-level `{name}`; use policykg.{name}")
            elif parts[0] == "policykg":
                target = parts[1] if len(parts) > 1 else "__init__"
                if target not in RANK:
                    found.append(f"line {node.lineno}: imports `{name}`, which is not a layer of the package")
                elif RANK[target] > RANK[layer]:
                    found.append(f"line {node.lineno}: {layer} imports `{name}` from the {target} layer above it")
    return found


def test_the_checker_catches_each_kind_of_mistake():
    assert problems("from policykg.queries.catalog import run", "graph")
    assert problems("import policykg.cli", "api")
    assert problems("from policykg import api", "exchange")
    assert problems("from queries.catalog import run", "api")
    assert problems("from tests.headless import chromium", "visualizations")
    assert problems("from .store import Store", "graph")
    assert not problems("from policykg.errors import InputError\nimport policykg.graph.store", "queries")
    assert not problems("from policykg import __version__", "cli")


def test_every_library_module_is_walked():
    files = library_files()
    assert len(files) >= 55
    assert {layer_of(f) for f in files} == set(LAYERS) | {"__init__"}


@pytest.mark.parametrize("path", library_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path):
    assert problems(path.read_text(encoding="utf-8"), layer_of(path)) == []
