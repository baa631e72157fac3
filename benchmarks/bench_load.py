"""Load benchmark: one run, every number the scale issue asks for.

On a synthetic corpus (:mod:`benchmarks.generate`) this measures, in order:

1. **stages** — the loader's own stage functions called directly, one process,
   on the first ``--stage-docs`` documents: read (bytes → text), structure
   (outline), extract (facts, minus resolve), resolve (the Resolver's name →
   entity calls, timed inside extract), rows (records → rows);
2. **jieba** — a fresh ``jieba.Tokenizer`` (default dictionary) cutting the same
   texts: the speed of "just segmenting the words";
3. **load** — ``graph.ingest.load_paths`` end to end into a fresh embedded store
   with ``--workers`` parser processes; the writer's share is timed around
   ``write_group`` (documents written per transaction) in the writing process;
4. **reload** — the same call again on the unchanged corpus (content hashes);
5. peak RSS of this process (the writer) and of the largest worker.

    python -m benchmarks.bench_load --docs 500
    python -m benchmarks.bench_load --docs 10000 --stage-docs 1000
    python -m benchmarks.bench_load --docs 2000 --writer --before /tmp/before   # writer only, side by side

``--writer`` times the writer alone on the parsed corpus (parsed once, pickled): new
documents written in groups of ``graph.ingest.GROUP_DOCS`` per transaction, then a
reload of every tenth file with changed bytes, each in a fresh process per code tree
(this checkout, and ``--before``: an unpacked older checkout, e.g. ``git archive main``;
``--repeat N`` alternates the trees N times and keeps each one's median run),
beside ``COPY … FROM`` of the same node and edge rows (packed into one string per
table, no file in between) as the bulk-load floor.

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


def timed_load(db: Path, corpus: Path, workers: int) -> tuple[float, float, object, list[float]]:
    """``load_paths`` into ``db``; returns (wall seconds, seconds spent writing, summary, write ms per
    document in each tenth of the load — flat if writing does not slow down as the store grows)."""
    import policykg.graph.ingest as ingest
    from policykg.graph.open import open_store

    original = ingest.write_group
    groups: list[tuple[int, float]] = []  # (documents, seconds) per write_group call

    def timed(store, group, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(store, group, *args, **kwargs)
        finally:
            groups.append((len(group), time.perf_counter() - started))

    ingest.write_group = timed
    try:
        with open_store(db=db) as store:
            start = time.perf_counter()
            summary = ingest.load_paths(store, [corpus], workers=workers)
            wall = time.perf_counter() - start
    finally:
        ingest.write_group = original
    return wall, sum(sec for _, sec in groups), summary, _by_tenth(groups)


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

        wall, write_s, summary, tenths = timed_load(work / "g.lbdb", corpus, workers)
        rewall, _, resummary, _ = timed_load(work / "g.lbdb", corpus, workers)
        from policykg.graph.open import open_store
        from policykg.queries.stats import counts

        with open_store(db=work / "g.lbdb", read_only=True) as store:
            graph_counts = counts(store)
        store_mb = sum(f.stat().st_size for f in work.iterdir() if f.name.startswith("g.lbdb")) / 1e6
    finally:
        shutil.rmtree(work, ignore_errors=True)

    mb = size / 1e6
    per_doc = {k: v / len(sample) * 1000 for k, v in stages.items()}  # ms per document
    parse_mb_s = sample_size / 1e6 / sum(v for k, v in stages.items() if k != "rows")
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


def _groups(docs: list, size: int) -> list[list]:
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def writer_run(root: Path, parsed: Path) -> dict:
    """In this process: the writer of the tree ``root`` on the pickled documents; seconds per phase."""
    import pickle
    from dataclasses import replace

    _load_tree(root)
    from policykg.graph.ingest import GROUP_DOCS
    from policykg.graph.open import open_store
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
                for group in _groups(batch, GROUP_DOCS):
                    with store.transaction() as tx:
                        write_many(tx, group)
                seconds = time.perf_counter() - start
                out[phase] = {"docs": len(batch), "seconds": round(seconds, 2),
                              "ms_per_doc": round(seconds / len(batch) * 1000, 2)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def copy_floor(docs: list) -> dict:
    """``COPY … FROM`` the documents' own node and edge rows into a fresh store (no ids resolved, no stubs)."""
    from policykg.graph.open import open_store
    from policykg.graph.packed_rows import SEPARATORS, pack, typed_field
    from policykg.graph.planner import fold_shared, last_per_key
    from policykg.graph.rows import document_rows
    from policykg.graph.schema import NODES, RELATIONSHIPS, SHARED
    from policykg.graph.write_statements import edge_columns, node_columns, union_lists

    start = time.perf_counter()
    nodes: dict[str, list] = {label: [] for label in NODES}
    edges: dict[tuple, list] = {}
    for doc in docs:
        r = document_rows(doc)
        for label, items in r.nodes.items():
            nodes[label] += last_per_key(items, "id")
        for key, items in r.edges.items():
            edges.setdefault(key, []).extend(last_per_key(items, "a", "b"))
    ids = {}
    for label in NODES:
        items = fold_shared(nodes[label], union_lists(label)) if label in SHARED else last_per_key(nodes[label], "id")
        nodes[label] = items
        ids[label] = {n["id"] for n in items}
    rows_s = time.perf_counter() - start
    work = Path(tempfile.mkdtemp(prefix="policykg-bench-copy-"))
    n_edges = 0
    try:
        with open_store(db=work / "g.lbdb") as store:
            start = time.perf_counter()
            with store.transaction() as tx:
                for label, items in nodes.items():
                    columns = dict(node_columns(label))
                    if items:
                        fields = ", ".join(f"{typed_field(i, t)} AS c{i}" for i, t in enumerate(columns.values(), 1))
                        tx.run(f"COPY {label} FROM (UNWIND string_split($rows, $pk_row) AS line WITH "
                               f"string_split(line, $pk_field) AS f RETURN {fields})",
                               {"rows": pack(items, columns), **SEPARATORS})
                for (rel, a, b), items in edges.items():
                    items = [e for e in items if e["a"] in ids[a] and e["b"] in ids[b]]
                    if not items:
                        continue
                    n_edges += len(items)
                    columns = dict(edge_columns(rel))
                    fields = ", ".join(f"{typed_field(i, t)} AS c{i}" for i, t in enumerate(columns.values(), 1))
                    option = f" (from='{a}', to='{b}')" if len(RELATIONSHIPS[rel].pairs) > 1 else ""
                    tx.run(f"COPY {rel} FROM (UNWIND string_split($rows, $pk_row) AS line WITH "
                           f"string_split(line, $pk_field) AS f RETURN {fields}){option}",
                           {"rows": pack(items, columns), **SEPARATORS})
            seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"docs": len(docs), "nodes": sum(map(len, nodes.values())), "edges": n_edges,
            "rows_seconds": round(rows_s, 2), "copy_seconds": round(seconds, 2),
            "ms_per_doc": round(seconds / len(docs) * 1000, 2)}


def writer_compare(docs: int, seed: int, workers: int, before: Path | None, repeat: int = 1) -> dict:
    """The writer alone, this tree and ``before`` side by side, on one parsed corpus; plus the COPY floor."""
    import pickle
    import subprocess

    from policykg.graph.ingest import parsed

    work = Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    try:
        write_corpus(work / "corpus", docs, seed)
        files = sorted((work / "corpus").iterdir())
        outcomes = list(parsed(files, workers))
        parsed_docs = [o.doc for o in outcomes if o.doc is not None]
        (work / "docs.pickle").write_bytes(pickle.dumps(parsed_docs))
        trees = {"after": Path(__file__).resolve().parent.parent}
        if before:
            trees["before"] = before.resolve()
        report: dict = {"corpus": {"docs": docs, "seed": seed, "parsed": len(parsed_docs)}, "repeat": repeat}
        runs: dict[str, list[dict]] = {name: [] for name in trees}
        for turn in range(repeat):  # trees alternate, so a change in the machine's load hits both
            for name, root in (list(trees.items()) if turn % 2 == 0 else list(trees.items())[::-1]):
                result = subprocess.run([sys.executable, "-m", "benchmarks.bench_load", "--writer-run", str(root),
                                         str(work / "docs.pickle")], capture_output=True, text=True, check=True,
                                        cwd=Path(__file__).resolve().parent.parent)
                runs[name].append(json.loads(result.stdout))
        for name, results in runs.items():  # the median run of each phase
            report[name] = {phase: sorted((r[phase] for r in results), key=lambda x: x["ms_per_doc"])[len(results) // 2]
                            | {"all_ms_per_doc": [r[phase]["ms_per_doc"] for r in results]} for phase in results[0]}
        report["copy_floor"] = copy_floor(parsed_docs)
        after, floor = report["after"], report["copy_floor"]
        report["ratios"] = {"after_new_vs_copy": round(after["new"]["ms_per_doc"] / floor["ms_per_doc"], 2)}
        if "before" in report:
            b = report["before"]
            report["ratios"] |= {
                "before_new_vs_copy": round(b["new"]["ms_per_doc"] / floor["ms_per_doc"], 2),
                "new_speedup": round(b["new"]["ms_per_doc"] / after["new"]["ms_per_doc"], 2),
                "reload_speedup": round(b["reload_10pct"]["ms_per_doc"] / after["reload_10pct"]["ms_per_doc"], 2),
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
    parser.add_argument("--before", type=Path, help="with --writer: an older code tree to time side by side")
    parser.add_argument("--repeat", type=int, default=1, help="with --writer: runs per tree, alternating (median kept)")
    parser.add_argument("--writer-run", nargs=2, type=Path, metavar=("TREE", "PICKLE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer_run:
        report = writer_run(*args.writer_run)
    elif args.writer:
        report = writer_compare(args.docs, args.seed, args.workers, args.before, args.repeat)
    else:
        report = run(args.docs, args.seed, args.workers, min(args.stage_docs, args.docs), args.keep)
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
