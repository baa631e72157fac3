"""Every Neo4j-dialect statement of the query layer passes Neo4j's own parser (tests/neo4j_lint.py)."""

from __future__ import annotations

import pytest

from policykg.graph.schema import NODES, RELATIONSHIPS, property_keys
from tests.neo4j_lint import assert_neo4j_valid, lint_neo4j
from policykg.queries import analytics, catalog, document_facts


def _check(statements):
    result = assert_neo4j_valid(statements, labels=list(NODES), rel_types=list(RELATIONSHIPS),
                                property_keys=property_keys(), fail_on_warnings=True)
    assert set(result) == {name for name, _ in statements}


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_named_queries_parse_in_neo4j():
    _check(catalog.statements("neo4j"))


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_named_queries_with_a_row_limit_parse_in_neo4j():
    # `--limit` appends a LIMIT clause; it must stay valid after every statement's last clause.
    _check([(name, cypher + "\nLIMIT $row_limit") for name, cypher in catalog.statements("neo4j")])


def test_analytics_statements_parse_in_neo4j():
    _check(list(analytics.STATEMENTS.items()))


def test_document_facts_statements_parse_in_neo4j():
    # `policykg eval` reads a loaded file back with these (issuers as printed among them)
    _check([(f"document_facts_{k}", cypher) for k, cypher in enumerate(document_facts.STATEMENTS)])


def test_the_lint_catches_a_ladybug_only_statement():
    # The LadybugDB variant of shortest-connection uses `* SHORTEST` and list_transform: not Neo4j.
    ladybug = catalog.get("shortest-connection").cypher("ladybug")
    assert lint_neo4j([("ladybug", ladybug)])["ladybug"]


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_named_queries_stay_valid_after_optional_filters_fold():
    # The catalog folds ($p = '' OR cond) to (true) or (cond) before running; both forms must parse.
    folded = []
    for name, cypher in catalog.statements("neo4j"):
        params = catalog._OPTIONAL_FILTER.findall(cypher)
        if params:
            folded.append((name + " (empty)", catalog.fold_optional_filters(
                cypher, {p: lit[1:-1] if lit.startswith("'") else 0 for p, lit in params})))
            folded.append((name + " (given)", catalog.fold_optional_filters(
                cypher, {p: lit[1:-1] + "x" if lit.startswith("'") else 1 for p, lit in params})))
    assert len(folded) >= 16
    _check(folded)
