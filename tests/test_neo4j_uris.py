"""Neo4j URIs from --neo4j-uri or $NEO4J_URI: one line on stderr for any URI, and never a password.

No server is needed: each URI here is refused before connecting, or points at a closed port.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.neo4j_store import redact, split_credentials

runner = CliRunner()

CASES = {
    "bolt://neo4j:s3cr3t-pw@127.0.0.1:1": "error: cannot reach Neo4j at bolt://neo4j:***@127.0.0.1:1; start it "
                                          "with `docker compose up -d` or fix NEO4J_URI\n",
    "neo4j://neo4j:s3cr3t-pw@127.0.0.1:1": "error: cannot reach Neo4j at neo4j://neo4j:***@127.0.0.1:1; start it "
                                           "with `docker compose up -d` or fix NEO4J_URI\n",
    "bolt://u:s3cr3t/pw@x@127.0.0.1:1": "error: cannot reach Neo4j at bolt://u:***@127.0.0.1:1; start it with "
                                        "`docker compose up -d` or fix NEO4J_URI\n",
    "garbage://u:s3cr3t-pw@host": ("error: garbage://u:***@host: not a Neo4j URI; use bolt://HOST:7687 or "
                                   "neo4j://HOST:7687 in --neo4j-uri or NEO4J_URI (or --db PATH for the embedded "
                                   "store)\n"),
    "http://u:s3cr3t-pw@localhost:7474": "error: http://u:***@localhost:7474: policykg talks to Neo4j over Bolt; use "
                                         "bolt://HOST:7687 or neo4j://HOST:7687 (http is the browser's port, 7474)\n",
    "https://localhost:7473": "error: https://localhost:7473: policykg talks to Neo4j over Bolt; use bolt://HOST:7687 "
                              "or neo4j://HOST:7687 (http is the browser's port, 7474)\n",
    "bolt://u:s3cr3t-pw@[::1": "error: bolt://u:***@[::1: not a usable Neo4j URI (ValueError); use bolt://HOST:7687 "
                               "or neo4j://HOST:7687\n",
}


@pytest.mark.parametrize("uri", list(CASES))
def test_bad_or_unreachable_uris_give_one_line_without_the_password(uri, monkeypatch):
    monkeypatch.delenv("POLICYKG_DB", raising=False)
    for args in (["query", "plans"], ["cypher", "RETURN 1"], ["load", "nothing-here"]):
        result = runner.invoke(app, args, env={"NEO4J_URI": uri, "NEO4J_PASSWORD": "other-s3cr3t"})
        assert result.exit_code == 1, result.output
        assert "s3cr3t" not in result.stdout + result.stderr
        if args[0] != "load":  # load names the missing path first
            assert result.stderr == CASES[uri]
    flag = runner.invoke(app, ["query", "plans", "--neo4j-uri", uri])
    assert flag.exit_code == 1 and flag.stderr == CASES[uri]


def test_credentials_in_the_uri_are_taken_out_and_unquoted():
    assert split_credentials("bolt://neo4j:p%40ss@db:7687") == ("bolt://db:7687", "neo4j", "p@ss")
    assert split_credentials("bolt://db:7687") == ("bolt://db:7687", None, None)
    assert redact("neo4j+s://admin:x@db.example:7687?policy=eu") == "neo4j+s://admin:***@db.example:7687?policy=eu"
    assert redact("user:pw@host") == "user:***@host"


def test_copy_to_an_unreachable_neo4j_does_not_print_the_password(tmp_path):
    from tests.conftest import EXAMPLES

    db = tmp_path / "g.lbdb"
    assert runner.invoke(app, ["load", str(EXAMPLES / "jinghu_action_plan.txt"), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["copy", "--db", str(db), "--to-neo4j-uri", "bolt://neo4j:s3cr3t-pw@127.0.0.1:1"])
    assert result.exit_code == 1
    assert result.stderr == CASES["bolt://neo4j:s3cr3t-pw@127.0.0.1:1"]
