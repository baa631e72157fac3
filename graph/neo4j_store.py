"""The production store: Neo4j 5 through the official ``neo4j`` driver.

Connectivity is checked when the store opens, so a wrong URI or password fails
with one line saying what to do. Read-only stores open READ sessions, and the
server refuses writes in them.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from policykg.errors import QueryError, ReadOnlyError, StoreError
from policykg.graph.schema import neo4j_ddl
from policykg.graph.store import Runner, RowsRunner, Store


class _TxRunner(RowsRunner):
    dialect = "neo4j"

    def __init__(self, tx: Any) -> None:
        self._tx = tx

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return _data(lambda: self._tx.run(cypher, params or {}))


def _plain(value: Any) -> Any:
    from neo4j.graph import Node, Relationship

    if isinstance(value, (Node, Relationship)):
        return dict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _data(call: Any) -> list[dict[str, Any]]:
    from neo4j.exceptions import ClientError

    try:
        result = call()
        return [{k: _plain(v) for k, v in record.items()} for record in result]
    except ClientError as err:
        code = err.code or ""
        if "ForbiddenOnReadOnlyDatabase" in code or "AccessMode" in code or "WriteOnReadOnly" in code:
            raise ReadOnlyError("the store is open read-only; this statement writes (pass --write to allow it)") from err
        raise QueryError(f"Neo4j rejected the statement: {err.message}") from err


class Neo4jStore(Store):
    dialect = "neo4j"

    def __init__(self, uri: str, user: str, password: str | None, database: str | None = None,
                 read_only: bool = False) -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.location = uri
        self.read_only = read_only
        self._database = database or None
        self._mode = neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS
        auth = (user, password) if password else None
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth)
            self._driver.verify_connectivity()
        except AuthError as err:
            raise StoreError(f"Neo4j at {uri} refused the credentials; check NEO4J_USER and NEO4J_PASSWORD") from err
        except (ServiceUnavailable, ValueError, OSError) as err:
            raise StoreError(
                f"cannot reach Neo4j at {uri}; start it with `docker compose up -d` or fix NEO4J_URI"
            ) from err

    def _session(self) -> Any:
        return self._driver.session(database=self._database, default_access_mode=self._mode)

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._session() as session, session.begin_transaction() as tx:
            rows = _TxRunner(tx).run(cypher, params)
            tx.commit()
            return rows

    @contextmanager
    def transaction(self) -> Iterator[Runner]:
        if self.read_only:
            raise ReadOnlyError(f"{self.location} is open read-only; cannot start a write transaction")
        with self._session() as session:
            tx = session.begin_transaction()
            try:
                yield _TxRunner(tx)
            except BaseException:
                tx.rollback()
                raise
            else:
                tx.commit()

    def ensure_schema(self) -> None:
        if self.read_only:
            return
        for statement in neo4j_ddl():
            self.run(statement)

    def close(self) -> None:
        driver, self._driver = getattr(self, "_driver", None), None
        if driver is not None:
            driver.close()
