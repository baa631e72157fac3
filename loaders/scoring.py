"""Score extracted facts against hand-checked gold (``policykg-gold/1``), purely.

Two dict shapes meet here. The *gold* document is described in
``../shared/gold/README.md``. The *predicted* document is a neutral dict that
either :func:`predicted_from_document` builds from a ParsedDocument or the CLI
reads back from a graph store — the same shape either way::

    {"doc": "001_x.txt",
     "title": "…", "issuers": ["东阳市人民政府办公室"], "doc_number": "衢委办〔2010〕93号" | None,
     "issuers_printed": ["…"],  # optional: the issuers as printed, when the names above expand them
     "date": "2016-04-08" | None, "jurisdiction": "东阳市",
     "references": [{"title": "…" | None, "doc_number": "…" | None}],
     "goals": [{"text": "…", "value": 8.0, "unit": "%", "year": 2018 | None}],
     "leaders": ["李宝春", …],
     "tasks": [{"key": "1", "title": "…",
                "lead_units": [{"name": "发展和改革局", "aliases": ["市发改局", "发改局"]}],
                "coop_units": [{"name": …, "aliases": […]}],
                "lead_leaders": ["李宝春"],
                "collective": ["各相关部门"]}]}

Matching rules (from the gold README): a task is identified by the first six
characters of its title with numbering, quotes and spaces removed; a unit matches
when the gold ``core`` equals the predicted name or any alias after jurisdiction
prefix stripping; leaders match by name; references by normalised title (or by
文号 when a side has no title); goals by value, unit and year; metadata field by
field (title normalised, issuers as a set; like a unit, an issuer matches by its name or
as printed: 税务总局办公厅 is named 国家税务总局办公厅 and printed 税务总局办公厅).

>>> s = score({"title": "A方案", "tasks_with_assignments": []}, {"title": "A方案", "tasks": []})
>>> s["metadata"]["tp"]
1
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from policykg.loaders import rules
from policykg.loaders.records import LEADS, ParsedDocument, title_key
from policykg.loaders.resolve import strip_prefix

CATEGORIES = ("lead", "coop", "leaders", "references", "goals", "metadata")
_KEY_NOISE = re.compile(r"[\s\"'“”‘’「」《》〈〉()（）\[\]【】,，、.。:：;；!！?？·—\-﹒､]")
# an outline marker (loaders/data/outline_markers.tsv), or a bare printed number ("4.2", "12")
_NUMBERING = re.compile(rules.MARKER_AT_START.pattern + r"|^\s*\d+(?:\.\d+)*[.．、﹒､]?")


def task_key(title: str) -> str:
    """First six characters of a title without numbering, quotes, spaces and punctuation."""
    return _KEY_NOISE.sub("", _NUMBERING.sub("", title or ""))[:6]


def predicted_from_document(doc: ParsedDocument) -> dict:
    """The neutral predicted dict (see module doc) of one parsed document."""
    depts = {d.id: d for d in doc.departments}
    leaders = {lead.id: lead for lead in doc.leaders}
    tasks = []
    for task in doc.tasks:
        entry = {"key": task.number, "title": task.title, "lead_units": [], "coop_units": [], "lead_leaders": [],
                 "collective": list(task.collective)}
        for a in doc.assignments:
            if a.task_id != task.id:
                continue
            if a.agent_label == "Leader":
                if a.relation == LEADS and a.agent_id in leaders:
                    entry["lead_leaders"].append(leaders[a.agent_id].name)
                continue
            d = depts.get(a.agent_id)
            unit = {"name": d.name if d else a.surface, "aliases": sorted(set(d.aliases) | {a.surface}) if d else [a.surface]}
            entry["lead_units" if a.relation == LEADS else "coop_units"].append(unit)
        tasks.append(entry)
    return {
        "doc": doc.source,
        "title": doc.title,
        "issuers": [i.label for i in doc.issuers],
        "issuers_printed": ["".join(i.span.quote.split()) for i in doc.issuers],
        "doc_number": doc.doc_number,
        "date": doc.date,
        "jurisdiction": doc.jurisdiction,
        "references": [{"title": c.title, "doc_number": c.doc_number} for c in doc.citations],
        "goals": [{"text": g.text, "value": g.value, "unit": g.unit, "year": g.year} for g in doc.goals],
        "leaders": sorted({lead.name for lead in doc.leaders}),
        "tasks": tasks,
    }


def _counts(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def _unit_names(unit: dict) -> set[str]:
    names = {unit.get("name", "")} | set(unit.get("aliases", []))
    return {strip_prefix(n) for n in names if n} | {n for n in names if n}


def _greedy(gold: list, predicted: list, same: Callable[[Any, Any], bool]) -> tuple[int, list, list]:
    """Pair each gold fact with the first unpaired predicted one that is ``same``; return (tp, missed, unpaired)."""
    remaining = list(predicted)
    tp, missed = 0, []
    for g in gold:
        k = next((k for k, p in enumerate(remaining) if same(g, p)), None)
        if k is None:
            missed.append(g)
        else:
            tp += 1
            del remaining[k]
    return tp, missed, remaining


def _match_units(gold: list[dict], predicted: list[dict]) -> tuple[int, list[dict], list[dict]]:
    """Count gold units found among predicted ones; return (tp, missed gold units, unmatched predicted units)."""
    return _greedy(gold, predicted,
                   lambda g, p: bool(_unit_names(p) & {g.get("core") or strip_prefix(g.get("surface", ""))}))


def _match_names(gold: list[str], predicted: list[str]) -> tuple[int, list[str], list[str]]:
    return _greedy(gold, predicted, lambda g, p: g == p)


def _unit_label(unit: dict) -> str:
    if "surface" in unit or "core" in unit:
        return unit.get("surface") or unit.get("core") or ""
    quote = unit.get("quote") or next(iter(unit.get("aliases") or []), "")
    return f"{unit.get('name', '')} (quote: {quote})" if quote and quote != unit.get("name") else unit.get("name", "")


class _Tally:
    """tp/fp/fn per category, and (when ``details`` is a list) one line per miss and false positive."""

    def __init__(self, details: list[str] | None) -> None:
        self.totals = {c: [0, 0, 0] for c in CATEGORIES}
        self.details = details

    def add(self, category: str, tp: int, missed: list, extra: list, where: str = "", label=str) -> None:
        t = self.totals[category]
        t[0] += tp
        t[1] += len(extra)
        t[2] += len(missed)
        if self.details is not None:
            prefix = f"{category:<11}"
            self.details += [f"{prefix}miss {where}{label(m)}" for m in missed]
            self.details += [f"{prefix}fp   {where}{label(x)}" for x in extra]

    def result(self) -> dict:
        return {c: _counts(*self.totals[c]) for c in CATEGORIES}


def score(gold_doc: dict, predicted: dict, details: list[str] | None = None) -> dict:
    """Per-category counts and P/R/F1 for one document: {category: {tp, fp, fn, precision, recall, f1}}.

    Gold flags (``../shared/gold/README.md``): ``score_assignments: false`` on the document skips lead,
    coop and leaders; ``role_ambiguous`` on a task pools its gold and predicted units, so an edge counts
    whether it is LEADS or COOPERATES_ON (a hit counts in the gold unit's category, a false positive in
    the predicted edge's); ``partial_assignments`` needs nothing special: only the listed tasks carry
    gold assignments and every predicted edge elsewhere is a false positive, as for every document.
    When ``details`` is a list, one line per miss and false positive is appended to it (``--explain``).
    """
    tally = _Tally(details)
    if gold_doc.get("score_assignments", True) is not False:
        _score_assignments(gold_doc, predicted, tally)
    refs = _match_references(gold_doc.get("references", []), predicted.get("references", []))
    tally.add("references", *refs, label=lambda r: r.get("title") or r.get("doc_number") or "")
    goals = _match_goals(gold_doc.get("goals", []), predicted.get("goals", []))
    tally.add("goals", *goals, label=lambda g: f"{g.get('value')}{g.get('unit')} {g.get('year')} ({g.get('text') or ''})")
    tally.add("metadata", *_match_metadata(gold_doc, predicted), label=lambda m: f"{m[0]}: {m[1]!r}")
    return tally.result()


def _score_assignments(gold_doc: dict, predicted: dict, tally: _Tally) -> None:
    by_key: dict[str, list[dict]] = {}
    for task in predicted.get("tasks", []):
        by_key.setdefault(task_key(task.get("title", "")), []).append(task)
    used: set[int] = set()
    for gold_task in gold_doc.get("tasks_with_assignments", []):
        candidates = [t for t in by_key.get(task_key(gold_task.get("title", "")), []) if id(t) not in used]
        same_number = [t for t in candidates if str(t.get("key")) == str(gold_task.get("key"))]
        task = (same_number or candidates or [None])[0]
        if task is not None:
            used.add(id(task))
        where = f"[{gold_task.get('key')} {gold_task.get('title', '')[:16]}] "
        lead, coop = (task["lead_units"], task["coop_units"]) if task else ([], [])
        if gold_task.get("role_ambiguous"):
            gold_units = [(u, "lead") for u in gold_task.get("lead_units", [])] + \
                         [(u, "coop") for u in gold_task.get("coop_units", [])]
            pool = [dict(u, _cat="lead") for u in lead] + [dict(u, _cat="coop") for u in coop]
            for category in ("lead", "coop"):
                wanted = [u for u, c in gold_units if c == category]
                tp, missed, pool = _match_units(wanted, pool)
                tally.add(category, tp, missed, [], where, _unit_label)
            for category in ("lead", "coop"):
                tally.add(category, 0, [], [u for u in pool if u["_cat"] == category], where, _unit_label)
        else:
            tally.add("lead", *_match_units(gold_task.get("lead_units", []), lead), where, _unit_label)
            tally.add("coop", *_match_units(gold_task.get("coop_units", []), coop), where, _unit_label)
        tally.add("leaders", *_match_names(gold_task.get("lead_leaders") or [], task["lead_leaders"] if task else []), where)
    for task in predicted.get("tasks", []):  # edges on tasks the gold does not have are false positives
        if id(task) not in used:
            where = f"[{task.get('key')} {task.get('title', '')[:16]} — not in gold] "
            tally.add("lead", 0, [], task.get("lead_units", []), where, _unit_label)
            tally.add("coop", 0, [], task.get("coop_units", []), where, _unit_label)
            tally.add("leaders", 0, [], task.get("lead_leaders", []), where)


def _match_references(gold: list[dict], predicted: list[dict]) -> tuple[int, list[dict], list[dict]]:
    def same(ref: dict, p: dict) -> bool:
        key, number = title_key(ref.get("title") or ""), ref.get("doc_number")
        pkey = title_key(p.get("title") or "")
        return bool((key and pkey and _ref_key(key) == _ref_key(pkey))
                    or (number and p.get("doc_number") == number and not (key and pkey)))

    return _greedy(gold, predicted, same)


def _ref_key(key: str) -> str:
    return _KEY_NOISE.sub("", key)


def _match_goals(gold: list[dict], predicted: list[dict]) -> tuple[int, list[dict], list[dict]]:
    return _greedy(gold, predicted, lambda g, p: abs(float(p.get("value", 0)) - float(g.get("value", 0))) < 1e-9
                   and p.get("unit") == g.get("unit") and p.get("year") == g.get("year"))


# the country as a jurisdiction is spelt several ways (the gold files write 全国)
_NATIONAL_SPELLINGS = {"全国": "中华人民共和国", "中国": "中华人民共和国", "国家": "中华人民共和国"}


def _match_metadata(gold: dict, predicted: dict) -> tuple[int, list[tuple], list[tuple]]:
    tp, missed, extra = 0, [], []
    fields = {
        "title": lambda v: _ref_key(title_key(v or "")) or None,
        "issuers": lambda v: frozenset("".join(x.split()) for x in (v or [])) or None,
        "doc_number": lambda v: v or None,
        "date": lambda v: v or None,
        "jurisdiction": lambda v: _NATIONAL_SPELLINGS.get(v, v) or None,
    }
    for name, norm in fields.items():
        if name not in gold:
            continue
        g, p = norm(gold.get(name)), norm(predicted.get(name))
        if name == "issuers" and g and p and g != p:
            # an issuer named in full (国家税务总局办公厅) also answers to its printed form
            printed = norm(predicted.get("issuers_printed")) or frozenset()
            if len(g) == len(p) and g <= p | printed:
                g = p
        if g == p:
            tp += 1
        else:
            if p is not None:
                extra.append((name, predicted.get(name)))
            if g is not None:
                missed.append((name, gold.get(name)))
    return tp, missed, extra


def combine(scores: Iterable[dict]) -> dict:
    """Sum per-document scores into one overall score (micro-averaged)."""
    totals = {c: [0, 0, 0] for c in CATEGORIES}
    for s in scores:
        for c in CATEGORIES:
            for k, name in enumerate(("tp", "fp", "fn")):
                totals[c][k] += s[c][name]
    return {c: _counts(*totals[c]) for c in CATEGORIES}


def format_report(per_document: dict[str, dict], overall: dict | None = None) -> str:
    """A plain-text table: one block per document, then the overall scores."""
    overall = overall or combine(per_document.values())
    lines = []
    header = f"{'category':<12}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"
    for name, s in list(per_document.items()) + [("OVERALL", overall)]:
        lines.append(name)
        lines.append("  " + header)
        for c in CATEGORIES:
            r = s[c]
            lines.append(f"  {c:<12}{r['tp']:>5}{r['fp']:>5}{r['fn']:>5}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}")
    return "\n".join(lines)


def evaluate(gold: dict, predicted_docs: Iterable[dict], explain: dict[str, list[str]] | None = None
             ) -> tuple[dict[str, dict], dict]:
    """Score predicted dicts against a gold file's documents, matched by file name.

    When ``explain`` is a dict, it receives each document's miss / false-positive lines.
    """
    gold_docs = {d["doc"]: d for d in gold.get("documents", [])}
    per_document = {}
    for p in predicted_docs:
        g = gold_docs.get(p.get("doc"))
        if g is not None:
            details: list[str] | None = [] if explain is not None else None
            per_document[p["doc"]] = score(g, p, details)
            if explain is not None:
                explain[p["doc"]] = details or []
    return per_document, combine(per_document.values())


def format_explanation(explain: dict[str, list[str]]) -> str:
    """Per-document misses and false positives, one per line, documents with none left out."""
    lines = []
    for doc, details in explain.items():
        if details:
            lines.append(doc)
            lines += ["  " + d for d in details]
    return "\n".join(lines)
