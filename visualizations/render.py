"""Write a graph as one self-contained HTML map that opens from disk, offline.

Three steps, each a function:

1. :func:`map_data` — graph → plain data: nodes with precomputed positions, sizes,
   colours (``--color-by``) and the names drawn (jurisdiction prefixes), the order names
   are labelled in, edges, tooltip rows (name, aliases, jurisdiction, plan, provenance
   quote), the year each node appears, the legend and the caption;
2. :func:`render_html` — data → the page: vis-network (vendored in ``assets/``), the
   map's own script and style, and the data as inert JSON, all inline;
3. :func:`build_map` (from a store and a :class:`~visualizations.scope.MapScope`) gives a
   :class:`MapPage` to ``save``; :func:`write_map` does both; :func:`render` writes the map
   of an already selected graph.

Document text never becomes markup: the data travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped, the page script puts it into the DOM with ``textContent`` only, and a
Content-Security-Policy allows just the page's own two scripts (by hash) and no
network at all.

>>> # page = build_map(store, MapScope(department="发改局", hops=2), color_by="jurisdiction")
>>> # page.save(Path("map.html"))  → MapSummary(path=…, nodes=…, edges=…, notice=None)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from policykg.graph.store import Store
from policykg.visualizations.layout import SMALL_GRAPH, SizeBy, positions, sizes, sizes_by_year
from policykg.visualizations.scope import SHARES_TASKS, MapScope, edge_year, node_years, plans_by_node, select_map
from policykg.visualizations.style import (ALWAYS_LABELLED, FONT_STACK, ColorBy, color_groups, display_names,
                                           edge_style, importance_order, legend)

ASSETS = Path(__file__).parent / "assets"
QUOTE_CHARS = 400  # a tooltip shows this much of a provenance quote
PLANS_SHOWN = 5
# Past this many edges, edges are drawn solid and without arrows (dashes and arrowheads cost
# several times more per frame); colours still tell the types apart.
FAST_EDGES = 2500
# Up to this many edges the weights are written on the edges; above, they show on hover.
EDGE_LABELS_UP_TO = 36
MAX_EXTRA_WIDTH = 7.0  # px added to the heaviest tie; lighter ties get the square root share of it


@dataclass(frozen=True)
class MapSummary:
    path: Path
    nodes: int
    edges: int
    notice: str | None = None  # the one-line notice the page shows (a big selection drawn aggregated)


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


TASKS_SHOWN = 8  # an edge's tooltip names this many of its tasks


def edge_info(rel: str, d: dict) -> list[list[str]]:
    """Tooltip rows of one edge beyond its type, ends and year (the page adds those from the edge's fields).

    An edge with ``weights_by_year`` (a collaboration tie) leaves out its weight and tasks too:
    the page writes them as of the year the slider shows (see :func:`map_data`).
    """
    by_year = bool(d.get("weights_by_year"))
    weight = "共担任务数 shared tasks" if rel == SHARES_TASKS else "任务数 tasks"
    rows = []
    for key, heading in (("role", "角色 role"), ("weight", weight), ("leads", "牵头 leads"),
                         ("cooperates", "配合 cooperates"), ("title", "引用标题 title"), ("doc_number", "文号")):
        if d.get(key) not in (None, "") and not (by_year and key == "weight"):
            rows.append([heading, str(d[key])])
    if d.get("tasks") and not by_year:
        rows.append(tasks_row(d["tasks"][:TASKS_SHOWN], len(d["tasks"])))
    rows += _provenance_rows(d, "source_doc" if "source_doc" in d else "source")
    return rows


def tasks_row(names: list[str], count: int) -> list[str]:
    """The tooltip row naming an edge's tasks: ``names`` (the first few) of ``count``."""
    more = f" …(+{count - len(names)})" if count > len(names) else ""
    return ["任务 tasks", _clip("；".join(names) + more)]


def _edge_width(rel: str, d: dict, heaviest: float) -> float:
    """The type's width, plus up to :data:`MAX_EXTRA_WIDTH` px by the square root of weight / heaviest."""
    base = edge_style(rel).width
    weight = d.get("weight")
    if not isinstance(weight, (int, float)) or weight <= 1 or heaviest <= 1:
        return base
    return round(base + MAX_EXTRA_WIDTH * ((weight - 1) / (heaviest - 1)) ** 0.5, 2)


def default_color_by(g: nx.Graph) -> ColorBy:
    """Community on a collaboration map (departments linked by shared tasks), kind elsewhere."""
    types = {d.get("type") or k for *_, k, d in g.edges(keys=True, data=True)} if g.is_multigraph() else set()
    return ColorBy.community if types == {SHARES_TASKS} else ColorBy.kind


def map_data(g: nx.MultiDiGraph, title: str = "policykg", size_by: SizeBy | str = SizeBy.degree,
             color_by: ColorBy | str | None = None, focus: tuple[str, ...] = (), notice: str | None = None,
             caption: dict | None = None) -> dict:
    """Everything the page draws, as JSON-ready data (positions, sizes, colours and label order computed here).

    Edges name their ends, and ``order`` names nodes, by position in ``nodes`` (``a``, ``b``): ids
    are long Chinese titles, and on a 15,000-edge map writing them again would add megabytes.

    The year slider: ``since`` on a node or edge is the year it appears. A collaboration tie also
    has ``byYear``, ``[[year, weight, width], …]`` from its ``weights_by_year`` (the page draws the
    last entry up to the chosen year; ``null`` is from the start), and ``tasks``, its first
    :data:`TASKS_SHOWN` task names, earliest first, so the tooltip names the tasks as of the year.
    With size by degree or weighted, a node whose size grows over the years has ``sizes``,
    ``[[year, size], …]`` (:func:`~visualizations.layout.sizes_by_year`).

    ``color_by`` defaults to :func:`default_color_by`; ``focus`` are the ids drawn larger, outlined and
    highlighted on open; ``notice`` is a one-line warning over the map; ``caption`` is
    ``{scope, filters, store, date}`` for the line under it (counts are added by the page).
    """
    color_by = ColorBy(color_by) if color_by else default_color_by(g)
    if any("since" in d for _, d in g.nodes(data=True)):  # marked by select_map (before any aggregation)
        years = {n: d["since"] for n, d in g.nodes(data=True) if d.get("since") is not None}
    else:  # a graph selected elsewhere (policykg export --format html)
        years = node_years(g)
    edge_since = {(a, b, k): d["since"] if "since" in d else edge_year(years, a, b)
                  for a, b, k, d in g.edges(keys=True, data=True)}
    pos = positions(g)
    size = sizes(g, size_by)
    size_steps = sizes_by_year(g, size_by, years, edge_since)
    plans = plans_by_node(g)
    names = {n: _name(n, d) for n, d in g.nodes(data=True)}
    shown = display_names(g, names)
    group_of, groups = color_groups(g, color_by, shown)
    group_index = {x["key"]: i for i, x in enumerate(groups)}
    for x in groups:
        x.pop("members", None)
    nodes = []
    for n, d in g.nodes(data=True):
        node_plans = d.get("plans") or plans.get(n, [])
        search = [names[n], shown[n], *(d.get("aliases") or []), n]
        if d.get("doc_number"):
            search.append(d["doc_number"])
        x, y = pos[n]
        node = {"id": n, "t": d.get("label", "?"), "name": names[n], "label": shown[n], "x": x, "y": y,
                "size": size[n], "c": group_index[group_of[n]],
                "search": list(dict.fromkeys(str(s) for s in search)), "info": node_info(n, d, node_plans)}
        if years.get(n) is not None:
            node["since"] = years[n]
        if n in size_steps:
            node["sizes"] = size_steps[n]
        nodes.append(node)
    index = {n["id"]: i for i, n in enumerate(nodes)}
    heaviest = max((w for *_, w in g.edges(data="weight") if isinstance(w, (int, float))), default=1)
    edges = []
    for i, (a, b, key, d) in enumerate(g.edges(keys=True, data=True)):
        rel = d.get("type") or key
        edge = {"id": i, "a": index[a], "b": index[b], "t": rel, "width": _edge_width(rel, d, heaviest),
                "info": edge_info(rel, d)}
        if d.get("weight") is not None:
            edge["weight"] = d["weight"]
        if d.get("weights_by_year"):  # the page reweights the tie as the year slider moves
            edge["byYear"] = [[y, w, _edge_width(rel, {"weight": w}, heaviest)] for y, w in d["weights_by_year"]]
            edge["tasks"] = list(d.get("tasks") or [])[:TASKS_SHOWN]
        since = edge_since[(a, b, key)]
        if since is not None:
            edge["since"] = since
        edges.append(edge)
    label_counts = Counter(n["t"] for n in nodes)
    type_counts = Counter(e["t"] for e in edges)
    slider = sorted({n["since"] for n in nodes if "since" in n} | {e["since"] for e in edges if "since" in e}
                    | {y for e in edges for y, *_ in e.get("byYear", ()) if y is not None})
    return {
        "title": title, "font": FONT_STACK, "physics": len(nodes) <= SMALL_GRAPH, "fast": len(edges) > FAST_EDGES,
        "sizeBy": SizeBy(size_by).value, "colorBy": color_by.value,
        "legend": legend(dict(sorted(label_counts.items())), dict(sorted(type_counts.items())), groups),
        "order": [index[n] for n in importance_order(g, size)], "labels": ALWAYS_LABELLED, "edgeLabels": len(edges) <= EDGE_LABELS_UP_TO,
        "focus": [n for n in focus if n in g], "years": [slider[0], slider[-1]] if len(slider) > 1 else None,
        "notice": notice, "caption": caption or {"scope": title, "filters": [], "store": "", "date": ""},
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
  <section id="year-section" hidden><h2>年份 year</h2>
    <input id="year" type="range" aria-label="年份 year"><div id="year-label"></div></section>
  <section><h2 id="groups-heading">颜色 colour</h2><div id="legend-groups" class="legend"></div></section>
  <section><h2>节点 nodes</h2><div id="legend-nodes" class="legend"></div></section>
  <section><h2>关系 relationships</h2><div id="legend-edges" class="legend"></div></section>
  <section><h2>详情 details</h2><div id="details"><p class="hint">点击节点查看详情并高亮其邻居。
Click a node to see its details and highlight its neighbours.</p></div></section>
</aside>
<main id="stage"><div id="network"></div><div id="notice" hidden></div><div id="caption"></div></main>
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

@dataclass(frozen=True)
class MapPage:
    """One map, ready to save: the page, the data it draws, and what it says about itself.

    ``data`` is what :func:`map_data` returns (nodes with ``x``, ``y``, ``size``, ``label``,
    colour group ``c`` into ``data["legend"]["groups"]``; edges with ``width`` and ``weight``),
    so other front ends can draw the same picture: :meth:`elements` gives it as keyword dicts,
    :meth:`to_pyvis` as a pyvis network.
    """

    html: str = field(repr=False)
    data: dict = field(repr=False)
    nodes: int
    edges: int
    notice: str | None = None
    selected: int | None = None  # nodes in the selection; more than ``nodes`` when drawn aggregated

    def save(self, out: Path | str) -> MapSummary:
        """Write the page to ``out`` (parent folders created); return what was written."""
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.html, encoding="utf-8", newline="\n")
        return MapSummary(out, self.nodes, self.edges, self.notice)

    def elements(self) -> tuple[list[dict], list[dict]]:
        """``(nodes, edges)`` as another drawing library wants them (pyvis ``add_node``/``add_edge`` keywords).

        Nodes: ``id, label, x, y, size, color, shape, title``; edges: ``source, to, width, color, title``
        (``title`` is the tooltip as plain text; the caller escapes it if its library renders HTML).
        """
        groups, shapes = self.data["legend"]["groups"], {s["key"]: s for s in self.data["legend"]["nodes"]}
        colours = {s["key"]: s["color"] for s in self.data["legend"]["edges"]}
        ids = [n["id"] for n in self.data["nodes"]]

        def text(rows: list[list[str]]) -> str:
            return "\n".join(f"{k}: {v}" for k, v in rows)

        def as_of_rows(e: dict) -> list[list[str]]:  # a collaboration tie's weight and tasks, all years
            if "byYear" not in e:
                return []
            return [["共担任务数 shared tasks", str(e["weight"])], tasks_row(e["tasks"], e["weight"])]

        nodes = [{"id": n["id"], "label": n["label"], "x": n["x"], "y": n["y"], "size": n["size"],
                  "color": groups[n["c"]]["color"], "shape": shapes[n["t"]]["shape"], "title": text(n["info"])}
                 for n in self.data["nodes"]]
        edges = [{"source": ids[e["a"]], "to": ids[e["b"]], "width": e["width"], "color": colours[e["t"]],
                  "title": text([["关系 relation", e["t"]], *as_of_rows(e), *e["info"]])} for e in self.data["edges"]]
        return nodes, edges

    def to_pyvis(self, height: str = "750px", notebook: bool = True):
        """This map as a ``pyvis.network.Network`` (same positions, colours, tooltips) whose pages open offline.

        Needs ``pip install 'policykg[notebook]'``; see :mod:`visualizations.pyvis_network`.
        """
        from policykg.visualizations.pyvis_network import to_pyvis

        return to_pyvis(self, height=height, notebook=notebook)

    def _repr_html_(self) -> str:
        """The map inline in a notebook: the page in a sandboxed frame (scripts only, no network)."""
        return (f'<iframe sandbox="allow-scripts" style="width:100%;height:640px;border:0" '
                f'srcdoc="{html.escape(self.html, quote=True)}"></iframe>')


def store_label(store: Store) -> str:
    """How the caption names a store: the file name of an embedded store, a server's address without credentials."""
    location = str(getattr(store, "location", "") or "")
    if "://" in location:
        parts = urlsplit(location)
        return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
    return Path(location).name


def page_for(g: nx.MultiDiGraph, title: str = "policykg", size_by: SizeBy | str = SizeBy.degree,
             color_by: ColorBy | str | None = None, focus: tuple[str, ...] = (), notice: str | None = None,
             caption: dict | None = None) -> MapPage:
    """The :class:`MapPage` of an already selected graph (see :func:`map_data` for the options)."""
    data = map_data(g, title=title, size_by=size_by, color_by=color_by, focus=focus, notice=notice, caption=caption)
    return MapPage(render_html(data), data, g.number_of_nodes(), g.number_of_edges(), notice, g.number_of_nodes())


def build_map(store: Store, scope: MapScope = MapScope(), *, size_by: SizeBy | str = SizeBy.degree,
              color_by: ColorBy | str | None = None, title: str | None = None,
              today: date | None = None) -> MapPage:
    """Select ``scope`` from ``store`` (within its node budget) and lay out its map.

    ``color_by``: ``kind``, ``community`` or ``jurisdiction`` (default: community on a
    collaboration map, kind otherwise). ``today`` dates the caption (default: today, UTC).

    >>> # build_map(store, MapScope(collaboration=True, min_shared=2)).save("collab.html")
    """
    chosen = select_map(store, scope)
    color = ColorBy(color_by) if color_by else (ColorBy.community if scope.collaboration else None)
    filters = [*scope.filters(), f"大小 size: {SizeBy(size_by).value}",
               f"颜色 colour: {(color or default_color_by(chosen.graph)).value}"]
    if chosen.aggregated:
        ties = f", ≥{chosen.ties_per_plan} heaviest ties per plan" if chosen.ties_per_plan else ""
        filters.insert(0, f"聚合 aggregated from {chosen.selected_nodes:,} nodes{ties}")
    caption = {"scope": scope.describe(), "filters": filters, "store": store_label(store),
               "date": (today or datetime.now(timezone.utc).date()).isoformat()}
    page = page_for(chosen.graph, title=title or f"policykg · {scope.describe()}", size_by=size_by, color_by=color,
                    focus=chosen.focus, notice=chosen.notice, caption=caption)
    return replace(page, selected=chosen.selected_nodes)


def render(g: nx.MultiDiGraph, out: Path, title: str = "policykg", size_by: SizeBy | str = SizeBy.degree,
           color_by: ColorBy | str | None = None) -> MapSummary:
    """Write the map of an already selected graph ``g`` to ``out`` (used by ``policykg export --format html``)."""
    caption = {"scope": title, "filters": [], "store": "",
               "date": datetime.now(timezone.utc).date().isoformat()}
    return page_for(g, title=title, size_by=size_by, color_by=color_by, caption=caption).save(out)


def write_map(store: Store, out: Path, scope: MapScope = MapScope(), size_by: SizeBy | str = SizeBy.degree,
              title: str | None = None, color_by: ColorBy | str | None = None) -> MapSummary:
    """Select ``scope`` from ``store`` and write its map to ``out``.

    >>> # write_map(store, Path("map.html"))  → MapSummary(path=…, nodes=…, edges=…, notice=None)
    """
    return build_map(store, scope, size_by=size_by, color_by=color_by, title=title).save(out)
