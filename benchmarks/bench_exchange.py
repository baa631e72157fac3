"""Time every export format, import and store-to-store copy on a synthetic graph (embedded store).

Builds (or reuses) a graph of ``--docs`` synthetic documents with
:mod:`benchmarks.synthetic_graph`, then times, each in this process:

* reading the graph (``queries.subgraph.read_graph``) — shared by every export;
* each writer (json, graphml, gexf, csv, cypher) on the graph already read, with the
  output size;
* ``policykg import`` of the JSON and the GraphML into a fresh store;
* replaying the Cypher script into a fresh store;
* ``copy_graph`` into a fresh store, then again (every MERGE hits).

    python -m benchmarks.bench_exchange --docs 1000          # ~19k nodes, ~74k relationships

A benchmark, not a test: it prints numbers and never fails on them.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path


def _timed(label: str, fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    print(f"{label:<34} {time.perf_counter() - start:7.2f} s", flush=True)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--db", type=Path, default=None, help="graph file to build or reuse")
    args = parser.parse_args(argv)

    from benchmarks.synthetic_graph import build
    from policykg.exchange import csv_admin, cypher_script, gexf, graphml, json_format
    from policykg.exchange.copy import copy_graph
    from policykg.exchange.importer import import_file
    from policykg.graph.store import open_store
    from policykg.queries.subgraph import read_graph

    db = args.db or Path(tempfile.gettempdir()) / f"policykg-bench-{args.docs}.lbdb"
    print(f"graph: {db} {build(db, args.docs)}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="policykg-exchange-"))
    try:
        with open_store(db=db, read_only=True) as store:
            g = _timed("read graph", read_graph, store)
        print(f"  {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships")
        for name, writer in (("json", json_format.write_json), ("graphml", graphml.write_graphml),
                             ("gexf", gexf.write_gexf), ("cypher", cypher_script.write_cypher)):
            path = work / f"g.{name}"

            def write(path=path, writer=writer):
                with path.open("w", encoding="utf-8") as f:
                    writer(g, f)

            _timed(f"write {name}", write)
            print(f"  {path.stat().st_size / 1e6:.1f} MB")
        _timed("write csv", csv_admin.write_csv, g, work / "csv")
        for name in ("json", "graphml"):
            with open_store(db=work / f"import-{name}.lbdb") as target:
                _timed(f"import {name}", import_file, target, work / f"g.{name}")
        with open_store(db=work / "script.lbdb") as target:
            _timed("replay cypher script", cypher_script.run_script, target,
                   (work / "g.cypher").read_text(encoding="utf-8"))
        with open_store(db=db, read_only=True) as source, open_store(db=work / "copy.lbdb") as target:
            _timed("copy into an empty store", copy_graph, source, target)
            _timed("copy again (every MERGE hits)", copy_graph, source, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
