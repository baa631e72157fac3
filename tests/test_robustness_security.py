"""No Cypher is built from user or document strings: checked in the source and on the wire.

1. Static: every f-string / ``.format`` / ``%`` in the project's code whose literal
   text contains Cypher clauses may interpolate only reviewed, schema-derived
   expressions (labels and types from graph/schema.py, property lists rendered from
   it, fixed fragments). A new interpolation fails here until someone checks it and
   adds it to ``REVIEWED`` with where its value comes from.
2. Dynamic: loading documents full of hostile names and looking them up sends
   statements whose text contains none of those strings (they travel as $parameters).
3. The Cypher-script exporter is the one place that writes values as literals (that is
   its job); hostile strings must round-trip through ``literal`` in a real store.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from policykg.errors import PolicyKGError
from tests.awkward import plan, task_line

ROOT = Path(__file__).resolve().parent.parent
CODE = ["graph", "queries", "loaders", "visualizations", "exchange", "api.py", "__init__.py", "cli.py", "errors.py"]
CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE|UNWIND|RETURN|DELETE|DETACH|SET|WHERE|CALL|LOAD CSV|COPY|DROP|ALTER)\b")

# expression as written -> where its value comes from (all of them: the schema allow-list or fixed text)
REVIEWED = {
    "label": "a key of graph.schema.NODES (loops over the schema, or check_label)",
    "label.lower()": "schema label, lower-cased for an index name",
    "column": "graph.schema.ADDED_COLUMNS: a Plan property name from the schema",
    "NODES[label].properties[column]": "graph.schema: that property's LadybugDB type",
    "node.label": "graph.schema.NodeType.label",
    "rel": "a key of graph.schema.RELATIONSHIPS",
    "rel.type": "graph.schema.RelType.type",
    "a": "schema label: an endpoint of RelType.pairs",
    "b": "schema label: an endpoint of RelType.pairs",
    "a_label": "schema label: an endpoint of RelType.pairs",
    "b_label": "schema label: an endpoint of RelType.pairs",
    "cols": "schema property names rendered by the schema / writer",
    "props": "schema property names rendered by graph/schema.py",
    "pairs": "FROM/TO pairs rendered from RelType.pairs",
    "_set_clause('n', props, nulls)": "schema property names; values as r.<prop> (parameters)",
    "_set_clause('e', props, nulls)": "schema property names; values as r.<prop> (parameters)",
    "_props_map(props, nulls)": "schema property names; values as r.<prop> (parameters)",
    "_cols('n', props)": "schema property names",
    "_cols('e', props)": "schema property names",
    "_struct(columns)": "ladybug_store (packed rows): schema property names and types, values from $rows (split)",
    "cypher.removeprefix(HEAD)": "ladybug_store (packed rows): the rest of a statement the writer built (itself reviewed)",
    "rest": "ladybug_store (packed rows): the rest of a statement the writer built (itself reviewed)",
    "lookups": "ladybug_store (packed rows): MATCH clauses rebuilt from the writer's own statement (variables, schema labels)",
    "matched_vars": "ladybug_store (packed rows): variable names taken from the writer's own statement",
    "node_var": "ladybug_store (packed rows): a variable name taken from the writer's own statement",
    "node_label": "ladybug_store (packed rows): a schema label taken from the writer's own statement",
    "key_index": "ladybug_store (packed rows): a list index (int)",
    "len(keys) + 1": "ladybug_store (packed rows): a list index (int)",
    "_q(p)": "writer: a backticked schema property name",
    "have": "writer: coalesce of a schema list property (union_shared_statement)",
    "_PLAN_COLUMNS": "write_statements: the Plan label's schema property names",
    "_REF_COLUMNS": "write_statements: the REFERENCES type's schema property names",
    "self.body(nulls, dialect)": "write_statements: a RowStatement body built from schema names (reviewed there)",
    "body": "ladybug_store (packed rows): a RowStatement body built from schema names (reviewed in write_statements)",
    "var": "write_statements: a fixed variable name of a RowStatement lookup ('n', 'a', 'b')",
    "key": "write_statements: a row column name of a RowStatement lookup ('id', 'a', 'b')",
    "alias_test": "fixed fragment chosen by label (' OR $form IN n.aliases' or '')",
    "jur": "fixed fragment chosen by label ('n.jurisdiction' or 'NULL')",
    "_TASK_FILTER": "module constant using $plans",
    "head": "cypher_script: MATCH/MERGE head built from schema labels (values are literals, see test below)",
    "maps": "cypher_script: rows rendered by literal() (escaping checked below)",
    "', '.join(sets)": "cypher_script: schema property names = r.<prop> / NULL / []",
}


def _interpolations(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            exprs = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
              and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
            text, exprs = node.func.value.value, [*node.args, *(k.value for k in node.keywords)]
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant)
              and isinstance(node.left.value, str)):
            text, exprs = node.left.value, [node.right]
        else:
            continue
        if CYPHER.search(text):
            for expr in exprs:
                yield node.lineno, ast.unparse(expr)


def test_cypher_strings_interpolate_only_reviewed_schema_values():
    files = [p for name in CODE for p in ((ROOT / name).rglob("*.py") if (ROOT / name).is_dir() else [ROOT / name])]
    unreviewed = [f"{path.relative_to(ROOT)}:{line}: {{{expr}}}" for path in files
                  for line, expr in _interpolations(path) if expr not in REVIEWED]
    assert unreviewed == [], ("Cypher built with values that are not known to come from the schema; pass them "
                              "as $parameters, or review and add to REVIEWED:\n" + "\n".join(unreviewed))


def test_the_static_check_catches_string_built_cypher(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(store, name):\n    store.run(f"MATCH (d:Department) WHERE d.name = \'{name}\' RETURN d")\n'
                   '    store.run("MATCH (n) WHERE n.id = \'%s\' RETURN n" % name)\n'
                   '    store.run("MATCH (n {{id: \'{}\'}}) RETURN n".format(name))\n')
    assert [expr for _, expr in _interpolations(bad)] == ["name", "name", "name"]


HOSTILE = ["ZQX'}) DETACH DELETE n //局", 'ZQX"局', "ZQX\\局", "ZQX`Plan`局", "ZQX$rows局", "ZQX MATCH (n) 局"]


@pytest.fixture
def sent(store, sent_as_is):
    return store, sent_as_is


def test_document_and_user_strings_travel_only_as_parameters(tmp_path, sent):
    from policykg.graph.ingest import load_paths
    from policykg.queries.entities import candidates
    from policykg.queries.subgraph import select

    store, seen = sent
    lines = [task_line(1, lead="市" + HOSTILE[0], coop="、".join(HOSTILE[1:3])),
             task_line(2, lead="市发改局", coop="、".join(HOSTILE[3:]))]
    (tmp_path / "h.txt").write_text(plan(title="东阳市ZQX'}) RETURN 1 //方案", lines=lines), encoding="utf-8")
    assert load_paths(store, [tmp_path / "h.txt"], workers=1).failed == []
    assert store.run("MATCH (d:Department) WHERE d.name STARTS WITH 'ZQX' RETURN count(d) AS n")[0]["n"] >= 3
    seen.clear()  # the check statement above is the test's own
    for text in HOSTILE:
        candidates(store, "Department", text)
        try:
            select(store, department=text)
        except PolicyKGError:
            pass  # "no Department matches …": fine, what matters is how the question was sent
    load_paths(store, [tmp_path / "h.txt"], workers=1, force=True)
    leaked = [q for q in seen if "ZQX" in q or re.search(r"[\u4e00-\u9fff]", q)]
    assert seen and leaked == []


@pytest.mark.parametrize("value", HOSTILE + ["'", "\\", "\\'", "a\nb", "\u2028", "\x00x", "🙂", "'); DROP TABLE x; --"])
def test_cypher_script_literals_round_trip_hostile_strings(store, value):
    from policykg.exchange.cypher_script import literal

    assert store.run(f"RETURN {literal(value)} AS v")[0]["v"] == value
    assert store.run(f"RETURN {literal([value, value], 'STRING[]')} AS v")[0]["v"] == [value, value]
