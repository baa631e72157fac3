"""Property names and types as the exchange formats see them, derived from the schema.

Every writer and importer asks this module, never the schema directly, so the
one renaming they share lives in one place: an edge's provenance file (the
store's ``source``) is called ``source_doc`` outside the store, because
``source``/``target`` name an edge's endpoints in node-link data (see
:func:`queries.subgraph.to_node_link`). Types are the schema's LadybugDB names
(``STRING``, ``INT64``, ``DOUBLE``, ``STRING[]``).

>>> node_property_types()["value"], edge_property_types()["source_doc"]
('DOUBLE', 'STRING')
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from policykg.errors import InputError
from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.queries.subgraph import EDGE_SOURCE_KEY

LIST = "STRING[]"


def edge_key(prop: str) -> str:
    """The name of a stored edge property outside the store (``source`` → ``source_doc``)."""
    return EDGE_SOURCE_KEY if prop == "source" else prop


def store_key(key: str) -> str:
    """The inverse of :func:`edge_key`."""
    return "source" if key == EDGE_SOURCE_KEY else key


def _union(groups: list[dict[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for props in groups:
        for name, typ in props.items():
            if out.setdefault(name, typ) != typ:  # a schema change would have to rename one of them
                raise AssertionError(f"property {name!r} has two types in the schema: {out[name]}, {typ}")
    return out


@cache
def node_property_types() -> dict[str, str]:
    """Every node property (``id`` included) with its type, over all labels."""
    return _union([n.all_properties for n in NODES.values()])


@cache
def edge_property_types() -> dict[str, str]:
    """Every edge property, named as outside the store (``source_doc``), with its type."""
    return _union([{edge_key(k): t for k, t in r.properties.items()} for r in RELATIONSHIPS.values()])


def node_properties(label: str) -> list[str]:
    """The properties of ``label`` other than ``id``, in schema order."""
    return [p for p in NODES[label].all_properties if p != "id"]


def coerce(value: Any, typ: str, where: str) -> Any:
    """Check one incoming value against its schema type; return it as the store wants it.

    ``where`` names the file and item for the error message. ``None`` is always
    allowed (the property is absent). Integers are accepted for ``DOUBLE``.

    >>> coerce(8, "DOUBLE", "x")
    8.0
    """
    if value is None:
        return None
    ok = {
        "STRING": lambda v: isinstance(v, str),
        "INT64": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "DOUBLE": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
        LIST: lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    }[typ]
    if not ok(value):
        wanted = {"STRING": "a string", "INT64": "an integer", "DOUBLE": "a finite number",
                  LIST: "a list of strings"}[typ]
        raise InputError(f"{where} is {type(value).__name__} {_short(value)}, expected {wanted}")
    return float(value) if typ == "DOUBLE" else value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
