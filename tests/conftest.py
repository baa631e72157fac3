"""Shared fixtures: a real embedded store in a temp folder, and the seed corpus when present."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT.parent / "shared" / "gold" / "seeds.gold.json"
EXAMPLES = ROOT / "examples"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def store(tmp_path):
    from policykg.graph.store import open_store

    with open_store(db=tmp_path / "graph.lbdb") as s:
        yield s


@pytest.fixture
def seeds() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip("seed corpus ../shared/seeds is not beside the repository")
    return sorted(SEEDS.glob("*.txt"))


LADYBUG_ONLY_PREFIXES = ("BEGIN TRANSACTION", "COMMIT", "ROLLBACK", "CREATE NODE TABLE", "CREATE REL TABLE", "ALTER TABLE",
                         "CALL show_tables",
                         # rows packed for LadybugDB (graph/ladybug_store.py); their plain form is recorded instead
                         "UNWIND string_split($rows", "UNWIND $rows AS q ")


@pytest.fixture
def sent_as_is(monkeypatch) -> list[str]:
    """Every statement text any embedded store is sent, in order, exactly as sent (packed rows included)."""
    from policykg.graph.ladybug_store import LadybugStore

    seen: list[str] = []
    original = LadybugStore._execute

    def record(self, cypher, params):
        seen.append(cypher)
        return original(self, cypher, params)

    monkeypatch.setattr(LadybugStore, "_execute", record)
    return seen


@pytest.fixture
def sent_cypher(monkeypatch):
    """Record every statement sent to any embedded store; call it for those Neo4j must also parse.

    Returns a function giving the distinct statements in order, less LadybugDB-only ones
    (its DDL and transaction control, and the shared-node list functions, whose Neo4j forms are
    in ``graph.write_statements.statements()``). A statement sent with packed rows is recorded in
    its plain Neo4j form, the one Neo4j is sent.
    """
    import policykg.graph.ladybug_store as packed  # packed_statement: the packed form of a row statement
    from policykg.graph.ladybug_store import LadybugStore

    seen: dict[str, None] = {}
    original, rewrite = LadybugStore._execute, packed.packed_statement

    def record(self, cypher, params):
        seen[cypher] = None
        return original(self, cypher, params)

    def record_plain(statement):
        seen[statement.plain(dialect="neo4j")] = None
        return rewrite(statement)

    monkeypatch.setattr(LadybugStore, "_execute", record)
    monkeypatch.setattr(packed, "packed_statement", record_plain)
    return lambda: [q for q in seen if not q.startswith(LADYBUG_ONLY_PREFIXES) and "list_filter(" not in q]
