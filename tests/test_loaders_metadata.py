"""Golden tests for document metadata on real page shapes (title, issuers, jurisdiction), our own strings."""

import pytest

from policykg.loaders import parse_bytes
from policykg.loaders.resolve import NATIONAL
from policykg.loaders.scoring import predicted_from_document
from policykg.loaders.structure import parse_outline

BODY = "一、总体要求\n（一）目标。到2020年，完成改革。\n"


@pytest.mark.parametrize("noise", [
    "本地目录: zwgk/xxgk/2020关于推进改革的实施方案",
    "| 国务院关于推进改革的实施方案 | 2020-01-01",
    "当前位置：首页 > 政务公开 > 关于推进改革的实施方案",
    "INSERT INTO `post` (`id`,`title`) VALUES ('1','关于推进改革的方案",
])
def test_titles_never_come_from_paths_rows_breadcrumbs_or_code(noise):
    o = parse_outline(f"{noise}\n甲市关于推进改革的实施方案\n{BODY}", "a.txt")
    assert o.title == "甲市关于推进改革的实施方案"


def test_title_cut_after_the_issuer_is_joined():
    o = parse_outline("甲市人民政府办公室关于成立甲市\n信用建设工作领导小组的通知\n组长：王某某\n", "a.txt")
    assert o.title == "甲市人民政府办公室关于成立甲市信用建设工作领导小组的通知"


@pytest.mark.parametrize("cover, title", [
    ("《关于支持企业发展的若干措施》已经省政府同意，现印发给你们，请认真贯彻执行。", "关于支持企业发展的若干措施"),
    ("现将《乙县河道管理办法》印发给你们，请遵照执行。", "乙县河道管理办法"),
    ("为提高质量，现就新时代推进普通高中教学改革提出如下实施意见。", "关于新时代推进普通高中教学改革的实施意见"),
    ("('7','news','关于推进人才工作的实施意见','abc','为推进人才工作……", "关于推进人才工作的实施意见"),
])
def test_a_page_without_a_title_line_takes_the_name_its_text_gives(cover, title):
    assert parse_outline(f"{cover}\n{BODY}", "a.txt").title == title


def test_joint_issuers_of_a_city_and_its_district_belong_to_the_district():
    text = f"关于印发某方案的通知\n{BODY}上海市科学技术委员会\n上海市杨浦区人民政府\n2025年3月10日\n"
    o = parse_outline(text, "a.txt")
    assert [n for n, _ in o.issuers] == ["上海市科学技术委员会", "上海市杨浦区人民政府"]
    assert o.jurisdiction == "杨浦区"


def test_a_long_signature_block_keeps_every_office():
    offices = ["上海市科学技术委员会", "上海市卫生健康委员会", "上海市疾病预防控制局", "上海市药品监督管理局",
               "上海市经济和信息化委员会", "上海市教育委员会"]
    o = parse_outline("某实施意见\n" + BODY + "\n".join(offices) + "\n2025年7月16日\n", "a.txt")
    assert [n for n, _ in o.issuers] == offices and o.date == "2025-07-16"


def test_red_head_short_form_and_signature_full_name_are_one_issuer():
    text = f"发展改革委办公厅  文件\n税务总局办公厅\n关于加强信用建设的通知\n{BODY}国家发展改革委办公厅\n税务总局办公厅\n2019年8月20日\n"
    o = parse_outline(text, "a.txt")
    assert sorted(n for n, _ in o.issuers) == ["国家发展改革委办公厅", "税务总局办公厅"]
    assert o.jurisdiction == NATIONAL


def test_central_agencies_signing_in_short_form_are_named_in_full_for_the_plan():
    text = (f"关于推进信用修复工作的通知\n{BODY}国家发展改革委办公厅\n税务总局办公厅\n2019年8月20日\n").encode()
    doc = parse_bytes(text, "a.txt", ".txt")
    assert [i.label for i in doc.issuers] == ["国家发展和改革委员会办公厅", "国家税务总局办公厅"]
    assert [i.span.quote for i in doc.issuers] == ["国家发展改革委办公厅", "税务总局办公厅"]  # provenance as printed
    depts = {d.id: d for d in doc.departments}
    tax = depts[doc.issuers[1].department_id]
    assert tax.name == "国家税务总局办公厅" and "税务总局办公厅" in tax.aliases
    p = predicted_from_document(doc)
    assert p["issuers"] == ["国家发展和改革委员会办公厅", "国家税务总局办公厅"]
    assert p["issuers_printed"] == ["国家发展改革委办公厅", "税务总局办公厅"]


@pytest.mark.parametrize("text, offices", [
    ("关于推进信用修复工作的通知一、总体要求（一）目标。到2020年，完成改革。国家发展改革委办公厅税务总局办公厅2019年8月20日",
     ["国家发展改革委办公厅", "税务总局办公厅"]),  # a flattened page glues the signature
    (f"关于推进某项工作的通知\n{BODY}中共甲市委办公室甲市人民政府办公室\n2019年8月20日\n", ["中共甲市委办公室", "甲市人民政府办公室"]),
    (f"关于推进某项工作的通知\n{BODY}甲市人民政府办公室\n2019年8月20日\n", ["甲市人民政府办公室"]),
    (f"关于推进某项工作的通知\n{BODY}甲市乡村振兴领导小组办公室\n2019年8月20日\n", ["甲市乡村振兴领导小组办公室"]),
])
def test_general_offices_glued_in_a_signature_are_parted(text, offices):
    doc = parse_bytes(text.encode(), "a.txt", ".txt")
    assert [i.span.quote for i in doc.issuers] == offices


def test_a_local_office_signing_with_a_shared_short_form_keeps_its_printed_name():
    doc = parse_bytes(f"甲市关于统计工作的通知\n{BODY}甲市统计局\n2019年8月20日\n".encode(), "a.txt", ".txt")
    assert [i.label for i in doc.issuers] == ["甲市统计局"]
    assert not doc.issuers[0].department_id.startswith("dept:中华人民共和国")


def test_jurisdiction_from_a_title_that_opens_with_its_county():
    o = parse_outline("乙县2018年度河道管理工作考核细则\n序号 | 考核项目\n", "a.txt")
    assert o.jurisdiction == "乙县"


def test_jurisdiction_from_the_place_the_body_names_most():
    text = "各市、县（区）人民政府：\n为推进江西高质量发展，提出如下意见。\n一、目标\n江西要在全省推广。\n2020年2月5日\n"
    assert parse_outline(text, "a.txt").jurisdiction == "江西省"
    once = "各市、县（区）人民政府：\n为推进江西高质量发展，提出如下意见。\n2020年2月5日\n"
    assert parse_outline(once, "a.txt").jurisdiction == ""


def test_a_traditional_page_reads_like_a_simplified_one_and_keeps_its_spelling():
    text = "\n".join(["乙市人民政府辦公室關於印發改革實施方案的通知", "乙政辦發〔2022〕12號", "各縣區人民政府：",
                     "一、重點任務", "1.推進改革。（市場監管局負責）", "乙市人民政府辦公室", "2022年6月1日"])
    o = parse_outline(text, "a.txt")
    assert (o.title, o.doc_number, o.date) == ("改革實施方案", "乙政办发〔2022〕12号", "2022-06-01")
    assert [n for n, _ in o.issuers] == ["乙市人民政府辦公室"] and o.jurisdiction == "乙市"
    assert o.text == text and o.title_span.quote == "改革實施方案"


def test_a_portal_metadata_line_gives_number_issuer_and_written_date():
    head = "索引号：001/2020-00012 发文机关：甲市人民政府办公室 成文日期：2020年02月10日 文号：甲府办字〔2020〕10号 发布日期：2020年02月12日"
    o = parse_outline(f"{head}\n甲市关于推进改革的实施方案\n{BODY}", "a.txt", {"published": "2020-02-12"})
    assert (o.doc_number, o.date) == ("甲府办字〔2020〕10号", "2020-02-10")
    assert [n for n, _ in o.issuers] == ["甲市人民政府办公室"]


def test_an_empty_number_field_leaves_the_printed_number():
    text = f"文号：\n甲市关于推进改革的实施方案\n甲政发〔2021〕3号\n{BODY}"
    assert parse_outline(text, "a.txt", {"doc_number": ""}).doc_number == "甲政发〔2021〕3号"


def test_a_title_with_its_site_name_after_a_bar_is_still_the_title():
    o = parse_outline(f"甲市关于推进改革的实施方案 | 甲市人民政府\n{BODY}", "a.txt")
    assert o.title == "甲市关于推进改革的实施方案"


def test_a_traditional_portal_page_with_fields_and_a_title_over_two_lines():
    text = "\n".join(["發文機關: 甲省人民政府辦公廳 成文日期: 2015年03月02日", "發文字號: 甲政辦函〔2015〕8號 發佈日期: 2015年03月10日",
                     "甲省人民政府辦公廳關於落實農村改革", "有關政策措施分工的通知", "省政府各部門：", "一、工作分工",
                     "（一）關於保護耕地的問題，由省國土資源廳會同省農業廳等部門負責落實。"])
    o = parse_outline(text, "a.txt")
    assert o.title == "甲省人民政府辦公廳關於落實農村改革有關政策措施分工的通知"
    assert (o.doc_number, o.date, [n for n, _ in o.issuers]) == ("甲政办函〔2015〕8号", "2015-03-02", ["甲省人民政府辦公廳"])


def test_central_agencies_signing_together_on_one_glued_line_are_each_an_issuer():
    # a flattened page cut back into lines keeps the signing agencies glued on one line
    text = "\n".join(["关于印发《卫星服务管理规定》的通知", "各省、自治区、直辖市有关部门：",
                      "现将《卫星服务管理规定》印发给你们，请认真贯彻执行。",
                      "国家互联网信息办公室国家发展和改革委员会工业和信息化部公安部海关总署", "2025年4月23日",
                      "卫星服务管理规定", "第一条 为了规范卫星服务，制定本规定。"])
    doc = parse_bytes(text.encode(), "t.txt", ".txt")
    assert [i.label for i in doc.issuers] == ["国家互联网信息办公室", "国家发展和改革委员会", "工业和信息化部", "公安部", "海关总署"]
    assert (doc.date, doc.jurisdiction) == ("2025-04-23", NATIONAL)


def test_a_decree_page_that_prints_only_its_number_is_dated_by_its_history_note():
    from policykg.loaders import parse_bytes
    text = "\n".join(["第58号", "市人民政府第12次常务会议决定对《江城市停车管理办法》作如下修改：", "一、将第三条修改为：“交通部门负责停车管理。”",
                      "本决定自公布之日起施行。", "江城市停车管理办法",
                      "(2012年3月1日市人民政府令第31号公布　2019年6月18日市人民政府令第58号修正)", "第一条 为了规范停车管理，制定本办法。"])
    assert parse_bytes(text.encode(), "d.txt", ".txt").date == "2019-06-18"
    assert parse_bytes(text.replace("\n", "").encode(), "d.txt", ".txt").date == "2019-06-18"  # flattened with nothing
    # another decree's number in the note dates nothing
    other = text.replace("第58号修正", "第57号修正")
    assert parse_bytes(other.encode(), "d.txt", ".txt").date is None
