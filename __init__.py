"""policykg: Chinese policy documents → a knowledge graph of plans, tasks, departments and leaders.

From Python (a notebook, a script)::

    import policykg
    with policykg.open("policy.lbdb") as kg:       # policykg.open() / policykg.open(neo4j_uri="bolt://…")
        kg.load(["docs/"], workers=2)
        kg.query("department-partners", department="发改局")
        kg.map(department="发改局", hops=2).save("map.html")

See :mod:`policykg.api` for every method; the ``policykg`` command does the same from a shell.

The package is the repository's root folder installed under one name; read its
layers bottom-up, each importing only from the ones before it:

``errors``          the one exception family (every layer may raise it)
``loaders``         file → clean text → outline → facts → resolved entities (pure, no database)
``graph``           schema, the two stores, the writer and ingest (the only layer that opens sessions)
``queries``         named Cypher queries, subgraph selection, analytics
``visualizations``  offline interactive network maps
``exchange``        export and import formats (json, graphml, gexf, csv, cypher, html)
``api``             :func:`open` → :class:`KnowledgeGraph`, the notebook API (the same library calls as the CLI)
``cli``             the ``policykg`` command

>>> import policykg
>>> isinstance(policykg.__version__, str)
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("policykg")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

from policykg.api import KnowledgeGraph, examples_folder, open  # noqa: A004 (policykg.open is the API)
from policykg.errors import InputError, PolicyKGError, QueryError, ReadOnlyError, StoreError


def __getattr__(name: str):
    """``policykg.Map``: what :meth:`KnowledgeGraph.map` returns (``visualizations.render.MapPage``),
    imported on first use so ``import policykg`` does not load networkx and the map layout."""
    if name == "Map":
        from policykg.visualizations.render import MapPage

        return MapPage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["__version__", "open", "KnowledgeGraph", "Map", "examples_folder",
           "PolicyKGError", "InputError", "StoreError", "ReadOnlyError", "QueryError"]
