"""Crash safety: `policykg load` killed with SIGKILL part-way leaves whole documents, and a rerun completes.

A subprocess loads a generated corpus; once its write-ahead log shows that
documents are being committed, it is SIGKILLed. Then the store must open
(LadybugDB replays its WAL), every stored Plan with a source must hold exactly
the tasks its file parses to, and loading again must reach the same counts as
one uninterrupted load.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import write_corpus
from graph.ingest import load_paths
from graph.open import open_store
from loaders.pipeline import parse_file
from queries.stats import counts

DOCS = 40
SEED = 11
ROOT = Path(__file__).resolve().parent.parent


def _start_load(corpus: Path, db: Path) -> subprocess.Popen:
    code = "import sys; from cli import app; sys.argv[0] = 'policykg'; app()"
    return subprocess.Popen([sys.executable, "-c", code, "load", str(corpus), "--db", str(db), "--workers", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _schema_wal_size(tmp_path: Path) -> int:
    """Bytes of write-ahead log that creating the tables alone leaves (before any document)."""
    db = tmp_path / "schema-only.lbdb"
    with open_store(db=db):
        return db.with_name(db.name + ".wal").stat().st_size


def _kill_after_some_commits(proc: subprocess.Popen, db: Path, schema_size: int) -> None:
    wal = db.with_name(db.name + ".wal")
    while proc.poll() is None:
        if wal.exists() and wal.stat().st_size > schema_size + 50_000:  # a few documents are committed
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    docs = write_corpus(folder, DOCS, SEED)
    assert len({d.title for d in docs}) == DOCS  # distinct plans, so tasks are owned by one file each
    return folder


def test_sigkill_mid_load_leaves_whole_documents_and_a_rerun_completes(tmp_path, corpus):
    with open_store(db=tmp_path / "reference.lbdb") as store:
        reference = load_paths(store, [corpus], workers=1)
        expected = counts(store)
    assert reference.failed == [] and len(reference.loaded) == DOCS

    db = tmp_path / "killed.lbdb"
    proc = _start_load(corpus, db)
    _kill_after_some_commits(proc, db, _schema_wal_size(tmp_path))
    assert proc.returncode == -signal.SIGKILL

    with open_store(db=db) as store:
        stored = store.run("MATCH (p:Plan) WHERE p.source IS NOT NULL RETURN p.source AS source, p.id AS id")
        assert 0 < len(stored) < DOCS, "the kill should land part-way"
        for row in stored:
            parsed = parse_file(corpus / row["source"])
            n = store.run("MATCH (t:Task) WHERE t.source = $s RETURN count(t) AS n", {"s": row["source"]})[0]["n"]
            linked = store.run("MATCH (p:Plan {id: $id})-[:HAS_TASK]->(t:Task) RETURN count(t) AS n",
                               {"id": row["id"]})[0]["n"]
            assert n == len({t.id for t in parsed.tasks}), row["source"]
            assert linked == len([t for t in parsed.tasks if not t.parent_id]), row["source"]
        # nothing half-written: no task without its plan
        orphans = store.run("MATCH (t:Task) WHERE NOT EXISTS { MATCH (:Plan)-[:HAS_TASK]->(t) } "
                            "AND NOT EXISTS { MATCH (:Task)-[:HAS_SUBTASK]->(t) } RETURN count(t) AS n")
        assert orphans[0]["n"] == 0

        rerun = load_paths(store, [corpus], workers=1)
        assert rerun.failed == []
        assert len(rerun.unchanged) == len(stored) and len(rerun.loaded) == DOCS - len(stored)
        assert counts(store) == expected
