"""Write result rows as an aligned text table, JSON or CSV — one function, three writers.

Rows are dicts with the same keys (``columns``). Lists print joined with ``、`` in
tables and CSV and stay lists in JSON; ``None`` prints as an empty cell (``null`` in JSON).
Table columns are aligned by display width, so Chinese text lines up.

>>> print(render([{"department": "财政局", "tasks": 3}], ["department", "tasks"], "table"))
department  tasks
----------  -----
财政局          3
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any, Iterable

FORMATS = ("table", "json", "csv")


def cell(value: Any) -> str:
    """One value as table/CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e-3 or abs(value) >= 1e6 else f"{round(value, 4):g}"
    if isinstance(value, (list, tuple)):
        return "、".join(cell(v) for v in value)
    return str(value)


def width(text: str) -> int:
    """Display width: wide (CJK) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * max(size - width(text), 0)
    return gap + text if right else text + gap


def table(rows: list[dict[str, Any]], columns: Iterable[str]) -> str:
    columns = list(columns)
    body = [[cell(row.get(c)) for c in columns] for row in rows]
    sizes = [max([width(c), *(width(r[i]) for r in body)]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(row.get(c), (int, float)) and not isinstance(row.get(c), bool)
                                  for row in rows if row.get(c) is not None) for c in columns]
    lines = ["  ".join(_pad(c, s, False) for c, s in zip(columns, sizes)),
             "  ".join("-" * s for s in sizes)]
    for r in body:
        lines.append("  ".join(_pad(v, s, right) for v, s, right in zip(r, sizes, numeric)))
    return "\n".join(line.rstrip() for line in lines)


def render(rows: list[dict[str, Any]], columns: Iterable[str], fmt: str = "table") -> str:
    """``rows`` as ``fmt`` ("table", "json" or "csv") text, without a trailing newline."""
    columns = list(columns)
    if fmt == "json":
        return json.dumps([{c: row.get(c) for c in columns} for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell(row.get(c)) for c in columns] for row in rows)
        return out.getvalue().rstrip("\n")
    if fmt == "table":
        return table(rows, columns) if columns else "(no rows)"
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
