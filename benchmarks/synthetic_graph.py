"""A synthetic policy graph of any size, built from ParsedDocument records directly (no text, no parser).

Query latency depends on the graph's shape — how many plans, tasks, departments and
assignment edges there are and how they connect — not on the text the records came
from, so this builder skips reading and parsing and writes records straight into the
store. (``benchmarks/generate.py`` writes synthetic *files* for load benchmarks.)

Shape, per document ``i`` (deterministic given ``seed``):

* a jurisdiction (one of ``jurisdictions`` county-level places from the gazetteer), so
  departments and leaders are shared by every plan of that jurisdiction;
* 8–14 tasks in 2–4 sections, one in ten with a sub-task; each with 1–2 lead departments,
  1–4 cooperating ones (drawn with a skew, so a few departments are hubs), one lead leader
  (of 6 per jurisdiction), sometimes only a collective mention (各相关部门) as lead;
* 3 plan goals and one task goal (years 2023–2027, units from a short list);
* citations of 1–2 earlier plans of the same jurisdiction and of one of 20 provincial or
  national documents (stubs that are never loaded), and the place the plan covers.

Bulk loading: the rows of :func:`graph.rows.document_rows` for every document are merged
with ``UNWIND … CREATE`` statements (the store starts empty) in large batches, so 10,000 documents
load in a couple of minutes (the per-document writer would re-scan the store for each file).

    python -m benchmarks.synthetic_graph /tmp/bench.lbdb --docs 10000
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

from policykg.loaders.records import (
    COOPERATES_ON, LEADS, Assignment, Citation, Department, Goal, Leader, Mention, ParsedDocument, Place, Span,
    Task,
)

TOPICS = ["优化营商环境", "数字化改革", "要素市场化配置", "科技创新", "乡村振兴", "共同富裕", "绿色低碳发展", "招商引资",
          "人才引进", "金融服务实体经济", "国有资本运营", "生态产品价值实现", "公共服务均等化", "城乡融合发展",
          "开放型经济", "产业链供应链", "土地集约利用", "财政体制改革", "社会治理现代化", "文化旅游融合"]
VERBS = ["深化", "推进", "完善", "健全", "加快", "优化", "强化", "探索"]
UNITS = ["%", "亿元", "万户", "家", "个", "亩"]
UPPER = [(f"{prov}关于{topic}的若干意见", f"{code}〔202{k % 4}〕{k + 1}号")
         for k, (prov, code, topic) in enumerate(
             (p, c, TOPICS[j]) for j in range(10)
             for p, c in (("国务院", "国发"), ("浙江省人民政府", "浙政发")))]


def _pools(jurisdictions: int, seed: int) -> list[dict[str, Any]]:
    from policykg.loaders.dictionaries import abbreviations, gazetteer

    agencies = sorted({canon for canon, kind in abbreviations().values() if kind == "government"})
    shorts: dict[str, list[str]] = defaultdict(list)
    for short, (canon, _kind) in sorted(abbreviations().items()):
        shorts[canon].append(short)
    places = [e for e in gazetteer().entries if e.level in ("county", "district")][:jurisdictions]
    rng = random.Random(seed)
    out = []
    for place in places:
        name = place.name
        prefix = name[-1]
        depts = [Department(f"dept:{name}:{a}", a, name, "government",
                            tuple(dict.fromkeys([f"{prefix}{s}" for s in shorts[a][:1]] + shorts[a][:2])))
                 for a in rng.sample(agencies, min(len(agencies), 60))]
        leaders = [Leader(f"leader:{name}:{surname}{given}", f"{surname}{given}", name)
                   for surname, given in zip("王李张刘陈杨", rng.sample(["伟", "芳", "敏", "静", "强", "磊", "军", "洋"], 6))]
        out.append({"name": name, "place": Place(gazetteer().place_id(place), name, place.level),
                    "departments": depts, "leaders": leaders})
    return out


def _skewed(rng: random.Random, items: list, k: int) -> list:
    """``k`` distinct items, the first ones far more likely (a few hub departments)."""
    chosen: dict[int, None] = {}
    while len(chosen) < min(k, len(items)):
        chosen[min(int(rng.paretovariate(1.2)) - 1, len(items) - 1)] = None
    return [items[i] for i in chosen]


def make_documents(count: int, seed: int = 7, jurisdictions: int = 40) -> Iterator[ParsedDocument]:
    """``count`` synthetic documents; document ``i`` depends only on ``(seed, i)`` and the pools."""
    pools = _pools(jurisdictions, seed)
    for i in range(count):
        yield make_document(i, pools, seed)


def _title(i: int, pool: dict[str, Any]) -> str:
    return f"{pool['name']}{TOPICS[i % len(TOPICS)]}实施方案（第{i}号）"


def make_document(i: int, pools: list[dict[str, Any]], seed: int = 7) -> ParsedDocument:
    rng = random.Random(f"{seed}:{i}")
    pool = pools[i % len(pools)]
    source = f"synthetic_{i:05d}.txt"
    title = _title(i, pool)
    lines = [title]

    def span(text: str) -> Span:
        start = sum(len(x) + 1 for x in lines)
        lines.append(text)
        return Span(source, start, start + len(text), text)

    tasks, assignments, goals, mentions = [], [], [], []
    used_depts: dict[str, Department] = {}
    used_leaders: dict[str, Leader] = {}
    sections = [f"{'一二三四'[s]}、{rng.choice(VERBS)}{rng.choice(TOPICS)}" for s in range(rng.randint(2, 4))]
    for n in range(1, rng.randint(8, 14) + 1):
        topic = rng.choice(TOPICS)
        text = f"{n}.{rng.choice(VERBS)}{topic}。围绕{rng.choice(TOPICS)}，{rng.choice(VERBS)}{topic}工作机制。"
        tspan = span(text)
        tid = f"task:{source}:{n}"
        collective = ("各相关部门",) if rng.random() < 0.05 else ()
        tasks.append(Task(tid, str(n), text.split("。")[0][len(str(n)) + 1:], text, sections[n % len(sections)],
                          tspan, deadline=f"{rng.randint(2023, 2027)}年底前", collective=collective))
        leads = [] if collective else _skewed(rng, pool["departments"], rng.randint(1, 2))
        coops = [d for d in _skewed(rng, pool["departments"], rng.randint(2, 5)) if d not in leads][:4]
        for relation, role, depts in ((LEADS, "牵头单位", leads), (COOPERATES_ON, "配合单位", coops)):
            for d in depts:
                used_depts[d.id] = d
                assignments.append(Assignment(tid, relation, "Department", d.id, role, d.aliases[0], tspan))
        leader = rng.choice(pool["leaders"])
        used_leaders[leader.id] = leader
        assignments.append(Assignment(tid, LEADS, "Leader", leader.id, "牵头领导", leader.name, tspan))
        if rng.random() < 0.1:  # a sub-task paragraph with its own lead
            sub = f"{tid}.2"
            sspan = span(f"{rng.choice(VERBS)}{rng.choice(TOPICS)}试点。")
            tasks.append(Task(sub, f"{n}.2", sspan.quote, sspan.quote, tasks[-1].section, sspan, parent_id=tid))
            d = rng.choice(pool["departments"])
            used_depts[d.id] = d
            assignments.append(Assignment(sub, LEADS, "Department", d.id, "牵头单位", d.aliases[0], sspan))
    for g in range(4):
        value, unit = round(rng.uniform(1, 500), 1), rng.choice(UNITS)
        gspan = span(f"到{2023 + g}年，{rng.choice(TOPICS)}指标达到{value}{unit}")
        goals.append(Goal(f"goal:{source}:{g + 1}", gspan.quote, "指标", value, unit, 2023 + rng.randint(0, 4),
                          gspan, task_id=tasks[0].id if g == 3 else None))
    citations = []
    same = [k for k in range(i % len(pools), i, len(pools))]
    for k in rng.sample(same[-20:], min(len(same[-20:]), rng.randint(1, 2))):
        cited = _title(k, pools[k % len(pools)])
        citations.append(Citation(cited, None, span(f"《{cited}》")))
    up_title, up_number = UPPER[i % len(UPPER)]
    citations.append(Citation(up_title, up_number, span(f"《{up_title}》（{up_number}）")))
    mentions.append(Mention(pool["place"].id, span(pool["name"])))
    return ParsedDocument(
        source=source, sha256=f"synthetic-{seed}-{i}", text="\n".join(lines), title=title,
        doc_number=f"{pool['name'][:1]}政办发〔2024〕{i}号", date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        jurisdiction=pool["name"], title_span=Span(source, 0, len(title), title), tasks=tuple(tasks),
        assignments=tuple(assignments), goals=tuple(goals), citations=tuple(citations), mentions=tuple(mentions),
        departments=tuple(used_depts.values()), leaders=tuple(used_leaders.values()), places=(pool["place"],),
    )


def bulk_load(store, docs: Iterator[ParsedDocument], batch: int = 5000) -> dict[str, int]:
    """Write ``docs`` into an empty ``store`` in large batches; returns nodes/edges written.

    Shared entities are folded across documents first (their ``sources`` unioned) and
    citations point at plan ids directly (cited plans not in the batch become stubs).
    """
    from policykg.graph.rows import document_rows
    from policykg.graph.schema import NODES, RELATIONSHIPS
    from policykg.graph.store import batched
    from policykg.loaders.records import title_key

    def create_nodes(label: str) -> str:  # the store is empty: CREATE, not the writer's MERGE
        props = ", ".join(f"`{p}`: r.`{p}`" for p in NODES[label].all_properties)
        return f"UNWIND $rows AS r CREATE (:{label} {{{props}}})"

    def create_edges(rel: str, a: str, b: str) -> str:
        props = ", ".join(f"`{p}`: r.`{p}`" for p in RELATIONSHIPS[rel].properties)
        return f"UNWIND $rows AS r MATCH (a:{a} {{id: r.a}}) MATCH (b:{b} {{id: r.b}}) CREATE (a)-[:{rel} {{{props}}}]->(b)"

    nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    stubs: dict[str, dict[str, Any]] = {}
    for doc in docs:
        rows = document_rows(doc)
        for label, items in rows.nodes.items():
            for item in items:
                prev = nodes[label].get(item["id"])
                if prev is not None and "sources" in item:
                    item = {**item, "sources": [*prev["sources"], *item["sources"]]}
                nodes[label][item["id"]] = item
        for key, items in rows.edges.items():
            edges[key] += items
        for c in rows.citations:
            stubs.setdefault(c["id"], {"id": c["id"], "title": c["title"], "doc_number": c["doc_number"]})
            edges[("REFERENCES", "Plan", "Plan")].append(
                {"a": rows.plan_id, "b": c["id"], **{k: c[k] for k in ("title", "doc_number", "source", "start",
                                                                        "end", "quote")}})
    for pid, stub in stubs.items():
        if pid not in nodes["Plan"]:
            nodes["Plan"][pid] = {"id": pid, "name": stub["title"], "title": stub["title"],
                                  "title_key": title_key(stub["title"] or ""), "doc_number": stub["doc_number"]}
    written = {"nodes": 0, "edges": 0}
    with store.transaction() as tx:
        for label, items in nodes.items():
            full = [{k: item.get(k) for k in NODES[label].all_properties} for item in items.values()]
            for chunk in batched(full, batch):
                tx.run(create_nodes(label), {"rows": chunk})
            written["nodes"] += len(full)
        for (rel, a, b), items in edges.items():
            full = [{"a": e["a"], "b": e["b"], **{k: e.get(k) for k in RELATIONSHIPS[rel].properties}} for e in items]
            for chunk in batched(full, batch):
                tx.run(create_edges(rel, a, b), {"rows": chunk})
            written["edges"] += len(items)
    return written


def build(path: Path, docs: int, seed: int = 7, jurisdictions: int = 40) -> dict[str, Any]:
    """Create (or reuse, when it already holds ``docs`` loaded plans) a synthetic graph at ``path``."""
    from policykg.graph.store import open_store

    with open_store(db=path) as store:
        have = store.run("MATCH (p:Plan) WHERE p.source IS NOT NULL RETURN count(p) AS n")[0]["n"]
        if have == docs:
            return {"reused": True, "docs": docs}
        if have:
            raise SystemExit(f"{path} holds {have} plans, not {docs}; remove it or pick another path")
        started = time.perf_counter()
        written = bulk_load(store, make_documents(docs, seed, jurisdictions))
        return {"reused": False, "docs": docs, **written, "seconds": round(time.perf_counter() - started, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jurisdictions", type=int, default=40)
    args = parser.parse_args(argv)
    print(build(args.db, args.docs, args.seed, args.jurisdictions))


if __name__ == "__main__":
    main()
