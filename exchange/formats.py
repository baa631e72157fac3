"""Write a selected subgraph in the format the user asked for — the one place ``--format`` is looked at.

Text formats go to a file or a stream; ``csv`` needs a folder and ``html`` a
file. :func:`write` returns a one-line summary for the CLI to print::

    write(select(store, plans=["…"]), "graphml", Path("plan.graphml"))
    # 'wrote 12 nodes and 20 relationships to plan.graphml (graphml)'
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, TextIO

import networkx as nx

from policykg.errors import InputError
from policykg.exchange.csv_admin import write_csv
from policykg.exchange.cypher_script import write_cypher
from policykg.exchange.gexf import write_gexf
from policykg.exchange.graphml import write_graphml
from policykg.exchange.json_format import write_json

TEXT_WRITERS: dict[str, Callable[[nx.MultiDiGraph, TextIO], None]] = {
    "json": write_json,
    "graphml": write_graphml,
    "gexf": write_gexf,
    "cypher": write_cypher,
}
FORMATS = (*TEXT_WRITERS, "csv", "html")


def write_html(g: nx.MultiDiGraph, out: Path) -> None:
    """The map of the selection, drawn by :mod:`visualizations.render`."""
    from policykg.visualizations.render import render

    render(g, out)


def write(g: nx.MultiDiGraph, fmt: str, out: Path | None, stdout: TextIO | None = None) -> str:
    """Write ``g`` as ``fmt`` to ``out`` (``None``: ``stdout`` for text formats); return a summary line."""
    counts = f"{g.number_of_nodes()} nodes and {g.number_of_edges()} relationships"
    if fmt in TEXT_WRITERS:
        if out is None:
            TEXT_WRITERS[fmt](g, stdout or sys.stdout)
            return f"wrote {counts} ({fmt})"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="\n") as stream:
            TEXT_WRITERS[fmt](g, stream)
        return f"wrote {counts} to {out} ({fmt})"
    if out is None:
        what = "a folder for nodes.csv and relationships.csv" if fmt == "csv" else "an .html file"
        raise InputError(f"--format {fmt} writes files: give --out with {what}")
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            raise InputError(f"{out}: --format csv writes a folder (nodes.csv, relationships.csv); this is a file")
        write_csv(g, out)
        return f"wrote {counts} to {out}/nodes.csv and relationships.csv (neo4j-admin import; see {out}/IMPORT.txt)"
    if fmt == "html":
        write_html(g, out)
        return f"wrote {counts} to {out} (html map)"
    raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
