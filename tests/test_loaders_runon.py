"""Pages that lost their line breaks: items and headings come back as lines, assignments as edges."""

from __future__ import annotations

from policykg.loaders.pipeline import parse_bytes
from policykg.loaders.read import split_run_on

BODY = (
    "某某市人民政府关于推进数字经济发展的实施意见 某政发〔2020〕5号 各区人民政府，市直各单位：为加快数字经济发展，"
    "提出如下意见。一、总体目标 到2022年，数字经济增加值占比达到30%。二、重点任务（一）夯实数字基础 "
    "1.建设新型基础设施。推进千兆光网和数据中心建设，完善城乡网络覆盖，提升骨干网络承载能力。"
    "牵头单位：市发改委；配合单位：市工信局、财政局。 "
    "2.推动产业数字化转型。支持制造业企业上云用数赋智，培育一批示范工厂和典型应用场景。"
    "牵头单位：市工信局；配合单位：市科技局。 "
    "3.发展数字政府。推进政务服务一网通办，打通部门数据壁垒，提高办事效率和群众满意度。"
    "牵头单位：市政务服务中心；配合单位：市大数据局、市司法局。"
    "三、保障措施（一）加强组织领导。建立工作推进机制，定期研究解决数字经济发展中的重大问题，压实各方责任。"
    "（二）强化要素保障。统筹安排专项资金，优先保障重点项目用地用能，加大数字人才引进和培养力度。"
)


def test_long_line_splits_before_items_and_after_headings():
    parts = split_run_on(BODY)
    assert "一、总体目标" in parts
    assert any(p.startswith("到2022年") for p in parts)
    starts = [p[:2] for p in parts]
    assert {"1.", "2.", "3."} <= set(starts)


def test_short_line_mentioning_an_item_number_stays_whole():
    line = "根据第（一）项要求，落实 1. 中的措施。"
    assert split_run_on(line) == [line]


def test_run_on_page_yields_tasks_with_their_assignments():
    doc = parse_bytes(("某某市政府网\n" + BODY + "\n").encode("utf-8"), "runon.txt", ".txt")
    titles = [t.title for t in doc.tasks]
    assert titles[:3] == ["建设新型基础设施", "推动产业数字化转型", "发展数字政府"]
    leads = {(a.task_id.rsplit("/", 1)[-1], a.surface) for a in doc.assignments if a.relation == "LEADS"}
    assert ("1", "市发改委") in leads and ("3", "市政务服务中心") in leads
    coop = [a.surface for a in doc.assignments if a.relation == "COOPERATES_ON"]
    assert coop[:2] == ["市工信局", "财政局"]
    for a in doc.assignments:
        assert doc.text[a.span.start:a.span.end] == a.span.quote
