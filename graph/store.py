"""One interface over two real graph stores.

A :class:`Store` runs parameterised Cypher and groups writes in transactions.
:mod:`graph.ladybug_store` (embedded, the default) and :mod:`graph.neo4j_store`
implement it; :func:`graph.open.open_store` picks one. Callers pass the store in
(it is never opened at import time) and use it as a context manager::

    with open_store(db=Path("g.lbdb")) as store:
        rows = store.run("MATCH (p:Plan) RETURN p.title AS title")

Results are lists of plain dicts keyed by the RETURN column names, the same for
both stores; a node, relationship or path is a :mod:`graph.values` object (a node is
its property dict, which also knows its label). ``dialect`` is ``"ladybug"`` or ``"neo4j"``; code that needs a
per-dialect statement (rare: ``label()`` vs ``labels()``, shortest paths) looks at it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator, Protocol

if TYPE_CHECKING:
    from policykg.graph.write_statements import RowStatement


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


__all__ = ["Store", "Runner", "RowsRunner", "batched", "contextmanager"]
