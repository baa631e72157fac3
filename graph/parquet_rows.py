"""Bulk-load new rows into LadybugDB: a Parquet file per table, ``COPY … FROM`` it, inside the transaction.

A statement per batch creates a few thousand edges at ~15-30 µs each (two key
lookups and a record each); ``COPY`` of the same rows from Parquet writes them
in one pass. The planner marks the statements whose rows may go this way
(``RowStatement.copy_into``: nodes whose ids are free, edges whose two ends
exist), so a ``COPY`` never meets a duplicate key or a missing end, which would
abort the transaction. Columns are typed from the schema; any text (line breaks,
separator characters) travels as it is.

``COPY`` from a subquery over packed rows (no file) is not used: LadybugDB 0.22
crashes (SIGSEGV) on it once nodes or edges of the store were deleted, which the
Parquet source does not.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Callable

from policykg.graph.schema import RELATIONSHIPS
from policykg.graph.write_statements import RowStatement


def copy_parquet(execute: Callable[[str, dict[str, Any] | None], Any], statement: RowStatement,
                 rows: list[dict[str, Any]]) -> bool:
    """``COPY`` ``rows`` into the statement's table with ``execute``; False if pyarrow is missing."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return False
    types = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "STRING[]": pa.list_(pa.string())}
    table = pa.table({name: pa.array([row[name] for row in rows], types[typ]) for name, typ in statement.columns})
    target = statement.copy_into[0]
    options = ""
    if len(statement.copy_into) == 3 and len(RELATIONSHIPS[target].pairs) > 1:
        options = f", from='{statement.copy_into[1]}', to='{statement.copy_into[2]}'"
    with tempfile.TemporaryDirectory(prefix="policykg-copy-") as folder:
        path = Path(folder) / "rows.parquet"
        pq.write_table(table, path, compression="NONE")
        if "'" in str(path):  # a temp folder under a quoted name: send statements instead
            return False
        execute(f"COPY {target} FROM '{path.as_posix()}' (file_format='parquet'{options})", None)
    return True
