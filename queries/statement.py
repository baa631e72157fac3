"""Read a user's Cypher statement as text: its ``$parameters`` and the items it RETURNs.

``policykg cypher`` uses these to name result columns as the user wrote them (LadybugDB
calls an unaliased ``label(r)`` ``LABEL(r._ID,[,,,,HAS_TASK,…])``), to say which
parameter is missing before the store answers with ``$_2_``, and to keep an empty
result's header. Strings, backquoted names and comments are skipped, so a ``$`` or a
``RETURN`` inside them counts for nothing.

>>> return_items("MATCH (d)-[r]->() RETURN label(r), count(*) AS n ORDER BY n DESC")
['label(r)', 'n']
>>> sorted(parameter_names("MATCH (d {name: $name}) WHERE d.x = '$not' RETURN d LIMIT $k"))
['k', 'name']
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any, Iterator, Mapping

from policykg.errors import InputError, QueryError

_PARAM = re.compile(r"\$(?:(\w+)|`([^`]+)`)")
_RETURN = re.compile(r"\bRETURN\b", re.IGNORECASE)
_ITEMS_END = re.compile(r"\b(ORDER\s+BY|SKIP|LIMIT|UNION)\b", re.IGNORECASE)
_ALIAS = re.compile(r"\s+AS\s+(\w+|`[^`]+`)\s*$", re.IGNORECASE)
_DISTINCT = re.compile(r"\s*DISTINCT\b", re.IGNORECASE)


def code_mask(text: str, strings: bool = True) -> str:
    """``text`` with comments and (``strings``) the inside of strings blanked, same length, so patterns
    match code only. Backquoted names are kept (an alias may be one) but their ``$`` is blanked."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" and ch != "`" else 1
            for k in range(i + 1, min(j, n)):
                if ch == "`":
                    out[k] = "_" if text[k] == "$" else text[k]
                elif strings:
                    out[k] = " "
            i = j + 1
        elif text.startswith("//", i) or text.startswith("/*", i):
            end = text.find("\n", i) if text[i + 1] == "/" else text.find("*/", i + 2) + 2
            end = n if end < (i + 2) else end
            for k in range(i, end):
                out[k] = " " if text[k] != "\n" else "\n"
            i = end
        else:
            i += 1
    return "".join(out)


def parameter_names(statement: str) -> set[str]:
    """The ``$names`` a statement uses."""
    return {m[1] or m[2] for m in _PARAM.finditer(code_mask(statement))}


def check_parameters(statement: str, params: Mapping[str, Any]) -> None:
    """Raise InputError naming each ``$parameter`` the statement uses that ``params`` does not give."""
    missing = sorted(parameter_names(statement) - set(params))
    if len(missing) == 1:
        raise InputError(f"parameter {missing[0]} has no value; give it with -p {missing[0]}=…")
    if missing:
        raise InputError(f"parameters {', '.join(missing)} have no value; give them with "
                         + " ".join(f"-p {k}=…" for k in missing))


def _depth_zero(mask: str, start: int, end: int) -> list[int]:
    """Positions in ``mask[start:end]`` at bracket depth 0 (relative to ``start``)."""
    depth, out = 0, []
    for i in range(start, end):
        ch = mask[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            out.append(i)
    return out


def return_items(statement: str) -> list[str] | None:
    """The names of a statement's result columns as written: each RETURN item's alias, else its text
    (spaces collapsed). ``None`` when it cannot tell (no RETURN at the top level, ``RETURN *``)."""
    mask, code = code_mask(statement), code_mask(statement, strings=False)
    top = set(_depth_zero(mask, 0, len(mask)))
    cuts = [-1, *(i for i in sorted(top) if mask[i] == ";"), len(mask)]
    pieces = [(a + 1, b) for a, b in zip(cuts, cuts[1:]) if mask[a + 1:b].strip()]
    if not pieces:
        return None
    first, last = pieces[-1]  # a script's rows are its last statement's
    start = next((m.end() for m in _RETURN.finditer(mask, first, last) if m.start() in top), None)
    if start is None:
        return None
    end = next((m.start() for m in _ITEMS_END.finditer(mask, start, last) if m.start() in top), last)
    distinct = _DISTINCT.match(mask, start)
    start = distinct.end() if distinct else start
    commas = [i for i in _depth_zero(mask, start, end) if mask[i] == ","]
    items = []
    for a, b in zip([start, *(c + 1 for c in commas)], [*commas, end]):
        alias = _ALIAS.search(mask[a:b])
        if alias:
            items.append(alias[1].strip("`"))
        else:
            items.append(" ".join(code[a:b].split()))
    if not all(items) or "*" in items:
        return None
    return items


def result_columns(statement: str, rows: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """The result's columns named as the statement wrote them, and the rows keyed by those names.

    An empty result still has its columns (read from the RETURN items), so CSV keeps its header."""
    items = return_items(statement)
    columns = list(rows[0]) if rows else []
    if items is None:
        return columns, rows
    if not rows:
        return items, rows
    if len(items) != len(columns) or len(set(items)) != len(items) or items == columns:
        return columns, rows
    return items, [dict(zip(items, row.values())) for row in rows]


# Messages of the embedded store that have a simple answer.
_HINTS = (
    (re.compile(r"function TYPE does not exist", re.IGNORECASE),
     "type(r) is Neo4j's; use label(r) on the embedded store"),
    (re.compile(r"function LABELS does not exist", re.IGNORECASE),
     "labels(n) is Neo4j's; use label(n) on the embedded store"),
)


@contextmanager
def explained() -> Iterator[None]:
    """Re-raise a store's QueryError with a hint when the fix is known (``type(r)`` on LadybugDB)."""
    try:
        yield
    except QueryError as err:
        for pattern, hint in _HINTS:
            if pattern.search(str(err)):
                raise QueryError(f"{hint} ({err})") from err
        raise
