"""Map benchmark: time to first draw of 500, 2,000 and 5,000-node maps in headless Chromium.

For each size it builds a policy-shaped graph (plans with numbered tasks, each led by a
department or leader and supported by others; goals; shared departments, leaders and
places; plans citing plans), writes the map with :func:`visualizations.render.render`,
and reports

* ``python_s`` — layout, sizes and HTML writing in Python;
* ``first_draw_ms`` — ``performance.now()`` when vis-network first fires ``afterDrawing``:
  milliseconds from navigation start (HTML parse, JSON, vis-network set-up, first frame);
* ``wall_ms`` — the same seen from outside: ``Page.navigate`` to first draw, polled;
* ``highlight_ms`` / ``zoom_ms`` — a click-highlight of the busiest department, and a zoom,
  each until the next frame is drawn (does the map respond?);
* ``html_mb`` — the file's size;
* a breakdown of the first draw from the page's ``performance.mark`` s: ``load_ms`` (HTML and
  vis-network parsed), ``parse_ms`` (the data), ``datasets_ms``, ``network_ms`` (vis.Network built),
  ``frame_ms`` (the first frame).

* ``label_ms`` — the last placement of the names (the page places them itself, after each change of view).
* ``year_ms`` — moving the year slider to the middle year, until the next frame (ties reweighted,
  sizes and legend as of that year, filters applied); ``-`` when the map has no years;
  ``as_of_kb`` — what the page carries for that (ties' ``byYear``, nodes' ``sizes``).

Each size runs ``--runs`` times in a fresh tab (offline, new profile); the median is shown.

``--archive N`` adds a row measured the way a user meets a big archive: ``N`` synthetic
documents (:mod:`benchmarks.generate`) loaded into a store with ``policykg load``'s code, then
``policykg map`` on the whole store, which is over the 5,000-node budget and so drawn as the
aggregated view (plans and departments, tasks folded into edge weights) with a one-line notice.
The row shows the store's node count (``selected``) beside what was drawn, so it compares directly
with the synthetic 5,000-node row of the same run. Building a 3,000-document store takes a few
minutes; ``--store PATH`` reuses one (``--keep`` keeps the one built). ``--collaboration`` adds the
archive's collaboration map (departments linked by shared tasks, reweighted by the year slider).

    python -m benchmarks.bench_map                    # 500, 2000, 5000 nodes, 3 runs each
    python -m benchmarks.bench_map --sizes 5000 --runs 1 --keep /tmp/maps
    python -m benchmarks.bench_map --sizes 5000 --runs 1 --archive 3000     # the budget, side by side
    python -m benchmarks.bench_map --sizes 5000 --runs 1 --archive 300 --collaboration

A benchmark, not a test: it prints numbers and never fails on them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.headless import Browser  # noqa: E402
from policykg.visualizations.render import build_map, page_for  # noqa: E402
from policykg.visualizations.scope import MapScope  # noqa: E402

DRAWN = "window.policykgMap && window.policykgMap.state.firstDrawMs"


def policy_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A graph of exactly ``n`` nodes shaped like a loaded policy archive."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    shared = max(12, n // 5)
    n_dept, n_leader = int(shared * 0.75), int(shared * 0.15)
    n_place = shared - n_dept - n_leader
    depts = [f"dept:县{i % 7}:部门{i}" for i in range(n_dept)]
    leaders = [f"leader:县{i % 7}:领导{i}" for i in range(n_leader)]
    places = [f"place:地点{i}" for i in range(n_place)]
    for i, d in enumerate(depts):
        g.add_node(d, label="Department", name=f"第{i}局", aliases=[f"市第{i}局", f"第{i}局"],
                   jurisdiction=f"县{i % 7}", kind="government")
    for i, x in enumerate(leaders):
        g.add_node(x, label="Leader", name=f"领导{i}", jurisdiction=f"县{i % 7}")
    for i, p in enumerate(places):
        g.add_node(p, label="Place", name=f"地点{i}镇", level="town")
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n_dept)]  # a few departments take most tasks
    plans: list[str] = []
    task_no = 0
    while g.number_of_nodes() < n:
        plan = f"plan:方案{len(plans)}"
        g.add_node(plan, label="Plan", name=f"县域改革方案{len(plans)}", title=f"县域改革方案{len(plans)}",
                   doc_number=f"政发〔2020〕{len(plans)}号", source=f"doc{len(plans)}.txt", quote="方案标题")
        if plans:
            g.add_edge(plan, rng.choice(plans), key="REFERENCES", type="REFERENCES", quote="《…》")
        g.add_edge(plan, rng.choice(depts), key="ISSUED_BY", type="ISSUED_BY")
        g.add_edge(plan, rng.choice(places), key="COVERS", type="COVERS")
        plans.append(plan)
        for t in range(rng.randint(25, 50)):
            if g.number_of_nodes() >= n:
                break
            task_no += 1
            task = f"task:doc{len(plans)}.txt:{t}"
            text = f"{t + 1}.推进第{task_no}项改革任务，完善工作机制。牵头单位:第{t}局;配合单位:财政局"
            g.add_node(task, label="Task", name=f"推进第{task_no}项改革任务", number=str(t + 1), quote=text,
                       source=f"doc{len(plans)}.txt", start=100 * t, end=100 * t + len(text))
            g.add_edge(plan, task, key="HAS_TASK", type="HAS_TASK")
            lead = rng.choices(depts, weights)[0]
            g.add_edge(lead, task, key="LEADS", type="LEADS", role="牵头单位", quote=text[-12:])
            for other in set(rng.choices(depts, weights, k=rng.randint(0, 3))) - {lead}:
                g.add_edge(other, task, key="COOPERATES_ON", type="COOPERATES_ON", role="配合单位")
            if leaders and rng.random() < 0.3:
                g.add_edge(rng.choice(leaders), task, key="LEADS", type="LEADS", role="牵头领导")
            if rng.random() < 0.1:
                g.add_edge(task, rng.choice(places), key="MENTIONS", type="MENTIONS")
            if rng.random() < 0.08 and g.number_of_nodes() < n:
                goal = f"goal:{task}"
                g.add_node(goal, label="Goal", name="增长8%", metric="增长", value=8.0, unit="%", year=2025)
                g.add_edge(task, goal, key="SETS_GOAL", type="SETS_GOAL")
    return g


def measure(browser: Browser, path: Path, busiest: str) -> dict:
    t0 = time.perf_counter()
    page = browser.open(path)
    first = page.wait_for(DRAWN, timeout=600, interval=0.01)
    wall = (time.perf_counter() - t0) * 1000
    highlight = page.evaluate(
        "new Promise(function (done) { var m = window.policykgMap, t0 = performance.now();"
        " m.network.once('afterDrawing', function () { done(performance.now() - t0); });"
        f" m.highlight({json.dumps(busiest)}); }})", timeout=600)
    zoom = page.evaluate(
        "new Promise(function (done) { var m = window.policykgMap, t0 = performance.now();"
        " m.network.once('afterDrawing', function () { done(performance.now() - t0); });"
        " m.network.moveTo({scale: m.network.getScale() * 2}); })", timeout=600)
    label = page.evaluate("window.policykgMap.state.labelMs") or 0
    year = page.evaluate(  # the slider to the middle year, until the next frame
        "new Promise(function (done) { var m = window.policykgMap, y = m.data.years;"
        " if (!y) { done(null); return; } var t0 = performance.now();"
        " m.network.once('afterDrawing', function () { done(performance.now() - t0); });"
        " m.setYear(Math.floor((y[0] + y[1]) / 2)); })", timeout=600)
    marks = dict(page.evaluate("performance.getEntriesByType('mark').map(function (m) { return [m.name, m.startTime]; })"))
    errors = page.errors()
    page.call("Page.close")
    if errors:
        raise RuntimeError(f"{path}: page errors {errors}")
    return {"first_draw_ms": first, "wall_ms": wall, "highlight_ms": highlight, "zoom_ms": zoom,
            # where the first draw's time goes: page and vis-network loaded, JSON parsed, data sets built,
            # vis.Network constructed (node and edge objects), first frame
            "load_ms": marks["policykg:start"], "parse_ms": marks["policykg:parsed"] - marks["policykg:start"],
            "datasets_ms": marks["policykg:datasets"] - marks["policykg:parsed"],
            "network_ms": marks["policykg:network"] - marks["policykg:datasets"],
            "frame_ms": first - marks["policykg:network"], "label_ms": label, "year_ms": year}


def archive_store(docs: int, folder: Path) -> Path:
    """A store holding ``docs`` synthetic documents, loaded as ``policykg load`` loads them."""
    from benchmarks.generate import main as generate
    from policykg.graph.ingest import load_paths
    from policykg.graph.store import open_store

    corpus, db = folder / f"corpus-{docs}", folder / f"archive-{docs}.lbdb"
    if not db.exists():
        generate([str(corpus), "--docs", str(docs)])
        with open_store(db=db) as store:
            summary = load_paths(store, [corpus])
        if summary.failed:
            raise RuntimeError(f"{len(summary.failed)} synthetic documents failed to load")
    return db


def timed_rows(browser: Browser, out: Path, runs: int, busiest: str, keep: bool) -> dict:
    results = [measure(browser, out, busiest) for _ in range(runs)]
    if keep:
        page = browser.open(out)
        page.wait_for(DRAWN, timeout=600)
        out.with_suffix(".png").write_bytes(page.screenshot())
        page.call("Page.close")
    return {key: "-" if results[0][key] is None else round(statistics.median(r[key] for r in results))
            for key in results[0]}


def as_of_kb(data: dict) -> float:
    """Kilobytes of the page data that serve the year slider's reweighting (``byYear``, ``sizes``)."""
    parts = [e["byYear"] for e in data["edges"] if "byYear" in e] + [n["sizes"] for n in data["nodes"] if "sizes" in n]
    return round(len(json.dumps(parts, separators=(",", ":"))) / 1e3, 1)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[500, 2000, 5000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--archive", type=int, metavar="DOCS", help="Also map a store of this many synthetic documents.")
    ap.add_argument("--store", type=Path, help="With --archive: use this store instead of building one.")
    ap.add_argument("--keep", type=Path, help="Write the maps (and a screenshot of each) into this folder.")
    ap.add_argument("--collaboration", action="store_true", help="With --archive: also its collaboration map.")
    args = ap.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="policykg-bench-map-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    with Browser(width=1280, height=800) as browser:
        for n in args.sizes:
            g = policy_graph(n)
            busiest = max((v for v, d in g.nodes(data=True) if d["label"] == "Department"), key=g.degree)
            out = folder / f"map-{n}.html"
            t0 = time.perf_counter()
            page = page_for(g, title=f"benchmark {n}")  # what render() writes, keeping the data
            page.save(out)
            python_s = time.perf_counter() - t0
            row = {"map": f"synthetic {n}", "selected": g.number_of_nodes(), "nodes": g.number_of_nodes(),
                   "edges": g.number_of_edges(), "python_s": round(python_s, 2),
                   "html_mb": round(out.stat().st_size / 1e6, 2), "as_of_kb": as_of_kb(page.data)}
            row.update(timed_rows(browser, out, args.runs, busiest, bool(args.keep)))
            rows.append(row)
            print(json.dumps(row), flush=True)
        if args.archive:
            from policykg.graph.store import open_store

            t0 = time.perf_counter()
            db = args.store or archive_store(args.archive, folder)
            store_s = time.perf_counter() - t0
            for scope in [MapScope(), *([MapScope(collaboration=True)] if args.collaboration else [])]:
                kind = "collab" if scope.collaboration else "archive"
                out = folder / f"{kind}-{args.archive}.html"
                t0 = time.perf_counter()
                with open_store(db=db, read_only=True) as store:
                    page = build_map(store, scope)
                summary = page.save(out)
                python_s = time.perf_counter() - t0
                busiest = page.data["nodes"][page.data["order"][0]]["id"]  # order lists node positions
                row = {"map": f"{kind} {args.archive} docs", "selected": page.selected, "nodes": summary.nodes,
                       "edges": summary.edges, "python_s": round(python_s, 2),
                       "html_mb": round(out.stat().st_size / 1e6, 2), "as_of_kb": as_of_kb(page.data),
                       "store_s": round(store_s, 1)}
                row.update(timed_rows(browser, out, args.runs, busiest, bool(args.keep)))
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
                if page.notice:
                    print(f"notice: {page.notice}")
    print()
    for header in (("map", "selected", "nodes", "edges", "python_s", "html_mb", "first_draw_ms", "wall_ms",
                    "highlight_ms", "zoom_ms", "label_ms"), ("map", "as_of_kb", "year_ms"),
                   ("map", "load_ms", "parse_ms", "datasets_ms", "network_ms", "frame_ms")):
        print("  ".join(f"{h:>20}" if h == "map" else f"{h:>13}" for h in header))
        for row in rows:
            print("  ".join(f"{row[h]:>20}" if h == "map" else f"{row[h]:>13}" for h in header))
        print()
    print(f"median of {args.runs} run(s) per map, headless Chromium, network off; maps in {folder}")


if __name__ == "__main__":
    main()
