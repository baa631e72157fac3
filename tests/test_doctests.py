"""Every ``>>>`` example in the package runs, as written, against the bundled examples.

Examples that need a store use ``kg`` (a :class:`policykg.KnowledgeGraph`) or ``store`` (its
open store), both holding ``examples/``; an example that cannot run here says
``# doctest: +SKIP``. Modules are found by walking the installed layers, so a new module's
examples run without being listed.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import policykg

ROOT_MODULES = ("policykg", "policykg.errors", "policykg.api", "policykg.cli")
SUBPACKAGES = ("loaders", "graph", "queries", "visualizations", "exchange")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def package_modules() -> list[str]:
    """Every module of the package (the repository's tests/, benchmarks/ and tools/ are not part of it)."""
    names = list(ROOT_MODULES)
    for sub in SUBPACKAGES:
        package = importlib.import_module(f"policykg.{sub}")
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


MODULES = package_modules()


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    with policykg.open(tmp_path_factory.mktemp("doctests") / "graph.lbdb") as kg:
        summary = kg.load([policykg.examples_folder()], workers=1)
        assert summary.ok and len(summary.loaded) == 6
        yield kg


def test_the_walk_finds_the_modules_with_examples():
    with_examples = [m for m in MODULES if doctest.DocTestFinder().find(importlib.import_module(m))
                     and any(t.examples for t in doctest.DocTestFinder().find(importlib.import_module(m)))]
    assert len(MODULES) >= 55
    assert len(with_examples) >= 35
    assert {"policykg.api", "policykg.loaders.read", "policykg.visualizations.pyvis_network"} <= set(with_examples)


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name, kg):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module, name, extraglobs={"kg": kg, "store": kg.store}):
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, "".join(report)
