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

