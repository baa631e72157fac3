"""The planned statements on real stores: a group leaves the node-link JSON writing one by one leaves.

Every write goes through the one planner, so these check what the golden tests in
test_planner.py cannot: that the statements, as each store is sent them, do what
the planner assumed (runs, reloads and removals in one transaction). The Neo4j
half runs when NEO4J_URI is set; it never wipes the server (every id carries a
fresh tag, and its documents are removed at the end).
"""

from __future__ import annotations

import json
import os
import random
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from policykg.graph.store import open_store
from policykg.graph.writer import remove_source, remove_sources, write_document, write_in, write_many
from policykg.loaders.pipeline import parse_file
from policykg.queries.stats import counts
from tests.records_factory import make_doc
from tests.store_dump import node_link

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def citing_documents(tag: str = "") -> list:
    """Citations that meet inside one group: stubs adopted by title and by 文号, a 文号 resolved to a plan
    written earlier in the group, two files with one title, one file twice (a reload mid-group)."""
    no, no9 = f"东政发〔2023〕2{tag}号", f"东政发〔2023〕9{tag}号"
    j, j2 = f"东阳{tag}市", f"衢州{tag}市"
    t = lambda name: f"{j}{name}方案"  # noqa: E731
    return [
        make_doc(f"a{tag}.txt", t("甲"), jurisdiction=j, cites=((t("乙"), no), (t("丙"), None))),
        make_doc(f"c{tag}.txt", t("丁"), jurisdiction=j, cites=((None, no),)),
        make_doc(f"b{tag}.txt", t("乙"), jurisdiction=j, doc_number=no, cites=((t("甲"), None),)),
        make_doc(f"d{tag}.txt", t("戊"), jurisdiction=j, cites=(("乙方案的别名", no), (t("戊"), None))),
        make_doc(f"e{tag}.txt", t("甲"), jurisdiction=j, sha="2"),
        make_doc(f"f{tag}.txt", f"{j2}己方案", jurisdiction=j2, cites=((t("丙"), no9),)),
        make_doc(f"g{tag}.txt", t("丙"), jurisdiction=j, tasks=3, extra_dept=False),
        make_doc(f"a{tag}.txt", t("甲"), jurisdiction=j, sha="3", tasks=1),
        make_doc(f"h{tag}.txt", t("庚"), jurisdiction=j, doc_number=no9, cites=((t("甲"), no),)),
    ]


def snapshot(store, tag: str = "") -> tuple[list[str], list[str]]:
    """Nodes and links as sorted JSON lines (only those carrying ``tag``, with the tag taken out)."""
    data = node_link(store)
    keep = lambda item: tag in json.dumps(item, ensure_ascii=False)  # noqa: E731
    dump = lambda items: sorted(json.dumps(i, ensure_ascii=False, sort_keys=True).replace(tag, "") if tag else  # noqa: E731
                                json.dumps(i, ensure_ascii=False, sort_keys=True) for i in items if keep(i))
    return dump(data["nodes"]), dump(data["links"])


def one_by_one(store, before: list, docs: list) -> list:
    for doc in before:
        write_document(store, doc)
    results = []
    for doc in docs:
        with store.transaction() as tx:
            results.append(write_in(tx, doc))
    return results


def together(store, before: list, docs: list) -> list:
    for doc in before:
        write_document(store, doc)
    with store.transaction() as tx:
        return write_many(tx, docs)


def _same(tmp_path: Path, before: list, docs: list) -> tuple:
    with open_store(db=tmp_path / "one.lbdb") as store:
        expected_results = one_by_one(store, before, docs)
        expected = snapshot(store)
    with open_store(db=tmp_path / "many.lbdb") as store:
        results = together(store, before, docs)
        got = snapshot(store)
    assert got == expected
    assert results == expected_results
    return got, results


@pytest.mark.parametrize("seed", range(4))
def test_a_group_with_citations_between_its_documents_matches_one_by_one(tmp_path, seed):
    docs = citing_documents()
    random.Random(seed).shuffle(docs)
    _same(tmp_path, [], docs)


def test_a_group_meets_stubs_and_plans_already_stored(tmp_path):
    before = [
        make_doc("x.txt", "东阳市旧方案", doc_number="东政发〔2020〕1号", cites=(("东阳市乙方案", "东政发〔2023〕2号"),)),
        make_doc("y.txt", "东阳市另一方案", cites=(("东阳市丙方案", None), (None, "东政发〔2020〕1号"))),
        make_doc("a.txt", "东阳市甲方案", sha="0"),
    ]
    docs = citing_documents() + [make_doc("z.txt", "东阳市新方案", cites=(("旧方案", "东政发〔2020〕1号"),))]
    _, results = _same(tmp_path, before, docs)
    assert {r.status for r in results} == {"loaded"}


def test_examples_in_one_group_match_one_by_one(tmp_path):
    docs = [parse_file(p) for p in sorted(EXAMPLES.glob("*.*")) if p.suffix in {".txt", ".html", ".md", ".docx"}]
    assert len(docs) >= 6
    _same(tmp_path, [], docs)


def test_a_group_reloading_half_of_what_is_stored_matches_one_by_one(tmp_path):
    docs = [parse_file(p) for p in sorted(EXAMPLES.glob("*.*")) if p.suffix in {".txt", ".html", ".md", ".docx"}]
    changed = [replace(d, sha256=d.sha256 + "x") for d in docs[::2]]
    _same(tmp_path, docs, changed)


def test_removing_a_file_leaves_no_shared_edge_citing_it(store):
    def with_parent(doc):
        fgw, *rest = doc.departments
        return replace(doc, departments=(replace(fgw, parent_id=rest[0].id), *rest))

    write_document(store, with_parent(make_doc("a.txt", "东阳市甲方案")))
    write_document(store, with_parent(make_doc("b.txt", "东阳市乙方案")))
    cites = "MATCH ()-[e:PART_OF]->() RETURN e.source AS s"
    assert store.run(cites) == [{"s": "a.txt"}]
    remove_sources(store, ["a.txt"])
    assert store.run(cites) == []
    write_document(store, with_parent(make_doc("b.txt", "东阳市乙方案", sha="2")))  # b's reload states it again
    assert store.run(cites) == [{"s": "b.txt"}]


def test_a_writer_bug_in_a_group_fails_the_group_by_name_and_is_not_retried(tmp_path, store, monkeypatch):
    import policykg.graph.ingest as ingest
    from tests.awkward import plan

    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(plan(title=f"东阳市第{n}号方案"), encoding="utf-8")
    alone = []

    def buggy_many(tx, docs, force=False):
        raise KeyError("plan:missing")

    monkeypatch.setattr(ingest, "write_many", buggy_many)
    monkeypatch.setattr(ingest, "write_in", lambda tx, doc, force=False: alone.append(doc.source))
    summary = ingest.load_paths(store, [tmp_path], workers=1)
    assert alone == [] and summary.loaded == []
    assert [path for path, _ in summary.failed] == [str(tmp_path / f"{n}.txt") for n in range(3)]
    message = summary.failed[0][1]
    assert "unexpected KeyError while writing a group of 3 files" in message and str(tmp_path / "2.txt") in message
    assert counts(store)["nodes"]["Plan"] == 0


@pytest.mark.neo4j
@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set")
def test_neo4j_a_group_matches_one_by_one():
    one, many = uuid.uuid4().hex[:8], uuid.uuid4().hex[:8]
    with open_store(neo4j_uri=os.environ["NEO4J_URI"]) as store:
        try:
            expected_results = one_by_one(store, [], citing_documents(one))
            expected = snapshot(store, one)
            results = together(store, [], citing_documents(many))
            assert snapshot(store, many) == expected
            assert [replace(r, source=r.source.replace(many, ""), plan_id=r.plan_id.replace(many, ""))
                    for r in results] == [replace(r, source=r.source.replace(one, ""),
                                                  plan_id=r.plan_id.replace(one, "")) for r in expected_results]
        finally:
            for tag in (one, many):
                for source in dict.fromkeys(d.source for d in citing_documents(tag)):
                    try:
                        remove_source(store, source)
                    except Exception:  # noqa: BLE001 - best effort cleanup of a failed run
                        pass
