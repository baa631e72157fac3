"""Golden tests for loaders.structure: header facts and the numbered outline."""

import pytest

from policykg.loaders.resolve import find_place
from policykg.loaders.signature import parse_date_line
from policykg.loaders.structure import match_marker, normalise_doc_number, parse_outline

RED_HEAD = "\n".join([
    "中共某某市委文件",
    "某委发[2011]7号",
    "中 共 某 某 市 委",
    "关于加快某项改革的决定",
    "各县（市、区）委：",
    "一、总体要求",
    "（一）指导思想。坚持改革创新。",
    "二、主要任务",
    "（一）推进制度建设。建立健全制度。",
    "中 共 某 某 市 委",
    "2011年3月9日",
])


@pytest.mark.parametrize("printed", ["衢委发[2009]25号", "衢委发［2009］25号", "衢委发(2009)25号", "衢委发【2009】25号", "衢委发〔2009〕25号", "衢委发（2009）025号"])
def test_doc_number_brackets_normalised(printed):
    outline = parse_outline(f"{printed}\n关于某事的通知\n一、要求", "a.txt")
    assert outline.doc_number == "衢委发〔2009〕25号"


def test_red_head_document():
    o = parse_outline(RED_HEAD, "a.txt")
    assert o.title == "关于加快某项改革的决定"
    assert o.title_span.quote == o.title
    assert [name for name, _ in o.issuers] == ["中共某某市委"]
    assert o.date == "2011-03-09"
    assert o.doc_number == "某委发〔2011〕7号"


def test_signature_date_wins_over_page_publish_date():
    text = "关于某事的实施方案\n一、任务\n某县人民政府办公室\n2016年4月8日"
    o = parse_outline(text, "a.txt", {"published": "2016-05-01"})
    assert o.date == "2016-04-08"
    assert [n for n, _ in o.issuers] == ["某县人民政府办公室"]


def test_publish_date_is_the_fallback():
    o = parse_outline("关于某事的决定\n一、任务", "a.txt", {"published": "2019-12-05"})
    assert o.date == "2019-12-05"


def test_wrapper_notice_gives_the_attached_plan_title_and_notice_issuers():
    text = "\n".join([
        "关于印发《甲市乙产业发展总体方案》的通知",
        "各县（市、区）人民政府：",
        "《甲市乙产业发展总体方案》已经市政府同意，现印发给你们，请认真贯彻执行。",
        "中共甲市委办公室",
        "甲市人民政府办公室",
        "2010年12月28日",
        "甲市乙产业发展总体方案",
        "一、指导思想",
    ])
    o = parse_outline(text, "a.txt")
    assert o.title == "甲市乙产业发展总体方案"
    assert o.title_span.start == text.index("\n甲市乙产业发展总体方案\n") + 1
    assert [n for n, _ in o.issuers] == ["中共甲市委办公室", "甲市人民政府办公室"]
    assert o.date == "2010-12-28"


def test_wrapper_without_book_marks():
    text = "丙市人民政府办公室关于印发丙市营商环境改革工作方案的通知\n各县：\n现印发给你们。\n一、任务"
    assert parse_outline(text, "a.txt").title == "丙市营商环境改革工作方案"


def test_issuers_from_title_prefix_and_jurisdiction():
    o = parse_outline("中共铜官区委 铜官区人民政府关于贯彻某计划的实施意见\n一、总体要求", "a.txt")
    assert [n for n, _ in o.issuers] == ["中共铜官区委", "铜官区人民政府"]
    assert o.jurisdiction == "铜官区"
    for name, span in o.issuers:
        assert span.quote == name


def test_chinese_numeral_date():
    assert parse_date_line("二〇一六年四月八日") == "2016-04-08"
    assert parse_date_line("2016年13月8日") is None


def test_find_place_is_most_specific():
    assert find_place("苏州市吴江区人民政府办公室") == "吴江区"
    assert find_place("东阳市人民政府办公室") == "东阳市"
    assert find_place("中共衢州市委") == "衢州市"
    assert find_place("某某县人民政府") == "某某县"


@pytest.mark.parametrize("line,style,number", [
    ("一、总体要求", "cn", "一"),
    ("（三）主要目标", "paren_cn", "(三)"),
    ("(三)主要目标", "paren_cn", "(三)"),
    ("1.建立制度", "arabic_dot", "1"),
    ("1．建立制度", "arabic_dot", "1"),
    ("12、建立制度", "arabic_dun", "12"),
    ("(2)围绕", "paren_arabic", "(2)"),
    ("——发挥优势", "bullet", "——"),
    ("??坚持解放思想", "bullet", "??"),
    ("第一章 总则", "chapter", "一"),
])
def test_markers(line, style, number):
    found = match_marker(line)
    assert found is not None and found[0] == style and found[2] == number


def test_numbers_are_not_markers():
    assert match_marker("2020年，全面建成") is None
    assert match_marker("3.5%以上") is None


def test_outline_nests_by_style():
    text = "\n".join(["标题的意见", "一、总体要求", "1、指导思想。", "2、奋斗目标。", "1.到2020年，建成。", "——创新。正文。", "2.到2035年。",
                     "（三）重大战略。", "二、实施行动", "1. 深化改革。正文。"])
    o = parse_outline(text, "a.txt")
    shape = [(h.depth, h.number) for h in o.headings]
    assert shape == [(0, "一"), (1, "1"), (1, "2"), (2, "1"), (3, "——"), (2, "2"), (1, "(三)"), (0, "二"), (1, "1")]
    first_task = o.headings[-1]
    assert [h.number for h in o.section_path(first_task)] == ["二"]


def test_feedback_table_is_excluded():
    text = "\n".join(["某区实施意见(征求意见稿)", "一、任务", "1.做事。（牵头单位：区科技局）",
                     "关于某实施意见征求意见部门反馈情况", "序号", "单位", "主要意见", "1", "区人社局", "建议责任单位增加区民政局。"])
    o = parse_outline(text, "a.txt")
    lines = text.split("\n")
    assert {lines[i] for i in o.excluded} >= {"建议责任单位增加区民政局。", "区人社局"}
    assert 2 not in o.excluded


def test_normalise_doc_number():
    assert normalise_doc_number("浙政发", "2015", "031") == "浙政发〔2015〕31号"


def test_title_line_with_site_suffix_and_label():
    o = parse_outline("标题：某市人民政府关于加强某某工作的意见_某市人民政府门户网站\n一、总体要求", "a.txt")
    assert o.title == "某市人民政府关于加强某某工作的意见"
    assert o.title_span.quote == o.title


def test_gov_metadata_lines_give_issuer_number_and_date():
    text = "\n".join(["索引号：000000/2021-00001", "发文机关：某某省人民政府办公厅", "发文字号：某政办发〔2021〕5号",
                     "成文日期：2021年03月02日", "某某省人民政府办公厅关于推进某事的实施意见", "一、总体要求"])
    o = parse_outline(text, "a.txt", {"written": "2021-03-02"})
    assert [n for n, _ in o.issuers] == ["某某省人民政府办公厅"]
    assert o.doc_number == "某政办发〔2021〕5号" and o.date == "2021-03-02"
    assert o.title == "某某省人民政府办公厅关于推进某事的实施意见"


def test_signature_and_date_on_one_line():
    o = parse_outline("关于某事的方案\n一、任务\n某县人民政府办公室 2020年5月6日", "a.txt")
    assert o.date == "2020-05-06" and [n for n, _ in o.issuers] == ["某县人民政府办公室"]


def test_half_paren_marker():
    assert match_marker("1）推进改革")[0] == "half_paren"


def test_decimal_numbering_nests():
    o = parse_outline("某规划\n1 总体要求\n1.1 指导思想\n1.1.1 坚持创新。内容。\n1.2 目标\n2.2035年，基本建成", "a.txt")
    assert [(h.style, h.number, h.depth) for h in o.headings] == [
        ("decimal2", "1.1", 0), ("decimal3", "1.1.1", 1), ("decimal2", "1.2", 0), ("arabic_dot", "2", 0)]


def test_title_after_the_red_head_beats_the_page_headline():
    text = "某市人民政府关于推进某事的实施意见\n某市人民政府文件\n某政发〔2020〕3号\n关于推进某事的实施意见\n一、总体要求"
    o = parse_outline(text, "a.txt")
    assert o.title == "关于推进某事的实施意见" and o.title_span.start == text.rindex("关于推进某事的实施意见")


def test_a_sentence_about_feedback_is_not_a_feedback_table():
    text = "某方案\n一、任务\n完善群众意见反馈办理机制，及时回应关切。\n1.做事。（牵头单位：市信访局）"
    assert parse_outline(text, "a.txt").excluded == set()


def test_consultation_notice_gives_the_draft_with_its_edition_note():
    text = ("关于公开征求《某某县养老服务三年行动计划（征求意见稿）》意见的公告\n"
            "现将《某某县养老服务三年行动计划（征求意见稿）》全文公布，公开征求意见。\n"
            "附件：\n某某县养老服务三年行动计划\n（征求意见稿）\n一、工作目标\n到2025年，建成养老机构10家。\n"
            "某某县民政局\n2023年3月1日")
    o = parse_outline(text, "a.txt")
    assert o.title == "某某县养老服务三年行动计划（征求意见稿）"
    assert [name for name, _ in o.issuers] == ["某某县民政局"]


def test_issuers_from_the_imprint_when_no_signature_names_them():
    text = ("某某市人民政府办公厅关于印发某某市节水工作方案的通知\n某政办字〔2009〕8号\n各区人民政府：\n现印发给你们。\n"
            "二〇〇九年五月十二日\n某某市节水工作方案\n一、目标\n节约用水。\n某某市人民政府办公厅\n二〇〇九年五月十二日印发")
    o = parse_outline(text, "a.txt")
    assert [name for name, _ in o.issuers] == ["某某市人民政府办公厅"]
    assert o.date == "2009-05-12" and o.title == "某某市节水工作方案"


@pytest.mark.parametrize("printed", ["2021年3月26日（此件公开发布）", "2021年3月26日(此件主动公开)", "２０２１年３月２６日"])
def test_signature_date_with_a_publication_note_or_full_width_digits(printed):
    assert parse_date_line(printed) == "2021-03-26"


def test_doc_number_with_di():
    o = parse_outline("某某区人民政府文件\n某政发〔2021〕第3号\n某某区河长制工作方案\n一、总体要求\n加强管理。", "a.txt")
    assert o.doc_number == "某政发〔2021〕3号"


@pytest.mark.parametrize("line, number", [("1﹒建立制度", "1"), ("2､推进改革", "2"), ("三﹒保障措施", "三")])
def test_small_and_halfwidth_stops_number_items(line, number):
    found = match_marker(line)
    assert found is not None and found[2] == number
