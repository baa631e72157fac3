"""Golden strings for the genre rules found on the dev pages (our own wording, one test per rule).

Each string is written by us in the shape the real pages use; none is copied from a page.
"""

from __future__ import annotations

from policykg.loaders.assign import find_clauses
from policykg.loaders.extract import extract
from policykg.loaders.goals import find_goals
from policykg.loaders.structure import parse_outline


def _tasks(text: str):
    e = extract(parse_outline(text, "t.txt"))
    units = {t.id: [] for t in e.tasks}
    for a in e.assignments:
        units[a.task_id].append((a.relation, a.surface))
    return [(t.number, t.title, units[t.id]) for t in e.tasks]


def _goals(sentence: str, year: int | None = None):
    return [(g.value, g.unit, g.year) for g in find_goals(sentence, 0, len(sentence), year)]


# --- rule 1: a heading line that assigns nothing, then paragraphs that do


def test_heading_line_takes_its_first_assigned_paragraph():
    text = ("某市关于加快服务业发展的若干意见\n一、提升供给\n（一）推动资源开放\n"
            "优化开放共享制度，加大设备开放力度。（责任单位：市科委、市发展改革委）\n"
            "加强校企合作，推动实验室向企业开放。（责任单位：市教委、市科委）\n"
            "（二）创新验证模式\n"
            "建立验证机制，提高验证效能。（责任单位：市经济信息化委）\n")
    tasks = _tasks(text)
    assert [(n, t) for n, t, _ in tasks] == [("(一)", "推动资源开放"), ("(一).2", "加强校企合作，推动实验室向企业开放"), ("(二)", "创新验证模式")]
    assert [s for _r, s in tasks[0][2]] == ["市科委", "市发展改革委"]
    assert [s for _r, s in tasks[1][2]] == ["市教委", "市科委"]


def test_heading_with_its_own_assignment_keeps_paragraph_as_subtask():
    text = ("某市工作方案\n一、重点任务\n1.建立制度。做好统筹。（牵头单位：市发改局）\n"
            "完善配套政策，加强督促检查。（牵头单位：市财政局）\n")
    tasks = _tasks(text)
    assert [(n, [s for _r, s in u]) for n, _t, u in tasks] == [("1", ["市发改局"]), ("1.2", ["市财政局"])]


def test_heading_title_ends_with_its_line():
    text = ("某省关于开展自查的通知\n一、总体安排\n按照要求开展工作。\n二、部门自查\n"
            "省级部门要深入自查，由所涉及的省财政厅、省教育厅、省水利厅等省级主管部门（单位）牵头完成自查报告。\n")
    tasks = _tasks(text)
    assert [(n, t) for n, t, _ in tasks] == [("一", "总体安排"), ("二", "部门自查")]  # siblings of a task are tasks
    assert tasks[1][2] == [("LEADS", "省财政厅"), ("LEADS", "省教育厅"), ("LEADS", "省水利厅")]


# --- rule 5: list items joined by 和/及/与, and 等相关 collectives


def test_place_joined_by_he_is_its_own_unit():
    clauses = find_clauses("管理办法由市财政局会同浦东新区、奉贤区和临港地区管委会制定。")
    assert [(c.relation, [n.surface for n in c.names]) for c in clauses] == [
        ("LEADS", ["市财政局"]), ("COOPERATES_ON", ["浦东新区", "奉贤区", "临港地区管委会"])]


def test_office_joined_words_stay_one_name():
    clauses = find_clauses("（牵头单位：市工业和信息化局、住房和城乡建设局）")
    assert [n.surface for n in clauses[0].names] == ["市工业和信息化局", "住房和城乡建设局"]


def test_named_unit_before_deng_xiangguan_is_a_unit_and_a_collective():
    clause = find_clauses("（责任单位：市科委、市财政局、浦东新区等相关区政府）")[0]
    assert [n.surface for n in clause.names] == ["市科委", "市财政局", "浦东新区"]
    assert clause.collective == ["相关区政府"]


# --- rule 2: jurisdiction from evidence, not from where people come from


def test_place_people_come_from_is_not_the_jurisdiction():
    text = ("各市、县（区）人民政府，省政府各部门：\n一、隔离要求\n（一）湖北入赣人员应当集中隔离。\n"
            "（二）湖北入赣人员解除隔离后纳入社区管理。\n（三）来自湖北的车辆应当登记。\n")
    assert parse_outline(text, "t.txt").jurisdiction == "江西省"


# --- rule 3: goals are targets, not parameters of a measure


def test_threshold_of_a_subsidy_is_not_a_goal():
    assert _goals("对基础研究投入达到或超过1亿元/年的企业，给予一次性财政补助1000万元。") == []


def test_distance_is_not_a_goal():
    assert _goals("游客间距原则上控制在1.5米以上。") == []


def test_per_head_standard_is_a_goal_only_with_a_date():
    assert _goals("新建小区按照每千人口不少于10个托位规划建设照护设施。") == []
    assert _goals("老城区2025年前要按照每千人口不少于8个托位建设照护设施。") == [(8.0, "个", 2025)]


def test_year_before_deadline_frames_the_sentence():
    assert _goals("2020年底前在每个设区市建成不少于1个示范中心。") == [(1.0, "个", 2020)]
    assert _goals("2020年底前在每个设区市明确1个省级试点县。") == [(1.0, "个", 2020)]  # a count the plan sets


def test_approximate_count_is_a_goal():
    assert _goals("重点支持8条左右省级商业街区改造提升。") == [(8.0, "条", None)]


def test_counts_to_cultivate_in_a_target_section():
    found = [(g.value, g.unit) for g in find_goals("培育100家产业链优质企业，打造5家以上上市企业。", 0, 25, 2023, goal_section=True)]
    assert found == [(100.0, "家"), (5.0, "家")]


def test_amount_describing_firms_is_still_not_a_goal():
    assert _goals("支持年营收超10亿元企业开展并购。") == []


# --- rule 4: titles of issuing headlines and plan periods


def test_issuing_headline_without_notice_gives_the_issued_title():
    text = ("某市人民政府办公厅印发《关于加快服务业发展的若干意见》\n发布机构: 某市科委\n某府办发〔2025〕11号\n"
            "各区人民政府：\n现提出如下意见。\n一、提升供给\n（一）推动开放。\n")
    assert parse_outline(text, "t.txt").title == "关于加快服务业发展的若干意见"


def test_plan_period_line_under_the_title_is_part_of_it():
    text = "附件\n\n某市产业发展三年行动计划\n\n（2021-2023年）\n\n一、总体思路\n（一）指导思想\n"
    assert parse_outline(text, "t.txt").title == "某市产业发展三年行动计划（2021-2023年）"


def test_inline_lead_inside_a_paragraph():
    clauses = find_clauses("加强统筹推进，由市科委牵头，优化部门协同工作模式。")
    assert [(c.relation, [n.surface for n in c.names]) for c in clauses] == [("LEADS", ["市科委"])]


def test_title_field_of_a_record_dump():
    text = ("package demo.bean;\n* @name Demo\n* @time 2017/6/13\n"
            + "".join(f"* note {k}\n" for k in range(10))
            + '* data : {"id":47,"policyTitle":"某市人民政府关于支持\\u201c双特\\u201d政策的若干意见","state":2}\n'
            "各区人民政府：\n一、深化改革\n（一）简政放权。\n")
    assert parse_outline(text, "t.txt").title == "某市人民政府关于支持“双特”政策的若干意见"


def test_a_sentence_telling_of_an_issued_document_is_not_a_headline():
    text = ("答记者问：《某市促进民营经济发展的若干措施》相关情况\n"
            "记者：请介绍一下有关情况？\n"
            "某局长：近年来我们聚焦优化营商环境，推出了一揽子政策措施。\n"
            "记者：下一步有什么考虑？\n"
            "某局长：去年我们以市政府办公厅的名义发布了《关于加快某某产业发展的实施意见》，效果很好。\n")
    assert parse_outline(text, "t.txt").title == "答记者问：《某市促进民营经济发展的若干措施》相关情况"


def test_a_title_under_its_issuers_beats_a_caption_above_it():
    text = ("加快产业实施意见\n"
            "中共乙山县委 乙山县人民政府\n"
            "关于支持重点产业加快发展的实施意见\n"
            "(2023年2月8日)\n"
            "一、政策支持\n"
            "第 1 条 设立产业发展引导资金。\n")
    o = parse_outline(text, "t.txt")
    assert (o.title, [name for name, _span in o.issuers], o.date) == (
        "关于支持重点产业加快发展的实施意见", ["中共乙山县委", "乙山县人民政府"], "2023-02-08")
    assert o.jurisdiction == "乙山县"


def test_a_page_whose_title_was_dropped_gets_none_from_its_first_line():
    from policykg.loaders import parse_bytes

    for first in ("各市、县（区）人民政府，省政府各部门：", "第118号", "为加快产业发展，现提出以下意见。", "Page({",
                  "一、部门主要职责"):
        text = f"{first}\n一、加快发展\n推进重点项目建设。\n2020年3月6日\n"
        doc = parse_bytes(text.encode(), "t.txt", ".txt")
        assert doc.title == "" and doc.plan_id.startswith("plan:sha:"), first
    assert parse_bytes("某县产业发展工作方案\n一、目标\n".encode(), "u.txt", ".txt").title == "某县产业发展工作方案"


def test_attachment_label_glued_to_the_plan_title_is_not_part_of_it():
    text = "附件某市产业发展三年行动计划（2021-2023年）\n一、总体目标\n推进产业发展。\n"
    assert parse_outline(text, "t.txt").title == "某市产业发展三年行动计划（2021-2023年）"


def test_a_flattened_paragraph_near_the_top_that_tells_of_an_issued_document_is_no_headline():
    text = ("答记者问：《某市促进民营经济发展的若干措施》相关情况\n"
            "记者：情况如何？局长：近年来成效明显。去年我们发布了《关于加快某某产业发展的实施意见》，效果很好。下一步继续推进。\n")
    assert parse_outline(text, "t.txt").title == "答记者问：《某市促进民营经济发展的若干措施》相关情况"
    draft = "某局组织起草了《某市改革工作方案（征求意见稿）》，现向社会公开征求意见。\n意见请于3月27日前反馈。\n"
    assert parse_outline(draft, "d.txt").title == "某市改革工作方案（征求意见稿）"
