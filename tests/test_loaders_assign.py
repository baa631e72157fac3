"""Golden tests for loaders.assign: labelled lists, inline phrasing, names with provenance."""

import pytest

from policykg.loaders.assign import clean_name, find_clauses, starts_with_label
from policykg.loaders.records import COOPERATES_ON, LEADS


def _lists(text):
    return [(c.role, c.relation, c.agent, [n.surface for n in c.names], c.collective) for c in find_clauses(text)]


def test_full_bracket_with_leaders_lead_and_coop():
    text = "1.建立制度。（牵头领导：张三、李四，牵头单位：市经信局，配合单位：市财税局、国土局、供电公司等）"
    assert _lists(text) == [
        ("牵头领导", LEADS, "Leader", ["张三", "李四"], []),
        ("牵头单位", LEADS, "Department", ["市经信局"], []),
        ("配合单位", COOPERATES_ON, "Department", ["市财税局", "国土局", "供电公司"], []),
    ]


@pytest.mark.parametrize("text", [
    "(配合单位:区财政局;牵头单位: 区住建局)",
    "（配合单位：区财政局；牵头单位：区住建局）",
    "（配合单位：区财政局， 牵头单位：区住建局。）",
])
def test_any_order_and_colon_width(text):
    got = {role: names for role, _r, _a, names, _c in _lists(text)}
    assert got == {"配合单位": ["区财政局"], "牵头单位": ["区住建局"]}


def test_names_keep_exact_offsets():
    text = "事项（牵头单位：市发改局、金融办<筹>，配合单位：市委宣传部<文化局>、各相关部门等）"
    for clause in find_clauses(text):
        for name in clause.names:
            assert text[name.start:name.end] == name.surface or text[name.start:name.end].startswith(name.surface)
    lead, coop = find_clauses(text)
    assert [n.surface for n in lead.names] == ["市发改局", "金融办"]
    assert [(n.surface, n.alias) for n in coop.names] == [("市委宣传部", "文化局")]
    assert coop.collective == ["各相关部门"]


def test_notes_and_trailing_etc():
    assert clean_name("投融资办<筹>") == ("投融资办", None)
    assert clean_name("行政服务中心<审改办>") == ("行政服务中心", "审改办")
    assert clean_name("市府办〈电子政务办〉") == ("市府办", "电子政务办")
    assert clean_name("环保局等") == ("环保局", None)


def test_responsibility_only_list_is_cooperation_with_role_kept():
    (clause,) = find_clauses("（责任单位：县教育局、县卫健局）")
    assert clause.relation == COOPERATES_ON and clause.role == "责任单位"


def test_other_labels_end_a_list():
    text = "责任领导：王五；牵头单位：市发改委；配合单位：市财政局；完成时限：2024年6月底前"
    got = {c.role: [n.surface for n in c.names] for c in find_clauses(text)}
    assert got == {"责任领导": ["王五"], "牵头单位": ["市发改委"], "配合单位": ["市财政局"]}


def test_leaders_never_from_non_leader_text():
    assert _lists("坚持以邓小平理论为指导（作者：张三 编辑：李四）") == []


def test_collective_mentions_are_not_names():
    (clause,) = find_clauses("（配合单位：市投资审批相关部门、各镇乡街道）")
    assert clause.names == [] and clause.collective == ["市投资审批相关部门", "各镇乡街道"]


def test_inline_provincial_phrasing_distributes_the_suffix():
    text = "加快数字化转型。由省科技、经济和信息化部门牵头，会同财政、人力资源社会保障等相关部门负责。"
    lead, coop = find_clauses(text)
    assert [n.surface for n in lead.names] == ["省科技部门", "经济和信息化部门"]
    assert [n.surface for n in coop.names] == ["财政部门", "人力资源社会保障部门"]
    assert lead.relation == LEADS and coop.relation == COOPERATES_ON
    assert text[lead.names[0].start:lead.names[0].end] == "省科技"


def test_inline_lead_then_cooperate():
    lead, coop = find_clauses("由区财政局牵头，区发改委、区金融服务中心配合。")
    assert [n.surface for n in lead.names] == ["区财政局"]
    assert [n.surface for n in coop.names] == ["区发改委", "区金融服务中心"]


def test_parenthesised_pair():
    lead, coop = find_clauses("推进改革（县发改局牵头，县财政局、县人社局配合）")
    assert [n.surface for n in lead.names] == ["县发改局"]
    assert [n.surface for n in coop.names] == ["县财政局", "县人社局"]


def test_collective_lead_is_not_an_assignment():
    assert find_clauses("由各牵头部门牵头，各相关部门、镇乡街道配合，制定方案。") == []


def test_suggestion_without_colon_is_not_a_clause():
    assert find_clauses("建议将第7项“完善养老服务网络”责任单位增加区卫健局。") == []


def test_label_only_line():
    assert starts_with_label("牵头单位：市发改局")
    assert starts_with_label("（责任单位：市财政局）")
    assert not starts_with_label("推进改革。牵头单位：市发改局")


def test_lead_marked_inside_a_responsibility_list():
    lead, coop = find_clauses("责任单位：省发展改革委（牵头）、省财政厅、省商务厅")
    assert (lead.relation, [n.surface for n in lead.names]) == (LEADS, ["省发展改革委"])
    assert (coop.relation, [n.surface for n in coop.names]) == (COOPERATES_ON, ["省财政厅", "省商务厅"])


def test_state_council_style_brackets():
    lead, coop = find_clauses("加快推进。（国家发展改革委牵头，财政部、商务部等按职责分工负责）")
    assert [n.surface for n in lead.names] == ["国家发展改革委"]
    assert [n.surface for n in coop.names] == ["财政部", "商务部"] and coop.role == "负责"
    (only,) = find_clauses("完善制度。（县教育局牵头）")
    assert only.relation == LEADS and [n.surface for n in only.names] == ["县教育局"]
    (shared,) = find_clauses("做好保障。（省财政厅、省人力资源社会保障厅按职责分工负责）")
    assert shared.relation == COOPERATES_ON and len(shared.names) == 2


def test_sentence_pair_without_you():
    lead, coop = find_clauses("推进数据共享。市大数据局牵头，市公安局、市民政局配合。")
    assert [n.surface for n in lead.names] == ["市大数据局"]
    assert [n.surface for n in coop.names] == ["市公安局", "市民政局"]


def test_prose_that_only_looks_like_an_assignment():
    assert find_clauses("鼓励龙头企业牵头组建创新联合体，支持高校参与。") == []
    assert find_clauses("由市政府分管领导牵头，定期召开会议。") == []


def test_suggested_assignment_with_colon_is_ignored():
    assert find_clauses("建议第3项增加配合单位：区民政局。") == []


def test_leader_titles_are_stripped_and_offices_rejected():
    (clause,) = find_clauses("（牵头领导：市委常委、副市长王小明，市政府秘书长李四）")
    assert [n.surface for n in clause.names] == ["王小明", "李四"]
    text = "（牵头领导：市委常委、副市长王小明）"
    name = find_clauses(text)[0].names[0]
    assert text[name.start:name.end] == "王小明"


def test_he_joins_two_offices_but_not_a_name():
    lead, coop = find_clauses("（牵头单位：市发改局和市财政局，配合单位：工业和信息化局、县直各单位、领导小组成员单位）")
    assert [n.surface for n in lead.names] == ["市发改局", "市财政局"]
    assert [n.surface for n in coop.names] == ["工业和信息化局"]
    assert coop.collective == ["县直各单位", "领导小组成员单位"]


def test_inline_lead_with_a_bracket_note():
    lead, coop = find_clauses("由省市场监管局（知识产权局）牵头，会同省法院、省检察院等单位推进。")
    assert [(n.surface, n.alias) for n in lead.names] == [("省市场监管局", "知识产权局")]
    assert [n.surface for n in coop.names] == ["省法院", "省检察院"]


def test_label_with_a_bracketed_variant():
    lead, coop = find_clauses("牵头单位（部门）：市发改委；责任部门：市财政局")
    assert (lead.role, [n.surface for n in lead.names]) == ("牵头单位", ["市发改委"])
    assert (coop.role, coop.relation) == ("责任部门", COOPERATES_ON)


def test_change_words_in_the_task_text_do_not_hide_its_assignment():
    (clause,) = find_clauses("加大投入，增加财政补助。（牵头单位：市财政局）")
    assert [n.surface for n in clause.names] == ["市财政局"]


def test_bracket_note_in_parts_with_a_nested_collective():
    text = "开展调查。（市规划局、市发改委牵头，市住建局、市统计局配合；各区、县（市）人民政府负责落实）"
    lead, coop, local = find_clauses(text)
    assert (lead.relation, [n.surface for n in lead.names]) == (LEADS, ["市规划局", "市发改委"])
    assert (coop.role, [n.surface for n in coop.names]) == ("配合", ["市住建局", "市统计局"])
    assert local.names == [] and local.collective == ["各区、县（市）人民政府"]


def test_bare_responsibility_note_without_a_lead_is_not_an_assignment():
    assert find_clauses("加强宣传。（各区人民政府负责）") == []
    assert find_clauses("统一登记（含变更）。") == []


def test_ge_opens_a_collective_that_the_next_items_finish():
    (clause,) = find_clauses("责任单位：市环保局、市财政局，各县、市政府")
    assert [n.surface for n in clause.names] == ["市环保局", "市财政局"]
    assert clause.collective == ["各县、市政府"]
    (clause,) = find_clauses("配合单位：各县（市、区），市财政局")
    assert [n.surface for n in clause.names] == ["市财政局"]  # 各县 ends before an office of its own


def test_title_printed_apart_from_the_leader_name():
    (clause,) = find_clauses("牵头领导：常务副市长 王五、副市长 赵六")
    assert [n.surface for n in clause.names] == ["王五", "赵六"]


def test_short_labels_and_notes_that_only_name_responsible_offices():
    lead, coop = find_clauses("推进改革。（牵头：市发改委；配合：市财政局、市商务局）")
    assert (lead.relation, [n.surface for n in lead.names]) == (LEADS, ["市发改委"])
    assert (coop.relation, [n.surface for n in coop.names]) == (COOPERATES_ON, ["市财政局", "市商务局"])
    (only,) = find_clauses("推进改革。（市发改委、市财政局负责）")
    assert (only.role, only.relation, [n.surface for n in only.names]) == ("负责", COOPERATES_ON, ["市发改委", "市财政局"])
    assert find_clauses("制定办法（具体由市财政局负责）") == []
    lead, coop = find_clauses("推进改革。（由市发改委牵头，市财政局配合）")
    assert [n.surface for n in lead.names] == ["市发改委"]


def test_other_provinces_leader_and_partner_labels():
    got = [(c.role, c.agent, [n.surface for n in c.names]) for c in find_clauses("（包抓领导：王某某；牵头单位：市发改委；协同部门：市财政局）")]
    assert got == [("包抓领导", "Leader", ["王某某"]), ("牵头单位", "Department", ["市发改委"]), ("协同部门", "Department", ["市财政局"])]


def test_level_names_after_ge_finish_the_collective():
    (clause,) = find_clauses("配合单位：市人社局、市工商联，各区、县级市")
    assert [n.surface for n in clause.names] == ["市人社局", "市工商联"]
    assert clause.collective == ["各区、县级市"]


def test_an_assignment_deep_in_a_run_together_paragraph_belongs_to_the_sentence_it_closes():
    from policykg.loaders import parse_bytes
    # a crawler page that lost its headings, then its line breaks: the assigned sentence is deep in one paragraph
    filler = "".join(f"第{n}项工作按照年度安排稳步推进，相关部门加强协调配合，及时研究解决推进中遇到的困难和问题。"
                     for n in range(1, 21))  # twenty sentences of a page whose paragraphs ran together
    text = ("各市、县（区）人民政府：为促进消费，现提出以下意见。" + filler +
            "引导车企扩大新能源汽车销量，完善销售渠道。（省工业和信息化厅负责）在具备条件的车辆管理所开辟绿色通道。")
    doc = parse_bytes(text.encode(), "d.txt", ".txt")
    assert len(doc.tasks) == 1 and doc.tasks[0].title.startswith("引导车企扩大新能源汽车销量")
    # a paragraph of a few sentences keeps its start
    short = "推进流通创新发展。引导车企扩大销量。（省商务厅负责）"
    doc = parse_bytes(short.encode(), "s.txt", ".txt")
    assert doc.tasks[0].title.startswith("推进流通创新发展")
    # and so does a printed paragraph of many short sentences: it is far shorter than a run-together page
    printed = ("推进流通创新发展。支持实体零售转型。完善社区商业网点。发展农村电子商务。"
               "引导车企扩大新能源汽车销量，完善销售渠道。（省工业和信息化厅负责）")
    doc = parse_bytes(printed.encode(), "p.txt", ".txt")
    assert doc.tasks[0].title.startswith("推进流通创新发展")
