"""Maps in a real headless Chromium, offline: they draw, fetch nothing, and run no document text.

Skipped when Chromium is absent, except under CI (env CI set), where a missing
browser fails the run. Debian/Ubuntu: ``apt-get install -y chromium``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from policykg.graph.writer import write_document
from policykg.queries.subgraph import read_graph
from tests.records_factory import make_doc
from tests.test_maps import PAYLOAD, PLAN_A, PLAN_B, CITED, nasty_doc, synthetic
from tests.headless import Browser, find_chromium, ink
from policykg.visualizations.render import render, write_map
from policykg.visualizations.scope import MapScope

pytestmark = pytest.mark.browser

PANEL = 320  # px: the side panel's width (map.css); the canvas is to its right
DRAWN = "window.policykgMap && window.policykgMap.state.firstDrawMs"


@pytest.fixture(scope="module")
def browser():
    if not find_chromium():
        if os.environ.get("CI"):
            pytest.fail("CI is set but Chromium is not installed (apt-get install -y chromium)")
        pytest.skip("Chromium not installed (apt-get install -y chromium); browser tests skipped")
    with Browser(width=1280, height=800) as b:
        yield b


@pytest.fixture
def loaded(store):
    write_document(store, make_doc("a.txt", PLAN_A, tasks=3, cites=((CITED, None),)))
    write_document(store, make_doc("b.txt", PLAN_B, tasks=2, sha="2"))
    return store


def only_local(urls: list[str], page: Path) -> bool:
    return all(u == page.resolve().as_uri() or u.startswith(("data:", "blob:")) for u in urls)


def test_map_draws_offline_and_requests_nothing_but_itself(browser, loaded, tmp_path):
    out = tmp_path / "map.html"
    write_map(loaded, out)
    page = browser.open(out)
    page.wait_for(DRAWN)
    page.wait_for("!window.policykgMap.network.physics.physicsEnabled || "
                  "window.policykgMap.network.physics.stabilized", timeout=30)
    png = page.screenshot()
    shot = Path(os.environ.get("POLICYKG_SCREENSHOTS", tmp_path)) / "map-small.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.write_bytes(png)
    canvas_ink = ink(png, (PANEL + 2, 0, 1280, 800))
    assert canvas_ink > 3000, f"the canvas looks blank ({canvas_ink} drawn pixels); see {shot}"
    assert page.evaluate("document.querySelectorAll('#network canvas').length") == 1
    assert only_local(page.requests(), out), page.requests()
    assert page.errors() == []
    g = read_graph(loaded)
    assert sorted(page.evaluate("window.policykgMap.visibleNodeIds()")) == sorted(g.nodes)
    assert len(page.evaluate("window.policykgMap.visibleEdgeIds()")) == g.number_of_edges()


def test_script_in_task_title_and_department_name_executes_nothing(browser, store, tmp_path):
    write_document(store, nasty_doc())
    out = tmp_path / "nasty.html"
    write_map(store, out, MapScope(plans=("东阳市安全测试方案",)), title="标题" + PAYLOAD)
    page = browser.open(out)
    page.wait_for(DRAWN)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.title") == "标题" + PAYLOAD
    assert page.evaluate("document.getElementById('map-title').textContent") == "标题" + PAYLOAD
    assert page.evaluate("document.scripts.length") == 3
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    # Tooltips and details show the markup as text.
    dept = page.evaluate("window.policykgMap.search('危险局')[0]")
    assert dept == "dept:东阳市:" + PAYLOAD
    tip = page.evaluate(f"(function () {{ var t = window.policykgMap.showTooltipFor({json.dumps(dept)}); "
                        "return [t.textContent, t.querySelectorAll('script, img').length]; })()")
    assert PAYLOAD in tip[0] and tip[1] == 0
    task = "task:nasty.txt:1"
    page.evaluate(f"window.policykgMap.highlight({json.dumps(task)}).length")
    details = page.evaluate("[document.getElementById('details').textContent, "
                            "document.getElementById('details').querySelectorAll('script, img').length]")
    assert "任务" + PAYLOAD in details[0] and "原文" + PAYLOAD in details[0] and details[1] == 0
    # Search by the alias that is pure markup finds the department, and shows the result as text.
    page.evaluate(f"(function () {{ var s = document.getElementById('search'); s.value = {json.dumps(PAYLOAD)}; "
                  "s.dispatchEvent(new Event('input')); })()")
    assert page.evaluate("document.getElementById('search-results').textContent").count(PAYLOAD) == 2
    assert page.evaluate("document.getElementById('search-results').querySelectorAll('script, img').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert only_local(page.requests(), out)
    assert page.errors() == []


def test_search_filters_and_neighbourhood_highlight(browser, loaded, tmp_path):
    out = tmp_path / "map.html"
    write_map(loaded, out)
    page = browser.open(out)
    page.wait_for(DRAWN)
    fgw = "dept:东阳市:发展和改革局"
    for alias in ("市发改局", "发改局", "发展和改革局", fgw):
        assert page.evaluate(f"window.policykgMap.search({json.dumps(alias)})[0]") == fgw
    g = read_graph(loaded)
    neighbours = page.evaluate(f"window.policykgMap.highlight({json.dumps(fgw)})")
    assert set(neighbours) == {fgw, *g.successors(fgw), *g.predecessors(fgw)}
    state = page.evaluate("[window.policykgMap.state.dimmedNodes.size, window.policykgMap.state.focus]")
    assert state == [g.number_of_nodes() - len(neighbours), fgw]
    page.evaluate("window.policykgMap.clearHighlight()")
    assert page.evaluate("window.policykgMap.state.dimmedNodes.size") == 0

    page.evaluate("window.policykgMap.setLabelHidden('Task', true)")
    visible = set(page.evaluate("window.policykgMap.visibleNodeIds()"))
    assert visible == {n for n, d in g.nodes(data=True) if d["label"] != "Task"}
    edges = page.evaluate("window.policykgMap.visibleEdgeIds().length")
    assert edges == sum(1 for a, b in g.edges() if a in visible and b in visible)
    assert page.evaluate("document.querySelector('input[data-kind=\"label\"][data-key=\"Task\"]').checked") is False
    page.evaluate("window.policykgMap.setLabelHidden('Task', false)")
    page.evaluate("window.policykgMap.setTypeHidden('LEADS', true)")
    assert page.evaluate("window.policykgMap.visibleEdgeIds().length") == g.number_of_edges() - sum(
        1 for _, _, k in g.edges(keys=True) if k == "LEADS")
    assert page.errors() == []


def _mouse(page, kind, x, y, **extra):
    page.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, **extra})


def test_real_mouse_hover_shows_tooltip_and_click_highlights(browser, loaded, tmp_path):
    out = tmp_path / "map.html"
    write_map(loaded, out)
    page = browser.open(out)
    page.wait_for(DRAWN)
    page.wait_for("!window.policykgMap.network.physics.physicsEnabled", timeout=30)
    fgw = "dept:东阳市:发展和改革局"
    box = page.evaluate(f"""(function () {{
        var net = window.policykgMap.network, p = net.canvasToDOM(net.getPosition({json.dumps(fgw)}));
        var r = document.getElementById('network').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }})()""")
    x, y = box
    for step in range(5):  # move in, so vis sees a hover
        _mouse(page, "mouseMoved", x - 20 + 5 * step, y)
    page.wait_for("!document.getElementById('tooltip').hidden", timeout=10)
    tip = page.evaluate("document.getElementById('tooltip').textContent")
    assert "发展和改革局" in tip and "市发改局、发改局" in tip and "东阳市" in tip
    _mouse(page, "mousePressed", x, y, button="left", clickCount=1)
    _mouse(page, "mouseReleased", x, y, button="left", clickCount=1)
    page.wait_for(f"window.policykgMap.state.focus === {json.dumps(fgw)}", timeout=10)
    assert "发展和改革局" in page.evaluate("document.getElementById('details').textContent")
    assert page.evaluate("window.policykgMap.state.dimmedNodes.size") > 0
    assert page.errors() == []


def test_large_map_draws_with_physics_off(browser, tmp_path):
    g = synthetic(700)
    out = tmp_path / "big.html"
    render(g, out)
    page = browser.open(out)
    page.wait_for(DRAWN, timeout=120)
    assert page.evaluate("window.policykgMap.data.physics") is False
    assert page.evaluate("window.policykgMap.network.physics.physicsEnabled") is False
    png = page.screenshot()
    (tmp_path / "big.png").write_bytes(png)
    assert ink(png, (PANEL + 2, 0, 1280, 800)) > 3000
    assert page.errors() == []
    # On a large map a highlight veils the map and draws the neighbourhood on top, in one frame.
    before = page.evaluate("window.policykgMap.state.draws")
    neighbours = page.evaluate("window.policykgMap.highlight('dept:0')")
    assert set(neighbours) == {"dept:0", *g.successors("dept:0"), *g.predecessors("dept:0")}
    page.wait_for(f"window.policykgMap.state.draws > {before}", timeout=60)
    assert sorted(page.evaluate("window.policykgMap.overlay().nodes")) == sorted(neighbours)
    veiled = page.screenshot()
    (tmp_path / "big-highlight.png").write_bytes(veiled)
    assert ink(veiled, (PANEL + 2, 0, 1280, 800)) < ink(png, (PANEL + 2, 0, 1280, 800))
    page.evaluate("window.policykgMap.setTypeHidden('LEADS', true)")
    assert all(e["t"] != "LEADS" for e in page.evaluate("window.policykgMap.overlay().edges"))
    page.evaluate("window.policykgMap.clearHighlight()")
    assert page.evaluate("window.policykgMap.overlay()") is None


def test_map_of_the_bundled_examples_draws(browser, store, tmp_path):
    from policykg.graph.ingest import load_paths
    from tests.conftest import EXAMPLES

    summary = load_paths(store, [EXAMPLES], workers=1)
    assert summary.loaded and not summary.failed
    out = tmp_path / "examples.html"
    write_map(store, out)
    page = browser.open(out)
    page.wait_for(DRAWN)
    g = read_graph(store)
    assert sorted(page.evaluate("window.policykgMap.visibleNodeIds()")) == sorted(g.nodes)
    assert ink(page.screenshot(), (PANEL + 2, 0, 1280, 800)) > 3000
    assert only_local(page.requests(), out)
    assert page.errors() == []


def test_empty_map_shows_a_message(browser, tmp_path):
    import networkx as nx

    out = tmp_path / "empty.html"
    render(nx.MultiDiGraph(), out)
    page = browser.open(out)
    page.wait_for("window.policykgMap && window.policykgMap.empty")
    assert "the selection is empty" in page.evaluate("document.getElementById('network').textContent")
    assert page.errors() == []


def test_missing_chromium_is_reported_clearly(monkeypatch):
    from tests.headless import BrowserError

    monkeypatch.setenv("POLICYKG_CHROMIUM", "/nonexistent/chromium")
    assert find_chromium() is None
    with pytest.raises(BrowserError, match="Chromium not found; install it"):
        Browser()



# -- issue 15: labels that fit, focus, communities, the year, the aggregated view -------------------------
# On the bundled examples, plus the seed documents when ../shared/seeds is beside the repository.

WIDTH, HEIGHT = 1280, 800
READY = ("window.policykgMap && window.policykgMap.state.ready && window.policykgMap.state.firstDrawMs "
         "&& window.policykgMap.state.labels.length > 0")
SETTLED = "new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); })"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A store of the examples (and the seeds, when present), loaded once for this module."""
    from policykg.graph.ingest import load_paths
    from policykg.graph.store import open_store
    from tests.conftest import EXAMPLES, SEEDS

    db = tmp_path_factory.mktemp("archive") / "archive.lbdb"
    with open_store(db=db) as s:
        summary = load_paths(s, [EXAMPLES, *([SEEDS] if SEEDS.is_dir() else [])], workers=1)
    assert summary.loaded and not summary.failed
    return db


def map_of(archive, out: Path, scope: MapScope = MapScope(), **options) -> Path:
    from policykg.graph.store import open_store

    with open_store(db=archive, read_only=True) as s:
        write_map(s, out, scope, **options)
    return out


def opened(browser, path: Path):
    page = browser.open(path)
    page.wait_for(READY, timeout=120)
    page.evaluate(SETTLED)
    return page


def dark_pixels(png: bytes, box: dict) -> int:
    """Pixels inside a label box dark enough to be its text (#222); nodes and edges are lighter or coloured."""
    from tests.headless import decode_png

    width, height, channels, pixels = decode_png(png)
    count = 0
    for y in range(max(0, int(box["top"])), min(height, int(box["bottom"]))):
        for x in range(max(0, int(box["left"])), min(width, int(box["right"]))):
            i = (y * width + x) * channels
            if max(pixels[i], pixels[i + 1], pixels[i + 2]) < 90:
                count += 1
    return count


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def assert_top_names_readable(page, png: bytes, shot: Path, top: int = 20) -> None:
    order = page.evaluate(f"window.policykgMap.data.order.slice(0, {top})")
    boxes = page.evaluate("window.policykgMap.labelBoxes()")
    by_id = {b["id"]: b for b in boxes}
    missing = [i for i in order if i not in by_id]
    assert not missing, f"no label for {missing}; see {shot}"
    for i, a in enumerate(boxes):  # no two labels overlap, the 20 biggest nor any other
        for b in boxes[i + 1:]:
            assert not overlap(a, b), (a, b)
    for node in order:
        box = by_id[node]
        assert PANEL <= box["left"] and box["right"] <= WIDTH and 0 <= box["top"] and box["bottom"] <= HEIGHT, box
        assert dark_pixels(png, box) >= 12, f"label of {node} at {box} shows no text; see {shot}"


@pytest.mark.parametrize("scope", [MapScope(), MapScope(collaboration=True)], ids=["overview", "collaboration"])
def test_the_twenty_biggest_names_are_readable_without_overlap(browser, archive, tmp_path, scope):
    out = map_of(archive, tmp_path / "m.html", scope)
    page = opened(browser, out)
    png = page.screenshot()
    shot = tmp_path / "m.png"
    shot.write_bytes(png)
    assert len(page.evaluate("window.policykgMap.data.nodes")) > 20
    assert_top_names_readable(page, png, shot)
    # Only the ~30 most important are named at the default zoom; zoomed in, lesser names appear too.
    order = page.evaluate("window.policykgMap.data.order")
    always = page.evaluate("window.policykgMap.data.labels")
    assert len(page.evaluate("window.policykgMap.labelBoxes()")) <= always
    page.evaluate("(function (m) { var id = m.data.order[0], net = m.network;"
                  " net.moveTo({position: net.getPositions([id])[id], scale: net.getScale() * 3, animation: false}); })"
                  "(window.policykgMap)")
    page.evaluate(SETTLED)
    boxes = page.evaluate("window.policykgMap.labelBoxes()")
    assert any(order.index(b["id"]) >= always for b in boxes)
    assert all(not overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert page.errors() == []


def test_the_department_asked_for_is_larger_outlined_centred_and_highlighted_on_open(browser, archive, tmp_path):
    centre = "dept:龙泉市:发展和改革局"
    for scope, dims in ((MapScope(collaboration=True, department=centre), False),
                        (MapScope(department=centre, hops=2), True)):
        page = opened(browser, map_of(archive, tmp_path / "focus.html", scope))
        state = page.evaluate("(function (m) { var net = m.network, id = m.state.focus;"
                              " var n = net.body.nodes[id], box = document.getElementById('network');"
                              " var p = net.canvasToDOM(net.getPositions([id])[id]);"
                              " return {focus: id, keep: m.state.keep ? m.state.keep.size : 0,"
                              " dimmed: m.state.dimmedNodes.size, drawn: n.options.size, border: n.options.borderWidth,"
                              " size: m.data.nodes.find(function (x) { return x.id === id; }).size,"
                              " dx: p.x - box.clientWidth / 2, dy: p.y - box.clientHeight / 2,"
                              " labelled: m.labelBoxes().some(function (b) { return b.id === id; })}; })"
                              "(window.policykgMap)")
        assert state["focus"] == centre, state
        assert state["keep"] > 1 and state["labelled"]
        assert state["drawn"] > state["size"] and state["border"] == 4
        assert abs(state["dx"]) < 2 and abs(state["dy"]) < 2  # centred
        assert (state["dimmed"] > 0) is dims  # the ±2 map dims what is not next to it
        assert centre in page.evaluate("document.getElementById('details').textContent")
        assert page.errors() == []


def _pixel(png: bytes, x: float, y: float) -> tuple[int, int, int]:
    from tests.headless import decode_png

    width, _, channels, pixels = decode_png(png)
    i = (int(y) * width + int(x)) * channels
    return pixels[i], pixels[i + 1], pixels[i + 2]


def test_communities_are_told_apart_by_colour(browser, archive, tmp_path):
    page = opened(browser, map_of(archive, tmp_path / "c.html", MapScope(collaboration=True)))
    data = page.evaluate("window.policykgMap.data")
    groups = data["legend"]["groups"]
    assert data["colorBy"] == "community" and sum(g["key"] != "other" for g in groups) >= 2
    colours = [g["color"] for g in groups]
    assert len(set(colours)) == len(colours)
    png = page.screenshot()
    (tmp_path / "c.png").write_bytes(png)
    seen = {}
    for node_id in data["order"]:  # the biggest member of each of the first three communities, as drawn
        node = next(n for n in data["nodes"] if n["id"] == node_id)
        group = groups[node["c"]]
        if group["key"] == "other" or group["key"] in seen or len(seen) == 3:
            continue
        x, y, r = page.evaluate(f"""(function (m) {{ var net = m.network, id = {json.dumps(node_id)};
            var p = net.canvasToDOM(net.getPositions([id])[id]), r = document.getElementById('network')
              .getBoundingClientRect(); return [r.left + p.x, r.top + p.y, net.body.nodes[id].options.size
              * net.getScale()]; }})(window.policykgMap)""")
        if not (PANEL < x < WIDTH and 0 < y < HEIGHT):
            continue
        want = tuple(int(group["color"][i:i + 2], 16) for i in (1, 3, 5))
        # A few pixels inside the node (a line may cross its centre): most show the community's colour.
        inside = [_pixel(png, x + dx * r * 0.3, y + dy * r * 0.3) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        matching = [p for p in inside if all(abs(a - b) <= 30 for a, b in zip(p, want))]
        assert len(matching) >= 5, (node_id, inside, group)
        seen[group["key"]] = max(set(matching), key=matching.count)
    assert len(seen) >= 2 and len(set(seen.values())) == len(seen)
    # The colour legend filters too: hiding the first community hides its members.
    first = groups[0]["key"]
    page.evaluate(f"window.policykgMap.setGroupHidden({json.dumps(first)}, true)")
    visible = set(page.evaluate("window.policykgMap.visibleNodeIds()"))
    assert visible == {n["id"] for n in data["nodes"] if groups[n["c"]]["key"] != first}
    assert page.errors() == []


def test_the_year_filter_hides_plans_dated_after_the_year(browser, archive, tmp_path):
    page = opened(browser, map_of(archive, tmp_path / "y.html"))
    data = page.evaluate("window.policykgMap.data")
    first, last = data["years"]
    plan_years = {n["id"]: n.get("since") for n in data["nodes"] if n["t"] == "Plan"}
    dated = sorted({y for y in plan_years.values() if y is not None})
    year = dated[len(dated) // 2 - 1] if len(dated) > 1 else first
    assert first <= year < last
    # Move the slider as a user would.
    page.evaluate(f"(function () {{ var s = document.getElementById('year'); s.value = '{year}';"
                  " s.dispatchEvent(new Event('input')); })()")
    visible = set(page.evaluate("window.policykgMap.visibleNodeIds()"))
    later = {p for p, y in plan_years.items() if y is not None and y > year}
    assert later and not later & visible
    assert {p for p, y in plan_years.items() if y is None or y <= year} <= visible
    since = {n["id"]: n.get("since") for n in data["nodes"]}
    assert all(since[n] is None or since[n] <= year for n in visible)
    hidden_tasks = [n["id"] for n in data["nodes"] if n["t"] == "Task" and (n.get("since") or 0) > year]
    assert hidden_tasks and not set(hidden_tasks) & visible
    edges = set(page.evaluate("window.policykgMap.visibleEdgeIds()"))
    ids = [n["id"] for n in data["nodes"]]
    assert all(ids[e["a"]] in visible and ids[e["b"]] in visible for e in data["edges"] if e["id"] in edges)
    assert f"as of {year}" in page.evaluate("document.getElementById('caption').textContent")
    assert all(b["id"] in visible for b in page.evaluate("window.policykgMap.labelBoxes()"))
    # Nodes that grow later are drawn at their size as of the year (departments take later tasks).
    grown = {n["id"]: [s for y, s in n["sizes"] if y is None or y <= year][-1] for n in data["nodes"]
             if n.get("sizes") and n["id"] in visible and n["sizes"][-1][0] > year}
    assert grown and any(size < node_size(data, node) for node, size in grown.items())
    drawn = page.evaluate("(function (ids) { var b = window.policykgMap.network.body.nodes;"
                          " return ids.map(function (id) { return b[id].options.size; }); })(%s)"
                          % json.dumps(list(grown)))
    assert drawn == list(grown.values())
    page.evaluate("window.policykgMap.setYear(null)")
    assert page.evaluate("window.policykgMap.network.body.nodes[%s].options.size" % json.dumps(next(iter(grown)))) \
        == node_size(data, next(iter(grown)))
    assert len(page.evaluate("window.policykgMap.visibleNodeIds()")) == len(data["nodes"])
    assert page.errors() == []


def test_the_year_slider_reweights_collaboration_ties_and_sizes(browser, store, tmp_path):
    from dataclasses import replace

    from tests.test_maps import CZ, FGW, early_and_late

    # 发改局 alone in 2017; with 财政局 on 1 task in 2019 and on 9 more in 2023.
    write_document(store, replace(make_doc("first.txt", "东阳市起步方案", tasks=1, sha="0", extra_dept=False),
                                  date="2017-01-01"))
    out = tmp_path / "collab.html"
    write_map(early_and_late(store), out, MapScope(collaboration=True), size_by="weighted")
    page = opened(browser, out)
    data = page.evaluate("window.policykgMap.data")
    assert data["years"] == [2017, 2023]
    (tie,) = data["edges"]
    ids = [n["id"] for n in data["nodes"]]
    assert {ids[tie["a"]], ids[tie["b"]]} == {FGW, CZ}

    def drawn() -> dict:  # the tie as vis-network draws it, whether it is shown, and its tooltip
        return page.evaluate(
            "(function () { var m = window.policykgMap, e = m.network.body.edges[%d] || {options: {}},"
            " n = m.network.body.nodes[%s] || {options: {}};"
            " return {width: e.options.width, label: e.options.label,"
            " shown: m.visibleEdgeIds().indexOf(%d) >= 0, tip: m.edgeTooltipFor(%d).textContent,"
            " size: n.options.size,"
            " legend: document.querySelector('input[data-kind=\\'type\\'][data-key=SHARES_TASKS]')"
            ".parentNode.querySelector('.count').textContent}; })()"
            % (tie["id"], json.dumps(CZ), tie["id"], tie["id"]))

    def slide(year: int) -> dict:
        page.evaluate(f"(function () {{ var s = document.getElementById('year'); s.value = '{year}';"
                      " s.dispatchEvent(new Event('input')); })()")
        return drawn()

    latest = drawn()
    assert (latest["label"], latest["shown"], latest["legend"]) == ("10", True, "1")
    assert "共担任务数 shared tasks10" in latest["tip"] and "…(+2)" in latest["tip"]
    then = slide(2019)
    assert (then["label"], then["shown"]) == ("1", True)
    assert then["width"] == tie["byYear"][0][2] < latest["width"] == tie["width"]
    assert "1 (截至 as of 2019; 全部 all years 10)" in then["tip"] and "…" not in then["tip"]
    assert then["size"] < latest["size"] == node_size(data, CZ)
    before = slide(2017)  # 财政局 takes no task yet: the tie is hidden
    assert not before["shown"] and before["legend"] == "0"
    assert FGW in page.evaluate("window.policykgMap.visibleNodeIds()")
    assert slide(2023) == latest
    assert page.errors() == []


def node_size(data: dict, node_id: str) -> float:
    return next(n["size"] for n in data["nodes"] if n["id"] == node_id)


def test_a_big_selection_shows_the_aggregated_view_and_says_so_in_one_line(browser, loaded, tmp_path):
    out = tmp_path / "agg.html"
    summary = write_map(loaded, out, MapScope(max_nodes=10))
    assert summary.notice
    page = browser.open(out)
    page.wait_for(DRAWN)
    notice = page.evaluate("(function () { var n = document.getElementById('notice'); var r = n.getBoundingClientRect();"
                           " return {text: n.textContent, hidden: n.hidden, height: r.height,"
                           " line: parseFloat(getComputedStyle(n).lineHeight) || 16}; })()")
    assert notice["text"] == summary.notice and not notice["hidden"]
    assert notice["height"] < 2 * notice["line"] + 10  # one line
    assert {n["t"] for n in page.evaluate("window.policykgMap.data.nodes")} == {"Plan", "Department"}
    caption = page.evaluate("document.getElementById('caption').textContent")
    assert "aggregated from 13 nodes" in caption and "graph.lbdb" in caption and "5/5 节点 nodes" in caption
    assert page.errors() == []


def test_the_pyvis_network_of_a_map_draws_offline(browser, loaded, tmp_path):
    pytest.importorskip("pyvis")
    from policykg.visualizations.render import build_map

    write_document(loaded, nasty_doc())
    page = build_map(loaded, MapScope())
    out = tmp_path / "pyvis.html"
    page.to_pyvis(notebook=False).write_html(str(out))
    tab = browser.open(out)
    tab.wait_for("window.network && network.body && Object.keys(network.body.nodes).length > 0")
    assert tab.evaluate("network.body.data.nodes.length") == page.nodes
    assert tab.evaluate("network.body.data.edges.length") == page.edges
    assert tab.evaluate("document.querySelectorAll('#mynetwork canvas').length") == 1
    assert tab.evaluate("window.__pwned === undefined && document.title !== 'pwned'")  # no document text ran
    dept = json.dumps("dept:东阳市:" + PAYLOAD)
    assert PAYLOAD in tab.evaluate(f"network.body.data.nodes.get({dept}).title")  # the tooltip keeps it, as text
    assert only_local(tab.requests(), out), tab.requests()
    assert tab.errors() == []
