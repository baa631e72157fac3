"""Tests for loaders.scoring: the scoring rules of ../shared/gold/README.md."""

from policykg.loaders.scoring import combine, format_report, predicted_from_document, score, task_key
from policykg.loaders import parse_bytes


def gold_doc(**kw):
    base = {"doc": "a.txt", "title": "甲市改革方案", "issuers": ["甲市人民政府办公室"], "doc_number": None, "date": "2016-04-08",
            "jurisdiction": "甲市", "references": [], "goals": [], "leaders": [], "tasks_with_assignments": []}
    base.update(kw)
    return base


def pred_doc(**kw):
    base = {"doc": "a.txt", "title": "甲市改革方案", "issuers": ["甲市人民政府办公室"], "doc_number": None, "date": "2016-04-08",
            "jurisdiction": "甲市", "references": [], "goals": [], "leaders": [], "tasks": []}
    base.update(kw)
    return base


def test_task_key_drops_numbering_quotes_and_spaces():
    assert task_key('11.建立以"四换三名"为核心的机制') == task_key("建立以四换三名为核心") == "建立以四换三"
    assert task_key("(三) 推进 改革工作") == "推进改革工作"


def test_units_match_by_core_against_name_and_aliases():
    gold = gold_doc(tasks_with_assignments=[{
        "key": "1", "title": "建立制度", "lead_leaders": ["张三"],
        "lead_units": [{"surface": "市发改局", "core": "发改局"}, {"surface": "市场监管局", "core": "市场监管局"}],
        "coop_units": [{"surface": "国土局", "core": "国土局"}, {"surface": "水务局", "core": "水务局"}]}])
    pred = pred_doc(tasks=[{
        "key": "1", "title": "1.建立制度。", "lead_leaders": ["张三", "李四"],
        "lead_units": [{"name": "发展和改革局", "aliases": ["市发改局"]}, {"name": "市场监督管理局", "aliases": ["市场监管局"]}],
        "coop_units": [{"name": "国土资源局", "aliases": ["市国土局"]}, {"name": "环境保护局", "aliases": ["环保局"]}]}])
    s = score(gold, pred)
    assert (s["lead"]["tp"], s["lead"]["fp"], s["lead"]["fn"]) == (2, 0, 0)
    assert (s["coop"]["tp"], s["coop"]["fp"], s["coop"]["fn"]) == (1, 1, 1)
    assert (s["leaders"]["tp"], s["leaders"]["fp"]) == (1, 1)
    assert s["coop"]["f1"] == 0.5


def test_edges_on_unknown_tasks_are_false_positives():
    pred = pred_doc(tasks=[{"key": "9", "title": "别的任务", "lead_units": [{"name": "财政局", "aliases": []}], "coop_units": [],
                            "lead_leaders": [], "collective": []}])
    assert score(gold_doc(), pred)["lead"]["fp"] == 1


def test_references_goals_metadata():
    gold = gold_doc(references=[{"title": "乙省条例", "doc_number": "乙政发〔2015〕1号"}, {"title": "丙办法"}],
                    goals=[{"text": "x", "value": 8, "unit": "%", "year": 2018}])
    pred = pred_doc(references=[{"title": "《乙省条例》", "doc_number": None}, {"title": None, "doc_number": "丁发〔2000〕2号"}],
                    goals=[{"text": "y", "value": 8.0, "unit": "%", "year": 2018}, {"text": "z", "value": 3, "unit": "家", "year": None}],
                    date="2016-05-01", issuers=["甲市人民政府办公室"])
    s = score(gold, pred)
    assert (s["references"]["tp"], s["references"]["fp"], s["references"]["fn"]) == (1, 1, 1)
    assert (s["goals"]["tp"], s["goals"]["fp"], s["goals"]["fn"]) == (1, 1, 0)
    assert (s["metadata"]["tp"], s["metadata"]["fp"], s["metadata"]["fn"]) == (4, 1, 1)


def test_an_issuer_named_in_full_answers_to_its_printed_form_but_the_scorer_expands_nothing():
    gold = gold_doc(issuers=["乙部办公厅", "国家丙总局办公厅"])
    named = pred_doc(issuers=["乙部办公厅", "国家丙总局办公厅"], issuers_printed=["乙部办公厅", "丙总局办公厅"])
    assert score(gold, named)["metadata"]["fn"] == 0
    printed_gold = gold_doc(issuers=["乙部办公厅", "丙总局办公厅"])
    assert score(printed_gold, named)["metadata"]["fn"] == 0  # a gold that writes the printed form
    # the short form as printed is not the full name: expanding it is the extraction's job
    short_only = pred_doc(issuers=["乙部办公厅", "丙总局办公厅"], issuers_printed=["乙部办公厅", "丙总局办公厅"])
    assert score(gold, short_only)["metadata"]["fn"] == 1
    # one predicted issuer never answers for two gold ones
    one = pred_doc(issuers=["国家丙总局办公厅"], issuers_printed=["丙总局办公厅"])
    assert score(gold_doc(issuers=["国家丙总局办公厅", "丙总局办公厅"]), one)["metadata"]["fn"] == 1


def test_combine_and_report():
    s1 = score(gold_doc(), pred_doc())
    s2 = score(gold_doc(date="2020-01-01"), pred_doc())
    total = combine([s1, s2])
    assert total["metadata"]["tp"] == 9 and total["metadata"]["fn"] == 1
    report = format_report({"a.txt": s1, "b.txt": s2}, total)
    assert "OVERALL" in report and "metadata" in report.splitlines()[-1]


def test_predicted_from_document_shape():
    doc = parse_bytes("甲市改革方案\n一、任务\n1.建立制度。（牵头领导：张三，牵头单位：市发改局，配合单位：财政局、各镇街）".encode(), "a.txt", ".txt")
    p = predicted_from_document(doc)
    assert set(p) == {"doc", "title", "issuers", "issuers_printed", "doc_number", "date", "jurisdiction", "references",
                      "goals", "leaders", "tasks"}
    (task,) = p["tasks"]
    assert task["key"] == "1" and task["lead_leaders"] == ["张三"]
    assert task["lead_units"] == [{"name": "发展和改革局", "aliases": ["发改局", "市发改局"]}]
    assert task["coop_units"][0]["name"] == "财政局" and task["collective"] == ["各镇街"]
    assert p["leaders"] == ["张三"]


def _ambiguous_gold(**flags):
    task = {"key": "1", "title": "建立制度", "lead_units": [], "coop_units": [{"surface": "财政局"}, {"surface": "国土局"}]}
    return gold_doc(tasks_with_assignments=[dict(task, **flags)])


def _pred_lead_and_coop():
    return pred_doc(tasks=[{"key": "1", "title": "建立制度", "lead_leaders": [], "collective": [],
                            "lead_units": [{"name": "财政局", "aliases": []}],
                            "coop_units": [{"name": "国土局", "aliases": []}, {"name": "水务局", "aliases": []}]}])


def test_role_ambiguous_task_scores_its_units_as_one_pool():
    plain = score(_ambiguous_gold(), _pred_lead_and_coop())
    assert (plain["lead"]["fp"], plain["coop"]["tp"], plain["coop"]["fn"]) == (1, 1, 1)
    pooled = score(_ambiguous_gold(role_ambiguous=True), _pred_lead_and_coop())
    assert (pooled["lead"]["tp"], pooled["lead"]["fp"], pooled["lead"]["fn"]) == (0, 0, 0)
    assert (pooled["coop"]["tp"], pooled["coop"]["fp"], pooled["coop"]["fn"]) == (2, 1, 0)


def test_score_assignments_false_skips_lead_coop_and_leaders():
    gold = dict(_ambiguous_gold(), score_assignments=False)
    s = score(gold, _pred_lead_and_coop())
    assert all(s[c]["tp"] + s[c]["fp"] + s[c]["fn"] == 0 for c in ("lead", "coop", "leaders"))
    assert s["metadata"]["tp"] == 5


def test_partial_assignments_still_counts_edges_on_unlisted_tasks():
    gold = dict(_ambiguous_gold(), partial_assignments=True)
    pred = _pred_lead_and_coop()
    pred["tasks"].append({"key": "2", "title": "另一任务", "lead_units": [{"name": "审计局", "aliases": []}],
                          "coop_units": [], "lead_leaders": [], "collective": []})
    assert score(gold, pred)["lead"]["fp"] == 2


def test_details_name_each_miss_and_false_positive_with_its_quote():
    details = []
    pred = _pred_lead_and_coop()
    pred["tasks"][0]["coop_units"][1]["quote"] = "市水务局"
    score(_ambiguous_gold(), pred, details)
    assert any(d.startswith("lead") and "fp" in d and "财政局" in d and "[1 建立制度]" in d for d in details)
    assert any("miss" in d and "财政局" in d for d in details)
    assert any("水务局 (quote: 市水务局)" in d for d in details)


def test_the_country_spelt_quanguo_or_in_full_is_one_jurisdiction():
    s = score(gold_doc(jurisdiction="全国"), pred_doc(jurisdiction="中华人民共和国"))
    assert s["metadata"]["fp"] == 0 and s["metadata"]["fn"] == 0
