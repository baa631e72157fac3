"""Which Cypher statements a read-only session may run: one reading query, checked word by word.

A store opened read-only refuses writes to the graph, but LadybugDB's own statements
reach past the graph without writing to it: ``LOAD FROM '/etc/passwd' … RETURN *``
reads any file, ``COPY (…) TO 'x.csv'`` and ``EXPORT DATABASE`` write files,
``LOAD EXTENSION`` runs native code, ``INSTALL`` goes to the network and ``CHECKPOINT``
leaves recovery files behind. So ``policykg cypher`` without ``--write`` passes a
statement through :func:`check_reading` before the store sees it.

The check is an allow-list over the statement's words, after a tokenizer that knows
strings, backtick names, comments, parameters and both stores' whitespace
(``RETURN 'LOAD FROM' AS x`` holds no LOAD; ``/* */``, case, backticks and Unicode
spaces change nothing). Every bare word must be one of:

* a reading keyword: MATCH, OPTIONAL, WITH, UNWIND, RETURN, WHERE, ORDER BY, SKIP,
  LIMIT, UNION and the expression words (AND, CASE, EXISTS, IS NULL, …);
* ``CALL`` of a procedure in :data:`PROCEDURES` (``CALL show_tables() RETURN *``,
  ``CALL db.labels()``), or a Neo4j ``CALL { … }`` subquery, whose words are checked too;
* a name by its position: after ``.`` or ``:``, before ``:`` (properties, labels, map
  keys), a function before ``(`` where an expression may begin;
* a variable the statement introduces: ``(n``, ``[r``, ``AS x``, ``YIELD x``, ``x IN``, ``p =``.

Anything else is refused, with the word that stopped it: a keyword that writes or reaches
outside the graph (CREATE, LOAD, COPY, ATTACH, INSTALL, CHECKPOINT, …), a word that is
neither keyword nor introduced name (a keyword this module does not know yet is refused the
same way), a ``CALL`` of anything else, or a second statement. The one cost: a variable
named like a clause (``MATCH (load) …``) must be written in backticks.

Parameters stay bound values (``$name``); they are never spliced into the text.

>>> check_reading("MATCH (p:Plan) WHERE p.title CONTAINS 'LOAD FROM' RETURN p.title AS load_from")
>>> check_reading("LOAD FROM '/etc/passwd' (file_format='csv') RETURN *")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
policykg.errors.ReadOnlyError: refused without --write: LOAD reaches outside the graph ...
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.errors import ReadOnlyError

READING = frozenset("""
    MATCH OPTIONAL WITH UNWIND RETURN WHERE ORDER BY SKIP OFFSET LIMIT UNION ALL DISTINCT AS YIELD
    AND OR XOR NOT IN IS NULL TRUE FALSE CASE WHEN THEN ELSE END ASC ASCENDING DESC DESCENDING
    STARTS ENDS CONTAINS EXISTS COUNT COLLECT CAST ANY NONE SINGLE
    SHORTEST WSHORTEST TRAIL ACYCLIC WALK PATH PATHS GROUPS HINT JOIN MULTI_JOIN
""".split())

# Words that begin a statement or clause doing something other than reading the graph. Refused
# wherever they stand bare (not after '.' or ':', not before ':').
CHANGES_GRAPH = frozenset("CREATE MERGE SET DELETE DETACH REMOVE DROP ALTER FOREACH INSERT RENAME COMMENT ANALYZE "
                          "MACRO".split())
OUTSIDE_GRAPH = frozenset("""
    LOAD COPY EXPORT IMPORT ATTACH USE INSTALL UNINSTALL UPDATE FORCE EXTENSION CHECKPOINT BEGIN COMMIT ROLLBACK
    COMMIT_SKIP_CHECKPOINT ROLLBACK_SKIP_CHECKPOINT TRANSACTION TRANSACTIONS GLOB EXPLAIN PROFILE SHOW TERMINATE
    GRANT DENY REVOKE FINISH START STOP ENABLE DEALLOCATE REALLOCATE DRYRUN
""".split())

# Procedures that only describe the store. LadybugDB table functions (case-insensitive), then Neo4j's.
PROCEDURES = frozenset({
    "show_tables", "table_info", "show_connection", "show_indexes", "show_functions", "db_version",
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
})

# Both grammars' whitespace: Python's isspace() covers most; these few it does not.
_EXTRA_SPACE = frozenset("\u180e\u200b\u2060\ufeff")
_LINE_ENDS = "\r\n"
_DECLARING_NEXT = frozenset(")]:{,|*=-")
_YIELD_ENDS = frozenset("WHERE RETURN WITH ORDER SKIP LIMIT UNION MATCH OPTIONAL UNWIND CALL".split())


@dataclass(frozen=True)
class Token:
    kind: str  # word, name (backticked), string, number, param, punct
    text: str
    at: int

    def is_punct(self, chars: str) -> bool:
        return self.kind == "punct" and self.text in chars


_WHAT_RUNS = ("Read-only `policykg cypher` runs one reading statement (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, "
              "CALL show_tables() and other procedures that describe the store); --write runs any statement and is "
              "for trusted input only")


def _refuse(reason: str) -> ReadOnlyError:
    return ReadOnlyError(f"refused without --write: {reason}. " + _WHAT_RUNS)


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in _EXTRA_SPACE


def _is_word_char(ch: str) -> bool:
    return ("a" + ch).isidentifier()


def tokens(text: str) -> list[Token]:
    """Split a statement into tokens; comments and whitespace are dropped.

    Where the two stores' lexers could disagree, this one errs towards seeing code: a
    ``//`` comment ends at the first CR or LF, a block comment at the first ``*/``, an
    unterminated string, name or comment is refused.
    """
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if _is_space(ch):
            i += 1
        elif text.startswith("//", i):
            ends = [j for j in (text.find(c, i) for c in _LINE_ENDS) if j >= 0]
            i = min(ends) if ends else n
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise _refuse("the statement has an unterminated /* comment")
            i = end + 2
        elif ch in "'\"`":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" and ch != "`" else 1
            if j >= n:
                raise _refuse(f"the statement has an unterminated {ch}…{ch}")
            out.append(Token("name" if ch == "`" else "string", text[i + 1 : j], i))
            i = j + 1
        elif ch == "$":
            j = i + 1
            while j < n and _is_word_char(text[j]):
                j += 1
            out.append(Token("param", text[i:j], i))
            i = j
        elif ch.isdigit():
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"
                             or (text[j] == "." and j + 1 < n and text[j + 1].isdigit())):
                j += 1
            out.append(Token("number", text[i:j], i))
            i = j
        elif ch.isidentifier():
            j = i + 1
            while j < n and _is_word_char(text[j]):
                j += 1
            out.append(Token("word", text[i:j], i))
            i = j
        else:
            out.append(Token("punct", ch, i))
            i += 1
    return out


def _declared(toks: list[Token]) -> set[str]:
    """Names the statement introduces: pattern and comprehension variables, AS/YIELD aliases, ``p =``."""
    names: set[str] = set()
    in_yield = False
    for k, tok in enumerate(toks):
        if tok.kind != "word":
            continue
        up = tok.text.upper()
        prev = toks[k - 1] if k else None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if up == "YIELD":
            in_yield = True
            continue
        if in_yield and up in _YIELD_ENDS:
            in_yield = False
        after_word = prev is not None and prev.kind == "word" and prev.text.upper() in ("AS", "YIELD")
        opens = prev is not None and prev.is_punct("([,|")
        closes = nxt is not None and (nxt.is_punct(_DECLARING_NEXT)
                                      or (nxt.kind == "word" and nxt.text.upper() == "IN"))
        path_var = (nxt is not None and nxt.is_punct("=") and prev is not None
                    and (prev.is_punct(",") or (prev.kind == "word" and prev.text.upper() == "MATCH")))
        if (in_yield and up != "AS") or after_word or (opens and closes) or path_var:
            names.add(tok.text)
    return names


def _call(toks: list[Token], k: int) -> int:
    """Check ``CALL`` at ``k``; return the index of the first token after the procedure name."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt is None:
        raise _refuse("CALL names no procedure")
    if nxt.is_punct("{("):  # a Neo4j subquery: its words are checked like the rest
        return k + 1
    parts, j = [], k + 1
    while j < len(toks) and toks[j].kind in ("word", "name"):
        parts.append(toks[j].text)
        if j + 1 < len(toks) and toks[j + 1].is_punct("."):
            j += 2
        else:
            j += 1
            break
    name = ".".join(parts)
    if not parts or name.lower() not in PROCEDURES:
        raise _refuse(f"the procedure {name or toks[k + 1].text} is not one of those that only describe the store")
    if j >= len(toks) or not toks[j].is_punct("("):
        raise _refuse(f"the procedure {name} without (…) sets or runs something other than a read")
    return j


def _function_call(toks: list[Token], k: int) -> bool:
    """Whether the word at ``k`` names a function being called where an expression may begin.

    A word followed by ``(`` right after ``)``, a value or a plain name (where the next clause
    would start) is not taken for a function: it could be a statement keyword this module
    does not know.
    """
    j = k
    while j + 2 < len(toks) and toks[j + 1].is_punct(".") and toks[j + 2].kind in ("word", "name"):
        j += 2
    if not (j + 1 < len(toks) and toks[j + 1].is_punct("(")):
        return False
    prev = toks[k - 1] if k else None
    if prev is None:
        return False
    if prev.kind == "punct":
        return prev.text not in ")]}"
    return prev.kind == "word" and prev.text.upper() in READING


#: APOC function namespaces that only compute values (Neo4j); every other apoc.* function is refused
PURE_APOC = frozenset({"coll", "convert", "date", "map", "math", "number", "temporal", "text"})


def _apoc_namespace(toks: list[Token], k: int) -> str:
    """The word after ``apoc.`` (``text`` in ``apoc.text.join``), lower-cased; empty when there is none."""
    if k + 2 < len(toks) and toks[k + 1].is_punct(".") and toks[k + 2].kind == "word":
        return toks[k + 2].text.lower()
    return ""


def check_reading(statement: str) -> None:
    """Raise :class:`ReadOnlyError` unless ``statement`` is one statement that only reads the graph."""
    toks = tokens(statement)
    while toks and toks[-1].is_punct(";"):
        toks.pop()
    if any(t.is_punct(";") for t in toks):
        raise _refuse("the text holds more than one statement; run them one at a time")
    if not toks:
        raise _refuse("the statement is empty")
    declared = _declared(toks)
    k = 0
    while k < len(toks):
        tok = toks[k]
        if tok.kind != "word":
            k += 1
            continue
        prev = toks[k - 1] if k else None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        up = tok.text.upper()
        if (prev is not None and prev.is_punct(".:")) or (nxt is not None and nxt.is_punct(":")):
            k += 1  # a property, label, relationship type or map key
            continue
        if up == "CALL":
            k = _call(toks, k)
            continue
        if up in CHANGES_GRAPH:
            raise _refuse(f"{up} changes the graph")
        if up in OUTSIDE_GRAPH:
            raise _refuse(f"{up} reaches outside the graph (files, extensions, the network or the store's own state)")
        if up in READING or tok.text in declared:
            k += 1  # a reading keyword or a variable the statement introduces
            continue
        if _function_call(toks, k):
            if up == "APOC" and _apoc_namespace(toks, k) not in PURE_APOC:
                # apoc.cypher.runFirstColumn… runs other statements; other namespaces reach files and URLs
                raise _refuse("APOC functions can run other statements or reach outside the graph; only "
                              f"apoc.{{{','.join(sorted(PURE_APOC))}}}.* are read-only")
            k += 1  # a function (or its namespace: point.distance), where an expression may start
            continue
        raise _refuse(f"{tok.text!r} is neither a reading keyword nor a name the statement introduces "
                      "(write a variable named like a keyword in `backticks`)")
