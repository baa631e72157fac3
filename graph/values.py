"""Nodes, relationships and paths a statement returns, the same from both stores.

``store.run("MATCH (d:Department) RETURN d")`` gives each ``d`` as a :class:`Node`:
a plain ``dict`` of its properties (so ``row["d"]["name"]`` works and it compares
equal to a dict), which also knows its ``label``. A :class:`Relationship` knows its
``type``; a :class:`Path` holds its nodes and relationships in order, with the
direction of each relationship, so it can be printed as a chain.

>>> n = Node({"id": "dept:龙泉市:财政局", "name": "财政局"}, "Department")
>>> n == {"id": "dept:龙泉市:财政局", "name": "财政局"}, n.label
(True, 'Department')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Node(dict):
    """A node's properties, plus the node's ``label``."""

    __slots__ = ("label",)

    def __init__(self, properties: dict[str, Any], label: str) -> None:
        super().__init__(properties)
        self.label = label


class Relationship(dict):
    """A relationship's properties, plus its ``type``."""

    __slots__ = ("type",)

    def __init__(self, properties: dict[str, Any], rel_type: str) -> None:
        super().__init__(properties)
        self.type = rel_type


@dataclass(frozen=True)
class Path:
    """``nodes[i] -relationships[i]- nodes[i+1]``; ``forward[i]`` when that relationship points from
    ``nodes[i]`` to ``nodes[i+1]``. A node the store did not return (the ends of a variable-length
    relationship list on LadybugDB) is ``None``."""

    nodes: tuple[Node | None, ...]
    relationships: tuple[Relationship, ...]
    forward: tuple[bool, ...]
