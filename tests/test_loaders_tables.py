"""Golden tests for loaders.tables: which column is which, and the table's own rules."""

import pytest

from policykg.loaders.records import COOPERATES_ON, LEADS
from policykg.loaders.structure import split_lines
from policykg.loaders.tables import table_rows


def _rows(text):
    return [(r.number, [(c.relation, [n.surface for n in c.names], c.collective) for c in r.clauses])
            for r in table_rows(text, split_lines(text), set())]


def test_header_note_that_the_first_unit_leads():
    text = "序号 | 工作任务 | 责任单位（排在第一位的为牵头单位） | 时限\n1 | 推进改革。 | 市发改委、市财政局 | 年底\n2 | 完善制度。 | 各区政府 | 年底"
    assert _rows(text) == [("1", [(LEADS, ["市发改委"], []), (COOPERATES_ON, ["市财政局"], [])]),
                           ("2", [(COOPERATES_ON, [], ["各区政府"])])]


def test_note_line_that_the_first_unit_leads():
    text = "注：责任单位中排在第一位的为牵头单位。\n序号 | 工作任务 | 责任单位\n1 | 推进改革。 | 市发改委、市财政局"
    assert _rows(text) == [("1", [(LEADS, ["市发改委"], []), (COOPERATES_ON, ["市财政局"], [])])]


def test_without_the_rule_a_responsibility_list_is_recorded_not_guessed():
    text = "序号 | 工作任务 | 责任单位\n1 | 推进改革。 | 市发改委、市财政局"
    assert _rows(text) == [("1", [(COOPERATES_ON, ["市发改委", "市财政局"], [])])]


def test_the_documents_first_leads_rule_also_covers_labelled_lists():
    from policykg.loaders import parse_bytes

    text = ("某某市X方案\n一、任务\n1.推进改革。（责任单位：市发改委、市财政局）\n2.完善制度。（牵头单位：市司法局；责任单位：市财政局）\n"
            "注：责任单位中排在第一位的为牵头单位。")
    got = [(a.relation, a.surface) for a in parse_bytes(text.encode(), "a.txt", ".txt").assignments]
    assert got == [(LEADS, "市发改委"), (COOPERATES_ON, "市财政局"), (LEADS, "市司法局"), (COOPERATES_ON, "市财政局")]


# ----------------------------------------------------------------------------- tables printed as plain text

def _plain(text):
    from policykg.loaders import parse_bytes
    doc = parse_bytes(text.encode(), "t.txt", ".txt")
    units = sorted((a.relation, a.surface) for a in doc.assignments if a.agent_label == "Department")
    return [t.number for t in doc.tasks], units, sorted(lead.name for lead in doc.leaders)


_HEAD = "序号{s}项目名称{s}牵头领导{s}责任单位{s}责任单位负责人{s}负责事项"
_ROWS = [("1", "某某道路改造工程", "王 伟", "区交建局", "李某某", "负责建设"),
         ("2", "城北污水处理厂扩建", "张三", "区水务局", "赵某", "负责推进")]
_WANT = (["1", "2"], [("LEADS", "区交建局"), ("LEADS", "区水务局")], ["张三", "王伟"])


@pytest.mark.parametrize("sep", [" ", "  ", "\u3000", ""])
def test_a_table_printed_as_plain_text_is_read_from_its_header(sep):
    rows = "\n".join(sep.join(cells) if sep else "".join(cells) for cells in _ROWS)
    text = f"甲区重点项目推进表\n{_HEAD.format(s=sep)}\n{rows}\n"
    assert _plain(text) == _WANT


def test_a_plain_row_that_runs_onto_the_next_line_joins_its_row():
    text = ("甲区工作分工表\n序号 工作任务 牵头单位 配合单位 完成时限\n"
            "1 建设智慧平台 发改局 财政局、市场监管局\n2024年底\n2 推进污水治理 区水务局 区住建局 2025年6月\n")
    numbers, units, _leaders = _plain(text)
    assert numbers == ["1", "2"]
    assert units == [("COOPERATES_ON", "区住建局"), ("COOPERATES_ON", "市场监管局"), ("COOPERATES_ON", "财政局"),
                     ("LEADS", "区水务局"), ("LEADS", "发改局")]


def test_a_long_numbered_paragraph_under_a_plain_header_is_not_a_row():
    long_cell = "推进某工程建设和管理工作" * 30
    text = f"甲区重点项目推进表\n{_HEAD.format(s=' ')}\n1 {long_cell} 王 伟区交建局 李某某 负责建设\n"
    assert _plain(text)[1] == []


def test_glued_unit_cells_part_where_two_units_meet_without_a_separator():
    # 区工信局区财政局、区数据局: the lead cell ends where a unit follows with no 、 between; a list
    # never ends inside a name (区科|技局, 开发区|管委会)
    text = ("甲区任务分工表\n序号工作任务牵头单位配合单位完成时限\n"
            "1开展诊断服务。为企业提供诊断。区工信局区财政局、区数据局2023年12月底前\n"
            "2推进示范工厂建设。支持龙头企业。区工信局区科技局、区发改委2025年12月底前\n"
            "3加强人才培养。开展技能培训。区人社局区教育局、甲区经济技术开发区管委会长期坚持\n")
    numbers, units, _leaders = _plain(text)
    assert numbers == ["1", "2", "3"]
    assert units == sorted([("LEADS", "区工信局"), ("COOPERATES_ON", "区财政局"), ("COOPERATES_ON", "区数据局"),
                            ("LEADS", "区工信局"), ("COOPERATES_ON", "区科技局"), ("COOPERATES_ON", "区发改委"),
                            ("LEADS", "区人社局"), ("COOPERATES_ON", "区教育局"), ("COOPERATES_ON", "甲区经济技术开发区管委会")])
