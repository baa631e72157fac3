"""End-to-end tests for loaders.pipeline on documents written for these tests (one per shape)."""

import io
import subprocess
import sys
from pathlib import Path

import pytest

from policykg.errors import InputError
from policykg.loaders import parse_bytes, parse_file
from policykg.loaders.records import COOPERATES_ON, LEADS

ROOT = Path(__file__).resolve().parent.parent

PLAN = "\n".join([
    "您现在的位置：首页 > 政府信息公开",
    "发布时间：2021-07-02 来源：县府办 浏览次数：88",
    "各乡镇人民政府，县政府各部门：",
    "《甲县营商环境提升行动方案》已经县政府同意，现印发给你们，请认真组织实施。",
    "甲县人民政府办公室",
    "2021年6月30日",
    "甲县营商环境提升行动方案",
    "根据《某省优化营商环境条例》(某政发[2020]12号)精神，制定本方案。",
    "一、主要目标",
    "到2023年，企业开办时间压缩至1个工作日以内，政务服务事项网上可办率达到95%以上。",
    "二、重点任务",
    "（一）深化审批改革",
    "1.推行一件事集成办理。梳理高频事项清单，完成时限：2021年12月底前。（牵头领导：王一，牵头单位：县政务服务中心<审改办>、县发改局，配合单位：县财政局、市场监管局、各乡镇等）",
    "以投资项目为重点，压缩审批时间。（牵头单位：县发改局；配合单位：县自然资源局）",
    "2.优化水电气报装。（责任单位：县住建局、县供电公司）",
    "3.加强信用监管。由县发展改革、市场监管部门牵头，会同商务、税务等相关部门负责。",
    "三、保障措施",
    "（一）加强组织领导。各单位要落实责任。",
    "上一页 下一页",
])


@pytest.fixture(scope="module")
def plan():
    return parse_bytes(PLAN.encode("gbk"), "jia_plan.txt", ".txt")


def test_header_facts(plan):
    assert plan.title == "甲县营商环境提升行动方案"
    assert plan.date == "2021-06-30"
    assert plan.jurisdiction == "甲县"
    assert "浏览次数" not in plan.text and "上一页" not in plan.text


def test_tasks_subtasks_and_deadline(plan):
    numbers = [t.number for t in plan.tasks]
    assert numbers == ["1", "1.2", "2", "3"]
    first, sub = plan.tasks[0], plan.tasks[1]
    assert first.title == "推行一件事集成办理"
    assert first.deadline == "2021年12月底前"
    assert sub.parent_id == first.id
    assert first.section.startswith("二 重点任务 > (一) 深化审批改革")
    assert "各乡镇" in first.collective


def test_assignments(plan):
    def edges(task):
        return sorted((a.relation, a.agent_label, a.surface) for a in plan.assignments if a.task_id == task.id)

    first, sub, second, third = plan.tasks
    assert edges(first) == sorted([
        (LEADS, "Leader", "王一"), (LEADS, "Department", "县政务服务中心"), (LEADS, "Department", "县发改局"),
        (COOPERATES_ON, "Department", "县财政局"), (COOPERATES_ON, "Department", "市场监管局"),
    ])
    assert edges(sub) == [(COOPERATES_ON, "Department", "县自然资源局"), (LEADS, "Department", "县发改局")]
    assert edges(second) == [(COOPERATES_ON, "Department", "县住建局"), (COOPERATES_ON, "Department", "县供电公司")]
    assert {a.role for a in plan.assignments if a.task_id == second.id} == {"责任单位"}
    assert {a.surface for a in plan.assignments if a.task_id == third.id} == {"县发展改革部门", "市场监管部门", "商务部门", "税务部门"}
    depts = {d.id: d for d in plan.departments}
    center = next(d for d in plan.departments if d.name == "政务服务中心")
    assert "审改办" in center.aliases and center.jurisdiction == "甲县"
    assert "dept:甲县:发展和改革局" in depts


def test_goals_and_citations(plan):
    assert [(g.value, g.unit, g.year) for g in plan.goals] == [(1.0, "个工作日", 2023), (95.0, "%", 2023)]
    assert [(c.title, c.doc_number) for c in plan.citations] == [("某省优化营商环境条例", "某政发〔2020〕12号")]


def test_every_span_indexes_the_text_as_read(plan):
    for span in plan.spans():
        assert plan.text[span.start:span.end] == span.quote




def test_html_page_with_table(tmp_path):
    page = (
        "<html><head><style>.x{}</style><script>var a='牵头单位：假';</script></head><body>"
        "<div class='crumb'>您现在的位置：首页 &gt; 文件</div>"
        "<h1>乙市数字经济重点任务分工方案</h1><p>一、任务分工</p>"
        "<table><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
        "<tr><td>1</td><td>建设算力中心。推进项目落地。</td><td>市发改委、市经信局</td><td>市财政局</td><td>2024年底前</td></tr>"
        "<tr><td>2</td><td>培育数据企业。</td><td>市数据局</td><td>各县（市、区）</td><td>长期坚持</td></tr></table>"
        "<p>乙市人民政府办公室</p><p>2023年5月6日</p>"
        "<div class='comment'>您的姓名：</div><div>验证码：</div></body></html>"
    )
    path = tmp_path / "yi.html"
    path.write_text(page, encoding="utf-8")
    doc = parse_file(path)
    assert doc.title == "乙市数字经济重点任务分工方案"
    assert [t.number for t in doc.tasks] == ["1", "2"]
    assert doc.tasks[0].title == "建设算力中心" and doc.tasks[1].deadline == "长期坚持"
    got = sorted((a.relation, a.surface) for a in doc.assignments)
    assert got == sorted([(LEADS, "市发改委"), (LEADS, "市经信局"), (COOPERATES_ON, "市财政局"), (LEADS, "市数据局")])
    assert "各县（市、区）" in doc.tasks[1].collective
    assert doc.date == "2023-05-06"
    for span in doc.spans():
        assert doc.text[span.start:span.end] == span.quote


def test_docx_division_table(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in ("丙区人民政府办公室文件", "丙政办〔2022〕9号", "丙区城市更新任务分工方案", "一、任务分工"):
        d.add_paragraph(line)
    rows = [("序号", "重点任务", "责任领导", "牵头单位", "责任单位"),
            ("1", "实施老旧小区改造。", "赵六", "区住建局", "区财政局、区自然资源局"),
            ("2", "建设口袋公园。", "钱七", "区城管局", "各街道")]
    table = d.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_bytes(buf.getvalue(), "bing.docx", ".docx")
    assert doc.title == "丙区城市更新任务分工方案" and doc.doc_number == "丙政办〔2022〕9号"
    got = sorted((t.number, a.relation, a.agent_label, a.surface, a.role) for t in doc.tasks for a in doc.assignments if a.task_id == t.id)
    assert got == sorted([
        ("1", LEADS, "Leader", "赵六", "责任领导"), ("1", LEADS, "Department", "区住建局", "牵头单位"),
        ("1", COOPERATES_ON, "Department", "区财政局", "责任单位"), ("1", COOPERATES_ON, "Department", "区自然资源局", "责任单位"),
        ("2", LEADS, "Leader", "钱七", "责任领导"), ("2", LEADS, "Department", "区城管局", "牵头单位"),
    ])
    assert doc.tasks[1].collective == ("各街道",)


def test_repeated_page_body_gives_tasks_once():
    body = [f"{k}.推进第{k}项改革工作。加强统筹协调，形成工作合力，确保改革落地见效。（牵头单位：市发改局）" for k in range(1, 6)]
    text = "\n".join(["丁市改革方案", "一、任务", *body, "丁市人民政府", "2020年1月2日", "丁市改革方案", "一、任务", *body])
    doc = parse_bytes(text.encode(), "ding.txt", ".txt")
    assert [t.number for t in doc.tasks] == ["1", "2", "3", "4", "5"]


def test_lost_characters_do_not_break_structure():
    text = "戊市方案\n一、目标\n??到2015年，产值达到100亿元。\n??研发投入比重达到2%。\n二、任务\n1.建设园区。（牵头单位：市经信局）"
    doc = parse_bytes(text.encode(), "wu.txt", ".txt")
    assert [(g.value, g.year) for g in doc.goals] == [(100.0, 2015), (2.0, 2015)]
    assert [t.title for t in doc.tasks] == ["建设园区"]


@pytest.mark.parametrize("data,message", [
    (b"", "x.txt: the file is empty"),
    (b"   \n\n", "x.txt: the file is empty"),
])
def test_input_errors_are_one_line(data, message):
    with pytest.raises(InputError) as err:
        parse_bytes(data, "x.txt", ".txt")
    assert str(err.value) == message


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "nope.txt")


def test_only_page_noise_is_an_input_error():
    with pytest.raises(InputError, match="no text left"):
        parse_bytes("上一页 下一页\n打印本页".encode(), "n.txt", ".txt")


def test_importing_loaders_does_not_import_jieba():
    code = "import sys, loaders; assert 'jieba' not in sys.modules and 'docx' not in sys.modules and 'pypdf' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_html_table_with_rowspan_and_site_furniture():
    page = (
        "<html><body><div class='header'>网站首页 | 政务公开 | 互动交流</div>"
        "<p>某市某区人民政府办公室关于印发某区产业行动方案的通知</p><p>某区府办〔2023〕11号</p>"
        "<p>某市某区人民政府办公室</p><p>2023年4月20日</p><p><b>某区产业行动方案</b></p><p>一、重点任务</p>"
        "<table><tr><td>类别</td><td>序号</td><td>工作任务</td><td>牵头单位</td><td>配合单位</td></tr>"
        "<tr><td rowspan='2'>产业培育</td><td>1</td><td>培育产业集群。</td><td>区工业和信息化局</td><td>区科技局</td></tr>"
        "<tr><td>2</td><td>壮大医药产业。</td><td>区卫生健康局</td><td>区市场监管局</td></tr></table>"
        "<div class='footer'>主办：某区人民政府办公室 版权所有 网站标识码：0000</div></body></html>"
    )
    doc = parse_bytes(page.encode("gbk"), "p.html", ".html")
    assert doc.title == "某区产业行动方案" and doc.doc_number == "某区府办〔2023〕11号"
    assert "网站首页" not in doc.text and "版权所有" not in doc.text
    got = [(t.number, [(a.relation, a.surface) for a in doc.assignments if a.task_id == t.id]) for t in doc.tasks]
    assert got == [("1", [(LEADS, "区工业和信息化局"), (COOPERATES_ON, "区科技局")]),
                   ("2", [(LEADS, "区卫生健康局"), (COOPERATES_ON, "区市场监管局")])]


@pytest.mark.parametrize(("page_title", "title"), [
    ("某某县人民政府", ""), ("某某县人民政府门户网站", ""), ("某某县人民政府 | 某某县政府网", ""),
    ("某某县关于整治河道的通知_某某县人民政府", "某某县关于整治河道的通知"),
])
def test_a_page_titled_only_by_its_site_names_no_document(page_title, title):
    # a body with no title line: the page's <title> names the document only when it is more than the site
    page = (f"<html><head><title>{page_title}</title></head><body><div class='article-content'>"
            "<p>为做好河道整治工作，现就有关事项通知如下：</p><p>一、各乡镇要在三月底前完成排查。</p></div></body></html>")
    assert parse_bytes(page.encode(), "t.html", ".html").title == title


def test_a_page_title_printed_again_as_the_first_line_loses_the_site_name():
    # a headline that ends in no document type (…答记者问) keeps what follows a dash in general, but
    # when the body prints it alone as its first line, the rest of the page's <title> is the site
    page = ("<html><head><title>某某县发展改革局负责人就河道整治答记者问_某某县人民政府</title></head><body>"
            "<p>某某县发展改革局负责人就河道整治答记者问</p><p>记者：今年的整治有哪些安排？</p>"
            "<p>答：各乡镇要在三月底前完成排查。</p></body></html>")
    assert parse_bytes(page.encode(), "t.html", ".html").title == "某某县发展改革局负责人就河道整治答记者问"


def test_national_documents_have_a_national_jurisdiction():
    text = "\n".join(["国务院办公厅关于优化某项制度的意见", "一、重点任务",
                     "（一）完善清单管理。健全机制。（国家发展改革委、商务部牵头，国务院相关部门按职责分工负责）",
                     "国务院办公厅", "2022年8月31日"])
    doc = parse_bytes(text.encode(), "n.txt", ".txt")
    assert doc.jurisdiction == "中华人民共和国"
    assert {a.agent_id for a in doc.assignments} == {"dept:中华人民共和国:国家发展改革委", "dept:中华人民共和国:商务部"}
    assert doc.tasks[0].number == "(一)"


def test_subitems_with_their_own_responsibility_lines():
    text = "\n".join([
        "某县行动方案", "二、重点任务", "1．推行一网通办。",
        "（1）扩大网上办理事项范围。", "责任单位：县数据资源局（牵头）、县政务服务中心", "完成时限：2023年6月底前",
        "（2）推进电子证照应用。", "责任单位：县数据资源局、县公安局", "完成时限：2023年12月底",
    ])
    doc = parse_bytes(text.encode(), "c.txt", ".txt")
    first, second = doc.tasks  # "1．推行一网通办" only groups the assigned items
    assert (first.number, second.number) == ("(1)", "(2)")
    assert first.section.endswith("1 推行一网通办")
    assert first.deadline == "2023年6月底前" and second.deadline == "2023年12月底"
    assert sorted((a.relation, a.surface) for a in doc.assignments if a.task_id == first.id) == [
        (COOPERATES_ON, "县政务服务中心"), (LEADS, "县数据资源局")]


def test_review_sections_and_past_years_give_no_goals():
    text = "\n".join(["某县发展规划", "一、发展基础", "全县地区生产总值达到300亿元，年均增长8%。", "二、发展目标",
                     "到2025年，地区生产总值达到500亿元。2019年，财政收入达到20亿元。", "某县人民政府", "2021年3月1日"])
    doc = parse_bytes(text.encode(), "g.txt", ".txt")
    assert [(g.value, g.unit, g.year) for g in doc.goals] == [(500.0, "亿元", 2025)]


def test_table_cell_with_a_marked_lead():
    text = "\n".join(["某市任务清单", "一、任务", "序号 | 工作内容 | 责任单位 | 时间进度",
                     "1 | 推进数据共享。 | 市大数据局（牵头）、市公安局 | 2024年底前"])
    doc = parse_bytes(text.encode(), "t.txt", ".txt")
    assert sorted((a.relation, a.surface) for a in doc.assignments) == [(COOPERATES_ON, "市公安局"), (LEADS, "市大数据局")]
    assert doc.tasks[0].deadline == "2024年底前"


def test_two_tables_give_distinct_task_ids():
    rows = ["序号 | 工作任务 | 牵头单位", "1 | 推进甲。 | 市发改委", "2 | 推进乙。 | 市财政局"]
    text = "\n".join(["某市方案", "一、第一批", *rows, "二、第二批", *rows])
    doc = parse_bytes(text.encode(), "t.txt", ".txt")
    assert len(doc.tasks) == 4 and len({t.id for t in doc.tasks}) == 4


def test_label_lines_below_paragraphs():
    text = "\n".join([
        "某区实施意见", "一、行动",
        "1.推进产业升级。做强主导产业。", "牵头单位：区经信局", "配合单位：区发改局",
        "发展现代服务业。建设集聚区。", "牵头单位：区发改局", "配合单位：区商务局",
        "2.加快城市建设。完善设施。", "补齐短板，提升品质。", "牵头单位：区住建局",
    ])
    doc = parse_bytes(text.encode(), "l.txt", ".txt")
    assert [(t.number, t.title) for t in doc.tasks] == [("1", "推进产业升级"), ("1.2", "发展现代服务业"), ("2", "加快城市建设")]
    edges = {t.number: sorted(a.surface for a in doc.assignments if a.task_id == t.id) for t in doc.tasks}
    assert edges == {"1": ["区发改局", "区经信局"], "1.2": ["区发改局", "区商务局"], "2": ["区住建局"]}
    assert doc.tasks[1].parent_id == doc.tasks[0].id


# Awkward inputs reported by the robustness suite (tests/test_robustness.py, issue #7)
def _plan(lines=None):
    tasks = lines or [f"{n}.推进第{n}项工作。加强协调。（牵头单位：市发改局；配合单位：市财政局、商务局）" for n in (1, 2, 3)]
    return "\n".join(["某市人民政府关于推进某项工作的实施意见", "一、重点任务", *tasks, "某市人民政府", "2023年5月6日"])


def test_truncated_utf8_is_still_utf8():
    doc = parse_bytes((_plan() + "\n附件").encode()[:-1], "t.txt", ".txt")
    assert doc.title == "某市人民政府关于推进某项工作的实施意见" and len(doc.assignments) == 9


def test_utf8_with_a_gbk_tail_decodes_both_parts():
    doc = parse_bytes(_plan().encode() + "\n附件：任务分工表".encode("gbk"), "m.txt", ".txt")
    assert len(doc.assignments) == 9 and doc.text.endswith("附件：任务分工表")


def test_repeated_numbering_keeps_both_items():
    lines = [f"{n}.推进第{k}项工作。加强协调。（牵头单位：市发改局；配合单位：市财政局、商务局）" for k, n in enumerate((1, 2, 2, 3))]
    doc = parse_bytes(_plan(lines).encode(), "r.txt", ".txt")
    assert len(doc.tasks) == 4 and len({t.id for t in doc.tasks}) == 4 and len(doc.assignments) == 12


def test_an_item_paragraph_printed_twice_in_a_row_is_one_item():
    lines = [f"{n}.推进第{n}项工作。加强协调。（牵头单位：市发改局；配合单位：市财政局、商务局）" for n in (1, 2, 3)]
    doc = parse_bytes(_plan([lines[0], lines[1], lines[1], lines[2]]).encode(), "d.txt", ".txt")
    assert [t.number for t in doc.tasks] == ["1", "2", "3"] and len(doc.assignments) == 9


def test_zero_width_characters_do_not_hide_labels():
    doc = parse_bytes(_plan().replace("牵头单位", "牵\u200b头单位").replace("市发改局", "市发\u200d改局").encode(), "z.txt", ".txt")
    assert len(doc.assignments) == 9 and "\u200b" not in doc.text


def test_bracket_debris_is_never_a_department():
    lines = ["1.推进工作。（牵头单位：市发改局（（；配合单位：市财政局）",
             "2.推进工作。（牵头单位：" + "（" * 300 + "市发改局" + "）" * 300 + "）"]
    doc = parse_bytes(_plan(lines).encode(), "b.txt", ".txt")
    assert all(len(d.name) <= 40 and "（" not in d.name for d in doc.departments)
    assert "发展和改革局" in {d.name for d in doc.departments}


def test_traditional_labels_in_a_big5_page():
    text = "\n".join(["臺北市政府關於推進數位經濟的實施意見", "一、重點任務",
                     "1.推進工作。（牽頭單位：市經濟發展局；配合單位：市財政局）", "臺北市政府", "2023年5月6日"])
    doc = parse_bytes(text.encode("big5"), "b5.txt", ".txt")
    assert sorted((a.relation, a.surface) for a in doc.assignments) == [(COOPERATES_ON, "市財政局"), (LEADS, "市經濟發展局")]
