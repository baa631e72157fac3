"""Every statement policykg sends to a store, checked by Neo4j's own parser.

Rather than keep a hand-made list that drifts, this records the Cypher actually
sent to a real embedded store while loading the examples and reading them back
(ingest, writer, stats, export, selection, entity lookup), and adds the Neo4j-only
DDL and the writers' full statement sets. LadybugDB-only statements (its DDL and
transaction control) are the only ones left out.
"""

from __future__ import annotations

import pytest

from tests.store_dump import node_link
from policykg.graph.ingest import load_paths
from policykg.graph.schema import NODES, RELATIONSHIPS, neo4j_ddl
from policykg.graph.writer import remove_source, statements as writer_statements
from policykg.queries.entities import candidates, resolve_jurisdiction
from policykg.queries.stats import counts
from policykg.queries.subgraph import select
from tests.conftest import EXAMPLES
from tests.neo4j_lint import assert_neo4j_valid


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_everything_sent_while_loading_and_reading_parses_in_neo4j(store, sent_cypher):
    summary = load_paths(store, [EXAMPLES], workers=1)
    assert summary.loaded and not summary.failed
    load_paths(store, [EXAMPLES], workers=1, force=True)
    counts(store)
    node_link(store)
    dept = candidates(store, "Department", "财政局")
    candidates(store, "Plan", summary.loaded[0].source)
    resolve_jurisdiction(store, "龙泉")
    select(store, department=dept[0].id, hops=2)
    remove_source(store, summary.loaded[0].source)
    sent = sent_cypher()
    assert len(sent) > 40
    statements = [(f"sent {i}", q) for i, q in enumerate(sent)]
    statements += [(f"ddl {i}", q) for i, q in enumerate(neo4j_ddl())] + writer_statements()
    # Property-key warnings are left out: the parser reads map fields (r.id of UNWIND rows) as keys.
    assert_neo4j_valid(statements, labels=NODES, rel_types=RELATIONSHIPS, fail_on_warnings=True)


def test_the_parser_check_can_fail():
    with pytest.raises(AssertionError, match="rejects"):
        assert_neo4j_valid([("ladybug label()", "MATCH (n) RETURN label(n) AS l")])
