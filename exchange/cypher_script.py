"""A Cypher script that rebuilds a selection on either store, with no parameters.

Each line is one statement ending in ``;`` — a batch of rows as literal maps,
merged on ``id`` like the loader does::

    UNWIND [{`id`: 'plan:…', `name`: '…'}, …] AS r MERGE (n:Plan {id: r.`id`}) SET n.`name` = r.`name`, …;
    UNWIND [{`a`: 'plan:…', `b`: 'task:…', …}] AS r MATCH (a:Plan {id: r.`a`}) MATCH (b:Task {id: r.`b`})
        MERGE (a)-[e:HAS_TASK]->(b) SET e.`source` = r.`source`, …;

so replaying it twice changes nothing. Replay with
``policykg cypher --write --file graph.cypher`` on the embedded store or Neo4j: that
command runs a file through :func:`run_script`, which cuts it with
:func:`split_statements` (Neo4j takes one statement per call) and runs the pieces in
one transaction.

Why it looks the way it does:

* Labels and types come from the schema allow-list; values are literals built by
  :func:`literal`, which escapes quotes, backslashes, newlines and control
  characters, and also ``;`` and ``/`` (as ``\\u003B``/``\\u002F``), so a tool that
  splits a script on ``;`` or strips ``//`` comments cannot cut a statement in two.
* LadybugDB types a list of maps from its first element and cannot cast between
  struct types, so one statement holds rows of one *shape*: the same keys, with
  ``NULL`` and empty-list values written as constants in ``SET`` rather than in the maps.
* ``DOUBLE`` values always have a decimal point or exponent (never ``e+``, which
  LadybugDB rejects); every key and property is backticked (``end`` is a keyword).

Speed: LadybugDB binds literal maps slowly (about 0.2 ms per property value), so
replaying a whole 1,000-document graph (94k nodes and edges) into the embedded store
takes minutes where ``policykg import graph.json`` takes about 35 s
(``python -m benchmarks.bench_exchange``). The script is for subgraphs and for Neo4j.

>>> literal("它's\\n;")
"'它\\\\'s\\\\n\\\\u003B'"
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterator, TextIO

import networkx as nx

from policykg.errors import InputError
from policykg.exchange.properties import LIST, node_properties, node_property_types, store_key
from policykg.graph.schema import RELATIONSHIPS, check_label, check_type
from policykg.graph.store import Store

BATCH = 100

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", ";": "\\u003B", "/": "\\u002F"}
# Other control characters, DEL, the Unicode line separators and the BOM become \uXXXX escapes.
_CONTROLS = [c for c in (*range(0x20), 0x7F, 0x2028, 0x2029, 0xFEFF) if chr(c) not in _ESCAPES]
_TABLE = str.maketrans({**_ESCAPES, **{chr(c): f"\\u{c:04X}" for c in _CONTROLS}})
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate cannot be written as UTF-8
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "\x00-\x1f\x7f\u2028\u2029\ufeff\ud800-\udfff]")


def string_literal(text: str) -> str:
    if not _SPECIAL.search(text):  # most names and quotes: nothing to escape
        return "'" + text + "'"
    return "'" + _SURROGATE.sub(lambda _: "\\uFFFD", text.translate(_TABLE)) + "'"


def double_literal(value: float) -> str:
    value = float(value)
    if not math.isfinite(value):
        raise InputError(f"cannot write the number {value} in Cypher; only finite numbers have literals")
    text = repr(value)
    if "e" in text:  # 1.5e+20 -> 1.5e20 (LadybugDB rejects the '+')
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def literal(value: Any, typ: str = "STRING") -> str:
    """A Cypher literal for one property value of schema type ``typ``."""
    if value is None:
        return "NULL"
    if typ == LIST:
        return "[" + ", ".join(string_literal(str(x)) for x in value) + "]"
    if typ == "DOUBLE":
        return double_literal(value)
    if typ == "INT64":
        return str(int(value))
    return string_literal(str(value))


def _shape(row: dict[str, Any], props: list[str]) -> tuple[str, ...]:
    """Per property: 'v' a value, 'n' null, 'e' empty list."""
    return tuple("n" if row.get(p) is None else "e" if row.get(p) == [] else "v" for p in props)


def _statements(rows: list[dict[str, Any]], props: list[str], types: dict[str, str], keys: list[str],
                head: str, var: str, batch: int) -> Iterator[str]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(_shape(row, props), []).append(row)
    for shape, items in groups.items():
        kept = [p for p, kind in zip(props, shape) if kind == "v"]
        sets = [f"{var}.`{p}` = " + {"v": f"r.`{p}`", "n": "NULL", "e": "[]"}[kind] for p, kind in zip(props, shape)]
        for i in range(0, len(items), batch):
            maps = ", ".join(
                "{" + ", ".join(f"`{k}`: {literal(row[k], types[k])}" for k in [*keys, *kept]) + "}"
                for row in items[i : i + batch]
            )
            yield f"UNWIND [{maps}] AS r {head} SET {', '.join(sets)}"


def statements(g: nx.MultiDiGraph, batch: int = BATCH) -> list[str]:
    """The script's statements (no trailing ``;``): nodes per label, then edges per type and endpoints."""
    node_types = node_property_types()
    by_label: dict[str, list[dict[str, Any]]] = {}
    for node, data in g.nodes(data=True):
        by_label.setdefault(check_label(data["label"]), []).append({**data, "id": node})
    out: list[str] = []
    for label, rows in by_label.items():
        head = f"MERGE (n:{label} {{id: r.`id`}})"
        out += _statements(rows, node_properties(label), node_types, ["id"], head, "n", batch)
    by_edge: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for a, b, data in g.edges(data=True):
        key = (check_type(data["type"]), g.nodes[a]["label"], g.nodes[b]["label"])
        if key[1:] not in RELATIONSHIPS[key[0]].pairs:
            raise InputError(f"{key[0]} cannot join {key[1]} {a!r} to {key[2]} {b!r} in this schema")
        row = {store_key(k): v for k, v in data.items()}
        by_edge.setdefault(key, []).append({**row, "a": a, "b": b})
    for (rel, a_label, b_label), rows in by_edge.items():
        props = list(RELATIONSHIPS[rel].properties)
        types = {"a": "STRING", "b": "STRING", **RELATIONSHIPS[rel].properties}
        head = (f"MATCH (a:{a_label} {{id: r.`a`}}) MATCH (b:{b_label} {{id: r.`b`}}) "
                f"MERGE (a)-[e:{rel}]->(b)")
        out += _statements(rows, props, types, ["a", "b"], head, "e", batch)
    return out


def write_cypher(g: nx.MultiDiGraph, out: TextIO, batch: int = BATCH) -> None:
    """Write the script: a comment line, then one statement per line."""
    out.write(f"// policykg graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships. "
              "Replay: policykg cypher --write --file THIS_FILE\n")
    for statement in statements(g, batch):
        out.write(statement + ";\n")


def split_statements(text: str) -> list[str]:
    """Cut a Cypher script into statements at each ``;`` outside strings, identifiers and comments.

    Neo4j runs one statement per call, so a script (this module's, or anyone's)
    is sent statement by statement. Comment-only pieces are dropped.

    >>> split_statements("// head\\nRETURN 'a;b' AS `x;y`; /* ; */ RETURN 2;\\n")
    ["// head\\nRETURN 'a;b' AS `x;y`", '/* ; */ RETURN 2']
    """
    out: list[str] = []
    start, i, n = 0, 0, len(text)
    has_code = False
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            j = i + 1
            while j < n:
                if text[j] == "\\" and ch != "`":
                    j += 2
                    continue
                if text[j] == ch:
                    if ch == "`" and text[j + 1 : j + 2] == "`":  # `` inside an identifier
                        j += 2
                        continue
                    break
                j += 1
            i, has_code = j + 1, True
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch == ";":
            if has_code:
                out.append(text[start:i].strip())
            start, i, has_code = i + 1, i + 1, False
        else:
            has_code = has_code or not ch.isspace()
            i += 1
    if has_code:
        out.append(text[start:].strip())
    return out


def run_script(store: Store, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one statement, or a script of several, and return the last statement's rows.

    A script runs in one transaction on a writable store (all or nothing), else
    statement by statement (a read-only store refuses the first write).
    """
    parts = split_statements(text)
    if not parts:  # only comments or blank (an empty selection's script)
        return []
    if len(parts) == 1:
        return store.run(parts[0], params)
    rows: list[dict[str, Any]] = []
    if store.read_only:
        for part in parts:
            rows = store.run(part, params)
        return rows
    with store.transaction() as tx:
        for part in parts:
            rows = tx.run(part, params)
    return rows
