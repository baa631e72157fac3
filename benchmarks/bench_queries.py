"""Latency of every named query (and the analytics) on a large synthetic graph, embedded store.

Builds (or reuses) a graph of ``--docs`` synthetic documents with
:mod:`benchmarks.synthetic_graph` — records written directly, since query latency depends
on the graph's shape, not on document text — then times ``queries.catalog.run`` for every
named query with realistic parameters, cycling through many departments, leaders and plans
so one cached answer is never measured twice in a row. The goal is p95 < 50 ms.

    python -m benchmarks.bench_queries                       # 10,000 documents, 30 runs per case
    python -m benchmarks.bench_queries --docs 2000 --runs 10 --db /tmp/small.lbdb

Building the 10,000-document graph takes about 4 minutes on 2 cores the first time; later
runs reuse the file. A benchmark, not a test: it prints numbers and never fails on them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any, Callable

GOAL_MS = 50.0


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def parameter_pools(store, seed: int = 1) -> dict[str, list[Any]]:
    """Ids to cycle through: busy and ordinary departments, leaders, plans, same-jurisdiction plan pairs."""
    rng = random.Random(seed)
    depts = store.run("MATCH (d:Department)-[:LEADS|COOPERATES_ON]->(t:Task) "
                      "RETURN d.id AS id, d.jurisdiction AS j, count(t) AS n ORDER BY n DESC, id")
    leaders = [r["id"] for r in store.run("MATCH (l:Leader) RETURN l.id AS id ORDER BY id")]
    plans = store.run("MATCH (p:Plan) WHERE p.source IS NOT NULL RETURN p.id AS id, p.jurisdiction AS j ORDER BY id")
    by_j: dict[str, list[str]] = {}
    for p in plans:
        by_j.setdefault(p["j"], []).append(p["id"])
    leader_of = {}
    for lid in leaders:
        leader_of.setdefault(lid.split(":")[1], lid)
    some_depts = [d["id"] for d in depts[:10]] + [d["id"] for d in rng.sample(depts, min(20, len(depts)))]
    pairs = []
    for _ in range(30):
        j = rng.choice(sorted(by_j))
        if len(by_j[j]) > 1:
            pairs.append(tuple(rng.sample(by_j[j], 2)))
    far = [(a["id"], b["id"]) for a, b in zip(rng.sample(depts, 30), rng.sample(depts, 30))
           if a["j"] == b["j"] and a["id"] != b["id"]]
    return {
        "department": some_depts, "leader": rng.sample(leaders, min(30, len(leaders))),
        "plan": [p["id"] for p in rng.sample(plans, min(30, len(plans)))], "plan_pair": pairs,
        "jurisdiction": sorted(by_j)[:30],
        "dept_leader": [(d["id"], leader_of[d["j"]]) for d in rng.sample(depts, 30) if d["j"] in leader_of],
        "dept_dept": far or [(depts[0]["id"], depts[1]["id"])],
        "keyword": ["营商环境", "数字化改革", "科技创新", "乡村振兴", "优化营商环境", "人才引进"],
    }


def cases(pools: dict[str, list[Any]]) -> list[tuple[str, str, Callable[[int], dict[str, Any]]]]:
    """(query, case label, params for run i): one or two realistic cases per named query."""
    def cycle(key: str) -> Callable[[int], Any]:
        return lambda i: pools[key][i % len(pools[key])]

    dept, leader, plan, pair = cycle("department"), cycle("leader"), cycle("plan"), cycle("plan_pair")
    jur, kw, dl, dd = cycle("jurisdiction"), cycle("keyword"), cycle("dept_leader"), cycle("dept_dept")
    return [
        ("departments-ranked", "one plan", lambda i: {"plan": plan(i)}),
        ("departments-ranked", "one jurisdiction", lambda i: {"jurisdiction": jur(i)}),
        ("departments-ranked", "whole graph", lambda i: {}),
        ("department-partners", "any plan", lambda i: {"department": dept(i)}),
        ("department-partners", "one plan", lambda i: {"department": dept(i), "plan": plan(i)}),
        ("department-tasks", "", lambda i: {"department": dept(i)}),
        ("leader-workload", "one jurisdiction", lambda i: {"jurisdiction": jur(i)}),
        ("leader-workload", "whole graph", lambda i: {}),
        ("leader-departments", "", lambda i: {"leader": leader(i)}),
        ("tasks-without-lead", "one plan", lambda i: {"plan": plan(i)}),
        ("tasks-without-lead", "whole graph", lambda i: {}),
        ("tasks-collective-lead", "whole graph", lambda i: {}),
        ("plan-citations", "", lambda i: {"plan": plan(i)}),
        ("citation-chain", "depth 6", lambda i: {"plan": plan(i)}),
        ("goals", "year+unit", lambda i: {"year": 2023 + i % 5, "unit": "%"}),
        ("goals", "one plan", lambda i: {"plan": plan(i)}),
        ("plan-overview", "one plan", lambda i: {"plan": plan(i)}),
        ("plans", "one jurisdiction", lambda i: {"jurisdiction": jur(i)}),
        ("plans", "whole graph", lambda i: {}),
        ("cross-plan-departments", "one jurisdiction", lambda i: {"jurisdiction": jur(i)}),
        ("cross-plan-departments", "whole graph", lambda i: {}),
        ("places", "", lambda i: {}),
        ("task-search", "", lambda i: {"keyword": kw(i)}),
        ("shortest-connection", "dept→leader", lambda i: {"department": dl(i)[0], "target": dl(i)[1]}),
        ("shortest-connection", "dept→dept", lambda i: {"department": dd(i)[0], "target": dd(i)[1]}),
        ("plan-overlap", "", lambda i: {"plan_a": pair(i)[0], "plan_b": pair(i)[1]}),
    ]


def time_case(run: Callable[[int], Any], runs: int, warmup: int = 2) -> tuple[list[float], Any]:
    last = None
    for i in range(warmup):
        last = run(i + 1000)
    times = []
    for i in range(runs):
        started = time.perf_counter()
        last = run(i)
        times.append((time.perf_counter() - started) * 1000)
    return times, last


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", type=Path, default=None, help="graph file (default /tmp/policykg-bench-DOCS.lbdb)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--no-analytics", action="store_true")
    args = parser.parse_args(argv)

    from benchmarks.synthetic_graph import build
    from policykg.graph.store import open_store
    from policykg.queries import analytics
    from policykg.queries.catalog import catalog, run
    from policykg.queries.stats import counts

    db = args.db or Path(f"/tmp/policykg-bench-{args.docs}.lbdb")
    print(f"graph: {db} {build(db, args.docs)}", flush=True)
    from policykg.loaders.dictionaries import tokenizer

    tokenizer()  # built once per process; not part of any query's latency
    results = []
    with open_store(db=db, read_only=True) as store:
        c = counts(store)
        print("nodes:", c["nodes"], "\nrelationships:", {k: v for k, v in c["relationships"].items() if v})
        pools = parameter_pools(store)
        print(f"\n{'query':<24} {'case':<17} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'rows':>6}  goal")
        for name, label, params in cases(pools):
            times, result = time_case(lambda i: run(store, name, params(i)), args.runs)
            p50, p95 = statistics.median(times), _percentile(times, 0.95)
            results.append({"query": name, "case": label, "p50_ms": round(p50, 2), "p95_ms": round(p95, 2),
                            "max_ms": round(max(times), 2), "rows": len(result.rows), "runs": args.runs})
            print(f"{name:<24} {label:<17} {p50:>8.1f} {p95:>8.1f} {max(times):>8.1f} {len(result.rows):>6}  "
                  f"{'ok' if p95 < GOAL_MS else 'MISS'}", flush=True)
        missing = set(catalog()) - {r["query"] for r in results}
        assert not missing, f"benchmark has no case for {sorted(missing)}"
        if not args.no_analytics:
            print(f"\n{'analytics':<42} {'p50 ms':>8} {'p95 ms':>8}")
            for label, call in [
                ("centrality, one jurisdiction", lambda i: analytics.analyze(
                    store, "centrality", jurisdiction=pools["jurisdiction"][i % len(pools["jurisdiction"])])),
                ("communities, one jurisdiction", lambda i: analytics.analyze(
                    store, "communities", jurisdiction=pools["jurisdiction"][i % len(pools["jurisdiction"])])),
                ("centrality, whole graph", lambda i: analytics.analyze(store, "centrality")),
            ]:
                times, _ = time_case(call, max(3, args.runs // 6), warmup=1)
                results.append({"analytics": label, "p50_ms": round(statistics.median(times), 1),
                                "p95_ms": round(_percentile(times, 0.95), 1)})
                print(f"{label:<42} {statistics.median(times):>8.1f} {_percentile(times, 0.95):>8.1f}", flush=True)
    misses = [f"{r['query']} ({r['case']})" for r in results if "query" in r and r["p95_ms"] >= GOAL_MS]
    print(f"\n{len(misses)} case(s) over the {GOAL_MS:.0f} ms p95 goal" + (": " + ", ".join(misses) if misses else ""))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
