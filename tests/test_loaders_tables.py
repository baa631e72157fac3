"""Golden tests for loaders.tables: which column is which, and the table's own rules."""

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
