"""Extraction quality per rendition shape: the documents with gold, re-shaped (tests/renditions.py).

For every set (seeds, ../shared/corpus, examples) and every shape, prints the micro-averaged
F1 per category of the re-shaped documents next to the clean ones (the clean text parsed as
.txt), so a shape that loses facts shows as a drop. No database; runs in well under a minute.

    python -m benchmarks.bench_renditions            # all sets, all shapes
    python -m benchmarks.bench_renditions --set seeds --explain

A benchmark, not a test: it prints numbers and never fails on them.
"""

from __future__ import annotations

import argparse

from policykg.errors import InputError
from policykg.loaders import parse_bytes
from policykg.loaders.scoring import CATEGORIES, combine, predicted_from_document, score
from tests import renditions as R


def _score(data: bytes, suffix: str, name: str, gold: dict) -> dict:
    try:
        doc = parse_bytes(data, name, suffix)
    except InputError:
        return score(gold, {"doc": name, "tasks": []})
    return score(gold, predicted_from_document(doc))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=sorted(R.GOLD_SETS))
    parser.add_argument("--shape", action="append")
    parser.add_argument("--explain", action="store_true", help="per-document F1 where a shape loses > 0.02")
    args = parser.parse_args()
    shapes = args.shape or list(R.SHAPES) + list(R.TABLE_SHAPES)
    print(f"{'set':<9}{'shape':<17}" + "".join(f"{c[:8]:>9}" for c in CATEGORIES))
    for set_name in args.set or list(R.GOLD_SETS):
        docs = R.gold_documents(set_name)
        if not docs:
            continue
        base = {name: R.clean_text(path) for name, path, _g in docs}
        clean = {name: _score(base[name][0].encode(), ".txt", name, g) for name, _p, g in docs}
        total = combine(clean.values())
        print(f"{set_name:<9}{'clean':<17}" + "".join(f"{total[c]['f1']:>9.3f}" for c in CATEGORIES))
        for shape in shapes:
            per = {}
            for name, _p, g in docs:
                text, title, date = base[name]
                if shape in R.TABLE_SHAPES and not R.has_table(text):
                    per[name] = clean[name]
                    continue
                data, suffix = R.render(shape, text, title, date)
                per[name] = _score(data, suffix, name, g)
            total = combine(per.values())
            print(f"{'':<9}{shape:<17}" + "".join(f"{total[c]['f1']:>9.3f}" for c in CATEGORIES), flush=True)
            if args.explain:
                for name in per:
                    lost = [f"{c} {clean[name][c]['f1']:.2f}->{per[name][c]['f1']:.2f}" for c in CATEGORIES
                            if per[name][c]["f1"] < clean[name][c]["f1"] - 0.02]
                    if lost:
                        print(f"{'':<12}{name}: " + ", ".join(lost))


if __name__ == "__main__":
    main()
