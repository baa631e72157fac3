"""The notebook API: one object over one store, calling the same functions as the CLI.

Open a store, load documents, ask questions, draw maps::

    import policykg
    with policykg.open("policy.lbdb") as kg:          # or policykg.open() / policykg.open(neo4j_uri=…)
        kg.load(["docs/"], workers=2)                  # the LoadSummary `policykg load` prints from
        kg.stats()                                     # {"nodes": {...}, "relationships": {...}}
        kg.query("department-partners", department="发改局")     # a list of dicts
        kg.query_df("departments-ranked")              # a pandas DataFrame (pip install 'policykg[notebook]')
        kg.cypher("MATCH (d:Department) RETURN d.name AS name LIMIT 5")   # read-only unless write=True
        g = kg.to_networkx(department="发改局", hops=2)  # the selection `policykg export` writes
        kg.map(department="发改局", hops=2).save("map.html")            # the offline map `policykg map` writes
        kg.map(collaboration=True, min_shared=2).to_pyvis()            # a pyvis Network, for Jupyter display

Each method is one call into the library (:mod:`graph.ingest`, :mod:`queries.catalog`,
:mod:`queries.subgraph`, :mod:`visualizations.render`, …), the same call the ``policykg``
command makes, so the notebook and the command line give the same answers.

The store stays open between calls (the embedded file is locked meanwhile): close it with
``kg.close()`` or a ``with`` block so a ``policykg`` command in a terminal can open it.

The examples below run (by ``tests/test_doctests.py``) on a ``kg`` holding the bundled examples:

>>> kg.stats()["nodes"]["Plan"] >= 6
True
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from policykg.errors import InputError, PolicyKGError, ReadOnlyError, StoreError

if TYPE_CHECKING:  # imported lazily: `import policykg` stays light and opens nothing
    import networkx as nx

    from policykg.graph.ingest import LoadSummary
    from policykg.graph.store import Store
    from policykg.visualizations.render import MapPage as Map
    from policykg.visualizations.scope import MapScope


def examples_folder() -> Path:
    """The bundled example documents (package data, so they ship with an installed package).

    >>> sorted(p.suffix for p in examples_folder().iterdir() if p.is_file())[:3]
    ['.docx', '.html', '.md']
    """
    folder = resources.files("policykg") / "examples"
    if not isinstance(folder, Path) or not folder.is_dir():
        raise InputError(f"{folder}: the bundled examples are missing from this installation; "
                         "reinstall policykg (pip install --force-reinstall policykg)")
    return folder


def open(db: str | os.PathLike[str] | None = None, *, neo4j_uri: str | None = None,  # noqa: A001 (policykg.open)
         read_only: bool = False) -> "KnowledgeGraph":
    """Open a knowledge graph: the embedded file ``db``, or Neo4j at ``neo4j_uri``.

    With neither, the same store the CLI uses: ``$NEO4J_URI`` if set, else ``$POLICYKG_DB``,
    else ``<user data folder>/policykg/graph.lbdb``. Neo4j credentials come from
    ``$NEO4J_USER``/``$NEO4J_PASSWORD``. ``read_only=True`` never writes (and needs the file
    to exist); :meth:`KnowledgeGraph.load` then raises :class:`~policykg.errors.ReadOnlyError`.

    >>> import tempfile
    >>> with open(Path(tempfile.mkdtemp()) / "new.lbdb") as fresh:
    ...     fresh.stats()["nodes"]["Plan"]
    0
    """
    return KnowledgeGraph(db=db, neo4j_uri=neo4j_uri, read_only=read_only)


class KnowledgeGraph:
    """A policy knowledge graph in one store; see :mod:`policykg.api` and :func:`policykg.open`."""

    def __init__(self, db: str | os.PathLike[str] | None = None, neo4j_uri: str | None = None,
                 read_only: bool = False) -> None:
        self._db = Path(db).expanduser() if db is not None else None
        self._neo4j_uri = neo4j_uri
        self.read_only = read_only
        self._store: Store | None = None
        self._reopen(write=not read_only)

    # -- the store ---------------------------------------------------------------
    def _reopen(self, write: bool) -> "Store":
        from policykg.graph.store import open_store

        previous = self._store
        if previous is not None:
            previous.close()
            self._store = None
        try:
            self._store = open_store(db=self._db, neo4j_uri=self._neo4j_uri, read_only=not write)
        except PolicyKGError:
            if previous is not None:  # e.g. another process took the file meanwhile: keep what worked
                try:
                    self._store = open_store(db=self._db, neo4j_uri=self._neo4j_uri, read_only=previous.read_only)
                except PolicyKGError:
                    pass  # the first error is the one to report
            raise
        return self._store

    def _use(self, write: bool | None = None) -> "Store":
        """The open store, reopened when a call needs another mode (``write``: True, False or either)."""
        store = self._store
        if store is None:
            raise StoreError("this knowledge graph is closed; open it again with policykg.open(…)")
        if write and self.read_only:
            raise ReadOnlyError(f"{store.location} was opened read-only; open it with "
                                "policykg.open(…, read_only=False) to load or write")
        if write is None or write == (not store.read_only):
            return store
        return self._reopen(write)

    @property
    def store(self) -> "Store":
        """The open :class:`~policykg.graph.store.Store`, for the library's lower-level functions."""
        return self._use()

    @property
    def location(self) -> str:
        """The store's path or URI."""
        return self._use().location

    def close(self) -> None:
        """Close the store (releases the embedded file); closing twice is harmless.

        >>> import tempfile
        >>> other = open(Path(tempfile.mkdtemp()) / "other.lbdb")
        >>> other.close(); other.close(); other
        <policykg.KnowledgeGraph closed>
        """
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = self._store.location if self._store is not None else "closed"
        return f"<policykg.KnowledgeGraph {state}>"

    # -- writing -----------------------------------------------------------------
    def load(self, paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], workers: int | None = 2,
             force: bool = False, max_file_mb: float | None = None,
             on_file: Callable[[Path, str], None] | None = None) -> "LoadSummary":
        """Load files and folders (as ``policykg load``); returns the :class:`~policykg.graph.ingest.LoadSummary`.

        Each file loads or fails on its own; failures are listed in ``summary.failed`` as
        ``(path, one-line reason)``, never raised. An unchanged file is skipped unless ``force``.

        >>> summary = kg.load([examples_folder()], workers=1)
        >>> len(summary.loaded), len(summary.unchanged), summary.failed
        (0, 6, [])
        """
        from policykg.graph.ingest import load_paths

        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        return load_paths(self._use(write=True), [Path(p) for p in paths], workers=workers, force=force,
                          on_file=on_file, max_file_mb=max_file_mb)

    def remove(self, names: Iterable[str] | str) -> None:
        """Forget loaded documents by their stored file names (``policykg remove``), all or nothing.

        >>> kg.remove(["no-such-file.txt"])
        Traceback (most recent call last):
        policykg.errors.InputError: no-such-file.txt: no loaded document is stored under this name ...
        """
        from policykg.graph.writer import remove_sources

        remove_sources(self._use(write=True), _names(names))

    # -- reading -----------------------------------------------------------------
    def stats(self) -> dict[str, dict[str, int]]:
        """Nodes per label and relationships per type (``policykg stats``).

        >>> kg.stats()["relationships"]["LEADS"] > 0
        True
        """
        from policykg.queries.stats import counts

        return counts(self._use())

    def queries(self) -> list[dict[str, Any]]:
        """The named queries with their parameters (``policykg query --list``).

        >>> "department-partners" in [q["name"] for q in kg.queries()]
        True
        """
        from policykg.queries.catalog import catalog

        return [q.to_dict() for q in catalog().values()]

    def query(self, name: str, /, *, limit: int | None = None, **params: Any) -> list[dict[str, Any]]:
        """Run a named query (``policykg query NAME -p key=value``); rows as dicts.

        Entity parameters take any alias; an ambiguous one is a :class:`~policykg.errors.QueryError`
        listing the candidates.

        >>> rows = kg.query("department-partners", department="龙泉市发改局")
        >>> rows[0]["partner"], rows[0]["shared_tasks"]
        ('自然资源和规划局', 4)
        """
        return self.query_result(name, limit=limit, **params).rows

    def query_result(self, name: str, /, *, limit: int | None = None, **params: Any):
        """Like :meth:`query`, with the column order and how each alias was resolved.

        >>> result = kg.query_result("department-partners", department="龙泉市发改局")
        >>> result.resolved[0].entity.label
        'Department'
        """
        from policykg.queries.catalog import run

        return run(self._use(), name, params, limit=limit)

    def query_df(self, name: str, /, *, limit: int | None = None, **params: Any):
        """A named query's rows as a pandas DataFrame (needs ``pip install 'policykg[notebook]'``).

        >>> kg.query_df("departments-ranked", limit=3).shape[0]       # doctest: +SKIP
        3
        """
        try:
            import pandas as pd
        except ImportError:
            raise PolicyKGError("query_df needs pandas, which is not installed; "
                                "pip install 'policykg[notebook]' (or use kg.query for a list of dicts)") from None
        result = self.query_result(name, limit=limit, **params)
        return pd.DataFrame(result.rows, columns=result.columns or None)

    def cypher(self, statement: str, write: bool = False, **params: Any) -> list[dict[str, Any]]:
        """Run Cypher (``policykg cypher``); the store is read-only for it unless ``write=True``.

        Values travel as ``$parameters``; a text of several ``;``-separated statements runs in
        one transaction and returns the last one's rows.

        >>> kg.cypher("MATCH (p:Plan) WHERE p.doc_number = $n RETURN p.title AS title", n="龙政办发〔2023〕41号")
        [{'title': '龙泉市人民政府办公室关于加快青瓷宝剑产业高质量发展的若干意见'}]
        >>> kg.cypher("MATCH (d:Department) SET d.name = 'x'")
        Traceback (most recent call last):
        policykg.errors.ReadOnlyError: refused without --write: SET changes the graph...
        """
        from policykg.exchange.cypher_script import run_script
        from policykg.graph.reading import check_reading

        if not write:  # as `policykg cypher`: one reading statement, checked before the store sees it
            try:
                check_reading(statement)
            except ReadOnlyError as err:
                raise ReadOnlyError(f"{err}; from Python, pass write=True") from None
        store = self._use(write=write)
        try:
            return run_script(store, statement, params)
        except ReadOnlyError:
            if write:
                raise
            raise ReadOnlyError(f"{store.location}: this statement writes; pass write=True to allow it") from None

    def to_networkx(self, plan: str | Iterable[str] = (), department: str | None = None,
                    leader: str | None = None, place: str | None = None, hops: int | None = None,
                    labels: Iterable[str] = (), types: Iterable[str] = (), query: str | None = None,
                    params: Mapping[str, Any] | None = None) -> "nx.MultiDiGraph":
        """The selection ``policykg export`` writes, as a networkx ``MultiDiGraph`` (nodes keyed by id).

        ``plan``: titles, 文号, file names or ids; ``department``/``leader``/``place``: a centre
        (any alias) with everything within ``hops`` (default 1); ``labels``/``types`` keep only
        those; ``query``/``params``: a named query's result as the subgraph.

        >>> g = kg.to_networkx(department="龙泉市发改局", hops=1)
        >>> {d["label"] for _, d in g.nodes(data=True)} >= {"Department", "Task"}
        True
        """
        from policykg.queries.subgraph import select_export

        scope = self._scope(plan, department, leader, place, hops, query, params)
        return select_export(self._use(), plans=scope.plans, department=department, leader=leader, place=place,
                             hops=scope.radius, labels=_names(labels), types=_names(types), query=query,
                             params=scope.params)

    def export(self, path: str | os.PathLike[str], format: str = "json", **selection: Any) -> str:  # noqa: A002
        """Write a selection (``to_networkx``'s options) as ``format`` (``policykg export``); returns the summary line.

        Formats: json (node-link), graphml, gexf, csv (a folder for neo4j-admin), cypher, html.

        >>> import tempfile
        >>> kg.export(Path(tempfile.mkdtemp()) / "plan.graphml", "graphml", plan="龙政办发〔2023〕41号")
        'wrote ... nodes and ... relationships to .../plan.graphml (graphml)'
        """
        from policykg.exchange.formats import write

        return write(self.to_networkx(**selection), format, Path(path))

    def analyze(self, measure: str, network: str = "collaboration", plan: str | Iterable[str] = (),
                jurisdiction: str = "", by: str = "pagerank"):
        """Network analytics (``policykg analyze``): centrality, communities, collaboration or bridges.

        Returns an ``Analysis`` with ``rows`` (dicts), ``columns`` and an ``explanation``.

        >>> top = kg.analyze("centrality", jurisdiction="龙泉市").rows[0]
        >>> top["rank"], top["jurisdiction"]
        (1, '龙泉市')
        """
        from policykg.queries.analytics import analyze

        return analyze(self._use(), measure, network, _names(plan), jurisdiction, by)

    def map(self, plan: str | Iterable[str] = (), department: str | None = None, leader: str | None = None,
            place: str | None = None, hops: int | None = None, query: str | None = None,
            params: Mapping[str, Any] | None = None, collaboration: bool = False, citations: bool = False,
            min_shared: int = 1, max_nodes: int | None = None, size_by: str = "degree",
            color_by: str | None = None, title: str | None = None) -> "Map":
        """The network map ``policykg map`` draws (the same options, the same function), as a ``policykg.Map``.

        ``collaboration``/``citations``: the departments-by-shared-tasks or plans-by-citation view;
        ``min_shared`` keeps collaboration ties of at least that many tasks; above ``max_nodes``
        (default 5000) the map is drawn aggregated and ``.notice`` says so; ``size_by``: degree,
        weighted, pagerank or betweenness; ``color_by``: kind, community or jurisdiction (default:
        community on a collaboration map, kind otherwise).

        ``policykg.Map`` is :class:`~policykg.visualizations.render.MapPage`: ``.save(path)`` writes the
        offline page (returns the path and counts), ``.html`` is its text, ``.data`` what it draws,
        ``.nodes``/``.edges`` the counts drawn, ``.elements()`` nodes and edges as keyword dicts,
        ``.to_pyvis()`` a ``pyvis.network.Network`` of the same picture; in Jupyter it displays itself.

        >>> m = kg.map(collaboration=True, min_shared=2, color_by="jurisdiction")
        >>> m.nodes > 0, m.html.startswith("<!DOCTYPE html>"), m.data["colorBy"]
        (True, True, 'jurisdiction')
        >>> import tempfile
        >>> kg.map(department="龙泉市发改局").save(Path(tempfile.mkdtemp()) / "m.html").nodes > 0
        True
        >>> net = m.to_pyvis()
        >>> len(net.nodes) == m.nodes, "<script src=" in net.generate_html()
        (True, False)
        """
        from policykg.visualizations.render import build_map

        scope = self._scope(plan, department, leader, place, hops, query, params, collaboration, citations,
                            min_shared, max_nodes)
        return build_map(self._use(), scope, size_by=size_by, color_by=color_by, title=title)

    @staticmethod
    def _scope(plan, department, leader, place, hops, query, params, collaboration=False, citations=False,
               min_shared=1, max_nodes=None) -> "MapScope":
        from policykg.visualizations.scope import MAX_NODES, MapScope

        plans = (plan,) if isinstance(plan, str) else tuple(plan or ())
        scope = MapScope(plans=plans, department=department, leader=leader, place=place, hops=hops, query=query,
                         params=dict(params or {}), collaboration=collaboration, citations=citations,
                         min_shared=min_shared, max_nodes=MAX_NODES if max_nodes is None else max_nodes)
        scope.check()
        return scope


def _names(values: Iterable[str] | str) -> list[str]:
    return [values] if isinstance(values, str) else list(values or ())
