"""Extraction quality, side by side: every gold set this machine has, scored in one run.

Each set is a folder of documents plus a ``policykg-gold/1`` gold file:

- **seeds**: ``../shared/seeds`` with ``../shared/gold/seeds.gold.json``;
- **corpus**: ``../shared/corpus/docs`` with ``../shared/corpus/gold.json``;
- **examples**: the bundled ``examples/`` with ``examples/expected/*.json`` (one gold file per example);
- **devcorpus**: the pages of :mod:`benchmarks.devcorpus` re-created in a folder (``--devpages``,
  default ``../devpages``) with ``benchmarks/devcorpus/gold.json``.

A set whose folder is absent is skipped with one line. Every document is parsed purely
(:func:`policykg.loaders.parse_file`, no database) and its facts scored with
:func:`policykg.loaders.scoring.score` — so the gold flags (``role_ambiguous``,
``score_assignments``, ``partial_assignments``) count exactly as the scorer in this tree
counts them. A document that fails to parse scores as all misses and is named.

Output: one table, a row per set and per genre inside each set (``--by-genre``), columns
lead / coop / leaders / references / goals / metadata F1 (micro-averaged over the documents
of the row) and the number of documents and tasks found. Genres come from
``benchmarks/devcorpus/sources.json`` for the dev pages and from a sniff of the bytes for
the others (SQL dump, JSP/HTML, Markdown, single-line flattened text, plain text).

    python -m benchmarks.bench_extraction
    python -m benchmarks.bench_extraction --by-genre --per-doc
    python -m benchmarks.bench_extraction --json > scores.json
    python -m benchmarks.bench_extraction --explain devcorpus   # misses and false positives per document

Numbers are reported, never asserted.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import policykg
from policykg.loaders import parse_file
from policykg.loaders.scoring import CATEGORIES, combine, predicted_from_document, score

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_GOLD = ROOT / "benchmarks" / "devcorpus" / "gold.json"
DEFAULT_DEVPAGES = ROOT.parent / "devpages"  # beside the repository, like ../shared
_SCORE_TAKES_DETAILS = "details" in inspect.signature(score).parameters


def default_sets(devpages: Path = DEFAULT_DEVPAGES) -> list[tuple[str, Path, Path]]:
    """(name, gold file or folder of gold files, document folder) for every known set."""
    return [
        ("seeds", SHARED / "gold" / "seeds.gold.json", SHARED / "seeds"),
        ("corpus", SHARED / "corpus" / "gold.json", SHARED / "corpus" / "docs"),
        ("examples", ROOT / "examples" / "expected", ROOT / "examples"),
        ("devcorpus", DEV_GOLD, devpages),
    ]


def read_gold_documents(gold: Path) -> list[dict]:
    """The gold documents of one gold file, or of every ``*.json`` gold file in a folder."""
    files = sorted(gold.glob("*.json")) if gold.is_dir() else [gold]
    docs: list[dict] = []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        if data.get("format") != "policykg-gold/1":
            continue
        docs.extend(data.get("documents", []))
    return docs


def sniff_genre(path: Path) -> str:
    """A coarse genre from the bytes: what shape the text was handed out in."""
    data = path.read_bytes()[:200_000]
    suffix = path.suffix.lower()
    if suffix in (".docx", ".pdf", ".doc"):
        return suffix[1:]
    text = data.decode("utf-8", "replace")
    head = text.lstrip()[:2000]
    if "INSERT INTO" in head.upper() or suffix == ".sql":
        return "sql-dump"
    if "<%@" in head or suffix == ".jsp" or "svn-base" in path.name:
        return "jsp-html"
    if suffix in (".html", ".htm") or "<html" in head.lower() or "<p" in head.lower():
        return "html"
    if suffix == ".md" or any(ln.startswith(("# ", "## ", "**", "- **")) for ln in text.splitlines()[:40]):
        return "markdown-scrape"
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines and max(len(ln) for ln in lines) > 0.8 * len(text.strip()):
        return "flattened"
    return "text"


def _genres_for(name: str, docs_dir: Path) -> dict[str, str]:
    if name == "devcorpus":
        try:
            from benchmarks.devcorpus import genres
            return genres()
        except (OSError, ValueError, KeyError):
            return {}
    return {}


def score_set(name: str, gold_path: Path, docs_dir: Path, explain: bool = False) -> dict | None:
    """Per-document scores of one set (None when its folder or gold is absent)."""
    if not docs_dir.is_dir() or not gold_path.exists():
        print(f"[{name}] skipped: {docs_dir if not docs_dir.is_dir() else gold_path} not found", file=sys.stderr)
        return None
    genres = _genres_for(name, docs_dir)
    per_doc: dict[str, dict] = {}
    for g in read_gold_documents(gold_path):
        path = docs_dir / g["doc"]
        entry = {"genre": genres.get(g["doc"]) or (sniff_genre(path) if path.exists() else "missing"),
                 "error": None, "tasks_found": 0, "seconds": 0.0}
        started = time.perf_counter()
        predicted = {"doc": g["doc"], "tasks": []}
        if not path.exists():
            entry["error"] = "file not found"
        else:
            try:
                predicted = predicted_from_document(parse_file(path))
            except Exception as err:  # a failing document scores as all misses, named in the table
                entry["error"] = f"{type(err).__name__}: {str(err).splitlines()[0][:160] if str(err) else ''}"
        entry["seconds"] = round(time.perf_counter() - started, 3)
        entry["tasks_found"] = len(predicted.get("tasks", []))
        details: list[str] | None = [] if (explain and _SCORE_TAKES_DETAILS) else None
        entry["scores"] = score(g, predicted, details) if details is not None else score(g, predicted)
        if details:
            entry["details"] = details
        entry["gold_tasks"] = len(g.get("tasks_with_assignments", []))
        per_doc[g["doc"]] = entry
    return per_doc


def _row(label: str, entries: list[dict]) -> dict:
    overall = combine(e["scores"] for e in entries)
    return {"row": label, "docs": len(entries), "failed": sum(1 for e in entries if e["error"]),
            "gold_tasks": sum(e["gold_tasks"] for e in entries),
            "tasks_found": sum(e["tasks_found"] for e in entries),
            **{c: overall[c] for c in CATEGORIES}}


def run_sets(sets: list[tuple[str, Path, Path]], by_genre: bool = False, per_doc: bool = False,
             explain: set[str] | None = None) -> dict:
    """Score every set; rows per set, then per genre and per document when asked."""
    rows, documents = [], {}
    for name, gold, folder in sets:
        scored = score_set(name, gold, folder, explain=bool(explain and (name in explain or "all" in explain)))
        if scored is None:
            continue
        documents[name] = scored
        rows.append(_row(name, list(scored.values())))
        if by_genre:
            for genre in sorted({e["genre"] for e in scored.values()}):
                rows.append(_row(f"  {name}/{genre}", [e for e in scored.values() if e["genre"] == genre]))
        if per_doc:
            for doc, e in scored.items():
                rows.append(_row(f"    {doc[:40]}", [e]))
    return {"tree": str(Path(policykg.__file__).resolve().parent), "rows": rows, "documents": documents}


def run_other_tree(root: Path, argv: list[str]) -> dict:
    """This benchmark's JSON report computed with the ``policykg`` of another checkout ``root``.

    The other tree is imported through a temporary folder holding a ``policykg`` link to it,
    put first on PYTHONPATH; the benchmark code and the gold stay this tree's, so both
    columns score the same documents against the same gold.
    """
    root = root.resolve()
    if not (root / "loaders" / "scoring.py").is_file():
        raise SystemExit(f"--tree {root}: not a policykg checkout (no loaders/scoring.py); give the repository root")
    with tempfile.TemporaryDirectory(prefix="policykg-tree-") as tmp:
        (Path(tmp) / "policykg").symlink_to(root, target_is_directory=True)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([tmp, str(ROOT)]))
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_extraction", "--json", *argv],
                              cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"--tree {root}: the benchmark failed there: {done.stderr.strip().splitlines()[-1:]}")
    report = json.loads(done.stdout)
    if Path(report["tree"]).resolve() != root:
        raise SystemExit(f"--tree {root}: imported policykg from {report['tree']} instead")
    return report


def _f1(cell: dict) -> str:
    """F1 with two decimals, or a dash when the row has nothing to count in that category."""
    return "—" if cell["tp"] + cell["fp"] + cell["fn"] == 0 else f"{cell['f1']:.2f}"


def print_table(report: dict, as_json: bool = False, others: dict[str, dict] | None = None) -> None:
    """One table; with ``others`` (label → report of another tree) each row gets a line per tree."""
    if as_json:
        print(json.dumps({"this": report, **(others or {})} if others else report, ensure_ascii=False, indent=1))
        return
    trees = {"this": report, **(others or {})}
    width = max(len(k) for k in trees) + 3 if others else 0
    head = f"{'set / genre / document':<46}{'':<{width}}{'docs':>5}{'fail':>5}{'tasks':>11}" + "".join(f"{c[:8]:>9}" for c in CATEGORIES)
    print(head)
    print("-" * len(head))
    for i, r in enumerate(report["rows"]):
        for label, rep in trees.items():
            row = next((x for x in rep["rows"] if x["row"] == r["row"]), None) if label != "this" else r
            if row is None:
                continue
            name = r["row"] if label == "this" else ""
            tag = f"[{label}]" if others else ""
            tasks = f"{row['tasks_found']}/{row['gold_tasks']}"
            print(f"{name:<46}{tag:<{width}}{row['docs']:>5}{row['failed']:>5}{tasks:>11}" + "".join(f"{_f1(row[c]):>9}" for c in CATEGORIES))
    print("(F1 per category, micro-averaged; — = nothing to count; tasks = tasks the parser found / tasks in gold)")
    if others:
        for label, rep in trees.items():
            print(f"[{label}] policykg from {rep['tree']}")
    for name, docs in report["documents"].items():
        for doc, e in docs.items():
            if e["error"]:
                print(f"[{name}] {doc}: {e['error']}")
            for line in e.get("details", []):
                print(f"[{name}] {doc}: {line}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_extraction", description=__doc__.split("\n")[0])
    ap.add_argument("--devpages", type=Path, default=DEFAULT_DEVPAGES,
                    help="folder with the dev-corpus pages (python -m benchmarks.devcorpus fetch DIR)")
    ap.add_argument("--only", action="append", help="score only these sets (seeds, corpus, examples, devcorpus)")
    ap.add_argument("--by-genre", action="store_true", help="add a row per genre inside each set")
    ap.add_argument("--per-doc", action="store_true", help="add a row per document")
    ap.add_argument("--explain", action="append", metavar="SET",
                    help="print the scorer's misses and false positives per document of SET ('all' for every set)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--tree", action="append", metavar="LABEL=PATH", default=[],
                    help="also score with the policykg of another checkout (e.g. int=/tmp/int-tree), side by side")
    argv = list(sys.argv[1:] if argv is None else argv)
    a = ap.parse_args(argv)
    sets = [s for s in default_sets(a.devpages) if not a.only or s[0] in a.only]
    if a.explain and not _SCORE_TAKES_DETAILS:
        print("this tree's scorer has no details= parameter; --explain prints nothing extra", file=sys.stderr)
    others = {}
    if a.tree:
        passed = [x for k, x in enumerate(argv) if x not in ("--json",) and not x.startswith("--tree")
                  and (k == 0 or argv[k - 1] != "--tree")]
        for spec in a.tree:
            label, _, path = spec.partition("=")
            if not path:
                raise SystemExit(f"--tree {spec}: expected LABEL=PATH")
            others[label] = run_other_tree(Path(path), passed)
    report = run_sets(sets, by_genre=a.by_genre, per_doc=a.per_doc, explain=set(a.explain or []))
    print_table(report, as_json=a.json, others=others or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
