"""The Neo4j Cypher lint harness itself: it must be able to fail.

If these tests pass, a statement that ``lint_neo4j`` reports clean really was
accepted by Neo4j's parser and semantic analysis, and a rejected one really
carries an error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:  # tests/ is a package (tests/__init__.py): the usual way in
    from tests import neo4j_lint
except ImportError:  # tests/ run as loose files
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import neo4j_lint  # type: ignore[no-redef]

LinterUnavailable = neo4j_lint.LinterUnavailable
assert_neo4j_valid = neo4j_lint.assert_neo4j_valid
ensure_linter = neo4j_lint.ensure_linter
errors = neo4j_lint.errors
lint_neo4j = neo4j_lint.lint_neo4j
lint_neo4j_report = neo4j_lint.lint_neo4j_report
warnings = neo4j_lint.warnings

UPSERT = "UNWIND $rows AS r MERGE (n:Plan {id: r.id}) SET n += r.props"
LABELS = ["Plan", "Benefit", "Policy"]
REL_TYPES = ["COVERS", "GOVERNS"]

# Statements Neo4j 5 must accept.
VALID = {
    "upsert_rows": UPSERT,
    "merge_on_create": (
        "MERGE (n:Plan {id: $id}) "
        "ON CREATE SET n.created = datetime() ON MATCH SET n.updated = datetime()"
    ),
    "link": (
        "UNWIND $rows AS r MATCH (p:Plan {id: r.plan}), (b:Benefit {id: r.benefit}) "
        "MERGE (p)-[c:COVERS]->(b) SET c += r.props"
    ),
    "list_comprehension": "MATCH (n:Plan) RETURN [x IN n.tags WHERE x <> '' | toUpper(x)] AS t",
    "call_subquery_scoped": (
        "MATCH (p:Plan) CALL (p) { MATCH (p)-[:COVERS]->(b:Benefit) "
        "RETURN count(b) AS c } RETURN p.id, c"
    ),
    "exists_subquery": "MATCH (p:Plan) WHERE EXISTS { (p)-[:COVERS]->(:Benefit) } RETURN p",
    "count_subquery": "MATCH (p:Plan) RETURN p.id, COUNT { (p)-[:COVERS]->() } AS n",
    "labels_fn": "MATCH (n) RETURN labels(n) AS labels, elementId(n) AS eid",
    "varlen": "MATCH (a:Plan)-[:COVERS*1..3]->(b) RETURN b",
    "map_projection": "MATCH (n:Plan) RETURN n {.id, .name} AS m",
    "unique_constraint": (
        "CREATE CONSTRAINT plan_id IF NOT EXISTS FOR (n:Plan) REQUIRE n.id IS UNIQUE"
    ),
    "index": "CREATE INDEX plan_name IF NOT EXISTS FOR (n:Plan) ON (n.name)",
    "detach_delete": "MATCH (n:Plan {id: $id}) DETACH DELETE n",
    "trailing_semicolon": "MATCH (n:Plan) RETURN n;",
    "multiline": "MATCH (p:Plan)\nWHERE p.id IN $ids\nRETURN p.id AS id\nORDER BY id",
}

# Statements Neo4j 5 must reject: generic mistakes and Kuzu/LadybugDB-only syntax.
INVALID = {
    "unclosed_node": "MATCH (n RETURN n",
    "undefined_variable": "MATCH (n) RETURN m",
    "property_exists_fn": "MATCH (p:Plan) WHERE exists(p.name) RETURN p",
    "two_statements": "MATCH (n) RETURN n; MATCH (m) RETURN m",
    "apoc_on_community": "RETURN apoc.text.join(['a'], ',') AS s",
    "kuzu_node_table": "CREATE NODE TABLE Plan(id STRING, name STRING, PRIMARY KEY(id))",
    "kuzu_rel_table": "CREATE REL TABLE COVERS(FROM Plan TO Benefit)",
    "kuzu_copy": "COPY Plan FROM 'plans.csv'",
    "kuzu_load_from": "LOAD FROM 'plans.csv' RETURN *",
    "kuzu_cast": "RETURN CAST('1' AS INT64)",
    "kuzu_label_fn": "MATCH (n) RETURN label(n)",
    "kuzu_list_contains": "RETURN list_contains([1, 2], 1)",
    "kuzu_shortest": "MATCH p = (a:Plan)-[e:COVERS* SHORTEST 1..5]->(b:Benefit) RETURN p",
    "kuzu_show_tables": "CALL show_tables() RETURN *",
    "kuzu_star_props": "MATCH (n:Plan) RETURN n.*",
    "kuzu_drop_table": "DROP TABLE Plan",
    "kuzu_begin": "BEGIN TRANSACTION",
}


@pytest.fixture(scope="module")
def linter() -> Path:
    path = ensure_linter()
    if path is None:
        pytest.skip("Neo4j Cypher linter unavailable (no Node.js/npm)")
    return path


@pytest.fixture(scope="module")
def batch(linter):
    """All VALID and INVALID statements linted in a single Node.js process."""
    statements = [(f"valid:{k}", v) for k, v in VALID.items()]
    statements += [(f"invalid:{k}", v) for k, v in INVALID.items()]
    return lint_neo4j(statements, labels=LABELS, rel_types=REL_TYPES)


def test_invalid_statement_yields_error(linter):
    result = lint_neo4j([("broken", "MATCH (n RETURN n")])
    diags = result["broken"]
    assert errors(diags), diags
    first = errors(diags)[0]
    assert first["source"] == "neo4j-parser"
    assert "Invalid input 'RETURN'" in first["message"]
    assert (first["line"], first["column"]) == (1, 10)
    assert (first["start"], first["end"]) == (9, 15)


def test_valid_statement_yields_no_diagnostics(linter):
    result = lint_neo4j([("upsert", UPSERT)], labels=["Plan"], rel_types=[])
    assert result == {"upsert": []}


def test_semantic_analysis_runs(linter):
    # The library swallows exceptions from its semantic-analysis layer; if that
    # layer broke (e.g. on an unsupported Node.js), only syntax errors would
    # remain. An undefined variable is a semantic, not a syntax, error.
    diags = lint_neo4j([("q", "MATCH (n) RETURN m")])["q"]
    assert [d["message"] for d in errors(diags)] == ["Variable `m` not defined"]


@pytest.mark.parametrize("name", sorted(VALID))
def test_neo4j5_statement_accepted(batch, name):
    diags = batch[f"valid:{name}"]
    assert errors(diags) == [], diags
    if name != "link":  # see test_cartesian_product_is_a_warning
        assert diags == []


def test_cartesian_product_is_a_warning(batch):
    # MATCH (a {..}), (b {..}) draws Neo4j's "cartesian product" notification,
    # even though each side is pinned by a key.
    (warning,) = batch["valid:link"]
    assert warning["severity"] == "warning"
    assert "cartesian product" in warning["message"]


@pytest.mark.parametrize("name", sorted(INVALID))
def test_statement_rejected(batch, name):
    diags = batch[f"invalid:{name}"]
    assert errors(diags), f"{INVALID[name]!r} should be rejected; got {diags}"


def test_unknown_schema_names_are_warnings_not_errors(linter):
    result = lint_neo4j(
        [("typo", "MATCH (n:Plann)-[:COVER]->(b:Benefit) RETURN n.nme")],
        labels=LABELS,
        rel_types=REL_TYPES,
        property_keys=["id", "name"],
    )
    diags = result["typo"]
    assert errors(diags) == []
    messages = " | ".join(d["message"] for d in warnings(diags))
    assert "Label Plann is not present" in messages
    assert "Relationship type COVER is not present" in messages
    assert "nme is not present" in messages


def test_no_schema_means_no_schema_warnings(linter):
    assert lint_neo4j([("q", "MATCH (n:Whatever)-[:ANY]->(m) RETURN n.x")]) == {"q": []}


def test_deprecations_are_warnings(linter):
    diags = lint_neo4j([("q", "MATCH (n) RETURN id(n)")])["q"]
    assert errors(diags) == []
    assert any("deprecated" in d["message"] for d in warnings(diags))


def test_parameters_reported_not_errors(linter):
    report = lint_neo4j_report([("q", UPSERT + " WITH n WHERE n.x = $`odd name` RETURN n")])
    assert report["q"]["ok"] is True
    assert report["q"]["parameters"] == ["odd name", "rows"]


def test_apoc_allowed_on_request(linter):
    q = [("q", "RETURN apoc.text.join(['a'], ',') AS s")]
    assert errors(lint_neo4j(q)["q"])
    assert lint_neo4j(q, allow_apoc=True) == {"q": []}


def test_multiline_positions(linter):
    diags = lint_neo4j([("q", "MATCH (p:Plan)\nRETURN q")])["q"]
    (err,) = errors(diags)
    assert (err["line"], err["column"]) == (2, 8)


def test_results_keep_input_order_and_mapping_input(linter):
    result = lint_neo4j({"b": "RETURN 1 AS x", "a": "RETURN 2 AS y"})
    assert list(result) == ["b", "a"]


def test_duplicate_names_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        lint_neo4j([("x", "RETURN 1"), ("x", "RETURN 2")])


def test_empty_input(linter):
    assert lint_neo4j([]) == {}


def test_assert_neo4j_valid_reports_statement_and_caret(linter):
    assert_neo4j_valid([("ok", UPSERT)], labels=["Plan"])
    with pytest.raises(AssertionError) as info:
        assert_neo4j_valid([("ok", UPSERT), ("bad", "MATCH (p:Plan)\nRETURN label(p)")])
    text = str(info.value)
    assert "bad:2:8: error: Function label is not present" in text
    assert "    RETURN label(p)\n           ^" in text
    assert "ok:" not in text


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_fifty_statements_in_one_process(linter):
    statements = [
        (f"s{i}", f"UNWIND $rows AS r MERGE (n:Plan {{id: r.id}}) SET n.v{i} = r.v RETURN n")
        for i in range(50)
    ]
    lint_neo4j([("warm", "RETURN 1 AS x")])
    proc = neo4j_lint._server()._proc
    result = lint_neo4j(statements, labels=["Plan"], rel_types=[])
    assert list(result) == [name for name, _ in statements] and all(d == [] for d in result.values())
    assert neo4j_lint._server()._proc is proc and proc.poll() is None  # one node process served all fifty


def test_server_restarts_after_node_dies(linter):
    lint_neo4j([("warm", "RETURN 1 AS x")])
    server = neo4j_lint._server()
    assert server._proc is not None
    server._proc.kill()
    server._proc.wait()
    assert lint_neo4j([("q", "MATCH (n RETURN n")])["q"][0]["severity"] == "error"


def test_cli_one_shot_mode(linter):
    import json
    import subprocess

    proc = subprocess.run(
        ["node", str(linter)],
        input=json.dumps([{"name": "bad", "cypher": "MATCH (n RETURN n"}]),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    out = json.loads(proc.stdout)
    assert out["ok"] is False
    assert out["linter"]["version"] == "2.0.0-next.38"
    assert out["results"][0]["errors"][0]["severity"] == "error"


# --- availability: skip locally, fail under CI --------------------------------


def _without_node(monkeypatch):
    monkeypatch.setattr(neo4j_lint, "_cached", None)
    monkeypatch.setattr(neo4j_lint.shutil, "which", lambda name, *a, **k: None)


def test_missing_node_returns_none_outside_ci(monkeypatch):
    _without_node(monkeypatch)
    monkeypatch.delenv("CI", raising=False)
    assert ensure_linter() is None


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_missing_node_is_a_failure_under_ci(monkeypatch, value):
    _without_node(monkeypatch)
    monkeypatch.setenv("CI", value)
    with pytest.raises(LinterUnavailable, match="Node.js"):
        ensure_linter()
    with pytest.raises(LinterUnavailable):
        lint_neo4j([("q", "RETURN 1")])


def test_missing_node_skips_lint_outside_ci(monkeypatch):
    _without_node(monkeypatch)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        lint_neo4j([("q", "RETURN 1")])
