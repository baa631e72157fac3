"""Parallel parsing survives a parser that crashes its process, hangs, or raises a bug.

The workers are forked, so a stand-in ``parse_file`` patched here is what they run:
quick hand-built documents for good files, and the three failures for the others.
Only the culprit fails, with one line naming it; everything else loads, in order.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

import policykg.loaders.pipeline
from policykg.graph.ingest import load_paths
from policykg.loaders.pipeline import parsed
from policykg.queries.stats import counts
from tests.records_factory import make_doc


def fake_parse(path: Path):
    name = Path(path).name
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)  # a segfault in a C library looks like this
    if name.startswith("hang"):
        time.sleep(600)
    if name.startswith("bug"):
        raise IndexError("list index out of range")
    return make_doc(source=name, title=f"东阳市{Path(path).stem}方案", sha=name)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(policykg.loaders.pipeline, "parse_file", fake_parse)
    for name in ("a.txt", "b.txt", "bug.txt", "c.txt", "crash.txt", "d.txt", "e.txt", "hang.txt", "f.txt"):
        (tmp_path / name).write_text(name, encoding="utf-8")  # distinct bytes: copies would be skipped
    return tmp_path


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_crash_hang_and_bug_fail_alone_and_the_rest_loads_in_order(folder, store):
    summary = load_paths(store, [folder], workers=2, timeout=5)
    assert [r.source for r in summary.loaded] == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"]
    failed = dict(summary.failed)
    assert failed[str(folder / "crash.txt")] == (
        f"{folder / 'crash.txt'}: the parser process died reading this file (out of memory, or a crash in a "
        "library); please report this file")
    assert failed[str(folder / "hang.txt")] == (
        f"{folder / 'hang.txt'}: parsing took longer than 5 s and was stopped; split the file or report it")
    assert failed[str(folder / "bug.txt")].startswith(
        f"{folder / 'bug.txt'}: unexpected IndexError while parsing: list index out of range (a policykg bug")
    assert "Traceback" in summary.details[str(folder / "bug.txt")]
    assert len(failed) == 3
    assert counts(store)["nodes"]["Plan"] == 6


def test_outcomes_come_back_in_file_order_whatever_the_workers(folder):
    files = sorted(p for p in folder.iterdir() if not p.name.startswith(("crash", "hang")))
    one = [o.path for o in parsed(files, workers=1)]
    two = [o.path for o in parsed(files, workers=2)]
    assert one == two == files


def report_frozen(path: Path):
    import gc

    from policykg.errors import InputError

    raise InputError(f"{Path(path).name}: frozen objects in the worker: {gc.get_freeze_count()}")


def test_forked_workers_never_collect_what_they_inherit(tmp_path, monkeypatch, store):
    """Workers start with the loader's objects frozen, so their collector never runs an open store's finalizers."""
    import gc

    monkeypatch.setattr(policykg.loaders.pipeline, "parse_file", report_frozen)
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    store.run("MATCH (n) RETURN count(n) AS n")  # the store is open and has been used
    [outcome] = list(parsed([tmp_path / "a.txt"], workers=1))
    inherited = int(outcome.error.rsplit(": ", 1)[1])
    assert inherited > 1000  # every module, the store and the tokenizer of the loading process
    assert gc.get_freeze_count() == 0  # the loading process itself is unfrozen again


def test_every_record_of_a_parsed_document_survives_the_trip_from_a_worker():
    """Records pickle as their field values (loaders.records._record); every type, every field comes back."""
    import pickle
    from dataclasses import fields

    import policykg
    from policykg.loaders.pipeline import parse_file

    examples = Path(policykg.__file__).parent / "examples"
    docs = [parse_file(f) for f in sorted(examples.iterdir()) if f.is_file()]
    back = pickle.loads(pickle.dumps(docs))
    assert back == docs
    seen = {type(r).__name__ for d in back for f in fields(d) if isinstance(getattr(d, f.name), tuple)
            for r in getattr(d, f.name) if hasattr(r, "__dataclass_fields__")}
    assert {"Task", "Assignment", "Goal", "Citation", "Department", "Leader", "Place", "Issuer", "Mention"} <= seen
