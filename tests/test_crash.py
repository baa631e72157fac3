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
from policykg.graph.ingest import load_paths
from policykg.graph.store import open_store
from policykg.loaders.pipeline import parse_file
from policykg.queries.stats import counts

DOCS = 160
GROUP = 32  # documents per transaction in this test's loads: several groups, so the kill lands between commits
SEED = 11
ROOT = Path(__file__).resolve().parent.parent


def _start_load(corpus: Path, db: Path) -> subprocess.Popen:
    code = ("import sys; import policykg.graph.ingest as ingest; from policykg.cli import app; "
            f"ingest.GROUP_DOCS = {GROUP}; sys.argv[0] = 'policykg'; app()")
    return subprocess.Popen([sys.executable, "-c", code, "load", str(corpus), "--db", str(db), "--workers", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def _kill_part_way(proc: subprocess.Popen, db: Path, full_wal: int) -> list[int]:
    """SIGKILL the load once its write-ahead log is 60% of a full load's; returns its workers' ids.

    Documents are committed in groups (``GROUP`` here), so by then the
    first group is committed and the last is not.
    """
    wal = _wal(db)
    while proc.poll() is None:
        if wal.exists() and wal.stat().st_size > full_wal * 0.6:
            break
        time.sleep(0.01)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return workers


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    docs = write_corpus(folder, DOCS, SEED)
    assert len({d.title for d in docs}) == DOCS  # distinct plans, so tasks are owned by one file each
    return folder


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_sigkill_mid_load_leaves_whole_documents_and_a_rerun_completes(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr("policykg.graph.ingest.GROUP_DOCS", GROUP)
    with open_store(db=tmp_path / "reference.lbdb") as store:
        reference = load_paths(store, [corpus], workers=1)
        expected = counts(store)
        full_wal = _wal(tmp_path / "reference.lbdb").stat().st_size
    assert reference.failed == [] and len(reference.loaded) == DOCS

    db = tmp_path / "killed.lbdb"
    proc = _start_load(corpus, db)
    workers = _kill_part_way(proc, db, full_wal)
    assert proc.returncode == -signal.SIGKILL
    assert workers  # parsing ran in worker processes, which must not outlive the killed load
    for _ in range(500):
        if not any(_alive(w) for w in workers):
            break
        time.sleep(0.02)
    assert not any(_alive(w) for w in workers)

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
