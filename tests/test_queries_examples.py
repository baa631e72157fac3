"""Every named query on a real embedded store loaded with the bundled examples, asserting its exact rows.

The store is loaded once per module with ``graph.ingest.load_paths(examples/)`` — the real
parser and writer — and opened read-only for the queries, as ``policykg query`` does. The
expected rows were checked by hand against ``examples/expected/*.json`` (e.g. 龙泉市's
发改局 shares tasks 1, 3 and 4 of the reform plan and task 1 of the celadon opinions with
自然资源和规划局: 4 shared tasks). When the parser improves, these rows may change: check the
difference against the expected facts, then update them.
"""

from __future__ import annotations

import pytest

from policykg.graph.ingest import load_paths
from policykg.graph.store import open_store
from policykg.queries.catalog import catalog, run
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("examples") / "graph.lbdb"
    with open_store(db=path) as store:
        summary = load_paths(store, [EXAMPLES], workers=1)
    assert not summary.failed and len(summary.loaded) == 6
    with open_store(db=path, read_only=True) as store:
        yield store


# Goal ids carry a character offset into the text as read: compared without them.
CASES = [
    # plans {}
    ('plans', {}, ['plan', 'doc_number', 'date', 'jurisdiction', 'tasks', 'file', 'id'], [
        ('丽水市优化营商环境“一件事”集成改革工作方案', '丽政办发〔2024〕3号', '2024-01-18', '丽水市', 6, 'lishui_notice.html', 'plan:丽水市优化营商环境一件事集成改革工作方案'),
        ('吴江区推进制造业智能化改造和数字化转型重点任务分工方案', '吴政办〔2023〕45号', '2023-06-28', '吴江区', 7, 'wujiang_division_table.docx', 'plan:吴江区推进制造业智能化改造和数字化转型重点任务分工方案'),
        ('镜湖区人民政府关于加快发展数字经济的实施意见', '镜政〔2024〕5号', '2024-04-12', '镜湖区', 6, 'jinghu_action_plan.txt', 'plan:镜湖区人民政府关于加快发展数字经济的实施意见'),
        ('镜湖区促进民营经济高质量发展三年行动方案(2024—2026年)', '镜政办〔2024〕9号', '2024-05-20', '镜湖区', 6, 'wuhu_gbk_plan.txt', 'plan:镜湖区促进民营经济高质量发展三年行动方案2024—2026年'),
        ('龙泉市山区县高质量发展综合改革总体方案', '龙政办发〔2023〕12号', '2023-03-16', '龙泉市', 8, 'longquan_reform_plan.txt', 'plan:龙泉市山区县高质量发展综合改革总体方案'),
        ('龙泉市人民政府办公室关于加快青瓷宝剑产业高质量发展的若干意见', '龙政办发〔2023〕41号', '2023-08-30', '龙泉市', 4, 'longquan_celadon_opinions.md', 'plan:龙泉市人民政府办公室关于加快青瓷宝剑产业高质量发展的若干意见'),
    ]),
    # departments-ranked {'plan': 'longquan_celadon_opinions.md'}
    ('departments-ranked', {'plan': 'longquan_celadon_opinions.md'}, ['department', 'jurisdiction', 'led', 'cooperated', 'total', 'id'], [
        ('经济和信息化局', '龙泉市', 1, 1, 2, 'dept:龙泉市:经济和信息化局'),
        ('财政局', '龙泉市', 0, 2, 2, 'dept:龙泉市:财政局'),
        ('人力资源和社会保障局', '龙泉市', 1, 0, 1, 'dept:龙泉市:人力资源和社会保障局'),
        ('市场监督管理局', '龙泉市', 1, 0, 1, 'dept:龙泉市:市场监督管理局'),
        ('金融服务中心', '龙泉市', 1, 0, 1, 'dept:龙泉市:金融服务中心'),
        ('农村商业银行', '龙泉市', 0, 1, 1, 'dept:龙泉市:农村商业银行'),
        ('发展和改革局', '龙泉市', 0, 1, 1, 'dept:龙泉市:发展和改革局'),
        ('教育局', '龙泉市', 0, 1, 1, 'dept:龙泉市:教育局'),
        ('文化和旅游局', '龙泉市', 0, 1, 1, 'dept:龙泉市:文化和旅游局'),
        ('自然资源和规划局', '龙泉市', 0, 1, 1, 'dept:龙泉市:自然资源和规划局'),
    ]),
    # department-partners {'department': '龙泉市发改局'}
    ('department-partners', {'department': '龙泉市发改局'}, ['partner', 'jurisdiction', 'shared_tasks', 'id'], [
        ('自然资源和规划局', '龙泉市', 4, 'dept:龙泉市:自然资源和规划局'),
        ('财政局', '龙泉市', 3, 'dept:龙泉市:财政局'),
        ('经济和信息化局', '龙泉市', 2, 'dept:龙泉市:经济和信息化局'),
        ('人力资源和社会保障局', '龙泉市', 1, 'dept:龙泉市:人力资源和社会保障局'),
        ('住房和城乡建设局', '龙泉市', 1, 'dept:龙泉市:住房和城乡建设局'),
        ('农业农村局', '龙泉市', 1, 'dept:龙泉市:农业农村局'),
        ('审计局', '龙泉市', 1, 'dept:龙泉市:审计局'),
        ('市场监督管理局', '龙泉市', 1, 'dept:龙泉市:市场监督管理局'),
        ('林业局', '龙泉市', 1, 'dept:龙泉市:林业局'),
        ('生态环境分局', '龙泉市', 1, 'dept:龙泉市:生态环境分局'),
        ('税务局', '龙泉市', 1, 'dept:龙泉市:税务局'),
        ('统计局', '龙泉市', 1, 'dept:龙泉市:统计局'),
        ('行政服务中心', '龙泉市', 1, 'dept:龙泉市:行政服务中心'),
        ('金融服务中心', '龙泉市', 1, 'dept:龙泉市:金融服务中心'),
    ]),
    # department-tasks {'department': '镜湖区发改委'}
    ('department-tasks', {'department': '镜湖区发改委'}, ['plan', 'section', 'number', 'task', 'role', 'deadline', 'id'], [
        ('镜湖区人民政府关于加快发展数字经济的实施意见', '二 重点任务', '1', '壮大数字产业集群', 'leads', None, 'task:镜湖区人民政府关于加快发展数字经济的实施意见:二/1'),
        ('镜湖区人民政府关于加快发展数字经济的实施意见', '二 重点任务', '2', '推进制造业数字化转型', 'cooperates', None, 'task:镜湖区人民政府关于加快发展数字经济的实施意见:二/2'),
        ('镜湖区人民政府关于加快发展数字经济的实施意见', '二 重点任务', '6', '提升数字治理能力', 'cooperates', None, 'task:镜湖区人民政府关于加快发展数字经济的实施意见:二/6'),
        ('镜湖区促进民营经济高质量发展三年行动方案(2024—2026年)', '二 重点任务', '2', '优化民营企业融资环境', 'cooperates', None, 'task:镜湖区促进民营经济高质量发展三年行动方案2024—2026年:二/2'),
        ('镜湖区促进民营经济高质量发展三年行动方案(2024—2026年)', '二 重点任务', '3', '支持民营企业参与城市更新', 'cooperates', None, 'task:镜湖区促进民营经济高质量发展三年行动方案2024—2026年:二/3'),
    ]),
    # leader-workload {'jurisdiction': '龙泉市'}
    ('leader-workload', {'jurisdiction': '龙泉市'}, ['leader', 'jurisdiction', 'tasks', 'departments', 'plans', 'id'], [
        ('叶建华', '龙泉市', 3, 12, 1, 'leader:龙泉市:叶建华'),
        ('吴立新', '龙泉市', 2, 7, 1, 'leader:龙泉市:吴立新'),
        ('毛志勇', '龙泉市', 2, 7, 1, 'leader:龙泉市:毛志勇'),
        ('周晓明', '龙泉市', 1, 5, 1, 'leader:龙泉市:周晓明'),
        ('季红梅', '龙泉市', 1, 5, 1, 'leader:龙泉市:季红梅'),
    ]),
    # leader-departments {'leader': '叶建华'}
    ('leader-departments', {'leader': '叶建华'}, ['department', 'jurisdiction', 'tasks', 'id'], [
        ('发展和改革局', '龙泉市', 3, 'dept:龙泉市:发展和改革局'),
        ('财政局', '龙泉市', 3, 'dept:龙泉市:财政局'),
        ('自然资源和规划局', '龙泉市', 2, 'dept:龙泉市:自然资源和规划局'),
        ('人力资源和社会保障局', '龙泉市', 1, 'dept:龙泉市:人力资源和社会保障局'),
        ('农业农村局', '龙泉市', 1, 'dept:龙泉市:农业农村局'),
        ('审计局', '龙泉市', 1, 'dept:龙泉市:审计局'),
        ('林业局', '龙泉市', 1, 'dept:龙泉市:林业局'),
        ('生态环境分局', '龙泉市', 1, 'dept:龙泉市:生态环境分局'),
        ('税务局', '龙泉市', 1, 'dept:龙泉市:税务局'),
        ('经济和信息化局', '龙泉市', 1, 'dept:龙泉市:经济和信息化局'),
        ('统计局', '龙泉市', 1, 'dept:龙泉市:统计局'),
        ('金融服务中心', '龙泉市', 1, 'dept:龙泉市:金融服务中心'),
    ]),
    # tasks-without-lead {}
    ('tasks-without-lead', {}, ['plan', 'number', 'task', 'collective', 'id'], [
        ('龙泉市山区县高质量发展综合改革总体方案', '8', '深化山区教育共同体建设', [], 'task:龙泉市山区县高质量发展综合改革总体方案:二/(四)/8'),
    ]),
    # tasks-collective-lead {}
    ('tasks-collective-lead', {}, [], [
    ]),
    # plan-citations {'plan': '龙政办发〔2023〕12号'}
    ('plan-citations', {'plan': '龙政办发〔2023〕12号'}, ['direction', 'plan', 'doc_number', 'loaded', 'id'], [
        ('cites', '丽水市深化要素市场化配置改革实施方案', None, False, 'plan:丽水市深化要素市场化配置改革实施方案'),
        ('cites', '浙江省人民政府关于支持山区县跨越式高质量发展的若干意见', '浙政发〔2021〕8号', False, 'plan:浙江省人民政府关于支持山区县跨越式高质量发展的若干意见'),
        ('cited by', '龙泉市人民政府办公室关于加快青瓷宝剑产业高质量发展的若干意见', '龙政办发〔2023〕41号', True, 'plan:龙泉市人民政府办公室关于加快青瓷宝剑产业高质量发展的若干意见'),
    ]),
    # citation-chain {'plan': 'longquan_celadon_opinions.md'}
    ('citation-chain', {'plan': 'longquan_celadon_opinions.md'}, ['depth', 'plan', 'doc_number', 'jurisdiction', 'loaded', 'level', 'id'], [
        (1, '龙泉市山区县高质量发展综合改革总体方案', '龙政办发〔2023〕12号', '龙泉市', True, 'county', 'plan:龙泉市山区县高质量发展综合改革总体方案'),
        (2, '丽水市深化要素市场化配置改革实施方案', None, None, False, 'city', 'plan:丽水市深化要素市场化配置改革实施方案'),
        (2, '浙江省人民政府关于支持山区县跨越式高质量发展的若干意见', '浙政发〔2021〕8号', None, False, 'province', 'plan:浙江省人民政府关于支持山区县跨越式高质量发展的若干意见'),
    ]),
    # goals {'plan': 'wuhu_gbk_plan.txt'}
    ('goals', {'plan': 'wuhu_gbk_plan.txt'}, ['year', 'goal', 'value', 'unit', 'plan', 'task'], [
        (2026, '全区民营经济增加值占地区生产总值比重达到60%以上', 60.0, '%', '镜湖区促进民营经济高质量发展三年行动方案(2024—2026年)', None),
        (2026, '民营市场主体总量突破8万户', 8.0, '万户', '镜湖区促进民营经济高质量发展三年行动方案(2024—2026年)', None),
        (2026, '新增“专精特新”中小企业30家', 30.0, '家', '镜湖区促进民营经济高质量发展三年行动方案(2024—2026年)', None),
    ]),
    # goals {'year': '2025', 'unit': '%'}
    ('goals', {'year': '2025', 'unit': '%'}, ['year', 'goal', 'value', 'unit', 'plan', 'task'], [
        (2025, '全区规上工业企业智能化改造和数字化转型覆盖率达到90%', 90.0, '%', '吴江区推进制造业智能化改造和数字化转型重点任务分工方案', None),
        (2025, '全区数字经济核心产业增加值占地区生产总值比重达到12%', 12.0, '%', '镜湖区人民政府关于加快发展数字经济的实施意见', None),
        (2025, '地区生产总值年均增长7%左右', 7.0, '%', '龙泉市山区县高质量发展综合改革总体方案', None),
        (2025, '规模以上工业增加值年均增长8%以上', 8.0, '%', '龙泉市山区县高质量发展综合改革总体方案', None),
    ]),
    # plan-overview {'plan': 'wujiang_division_table.docx'}
    ('plan-overview', {'plan': 'wujiang_division_table.docx'}, ['plan', 'doc_number', 'date', 'jurisdiction', 'sections', 'tasks', 'departments', 'leaders', 'goals', 'id'], [
        ('吴江区推进制造业智能化改造和数字化转型重点任务分工方案', '吴政办〔2023〕45号', '2023-06-28', '吴江区', 1, 7, 11, 0, 3, 'plan:吴江区推进制造业智能化改造和数字化转型重点任务分工方案'),
    ]),
    # cross-plan-departments {'jurisdiction': '镜湖区'}
    ('cross-plan-departments', {'jurisdiction': '镜湖区'}, ['department', 'jurisdiction', 'plans', 'assignments', 'files', 'id'], [
        ('发展和改革委员会', '镜湖区', 2, 5, ['jinghu_action_plan.txt', 'wuhu_gbk_plan.txt'], 'dept:镜湖区:发展和改革委员会'),
        ('经济和信息化局', '镜湖区', 2, 4, ['jinghu_action_plan.txt', 'wuhu_gbk_plan.txt'], 'dept:镜湖区:经济和信息化局'),
        ('财政局', '镜湖区', 2, 4, ['jinghu_action_plan.txt', 'wuhu_gbk_plan.txt'], 'dept:镜湖区:财政局'),
        ('市场监督管理局', '镜湖区', 2, 3, ['jinghu_action_plan.txt', 'wuhu_gbk_plan.txt'], 'dept:镜湖区:市场监督管理局'),
        ('人力资源和社会保障局', '镜湖区', 2, 2, ['jinghu_action_plan.txt', 'wuhu_gbk_plan.txt'], 'dept:镜湖区:人力资源和社会保障局'),
        ('科学技术局', '镜湖区', 2, 2, ['jinghu_action_plan.txt', 'wuhu_gbk_plan.txt'], 'dept:镜湖区:科学技术局'),
    ]),
    # places {'place': '镜湖区'}
    ('places', {'place': '镜湖区'}, ['place', 'level', 'plans', 'tasks', 'departments', 'id'], [
        ('镜湖区', 'district', 2, 0, ['镜湖区人民政府'], 'place:安徽省/芜湖市/镜湖区'),
    ]),
    # task-search {'keyword': '数字化转型'}
    ('task-search', {'keyword': '数字化转型'}, ['plan', 'number', 'task', 'hits', 'leads', 'id'], [
        ('吴江区推进制造业智能化改造和数字化转型重点任务分工方案', '1', '开展企业数字化诊断服务', 2, ['工业和信息化局'], 'task:吴江区推进制造业智能化改造和数字化转型重点任务分工方案:table1/1'),
        ('吴江区推进制造业智能化改造和数字化转型重点任务分工方案', '4', '强化转型资金保障', 2, ['财政局'], 'task:吴江区推进制造业智能化改造和数字化转型重点任务分工方案:table1/4'),
        ('吴江区推进制造业智能化改造和数字化转型重点任务分工方案', '5', '培育数字化转型服务商', 2, ['科学技术局'], 'task:吴江区推进制造业智能化改造和数字化转型重点任务分工方案:table1/5'),
        ('镜湖区人民政府关于加快发展数字经济的实施意见', '2', '推进制造业数字化转型', 2, ['经济和信息化局'], 'task:镜湖区人民政府关于加快发展数字经济的实施意见:二/2'),
        ('镜湖区促进民营经济高质量发展三年行动方案(2024—2026年)', '1', '推动数字化赋能民营企业', 2, ['发展改革部门', '经济和信息化部门'], 'task:镜湖区促进民营经济高质量发展三年行动方案2024—2026年:二/1'),
    ]),
    # task-search, the best two only (every word of the keyword, then by file and position)
    ('task-search', {'keyword': '数字化转型', 'top': '2'}, ['plan', 'number', 'task', 'hits', 'leads', 'id'], [
        ('镜湖区人民政府关于加快发展数字经济的实施意见', '2', '推进制造业数字化转型', 2, ['经济和信息化局'], 'task:镜湖区人民政府关于加快发展数字经济的实施意见:二/2'),
        ('镜湖区促进民营经济高质量发展三年行动方案(2024—2026年)', '1', '推动数字化赋能民营企业', 2, ['发展改革部门', '经济和信息化部门'], 'task:镜湖区促进民营经济高质量发展三年行动方案2024—2026年:二/1'),
    ]),
    # shortest-connection {'department': '龙泉市教育局', 'target': '叶建华'}
    ('shortest-connection', {'department': '龙泉市教育局', 'target': '叶建华'}, ['step', 'label', 'name', 'id'], [
        (0, 'Department', '教育局', 'dept:龙泉市:教育局'),
        (1, 'Task', '加强人才培育', 'task:龙泉市人民政府办公室关于加快青瓷宝剑产业高质量发展的若干意见:二/3'),
        (2, 'Department', '人力资源和社会保障局', 'dept:龙泉市:人力资源和社会保障局'),
        (3, 'Task', '组建国有资本投资运营平台', 'task:龙泉市山区县高质量发展综合改革总体方案:二/(二)/5'),
        (4, 'Leader', '叶建华', 'leader:龙泉市:叶建华'),
    ]),
    # plan-overlap {'plan_a': 'jinghu_action_plan.txt', 'plan_b': 'wuhu_gbk_plan.txt'}
    ('plan-overlap', {'plan_a': 'jinghu_action_plan.txt', 'plan_b': 'wuhu_gbk_plan.txt'}, ['plan_a', 'plan_b', 'departments', 'shared_departments', 'citations', 'shared_citations'], [
        ('镜湖区人民政府关于加快发展数字经济的实施意见', '镜湖区促进民营经济高质量发展三年行动方案(2024—2026年)', 6, ['人力资源和社会保障局', '发展和改革委员会', '市场监督管理局', '科学技术局', '经济和信息化局', '财政局'], 0, []),
    ]),
    # plan-overlap {'plan_a': 'longquan_reform_plan.txt', 'plan_b': 'wujiang_division_table.docx'}
    ('plan-overlap', {'plan_a': 'longquan_reform_plan.txt', 'plan_b': 'wujiang_division_table.docx'}, ['plan_a', 'plan_b', 'departments', 'shared_departments', 'citations', 'shared_citations'], [
        ('龙泉市山区县高质量发展综合改革总体方案', '吴江区推进制造业智能化改造和数字化转型重点任务分工方案', 0, [], 0, []),
    ]),
]


@pytest.mark.parametrize("name, params, columns, rows", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_named_query_rows_on_the_examples(examples_store, name, params, columns, rows):
    result = run(examples_store, name, params)
    assert [tuple(row[c] for c in columns) for row in result.rows] == rows
    if rows:
        assert [c for c in result.columns if c in columns] == columns


def test_every_named_query_has_an_examples_case():
    assert {c[0] for c in CASES} == set(catalog())


def test_who_does_longquan_fagaiju_work_with(examples_store):
    # Any alias finds the bureau, and says which entity it is.
    for alias in ("龙泉市发改局", "龙泉市 发改局", "发展和改革局", "dept:龙泉市:发展和改革局"):
        result = run(examples_store, "department-partners", {"department": alias})
        assert [r.entity.id for r in result.resolved] == ["dept:龙泉市:发展和改革局"], alias
        assert result.rows[0]["partner"] == "自然资源和规划局" and result.rows[0]["shared_tasks"] == 4


def test_limit_on_the_examples(examples_store):
    assert len(run(examples_store, "department-partners", {"department": "龙泉市发改局"}, limit=3).rows) == 3
