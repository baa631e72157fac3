"""Find the entity a user means: by id, canonical name, any alias, or with its jurisdiction.

``"市发改局"``, ``"发改局"``, ``"发展和改革局"`` and ``"东阳市发改局"`` all find 东阳市's
bureau when it is the only one; when several jurisdictions have one, the caller
gets every candidate and can ask the user to choose (``"东阳市 发改局"`` or the id).
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.errors import QueryError
from policykg.graph.schema import check_label
from policykg.graph.store import Store

_PREFIXES = ("市", "区", "县")


@dataclass(frozen=True)
class Entity:
    label: str
    id: str
    name: str
    jurisdiction: str | None


def _forms(text: str) -> list[str]:
    text = text.strip()
    forms = [text]
    for p in _PREFIXES:
        if text.startswith(p) and len(text) > len(p) + 1:
            forms.append(text[len(p):])
    return forms


def candidates(store: Store, label: str, text: str) -> list[Entity]:
    """Every ``label`` node whose id, name or alias matches ``text`` (jurisdiction may be prefixed)."""
    check_label(label)
    by_id = _by_id(store, label, text.strip())
    if by_id is not None:  # an exact id: one key lookup instead of scanning names and aliases
        return [by_id]
    if label == "Plan":
        return _plan_candidates(store, text)
    has_aliases = label == "Department"
    has_jur = label in ("Department", "Leader")
    alias_test = " OR $form IN n.aliases" if has_aliases else ""
    jur = "n.jurisdiction" if has_jur else "NULL"
    query = (f"MATCH (n:{label}) WHERE n.id = $text OR n.name = $form{alias_test} "
             f"RETURN n.id AS id, n.name AS name, {jur} AS jurisdiction ORDER BY n.id")
    found: dict[str, Entity] = {}
    for form in _forms(text):
        for row in store.run(query, {"text": text, "form": form}):
            found[row["id"]] = Entity(label, row["id"], row["name"], row["jurisdiction"])
    if not found and has_jur:  # "东阳市发改局" or "东阳市 发改局": split off a jurisdiction
        for row in store.run(f"MATCH (n:{label}) RETURN DISTINCT n.jurisdiction AS j"):
            j = row["j"]
            if j and text.replace(" ", "").startswith(j) and len(text.replace(" ", "")) > len(j):
                rest = text.replace(" ", "")[len(j):]
                found.update({e.id: e for e in candidates(store, label, rest) if e.jurisdiction == j})
    return list(found.values())


_ID_PREFIXES = {"Department": "dept:", "Leader": "leader:", "Place": "place:", "Plan": "plan:"}


def _by_id(store: Store, label: str, text: str) -> Entity | None:
    if not text.startswith(_ID_PREFIXES.get(label, "\0")):
        return None
    jur = "n.jurisdiction" if label in ("Department", "Leader", "Plan") else "NULL"
    rows = store.run(f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id, n.name AS name, {jur} AS jurisdiction",
                     {"id": text})
    return Entity(label, rows[0]["id"], rows[0]["name"], rows[0]["jurisdiction"]) if rows else None


def _plan_candidates(store: Store, text: str) -> list[Entity]:
    """Plans by id, title (quotes and spaces ignored), 文号 or loaded file (its stored name, or the file
    name alone for a file stored under a sub-folder: ``通知.html`` finds ``2021/通知.html``)."""
    from policykg.loaders.records import title_key

    rows = store.run("MATCH (n:Plan) WHERE n.id = $text OR n.title_key = $key OR n.doc_number = $text "
                     "OR n.source = $text OR n.source ENDS WITH $in_folder "
                     "RETURN n.id AS id, n.name AS name, n.jurisdiction AS jurisdiction "
                     "ORDER BY n.id", {"text": text.strip(), "key": title_key(text), "in_folder": "/" + text.strip()})
    return [Entity("Plan", r["id"], r["name"], r["jurisdiction"]) for r in rows]


def resolve(store: Store, label: str, text: str) -> Entity:
    """Exactly one entity for ``text``, or a QueryError listing what matched."""
    found = candidates(store, label, text)
    if len(found) == 1:
        return found[0]
    if not found:
        hint = {"Department": "departments-ranked", "Leader": "leader-workload", "Plan": "plans",
                "Place": "places"}[label]
        raise QueryError(f"no {label} matches {text!r}; see the names `policykg query {hint}` lists")
    listed = "; ".join(f"{e.id} ({e.jurisdiction or '?'})" for e in found[:10])
    raise QueryError(f"{text!r} matches {len(found)} {label} nodes: {listed}; give the jurisdiction or the id")


_JURISDICTION_LABELS = ("Department", "Leader", "Plan")


def jurisdictions(store: Store) -> list[str]:
    """Every jurisdiction a department, leader or plan names, sorted."""
    found: set[str] = set()
    for label in _JURISDICTION_LABELS:
        rows = store.run(f"MATCH (n:{label}) WHERE n.jurisdiction IS NOT NULL RETURN DISTINCT n.jurisdiction AS j")
        found.update(r["j"] for r in rows if r["j"])
    return sorted(found)


def resolve_jurisdiction(store: Store, text: str) -> str:
    """The stored jurisdiction ``text`` means: itself, or the one it begins (``龙泉`` → ``龙泉市``).

    A QueryError lists the candidates when several begin with ``text``, or the known ones when none does.
    """
    text = text.strip()
    known = jurisdictions(store)
    if text in known:
        return text
    found = [j for j in known if j.startswith(text)]
    if len(found) == 1:
        return found[0]
    if found:
        raise QueryError(f"jurisdiction {text!r} matches {len(found)}: {', '.join(found[:10])}; give one of them")
    listed = ", ".join(known[:15]) + (", …" if len(known) > 15 else "")
    raise QueryError(f"no jurisdiction matches {text!r}; the graph has: {listed or 'none'}")
