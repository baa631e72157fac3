"""Node-link JSON: every property and its provenance, the shape networkx and D3 read.

The layout is :func:`queries.subgraph.to_node_link`'s (``nodes`` with ``id`` and
``label``, ``edges`` with ``source``/``target``/``type`` and the edge's
provenance file as ``source_doc``): ``networkx.node_link_graph(json.load(f))`` reads it
with default arguments. :mod:`exchange.importer` reads it back (and files that name the
edge list ``links``, as networkx before 3.4 wrote), and ``export → import → export`` gives
the same file.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

import networkx as nx

from policykg.queries.subgraph import to_node_link


def dumps(data: dict[str, Any]) -> str:
    """The text of a node-link document (UTF-8 Chinese kept readable, one item per line pair)."""
    return json.dumps(data, ensure_ascii=False, indent=1)


def write_json(g: nx.MultiDiGraph, out: TextIO) -> None:
    """Write a selection as node-link JSON."""
    out.write(dumps(to_node_link(g)) + "\n")
