"""The production store: Neo4j 5 through the official ``neo4j`` driver.

Connectivity is checked when the store opens, so a wrong URI or password fails
with one line saying what to do. Read-only stores open READ sessions, and the
server refuses writes in them.

Credentials come from ``$NEO4J_USER``/``$NEO4J_PASSWORD``, or from the URI itself
(``bolt://user:secret@host``, which the driver refuses, so they are taken out and
passed as auth). No message prints a password: the store's ``location`` and every
error name the URI through :func:`redact` (``bolt://user:***@host``).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator
from urllib.parse import unquote

from policykg.errors import QueryError, ReadOnlyError, StoreError
from policykg.graph.schema import neo4j_ddl
from policykg.graph.store import Node, Path, Relationship, Runner, RowsRunner, Store


class _TxRunner(RowsRunner):
    dialect = "neo4j"

    def __init__(self, tx: Any) -> None:
        self._tx = tx

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return _data(lambda: self._tx.run(cypher, params or {}))


def _plain(value: Any) -> Any:
    import neo4j.graph as driver

    if isinstance(value, driver.Node):
        return Node(dict(value), next(iter(sorted(value.labels)), None))
    if isinstance(value, driver.Relationship):
        return Relationship(dict(value), value.type)
    if isinstance(value, driver.Path):
        nodes = list(value.nodes)
        return Path(tuple(_plain(n) for n in nodes), tuple(_plain(r) for r in value.relationships),
                    tuple(r.start_node.element_id == a.element_id for r, a in zip(value.relationships, nodes)))
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _data(call: Any) -> list[dict[str, Any]]:
    from neo4j.exceptions import ClientError, DriverError

    try:
        result = call()
        return [{k: _plain(v) for k, v in record.items()} for record in result]
    except DriverError as err:  # the connection dropped mid-query; no traceback, no URI
        raise StoreError(f"lost the connection to Neo4j ({type(err).__name__}); check that the server is running "
                         "and run the command again") from None
    except ClientError as err:
        code = err.code or ""
        if "ForbiddenOnReadOnlyDatabase" in code or "AccessMode" in code or "WriteOnReadOnly" in code:
            raise ReadOnlyError("the store is open read-only; this statement writes (pass --write to allow it)") from err
        raise QueryError(f"Neo4j rejected the statement: {err.message}") from err


BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without user:password@, user, password)``; user and password are None when absent.

    Everything between ``://`` and the last ``@`` counts as credentials, so a password holding
    ``/``, ``?`` or ``@`` is still taken out whole.

    >>> split_credentials("bolt://neo4j:p%40ss@db:7687")
    ('bolt://db:7687', 'neo4j', 'p@ss')
    """
    head, sep, rest = uri.partition("://")
    if not sep:
        head, rest = "", uri
    if "@" not in rest:
        return uri, None, None
    userinfo, _, host = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return f"{head}{sep}{host}", unquote(user) or None, unquote(password) if colon else None


def redact(uri: str) -> str:
    """The URI for messages: any password replaced by ``***``.

    >>> redact("bolt://neo4j:secret@db:7687")
    'bolt://neo4j:***@db:7687'
    """
    clean, user, password = split_credentials(uri)
    if user is None and password is None:
        return uri
    head, sep, host = clean.partition("://") if "://" in clean else ("", "", clean)
    return f"{head}{sep}{user or ''}{':***' if password is not None else ''}@{host}"


def _check_scheme(uri: str, shown: str) -> None:
    scheme = uri.partition("://")[0].lower() if "://" in uri else ""
    if scheme in BOLT_SCHEMES:
        return
    if scheme in ("http", "https"):
        raise StoreError(f"{shown}: policykg talks to Neo4j over Bolt; use bolt://HOST:7687 or neo4j://HOST:7687 "
                         "(http is the browser's port, 7474)")
    raise StoreError(f"{shown}: not a Neo4j URI; use bolt://HOST:7687 or neo4j://HOST:7687 in --neo4j-uri or "
                     "NEO4J_URI (or --db PATH for the embedded store)")


class Neo4jStore(Store):
    dialect = "neo4j"

    def __init__(self, uri: str, user: str, password: str | None, database: str | None = None,
                 read_only: bool = False) -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

        shown = redact(uri)
        self.location = shown
        self.read_only = read_only
        self._database = database or None
        self._mode = neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS
        _check_scheme(uri, shown)
        uri, uri_user, uri_password = split_credentials(uri)
        if uri_password is not None:
            user, password = uri_user or user, uri_password
        auth = (user, password) if password else None
        # `from None`: the driver's own messages can repeat the URI, so they are not chained.
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth)
            self._driver.verify_connectivity()
        except AuthError:
            self.close()
            raise StoreError(f"Neo4j at {shown} refused the credentials; check NEO4J_USER and NEO4J_PASSWORD") from None
        except (ConfigurationError, ValueError) as err:
            self.close()
            raise StoreError(f"{shown}: not a usable Neo4j URI ({type(err).__name__}); use bolt://HOST:7687 or "
                             "neo4j://HOST:7687") from None
        except (ServiceUnavailable, DriverError, Neo4jError, OSError):
            self.close()
            raise StoreError(
                f"cannot reach Neo4j at {shown}; start it with `docker compose up -d` or fix NEO4J_URI"
            ) from None

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
