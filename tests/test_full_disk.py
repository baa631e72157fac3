"""A store on a small full disk: `load` stops with one line, reports a failed checkpoint, and loses nothing.

Each test mounts its own tmpfs (8 or 16 MB) (root only); where mounting is not permitted the tests skip.
Documents are the bundled example with a numbered title, so every stored plan should have the
same number of tasks as the example alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import policykg.graph.store as disk  # the free-space checks
from policykg.cli import app
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()
EXAMPLE = EXAMPLES / "jinghu_action_plan.txt"


@pytest.fixture
def small_disk(tmp_path, request):
    mount = tmp_path / "disk"
    mount.mkdir()
    size = getattr(request, "param", "8m")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _docs(folder: Path, n: int) -> Path:
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"doc{i:03}.txt").write_text(text.replace("关于加快", f"关于第{i}批加快"), encoding="utf-8")
    return folder


def _fill(mount: Path, leave: int) -> Path:
    """Fill the disk but ``leave`` bytes."""
    st = os.statvfs(mount)
    filler = mount / "filler"
    filler.write_bytes(b"\0" * max(0, st.f_bavail * st.f_frsize - leave))
    return filler


def _plans(db: Path) -> list[dict]:
    result = runner.invoke(app, ["query", "plans", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _tasks_per_plan(db: Path) -> set[int]:
    statement = ("MATCH (p:Plan) WHERE p.source IS NOT NULL OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task) "
                 "RETURN p.id AS id, count(t) AS n")  # loaded plans only (cited plans are stubs without tasks)
    result = runner.invoke(app, ["cypher", statement, "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    return {row["n"] for row in json.loads(result.stdout)}


@pytest.mark.parametrize("small_disk", ["16m"], indirect=True)
def test_load_stops_before_the_disk_fills_and_keeps_what_it_committed(small_disk, tmp_path, monkeypatch):
    # The real margin (64 MB) is larger than this disk; 4 MB covers the ~3 MB a new store's first
    # checkpoint allocates, so the store can still close after the check stops the load.
    monkeypatch.setattr(disk, "MIN_FREE_BYTES", 4 * 2**20)
    monkeypatch.setattr("policykg.graph.ingest.GROUP_DOCS", 4)
    docs = _docs(tmp_path / "docs", 150)
    db = small_disk / "g.lbdb"
    result = runner.invoke(app, ["load", str(docs), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1
    message = result.stderr.strip()  # (the progress bar leaves a blank line)
    assert message.count("\n") == 0
    assert message.startswith(f"error: {small_disk}: ")
    assert "stopped before writing more (every document committed so far is kept)" in message
    plans = _plans(db)
    assert 0 < len(plans) < 150
    assert sorted(p.name for p in small_disk.iterdir()) == ["g.lbdb"]  # closed cleanly: no log left to replay
    single = tmp_path / "one.lbdb"
    assert runner.invoke(app, ["load", str(EXAMPLE), "--db", str(single)]).exit_code == 0
    assert _tasks_per_plan(db) == _tasks_per_plan(single) == {6}  # every stored document is whole


def test_a_failed_log_write_is_one_line_not_an_abort(small_disk, tmp_path):
    """Past the free-space check (here: disabled), LadybugDB's own write fails; the run stops cleanly."""
    docs = _docs(tmp_path / "docs", 120)
    db = small_disk / "g.lbdb"
    _fill(small_disk, 1_000_000)  # room for about 30 documents' log
    code = ("import sys, policykg.graph.store as d; d.needed_bytes = lambda path: 0; "
            "import policykg.graph.ingest as i; i.GROUP_DOCS = 4; from policykg.cli import main; "
            f"sys.argv = ['policykg', 'load', {str(docs)!r}, '--db', {str(db)!r}, '--workers', '1']; main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 1, done.stderr  # not 134 (abort in native code)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {db}: writing failed (IO exception: ")
    assert "every document committed before is kept" in lines[0]
    plans = _plans(db)
    assert 0 < len(plans) < 120
    assert _tasks_per_plan(db) == {6}  # every loaded plan whole (the example has 6 tasks)


def test_a_failed_closing_checkpoint_is_a_failure_and_a_read_recovers_it(small_disk, tmp_path, monkeypatch):
    monkeypatch.setattr(disk, "needed_bytes", lambda path: 0)  # let the writes through; the checkpoint then fails
    docs = _docs(tmp_path / "docs", 10)
    db = small_disk / "g.lbdb"
    filler = _fill(small_disk, 1_000_000)
    result = runner.invoke(app, ["load", str(docs), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0, message
    assert message.startswith(f"error: {db}: the closing checkpoint failed (")
    assert message.endswith(f"run `policykg cypher --write 'RETURN 1' --db {db}` to finish it")

    stuck = runner.invoke(app, ["query", "plans", "--db", str(db)])  # the disk is still full
    assert stuck.exit_code == 1
    assert stuck.stderr.startswith(f"error: {db}: an interrupted checkpoint must be finished before the store "
                                   "can be read")
    assert stuck.stderr.endswith(f"then run `policykg cypher --write 'RETURN 1' --db {db}`\n")
    filler.unlink()
    assert len(_plans(db)) == 10  # a read-only command finishes the checkpoint itself once there is room
    finish = runner.invoke(app, ["cypher", "--write", "RETURN 1 AS one", "--db", str(db), "-f", "csv"])
    assert finish.exit_code == 0 and finish.stdout == "\ufeffone\n1\n"  # CSV for Excel: a BOM first
    assert sorted(p.name for p in small_disk.iterdir()) == ["g.lbdb"]


def _leave_checkpoint_pending(db: Path) -> None:
    """LadybugDB's own way to leave 'checkpoint recovery pending': a CHECKPOINT on a read-only database."""
    import ladybug

    database = ladybug.Database(str(db), read_only=True)
    conn = ladybug.Connection(database)
    with pytest.raises(RuntimeError):
        conn.execute("CHECKPOINT")
    conn.close()
    database.close()
    with pytest.raises(RuntimeError, match="checkpoint recovery is pending"):
        ladybug.Database(str(db), read_only=True)


def test_a_read_only_command_finishes_a_pending_checkpoint(tmp_path):
    """(No tmpfs needed. When finishing it fails, the full-disk test above checks the message.)"""
    db = tmp_path / "g.lbdb"
    assert runner.invoke(app, ["load", str(EXAMPLE), "--db", str(db)]).exit_code == 0
    _leave_checkpoint_pending(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.lbdb", "g.lbdb.shadow", "g.lbdb.wal"]
    assert [p["file"] for p in _plans(db)] == [EXAMPLE.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.lbdb"]

