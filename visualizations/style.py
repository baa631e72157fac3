"""How each node label and relationship type looks on a map.

One entry per schema label and type (a test checks none is missing), plus the
derived ``SHARES_TASKS`` edge of the collaboration map and ``WORKS_ON`` of the aggregated
view. A node's shape follows its label; its colour follows ``--color-by``
(:mod:`visualizations.groups`): its kind, its community or its jurisdiction. Colours stay apart
for the common kinds of colour blindness (Okabe–Ito palette); shapes differ
too, so the legend still works in greyscale print.

>>> NODE_STYLES["Department"].shape
'diamond'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from policykg.visualizations.scope import SHARES_TASKS, WORKS_ON  # the two relationships only maps draw

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
