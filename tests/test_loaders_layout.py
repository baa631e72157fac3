"""Layout recovery, scraper headers, SQL dumps and the rule data files (issue #11, shape side).

Small texts written for these tests; the real documents in every shape are in test_renditions.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph.ingest import find_files
from policykg.loaders import layout, letterhead, parse_bytes, read, rules
from policykg.loaders.read import read_bytes

ITEMS = [f"{k}.推进第{k}项改革。完善配套制度，强化统筹协调，确保改革落地见效。（牵头单位：市发改局；配合单位：市财政局）" for k in range(1, 4)]
PLAN = ["某市人民政府关于推进改革的实施意见", "某政发〔2021〕3号", "各县（市、区）人民政府，市直各单位：",
        "为推进改革，提出如下意见。", "一、总体要求", "到2025年，改革任务全面完成。", "二、主要任务", *ITEMS,
        "某市人民政府", "2021年3月5日"]


def _facts(doc):
    return (doc.title, doc.doc_number, doc.date,
            sorted((a.task_id.rsplit("/", 1)[-1], a.surface, a.relation) for a in doc.assignments))


@pytest.fixture(scope="module")
def clean_facts():
    return _facts(parse_bytes("\n".join(PLAN).encode(), "plan.txt", ".txt"))


# --------------------------------------------------------------------------- rules data files


def test_rule_files_load_and_every_marker_style_counts_its_numbers():
    assert [s for s, _r, _p in rules.MARKERS][:4] == ["chapter", "cn", "paren_cn", "article"]
    for text, style, number in [("二、任务", "cn", 2), ("（十二）加强", "paren_cn", 12), ("3.建立", "arabic_dot", 3),
                                ("４﹒建立", "arabic_dot", 4), ("7、完善", "arabic_dun", 7), ("（5）落实", "paren_arabic", 5),
                                ("③推进", "circled", 3)]:
        m = rules.MARKER_ANYWHERE.search(text)
        assert rules.marker_number(m) == (style, number), text
    assert "征求意见稿" in rules.DRAFT_MARKERS and "公开征求意见稿" in rules.DRAFT_MARKERS
    assert "实施方案" in rules.DOC_TYPES.split("|")
    assert rules.cn_number("二十五") == 25 and rules.cn_number("一百零三") == 103


def test_structure_citations_and_scoring_read_the_same_data():
    from policykg.loaders import citations, scoring, structure

    assert structure._MARKERS is rules.MARKERS
    assert structure.DOC_TYPES == rules.DOC_TYPES
    assert structure._EDITION_LINE.match("（公开征求意见稿）") and citations._EDITION.search("X方案（公开征求意见稿）")
    assert scoring.task_key("1﹒建立健全制度") == scoring.task_key("建立健全制度")


def test_header_fields_and_navigation_come_from_the_furniture_file():
    assert rules.HEADER_FIELD_LINE.match("原文链接: http://x.gov.cn/a.html").group(1) == "原文链接"
    assert rules.HEADER_FIELD_LINE.match("文号：").group(2) == ""
    assert rules.NAV_LINE.match("简体版 | 繁體版") and rules.NAV_LINE.match("分享到：微信 微博 QQ空间")
    assert not rules.NAV_LINE.match("加强微信公众号建设。")


# --------------------------------------------------------------------------- layout


def test_page_numbers_and_the_running_header_after_them_are_dropped():
    lines = ["第一页的正文，还没有说完", "— 1 —", "", "某市人民政府文件", "接着说完。", "- 2 -", "某市人民政府文件", "第二页。", "第3页 共3页"]
    assert layout.drop_page_furniture(lines) == ["第一页的正文，还没有说完", "接着说完。", "第二页。"]


def test_hard_wraps_are_joined_but_items_rows_and_signatures_start_lines():
    text = "".join(PLAN[3:10])
    wrapped = [text[k:k + 30] for k in range(0, len(text), 30)]
    assert layout.wrap_width(wrapped) == (30, 0)
    assert layout.rebuild(wrapped) == PLAN[3:10]  # joined, then split again at the items
    assert layout.wrap_width(ITEMS * 3) == (0, 0)  # items of one length are not a wrap


def test_a_flattened_line_is_split_at_markers_in_sequence_not_at_prose():
    line = "".join(PLAN)  # joined with nothing
    parts = layout.split_long_line(line)
    assert "二、主要任务" in parts and parts[-2:] == ["某市人民政府", "2021年3月5日"]
    assert [p[:2] for p in parts if p[1:2] == "."] == ["1.", "2.", "3."]
    assert "某政发〔2021〕3号" in parts
    prose = "坚持统一、规范、高效，做到一、二个方面突破。" * 20
    assert layout.split_long_line(prose) == [prose]


def test_spaces_split_a_space_flattened_page_but_keep_spaced_names_and_titles():
    line = " ".join(["中 共 某 市 委", "关于加快发展的决定", "副组长：冯 镭 沈 慧", "成员：李红樱、王 强。",
                     "引用《中共中央 国务院关于某事的意见》。"] * 20)
    parts = layout.split_long_line(line)
    assert "中 共 某 市 委" in parts and "关于加快发展的决定" in parts
    assert any("冯 镭 沈 慧" in p for p in parts) and "引用《中共中央 国务院关于某事的意见》。" in parts


def test_a_title_printed_over_two_lines_is_joined():
    lines = ["某政办函〔2013〕89号", "某市人民政府办公室关于成立某市", "信用建设工作领导小组的通知", "组长：张三"]
    assert layout.rebuild(lines)[:3] == ["某政办函〔2013〕89号", "某市人民政府办公室关于成立某市信用建设工作领导小组的通知", ""]
    assert parse_bytes("\n".join(lines).encode(), "t.txt", ".txt").title == "某市人民政府办公室关于成立某市信用建设工作领导小组的通知"


def test_table_rows_run_together_are_split_by_row_numbers():
    line = "序号 | 工作任务 | 牵头单位 1 | 推进改革。 | 市发改局 2 | 完善制度，提高2.5倍 | 市财政局"
    assert layout.split_rows(line) == ["序号 | 工作任务 | 牵头单位", "1 | 推进改革。 | 市发改局", "2 | 完善制度，提高2.5倍 | 市财政局"]


@pytest.mark.parametrize("sep", [" ", ""])
def test_flattened_plan_keeps_its_facts(sep, clean_facts):
    doc = parse_bytes(sep.join(PLAN).encode(), "plan.txt", ".txt")
    assert _facts(doc) == clean_facts
    for a in doc.assignments:
        assert doc.text[a.span.start:a.span.end] == a.span.quote


def test_flattened_page_keeps_no_furniture():
    page = " ".join(PLAN[:6] + ["— 2 —"] + PLAN[6:]).encode()
    text = read_bytes(page, "p.txt", ".txt").text
    assert "— 2 —" not in text and "一、总体要求" in text.split("\n")


@pytest.mark.parametrize("width", [28, 33, 40])
def test_hard_wrapped_plan_with_page_numbers_keeps_its_facts(width, clean_facts):
    lines = []
    for line in PLAN:
        lines += [line[k:k + width] for k in range(0, len(line), width)]
    pages = [lines[k:k + 7] for k in range(0, len(lines), 7)]
    printed = []
    for n, page in enumerate(pages, 1):
        printed += (["某市人民政府文件"] if n > 1 else []) + page + [f"— {n} —"]
    assert _facts(parse_bytes("\n".join(printed).encode(), "plan.txt", ".txt")) == clean_facts


# --------------------------------------------------------------------------- scraper headers


def test_scraper_header_lines_are_metadata_never_title_or_text(clean_facts):
    head = ["标题: 某市人民政府关于推进改革的实施意见", "发布时间: 2021-03-09 10:00", "文号: ", "原文链接: http://www.x.gov.cn/a.html",
            "本地目录: zwgk/2021/a", "简体版 | 繁體版", "当前位置：首页 > 政务公开 > 文件", "分享到：微信 微博 QQ空间"]
    page = read_bytes("\n".join(head + PLAN).encode(), "p.txt", ".txt")
    assert page.meta["page_title"] == "某市人民政府关于推进改革的实施意见" and page.meta["published"] == "2021-03-09"
    assert not any(word in page.text for word in ("原文链接", "本地目录", "繁體版", "QQ空间", "文号:"))
    doc = parse_bytes("\n".join(head + PLAN).encode(), "p.txt", ".txt")
    assert _facts(doc) == clean_facts  # 成文日期 by the signature, 文号 from the body


def test_portal_label_value_rows_and_breadcrumbs_are_dropped():
    page = read_bytes("\n".join(["某区人民政府网 > 政务公开 > 规范性文件", "索引号：  0010/2024-00017  发布机构：  某区人民政府办公室",
                                 *PLAN]).encode(), "p.txt", ".txt")
    assert "索引号" not in page.text and "规范性文件" not in page.text and "doc_number" not in page.meta


# --------------------------------------------------------------------------- SQL dumps


def _sql(body: str, twice: bool = True) -> bytes:
    esc = body.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"').replace("\n", "\\n")
    values = ["7", "某市人民政府关于推进改革的实施意见", "为推进改革...", esc] + ([esc] if twice else []) + ["2021-03-09 10:00:00"]
    cols = ["id", "title", "summary", "content"] + (["content2"] if twice else []) + ["created_at"]
    return (f"INSERT INTO `post` ({','.join(f'`{c}`' for c in cols)}) VALUES\n("
            + ",".join(f"'{v}'" for v in values) + ");\n").encode()


def test_dump_rows_are_read_with_escapes_and_the_body_kept_once():
    body = '<p style="x">为推进改革，提出如下意见。</p>\n<p><span>一、</span><span>总体要求</span></p><p>It\'s "ok"</p>'
    rows = read.dump_rows(_sql(body).decode())
    assert rows[0]["content"] == body and rows[0]["title"].startswith("某市")
    text, meta = read.dump_document(_sql(body).decode())
    assert text == body and meta == {"page_title": "某市人民政府关于推进改革的实施意见", "published": "2021-03-09"}


def test_sql_row_with_html_body_keeps_the_facts(clean_facts):
    html = "\n".join(f"<p>{line}</p>" for line in PLAN).replace("<p>一、", "<p><span>一、</span>")
    doc = parse_bytes(_sql(html), "plan.sql", ".sql")
    assert _facts(doc) == clean_facts
    assert doc.text.count("推进第1项改革") == 1


def test_sql_files_are_found_in_folders(tmp_path: Path):
    (tmp_path / "dump.sql").write_bytes(_sql("<p>正文</p>"))
    (tmp_path / "a.txt").write_text("正文", encoding="utf-8")
    assert [p.name for p in find_files([tmp_path])] == ["a.txt", "dump.sql"]


# --------------------------------------------------------------------------- signatures and openings of any shape

_JOINT = ["江城市科学技术委员会", "江城市卫生健康委员会", "江城市教育委员会"]
_NOTICE = ["关于印发《江城市科技攻关实施意见》的通知", "各有关单位：", "现将《江城市科技攻关实施意见》印发给你们，请认真按照执行。",
           *_JOINT, "2025年7月16日", "江城市科技攻关实施意见", "一、总体要求", "到2027年，建成重点实验室20家。"]


@pytest.mark.parametrize("sep", [" ", ""])
def test_a_joint_signature_keeps_every_office_when_the_page_is_flattened(sep):
    clean = parse_bytes("\n".join(_NOTICE).encode(), "n.txt", ".txt")
    flat = parse_bytes(sep.join(_NOTICE * 1).encode() + b" " * 0, "n.txt", ".txt")
    names = lambda doc: [i.span.quote for i in doc.issuers]  # noqa: E731
    assert names(clean) == _JOINT
    assert names(flat) == _JOINT


def test_offices_glued_in_a_signature_are_parted_one_by_one():
    assert letterhead.split_offices("".join(_JOINT)) == _JOINT


def test_a_wrap_never_joins_an_office_line_to_the_sentence_before_it():
    # the cover sentence ends exactly at the cut width: the office under it signs, it does not go on
    lines = ["现将《江城市科技攻关实施意见》印发给你们，请认真按照执行。", *_JOINT, "2025年7月16日"]
    assert layout.join_wraps(lines, len(lines[0]), 0) == lines


def test_addressees_at_the_start_of_a_flattened_line_are_their_own_line():
    body = "为推进改革，现提出如下实施意见。到2020年底，各地共建成30所左右示范高中。" * 10
    assert letterhead.split_signature("各市、县（区）人民政府，省政府各部门：" + body)[:2] == ["各市、县（区）人民政府，省政府各部门：", body]


def test_a_body_that_names_its_document_in_its_first_sentence_keeps_its_goals():
    # no title line: 现就X提出如下实施意见 names the document, and the same paragraph (a flattened
    # page: the whole body) states the targets
    text = ("各市人民政府：为推进普通高中改革，现就推进普通高中育人方式改革提出如下实施意见。"
            "到2020年底，各地共建成30所左右示范高中。" + "各地要加强统筹，落实责任。" * 30 + "某省人民政府办公厅2020年2月5日")
    doc = parse_bytes(text.encode(), "g.txt", ".txt")
    assert doc.title == "关于推进普通高中育人方式改革的实施意见"
    assert [(g.value, g.unit, g.year) for g in doc.goals] == [(30.0, "所", 2020)]


def test_a_title_cut_before_the_end_of_its_document_type_is_joined():
    lines = ["乡镇考核依据", "江城县2018年度河长制湖长制工作乡镇目标管理(绩效）考", "核细则", "序号  考核项目  各项分值"]
    assert layout.join_title(lines)[1] == "江城县2018年度河长制湖长制工作乡镇目标管理(绩效）考核细则"
    assert layout.join_title(["某市人民政府办公室", "印发通知"]) == ["某市人民政府办公室", "印发通知"]  # an office line is no title half


def test_a_spaced_label_glued_to_a_title_starts_its_own_line():
    line = "某政办函[2013]89号某市人民政府办公室关于成立某市信用建设工作领导小组的通知组 长：李某副组长：冯 某沈 某何某某（市纪委）成 员：巫某某（市府办）"
    parts = layout.split_long_line(line * 1)
    assert "某市人民政府办公室关于成立某市信用建设工作领导小组的通知" in parts
    assert any(p.startswith("组 长：") for p in parts)


@pytest.mark.parametrize(("text", "title"), [
    ("乡镇考核依据江城县2018年度河长制工作考核细则", "江城县2018年度河长制工作考核细则"),
    ("江城县2018年度河长制工作考核细则", "江城县2018年度河长制工作考核细则"),
    ("转发江城县2018年度河长制工作考核细则的通知", "转发江城县2018年度河长制工作考核细则的通知"),
])
def test_a_short_page_label_glued_before_a_place_and_year_is_not_the_title(text, title):
    from policykg.loaders.structure import title_part
    a, b = title_part(text)
    assert text[a:b] == title


def test_a_title_that_fills_the_wrap_width_keeps_the_field_and_number_lines_under_it():
    title = "某某市关于推动未来产业创新发展的实施意见"  # 20 characters: exactly the wrap width
    body = "为加快产业发展，现提出如下意见，请各地各部门结合实际认真贯彻落实，确保各项任务落到实处。" * 3
    lines = [title, "发布机构: 某市工信局", title, "某工信发〔2024〕12号", *(body[k:k + 20] for k in range(0, len(body), 20))]
    out = layout.join_wraps(lines, 20)
    assert out[:4] == [title, "发布机构: 某市工信局", title, "某工信发〔2024〕12号"]
    assert out[4] == body  # the body's wraps are still joined


def test_a_space_flattened_page_keeps_a_title_printed_with_a_space_as_its_notice_quotes_it():
    title = "甲市支持企业加强基础研究 增强发展新动能的若干措施"
    line = " ".join([f"关于印发《{title}》的通知", "各区人民政府：", "现将《" + title + "》印发给你们，请认真贯彻执行。",
                     "甲市人民政府办公厅", "2025年7月23日", title, "为了支持企业加强基础研究，制定本措施。"])
    assert title in layout._split_spaces(line)


def test_the_end_of_a_unit_list_after_a_page_number_is_text_not_a_running_header():
    lines = ["加强科技智库建设，评估结果作为支持依据。（责任单位：市委宣传部、市发展改革委、市教委、",
             "— 2 —", "", "市经济信息化委、市科委）", "深化科技领域智库改革。"]
    assert layout.drop_page_furniture(lines) == [lines[0], "市经济信息化委、市科委）", "深化科技领域智库改革。"]


def test_a_glued_doc_number_after_the_title_keeps_the_office_in_its_prefix():
    line = ("某部等七部门关于推动未来产业创新发展的实施意见工信部联科〔2024〕12号各省、自治区、直辖市工业和信息化主管部门："
            "为加快发展未来产业，现提出如下意见。一、总体要求坚持创新驱动。" + "推进产业发展。" * 40)
    doc = parse_bytes(line.encode(), "t.txt", ".txt")
    assert doc.doc_number == "工信部联科〔2024〕12号"


def test_a_space_flattened_signature_date_is_parted_from_a_bracketed_label_after_it():
    line = "完善统计调查制度。（责任单位：市科委） 某市人民政府办公厅 2025年5月17日 【原文下载】 某某意见.pdf"
    assert "2025年5月17日" in layout._split_spaces(line)


def test_a_role_label_cut_inside_its_bracket_still_assigns_the_task():
    text = "\n".join(["某市产业发展三年行动计划", "一、重点任务", "",
                      "1.开展智能交通应用。推动高精度服务在交通领域应用，助力打造数字交通。（牵头部", "",
                      "门：市交通委、市水务局）", "", "2.开展无人系统应用。推进应用研究。（牵头部门：市科委）"])
    doc = parse_bytes(text.encode(), "t.txt", ".txt")
    leads = {t.number: sorted(a.surface for a in doc.assignments if a.task_id == t.id) for t in doc.tasks}
    assert leads["1"] == ["市交通委", "市水务局"] and leads["2"] == ["市科委"]


@pytest.mark.parametrize("sep", ["", " "])
def test_a_flattened_basic_information_block_keeps_the_title_its_label_names(sep):
    # a portal's 基本信息 block (文档类型/文件名称/文件编号：无) run into the plan it heads
    lines = ["基本信息", "文档类型：政策类", "发布机构：江城市有关部门", "文件名称：江城市数字产业发展三年行动计划（2024-2026年）",
             "文件编号：无", "附件", "江城市数字产业发展三年行动计划", "（2024-2026年）",
             "为加快推动数字产业发展，打造区域数字产业高地，特制定本行动计划。", "一、发展目标",
             "以数字产业全链条发展为导向，着力提升产业能级。", "——产业规模进一步壮大。推动数字产业规模达到500亿元，培育50家骨干企业。",
             "二、主要任务", "1.建设公共服务平台。（牵头部门：市经济信息化委）", "2.培育骨干企业。（牵头部门：市科委）"]
    clean = parse_bytes("\n".join(lines).encode(), "p.txt", ".txt")
    flat = parse_bytes(sep.join(lines).encode(), "p.txt", ".txt")
    assert clean.title == flat.title == "江城市数字产业发展三年行动计划（2024-2026年）"
    assert [(g.value, g.year) for g in flat.goals] == [(g.value, g.year) for g in clean.goals] == [(500.0, 2026), (50.0, 2026)]


def test_a_wrap_that_cuts_at_a_space_inside_a_word_still_joins_the_lines():
    # the text layer kept a gap inside words (纳税 额, 设 备); a program cut the lines every 20 characters,
    # once right before such a gap and once right after one: neither piece is a new paragraph
    para = "第十二条 鼓励企业增加新投入。对年度纳税 额超过500万元的生产型企业，按其新增贡献的20%给予奖励。"
    lines = [para[k:k + 20] for k in range(0, len(para), 20)]
    assert lines[1].startswith(" ")
    assert layout.join_wraps(lines, 20, 0) == [para.replace("纳税 额", "纳税额")]
    para2 = "对所购置的生产性设 备投资总额达到300万元以上的，按其年末的地方财政贡献给予奖励，专项用于设备更新。"
    lines2 = [para2[k:k + 10] for k in range(0, len(para2), 10)]
    assert lines2[0].endswith(" ")
    assert layout.join_wraps(lines2, 10, 0) == [para2.replace("设 备", "设备")]
    # a paragraph indented with spaces after a sentence's end still starts a line
    assert layout.join_wraps(["一二三四五六七八九十一二三四五六七八九。", " 二段开始的文字写在这里"], 20, 0) == \
        ["一二三四五六七八九十一二三四五六七八九。", " 二段开始的文字写在这里"]


def test_a_space_flattened_page_keeps_the_gaps_inside_a_sentence_in_the_sentence():
    # the page already had gaps inside its sentences (纳税 额, 引导 资金); flattened with spaces, those
    # gaps must not start lines, while the line ends (after a stop, before an article) still do
    lines = ["一、政策支持", "第 1 条 设立总规模不低于2亿元的产业发展引导 资金，列入财政预算。",
             "第 2 条 鼓励企业增加投入。对年度纳税 额超过500万元的企业，按其新增贡献的20%给予奖励。",
             "第 3 条 鼓励技术改造。对所购置的生产性设 备(含环保设备)投资总额达到300万元(含税)以 上的，给予奖励。"]
    assert layout.split_long_line(" ".join(lines)) == lines
    doc = parse_bytes(" ".join(lines).encode(), "a.txt", ".txt")
    assert list(doc.goals) == []  # a fund's size and the conditions of a grant: no targets


def test_a_short_heading_glued_to_its_text_on_a_page_flattened_with_nothing_is_parted():
    lines = ["江城市人民政府办公室关于开展政策落实情况自查的通知", "各区人民政府，市政府各部门：",
             "现将有关事项通知如下，请认真组织实施，按时报送自查情况。",
             "一、各区自查", "各区要按照督查重点，对本地区落实情况开展逐项自查，认真总结经验做法。",
             "二、部门自查", "市级部门要按照职责分工，从行业主管部门的角度深入自查，确保措施落实。（牵头单位：市发展改革委、市财政局）",
             "三、重点抽查", "市政府将对重点部门落实情况开展抽查，及时发现问题。", "特此通知。"]
    clean = parse_bytes("\n".join(lines).encode(), "n.txt", ".txt")
    flat = parse_bytes("".join(lines).encode(), "n.txt", ".txt")
    titles = [t.title for t in clean.tasks]
    assert "部门自查" in titles and [t.title for t in flat.tasks] == titles
    assert sorted(a.surface for a in flat.assignments) == sorted(a.surface for a in clean.assignments) == ["市发展改革委", "市财政局"]
    # a heading word inside a longer word, or a heading that ends its own sentence, is left alone
    assert layout._split_heading("（一）明确目标任务，落实责任。") == ["（一）明确目标任务，落实责任。"]
    assert layout._split_heading("（三）提高质量标准化水平建设，") == ["（三）提高质量标准化水平建设，"]
    assert layout._split_heading("（一）强化督查考核机制。") == ["（一）强化督查考核机制。"]
    # words that run on past a heading word are one heading sentence, not a heading glued to its text
    assert layout._split_heading("（二）强化组织领导干部作风建设。各单位结合实际抓好落实。") == [
        "（二）强化组织领导干部作风建设。各单位结合实际抓好落实。"]
    assert layout._split_heading("（三）完善保障机制建设工作体系，加强统筹协调。") == ["（三）完善保障机制建设工作体系，加强统筹协调。"]


@pytest.mark.parametrize(("text", "title"), [
    ("信息公开详情关于开展惠民政策落实情况自查的通知", "关于开展惠民政策落实情况自查的通知"),  # a page's caption
    ("江城市人民政府关于开展惠民政策落实情况自查的通知", "江城市人民政府关于开展惠民政策落实情况自查的通知"),  # an issuer
    ("工业和信息化部等七部门关于推动产业发展的意见", "工业和信息化部等七部门关于推动产业发展的意见"),
    ("上海关于贯彻落实发展规划的实施意见", "上海关于贯彻落实发展规划的实施意见"),
    ("团中央关于开展活动的通知", "团中央关于开展活动的通知"),
    # national mass organizations print short names (中国科协, 全国妇联, 全国工商联): issuers, not captions
    ("中国科协关于开展科普活动的通知", "中国科协关于开展科普活动的通知"),
    ("全国妇联关于开展宣传活动的通知", "全国妇联关于开展宣传活动的通知"),
    ("全国工商联关于开展调研活动的通知", "全国工商联关于开展调研活动的通知"),
])
def test_a_page_caption_glued_before_about_is_not_part_of_the_title(text, title):
    from policykg.loaders.structure import title_part
    a, b = title_part(text)
    assert text[a:b] == title


def test_a_flattened_page_with_a_caption_and_a_poster_line_keeps_its_title():
    lines = ["信息公开详情", "关于开展惠民政策落实情况自查的通知", "发布人：王某 联络点：某某镇 时间：7月8号",
             "各区人民政府，市政府各部门：", "现将有关事项通知如下，请认真组织实施。", "一、各区自查",
             "各区要按照督查重点，对本地区落实情况开展逐项自查。", "特此通知。"]
    clean = parse_bytes("\n".join(lines).encode(), "n.txt", ".txt")
    flat = parse_bytes("".join(lines).encode(), "n.txt", ".txt")
    assert clean.title == flat.title == "关于开展惠民政策落实情况自查的通知"


def test_a_script_page_flattened_with_spaces_keeps_the_title_under_its_issuers():
    # a mini-program page holding the policy in template strings; a caption string comes first
    lines = ["Page({", "data: {", "text: `", "支持产业发展意见", "text1: `", "中共江城县委 江城县人民政府",
             "关于支持重点产业加快发展的实施意见", "(2023年3月8日)", "为推动重点产业发展，制定如下实施意见。",
             "一、政策支持", "设立产业发展引导资金，列入县财政预算。", "`", "}", "})"]
    clean = parse_bytes("\n".join(lines).encode(), "p.js", ".js")
    flat = parse_bytes(" ".join(lines).encode(), "p.js", ".js")
    assert clean.title == flat.title == "关于支持重点产业加快发展的实施意见"
    assert [i.span.quote for i in flat.issuers] == [i.span.quote for i in clean.issuers] == ["中共江城县委", "江城县人民政府"]
    # issuers and 关于 printed together on one line stay one title
    assert "中共江城县委 江城县人民政府关于支持产业发展的意见" in layout._split_spaces("各地要抓好落实。 中共江城县委 江城县人民政府关于支持产业发展的意见 为推动发展，制定本意见。")
