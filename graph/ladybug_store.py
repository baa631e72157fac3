"""The embedded default store: a LadybugDB database in one file, in-process, and how it is sent rows.

LadybugDB speaks Cypher with a typed schema, so :meth:`ensure_schema` creates the
tables rendered by :func:`graph.schema.ladybug_ddl`. Opening read-only uses the
database's own read-only mode: the store itself refuses writes.

Rows of a :class:`~graph.write_statements.RowStatement` travel packed into one string
(:func:`packed_call`, at the end of this module). LadybugDB's Python binding converts
parameters value by value, at a few microseconds each: a batch of task rows (a dozen
properties each) spent more time being bound than being written. One string binds in the
same few microseconds however long it is, so rows travel packed — fields and rows joined
by ASCII separator characters — and the statement unpacks them with ``string_split`` into
the same ``r`` map, typed by the schema. The statement is assembled from its parts (lookups,
body, columns); nothing here parses Cypher. A batch holding a value the packing cannot carry
(a separator character inside the text, an empty string inside a list, a type the schema
does not expect) is sent as maps, in the statement's plain form.
"""

from __future__ import annotations

import math
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from policykg.errors import QueryError, ReadOnlyError, StoreError
from policykg.graph.schema import ladybug_ddl
from policykg.graph.store import Node, Relationship, Runner, Store, batched, is_out_of_space
from policykg.graph.store import Path as GraphPath  # `Path` here is pathlib's
from policykg.graph.write_statements import RowStatement

_READ_ONLY_HINTS = ("read-only", "read only", "readonly")
CHECKPOINT_BYTES = 256 * 1024 * 1024


# Column types whose values arrive as plain Python values (lists of them included): no per-value
# walk needed. Nodes, relationships, paths, structs and maps go through _plain.
_PLAIN_TYPE = re.compile(r"^(STRING|BOOL|INT(8|16|32|64|128)|UINT(8|16|32|64)|SERIAL|DOUBLE|FLOAT|DATE|"
                         r"TIMESTAMP\w*|INTERVAL|UUID|BLOB|DECIMAL\(\d+, ?\d+\))(\[\d*\])*$")


def _plain(value: Any) -> Any:
    """Turn LadybugDB nodes, relationships and paths into :mod:`graph.store`'s values (property dicts that
    know their label or type)."""
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            return _path(value["_NODES"], value["_RELS"])
        if "_ID" in value or "_LABEL" in value:
            props = {k: _plain(v) for k, v in value.items() if not k.startswith("_")}
            if "_SRC" in value:
                return Relationship(props, value.get("_LABEL"))
            return Node(props, value.get("_LABEL"))
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _path(nodes: list[dict], rels: list[dict]) -> GraphPath:
    """A path (all its nodes) or a variable-length relationship list (only the nodes between)."""
    slots: list[dict | None] = list(nodes)
    if len(nodes) == len(rels) - 1:
        slots = [None, *nodes, None]
    slots += [None] * (len(rels) + 1 - len(slots))
    forward = []
    for i, rel in enumerate(rels):
        before, after = slots[i], slots[i + 1]
        forward.append(rel.get("_SRC") == before.get("_ID") if before is not None
                       else rel.get("_DST") == after.get("_ID") if after is not None else True)
    return GraphPath(tuple(None if n is None else _plain(n) for n in slots[: len(rels) + 1]),
                     tuple(_plain(r) for r in rels), tuple(forward))


class LadybugStore(Store):
    dialect = "ladybug"

    def __init__(self, path: Path, read_only: bool = False) -> None:
        import ladybug

        self.location = str(path)
        self.read_only = read_only
        if read_only and not path.exists():
            raise StoreError(f"{path}: no graph database here yet; run `policykg load FILES --db {path}` first")
        self._io_failed = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _open_database(path, read_only)
            self._conn = ladybug.Connection(self._db)
        except (RuntimeError, OSError) as err:
            if read_only and _RECOVERY_PENDING in str(err):
                self._db = _recover_then_open(path)
                self._conn = ladybug.Connection(self._db)
            else:
                raise StoreError(f"{path}: cannot open the graph database ({_first_line(err)}); "
                                 "is another policykg process using it?") from err
        self._in_tx = False

    # -- running statements -------------------------------------------------
    def _execute(self, cypher: str, params: dict[str, Any] | None) -> list[dict[str, Any]]:
        try:
            result = self._conn.execute(cypher, params or {})
        except RuntimeError as err:
            raise self._error(err) from err
        if isinstance(result, list):  # several statements: keep the last result
            result = result[-1]
        columns = result.get_column_names()
        walk = [not _PLAIN_TYPE.match(t) for t in result.get_column_data_types()]
        # The wrapper's iterator re-checks that the connection is open on every row, which
        # doubled the cost of a 10,000-row answer; read rows from the native result directly.
        native = getattr(result, "_query_result", None)
        if native is not None and hasattr(native, "getNext"):
            raw = []
            while native.hasNext():
                raw.append(native.getNext())
        else:
            raw = result.get_all()
        if any(walk):
            rows = [dict(zip(columns, [_plain(v) if w else v for v, w in zip(row, walk)])) for row in raw]
        else:
            rows = [dict(zip(columns, row)) for row in raw]
        result.close()
        return rows

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._execute(cypher, params)

    def run_rows(self, statement: RowStatement, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows packed into one string per batch (:func:`packed_call`); a batch packing cannot carry goes as maps."""
        out: list[dict[str, Any]] = []
        for chunk in batched(rows):
            call = packed_call(statement, chunk)
            if call is None:
                out += super().run_rows(statement, chunk)  # the plain UNWIND $rows form
            elif isinstance(call[1]["rows"], list):
                self._run_prepared(*call)  # row statements with key lookups return nothing
            else:
                out += self._execute(*call)
        return out

    def _run_prepared(self, text: str, params: dict[str, Any]) -> None:
        """Run a statement whose rows are ``[key, …, packed row]`` lists through a statement prepared once.

        Executed by text, the binding re-derives the parameters' type signature value by value
        on every call to find its cached plan (an eighth of a load's writing time); the type is
        the same every time, so the statement is prepared once per text and store.
        """
        import warnings

        cache = self.__dict__.setdefault("_prepared_rows", {})
        try:
            prepared = cache.get(text)
            if prepared is None:
                with warnings.catch_warnings():  # prepare() is marked deprecated in favour of execute()
                    warnings.simplefilter("ignore", DeprecationWarning)
                    prepared = cache[text] = self._conn.prepare(text, params)
            self._conn.execute(prepared, params).close()
        except RuntimeError as err:
            raise self._error(err) from err

    def _error(self, err: RuntimeError) -> Exception:
        """The project's error for what LadybugDB raised: a full disk, a write on a read-only store, a bad statement."""
        message = _first_line(err)
        if not self.read_only and is_out_of_space(err):
            # LadybugDB cannot close a database whose log write failed (its close aborts the
            # process): remember it, so close() leaves it for the next open's replay.
            self._io_failed = True
            return StoreError(f"{self.location}: writing failed ({message}); stopped here, every document "
                              f"committed before is kept: free space on {Path(self.location).parent} and run "
                              "the same command again")
        if any(h in message.lower() for h in _READ_ONLY_HINTS):
            return ReadOnlyError(f"{self.location} is open read-only; this statement writes (pass --write to allow it)")
        return QueryError(f"LadybugDB rejected the statement: {message}")

    @contextmanager
    def transaction(self) -> Iterator[Runner]:
        if self.read_only:
            raise ReadOnlyError(f"{self.location} is open read-only; cannot start a write transaction")
        self._execute("BEGIN TRANSACTION", None)
        self._in_tx = True
        try:
            yield self
        except BaseException:
            try:
                self._execute("ROLLBACK", None)
            except QueryError:
                pass  # LadybugDB already rolled back the statement that failed
            raise
        else:
            self._execute("COMMIT", None)
        finally:
            self._in_tx = False

    def ensure_schema(self) -> None:
        if self.read_only:
            return
        for statement in ladybug_ddl():
            self._execute(statement, None)

    def close(self) -> None:
        """Checkpoint (a writable store) and close; a checkpoint that fails is an error, not a silent exit.

        After a failed checkpoint the log and its recovery files stay on disk with every
        committed transaction, and the next writable open finishes the job.
        """
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        self._conn = self._db = None
        if conn is None:
            return
        if self._io_failed:
            _abandon(conn, db)
            return
        failure = None
        if not self.read_only:
            try:
                conn.execute("CHECKPOINT")
            except RuntimeError as err:
                failure = err
        conn.close()
        db.close()
        if failure is not None:
            path = self.location
            raise StoreError(f"{path}: the closing checkpoint failed ({_first_line(failure)}); committed documents "
                             f"are kept in {Path(path).name}.wal: free space on {Path(path).parent} and run "
                             f"`{FINISH_CHECKPOINT} {path}` to finish it") from failure

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            self.close()
        except StoreError:
            if exc is None:
                raise  # else the error already on its way (often the same full disk) is the one to report


_RECOVERY_PENDING = "checkpoint recovery is pending"
FINISH_CHECKPOINT = "policykg cypher --write 'RETURN 1' --db"  # opens the store writable: replay, then checkpoint
_ABANDONED: list[Any] = []


def _open_database(path: Path, read_only: bool) -> Any:
    import ladybug

    # A process killed while writing leaves its unfinished transaction at the end of the
    # write-ahead log; replay keeps every committed one and drops that tail instead of
    # refusing to open (the default, which turned a killed load into an unopenable store).
    # Checkpoint every 256 MB of log rather than the default 16 MB: a checkpoint costs more
    # as the file grows, and frequent ones made a 1,500-document store 2.4x larger (191 vs 79 MB)
    # and commits of a long load slower and slower (benchmarks/bench_load.py).
    return ladybug.Database(str(path), read_only=read_only, throw_on_wal_replay_failure=False,
                            checkpoint_threshold=CHECKPOINT_BYTES)


def _recover_then_open(path: Path) -> Any:
    """Finish a checkpoint a killed or failed process left pending, then open read-only.

    A read-only open cannot replay it, so the store is opened writable once (replay and
    checkpoint, keeping every committed transaction) and closed. If that fails (a full disk,
    another process writing), say which command finishes it.
    """
    import ladybug

    try:
        db = _open_database(path, read_only=False)
        try:
            conn = ladybug.Connection(db)
            conn.execute("CHECKPOINT")  # explicit, so a failure says why (close() would swallow it)
            conn.close()
        finally:
            db.close()
        return _open_database(path, read_only=True)
    except (RuntimeError, OSError) as err:
        raise StoreError(f"{path}: an interrupted checkpoint must be finished before the store can be read, and "
                         f"finishing it failed ({_first_line(err)}); free space on its disk or wait for the process "
                         f"using it, then run `{FINISH_CHECKPOINT} {path}`") from err


def _abandon(conn: Any, db: Any) -> None:
    """Keep a database whose log write failed from ever being closed or destroyed in this process.

    LadybugDB's close (and destructor) of such a database throws in native code and aborts the
    process; not closing it loses nothing, since every committed transaction is in the log and
    the next open replays it. The extra references outlive interpreter shutdown.
    """
    import ctypes

    for obj in (conn, db):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
    _ABANDONED.append((conn, db))


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


# -- rows packed into one string ----------------------------------------------------

PACKABLE = ("STRING", "INT64", "DOUBLE", "STRING[]")
# string_split drops empty fields, so null, an empty string and an empty list each have a marker.
ROW, FIELD, ITEM, NULL, EMPTY, BLANK = "\x1e", "\x1f", "\x1c", "\x1d", "\x1b", "\x1a"
_CONTROL = re.compile("[\x1a-\x1f]")
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
