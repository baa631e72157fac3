"""How a map looks: shapes and lines, colours (the ``--color-by`` groups), and the names drawn.

One style per schema label and type (a test checks none is missing), plus the
derived ``SHARES_TASKS`` edge of the collaboration map and ``WORKS_ON`` of the aggregated
view. A node's shape follows its label; its colour follows ``--color-by``
(:func:`color_groups`): its kind, its community or its jurisdiction. Colours stay apart
for the common kinds of colour blindness (Okabe–Ito palette); shapes differ
too, so the legend still works in greyscale print.

* ``kind`` — the node's label (plan, task, goal, department, leader, place), departments split
  by their kind (government, party, enterprise, …). The default for every map but collaboration.
* ``community`` — Louvain communities of the map's own network, weighted by shared tasks
  (:func:`queries.analytics.communities`, fixed seed). The default for collaboration maps:
  who works with whom at a glance. The legend names each community by its largest members.
* ``jurisdiction`` — the county or city a node belongs to (tasks and goals: their plan's).

The largest :data:`GROUP_PALETTE` groups get their own colour; smaller communities,
departments without any tie, and rare jurisdictions share one grey, named in the legend.

Names: :func:`display_names` gives the name drawn beside a node. When the map spans several
jurisdictions, a department or leader gets a short jurisdiction prefix, so the two
发展和改革局 of two counties read ``东阳·发展和改革局`` and ``龙泉·发展和改革局``.
:func:`importance_order` gives node ids, most important first (by the map's size measure):
the page labels the first :data:`ALWAYS_LABELLED` at the default zoom, placing each
label where it overlaps no other, and adds more names as the user zooms in.

>>> NODE_STYLES["Department"].shape
'diamond'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from enum import Enum

import networkx as nx

# SHARES_TASKS and WORKS_ON: the two relationships only maps draw; plan_closure: a plan's nodes (its jurisdiction's colour)
from policykg.visualizations.scope import SHARES_TASKS, WORKS_ON, plan_closure

# System fonts that cover CJK on Windows, macOS, Linux and Android; the page ships no font file.
FONT_STACK = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
              '"WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans SC", system-ui, sans-serif')


@dataclass(frozen=True)
class NodeStyle:
    color: str
    shape: str  # a vis-network shape that takes `size` (label drawn below)
    name: str  # what the legend calls it


@dataclass(frozen=True)
class EdgeStyle:
    color: str
    dashes: tuple[int, ...] = ()  # canvas dash pattern; () is a solid line
    width: float = 1.0
    arrow: bool = True
    name: str = ""


NODE_STYLES: dict[str, NodeStyle] = {
    "Plan": NodeStyle("#D55E00", "square", "规划/文件 Plan"),
    "Task": NodeStyle("#0072B2", "dot", "任务 Task"),
    "Goal": NodeStyle("#E69F00", "star", "目标 Goal"),
    "Department": NodeStyle("#009E73", "diamond", "部门 Department"),
    "Leader": NodeStyle("#CC79A7", "triangle", "领导 Leader"),
    "Place": NodeStyle("#56B4E9", "hexagon", "地点 Place"),
}

EDGE_STYLES: dict[str, EdgeStyle] = {  # colours alone tell types apart: large maps drop dashes and arrows
    "HAS_TASK": EdgeStyle("#7F7F7F", name="含任务 HAS_TASK"),
    "HAS_SUBTASK": EdgeStyle("#C2C2C2", (2, 4), name="子任务 HAS_SUBTASK"),
    "LEADS": EdgeStyle("#B2182B", width=2.0, name="牵头 LEADS"),
    "COOPERATES_ON": EdgeStyle("#F28E2B", (7, 4), width=1.5, name="配合 COOPERATES_ON"),
    "REFERENCES": EdgeStyle("#7B3294", width=1.5, name="引用 REFERENCES"),
    "ISSUED_BY": EdgeStyle("#1B7837", (10, 3, 2, 3), name="发文 ISSUED_BY"),
    "SETS_GOAL": EdgeStyle("#D4AC0D", (1, 3), name="设定目标 SETS_GOAL"),
    "COVERS": EdgeStyle("#2C7FB8", name="覆盖 COVERS"),
    "LOCATED_IN": EdgeStyle("#17BECF", (6, 3), name="位于 LOCATED_IN"),
    "PART_OF": EdgeStyle("#8C510A", (4, 2), name="隶属 PART_OF"),
    "MENTIONS": EdgeStyle("#9ECAE1", (1, 3), name="提及 MENTIONS"),
    SHARES_TASKS: EdgeStyle("#8FB8A8", width=1.0, arrow=False, name="共担任务 SHARES_TASKS"),
    WORKS_ON: EdgeStyle("#A6761D", width=1.0, name="承担任务 WORKS_ON (tasks folded in)"),
}

# --color-by kind: a department is coloured by its kind (the loaders' government / party / enterprise /
# zone / town / other); government departments keep the Department colour.
DEPARTMENT_KINDS: dict[str, tuple[str, str]] = {
    "government": ("#009E73", "部门·政府 government"),
    "party": ("#A50F15", "部门·党委 party"),
    "enterprise": ("#6A3D9A", "部门·企业 enterprise"),
    "zone": ("#8C6D31", "部门·园区 zone"),
    "town": ("#66A61E", "部门·乡镇 town"),
    "other": ("#5F7F7F", "部门·其他 other"),
}

# --color-by community / jurisdiction: one colour per group, the largest groups first; the rest share OTHER.
GROUP_PALETTE = ("#4E79A7", "#F28E2B", "#E15759", "#59A14F", "#B07AA1", "#EDC948", "#76B7B2", "#FF9DA7",
                 "#9C755F", "#1B9E77", "#7570B3", "#D95F02")
OTHER = "#BDBDBD"

_FALLBACK_NODE = NodeStyle("#999999", "dot", "")
_FALLBACK_EDGE = EdgeStyle("#BBBBBB")


def node_style(label: str) -> NodeStyle:
    style = NODE_STYLES.get(label, _FALLBACK_NODE)
    return style if style.name else NodeStyle(style.color, style.shape, label)


def edge_style(rel_type: str) -> EdgeStyle:
    style = EDGE_STYLES.get(rel_type, _FALLBACK_EDGE)
    return style if style.name else EdgeStyle(style.color, style.dashes, style.width, style.arrow, rel_type)


def legend(labels: dict[str, int], types: dict[str, int], groups: list[dict] | None = None) -> dict:
    """The styles of the labels and types present, with their counts, and the colour groups, for the legend."""
    return {
        "nodes": [{"key": k, "count": n, **asdict(node_style(k))} for k, n in labels.items()],
        "edges": [{"key": k, "count": n, **asdict(edge_style(k))} for k, n in types.items()],
        "groups": list(groups or []),
    }


# -- colour groups: what a node's colour says (--color-by kind|community|jurisdiction) --

MEMBERS_NAMED = 3  # a community's legend entry names this many of its largest members


class ColorBy(str, Enum):
    kind = "kind"
    community = "community"
    jurisdiction = "jurisdiction"


def _kind_key(d: dict) -> str:
    label = d.get("label", "?")
    if label == "Department":
        kind = d.get("kind") if d.get("kind") in DEPARTMENT_KINDS else "other"
        return f"Department:{kind}"
    return label


def _by_kind(g: nx.Graph) -> tuple[dict[str, str], list[dict]]:
    keys = {n: _kind_key(d) for n, d in g.nodes(data=True)}
    counts = Counter(keys.values())
    order = [*NODE_STYLES, *(f"Department:{k}" for k in DEPARTMENT_KINDS)]
    groups = []
    for key in sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k)):
        if key.startswith("Department:"):
            color, name = DEPARTMENT_KINDS[key.split(":", 1)[1]]
        else:
            color, name = node_style(key).color, node_style(key).name
        groups.append({"key": key, "name": name, "color": color, "count": counts[key]})
    return keys, groups


def _simple_weighted(g: nx.Graph, names: dict[str, str]) -> nx.Graph:
    """Undirected, one link per pair with the summed ``weight`` (1 per unweighted edge), nodes named."""
    out = nx.Graph()
    for n in g.nodes:
        out.add_node(n, name=names.get(n, str(n)))
    for a, b, d in g.edges(data=True):
        if a != b:
            w = d.get("weight", 1) or 1
            out.add_edge(a, b, weight=out[a][b]["weight"] + w if out.has_edge(a, b) else w)
    return out


def _with_other(keys: dict[str, str], groups: list[dict], name: str) -> list[dict]:
    """``groups`` and, when some node is keyed ``other``, the grey group that counts them."""
    rest = sum(1 for k in keys.values() if k == "other")
    return groups + [{"key": "other", "name": name, "color": OTHER, "count": rest}] if rest else groups


def _by_community(g: nx.Graph, names: dict[str, str]) -> tuple[dict[str, str], list[dict]]:
    from policykg.queries.analytics import communities

    simple = _simple_weighted(g, names)
    rows = [r for r in communities(simple) if r["size"] > 1]
    keys: dict[str, str] = dict.fromkeys(g.nodes, "other")
    groups = []
    for i, row in enumerate(rows[: len(GROUP_PALETTE)]):
        key = f"community:{i + 1}"
        shown = "、".join(row["members"][:MEMBERS_NAMED]) + ("…" if row["size"] > MEMBERS_NAMED else "")
        groups.append({"key": key, "name": f"社区{i + 1} · {shown}", "color": GROUP_PALETTE[i],
                       "count": row["size"], "members": row["ids"]})
        keys.update(dict.fromkeys(row["ids"], key))
    small = len(rows) - len(groups)
    what = f"{small} 个小社区及无合作者 smaller communities and loners" if small else "无合作者 no partner on the map"
    return keys, _with_other(keys, groups, f"其他 · {what}")


def _jurisdiction_of(g: nx.Graph) -> dict[str, str]:
    out = {n: str(d["jurisdiction"]) for n, d in g.nodes(data=True) if d.get("jurisdiction")}
    if isinstance(g, nx.MultiDiGraph):
        for plan, d in g.nodes(data=True):
            if d.get("label") == "Plan" and d.get("jurisdiction"):
                for node in plan_closure(g, plan):
                    if g.nodes[node].get("label") in ("Task", "Goal"):
                        out.setdefault(node, str(d["jurisdiction"]))
    return out


def _by_jurisdiction(g: nx.Graph) -> tuple[dict[str, str], list[dict]]:
    where = _jurisdiction_of(g)
    counts = Counter(where.values())
    ranked = sorted(counts, key=lambda k: (-counts[k], k))[: len(GROUP_PALETTE)]
    keys = {n: (f"jurisdiction:{where[n]}" if where.get(n) in ranked else "other") for n in g.nodes}
    groups = [{"key": f"jurisdiction:{j}", "name": j, "color": GROUP_PALETTE[i], "count": counts[j]}
              for i, j in enumerate(ranked)]
    return keys, _with_other(keys, groups, "其他/无辖区 other or none")


def color_groups(g: nx.Graph, color_by: ColorBy | str, names: dict[str, str]) -> tuple[dict[str, str], list[dict]]:
    """``({node: group key}, groups)``; each group is ``{key, name, color, count}`` (communities add ``members``).

    >>> g = nx.Graph(); g.add_node("a", label="Plan"); g.add_node("b", label="Task")
    >>> [x["name"] for x in color_groups(g, "kind", {"a": "A", "b": "B"})[1]]
    ['规划/文件 Plan', '任务 Task']
    """
    color_by = ColorBy(color_by)
    if color_by is ColorBy.community:
        return _by_community(g, names)
    if color_by is ColorBy.jurisdiction:
        return _by_jurisdiction(g)
    return _by_kind(g)


# -- names as drawn, and which the page labels first ---------------------------------

ALWAYS_LABELLED = 30  # names the page always shows (when they fit); more appear on zoom and hover
PREFIXED = ("Department", "Leader")  # node labels whose names repeat from one jurisdiction to the next
_SUFFIXES = ("自治县", "自治州", "市", "区", "县", "省", "镇", "乡", "街道")


def short_jurisdiction(name: str) -> str:
    """``东阳市`` → ``东阳``: the jurisdiction without its level suffix, when at least two characters remain.

    >>> short_jurisdiction("东阳市"), short_jurisdiction("铜官区"), short_jurisdiction("县")
    ('东阳', '铜官', '县')
    """
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
