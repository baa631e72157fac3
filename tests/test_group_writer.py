"""write_many (a group of documents, a few statements) leaves exactly the store write_in one by one leaves."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.store_dump import node_link
from policykg.graph.group_writer import write_many
from policykg.graph.open import open_store
from policykg.graph.writer import write_in
from policykg.loaders.pipeline import parse_file
from tests.records_factory import make_doc

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NUMBER = "东政发〔2023〕2号"


def snapshot(store) -> tuple[list[str], list[str]]:
    data = node_link(store)
    dump = lambda items: sorted(json.dumps(i, ensure_ascii=False, sort_keys=True) for i in items)  # noqa: E731
    return dump(data["nodes"]), dump(data["links"])


def one_by_one(db: Path, before: list, docs: list) -> tuple:
    with open_store(db=db) as store:
        for doc in before:
            with store.transaction() as tx:
                write_in(tx, doc)
        results = []
        for doc in docs:
            with store.transaction() as tx:
                results.append(write_in(tx, doc))
        return snapshot(store), results


def together(db: Path, before: list, docs: list) -> tuple:
    with open_store(db=db) as store:
        for doc in before:
            with store.transaction() as tx:
                write_in(tx, doc)
        with store.transaction() as tx:
            results = write_many(tx, docs)
        return snapshot(store), results


def citing_documents() -> list:
    """Documents whose citations meet inside one group: stubs adopted by title and by 文号, a 文号
    resolved to a plan loaded earlier in the group, two files with one title, one file name twice."""
    return [
        make_doc("a.txt", "东阳市甲方案", cites=(("东阳市乙方案", NUMBER), ("东阳市丙方案", None))),
        make_doc("c.txt", "东阳市丁方案", cites=((None, NUMBER),)),
        make_doc("b.txt", "东阳市乙方案", doc_number=NUMBER, cites=(("东阳市甲方案", None),)),
        make_doc("d.txt", "东阳市戊方案", cites=(("乙方案的别名", NUMBER), ("东阳市戊方案", None))),
        make_doc("e.txt", "东阳市甲方案", sha="2"),
        make_doc("f.txt", "衢州市己方案", jurisdiction="衢州市", cites=(("东阳市丙方案", "东政发〔2023〕9号"),)),
        make_doc("g.txt", "东阳市丙方案", tasks=3, extra_dept=False),
        make_doc("a.txt", "东阳市甲方案", sha="3", tasks=1),
        make_doc("h.txt", "东阳市庚方案", doc_number="东政发〔2023〕9号", cites=(("东阳市甲方案", NUMBER),)),
    ]


@pytest.mark.parametrize("seed", range(6))
def test_a_group_with_citations_between_its_documents_matches_one_by_one(tmp_path, seed):
    docs = citing_documents()
    random.Random(seed).shuffle(docs)
    expected, expected_results = one_by_one(tmp_path / "one.lbdb", [], docs)
    got, results = together(tmp_path / "many.lbdb", [], docs)
    assert got == expected
    assert results == expected_results


def test_a_group_meets_stubs_and_plans_already_stored(tmp_path):
    # Stored first: a cited stub (by 文号 and by title), a loaded plan with a 文号, a file about to be reloaded.
    before = [
        make_doc("x.txt", "东阳市旧方案", doc_number="东政发〔2020〕1号", cites=(("东阳市乙方案", NUMBER),)),
        make_doc("y.txt", "东阳市另一方案", cites=(("东阳市丙方案", None), (None, "东政发〔2020〕1号"))),
        make_doc("a.txt", "东阳市甲方案", sha="0"),
    ]
    docs = citing_documents() + [make_doc("z.txt", "东阳市新方案", cites=(("旧方案", "东政发〔2020〕1号"),))]
    expected, expected_results = one_by_one(tmp_path / "one.lbdb", before, docs)
    got, results = together(tmp_path / "many.lbdb", before, docs)
    assert got == expected
    assert results == expected_results
    assert {r.status for r in results} == {"loaded"}


def test_unchanged_documents_in_a_group_are_reported_unchanged(tmp_path):
    docs = [make_doc("a.txt", "东阳市甲方案"), make_doc("b.txt", "东阳市乙方案")]
    expected, expected_results = one_by_one(tmp_path / "one.lbdb", docs, docs)
    got, results = together(tmp_path / "many.lbdb", docs, docs)
    assert got == expected and results == expected_results
    assert [r.status for r in results] == ["unchanged", "unchanged"]


def test_examples_in_one_group_match_one_by_one(tmp_path):
    docs = [parse_file(p) for p in sorted(EXAMPLES.glob("*.*")) if p.suffix in {".txt", ".html", ".md", ".docx"}]
    assert len(docs) >= 6
    expected, expected_results = one_by_one(tmp_path / "one.lbdb", [], docs)
    got, results = together(tmp_path / "many.lbdb", [], docs)
    assert got == expected and results == expected_results


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_seeds_in_one_group_match_one_by_one(tmp_path, seeds):
    docs = [parse_file(p) for p in seeds]
    expected, expected_results = one_by_one(tmp_path / "one.lbdb", [], docs)
    got, results = together(tmp_path / "many.lbdb", [], docs)
    assert got == expected and results == expected_results


def test_files_sharing_a_title_are_written_in_the_run_with_ids_of_their_own(tmp_path, monkeypatch):
    import policykg.graph.group_writer as group_writer

    before = [make_doc("old.txt", "东阳市同名方案")]
    docs = [make_doc("a.txt", "东阳市同名方案", sha="2"), make_doc("b.txt", "东阳市同名方案", sha="3", tasks=3),
            make_doc("c.txt", "东阳市另一方案", cites=(("东阳市同名方案", None),))]
    expected, expected_results = one_by_one(tmp_path / "one.lbdb", before, docs)
    alone = []
    monkeypatch.setattr(group_writer, "write_in", lambda tx, doc, force=False: alone.append(doc.source))
    got, results = together(tmp_path / "many.lbdb", before, docs)
    assert alone == []  # no document left the run
    assert got == expected and results == expected_results
    assert [r.plan_id for r in results] == ["plan:东阳市同名方案~a.txt", "plan:东阳市同名方案~b.txt", "plan:东阳市另一方案"]


def test_a_citation_with_an_empty_title_names_its_stub_as_write_in_does(tmp_path):
    # Citation titles are never "" from the parser, but the records allow it: the stub's name is
    # coalesce(title, 文号), so "" stays "" (a Python `or` would give the 文号).
    docs = [make_doc("a.txt", "东阳市甲方案", cites=(("", NUMBER),))]
    expected, expected_results = one_by_one(tmp_path / "one.lbdb", [], docs)
    got, results = together(tmp_path / "many.lbdb", [], docs)
    assert got == expected and results == expected_results


def test_a_plan_without_a_title_key_adopts_only_stubs_of_its_own_number(tmp_path):
    # A title of brackets only ("《》") has an empty title key, as has every stub cited by 文号 alone:
    # matching on that empty key would fold unrelated cited documents into this plan.
    other = "东政发〔2023〕7号"
    before = [make_doc("x.txt", "东阳市旧方案", cites=((None, other),))]
    docs = [make_doc("y.txt", "东阳市另一方案", cites=((None, "东政发〔2023〕8号"),)),
            make_doc("a.txt", "《》", doc_number=NUMBER)]
    expected, expected_results = one_by_one(tmp_path / "one.lbdb", before, docs)
    got, results = together(tmp_path / "many.lbdb", before, docs)
    assert got == expected and results == expected_results
    ids = {n.split('"id": ')[1].split('"')[1] for n in got[0] if '"label": "Plan"' in n}
    assert {f"plan:no:{other}", "plan:no:东政发〔2023〕8号", f"plan:no:{NUMBER}"} <= ids


@pytest.mark.parametrize("stored", [True, False])
def test_two_stubs_one_plan_adopts_leave_the_same_citation_as_one_by_one(tmp_path, stored):
    # 旧方案 cites one document twice (by title and 文号, and by 文号 alone): two stubs, both adopted
    # by 甲方案, so its two citations become one edge. Which citation's quote that edge keeps must
    # not depend on the order the store happens to return the stubs in.
    citing = make_doc("x.txt", "东阳市旧方案", cites=(("东阳市乙方案", NUMBER), (None, NUMBER)))
    adopter = make_doc("p.txt", "东阳市甲方案", doc_number=NUMBER)
    before, docs = ([citing], [adopter]) if stored else ([], [citing, adopter])
    expected, expected_results = one_by_one(tmp_path / "one.lbdb", before, docs)
    got, results = together(tmp_path / "many.lbdb", before, docs)
    assert got == expected and results == expected_results
