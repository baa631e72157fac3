"""What a node is called on the map, and which names the page labels first.

* :func:`display_names` — the name drawn beside a node. When the map spans several
  jurisdictions, a department or leader gets a short jurisdiction prefix, so the two
  发展和改革局 of two counties read ``东阳·发展和改革局`` and ``龙泉·发展和改革局``.
* :func:`importance_order` — node ids, most important first (by the map's size measure).
  The page labels the first :data:`ALWAYS_LABELLED` at the default zoom, placing each
  label where it overlaps no other, and adds more names as the user zooms in.

>>> short_jurisdiction("东阳市"), short_jurisdiction("铜官区"), short_jurisdiction("县")
('东阳', '铜官', '县')
"""

from __future__ import annotations

import networkx as nx

ALWAYS_LABELLED = 30  # names the page always shows (when they fit); more appear on zoom and hover
PREFIXED = ("Department", "Leader")  # node labels whose names repeat from one jurisdiction to the next
_SUFFIXES = ("自治县", "自治州", "市", "区", "县", "省", "镇", "乡", "街道")


def short_jurisdiction(name: str) -> str:
    """``东阳市`` → ``东阳``: the jurisdiction without its level suffix, when at least two characters remain."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def jurisdictions(g: nx.Graph) -> set[str]:
    """The jurisdictions of the departments and leaders on the map."""
    return {str(d["jurisdiction"]) for _, d in g.nodes(data=True)
            if d.get("label") in PREFIXED and d.get("jurisdiction")}


def display_names(g: nx.Graph, names: dict[str, str]) -> dict[str, str]:
    """``{node: name as drawn}``: ``names`` with a jurisdiction prefix when the map spans several."""
    if len(jurisdictions(g)) < 2:
        return dict(names)
    out = {}
    for n, d in g.nodes(data=True):
        name = names[n]
        where = d.get("jurisdiction")
        if d.get("label") in PREFIXED and where:
            short = short_jurisdiction(str(where))
            if not name.startswith((short, str(where))):
                name = f"{short}·{name}"
        out[n] = name
    return out


def importance_order(g: nx.Graph, size: dict[str, float]) -> list[str]:
    """Node ids by size (the map's measure), then degree, then id: the order names are labelled in."""
    degree = dict(g.degree())
    return sorted(g.nodes, key=lambda n: (-size[n], -degree[n], str(n)))
