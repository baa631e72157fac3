"""A document citing an earlier edition of itself (same title, other 文号) keeps that REFERENCES edge."""

from __future__ import annotations

from policykg.graph.writer import write_document
from tests.records_factory import make_doc


def test_earlier_edition_with_other_doc_number_is_a_reference(store):
    doc = make_doc("a.txt", "关于加强测试工作的实施意见", doc_number="测规〔2025〕20号",
                   cites=(("关于加强测试工作的实施意见", "测规〔2020〕3号"),))
    write_document(store, doc)
    rows = store.run("MATCH (a:Plan)-[:REFERENCES]->(b:Plan) RETURN a.source AS a, b.doc_number AS no")
    assert rows == [{"a": "a.txt", "no": "测规〔2020〕3号"}]


def test_same_title_and_same_doc_number_is_the_document_itself(store):
    doc = make_doc("a.txt", "关于加强测试工作的实施意见", doc_number="测规〔2025〕20号",
                   cites=(("关于加强测试工作的实施意见", "测规〔2025〕20号"),))
    write_document(store, doc)
    assert store.run("MATCH (:Plan)-[e:REFERENCES]->(:Plan) RETURN count(e) AS n")[0]["n"] == 0
