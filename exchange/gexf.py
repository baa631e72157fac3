"""GEXF 1.2 for Gephi: nodes labelled by name, edges by relationship type.

Gephi shows a node's ``label`` XML attribute, so that is the display name; the
schema label travels as the ``labels`` attribute (partition by it to colour by
kind) and an edge's relationship type as the ``type`` attribute, also its
``label``. Attributes are declared with their types (``string``, ``long``,
``double``); lists are JSON arrays in a ``string`` attribute; ``None`` is left
out. Each node carries ``viz:color`` and ``viz:size`` and each edge ``viz:color``
(:mod:`exchange.look`: the map's colour per label and type, size by degree), so Gephi
draws the file as ``policykg map`` does instead of all grey. networkx's own GEXF writer is not used because it takes an edge's ``type``
for GEXF's directed/undirected flag and treats lists as time intervals.

>>> import io, networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("p", label="Plan", name="甲"); g.add_node("t", label="Task")
>>> _ = g.add_edge("p", "t", key="HAS_TASK", type="HAS_TASK")
>>> buf = io.StringIO(); write_gexf(g, buf)
>>> back = nx.read_gexf(io.StringIO(buf.getvalue()))
>>> back.nodes["p"]["label"], back.nodes["p"]["labels"], back.edges["p", "t"]["type"]
('甲', 'Plan', 'HAS_TASK')
"""

from __future__ import annotations

from typing import TextIO

import networkx as nx

from policykg.exchange.graphml import LABELS_KEY, encode
from policykg.exchange.look import Look, edge_look, node_looks
from policykg.exchange.properties import LIST, edge_property_types, node_property_types
from policykg.exchange.xml_text import attr

GEXF_TYPES = {"STRING": "string", "INT64": "long", "DOUBLE": "double", LIST: "string"}


def _declare(out: TextIO, cls: str, keys: dict[str, str]) -> None:
    out.write(f'    <attributes class="{cls}" mode="static">\n')
    for name, typ in keys.items():
        out.write(f'      <attribute id="{cls[0]}_{name}" title="{name}" type="{GEXF_TYPES[typ]}"/>\n')
    out.write("    </attributes>\n")


def _attvalues(prefix: str, values: list[tuple[str, str]]) -> str:
    inner = "".join(f'<attvalue for="{prefix}_{k}" value={attr(v)}/>' for k, v in values)
    return f"<attvalues>{inner}</attvalues>"


def _viz(look: Look) -> str:
    r, g, b = look.rgb
    size = f'<viz:size value="{look.size}"/>' if look.size is not None else ""
    return f'<viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>{size}'


def write_gexf(g: nx.MultiDiGraph, out: TextIO) -> None:
    """Write a selection as GEXF 1.2 (UTF-8, directed, static)."""
    node_keys = {LABELS_KEY: "STRING", **{k: t for k, t in node_property_types().items() if k != "id"}}
    edge_keys = {"type": "STRING", **edge_property_types()}
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" '
              'version="1.2">\n'
              '  <meta><creator>policykg</creator></meta>\n'
              '  <graph defaultedgetype="directed" mode="static">\n')
    _declare(out, "node", node_keys)
    _declare(out, "edge", edge_keys)
    looks = node_looks(g)
    out.write("    <nodes>\n")
    for node, data in g.nodes(data=True):
        values = [(LABELS_KEY, data["label"])]
        values += [(k, encode(v, node_keys[k])) for k, v in data.items()
                   if k in node_keys and k != LABELS_KEY and v is not None]
        label = str(data.get("name") or node)
        out.write(f"      <node id={attr(str(node))} label={attr(label)}>{_attvalues('n', values)}{_viz(looks[node])}</node>\n")
    out.write("    </nodes>\n    <edges>\n")
    for i, (a, b, data) in enumerate(g.edges(data=True)):
        values = [("type", data["type"])]
        values += [(k, encode(v, edge_keys[k])) for k, v in data.items()
                   if k in edge_keys and k != "type" and v is not None]
        out.write(f'      <edge id="e{i}" source={attr(str(a))} target={attr(str(b))} '
                  f'label={attr(data["type"])}>{_attvalues("e", values)}{_viz(edge_look(data["type"]))}</edge>\n')
    out.write("    </edges>\n  </graph>\n</gexf>\n")
