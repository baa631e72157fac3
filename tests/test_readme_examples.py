"""The README's example commands run as printed on the data the quick start loads (examples/).

Every `policykg query|cypher|analyze|export|map …` line in a fenced code block, and every such
inline `code` span that names no placeholder (NAME, FILE, …), is run with CliRunner against one
store loaded with the bundled examples ($POLICYKG_DB, as `policykg demo` leaves it), in a
temporary folder so the files they write land there. Lines that need Neo4j are left out.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.ingest import load_paths
from policykg.graph.store import open_store
from tests.conftest import EXAMPLES

README = Path(__file__).resolve().parent.parent / "README.md"
RUNS = ("query", "cypher", "analyze", "export", "map")
PLACEHOLDERS = re.compile(r"…|\.\.\.|\b(NAME|FILE|PATH|URI|KEY|VALUE|DOCS|GOLD)\b|\\\||\|")


def readme_commands(text: str) -> list[str]:
    """Command lines of the README, in order, without their `# comments`: every code-block line, and
    inline spans that name no placeholder."""
    found: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif fenced and line.startswith("policykg "):
            found.append(line)
        elif not fenced:
            found += [c for c in re.findall(r"`(policykg [^`]+)`", line)
                      if not PLACEHOLDERS.search(c) and not c.split()[-1].startswith("--")]  # not a fragment
    out = []
    for command in found:
        words = shlex.split(command, comments=True)
        if len(words) >= 2 and words[1] in RUNS and "--neo4j-uri" not in words:
            out.append(" ".join(shlex.quote(w) for w in words))
    return list(dict.fromkeys(out))


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_of_every_kind():
    assert {shlex.split(c)[1] for c in COMMANDS} == set(RUNS)


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("readme") / "graph.lbdb"
    with open_store(db=path) as store:
        summary = load_paths(store, [EXAMPLES], workers=1)
    assert not summary.failed
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("cwd")  # shared: `cypher --file part.cypher` reads what `export` wrote


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_example_runs_as_printed(command, examples_db, workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("POLICYKG_DB", str(examples_db))
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0, f"{command}\n{result.output}"
