"""`policykg eval`: load documents into a temporary store, read the graph back, score against gold.

>>> per_doc, overall = evaluate_files(Path("gold.json"), [Path("seeds")])   # doctest: +SKIP
>>> overall["lead"]["f1"]                                                  # doctest: +SKIP
0.99
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from policykg.errors import InputError
from policykg.graph.ingest import LoadSummary, load_paths
from policykg.graph.store import open_store
from policykg.loaders.scoring import CATEGORIES, evaluate
from policykg.queries.document_facts import document_facts


def read_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: cannot read the gold file ({err})") from err
    if gold.get("format") != "policykg-gold/1" or not isinstance(gold.get("documents"), list):
        raise InputError(f"{path}: not a policykg-gold/1 file (expected a 'documents' list)")
    return gold


def evaluate_files(gold_path: Path, paths: list[Path], workers: int | None = None,
                   explain: dict[str, list[str]] | None = None) -> tuple[dict[str, dict], dict, LoadSummary]:
    """Per-document and overall scores (tp/fp/fn/precision/recall/f1 per category) and the load summary.

    A dict passed as ``explain`` receives each document's misses and false positives, one line each.
    """
    gold = read_gold(gold_path)
    with tempfile.TemporaryDirectory(prefix="policykg-eval-") as tmp:
        with open_store(db=Path(tmp) / "eval.lbdb") as store:
            summary = load_paths(store, paths, workers=workers)
            facts = [document_facts(store, r.source) for r in summary.loaded + summary.unchanged]
    # A gold document that was given but failed to load scores as all misses, not as absent.
    loaded = {f["doc"] for f in facts}
    given = {Path(p).name for p, _ in summary.failed}
    facts += [{"doc": name, "tasks": []} for name in sorted(given - loaded)]
    per_document, overall = evaluate(gold, facts, explain)
    return per_document, overall, summary


def lowest_f1(overall: dict) -> tuple[str, float]:
    """The category with the lowest F1 (for ``--min-f1``)."""
    return min(((c, overall[c]["f1"]) for c in CATEGORIES), key=lambda item: item[1])
