"""Write a graph as one self-contained HTML map that opens from disk, offline.

Three steps, each a function:

1. :func:`map_data` — graph → plain data: nodes with precomputed positions and sizes,
   edges, tooltip rows (name, aliases, jurisdiction, plan, provenance quote), legend;
2. :func:`render_html` — data → the page: vis-network (vendored in ``assets/``), the
   map's own script and style, and the data as inert JSON, all inline;
3. :func:`write_map` (from a store and a :class:`~visualizations.scope.MapScope`) or
   :func:`render` (from a selected graph) — write the file.

Document text never becomes markup: the data travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped, the page script puts it into the DOM with ``textContent`` only, and a
Content-Security-Policy allows just the page's own two scripts (by hash) and no
network at all.

>>> # write_map(store, Path("map.html"), MapScope(department="发改局", hops=2))
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.graph.store import Store
from policykg.visualizations.layout import SMALL_GRAPH, SizeBy, positions, sizes
from policykg.visualizations.scope import MapScope, map_graph, plans_by_node
from policykg.visualizations.style import FONT_STACK, edge_style, legend

ASSETS = Path(__file__).parent / "assets"
QUOTE_CHARS = 400  # a tooltip shows this much of a provenance quote
PLANS_SHOWN = 5
# Past this many edges, edges are drawn solid and without arrows (dashes and arrowheads cost
# several times more per frame); colours still tell the types apart.
FAST_EDGES = 2500


@dataclass(frozen=True)
class MapSummary:
    path: Path
    nodes: int
    edges: int


# -- 1. graph → data -------------------------------------------------------------

def _name(node: str, d: dict) -> str:
    return str(d.get("name") or d.get("title") or d.get("text") or node)


def _clip(text: Any, limit: int = QUOTE_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _provenance_rows(d: dict, source_key: str) -> list[list[str]]:
    rows = []
    if d.get(source_key):
        where = f" [{d['start']}–{d['end']}]" if d.get("start") is not None and d.get("end") is not None else ""
        rows.append(["出处 source", f"{d[source_key]}{where}"])
    if d.get("quote"):
        rows.append(["原文 quote", _clip(d["quote"])])
    return rows


_NODE_FIELDS = {  # label -> (property, tooltip heading), shown when present
    "Plan": (("doc_number", "文号"), ("date", "日期 date"), ("issuers", "发文 issuers")),
    "Task": (("number", "编号 number"), ("section", "章节 section"), ("deadline", "时限 deadline"),
             ("collective", "泛指 collective")),
    "Goal": (("metric", "指标 metric"), ("value", "数值 value"), ("unit", "单位 unit"), ("year", "年份 year")),
    "Department": (("kind", "类别 kind"),),
    "Place": (("level", "级别 level"),),
}


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def node_info(node: str, d: dict, plans: list[str]) -> list[list[str]]:
    """Tooltip rows ``[heading, text]`` for one node: name, type, aliases, jurisdiction, plans, provenance."""
    label = d.get("label", "")
    rows = [["名称 name", _name(node, d)], ["类型 type", label]]
    aliases = [a for a in d.get("aliases") or [] if a != d.get("name")]
    if aliases:
        rows.append(["别名 aliases", "、".join(aliases)])
    if d.get("jurisdiction"):
        rows.append(["辖区 jurisdiction", str(d["jurisdiction"])])
    for key, heading in _NODE_FIELDS.get(label, ()):
        if d.get(key) not in (None, "", []):
            rows.append([heading, _text(d[key])])
    if plans:
        more = f" …(+{len(plans) - PLANS_SHOWN})" if len(plans) > PLANS_SHOWN else ""
        rows.append(["规划 plan", "；".join(plans[:PLANS_SHOWN]) + more])
    rows += _provenance_rows(d, "source")
    if d.get("sources") and not d.get("source"):
        rows.append(["文件 files", _clip(_text(d["sources"]), 200)])
    rows.append(["id", node])
    return rows


def edge_info(rel: str, d: dict, a_name: str, b_name: str) -> list[list[str]]:
    rows = [["关系 relation", rel], ["从 from", a_name], ["到 to", b_name]]
    for key, heading in (("role", "角色 role"), ("weight", "共担任务数 shared tasks"), ("title", "引用标题 title"),
                         ("doc_number", "文号")):
        if d.get(key) not in (None, ""):
            rows.append([heading, str(d[key])])
    if d.get("tasks"):
        tasks = d["tasks"]
        more = f" …(+{len(tasks) - 8})" if len(tasks) > 8 else ""
        rows.append(["任务 tasks", _clip("；".join(tasks[:8]) + more)])
    rows += _provenance_rows(d, "source_doc" if "source_doc" in d else "source")
    return rows


def _edge_width(rel: str, d: dict) -> float:
    base = edge_style(rel).width
    weight = d.get("weight")
    return round(base + 1.5 * (weight - 1) ** 0.5, 2) if isinstance(weight, (int, float)) and weight > 1 else base


def map_data(g: nx.MultiDiGraph, title: str = "policykg", size_by: SizeBy | str = SizeBy.degree) -> dict:
    """Everything the page draws, as JSON-ready data (positions and sizes computed here)."""
    pos = positions(g)
    size = sizes(g, size_by)
    plans = plans_by_node(g)
    nodes = []
    for n, d in g.nodes(data=True):
        name = _name(n, d)
        node_plans = d.get("plans") or plans.get(n, [])
        search = [name, *(d.get("aliases") or []), n]
        if d.get("doc_number"):
            search.append(d["doc_number"])
        x, y = pos[n]
        nodes.append({"id": n, "t": d.get("label", "?"), "name": name, "x": x, "y": y, "size": size[n],
                      "search": list(dict.fromkeys(str(s) for s in search)), "info": node_info(n, d, node_plans)})
    edges = []
    for i, (a, b, rel, d) in enumerate(g.edges(keys=True, data=True)):
        rel = d.get("type") or rel
        edge = {"id": i, "from": a, "to": b, "t": rel, "width": _edge_width(rel, d),
                "info": edge_info(rel, d, _name(a, g.nodes[a]), _name(b, g.nodes[b]))}
        if d.get("weight") is not None:
            edge["weight"] = d["weight"]
        edges.append(edge)
    label_counts = Counter(n["t"] for n in nodes)
    type_counts = Counter(e["t"] for e in edges)
    return {
        "title": title, "font": FONT_STACK, "physics": len(nodes) <= SMALL_GRAPH, "fast": len(edges) > FAST_EDGES,
        "sizeBy": SizeBy(size_by).value,
        "legend": legend(dict(sorted(label_counts.items())), dict(sorted(type_counts.items()))),
        "nodes": nodes, "edges": edges,
    }


# -- 2. data → page --------------------------------------------------------------

_TOKEN = re.compile(r"@(?:SCRIPT_HASHES|TITLE|STYLE|DATA|VIS|MAP)@")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_safe_json(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``</script>``, ``<!--``, or JS line separators.

    >>> script_safe_json({"t": "</script><script>"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src @SCRIPT_HASHES@; \
style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; \
form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="policykg">
<title>@TITLE@</title>
<style>
@STYLE@
</style>
</head>
<body>
<div id="app">
<aside id="panel">
  <h1 id="map-title"></h1>
  <p id="map-summary"></p>
  <div id="search-box">
    <input id="search" type="search" placeholder="搜索名称或别名 search any name or alias" autocomplete="off">
    <ol id="search-results"></ol>
  </div>
  <section><h2>节点 nodes</h2><div id="legend-nodes" class="legend"></div></section>
  <section><h2>关系 relationships</h2><div id="legend-edges" class="legend"></div></section>
  <section><h2>详情 details</h2><div id="details"><p class="hint">点击节点查看详情并高亮其邻居。
Click a node to see its details and highlight its neighbours.</p></div></section>
</aside>
<main id="network"></main>
</div>
<div id="tooltip" hidden></div>
<script type="application/json" id="policykg-data">@DATA@</script>
<script>@VIS@</script>
<script>@MAP@</script>
</body>
</html>
"""


def render_html(data: dict) -> str:
    """The complete page for :func:`map_data`'s output: every script and style inline, nothing remote."""
    vis, page_script = _asset("vis-network.min.js"), _asset("map.js")
    for script in (vis, page_script):  # a vendored file that closes its own element would break the page
        if "</script" in script.lower() or "<!--" in script:
            raise ValueError("an inline script contains </script or <!--; it cannot be inlined safely")
    replacements = {
        "@SCRIPT_HASHES@": f"{_sha256(vis)} {_sha256(page_script)}",
        "@TITLE@": html.escape(str(data.get("title", "policykg")), quote=True),
        "@STYLE@": _asset("map.css").replace("@FONT_STACK@", FONT_STACK),
        "@DATA@": script_safe_json(data),
        "@VIS@": vis,
        "@MAP@": page_script,
    }
    # One pass over the template: text put in (a title may contain "@DATA@") is never scanned again.
    return _TOKEN.sub(lambda m: replacements[m.group(0)], _PAGE)


# -- 3. write ------------------------------------------------------------------------

def render(g: nx.MultiDiGraph, out: Path, title: str = "policykg", size_by: SizeBy | str = SizeBy.degree) -> MapSummary:
    """Write the map of an already selected graph ``g`` to ``out`` (used by ``policykg export --format html``)."""
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    page = render_html(map_data(g, title=title, size_by=size_by))
    out.write_text(page, encoding="utf-8", newline="\n")
    return MapSummary(out, g.number_of_nodes(), g.number_of_edges())


def write_map(store: Store, out: Path, scope: MapScope = MapScope(), size_by: SizeBy | str = SizeBy.degree,
              title: str | None = None) -> MapSummary:
    """Select ``scope`` from ``store`` and write its map to ``out``.

    >>> # write_map(store, Path("map.html"))  → MapSummary(path=…, nodes=…, edges=…)
    """
    g = map_graph(store, scope)
    return render(g, out, title=title or f"policykg · {scope.describe()}", size_by=size_by)
