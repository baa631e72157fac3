"""The same writer and queries against a real Neo4j 5 server; runs whenever NEO4J_URI is set.

The tests never wipe the server: every document they load has a unique file name,
title and jurisdiction, and is removed again at the end.
"""

from __future__ import annotations

import os
import uuid

import pytest

from policykg.queries.subgraph import read_nodes
from policykg.graph.writer import remove_source, write_document
from tests.records_factory import make_doc

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set"),
]


@pytest.fixture
def neo4j_store():
    from policykg.graph.store import open_store

    with open_store(neo4j_uri=os.environ["NEO4J_URI"]) as store:
        yield store


@pytest.fixture
def tag():
    return uuid.uuid4().hex[:8]


def test_write_reload_and_remove(neo4j_store, tag):
    src, j = f"it-{tag}.txt", f"测试{tag}市"
    try:
        assert write_document(neo4j_store, make_doc(src, f"方案{tag}", jurisdiction=j)).status == "loaded"
        assert write_document(neo4j_store, make_doc(src, f"方案{tag}", jurisdiction=j)).status == "unchanged"
        rows = neo4j_store.run("MATCH (d:Department)-[e:LEADS]->(t:Task) WHERE e.source = $s "
                               "RETURN count(e) AS n", {"s": src})
        assert rows == [{"n": 2}]
        write_document(neo4j_store, make_doc(src, f"方案{tag}", jurisdiction=j, tasks=1, sha="2"))
        assert neo4j_store.run("MATCH (t:Task) WHERE t.source = $s RETURN count(t) AS n", {"s": src}) == [{"n": 1}]
    finally:
        remove_source(neo4j_store, src)
    assert neo4j_store.run("MATCH (t:Task) WHERE t.source = $s RETURN count(t) AS n", {"s": src}) == [{"n": 0}]
    assert not [n for n in read_nodes(neo4j_store, "Department") if n["jurisdiction"] == j]


def test_read_only_session_refuses_writes(tag):
    from policykg.errors import ReadOnlyError
    from policykg.graph.store import open_store

    with open_store(neo4j_uri=os.environ["NEO4J_URI"], read_only=True) as store:
        with pytest.raises(ReadOnlyError):
            store.run("CREATE (p:Plan {id: $id})", {"id": f"plan:ro-{tag}"})
