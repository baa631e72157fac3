"""Write result rows as a text table that fits the terminal, JSON or CSV — one function, three writers.

Rows are dicts with the same keys (``columns``). Lists print joined with ``、`` in
tables and CSV and stay lists in JSON; ``None`` prints as an empty cell (``null`` in JSON).
Nodes, relationships and paths (:mod:`graph.store`) print as ``(:Department 龙泉市财政局)``,
``[:LEADS]`` and chains in tables and CSV, and as objects in JSON.

A table is for reading: columns are aligned by display width (CJK and fullwidth characters take
two columns), id columns are left out, and long text is cut with ``…`` so every line fits ``width``
(:func:`terminal_width`). ``wide=True`` prints everything; ``only`` picks columns. CSV is for
spreadsheets: it starts with a UTF-8 BOM (Excel on a Chinese Windows reads it as UTF-8) and a text
cell that a spreadsheet would run as a formula is prefixed with ``'`` (OWASP, "CSV Injection").

>>> print(render([{"department": "财政局", "tasks": 3}], ["department", "tasks"], "table"))
department  tasks
----------  -----
财政局          3
>>> print(show([{"name": "关于加快青瓷宝剑产业高质量发展的若干意见", "id": "plan:x"}], ["name", "id"], width=24).text)
name
------------------------
关于加快青瓷宝剑产业高…
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

from policykg.errors import InputError
from policykg.graph.store import Node, Path, Relationship

FORMATS = ("table", "json", "csv")
BOM = "\ufeff"
# A text cell starting with one of these is a formula (or starts one) in Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_TEXT_WIDTH = 8  # a text column is cut no narrower than this (unless its text is shorter)
GAP = "  "


@dataclass(frozen=True)
class Shown:
    """What to print: ``text`` on stdout (``""`` for nothing), ``notes`` one per line on stderr."""

    text: str
    notes: tuple[str, ...] = ()


# -- cells ---------------------------------------------------------------------

def _display_name(node: Node) -> str:
    name = str(node.get("name") or node.get("title") or node.get("id") or "")
    place = node.get("jurisdiction") if node.label in ("Department", "Leader") else None
    return f"{place}{name}" if place and not name.startswith(place) else name


def node_summary(node: Node | None) -> str:
    """``(:Department 龙泉市财政局)``; ``()`` for a node the store did not return."""
    if node is None:
        return "()"
    name = _display_name(node)
    return f"(:{node.label} {name})" if name else f"(:{node.label})"


def path_summary(path: Path) -> str:
    """``(:Department 龙泉市财政局)-[:LEADS]->(:Task 强化金融支持)``."""
    parts = [node_summary(path.nodes[0]) if path.nodes else "()"]
    for i, rel in enumerate(path.relationships):
        nxt = path.nodes[i + 1] if i + 1 < len(path.nodes) else None
        parts.append(f"-[:{rel.type}]->" if path.forward[i] else f"<-[:{rel.type}]-")
        parts.append(node_summary(nxt))
    return "".join(parts)


def cell(value: Any) -> str:
    """One value as table/CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e-3 or abs(value) >= 1e6 else f"{round(value, 4):g}"
    if isinstance(value, Node):
        return node_summary(value)
    if isinstance(value, Relationship):
        return f"[:{value.type}]"
    if isinstance(value, Path):
        return path_summary(value)
    if isinstance(value, (list, tuple)):
        return "、".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(jsonable(value), ensure_ascii=False)
    return str(value)


def jsonable(value: Any) -> Any:
    """``value`` as JSON data: a node is ``{"label": …, properties}``, a relationship ``{"type": …, …}``,
    a path ``{"nodes": […], "relationships": […]}``; properties without a value are left out."""
    if isinstance(value, Node):
        return {"label": value.label, **{k: jsonable(v) for k, v in value.items() if v is not None}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: jsonable(v) for k, v in value.items() if v is not None}}
    if isinstance(value, Path):
        return {"nodes": [jsonable(n) for n in value.nodes], "relationships": [jsonable(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def csv_cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with ``'``.

    >>> csv_cell("=1+1"), csv_cell(-3), csv_cell("-3")
    ("'=1+1", '-3', "'-3")
    """
    text = cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text  # a number is data, never a formula
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# -- widths ----------------------------------------------------------------------

def char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    """Display width: wide and fullwidth (CJK) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cut(text: str, size: int) -> str:
    """``text`` cut to at most ``size`` display columns, ending in ``…`` when cut.

    >>> cut("龙泉市财政局", 7), cut("abc", 7)
    ('龙泉市…', 'abc')
    """
    if width(text) <= size:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > size - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def terminal_width() -> int | None:
    """Columns to fit a table in: ``$COLUMNS`` when set, else the terminal's; ``None`` when stdout is
    not a terminal (a table piped to a file is written whole)."""
    env = os.environ.get("COLUMNS", "")
    if env.strip().isdigit() and int(env) > 0:
        return int(env)
    try:
        if sys.stdout.isatty():
            return shutil.get_terminal_size().columns
    except (AttributeError, ValueError, OSError):
        pass
    return None


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * max(size - width(text), 0)
    return gap + text if right else text + gap


def _one_line(text: str) -> str:
    return " ".join(text.split()) if any(ch in text for ch in "\n\r\t") else text


def is_id_column(name: str) -> bool:
    """``id``, ``plan_id``, ``d.id``: node keys, which a reader does not need in a table."""
    return name == "id" or name.endswith(("_id", ".id"))


# -- tables ----------------------------------------------------------------------

def _fit(sizes: list[int], mins: list[int], limit: int) -> list[int]:
    """Narrow the widest columns, one column of text at a time, until the line fits ``limit``."""
    sizes = list(sizes)
    excess = sum(sizes) + len(GAP) * (len(sizes) - 1) - limit
    while excess > 0:
        shrinkable = [i for i, s in enumerate(sizes) if s > mins[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: sizes[i])
        others = max([sizes[i] for i in shrinkable if i != widest] + [mins[widest]])
        step = min(excess, sizes[widest] - others) or 1
        sizes[widest] -= step
        excess -= step
    return sizes


@dataclass(frozen=True)
class _Layout:
    body: list[list[str]]
    numeric: list[bool]
    natural: list[int]  # widest cell (or header) per column
    mins: list[int]  # how narrow a column may be
    header_mins: list[int]  # how narrow without cutting a value

    @classmethod
    def of(cls, rows: list[dict[str, Any]], columns: list[str]) -> "_Layout":
        body = [[_one_line(cell(row.get(c))) for c in columns] for row in rows]
        numeric = [bool(rows) and all(isinstance(row.get(c), (int, float)) and not isinstance(row.get(c), bool)
                                      for row in rows if row.get(c) is not None) for c in columns]
        natural = [max([width(c), *(width(r[i]) for r in body)]) for i, c in enumerate(columns)]
        # a number is never cut (its header may be: weighted_degree → weighted…); text down to MIN_TEXT_WIDTH
        values = [max([0, *(width(r[i]) for r in body)]) for i in range(len(columns))]
        mins = [max(v, min(n, MIN_TEXT_WIDTH)) if num else min(n, MIN_TEXT_WIDTH)
                for n, v, num in zip(natural, values, numeric)]
        return cls(body, numeric, natural, mins, [max(v, min(n, MIN_TEXT_WIDTH)) for n, v in zip(natural, values)])

    def sizes(self, limit: int | None) -> list[int]:
        """Column widths fitting ``limit``: long headers are cut first, then long text."""
        if limit is None:
            return self.natural
        return _fit(_fit(self.natural, self.header_mins, limit), self.mins, limit)

    def narrowest(self) -> int:
        return sum(self.mins) + len(GAP) * (len(self.mins) - 1)


def table(rows: list[dict[str, Any]], columns: Iterable[str], max_width: int | None = None) -> str:
    """An aligned table; with ``max_width``, long text (and long headers) are cut so no line is wider; numbers
    are never cut, and columns too many to fit are the caller's to leave out (:func:`show`)."""
    columns = list(columns)
    layout = _Layout.of(rows, columns)
    sizes = layout.sizes(max_width)
    head = [cut(c, s) for c, s in zip(columns, sizes)]
    lines = [GAP.join(_pad(h, s, False) for h, s in zip(head, sizes)), GAP.join("-" * s for s in sizes)]
    for r in layout.body:
        lines.append(GAP.join(_pad(cut(v, s), s, right) for v, s, right in zip(r, sizes, layout.numeric)))
    return "\n".join(line.rstrip() for line in lines)


def choose(columns: list[str], only: Iterable[str]) -> list[str]:
    """The columns named in ``only`` (``--columns a,b``), in that order; an unknown name is an InputError."""
    wanted = [c.strip() for item in only for c in item.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in columns]
    if unknown and columns:
        raise InputError(f"--columns {', '.join(unknown)}: no such column; this result has: {', '.join(columns)}")
    return wanted


def show(rows: list[dict[str, Any]], columns: Iterable[str], fmt: str = "table", *, width: int | None = None,
         wide: bool = False, only: Iterable[str] = (), total: int | None = None) -> Shown:
    """Rows as ``fmt`` text, plus notes for stderr (what was hidden or cut, "showing 15 of 93 rows").

    ``width``: fit table lines in this many columns (``None``: no limit); ``wide``: neither hide id
    columns nor cut text; ``only``: these columns, in this order; ``total``: the number of rows before
    ``--limit`` cut them.
    """
    columns = list(columns)
    notes: list[str] = []
    picked = choose(columns, only)
    if picked:
        columns = picked
    if total is not None and total > len(rows):
        notes.append(f"showing {len(rows)} of {total} rows")
    if fmt != "table":
        return Shown(render(rows, columns, fmt), tuple(notes))
    if not rows:
        return Shown("", ("(no rows)", *notes))
    if wide:
        return Shown(table(rows, columns), tuple(notes))
    hidden = [c for c in columns if is_id_column(c)] if not picked else []
    if len(hidden) == len(columns):
        hidden = []
    shown = [c for c in columns if c not in hidden]
    left_out: list[str] = []
    while width is not None and len(shown) > 1 and _Layout.of(rows, shown).narrowest() > width:
        left_out.insert(0, shown.pop())
    text = table(rows, shown, width)
    cut_text = text != table(rows, shown)
    if left_out or cut_text:  # hidden ids alone go without a note: tables never show them
        what = [f"{', '.join(hidden + left_out)} not shown"] if hidden or left_out else []
        what += [f"long text cut to fit {width} columns"] if cut_text else []
        notes.append("; ".join(what) + " (--wide shows everything, --columns a,b picks)")
    return Shown(text, tuple(notes))


def render(rows: list[dict[str, Any]], columns: Iterable[str], fmt: str = "table") -> str:
    """``rows`` as ``fmt`` ("table", "json" or "csv") text, without a trailing newline; every column,
    nothing cut (:func:`show` fits a table to a terminal)."""
    columns = list(columns)
    if fmt == "json":
        return json.dumps([{c: jsonable(row.get(c)) for c in columns} for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([csv_cell(c) for c in columns])
        writer.writerows([csv_cell(row.get(c)) for c in columns] for row in rows)
        return BOM + out.getvalue().rstrip("\n")
    if fmt == "table":
        return table(rows, columns) if columns else "(no rows)"
    raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
