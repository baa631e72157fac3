"""Send ``UNWIND $rows AS r …`` batches to LadybugDB as one string instead of a list of maps.

LadybugDB's Python binding converts parameters value by value, at a few
microseconds each: a batch of task rows (a dozen properties each) spent more
time being bound than being written, and binding was most of the loader's
writing time (``benchmarks/bench_load.py``). One string binds in the same few
microseconds however long it is, so rows travel packed — fields and rows joined
by ASCII separator characters — and the statement unpacks them with
``string_split`` into the same ``r`` map, typed by the schema. The rest of the
statement is unchanged, and Neo4j (whose driver sends maps natively) gets the
plain statement.

A batch holding a value the packing cannot carry (a separator character inside
the text, an empty string inside a list, a type the schema does not expect) is
sent as maps, exactly as before.
"""

from __future__ import annotations

import math
import re
from typing import Any

from policykg.graph.store import Runner

PACKABLE = ("STRING", "INT64", "DOUBLE", "STRING[]")
# string_split drops empty fields, so null, an empty string and an empty list each have a marker.
ROW, FIELD, ITEM, NULL, EMPTY, BLANK = "\x1e", "\x1f", "\x1c", "\x1d", "\x1b", "\x1a"
_CONTROL = re.compile("[\x1a-\x1f]")
HEAD = "UNWIND $rows AS r "
_MISSING = object()
_SEPARATORS = {"pk_row": ROW, "pk_field": FIELD, "pk_item": ITEM, "pk_null": NULL, "pk_empty": EMPTY,
               "pk_blank": BLANK}


def _struct(columns: dict[str, str]) -> str:
    """The map ``r`` rebuilt from the split fields ``f``, each value typed by the schema."""
    fields = []
    for i, (name, typ) in enumerate(columns.items(), start=1):
        raw = f"f[{i}]"
        if typ == "STRING":
            value = f"CASE WHEN {raw} = $pk_null THEN NULL WHEN {raw} = $pk_blank THEN '' ELSE {raw} END"
        elif typ in ("INT64", "DOUBLE"):
            value = f"CAST(nullif({raw}, $pk_null) AS {typ})"
        elif typ == "STRING[]":
            value = (f"CASE WHEN {raw} = $pk_null THEN NULL WHEN {raw} = $pk_empty THEN CAST([] AS STRING[]) "
                     f"ELSE string_split({raw}, $pk_item) END")
        else:  # packed_statement only packs the types above
            raise AssertionError(typ)
        fields.append(f"`{name}`: {value}")
    return "{" + ", ".join(fields) + "}"


# "UNWIND $rows AS r MATCH (a:Department {id: r.a}) MATCH (b:Task {id: r.b}) <rest>"
_MATCHES = re.compile(r"^UNWIND \$rows AS r ((?:MATCH \((\w+):\w+ \{id: r\.(\w+)\}\) )+)((?:CREATE|SET|RETURN) .*)$", re.S)
_ONE_MATCH = re.compile(r"MATCH \((\w+):(\w+) \{id: r\.(\w+)\}\) ")


def packed_statement(cypher: str, columns: dict[str, str]) -> tuple[str, list[str]] | None:
    """``cypher`` rewritten to take packed rows, and the keys each row leads with; None if its shape is not known.

    Three shapes are rewritten (MERGE is not: LadybugDB cannot MERGE on the rebuilt map).
    ``UNWIND $rows AS r CREATE …`` takes one string of rows, and so does a lookup of
    keys alone (``UNWIND $rows AS r MATCH (n:L {id: r.id}) RETURN n.…``).
    ``UNWIND $rows AS r MATCH (x:L {id: r.k}) … CREATE|SET|RETURN …`` takes rows as
    ``[k, …, packed row]``: LadybugDB looks a key up in the index only when it
    comes straight from the unwound list, so the keys travel as list items and
    the rest is unpacked after the lookups.
    """
    if any(typ not in PACKABLE for typ in columns.values()):
        return None
    if cypher.startswith(HEAD + "CREATE "):
        return (f"UNWIND string_split($rows, $pk_row) AS line WITH string_split(line, $pk_field) AS f "
                f"WITH {_struct(columns)} AS r {cypher.removeprefix(HEAD)}"), []
    m = _MATCHES.match(cypher)
    if not m:
        return None
    matches = _ONE_MATCH.findall(m.group(1))  # (variable, label, key) of each lookup, from our own statement
    keys = [key for _, _, key in matches]
    rest = m.group(4)
    if len(matches) == 1 and list(columns) == keys and "r." not in rest:  # only looking keys up: unwind them
        node_var, node_label, _ = matches[0]
        return (f"UNWIND string_split($rows, $pk_row) AS k MATCH ({node_var}:{node_label} {{id: k}}) {rest}"), []
    matched_vars = ", ".join(node_var for node_var, _, _ in matches)
    lookups = "".join(f"MATCH ({node_var}:{node_label} {{id: q[{key_index}]}}) "
                      for key_index, (node_var, node_label, _) in enumerate(matches, start=1))
    return (f"UNWIND $rows AS q {lookups}WITH {matched_vars}, string_split(q[{len(keys) + 1}], $pk_field) AS f "
            f"WITH {matched_vars}, {_struct(columns)} AS r {rest}"), keys


def pack(rows: list[dict[str, Any]], columns: dict[str, str]) -> str | None:
    """``rows`` as one string in ``columns`` order, or None if any value cannot be packed."""
    names = list(columns)
    types = [columns[n] for n in names]
    texts: list[str] = []  # every text value, checked for separator characters in one pass at the end
    out = []
    for row in rows:
        if len(row) != len(names):
            return None
        fields = []
        for name, typ in zip(names, types):
            value = row.get(name, _MISSING)
            kind = type(value)
            if value is None:
                fields.append(NULL)
            elif typ == "STRING" and kind is str:
                fields.append(value or BLANK)
                texts.append(value)
            elif typ == "INT64" and kind is int:
                fields.append(str(value))
            elif typ == "DOUBLE" and (kind is float and math.isfinite(value) or kind is int and abs(value) < 2**53):
                fields.append(repr(float(value)))
            elif typ == "STRING[]" and kind in (list, tuple) and all(type(v) is str and v for v in value):
                fields.append(ITEM.join(value) if value else EMPTY)
                texts += value
            else:  # missing, or not the schema's type
                return None
        out.append(FIELD.join(fields))
    if _CONTROL.search("".join(texts)):
        return None
    return ROW.join(out)


def run_rows(tx: Runner, cypher: str, rows: list[dict[str, Any]], columns: dict[str, str]) -> list[dict[str, Any]]:
    """Run ``cypher`` (which starts ``UNWIND $rows AS r``) for ``rows`` whose keys are ``columns``."""
    from policykg.graph.ladybug_store import LadybugStore

    if rows and isinstance(tx, LadybugStore):
        rewritten = packed_statement(cypher, columns)
        packed = pack(rows, columns) if rewritten else None
        if packed is not None:
            statement, keys = rewritten
            param: Any = packed
            if keys:
                param = [[row[k] for k in keys] + [line] for row, line in zip(rows, packed.split(ROW))]
            return tx.run(statement, {"rows": param, **_SEPARATORS})
    return tx.run(cypher, {"rows": rows})
