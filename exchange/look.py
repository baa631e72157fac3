"""How a node or edge looks in Gephi and yEd: the map's colours, and its sizes by degree.

GEXF carries them as ``viz:color``/``viz:size``; GraphML as plain attributes
(``color`` as ``#RRGGBB`` for yEd's Properties Mapper, ``r``/``g``/``b`` and ``size``,
which Gephi's GraphML importer applies). Colours come from
:mod:`visualizations.style` and sizes from :func:`visualizations.layout.sizes`, so a
file opened in Gephi looks like ``policykg map`` drew it.

>>> rgb("#D55E00")
(213, 94, 0)
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from policykg.visualizations.layout import sizes
from policykg.visualizations.style import edge_style, node_style


@dataclass(frozen=True)
class Look:
    color: str  # "#RRGGBB"
    size: float | None = None  # nodes only

    @property
    def rgb(self) -> tuple[int, int, int]:
        return rgb(self.color)


def rgb(color: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as three 0-255 integers."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def node_looks(g: nx.MultiDiGraph) -> dict[str, Look]:
    """``{node: Look}``: the colour of its label on the map, its size by degree (7 to 30, as on the map)."""
    size = sizes(g) if g.number_of_nodes() else {}
    return {n: Look(node_style(d.get("label", "")).color, size.get(n, 7.0)) for n, d in g.nodes(data=True)}


def edge_look(rel_type: str) -> Look:
    """The colour of a relationship type on the map."""
    return Look(edge_style(rel_type).color)
