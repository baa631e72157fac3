"""Named queries: documented Cypher files in ``queries/library/``, run with typed parameters.

Each question an analyst asks often is one ``NAME.cypher`` file that starts with a header::

    // name: department-partners
    // description: A department's partners: departments sharing tasks with it, weighted …
    // param department: department -- the department, any alias
    // param plan: plan = "" -- only tasks of this plan; empty for every plan
    // example: policykg query department-partners --param department=龙泉市发改局
    MATCH …

A parameter without ``= default`` is required. Parameter types:

* ``str``, ``int``, ``float`` — plain values (empty string / 0 mean "no filter" by convention);
* ``department``, ``leader``, ``place``, ``plan`` — any alias, resolved to the node id with
  :mod:`queries.entities` (ambiguous text is an error listing the candidates);
* ``document`` — a *loaded* plan given like ``plan``, bound to its file name: a plan's tasks
  and goals carry that file as ``source``, so ``t.source = $plan`` selects them without walking
  sub-task paths (much faster on LadybugDB);
* ``agent`` — a department or a leader;
* ``jurisdiction`` — a jurisdiction as stored (龙泉市), or the start of one (龙泉); an error lists the
  candidates, or the known jurisdictions when none matches;
* ``terms`` — a keyword, segmented into words with the project's jieba tokenizer.

The body is Cypher both stores run. Where they truly differ, ``NAME.ladybug.cypher`` and
``NAME.neo4j.cypher`` each carry the same header and their own body.

    >>> result = run(store, "department-partners", {"department": "发改局"})   # doctest: +SKIP
    >>> result.resolved[0].describe()                                          # doctest: +SKIP
    'department=发改局 → 发展和改革局 (龙泉市) [dept:龙泉市:发展和改革局]'

List-valued cells (``collect(…)``) are sorted, so results are the same on every run and store.

Before a statement runs, two rewrites that never change its answer specialise it for the values
given (LadybugDB's planner does neither): an optional filter ``($plan = '' OR t.source = $plan)``
becomes ``(true)`` or ``(t.source = $plan)`` (:func:`fold_optional_filters`), and a two-label
pattern ``(b:Department:Leader {id: $target})`` keeps only the label the target resolved to
(:func:`narrow_labels`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

from policykg.errors import InputError, QueryError
from policykg.graph.schema import check_label
from policykg.graph.store import Store
from policykg.queries.entities import Entity, candidates, resolve, resolve_jurisdiction
from policykg.queries.statement import return_items

LIBRARY = Path(__file__).parent / "library"
DIALECTS = ("ladybug", "neo4j")
ENTITY_TYPES = {"department": "Department", "leader": "Leader", "place": "Place", "plan": "Plan"}
PARAM_TYPES = ("str", "int", "float", "terms", "agent", "document", "jurisdiction", *ENTITY_TYPES)
_REQUIRED = object()
_HEADER = re.compile(r"^//\s*(name|description|example):\s*(.*)$|^//\s*(param)\s+(.*)$")
_PARAM = re.compile(r"^(?P<name>\w+)\s*:\s*(?P<type>\w+)\s*(?:=\s*(?P<default>.*?))?\s*(?:--\s*(?P<help>.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any = _REQUIRED
    help: str = ""

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def describe(self) -> str:
        default = "required" if self.required else f"default {self.default!r}"
        return f"{self.name} ({self.type}, {default})"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    example: str
    bodies: dict[str, str]  # "any" or a dialect -> Cypher

    def cypher(self, dialect: str) -> str:
        """The statement for ``dialect`` ("ladybug" or "neo4j")."""
        body = self.bodies.get(dialect) or self.bodies.get("any")
        if body is None:
            raise QueryError(f"query {self.name!r} has no statement for the {dialect} store")
        return body

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "description": self.description, "example": self.example,
            "params": [{"name": p.name, "type": p.type, "required": p.required,
                        "default": None if p.required else p.default, "help": p.help} for p in self.params],
        }


@dataclass(frozen=True)
class Resolution:
    """Which entity an alias given for a parameter turned out to be."""

    param: str
    text: str
    entity: Entity

    def describe(self) -> str:
        e = self.entity
        where = f" ({e.jurisdiction})" if e.jurisdiction else ""
        key = f" [{e.id}]" if e.id != e.name else ""
        return f"{self.param}={self.text} → {e.name}{where}{key}"


@dataclass
class QueryResult:
    query: str
    columns: list[str]
    rows: list[dict[str, Any]]
    resolved: list[Resolution] = field(default_factory=list)


# -- loading the library -------------------------------------------------------

def parse_query_file(path: Path) -> tuple[dict[str, Any], str]:
    """Split a ``.cypher`` file into its header (name, description, params, example) and body."""
    header: dict[str, Any] = {"params": []}
    body: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = _HEADER.match(line) if not body else None
        if m is None:
            if body or not line.startswith("//"):
                body.append(line)
            continue
        key, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        value = value.strip()
        if key != "param":
            header[key] = value
            continue
        pm = _PARAM.match(value)
        if pm is None or pm["type"] not in PARAM_TYPES:
            raise QueryError(f"{path.name}:{number}: bad parameter line {value!r} "
                             f"(want `name: type [= default] -- help`, type one of {', '.join(PARAM_TYPES)})")
        default = _REQUIRED if pm["default"] is None else _literal(pm["default"], pm["type"], path, number)
        header["params"].append(Param(pm["name"], pm["type"], default, (pm["help"] or "").strip()))
    for key in ("name", "description", "example"):
        if key not in header:
            raise QueryError(f"{path.name}: the header has no `// {key}:` line")
    return header, "\n".join(body).strip()


def _literal(text: str, type_: str, path: Path, number: int) -> Any:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    try:
        return int(text) if type_ == "int" else float(text) if type_ == "float" else text
    except ValueError:
        raise QueryError(f"{path.name}:{number}: default {text!r} is not a {type_}") from None


def load_library(folder: Path = LIBRARY) -> dict[str, NamedQuery]:
    """Every named query in ``folder``, by name (sorted)."""
    found: dict[str, tuple[dict[str, Any], dict[str, str]]] = {}
    for path in sorted(folder.glob("*.cypher")):
        stem, _, dialect = path.name[: -len(".cypher")].partition(".")
        dialect = dialect or "any"
        if dialect not in (*DIALECTS, "any"):
            raise QueryError(f"{path.name}: unknown dialect {dialect!r} (use NAME.cypher, NAME.ladybug.cypher "
                             "or NAME.neo4j.cypher)")
        header, body = parse_query_file(path)
        if header["name"] != stem:
            raise QueryError(f"{path.name}: header names it {header['name']!r}; rename the file or the header")
        if stem in found and found[stem][0] != header:
            raise QueryError(f"{path.name}: header differs from the other variant of {stem!r}")
        found.setdefault(stem, (header, {}))[1][dialect] = body
    return {
        name: NamedQuery(name, h["description"], tuple(h["params"]), h["example"], bodies)
        for name, (h, bodies) in sorted(found.items())
    }


@lru_cache(maxsize=1)
def catalog() -> dict[str, NamedQuery]:
    """The bundled named queries (loaded once)."""
    return load_library()


def get(name: str) -> NamedQuery:
    """The named query ``name``, or a QueryError that suggests close names."""
    queries = catalog()
    if name in queries:
        return queries[name]
    import difflib

    close = difflib.get_close_matches(name, list(queries), n=3)
    hint = f"did you mean {', '.join(close)}?" if close else "see `policykg query --list`"
    raise QueryError(f"no named query {name!r}; {hint}")


def statements(dialect: str) -> list[tuple[str, str]]:
    """``(name, cypher)`` for every named query in ``dialect`` (for linting and benchmarks)."""
    return [(q.name, q.cypher(dialect)) for q in catalog().values()]


# -- binding parameters --------------------------------------------------------

def bind(store: Store, query: NamedQuery, given: Mapping[str, Any]) -> tuple[dict[str, Any], list[Resolution]]:
    """Typed Cypher parameters from user values (strings from the CLI, or Python values).

    Entity parameters are resolved to node ids; unknown or missing parameters are errors.
    """
    known = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(known))
    if unknown:
        listing = ", ".join(p.describe() for p in query.params) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(unknown)}; its parameters: {listing}")
    params: dict[str, Any] = {}
    resolved: list[Resolution] = []
    for p in query.params:
        value = given.get(p.name, p.default)
        if value is _REQUIRED:
            raise QueryError(f"query {query.name!r} needs --param {p.name}=… ({p.type}: {p.help})")
        params[p.name], entity = _convert(store, query.name, p, value)
        if entity is not None:
            resolved.append(Resolution(p.name, str(value), entity))
    return params, resolved


def _convert(store: Store, qname: str, p: Param, value: Any) -> tuple[Any, Entity | None]:
    if p.type == "int" or p.type == "float":
        try:
            return (int(value) if p.type == "int" else float(value)), None
        except (TypeError, ValueError):
            raise QueryError(f"{qname}: parameter {p.name} must be a number, got {value!r}") from None
    if p.type == "terms":
        words = keyword_terms(value)
        if not words:
            raise QueryError(f"{qname}: parameter {p.name} has no words to look for in {value!r}")
        return words, None
    text = "" if value is None else str(value).strip()
    if p.type == "str" or (not text and not p.required):
        return text, None
    if p.type == "jurisdiction":
        found_j = resolve_jurisdiction(store, text)
        return found_j, (Entity("jurisdiction", found_j, found_j, None) if found_j != text else None)
    if p.type == "agent":
        found = candidates(store, "Department", text) + candidates(store, "Leader", text)
        if not found:
            raise QueryError(f"no department or leader matches {text!r}; try a name from "
                             "`policykg query departments-ranked` or `policykg query leader-workload`")
        if len(found) > 1:
            listed = "; ".join(f"{e.label} {e.id} ({e.jurisdiction or '?'})" for e in found[:10])
            raise QueryError(f"{text!r} matches {len(found)} departments and leaders: {listed}; "
                             "give the jurisdiction or the id")
        entity = found[0]
    elif p.type == "document":
        entity = resolve(store, "Plan", text)
        return document_source(store, entity), entity
    else:
        entity = resolve(store, ENTITY_TYPES[p.type], text)
    return entity.id, entity


def document_source(store: Store, plan: Entity) -> str:
    """The file a loaded plan came from (its tasks and goals carry it as ``source``)."""
    rows = store.run("MATCH (p:Plan {id: $id}) RETURN p.source AS source", {"id": plan.id})
    if not rows or not rows[0]["source"]:
        raise QueryError(f"{plan.name!r} is only cited by loaded plans, not loaded itself: its tasks are not in "
                         "the graph (load its file to ask about them)")
    return rows[0]["source"]


def keyword_terms(text: Any) -> list[str]:
    """Words of a search keyword, segmented with the project's tokenizer (punctuation and 的/和 dropped).

    >>> keyword_terms("优化营商环境")                                  # doctest: +SKIP
    ['优化', '营商', '环境']
    """
    if isinstance(text, (list, tuple)):
        return list(dict.fromkeys(str(t) for t in text if str(t).strip()))
    from policykg.loaders.dictionaries import tokenizer

    words = []
    for word in tokenizer().cut(str(text or "")):
        word = word.strip()
        if word and word not in _FILLER and any(ch.isalnum() for ch in word):
            words.append(word)
    return list(dict.fromkeys(words))


_FILLER = frozenset("的 和 与 及 或 等 在 对 把 了".split())


# -- running -------------------------------------------------------------------

def run(store: Store, name: str, params: Mapping[str, Any] | None = None, limit: int | None = None) -> QueryResult:
    """Run the named query on ``store``; ``params`` are user values (aliases are resolved).

    >>> run(store, "departments-ranked", {"jurisdiction": "龙泉市"}, limit=3).rows   # doctest: +SKIP
    """
    query = get(name)
    bound, resolved = bind(store, query, params or {})
    if query.name == "shortest-connection" and bound["department"] == bound["target"]:
        raise QueryError("shortest-connection: the department and the target are the same entity")
    cypher = narrow_labels(fold_optional_filters(query.cypher(store.dialect), bound), resolved)
    if limit is not None:
        if limit < 0:
            raise InputError(f"--limit must be 0 or more, got {limit}")
        cypher += "\nLIMIT $row_limit"
        bound["row_limit"] = limit
    rows = store.run(cypher, bound)
    for row in rows:
        for key, value in row.items():
            if isinstance(value, list):
                row[key] = _sorted_list(value)
    rows = _ENRICH.get(query.name, lambda r: r)(rows)
    columns = list(rows[0]) if rows else (return_items(cypher) or [])  # an empty result keeps its header
    return QueryResult(query.name, columns, rows, resolved)


_OPTIONAL_FILTER = re.compile(r"\(\s*\$(\w+)\s*=\s*('[^'\\]*'|0)\s+OR\s+")


def fold_optional_filters(cypher: str, params: Mapping[str, Any]) -> str:
    """Fold the optional filters ``($p = '' OR cond)`` / ``($p = 0 OR cond)`` for the values given
    (any plain string literal may stand for ``''``: ``($match = 'any' OR cond)``).

    Named queries write "no filter when the parameter is empty" as ``($plan = '' OR t.source = $plan)``.
    LadybugDB does not fold the constant test, so it still reads ``t.source`` for every row: on
    10,000 documents the whole-graph ranking spent 60 of its 65 ms there. Folding gives the same
    answer with ``(true)`` (parameter empty) or ``(cond)`` (parameter given).

    >>> fold_optional_filters("WHERE ($plan = '' OR t.source = $plan)", {"plan": ""})
    'WHERE (true)'
    >>> fold_optional_filters("WHERE ($year = 0 OR g.year = $year)", {"year": 2025})
    'WHERE (g.year = $year)'
    """
    out, pos = [], 0
    for m in _OPTIONAL_FILTER.finditer(cypher):
        if m.start() < pos:
            continue  # inside a condition already copied
        value, empty = params.get(m[1]), m[2][1:-1] if m[2].startswith("'") else 0
        end = _closing_paren(cypher, m.end())
        if end is None or type(value) is not type(empty):
            continue
        out.append(cypher[pos:m.start()])
        out.append("(true)" if value == empty else f"({cypher[m.end():end].strip()})")
        pos = end + 1
    return "".join(out) + cypher[pos:]


def narrow_labels(cypher: str, resolved: list[Resolution]) -> str:
    """Narrow ``(b:Department:Leader {id: $p})`` to the label the entity given for ``$p`` resolved to.

    An ``agent`` parameter is a department or a leader; once resolved, its label is known (and
    comes from the schema, never from the user's text). LadybugDB looks a single-label node up by
    its key but scans both tables for a two-label pattern (shortest-connection: 2x slower).

    >>> e = Entity("Leader", "leader:龙泉市:叶建华", "叶建华", "龙泉市")
    >>> narrow_labels("(b:Department:Leader {id: $target})", [Resolution("target", "叶建华", e)])
    '(b:Leader {id: $target})'
    """
    for r in resolved:
        if r.entity.label not in ENTITY_TYPES.values():
            continue  # a jurisdiction is a value, not a node
        label = check_label(r.entity.label)
        pattern = re.compile(r"(\(\w*)((?::\w+){2,})(\s*\{\s*id:\s*\$" + re.escape(r.param) + r"\s*\})")
        cypher = pattern.sub(lambda m: m[1] + (f":{label}" if label in m[2].split(":") else m[2]) + m[3], cypher)
    return cypher


def _closing_paren(text: str, start: int) -> int | None:
    """Index of the ``)`` closing a group opened just before ``start`` (quoted text skipped)."""
    depth, i, quote = 1, start, None
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _sorted_list(values: list[Any]) -> list[Any]:
    """A list cell in a stable order: by text (as ``sorted(values, key=str)``, without a call per item for strings)."""
    if all(type(v) is str for v in values):
        return sorted(values)
    return sorted(values, key=str)


def _with_levels(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from policykg.queries.levels import document_level

    out = []
    for row in rows:
        level = document_level(row.get("plan"), row.get("doc_number"), row.get("jurisdiction"))
        out.append({**{k: v for k, v in row.items() if k != "id"}, "level": level, "id": row.get("id")})
    return out


# Named queries whose rows gain a column computed in Python (from a data file, not Cypher).
_ENRICH: dict[str, Callable[[list[dict[str, Any]]], list[dict[str, Any]]]] = {"citation-chain": _with_levels}
