"""`policykg cypher` without --write: only reading statements reach the store, and nothing is left behind.

Each refused statement below ran before the guard existed (LadybugDB's read-only mode stops
writes to the graph, not LOAD FROM, COPY TO, EXPORT DATABASE, INSTALL, LOAD EXTENSION or
CHECKPOINT). The test records every file under the temporary folder (the store, the
working directory, $HOME where extensions would be installed) before and after.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.store import open_store
from policykg.graph.reading import check_reading, tokens
from policykg.errors import ReadOnlyError

runner = CliRunner()

REFUSED = {
    "LOAD EXTENSION './x.so'": "LOAD reaches outside the graph",
    "LOAD FROM '/etc/passwd' (file_format='csv', delim=':') RETURN *": "LOAD reaches outside the graph",
    "COPY (MATCH (n) RETURN n) TO 'x.csv'": "COPY reaches outside the graph",
    "INSTALL httpfs": "INSTALL reaches outside the graph",
    "FORCE INSTALL httpfs FROM 'http://localhost:1/'": "FORCE reaches outside the graph",
    "CHECKPOINT": "CHECKPOINT reaches outside the graph",
    "EXPORT DATABASE 'd'": "EXPORT reaches outside the graph",
    "IMPORT DATABASE 'd'": "IMPORT reaches outside the graph",
    "ATTACH 'other.lbdb' AS o (dbtype lbug)": "ATTACH reaches outside the graph",
    "DETACH o": "DETACH changes the graph",
    "USE o": "USE reaches outside the graph",
    "BEGIN TRANSACTION": "BEGIN reaches outside the graph",
    "MATCH (d:Department) SET d.name = 'x'": "SET changes the graph",
    "MATCH (n) DETACH DELETE n": "DETACH changes the graph",
    "CREATE NODE TABLE X(id STRING, PRIMARY KEY(id))": "CREATE changes the graph",
    "CALL read_csv_serial('/etc/passwd') RETURN *": "the procedure read_csv_serial is not one of those",
    "CALL file_info('/etc/passwd') RETURN *": "the procedure file_info is not one of those",
    "CALL home_directory='/tmp'": "the procedure home_directory is not one of those",
    "RETURN 1; CHECKPOINT": "the text holds more than one statement",
    # spellings: case, comments, backticks, Unicode spaces, line ends a comment does not see
    "lOaD/* a comment */FROM '/etc/passwd' RETURN *": "LOAD reaches outside the graph",
    "RETURN 1 // a comment\rCHECKPOINT": "CHECKPOINT reaches outside the graph",
    "LOAD\u3000FROM '/etc/passwd' RETURN *": "LOAD reaches outside the graph",
    "LOAD\u00a0EXTENSION './x.so'": "LOAD reaches outside the graph",
    "\ufeffCOPY (RETURN 1) TO 'x.csv'": "COPY reaches outside the graph",
    "`LOAD` FROM '/etc/passwd' RETURN *": "'FROM' is neither a reading keyword",
    "CALL `read_csv_serial`('/etc/passwd') RETURN *": "the procedure read_csv_serial is not one of those",
    "MATCH (n) RETURN n NEWCLAUSE 'x'": "'NEWCLAUSE' is neither a reading keyword",
    "MATCH (n) RETURN n NEWCLAUSE('x')": "'NEWCLAUSE' is neither a reading keyword",
    "NEWSTATEMENT('x')": "'NEWSTATEMENT' is neither a reading keyword",
    "RETURN 'unterminated": "the statement has an unterminated '…'",
    "RETURN 1 /* LOAD FROM": "the statement has an unterminated /* comment",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {}) AS x": "APOC functions can run",
    "RETURN Apoc.util.sha1(['x']) AS x": "APOC functions can run",
}

ALLOWED = [
    "RETURN 'LOAD FROM' AS x",
    "RETURN \"COPY (x) TO 'y'\" AS `LOAD EXTENSION`",
    "RETURN 'it\\'s; CHECKPOINT' AS x",
    "MATCH (d:Department) /* LOAD FROM */ RETURN d.name AS name // CHECKPOINT\n ORDER BY name LIMIT 1",
    "MATCH (a:Department)-[r:COOPERATES_ON|LEADS]->(t:Task) WHERE a.name = $name RETURN count(*) AS n",
    "CALL show_tables() RETURN *",
    "CALL table_info('Plan') RETURN *",
    "UNWIND [1, 2] AS x WITH x WHERE x > 1 RETURN x",
    "MATCH p = (a)-[*1..2]->(b) RETURN length(p) AS n LIMIT 1",
    "RETURN list_transform([1, 2], x -> x * 2) AS y, CAST(1 AS STRING) AS s, any(v IN [1] WHERE v = 1) AS a",
    "MATCH (n:Plan) WHERE EXISTS { MATCH (n)-->(m) } RETURN n.title AS t",
    "MATCH (n:Plan) RETURN n.title AS t UNION ALL MATCH (n:Plan) RETURN n.title AS t",
    "MATCH (n:Plan) OPTIONAL MATCH (n)-[r]-(m) RETURN label(m) AS l LIMIT 1;",
]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A store in tmp_path, with tmp_path as working directory and $HOME (where extensions would go)."""
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    with open_store(db=tmp_path / "g.lbdb") as store:
        store.run("CREATE (:Department {id: 'dept:a', name: '发改局'})")
    return tmp_path


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("statement", list(REFUSED))
def test_statements_that_reach_outside_the_graph_are_refused_and_leave_nothing(home, statement):
    before = _files(home)
    result = runner.invoke(app, ["cypher", statement, "--db", str(home / "g.lbdb")])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: refused without --write: {REFUSED[statement]}")
    assert result.stderr.count("\n") == 1
    assert result.stderr.endswith("--write runs any statement and is for trusted input only\n")
    assert _files(home) == before  # no x.csv, no exported folder, no extension, no .wal/.shadow


@pytest.mark.parametrize("statement", ALLOWED)
def test_reading_statements_run(home, statement):
    before = _files(home)
    result = runner.invoke(app, ["cypher", statement, "--db", str(home / "g.lbdb"), "-p", "name=发改局",
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout or "[]")
    assert _files(home) == before


def test_strings_holding_keywords_come_back_as_text(home):
    result = runner.invoke(app, ["cypher", "RETURN 'LOAD FROM' AS x, $p AS p", "-p", "p=CHECKPOINT",
                                 "--db", str(home / "g.lbdb"), "-f", "json"])
    assert json.loads(result.stdout) == [{"x": "LOAD FROM", "p": "CHECKPOINT"}]


def test_write_runs_what_read_only_refuses(home):
    result = runner.invoke(app, ["cypher", "COPY (MATCH (d:Department) RETURN d.name) TO 'out.csv'", "--write",
                                 "--db", str(home / "g.lbdb")])
    assert result.exit_code == 0, result.output
    assert (home / "out.csv").read_text(encoding="utf-8").strip() == "发改局"


def test_file_with_two_statements_is_refused_without_write(home):
    script = home / "s.cypher"
    script.write_text("MATCH (n) RETURN n;\nCHECKPOINT;\n", encoding="utf-8")
    result = runner.invoke(app, ["cypher", "--file", str(script), "--db", str(home / "g.lbdb")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: refused without --write: the text holds more than one statement")


def test_tokens_keep_strings_names_and_comments_apart():
    kinds = [(t.kind, t.text) for t in tokens("MATCH (`a b`) /* x */ RETURN 'c\\'d' // e\n, $p")]
    assert kinds == [("word", "MATCH"), ("punct", "("), ("name", "a b"), ("punct", ")"), ("word", "RETURN"),
                     ("string", "c\\'d"), ("punct", ","), ("param", "$p")]


def test_every_catalog_query_passes_the_check():
    from policykg.queries.catalog import catalog

    for query in catalog().values():
        for dialect in ("ladybug", "neo4j"):
            check_reading(query.cypher(dialect))


def test_neo4j_read_procedures_and_subqueries():
    check_reading("CALL db.labels() YIELD label RETURN label")
    check_reading("CALL db.schema.visualization()")
    check_reading("MATCH (d:Department) RETURN apoc.text.join(d.aliases, ',') AS a, toLower(d.name) AS n")
    with pytest.raises(ReadOnlyError, match="CREATE changes the graph"):
        check_reading("CALL { CREATE (n) } RETURN 1")
    with pytest.raises(ReadOnlyError, match="the procedure apoc.load.json is not one of those"):
        check_reading("CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value")
    with pytest.raises(ReadOnlyError, match="LOAD reaches outside the graph"):
        check_reading("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line")
