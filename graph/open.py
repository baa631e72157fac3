"""Choose and open a store: Neo4j when a URI is given, else the embedded file.

Precedence for the embedded path: ``db`` argument (``--db``), then
``$POLICYKG_DB``, then ``<user data folder>/policykg/graph.lbdb``.
Neo4j: ``neo4j_uri`` (``--neo4j-uri``) or ``$NEO4J_URI``, with ``$NEO4J_USER``,
``$NEO4J_PASSWORD`` and ``$NEO4J_DATABASE``. Credentials are read from the
environment or flags only and never printed.
"""

from __future__ import annotations

import os
from pathlib import Path

from policykg.errors import PolicyKGError
from policykg.graph.store import Store


def default_db_path() -> Path:
    env = os.environ.get("POLICYKG_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("policykg") / "graph.lbdb"


def open_store(db: Path | None = None, neo4j_uri: str | None = None, read_only: bool = False) -> Store:
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

        store = LadybugStore(Path(db) if db else default_db_path(), read_only=read_only)
    try:
        store.ensure_schema()
    except BaseException:
        try:
            store.close()
        except PolicyKGError:
            pass  # the error on its way out says more than a failed close
        raise
    return store
