"""Errors at the CLI edge: each comes from the right class of the family and prints one line.

The class says whose move it is (see ``policykg.errors``): a bad option value, file, selector
or format name is an :class:`InputError`; an unknown query or name a :class:`QueryError`.
Every class exits 1 with ``error: …`` on stderr and no traceback. The class is read where the
CLI turns the error into its line (``cli.fail`` runs inside ``friendly``'s ``except``).
"""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from policykg import cli
from policykg.errors import InputError, QueryError
from tests.test_cli_query import db  # noqa: F401 - the two-plan store fixture

runner = CliRunner()


@pytest.fixture
def caught(monkeypatch) -> list[BaseException]:
    """The exceptions the CLI turned into its one line, in order."""
    seen: list[BaseException] = []
    real = cli.fail

    def spy(message: str, code: int = 1):
        seen.append(sys.exc_info()[1])
        return real(message, code)

    monkeypatch.setattr(cli, "fail", spy)
    return seen


def _gold(tmp_path) -> str:
    gold = tmp_path / "other.gold.json"
    gold.write_text(json.dumps({"format": "policykg-gold/1", "documents": [{"doc": "elsewhere.txt", "tasks": []}]}),
                    "utf-8")
    return str(gold)


def _doc(tmp_path) -> str:
    path = tmp_path / "plan.txt"
    path.write_text("龙泉市甲方案\n一、任务\n（一）推进改革。（发改局牵头）\n", "utf-8")
    return str(path)


CASES = [
    # (arguments; {db}/{tmp} filled in, class, the whole stderr line after "error: ")
    (["export", "--db", "{db}", "--query", "department-tasks", "--param", "department"], InputError,
     "--param 'department': write it as KEY=VALUE"),
    (["map", "--db", "{db}", "--query", "department-tasks", "--param", "department", "-o", "{tmp}/m.html"],
     InputError, "--param 'department': write it as KEY=VALUE"),
    (["query", "goals", "--db", "{db}", "-p", "year"], InputError, "--param 'year': write it as KEY=VALUE"),
    (["cypher", "RETURN $x AS x", "--db", "{db}", "-p", "x"], InputError, "--param 'x': write it as KEY=VALUE"),
    (["export", "--db", "{db}", "--plan", "a.txt", "--hops", "2"], InputError,
     "--hops needs a centre: --department, --leader or --place"),
    (["query", "departments-ranked", "--db", "{db}", "--limit", "-1"], InputError, "--limit must be 0 or more, got -1"),
    (["analyze", "centrality", "--db", "{db}", "--limit", "-1"], InputError, "--limit must be 0 or more, got -1"),
    (["cypher", "--db", "{db}"], InputError, "give a Cypher statement or --file FILE (one of them)"),
    (["export", "--db", "{db}", "--plan", "没有的方案"], QueryError,
     "no plan matches '没有的方案' (give its title, 文号, file name or id)"),
    (["query", "no-such-query", "--db", "{db}"], QueryError, None),
    (["eval", "--gold", "{gold}", "{doc}", "--workers", "1"], InputError,
     "none of the documents is named in {gold}; nothing was scored: give the files its \"doc\" entries name, "
     "or the gold file written for these documents"),
]


@pytest.mark.parametrize("args, cls, line", CASES, ids=[" ".join(a[:2]) + f" [{i}]" for i, (a, _, _) in
                                                         enumerate(CASES)])
def test_each_user_error_has_its_class_and_one_line(args, cls, line, db, tmp_path, caught):  # noqa: F811
    values = {"db": db, "tmp": str(tmp_path), "gold": _gold(tmp_path) if "{gold}" in args else "",
              "doc": _doc(tmp_path) if "{doc}" in args else ""}
    result = runner.invoke(cli.app, [a.format(**values) for a in args])
    assert result.exit_code == 1, result.output
    assert [type(e) for e in caught] == [cls]
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr == f"error: {str(caught[0])}\n"
    if line is not None:
        assert result.stderr == "error: " + line.format(**values) + "\n"


def test_missing_statement_file_names_the_file(db, tmp_path, caught):  # noqa: F811
    missing = tmp_path / "nowhere.cypher"
    result = runner.invoke(cli.app, ["cypher", "--file", str(missing), "--db", db])
    assert result.exit_code == 1
    assert [type(e) for e in caught] == [InputError]
    assert result.stderr.startswith(f"error: {missing}: cannot read the statement (") and result.stderr.endswith(
        "; check the path\n")
    assert result.stderr.count("\n") == 1


def test_a_gate_that_fails_is_not_an_error_of_the_family(tmp_path, caught):
    """`eval --min-f1` below the score exits 1 with one line, raised by the CLI itself, not by a library error."""
    doc = _doc(tmp_path)
    gold = tmp_path / "plan.gold.json"
    gold.write_text(json.dumps({"format": "policykg-gold/1", "documents": [{"doc": "plan.txt", "tasks": []}]}),
                    "utf-8")
    result = runner.invoke(cli.app, ["eval", "--gold", str(gold), doc, "--min-f1", "1.01", "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert caught == [None]  # cli.fail called outside any except: no exception was turned into the line
    assert result.stderr.startswith("error: ") and "is below --min-f1 1.01" in result.stderr
    assert result.stderr.count("\n") == 1
