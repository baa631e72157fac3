"""Golden tests for the rule-phrase families of data/role_phrases.tsv (loaders.rules), one per family.

Every string here is written by us in the shapes real pages use; none is copied from a page.
"""

import pytest

from policykg.loaders import parse_bytes, rules
from policykg.loaders.assign import find_clauses
from policykg.loaders.records import COOPERATES_ON, LEADS
from policykg.loaders.tables import header_columns


def _got(text):
    return [(c.relation, c.agent, [n.surface for n in c.names]) for c in find_clauses(text)]


def _assigned(text):
    doc = parse_bytes(text.encode(), "t.txt", ".txt")
    by_task = {}
    for a in doc.assignments:
        by_task.setdefault(a.task_id, []).append((a.relation, a.surface))
    return [sorted(v) for _k, v in sorted(by_task.items())]


def test_every_label_has_one_kind_and_every_family_is_present():
    seen = {}
    for kind in rules.KINDS:
        for label in rules.phrases("label", kind):
            assert label not in seen, f"{label} is both {seen[label]} and {kind}"
            seen[label] = kind
    for family, kind in (("verb", "lead"), ("verb", "coop"), ("verb", "responsible"), ("first_leads", "pattern")):
        assert rules.phrases(family, kind)
    assert [role for role, _p in rules.header_roles()][:3] == ["number", "contact", "leader"]


@pytest.mark.parametrize("rule", [
    "列第一位者为牵头单位，下同", "排在第一位的部门为牵头部门", "排名第一的为牵头单位", "责任单位中排在第一位的为牵头单位",
    "列首位的为牵头单位", "位列第一的单位为牵头单位", "名列第一位的是牵头部门", "第一个单位为牵头单位",
    "列第一位者為牽頭單位",  # Traditional script
])
def test_first_listed_leads_family(rule):
    assert rules.first_leads_rule().search(rules.simplified(rule))


@pytest.mark.parametrize("prose", ["排在第一位的是质量", "首位的任务是推进改革", "第一批试点由市发改局牵头"])
def test_first_listed_family_needs_the_lead_word_after_is(prose):
    assert not rules.first_leads_rule().search(prose)


def test_first_listed_rule_in_a_long_paragraph_makes_the_first_unit_lead():
    intro = "为推进改革，制定本方案，" + "各项工作要抓紧落实，" * 10 + "责任单位列第一位者为牵头单位，下同。"
    got = _assigned(f"甲市改革方案\n{intro}\n一、任务\n1.建立制度。（责任单位：市发改局、市财政局、市商务局）\n")
    assert got == [[(COOPERATES_ON, "市商务局"), (COOPERATES_ON, "市财政局"), (LEADS, "市发改局")]]


def test_one_unit_responsible_leads_several_are_one_pool():
    assert _got("加强监管。（市场监管总局负责）") == [(LEADS, "Department", ["市场监管总局"])]
    assert _got("加强监管。（市场监管总局、商务部负责）") == [(COOPERATES_ON, "Department", ["市场监管总局", "商务部"])]
    assert _assigned("甲市方案\n一、任务\n1.加强监管。责任单位：市财政局\n") == [[(LEADS, "市财政局")]]
    assert _assigned("甲市方案\n一、任务\n1.加强监管。\n牵头单位：市发改局\n责任单位：市财政局\n") == [
        [(COOPERATES_ON, "市财政局"), (LEADS, "市发改局")]]


@pytest.mark.parametrize("text, lead, coop", [
    ("（市发改局、市财政局牵头，市商务局、市统计局等参与）", ["市发改局", "市财政局"], ["市商务局", "市统计局"]),
    ("（市发改局主办，市财政局、市商务局协办）", ["市发改局"], ["市财政局", "市商务局"]),
    ("（牵头单位：市发改局；推进单位：市财政局、市商务局）", ["市发改局"], ["市财政局", "市商务局"]),
    ("（主要责任单位：市发改局；参与单位：市财政局；协办单位：市商务局）", ["市发改局"], ["市财政局", "市商务局"]),
    ("牵头推进单位：市发改局、市财政局、市商务局", ["市发改局", "市财政局", "市商务局"], []),
    ("（牵头责任单位：市发改局；协同责任单位：市财政局、市商务局）", ["市发改局"], ["市财政局", "市商务局"]),
    ("市发改局主办，市财政局协办。", ["市发改局"], ["市财政局"]),
    ("（主办：市发改局；协办：市财政局、市商务局）", ["市发改局"], ["市财政局", "市商务局"]),
    ("（主责：市发改局；参与：市财政局）", ["市发改局"], ["市财政局"]),
    ("（主要负责单位：市发改局；配合责任单位：市财政局；协作单位：市商务局）", ["市发改局"], ["市财政局", "市商务局"]),
])
def test_leads_and_takes_part_family(text, lead, coop):
    got = _got(text)
    assert [n for r, a, names in got if r == LEADS for n in names] == lead
    assert [n for r, a, names in got if r == COOPERATES_ON for n in names] == coop


def test_leader_and_contact_labels():
    assert _got("（联系市领导：王某某）") == [(LEADS, "Leader", ["王某某"])]
    got = _got("（牵头负责领导：王某某；牵头责任单位：市发改局；协同责任单位：市财政局）")
    assert got == [(LEADS, "Leader", ["王某某"]), (LEADS, "Department", ["市发改局"]), (COOPERATES_ON, "Department", ["市财政局"])]
    got = _got("（牵头单位：市发改局；负责人：张某某；联系人：李某某）")
    assert got == [(LEADS, "Department", ["市发改局"])]


def test_traditional_script_reads_like_simplified_and_keeps_offsets():
    text = "推進改革。（牽頭單位：市發改局，配合單位：市財政局、市商務局）"
    got = _got(text)
    assert got == [(LEADS, "Department", ["市發改局"]), (COOPERATES_ON, "Department", ["市財政局", "市商務局"])]
    name = find_clauses(text)[0].names[0]
    assert text[name.start:name.end] == "市發改局"
    assert _got("加強監管。（市場監管總局負責）") == [(LEADS, "Department", ["市場監管總局"])]
    assert rules.simplified(text) != text and len(rules.simplified(text)) == len(text)


def test_a_traditional_page_names_the_same_offices_as_a_simplified_one():
    def units(page):
        doc = parse_bytes(page.encode(), "t.txt", ".txt")
        return sorted((a.relation, a.agent_id) for a in doc.assignments)

    simplified = "甲市改革方案\n一、任务\n1.推进改革。（牵头单位：市发改局，配合单位：市财政局）\n"
    traditional = "甲市改革方案\n一、任務\n1.推進改革。（牽頭單位：市發改局，配合單位：市財政局）\n"
    assert units(traditional) == units(simplified) and len(units(simplified)) == 2


@pytest.mark.parametrize("cells, want", [
    (["序号", "项目名称", "牵头领导", "责任单位", "责任单位负责人", "负责事项"],
     {"number": 0, "task": 1, "leader": 2, "coop": 3}),  # read cell by cell: one unit leads
    (["序号", "工作任务", "牵头单位", "责任单位", "完成时限"], {"number": 0, "task": 1, "lead": 2, "coop": 3, "deadline": 4}),
    (["序号", "工作任务", "责任单位", "配合单位"], {"number": 0, "task": 1, "lead": 2, "coop": 3}),
    (["序号", "重点任务", "分级管理单位", "推进单位"], {"number": 0, "task": 1, "lead": 2, "coop": 3}),
    (["序號", "工作任務", "牽頭單位", "協辦單位", "聯繫人"], {"number": 0, "task": 1, "lead": 2, "coop": 3}),
    (["序号", "工作任务", "牵 头 单 位", "参与单位"], {"number": 0, "task": 1, "lead": 2, "coop": 3}),
])
def test_header_words_give_column_roles(cells, want):
    columns, _labels = header_columns(cells)
    assert {k: v for k, v in columns.items() if k != "contact"} == want


def test_contact_column_names_are_not_leaders():
    text = ("甲市重点项目表\n序号 | 项目名称 | 牵头领导 | 责任单位 | 责任单位负责人 | 负责事项\n"
            "1 | 建设物流园区 | 王某某 | 市交通局 | 李某某 | 推进建设\n")
    doc = parse_bytes(text.encode(), "t.txt", ".txt")
    assert sorted(lead.name for lead in doc.leaders) == ["王某某"]
    assert [(a.relation, a.surface) for a in doc.assignments if a.agent_label == "Department"] == [(LEADS, "市交通局")]


@pytest.mark.parametrize("text, lead, coop", [
    ("（三）关于保护耕地的问题，由自然资源部会同农业农村部等部门负责落实。", ["自然资源部"], ["农业农村部"]),
    ("由省发展改革委联合省财政厅、省商务厅研究提出落实意见。", ["省发展改革委"], ["省财政厅", "省商务厅"]),
    ("由各地会同有关部门做好工作。", [], []),
])
def test_one_office_with_others_family(text, lead, coop):
    got = _got(text)
    assert [n for r, a, names in got if r == LEADS for n in names] == lead
    assert [n for r, a, names in got if r == COOPERATES_ON for n in names] == coop


def test_first_listed_rule_printed_in_traditional_script():
    text = "甲市改革方案\n責任單位列第一位者為牽頭單位，下同。\n一、任務\n1.建立制度。（責任單位：市發改局、市財政局）\n"
    assert _assigned(text) == [[(COOPERATES_ON, "市財政局"), (LEADS, "市發改局")]]
