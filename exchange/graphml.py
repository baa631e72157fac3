"""GraphML for Gephi and yEd, and the reader ``policykg import`` uses.

Every schema property is a declared ``<key>`` with its type (``string``,
``long``, ``double``); list properties (``aliases``, ``sources``,
``collective``, ``issuers``) are JSON arrays in a ``string`` key, and ``None``
values are left out. Conventions (APOC's, so Neo4j users recognise them):

* a node's schema label is the ``labels`` key (``Plan``); its ``label`` key is
  the display name, which Gephi draws on the node (yEd lists it among the node's
  data; Edit › Properties Mapper draws it — no yFiles markup is written, so the
  file stays plain GraphML for every other reader);
* an edge's relationship type is the ``type`` key, repeated as ``label`` for
  display; its provenance file is ``source_doc`` as in node-link JSON;
* edge ids are ``e0, e1, …`` (Gephi drops edges whose ids repeat);
* the map's look (:mod:`exchange.look`): ``r``/``g``/``b`` and ``size``, which Gephi's
  importer applies, and ``color`` (``#RRGGBB``) for yEd's Properties Mapper; ``import``
  drops them as drawing keys.
* characters XML cannot hold (a form feed or ESC in a title) are written as
  ``␛000C`` and read back exactly (:func:`exchange.xml_text.mark`), so importing
  a store's own export changes nothing.

>>> import io, networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("plan:x", label="Plan", name="x", issuers=["甲"])
>>> buf = io.StringIO(); write_graphml(g, buf)
>>> nx.read_graphml(io.StringIO(buf.getvalue())).nodes["plan:x"]["issuers"]
'["甲"]'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from policykg.errors import InputError
from policykg.exchange.look import Look, edge_look, node_looks
from policykg.exchange.properties import LIST, edge_property_types, node_property_types
from policykg.exchange.xml_text import attr, mark, text, unmark

GRAPHML_TYPES = {"STRING": "string", "INT64": "long", "DOUBLE": "double", LIST: "string"}
LABELS_KEY = "labels"  # a node's schema label
DISPLAY_KEY = "label"  # what Gephi and yEd draw on a node or edge
# Keys yEd and Gephi add when they save a file again; they describe drawing, not data.
LAYOUT_KEYS = frozenset({DISPLAY_KEY, "x", "y", "z", "width", "height", "size", "shape_type", "r", "g", "b",
                         "color", "description", "url"})


def _node_keys() -> dict[str, str]:
    props = {k: t for k, t in node_property_types().items() if k != "id"}
    return {LABELS_KEY: "STRING", DISPLAY_KEY: "STRING", **props}


def _edge_keys() -> dict[str, str]:
    return {"type": "STRING", DISPLAY_KEY: "STRING", **edge_property_types()}


def encode(value: Any, typ: str) -> str:
    """A property value as GraphML/GEXF attribute text (lists as JSON, floats round-trippable)."""
    if typ == LIST:
        return json.dumps(list(value), ensure_ascii=False)
    if typ == "DOUBLE":
        return repr(float(value))
    return str(value)


# Drawing keys written for Gephi (r, g, b, size) and yEd (color); GraphML types.
LOOK_KEYS = {"node": {"color": "string", "r": "int", "g": "int", "b": "int", "size": "double"},
             "edge": {"color": "string", "r": "int", "g": "int", "b": "int"}}


def _look(prefix: str, look: Look) -> str:
    values = {"color": look.color, **dict(zip("rgb", map(str, look.rgb)))}
    if look.size is not None:
        values["size"] = repr(float(look.size))
    return "".join(_data(f"{prefix}_{k}", v) for k, v in values.items())


def _data(key_id: str, value: str) -> str:
    return f'<data key="{key_id}">{text(mark(value))}</data>'


def write_graphml(g: nx.MultiDiGraph, out: TextIO) -> None:
    """Write a selection as GraphML 1.0 (UTF-8), every key declared with its type."""
    node_keys, edge_keys = _node_keys(), _edge_keys()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
              'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, typ in keys.items():
            desc = "<desc>JSON array of strings</desc>" if typ == LIST else ""
            out.write(f'  <key id="{domain[0]}_{name}" for="{domain}" attr.name="{name}" '
                      f'attr.type="{GRAPHML_TYPES[typ]}">{desc}</key>\n')
        for name, typ in LOOK_KEYS[domain].items():
            out.write(f'  <key id="{domain[0]}_{name}" for="{domain}" attr.name="{name}" attr.type="{typ}"/>\n')
    looks = node_looks(g)
    out.write('  <graph id="policykg" edgedefault="directed">\n')
    for node, data in g.nodes(data=True):
        parts = [_data("n_labels", data["label"]), _data("n_label", str(data.get("name") or node))]
        parts += [_data(f"n_{k}", encode(v, node_keys[k])) for k, v in data.items()
                  if k in node_keys and k not in (LABELS_KEY, DISPLAY_KEY) and v is not None]
        out.write(f"    <node id={attr(mark(str(node)))}>{''.join(parts)}{_look('n', looks[node])}</node>\n")
    for i, (a, b, data) in enumerate(g.edges(data=True)):
        parts = [_data("e_type", data["type"]), _data("e_label", data["type"])]
        parts += [_data(f"e_{k}", encode(v, edge_keys[k])) for k, v in data.items()
                  if k in edge_keys and k not in ("type", DISPLAY_KEY) and v is not None]
        parts.append(_look("e", edge_look(data["type"])))
        ends = f"source={attr(mark(str(a)))} target={attr(mark(str(b)))}"
        out.write(f'    <edge id="e{i}" {ends}>{"".join(parts)}</edge>\n')
    out.write("  </graph>\n</graphml>\n")


def read_graphml(path: Path) -> dict[str, Any]:
    """A GraphML file (ours, or one Gephi/yEd saved again) as node-link data for the importer.

    Lists come back from their JSON text; drawing keys (``label``, ``x``, ``color`` …)
    are dropped. Unknown data keys stay, so the importer can name them.
    """
    try:
        g = nx.read_graphml(path, force_multigraph=True)
    except Exception as err:  # noqa: BLE001 - networkx on an untrusted file raises NetworkXError, ParseError,
        # KeyError, ValueError, TypeError … by what the file holds; each is the file's one line
        reason = str(err).splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(f"{path}: not a readable GraphML file ({reason})") from err
    lists = {k for k, t in node_property_types().items() if t == LIST}
    nodes = []
    for node, data in g.nodes(data=True):
        item: dict[str, Any] = {"id": unmark(node), "label": _unmarked(data.get(LABELS_KEY))}
        for k, v in data.items():
            if k in LAYOUT_KEYS or k == LABELS_KEY:
                continue
            v = _unmarked(v)
            item[k] = _json_list(v, path, node, k) if k in lists and isinstance(v, str) else v
        nodes.append(item)
    links = []
    for a, b, data in g.edges(data=True):
        links.append({"source": unmark(a), "target": unmark(b),
                      **{k: _unmarked(v) for k, v in data.items() if k not in LAYOUT_KEYS and k != "id"}})
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "links": links}


def _unmarked(value: Any) -> Any:
    return unmark(value) if isinstance(value, str) else value


def _json_list(value: str, path: Path, node: str, key: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        raise InputError(f"{path}: node {node!r} property {key!r} is not a JSON array of strings") from None
