"""How LadybugDB is sent a :class:`~graph.write_statements.RowStatement`: rows packed into one string.

LadybugDB's Python binding converts parameters value by value, at a few
microseconds each: a batch of task rows (a dozen properties each) spent more
time being bound than being written. One string binds in the same few
microseconds however long it is, so rows travel packed — fields and rows joined
by ASCII separator characters — and the statement unpacks them with
``string_split`` into the same ``r`` map, typed by the schema.

The statement is assembled from its parts (lookups, body, columns); nothing here
parses Cypher. A batch holding a value the packing cannot carry (a separator
character inside the text, an empty string inside a list, a type the schema does
not expect) is sent as maps, in the statement's plain form.
"""

from __future__ import annotations

import math
import re
from typing import Any

from policykg.graph.write_statements import RowStatement

PACKABLE = ("STRING", "INT64", "DOUBLE", "STRING[]")
# string_split drops empty fields, so null, an empty string and an empty list each have a marker.
ROW, FIELD, ITEM, NULL, EMPTY, BLANK = "\x1e", "\x1f", "\x1c", "\x1d", "\x1b", "\x1a"
_CONTROL = re.compile("[\x1a-\x1f]")
_MISSING = object()
SEPARATORS = {"pk_row": ROW, "pk_field": FIELD, "pk_item": ITEM, "pk_null": NULL, "pk_empty": EMPTY,
              "pk_blank": BLANK}


def typed_field(i: int, typ: str) -> str:
    """Field ``i`` (1-based) of the split row ``f``, typed by the schema."""
    raw = f"f[{i}]"
    if typ == "STRING":
        return f"CASE WHEN {raw} = $pk_null THEN NULL WHEN {raw} = $pk_blank THEN '' ELSE {raw} END"
    if typ in ("INT64", "DOUBLE"):
        return f"CAST(nullif({raw}, $pk_null) AS {typ})"
    if typ == "STRING[]":
        return (f"CASE WHEN {raw} = $pk_null THEN NULL WHEN {raw} = $pk_empty THEN CAST([] AS STRING[]) "
                f"ELSE string_split({raw}, $pk_item) END")
    raise AssertionError(typ)  # packable() admits only the types above


def _struct(columns: dict[str, str]) -> str:
    """The map ``r`` rebuilt from the split fields ``f``."""
    return "{" + ", ".join(f"`{name}`: {typed_field(i, typ)}" for i, (name, typ) in enumerate(columns.items(), 1)) + "}"


def packable(statement: RowStatement) -> bool:
    return statement.packable and all(typ in PACKABLE for _, typ in statement.columns)


_UNWIND = "UNWIND string_split($rows, $pk_row) AS line WITH string_split(line, $pk_field) AS f "


def packed_statement(statement: RowStatement) -> tuple[str, list[str]]:
    """The statement taking packed rows, and the key columns each row leads with (sent as list items).

    Without lookups, one string of rows. With lookups of keys alone, one string of keys.
    Otherwise rows travel as ``[key, …, packed row]``: LadybugDB looks a key up in the index
    only when it comes straight from the unwound list, so the keys are list items and the
    rest is unpacked after the lookups. Measured on 10,677 edge rows into a store of 1,800
    documents: a key taken from ``string_split`` of the row, or as ``$keys[i]``, turns each
    lookup into a scan (about 1 ms and 2 ms a row, against 20 µs a row for the whole
    statement as sent); binding the ``[key, key, row]`` lists is about half of those 20 µs.
    """
    columns = statement.column_types
    body = statement.body(frozenset(), "ladybug")
    if not statement.lookups:
        return f"{_UNWIND}WITH {_struct(columns)} AS r {body}", []
    keys = [key for _, _, key in statement.lookups]
    if len(statement.lookups) == 1 and list(columns) == keys:
        node_var, node_label, _ = statement.lookups[0]
        return f"UNWIND string_split($rows, $pk_row) AS k MATCH ({node_var}:{node_label} {{id: k}}) {body}", []
    matched_vars = ", ".join(var for var, _, _ in statement.lookups)
    lookups = "".join(f"MATCH ({node_var}:{node_label} {{id: q[{key_index}]}}) "
                      for key_index, (node_var, node_label, _) in enumerate(statement.lookups, start=1))
    return (f"UNWIND $rows AS q {lookups}WITH {matched_vars}, string_split(q[{len(keys) + 1}], $pk_field) AS f "
            f"WITH {matched_vars}, {_struct(columns)} AS r {body}"), keys


class _Unpackable(Exception):
    pass


def _strings(values: list[Any]) -> list[str]:
    if any(type(v) is not str for v in values if v is not None) or _CONTROL.search("".join(filter(None, values))):
        raise _Unpackable
    return [NULL if v is None else v or BLANK for v in values]


def _ints(values: list[Any]) -> list[str]:
    if any(type(v) is not int for v in values if v is not None):
        raise _Unpackable
    return [NULL if v is None else str(v) for v in values]


def _doubles(values: list[Any]) -> list[str]:
    if not all(v is None or type(v) is float and math.isfinite(v) or type(v) is int and abs(v) < 2**53
               for v in values):
        raise _Unpackable
    return [NULL if v is None else repr(float(v)) for v in values]


def _lists(values: list[Any]) -> list[str]:
    if not all(v is None or type(v) in (list, tuple) and all(type(x) is str and x for x in v) for v in values):
        raise _Unpackable
    if _CONTROL.search("".join(x for v in values if v for x in v)):
        raise _Unpackable
    return [NULL if v is None else ITEM.join(v) if v else EMPTY for v in values]


_CONVERT = {"STRING": _strings, "INT64": _ints, "DOUBLE": _doubles, "STRING[]": _lists}


def pack(rows: list[dict[str, Any]], columns: dict[str, str]) -> str | None:
    """``rows`` as one string in ``columns`` order, or None if any value cannot be packed.

    Column by column: each column's values are checked and turned to text in one pass.
    """
    names = list(columns)
    if any(len(row) != len(names) for row in rows):
        return None
    try:
        fields = [_CONVERT[columns[name]]([row[name] for row in rows]) for name in names]
    except (_Unpackable, KeyError):  # missing, or not the schema's type
        return None
    return ROW.join(map(FIELD.join, zip(*fields))) if rows else ""


def packed_call(statement: RowStatement, rows: list[dict[str, Any]]) -> tuple[str, dict[str, Any]] | None:
    """The statement text and parameters that send ``rows`` packed, or None."""
    if not rows or not packable(statement):
        return None
    packed = pack(rows, statement.column_types)
    if packed is None:
        return None
    text, keys = packed_statement(statement)
    param: Any = packed
    if keys:
        param = [[row[k] for k in keys] + [line] for row, line in zip(rows, packed.split(ROW))]
    return text, {"rows": param, **SEPARATORS}
