"""The map as a ``pyvis.network.Network``, for notebook users who know pyvis.

It draws a :class:`~visualizations.render.MapPage` (what ``policykg map`` writes) from
:meth:`MapPage.elements`: the positions, sizes, colours (``--color-by``), shapes, names and
tooltips computed in Python for the offline page. The page's data adds the line per
relationship type (:mod:`visualizations.style`), the weight written on a tie and the legend.

What pyvis 0.3.2 does on its own, and why this module does not rely on it:

* its page template loads Bootstrap from a CDN whatever ``cdn_resources`` says, so even
  ``cdn_resources="in_line"`` is not offline; the network gets our own template
  (``assets/pyvis.html``) instead, which inlines the vendored vis-network and loads nothing;
* it switches to an ``innerHTML`` tooltip when any node title contains ``href`` — text
  from a document could then become markup; our template has no such branch, and
  vis-network (9+) shows a string title as text;
* ``write_html``/``show`` with the default ``cdn_resources="local"`` copy a ``lib/`` folder
  into the working directory; the network is made with ``"in_line"``, so they write one file.

So ``net.generate_html()``, ``net.write_html(path)`` and, in Jupyter, ``net.show("map.html")``
all give a page that opens offline. Tooltips are plain text (``heading: value`` lines); the
legend (the colour groups and the relationship types, with counts) sits above the network.

>>> import networkx as nx
>>> from policykg.visualizations.render import page_for
>>> g = nx.MultiDiGraph()
>>> g.add_node("plan:a", label="Plan", name="<img src=x>")
>>> net = to_pyvis(page_for(g))
>>> net.nodes[0]["title"].splitlines()[0], net.nodes[0]["shape"]
('名称 name: <img src=x>', 'square')
>>> page = net.generate_html()
>>> "<img" in page, "<script src=" in page, "<link" in page
(False, False, False)
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policykg.visualizations.style import edge_style

if TYPE_CHECKING:
    from policykg.visualizations.render import MapPage

ASSETS = Path(__file__).parent / "assets"
TEMPLATE = "pyvis.html"
LABEL_CHARS = 16  # as the page (assets/map.js) shortens labels


def _label(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def legend_html(data: dict[str, Any]) -> str:
    """The map's legend — its colour groups and relationship types, with counts — as escaped HTML."""
    legend = data.get("legend") or {}
    items = [f'<span><i style="background:{html.escape(s["color"])}"></i>{html.escape(s["name"])} {int(s["count"])}'
             '</span>' for s in legend.get("groups", ())]
    items += [f'<span><b style="border-color:{html.escape(s["color"])}"></b>{html.escape(s["name"])} '
              f'{int(s["count"])}</span>' for s in legend.get("edges", ())]
    return " ".join(items)


def _options(data: dict[str, Any]) -> dict[str, Any]:
    """vis-network options as the offline page sets them (physics only on small maps)."""
    big = not data.get("physics")
    font = data.get("font", "sans-serif")
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": False} if big else {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"avoidOverlap": 0.4, "springLength": 80},
            "stabilization": {"enabled": True, "iterations": 150, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
        "nodes": {"borderWidth": 1, "font": {"face": font, "size": 12, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False if big else {"type": "continuous", "roundness": 0.3},
                  "font": {"face": font, "size": 10, "align": "middle", "strokeWidth": 3,
                           "strokeColor": "#ffffff"}},
    }


def to_pyvis(page: "MapPage", height: str = "750px", width: str = "100%", notebook: bool = False):
    """A directed ``pyvis.network.Network`` drawing ``page`` (a :class:`~visualizations.render.MapPage`)."""
    try:
        from pyvis.network import Network
    except ImportError:
        from policykg.errors import PolicyKGError

        raise PolicyKGError("to_pyvis needs pyvis, which is not installed; pip install 'policykg[notebook]' "
                            "(or save the offline map with .save(path))") from None
    net = Network(height=height, width=width, directed=True, notebook=False, cdn_resources="in_line")
    net.set_template_dir(str(ASSETS) + "/", TEMPLATE)
    if notebook:  # pyvis renders notebook output with `net.template`; point it at ours too
        net.prep_notebook()
    data = page.data
    nodes, edges = page.elements()
    for n in nodes:
        colour = n["color"]
        net.add_node(n["id"], label=_label(str(n["label"])), title=n["title"], x=n["x"], y=n["y"], size=n["size"],
                     shape=n["shape"], font={"color": "#222222"},
                     color={"background": colour, "border": colour, "highlight": {"background": colour, "border": "#000"},
                            "hover": {"background": colour, "border": "#000"}})
    fast, weights_written = bool(data.get("fast")), bool(data.get("edgeLabels"))
    for e, drawn in zip(edges, data["edges"]):  # elements() keeps the page's edge order
        style = edge_style(drawn["t"])
        edge = {"title": e["title"], "width": e["width"],
                "dashes": list(style.dashes) if style.dashes and not fast else False,
                "color": {"color": e["color"], "highlight": e["color"], "hover": e["color"], "inherit": False},
                "arrows": {"to": {"enabled": style.arrow and not fast, "scaleFactor": 0.5}}}
        if weights_written and drawn.get("weight") is not None:
            edge["label"] = str(drawn["weight"])
        net.add_edge(e["source"], e["to"], **edge)
    net.options = _options(data)
    net.heading = legend_html(data)  # our template shows the heading as the legend
    return net
