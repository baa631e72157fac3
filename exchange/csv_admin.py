"""CSV for ``neo4j-admin database import full``: ``nodes.csv`` and ``relationships.csv``.

Headers follow the import tool's format: ``id:ID`` (kept as the ``id`` property;
ids are unique across labels), ``:LABEL``, ``:START_ID``, ``:END_ID``,
``:TYPE``, and typed property columns (``start:long``, ``value:double``,
``aliases:string[]``; plain columns are strings). One file per kind holds every
label or type; a column a label lacks is left empty, which the tool reads as "no
property". Property names are the store's (an edge's provenance file is
``source`` here, since Neo4j is the reader).

Quoting: every string is double-quoted with inner quotes doubled (RFC 4180,
the tool's default; backslashes are plain characters), so an empty string
(``""``) differs from a missing value (empty field). Newlines stay inside
quoted fields, hence ``--multiline-fields=true``. Arrays are joined with ``;``
(the tool's default array delimiter) unless an element contains one, then ``|``,
then U+001F; the chosen command line is written to ``IMPORT.txt`` beside the
files. An empty list is written as a missing value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from policykg.errors import InputError
from policykg.exchange.properties import LIST, edge_property_types, node_property_types, store_key

ADMIN_TYPES = {"STRING": "", "INT64": ":long", "DOUBLE": ":double", LIST: ":string[]"}
ARRAY_DELIMITERS = {";": ";", "|": "|", "\x1f": "U+001F"}  # character -> how neo4j-admin is told


def _field(value: Any, typ: str, delimiter: str) -> str:
    if value is None or (typ == LIST and not value):
        return ""
    if typ == LIST:
        value = delimiter.join(value)
    elif typ == "DOUBLE":
        return repr(float(value))
    elif typ == "INT64":
        return str(int(value))
    return '"' + str(value).replace('"', '""') + '"'


def array_delimiter(g: nx.MultiDiGraph) -> str:
    """The first delimiter no list element contains."""
    lists = [k for k, t in node_property_types().items() if t == LIST]
    used = "".join(x for _, d in g.nodes(data=True) for k in lists for x in (d.get(k) or ()))
    for candidate in ARRAY_DELIMITERS:
        if candidate not in used:
            return candidate
    raise InputError("list properties contain ';', '|' and U+001F; no array delimiter is left for neo4j-admin")


def header(columns: dict[str, str]) -> list[str]:
    return [f"{name}{ADMIN_TYPES[typ]}" for name, typ in columns.items()]


def write_csv(g: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write ``nodes.csv``, ``relationships.csv`` and ``IMPORT.txt`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    delimiter = array_delimiter(g)
    node_cols = {k: t for k, t in node_property_types().items() if k != "id"}
    edge_cols = {store_key(k): t for k, t in edge_property_types().items()}
    nodes_path, rels_path = folder / "nodes.csv", folder / "relationships.csv"
    with nodes_path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(["id:ID", ":LABEL", *header(node_cols)]) + "\n")
        for node, data in g.nodes(data=True):
            cells = [_field(node, "STRING", delimiter), _field(data["label"], "STRING", delimiter)]
            cells += [_field(data.get(k), t, delimiter) for k, t in node_cols.items()]
            out.write(",".join(cells) + "\n")
    with rels_path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join([":START_ID", ":END_ID", ":TYPE", *header(edge_cols)]) + "\n")
        for a, b, data in g.edges(data=True):
            cells = [_field(a, "STRING", delimiter), _field(b, "STRING", delimiter),
                     _field(data["type"], "STRING", delimiter)]
            cells += [_field(data.get("source_doc" if k == "source" else k), t, delimiter)
                      for k, t in edge_cols.items()]
            out.write(",".join(cells) + "\n")
    readme = folder / "IMPORT.txt"
    readme.write_text(
        "Load these files into a new, empty Neo4j 5 database (server stopped). policykg adds its\n"
        "constraints and indexes the first time it writes there (policykg load/import/copy):\n\n"
        f"neo4j-admin database import full --nodes={nodes_path.name} --relationships={rels_path.name} "
        f"--array-delimiter='{ARRAY_DELIMITERS[delimiter]}' --multiline-fields=true neo4j\n",
        encoding="utf-8")
    return [nodes_path, rels_path, readme]
