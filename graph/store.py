"""The store: one interface over two real graph stores, what it returns, how to open one.

A :class:`Store` runs parameterised Cypher and groups writes in transactions.
:mod:`graph.ladybug_store` (embedded, the default) and :mod:`graph.neo4j_store`
implement it; :func:`open_store` picks one. Callers pass the store in
(it is never opened at import time) and use it as a context manager::

    with open_store(db=Path("g.lbdb")) as store:
        rows = store.run("MATCH (p:Plan) RETURN p.title AS title")

Results are lists of plain dicts keyed by the RETURN column names, the same for
both stores. A node comes back as a :class:`Node`: a plain ``dict`` of its properties
(so ``row["d"]["name"]`` works and it compares equal to a dict), which also knows its
``label``. A :class:`Relationship` knows its ``type``; a :class:`Path` holds its nodes
and relationships in order, with the direction of each relationship, so it can be
printed as a chain. ``dialect`` is ``"ladybug"`` or ``"neo4j"``; code that needs a
per-dialect statement (rare: ``label()`` vs ``labels()``, shortest paths) looks at it.

>>> n = Node({"id": "dept:龙泉市:财政局", "name": "财政局"}, "Department")
>>> n == {"id": "dept:龙泉市:财政局", "name": "财政局"}, n.label
(True, 'Department')

The embedded store also needs room on its disk (:func:`check_space`, below).
"""

from __future__ import annotations

import errno
import os
import pathlib  # imported whole: `Path` in this module is a graph path (nodes and relationships)
import shutil
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Protocol

from policykg.errors import PolicyKGError, StoreError

if TYPE_CHECKING:
    from policykg.graph.write_statements import RowStatement


# -- what a statement returns ------------------------------------------------------

class Node(dict):
    """A node's properties, plus the node's ``label``."""

    __slots__ = ("label",)

    def __init__(self, properties: dict[str, Any], label: str) -> None:
        super().__init__(properties)
        self.label = label


class Relationship(dict):
    """A relationship's properties, plus its ``type``."""

    __slots__ = ("type",)

    def __init__(self, properties: dict[str, Any], rel_type: str) -> None:
        super().__init__(properties)
        self.type = rel_type


@dataclass(frozen=True)
class Path:
    """``nodes[i] -relationships[i]- nodes[i+1]``; ``forward[i]`` when that relationship points from
    ``nodes[i]`` to ``nodes[i+1]``. A node the store did not return (the ends of a variable-length
    relationship list on LadybugDB) is ``None``."""

    nodes: tuple[Node | None, ...]
    relationships: tuple[Relationship, ...]
    forward: tuple[bool, ...]


# -- the interface -------------------------------------------------------------------

class Runner(Protocol):
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def run_rows(self, statement: "RowStatement", rows: list[dict[str, Any]]) -> list[dict[str, Any]]: ...


class RowsRunner:
    """``run_rows`` for a runner that sends rows as they are: the plain ``UNWIND $rows`` form, in batches."""

    dialect: str = "neo4j"

    def run_rows(self, statement: "RowStatement", rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Run one statement over many rows (the store decides how they travel); returns what it returns."""
        from policykg.graph.write_statements import null_columns

        out: list[dict[str, Any]] = []
        for chunk in batched(rows):
            out += self.run(statement.plain(null_columns(chunk), self.dialect), {"rows": chunk})
        return out


class Store(RowsRunner, ABC):
    dialect: str
    read_only: bool
    location: str  # a path or URI, for messages

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement in its own transaction and return its rows."""

    @abstractmethod
    def transaction(self) -> Iterator[Runner]:
        """Context manager: statements run inside commit together or not at all."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create tables / constraints if they do not exist yet (idempotent)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def batched(rows: list[dict[str, Any]], size: int = 1000) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


# -- opening a store -----------------------------------------------------------------
# Neo4j when a URI is given, else the embedded file. Precedence for the embedded path: ``db``
# argument (``--db``), then ``$POLICYKG_DB``, then ``<user data folder>/policykg/graph.lbdb``.
# Neo4j: ``neo4j_uri`` (``--neo4j-uri``) or ``$NEO4J_URI``, with ``$NEO4J_USER``, ``$NEO4J_PASSWORD``
# and ``$NEO4J_DATABASE``. Credentials are read from the environment or flags only and never printed.

def default_db_path() -> pathlib.Path:
    env = os.environ.get("POLICYKG_DB")
    if env:
        return pathlib.Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("policykg") / "graph.lbdb"


def open_store(db: pathlib.Path | None = None, neo4j_uri: str | None = None, read_only: bool = False) -> Store:
    """Open the store the user asked for and make sure its schema exists."""
    uri = neo4j_uri or (None if db else os.environ.get("NEO4J_URI"))
    if uri:
        from policykg.graph.neo4j_store import Neo4jStore

        store: Store = Neo4jStore(
            uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD"),
            database=os.environ.get("NEO4J_DATABASE"),
            read_only=read_only,
        )
    else:
        from policykg.graph.ladybug_store import LadybugStore

        store = LadybugStore(pathlib.Path(db) if db else default_db_path(), read_only=read_only)
    try:
        store.ensure_schema()
    except BaseException:
        try:
            store.close()
        except PolicyKGError:
            pass  # the error on its way out says more than a failed close
        raise
    return store


# -- room to write: free space for the embedded store --------------------------------
# LadybugDB commits to a write-ahead log (``graph.lbdb.wal``) and copies it into the database file
# at a checkpoint (on close, and when the log passes ``ladybug_store.CHECKPOINT_BYTES``). A checkpoint
# writes 1.3 times the log into the database file (300 documents: 9.9 MB of log became 12.7 MB), plus
# shadow copies of the pages it replaces, so a store keeps three times its log free to close. When a
# write to the log itself fails for lack of space, LadybugDB cannot close that database any more (its
# close aborts the process), so the loader checks before each group of documents instead of finding
# out mid-write. A Neo4j store manages its own disk; the check applies to the embedded store only.

MIN_FREE_BYTES = 64 * 1024 * 1024  # room for one group of documents and the pages it touches
_FULL_HINTS = ("no space left", "cannot write to file", "disk full", "quota exceeded")


def wal_bytes(db_path: pathlib.Path) -> int:
    """Bytes in the store's write-ahead log (0 when there is none)."""
    try:
        return os.stat(f"{db_path}.wal").st_size
    except OSError:
        return 0


def needed_bytes(db_path: pathlib.Path) -> int:
    """Free space to keep: the margin, plus what a checkpoint of the current log writes."""
    return MIN_FREE_BYTES + 3 * wal_bytes(db_path)


def check_space(store: Store) -> None:
    """Raise :class:`StoreError` when the embedded store's disk is too full to write and close safely.

    >>> check_space(store)            # doctest: +SKIP
    StoreError: /data: 41 MB free on this disk, under the 64 MB a safe write needs …
    """
    if getattr(store, "dialect", None) != "ladybug":
        return
    db_path = pathlib.Path(store.location)
    folder = db_path.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # the store reports its own error when it cannot write
    need = needed_bytes(db_path)
    if free < need:
        raise StoreError(f"{folder}: {free / 2**20:.1f} MB free on this disk, under the {need / 2**20:.1f} MB the "
                         "store needs to write and checkpoint safely; stopped before writing more (every document "
                         "committed so far is kept): free some space and run the same command again")


def is_out_of_space(err: BaseException) -> bool:
    """Whether ``err`` says a write failed for lack of space (ENOSPC, or LadybugDB's IO message)."""
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(err).lower()
    return any(hint in text for hint in _FULL_HINTS)


__all__ = ["Store", "Runner", "RowsRunner", "batched", "Node", "Relationship", "Path", "open_store",
           "default_db_path", "check_space", "is_out_of_space"]
