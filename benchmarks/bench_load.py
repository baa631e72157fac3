"""Load benchmark: one run, every number the scale issue asks for.

On a synthetic corpus (:mod:`benchmarks.generate`) this measures, in order:

1. **stages** — the loader's own stage functions called directly, one process,
   on the first ``--stage-docs`` documents: read (bytes → text), structure
   (outline), extract (facts, minus resolve), resolve (the Resolver's name →
   entity calls, timed inside extract), rows (records → rows), transfer
   (unpickling a parsed document, as the loading process receives it from a worker);
2. **jieba** — a fresh ``jieba.Tokenizer`` (default dictionary) cutting the same
   texts: the speed of "just segmenting the words";
3. **load** — ``graph.ingest.load_paths`` end to end into a fresh embedded store
   with ``--workers`` parser processes; the writer's share is timed around
   ``write_group`` (documents written per transaction) in the writing process;
4. **reload** — the same call again on the unchanged corpus (content hashes);
5. CPU per document of the writing, of the whole loading process and of each parser
   worker, and which side bounds the load (``bound_by``);
6. peak RSS of this process (the writer) and of the largest worker.

    python -m benchmarks.bench_load --docs 500
    python -m benchmarks.bench_load --docs 10000 --stage-docs 1000
    python -m benchmarks.bench_load --docs 2000 --writer --before /tmp/before   # writer only, side by side

``--writer`` times the writer alone on the parsed corpus (parsed once, pickled): new
documents written in the groups a load writes per transaction (``graph.ingest.group_full``), then a
reload of every tenth file with changed bytes, each in a fresh process per code tree
(this checkout, and each ``--before``: an unpacked older checkout, e.g. ``git archive main``, named by its folder;
``--repeat N`` runs N turns and keeps each one's median run), beside ``COPY … FROM`` of
the same node and edge rows as the bulk-load floor: rows packed into one string per table (no
file in between) or, when pyarrow is installed (``.[bench]``), a Parquet file per table, whichever
is faster. Each turn runs the floor and every tree once, in alternating order, and the ratios are
taken within a turn (median over turns): on a shared machine seconds drift between turns far more
than within one.

Numbers are reported, never asserted: tests must not depend on timing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks.generate import write_corpus


class Clock:
    """Accumulates wall time per stage name; nested timers of one stage count once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._depth: dict[str, int] = {}

    @contextmanager
    def __call__(self, stage: str):
        depth = self._depth.get(stage, 0)
        self._depth[stage] = depth + 1
        start = time.perf_counter()
        try:
            yield
        finally:
            self._depth[stage] = depth
            if depth == 0:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start

    def wrap(self, owner: object, name: str, stage: str):
        """Time every call of ``owner.name`` as ``stage``; returns the original to put back."""
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            with self(stage):
                return original(*args, **kwargs)

        setattr(owner, name, timed)
        return original


def stage_times(files: list[Path]) -> tuple[dict[str, float], list[str]]:
    """Run the pipeline's stages one by one on ``files``; returns seconds per stage and the texts read."""
    import pickle

    from policykg.graph.rows import document_rows
    from policykg.loaders import pipeline
    from policykg.loaders.dictionaries import tokenizer
    from policykg.loaders.resolve import Resolver

    clock = Clock()
    originals = {m: clock.wrap(Resolver, m, "resolve") for m in ("department", "leader", "place")}
    tok = tokenizer()  # built before timing, as a long load would have it
    texts = []
    try:
        for path in files:
            data = path.read_bytes()
            with clock("read"):
                page = pipeline.read_bytes(data, path.name, path.suffix)
            texts.append(page.text)
            with clock("structure"):
                outline = pipeline.parse_outline(page.text, path.name, page.meta)
            with clock("extract"):
                facts = pipeline.extract(outline, tok)
            doc = pipeline.parse_bytes(data, path.name, path.suffix, tok)  # the records, for rows
            blob = pickle.dumps(doc)  # how a worker sends it
            with clock("transfer"):
                pickle.loads(blob)  # what the loading process pays to receive it
            with clock("rows"):
                document_rows(doc)
            del facts
    finally:
        for method, original in originals.items():
            setattr(Resolver, method, original)
    seconds = dict(clock.seconds)
    seconds["extract"] = seconds.get("extract", 0.0) - seconds.get("resolve", 0.0)
    return seconds, texts


def jieba_seconds(texts: list[str]) -> float:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()  # loading the dictionary is not segmenting
    start = time.perf_counter()
    for text in texts:
        for _ in tok.cut(text):
            pass
    return time.perf_counter() - start


def timed_load(db: Path, corpus: Path, workers: int) -> tuple[float, float, object, list[float], dict]:
    """``load_paths`` into ``db``; returns (wall seconds, seconds spent writing, summary, write ms per
    document in each tenth of the load — flat if writing does not slow down as the store grows,
    CPU seconds: writing, the whole loading process, and the parser workers).

    CPU time says which side bounds a load on a busy machine better than wall time: the
    writer's wall time grows whenever the workers hold the cores.
    """
    import policykg.graph.ingest as ingest
    from policykg.graph.store import open_store

    original = ingest.write_group
    groups: list[tuple[int, float]] = []  # (documents, seconds) per write_group call
    writer_cpu = [0.0]

    def timed(store, group, *args, **kwargs):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return original(store, group, *args, **kwargs)
        finally:
            groups.append((len(group), time.perf_counter() - started))
            writer_cpu[0] += time.process_time() - cpu

    def used(who: int) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    ingest.write_group = timed
    try:
        with open_store(db=db) as store:
            start, self_cpu, child_cpu = time.perf_counter(), used(resource.RUSAGE_SELF), used(resource.RUSAGE_CHILDREN)
            summary = ingest.load_paths(store, [corpus], workers=workers)
            wall = time.perf_counter() - start
            cpu = {"writing": writer_cpu[0], "loader_process": used(resource.RUSAGE_SELF) - self_cpu,
                   "parsers": used(resource.RUSAGE_CHILDREN) - child_cpu}
    finally:
        ingest.write_group = original
    return wall, sum(sec for _, sec in groups), summary, _by_tenth(groups), cpu


def _by_tenth(groups: list[tuple[int, float]]) -> list[float]:
    """Write milliseconds per document over consecutive tenths of the documents written."""
    total = sum(n for n, _ in groups)
    tenths = [[0, 0.0] for _ in range(10)]
    done = 0
    for n, sec in groups:
        part = tenths[min(9, done * 10 // max(1, total))]
        part[0] += n
        part[1] += sec
        done += n
    return [round(sec / n * 1000, 2) for n, sec in tenths if n]


def run(docs: int, seed: int, workers: int, stage_docs: int, keep: Path | None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    corpus = keep or work / "corpus"
    try:
        generated = write_corpus(corpus, docs, seed)
        files = sorted(corpus.iterdir())
        size = sum(f.stat().st_size for f in files)
        sample = files[:stage_docs]
        sample_size = sum(f.stat().st_size for f in sample)

        stages, texts = stage_times(sample)
        jieba_s = jieba_seconds(texts)

        wall, write_s, summary, tenths, cpu = timed_load(work / "g.lbdb", corpus, workers)
        rewall, _, resummary, _, _ = timed_load(work / "g.lbdb", corpus, workers)
        from policykg.graph.store import open_store
        from policykg.queries.stats import counts

        with open_store(db=work / "g.lbdb", read_only=True) as store:
            graph_counts = counts(store)
        store_mb = sum(f.stat().st_size for f in work.iterdir() if f.name.startswith("g.lbdb")) / 1e6
    finally:
        shutil.rmtree(work, ignore_errors=True)

    mb = size / 1e6
    per_doc = {k: v / len(sample) * 1000 for k, v in stages.items()}  # ms per document
    parse_mb_s = sample_size / 1e6 / sum(v for k, v in stages.items() if k not in ("rows", "transfer"))
    jieba_mb_s = sample_size / 1e6 / jieba_s
    load_mb_s = mb / wall
    return {
        "corpus": {"docs": docs, "seed": seed, "MB": round(mb, 2), "generated_tasks": sum(d.tasks for d in generated)},
        "workers": workers,
        "stages_ms_per_doc": {k: round(v, 2) for k, v in per_doc.items()}
        | {"write (in load)": round(write_s / max(1, len(summary.loaded)) * 1000, 2)},
        "slowest_stage": max({**per_doc, "write": write_s / max(1, len(summary.loaded)) * 1000}.items(),
                             key=lambda kv: kv[1])[0],
        "parse_MB_s_one_core": round(parse_mb_s, 3),
        "jieba_MB_s_one_core": round(jieba_mb_s, 3),
        "load": {"seconds": round(wall, 2), "MB_s": round(load_mb_s, 3), "docs_s": round(docs / wall, 1),
                 "loaded": len(summary.loaded), "unchanged": len(summary.unchanged), "failed": len(summary.failed),
                 "write_seconds": round(write_s, 2), "write_ms_per_doc_by_tenth": tenths},
        "cpu_ms_per_doc": {"writing": round(cpu["writing"] / docs * 1000, 2),
                           "loader_process": round(cpu["loader_process"] / docs * 1000, 2),
                           "parsers_per_worker": round(cpu["parsers"] / workers / docs * 1000, 2)},
        # the side whose CPU per core is larger bounds the load: the loading process is one core,
        # the parsers share the others
        "bound_by": "parsing" if cpu["parsers"] / workers > cpu["loader_process"] else "the loading process",
        "ratio_load_vs_jieba_one_core": round(load_mb_s / jieba_mb_s, 2),
        "ratio_load_vs_jieba_all_workers": round(load_mb_s / (jieba_mb_s * workers), 2),
        "reload_unchanged": {"seconds": round(rewall, 2), "unchanged": len(resummary.unchanged),
                             "ratio_to_full_load": round(rewall / wall, 3)},
        "peak_rss_MB": {"writer": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                        "largest_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)},
        "store_MB": round(store_mb, 1),
        "graph": graph_counts,
        "failures": summary.failed[:5],
    }


def _load_tree(root: Path) -> None:
    """Import ``policykg`` from the code tree ``root`` (the repository root is the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("policykg", root / "__init__.py", submodule_search_locations=[str(root)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["policykg"] = module
    spec.loader.exec_module(module)


def _groups(docs: list) -> list[list]:
    """The documents in the groups a load would write them in (before ``group_full``: the same rule inline)."""
    import policykg.graph.ingest as ingest

    full = getattr(ingest, "group_full", lambda group: len(group) >= ingest.GROUP_DOCS
                   or sum(len(d.tasks) for d in group) >= ingest.GROUP_TASKS)
    groups, group = [], []
    for doc in docs:
        group.append(doc)
        if full(group):
            groups.append(group)
            group = []
    return groups + [group] * bool(group)


def writer_run(root: Path, parsed: Path) -> dict:
    """In this process: the writer of the tree ``root`` on the pickled documents; seconds per phase."""
    import pickle
    from dataclasses import replace

    _load_tree(root)
    from policykg.graph.store import open_store
    try:
        from policykg.graph.writer import write_many
    except ImportError:  # before the planner: the group writer
        from policykg.graph.group_writer import write_many
    docs = pickle.loads(parsed.read_bytes())
    changed = [replace(d, sha256=d.sha256 + "-changed") for d in docs[::10]]
    work = Path(tempfile.mkdtemp(prefix="policykg-bench-writer-"))
    out = {}
    try:
        with open_store(db=work / "g.lbdb") as store:
            for phase, batch in (("new", docs), ("reload_10pct", changed)):
                start = time.perf_counter()
                for group in _groups(batch):
                    with store.transaction() as tx:
                        write_many(tx, group)
                seconds = time.perf_counter() - start
                out[phase] = {"docs": len(batch), "seconds": round(seconds, 2),
                              "ms_per_doc": round(seconds / len(batch) * 1000, 2)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def copy_floor(docs: list) -> dict:
    """``COPY … FROM`` the documents' own node and edge rows into a fresh store (no ids resolved, no stubs).

    Two sources for the same rows, each into its own fresh store in one transaction: a
    subquery over rows packed into one string per table (no file in between), and, when
    pyarrow is installed (it is not a dependency of policykg), a Parquet file per table
    (only the ``COPY`` statements are timed, not writing the files). The lower of the two is
    the floor the writer is compared with.
    """
    start = time.perf_counter()
    nodes, edges = bulk_rows(docs)
    rows_s = time.perf_counter() - start
    packed = _timed_copy(nodes, edges, _copy_packed)
    parquet = _timed_copy(nodes, edges, copy_parquet)
    best = min(x for x in (packed, parquet) if x is not None)
    return {"docs": len(docs), "nodes": sum(map(len, nodes.values())), "edges": sum(map(len, edges.values())),
            "rows_seconds": round(rows_s, 2), "packed_seconds": round(packed, 2),
            "parquet_seconds": parquet and round(parquet, 2), "copy_seconds": round(best, 2),
            "ms_per_doc": round(best / len(docs) * 1000, 2)}


def bulk_rows(docs: list, seen: dict[str, set] | None = None) -> tuple[dict, dict]:
    """The documents' node rows (one per id; shared ones folded) and their edges between those nodes.

    With ``seen`` (label -> ids already loaded, updated here), only nodes not seen before, and
    edges whose ends are seen by now: the rows a bulk load of these documents would add.
    """
    from policykg.graph.planner import fold_shared, last_per_key
    from policykg.graph.rows import document_rows
    from policykg.graph.schema import NODES, SHARED
    from policykg.graph.write_statements import union_lists

    seen = {} if seen is None else seen
    nodes: dict[str, list] = {label: [] for label in NODES}
    edges: dict[tuple, list] = {}
    for doc in docs:
        r = document_rows(doc)
        for label, items in r.nodes.items():
            nodes[label] += last_per_key(items, "id")
        for key, items in r.edges.items():
            edges.setdefault(key, []).extend(last_per_key(items, "a", "b"))
    for label in NODES:
        items = fold_shared(nodes[label], union_lists(label)) if label in SHARED else last_per_key(nodes[label], "id")
        known = seen.setdefault(label, set())
        nodes[label] = [n for n in items if n["id"] not in known]
        known |= {n["id"] for n in nodes[label]}
    edges = {key: [e for e in items if e["a"] in seen[key[1]] and e["b"] in seen[key[2]]] for key, items in edges.items()}
    return nodes, {key: items for key, items in edges.items() if items}


def _timed_copy(nodes: dict, edges: dict, copy) -> float | None:
    """Seconds ``copy`` takes to load ``nodes`` then ``edges`` into a fresh store, in one transaction."""
    from policykg.graph.store import open_store

    work = Path(tempfile.mkdtemp(prefix="policykg-bench-copy-"))
    try:
        with open_store(db=work / "g.lbdb") as store:
            with store.transaction() as tx:
                return copy(tx, work, nodes, edges)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _rel_option(rel: str, a: str, b: str, sep: str) -> str:
    from policykg.graph.schema import RELATIONSHIPS

    return f"{sep}from='{a}', to='{b}'" if len(RELATIONSHIPS[rel].pairs) > 1 else ""


def _copy_packed(tx, _work: Path, nodes: dict, edges: dict) -> float:
    from policykg.graph.ladybug_store import SEPARATORS, pack, typed_field
    from policykg.graph.write_statements import edge_columns, node_columns

    start = time.perf_counter()
    tables = [(label, dict(node_columns(label)), items, "") for label, items in nodes.items() if items]
    tables += [(rel, dict(edge_columns(rel)), items, _rel_option(rel, a, b, "")) for (rel, a, b), items in edges.items()]
    for table, columns, items, option in tables:
        fields = ", ".join(f"{typed_field(i, t)} AS c{i}" for i, t in enumerate(columns.values(), 1))
        tx.run(f"COPY {table} FROM (UNWIND string_split($rows, $pk_row) AS line WITH "
               f"string_split(line, $pk_field) AS f RETURN {fields}){f' ({option})' if option else ''}",
               {"rows": pack(items, columns), **SEPARATORS})
    return time.perf_counter() - start


def copy_parquet(tx, work: Path, nodes: dict, edges: dict) -> float | None:
    """Seconds ``COPY … FROM`` a Parquet file per table takes for ``nodes`` then ``edges`` in ``tx``.

    The files are written into ``work`` first, untimed. None when pyarrow is not installed
    (``pip install -e .[bench]``). Also used by :mod:`benchmarks.bench_copy`.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return None
    from policykg.graph.write_statements import edge_columns, node_columns

    types = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "STRING[]": pa.list_(pa.string())}
    tables = [(label, node_columns(label), items, "") for label, items in nodes.items() if items]
    tables += [(rel, edge_columns(rel), items, _rel_option(rel, a, b, ", ")) for (rel, a, b), items in edges.items()]
    files = []
    for n, (table, columns, items, option) in enumerate(tables):
        path = work / f"t{n}.parquet"
        pq.write_table(pa.table({name: pa.array([row[name] for row in items], types[typ]) for name, typ in columns}),
                       path, compression="NONE")
        files.append((table, path, option))
    start = time.perf_counter()
    for table, path, option in files:
        tx.run(f"COPY {table} FROM '{path.as_posix()}' (file_format='parquet'{option})")
    return time.perf_counter() - start


def writer_compare(docs: int, seed: int, workers: int, before: list[Path], repeat: int = 1) -> dict:
    """The writer alone, this tree and the ``before`` trees side by side, on one parsed corpus; plus the COPY floor.

    Every run is a fresh process. Each turn runs the floor and every tree once, in alternating
    order, so a change in the machine's load hits all of them; ratios are taken within a turn
    and the median turn's ratio is reported (shared machines make seconds drift between turns).
    """
    import pickle
    import statistics
    import subprocess

    from policykg.loaders.pipeline import parsed

    here = Path(__file__).resolve().parent.parent
    work = Path(tempfile.mkdtemp(prefix="policykg-bench-"))

    def child(*args: str) -> dict:
        result = subprocess.run([sys.executable, "-m", "benchmarks.bench_load", *args], capture_output=True,
                                text=True, check=True, cwd=here)
        return json.loads(result.stdout)

    try:
        write_corpus(work / "corpus", docs, seed)
        files = sorted((work / "corpus").iterdir())
        outcomes = list(parsed(files, workers))
        parsed_docs = [o.doc for o in outcomes if o.doc is not None]
        pickled = work / "docs.pickle"
        pickled.write_bytes(pickle.dumps(parsed_docs))
        trees = {"after": here}
        trees |= {f"before:{tree.name}": tree.resolve() for tree in before}
        report: dict = {"corpus": {"docs": docs, "seed": seed, "parsed": len(parsed_docs)}, "repeat": repeat}
        runs: dict[str, list[dict]] = {name: [] for name in [*trees, "copy_floor"]}
        for turn in range(repeat):
            order = ["copy_floor", *trees]
            for name in (order if turn % 2 == 0 else order[::-1]):
                args = ("--floor-run", str(pickled)) if name == "copy_floor" else ("--writer-run", str(trees[name]),
                                                                                   str(pickled))
                runs[name].append(child(*args))
        for name in trees:  # the median run of each phase
            results = runs[name]
            report[name] = {phase: sorted((r[phase] for r in results), key=lambda x: x["ms_per_doc"])[len(results) // 2]
                            | {"all_ms_per_doc": [r[phase]["ms_per_doc"] for r in results]} for phase in results[0]}
        floors = runs["copy_floor"]
        report["copy_floor"] = sorted(floors, key=lambda x: x["ms_per_doc"])[len(floors) // 2] | {
            "all_ms_per_doc": [f["ms_per_doc"] for f in floors]}

        def per_turn(name: str, phase: str, over: list[dict]) -> dict:
            ratios = [r[phase]["ms_per_doc"] / o["ms_per_doc"] for r, o in zip(runs[name], over)]
            return {"median": round(statistics.median(ratios), 2), "each_turn": [round(x, 2) for x in ratios]}

        report["ratios"] = {"after_new_vs_copy": per_turn("after", "new", floors)}
        for name in trees:
            if name != "after":
                report["ratios"][name] = {
                    "new_vs_copy": per_turn(name, "new", floors),
                    "new_speedup": per_turn(name, "new", [r["new"] for r in runs["after"]]),
                    "reload_speedup": per_turn(name, "reload_10pct", [r["reload_10pct"] for r in runs["after"]]),
                }
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="policykg load benchmark (reports numbers; asserts nothing)")
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--stage-docs", type=int, default=500, help="documents timed stage by stage (default 500)")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument("--writer", action="store_true", help="time the writer alone (see the module docstring)")
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="with --writer: an older code tree to time side by side (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="with --writer: runs per tree, alternating (median kept)")
    parser.add_argument("--writer-run", nargs=2, type=Path, metavar=("TREE", "PICKLE"), help=argparse.SUPPRESS)
    parser.add_argument("--floor-run", type=Path, metavar="PICKLE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer_run:
        report = writer_run(*args.writer_run)
    elif args.floor_run:
        import pickle

        report = copy_floor(pickle.loads(args.floor_run.read_bytes()))
    elif args.writer:
        report = writer_compare(args.docs, args.seed, args.workers, args.before, args.repeat)
    else:
        report = run(args.docs, args.seed, args.workers, min(args.stage_docs, args.docs), args.keep)
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
