"""``python -m benchmarks.devcorpus fetch|verify|score|renditions DIR`` (see the package docstring)."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from benchmarks.devcorpus import GOLD, mirror_dir, sha256_of, sources


def fetch(target: Path, mirrors: Path) -> int:
    """Write every page into ``target`` from local mirrors; refuse any sha256 mismatch."""
    target.mkdir(parents=True, exist_ok=True)
    failed = 0
    for s in sources():
        git_dir = mirror_dir(mirrors, s.repo)
        if not git_dir.is_dir():
            print(f"{s.doc}: no mirror of {s.repo} at {git_dir} (fetch github:{s.repo} with the session's fetch tool first)")
            failed += 1
            continue
        done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{s.commit}:{s.path}"],
                              capture_output=True)
        if done.returncode != 0:
            print(f"{s.doc}: git show {s.commit[:10]}:{s.path} failed in {git_dir}: "
                  f"{done.stderr.decode('utf-8', 'replace').strip().splitlines()[-1:]}")
            failed += 1
            continue
        got = sha256_of(done.stdout)
        if got != s.sha256:
            print(f"{s.doc}: sha256 mismatch ({got[:16]}… != recorded {s.sha256[:16]}…), not written")
            failed += 1
            continue
        (target / s.doc).write_bytes(done.stdout)
        print(f"{s.doc}: ok ({len(done.stdout)} bytes, {s.genre})")
    return 1 if failed else 0


def unreadable_facts(gold_doc: dict, text: str) -> list[str]:
    """Gold facts (unit surfaces, task title openings, cited titles and 文号, the title) not found in ``text``.

    The page is compared with whitespace removed and ``\\uXXXX`` escapes decoded, so a fact split by a hard
    wrap or stored escaped still counts as printed. Goal texts are our own words and are not checked.
    """
    flat = re.sub(r"\s+", "", re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text))
    missing = []
    for task in gold_doc.get("tasks_with_assignments", []):
        for unit in task.get("lead_units", []) + task.get("coop_units", []):
            if unit["surface"] not in flat:
                missing.append(f"unit {unit['surface']} (task {task['key']})")
        if re.sub(r"\s", "", task["title"])[:6] not in flat:
            missing.append(f"task title {task['title']}")
    for ref in gold_doc.get("references", []):
        for value in (ref.get("title"), ref.get("doc_number")):
            if value and value not in flat:
                missing.append(f"reference {value}")
    if gold_doc.get("title") and re.sub(r"\s", "", gold_doc["title"]) not in flat:
        missing.append(f"title {gold_doc['title']}")
    return missing


def verify(target: Path) -> int:
    """Check every page in ``target`` against its sha256, and that the gold's facts can be read in it."""
    gold = {d["doc"]: d for d in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]}
    bad = 0
    for s in sources():
        p = target / s.doc
        if not p.is_file():
            print(f"{s.doc}: missing in {target}")
            bad += 1
        elif sha256_of(p.read_bytes()) != s.sha256:
            print(f"{s.doc}: sha256 differs from the recorded one")
            bad += 1
        else:
            missing = unreadable_facts(gold.get(s.doc, {}), p.read_text(encoding="utf-8", errors="replace"))
            if missing:
                print(f"{s.doc}: gold facts not found in the page: {'; '.join(missing[:5])}")
                bad += 1
    print(f"{len(sources()) - bad}/{len(sources())} pages verified")
    return 1 if bad else 0


def score(target: Path, as_json: bool) -> int:
    from benchmarks.bench_extraction import run_sets, print_table
    report = run_sets([("devcorpus", GOLD, target)], by_genre=True)
    print_table(report, as_json=as_json)
    return 0


def renditions(target: Path, explain: bool) -> int:
    """Each page's clean text re-shaped as tests/renditions.py does (flattened, hard-wrapped, a SQL row,
    a scraped page, GBK, a .docx, a Markdown scrape, a portal page) and parsed again: the (page, shape) pairs that lose more than 0.02 F1 in a
    category against the clean text, and a count. A benchmark: it prints, it never fails."""
    from tests import renditions as R
    from policykg.loaders.scoring import CATEGORIES, predicted_from_document, score
    from policykg.loaders import parse_bytes

    gold = {d["doc"]: d for d in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]}
    pairs = lost = 0
    for s in sources():
        path = target / s.doc
        if not path.is_file():
            print(f"{s.doc}: missing in {target}")
            continue
        text, title, date = R.clean_text(path)
        clean = R.scores(text.encode("utf-8"), ".txt", s.doc, gold[s.doc])
        for shape in R.SHAPES:
            data, suffix = R.render(shape, text, title, date)
            shaped = R.scores(data, suffix, s.doc, gold[s.doc])
            pairs += 1
            drops = {c: (round(clean[c], 2), round(shaped[c], 2)) for c in CATEGORIES if clean[c] - shaped[c] > 0.02}
            if drops:
                lost += 1
                print(f"{s.doc} as {shape}: {drops}")
                if explain:
                    details: list[str] = []
                    score(gold[s.doc], predicted_from_document(parse_bytes(data, s.doc, suffix)), details=details)
                    print("    " + "\n    ".join(details))
    print(f"{lost} of {pairs} (page, shape) pairs lose facts against the clean text")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.devcorpus")
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fetch", help="write the pages into DIR from local git mirrors, checking sha256")
    f.add_argument("dir", type=Path)
    f.add_argument("--mirrors", type=Path, required=True,
                   help="folder holding owner+name/repo git directories (see SOURCES.md)")
    v = sub.add_parser("verify", help="check the pages in DIR against the recorded sha256 and the gold's facts")
    v.add_argument("dir", type=Path)
    s = sub.add_parser("score", help="score today's extraction of the pages in DIR against gold.json")
    s.add_argument("dir", type=Path)
    s.add_argument("--json", action="store_true")
    r = sub.add_parser("renditions", help="re-shape each page (tests/renditions.py) and list the shapes that lose facts")
    r.add_argument("dir", type=Path)
    r.add_argument("--explain", action="store_true", help="the misses and false positives of each losing shape")
    a = ap.parse_args(argv)
    if a.cmd == "fetch":
        return fetch(a.dir, a.mirrors)
    if a.cmd == "verify":
        return verify(a.dir)
    if a.cmd == "renditions":
        return renditions(a.dir, a.explain)
    return score(a.dir, a.json)


if __name__ == "__main__":
    sys.exit(main())
