"""Why new documents are written with statements, not ``COPY``: the bulk path's cost on a store that grows.

LadybugDB loads rows fastest with ``COPY … FROM`` a Parquet file into empty tables
(``bench_load --writer`` reports that floor). A load writes documents in groups as
they are parsed, so every group after the first copies into tables that already
hold rows. This benchmark writes one generated corpus in chunks of ``--chunk``
documents, each chunk in its own transaction, two ways, each into a fresh store:

* ``parquet``: the chunk's new node and edge rows ``COPY``-ed from Parquet files
  (writing the files is not timed);
* ``statements``: the writer (``graph.writer.write_many``) as a load runs it;

and reports, per chunk, milliseconds per document for the statements and for the
commit. Needs pyarrow (``pip install -e .[bench]``); reports numbers, asserts nothing.

    python -m benchmarks.bench_copy --docs 2000 --chunk 500
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_load import bulk_rows, copy_parquet
from benchmarks.generate import write_corpus


def _chunks(docs: list, size: int) -> list[list]:
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def run_parquet(docs: list, size: int, work: Path) -> list[dict]:
    from policykg.graph.store import open_store

    out, seen = [], {}
    with open_store(db=work / "parquet.lbdb") as store:
        for chunk in _chunks(docs, size):
            nodes, edges = bulk_rows(chunk, seen)
            with store.transaction() as tx:
                copy_s = copy_parquet(tx, work, nodes, edges)
                committing = time.perf_counter()
            commit_s = time.perf_counter() - committing
            out.append({"copy": round(copy_s / len(chunk) * 1000, 2), "commit": round(commit_s / len(chunk) * 1000, 2)})
    return out


def run_statements(docs: list, size: int, work: Path) -> list[dict]:
    from policykg.graph.store import open_store
    from policykg.graph.writer import write_many

    out = []
    with open_store(db=work / "statements.lbdb") as store:
        for chunk in _chunks(docs, size):
            with store.transaction() as tx:
                start = time.perf_counter()
                write_many(tx, chunk)
                committing = time.perf_counter()
            commit_s = time.perf_counter() - committing
            out.append({"statements": round((committing - start) / len(chunk) * 1000, 2),
                        "commit": round(commit_s / len(chunk) * 1000, 2)})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="COPY from Parquet against statements on a growing store")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        parser.exit(2, "bench_copy needs pyarrow (the COPY source): pip install -e '.[bench]'\n")
    from policykg.loaders.pipeline import parsed

    work = Path(tempfile.mkdtemp(prefix="policykg-bench-copy-"))
    try:
        write_corpus(work / "corpus", args.docs, args.seed)
        docs = [o.doc for o in parsed(sorted((work / "corpus").iterdir()), 2) if o.doc is not None]
        parquet = run_parquet(docs, args.chunk, work)
        statements = run_statements(docs, args.chunk, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"docs": len(docs), "chunk": args.chunk, "ms_per_doc_by_chunk": {"parquet": parquet, "statements": statements},
              "total_ms_per_doc": {
                  "parquet": round(sum(c["copy"] + c["commit"] for c in parquet) / len(parquet), 2),
                  "statements": round(sum(c["statements"] + c["commit"] for c in statements) / len(statements), 2)}}
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
