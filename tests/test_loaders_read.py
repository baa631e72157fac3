"""Golden tests for loaders.read: bytes → clean text."""

import io

import pytest

from policykg.errors import InputError
from policykg.loaders.read import CELL_SEP, clean, decode, drop_repeated_blocks, html_to_text, looks_like_html, read_bytes

BODY = "关于加快推进县域改革的实施方案\n一、总体要求\n（一）指导思想。坚持问题导向。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "big5"])
def test_encodings_are_detected_from_content(encoding):
    text = BODY if encoding != "big5" else "關於加快推進縣域改革的實施方案\n一、總體要求\n"
    page = read_bytes(text.encode(encoding), "a.txt", ".txt")
    assert page.text.splitlines()[0] == text.splitlines()[0]


def test_crlf_is_normalised_and_blank_lines_dropped():
    page = read_bytes("标题的通知\r\n\r\n  正文一。 \r\n正文二。\r".encode("gbk"), "a.txt", ".txt")
    assert page.text == "标题的通知\n正文一。\n正文二。"


def test_decode_prefers_real_chinese_over_mojibake():
    raw = "市发展和改革局牵头，市财政局配合。".encode("gb18030")
    assert decode(raw) == "市发展和改革局牵头，市财政局配合。"


def test_page_noise_is_removed_and_header_facts_kept():
    raw = "\n".join([
        "您现在的位置：首页 > 政务公开 > 文件",
        "发布时间: 2013.08.15 来源:超级管理员",
        "朗读",
        "关于加强某项工作的通知",
        "浏览次数：123",
        "正文第一段。",
        "（作者： 编辑：张三）",
        "上一页 下一页",
        "打印本页 关闭窗口",
        "  • 您的姓名:",
        "    *",
        "  • 验证码:",
        "相关新闻",
    ])
    page = read_bytes(raw.encode(), "a.txt", ".txt")
    assert page.text == "关于加强某项工作的通知\n正文第一段。"
    assert page.meta["published"] == "2013-08-15"


def test_time_only_publish_line_gives_published_date():
    page = read_bytes("标题的决定\n2019年12月05日 09:27:48  来源:\n正文。".encode(), "a.txt", ".txt")
    assert page.meta["published"] == "2019-12-05"
    assert "来源" not in page.text


def test_tag_fragment_without_bracket_is_removed():
    raw = ' P class=MsoNormal style="MARGIN: 0cm 0cm 0pt; TEXT-ALIGN: center" align=center>某某市试点总体方案\n正文。'
    assert read_bytes(raw.encode(), "a.txt", ".txt").text == "某某市试点总体方案\n正文。"


def test_html_saved_as_txt_is_sniffed():
    markup = (
        "<html><head><title>t</title><script>var x='不要';</script><style>p{}</style></head><body>"
        "<nav>首页 | 新闻</nav><div><p>关于某事的意见</p><p>一、总体要求</p>"
        "<table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr>"
        "<tr><td>1</td><td>建立制度</td><td>市发改局</td></tr></table></div>"
        "<footer>版权所有</footer></body></html>"
    )
    assert looks_like_html(markup)
    text = read_bytes(markup.encode("gbk"), "page.txt", ".txt").text
    assert "不要" not in text and "首页" not in text and "版权所有" not in text
    assert f"1{CELL_SEP}建立制度{CELL_SEP}市发改局" in text.splitlines()
    assert text.splitlines()[0] == "关于某事的意见"


def test_html_rowspan_and_colspan_cells_fill_every_row_they_cover():
    # a 分工 table prints one 牵头单位 beside three tasks (rowspan) and a 小计 row across two columns
    markup = ("<table><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th></tr>"
              "<tr><td>1</td><td>建设示范园区</td><td rowspan='3'>县商务局</td><td>县财政局</td></tr>"
              "<tr><td>2</td><td>培育外贸主体</td><td>县税务局</td></tr>"
              "<tr><td>3</td><td>办好展会</td><td rowspan=\"2\">县文旅局</td></tr>"
              "<tr><td colspan='3'>另设机动任务</td></tr>"
              "<tr><td>4</td><td>整治市场</td><td>县市场监管局</td><td>县公安局</td></tr></table>")
    rows = [ln.split(CELL_SEP) for ln in html_to_text(markup).split("\n") if ln]
    assert rows == [["序号", "工作任务", "牵头单位", "配合单位"], ["1", "建设示范园区", "县商务局", "县财政局"],
                    ["2", "培育外贸主体", "县商务局", "县税务局"], ["3", "办好展会", "县商务局", "县文旅局"],
                    ["另设机动任务", "县文旅局"], ["4", "整治市场", "县市场监管局", "县公安局"]]


def test_html_paragraphs_inside_a_cell_stay_apart():
    # an editor's table lists the units one per paragraph in the cell, with no 、 between them
    markup = ("<table><tr><th><p>牵头单位</p></th><th><div>配合单位</div></th></tr>"
              "<tr><td><p>县商务局</p></td><td><p>县财政局</p><p>县税务局</p><div>县文旅局</div></td></tr></table>")
    rows = [ln for ln in html_to_text(markup).split("\n") if ln]
    assert rows == [f"牵头单位{CELL_SEP}配合单位", f"县商务局{CELL_SEP}县财政局 县税务局 县文旅局"]


def test_html_cell_spans_that_are_not_numbers_span_one():
    text = html_to_text("<table><tr><td rowspan='x'>甲</td><td colspan=''>乙</td></tr><tr><td>丙</td></tr></table>")
    assert [ln for ln in text.split("\n") if ln] == [f"甲{CELL_SEP}乙", "丙"]


@pytest.mark.parametrize("table", [
    "序号|工作任务|牵头单位\n---|---|---\n1|建设园区。<br>引进企业。|县商务局\n2|办好展会|县文旅局",
    "| 序号 | 工作任务 | 牵头单位 |\n| :--- | :---: | ---: |\n| 1 | 建设园区。<br/>引进企业。 | 县商务局 |\n| 2 | 办好展会 | 县文旅局 |",
])
def test_markdown_pipe_tables_with_and_without_outer_pipes(table):
    # converters differ: some print no outer pipes and no padding; a cell's own line break is <br>
    md = f"# 某县外贸行动方案\n\n一、重点任务\n\n{table}\n\n二、保障措施\n\n---\n\n各单位要加强协作。"
    text = read_bytes(md.encode(), "plan.md", ".md").text
    assert text.split("\n") == ["某县外贸行动方案", "一、重点任务", f"序号{CELL_SEP}工作任务{CELL_SEP}牵头单位",
                                f"1{CELL_SEP}建设园区。 引进企业。{CELL_SEP}县商务局", f"2{CELL_SEP}办好展会{CELL_SEP}县文旅局",
                                "二、保障措施", "各单位要加强协作。"]


def test_a_markdown_file_with_inline_html_is_read_as_markdown_a_saved_page_as_html():
    cells = "\n".join(f"{k}|任务{k}。<br>细化措施。|县商务局" for k in range(1, 7))
    md = f"# 某县外贸行动方案\n\n**发布日期**: 2024-03-01\n\n序号|任务|牵头单位\n---|---|---\n{cells}\n"
    text = read_bytes(md.encode(), "plan.md", ".md").text
    assert text.startswith("某县外贸行动方案\n") and f"6{CELL_SEP}任务6。 细化措施。{CELL_SEP}县商务局" in text
    page = "<!DOCTYPE html><html><head><title>某县外贸行动方案</title></head><body><p>正文。</p></body></html>"
    saved = read_bytes(page.encode(), "saved.md", ".md")
    assert "<" not in saved.text and saved.meta["page_title"] == "某县外贸行动方案"


def test_html_entities_and_br():
    text = html_to_text("<p>甲&nbsp;乙<br>丙</p>")
    assert "甲\xa0乙" in text and "丙" in text


def test_repeated_body_is_kept_once_later_copy_wins():
    body = [f"第{i}条很长的正文内容，用来组成一个足够长的重复块。" * 2 for i in range(6)]
    lines = ["通知正文。"] + body + ["某某市人民政府办公室", "2016年4月8日", "2016年4月8日", "方案标题"] + body
    kept = drop_repeated_blocks(lines)
    assert kept == ["通知正文。", "某某市人民政府办公室", "2016年4月8日", "方案标题"] + body


def test_short_repeats_are_not_blocks():
    lines = ["一、总体要求", "正文。", "一、总体要求", "正文。"]
    assert drop_repeated_blocks(lines) == lines


def test_docx_paragraphs_and_table_rows(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("某县任务分工方案")
    table = d.add_table(rows=2, cols=3)
    for k, v in enumerate(["序号", "工作任务", "牵头单位"]):
        table.rows[0].cells[k].text = v
    for k, v in enumerate(["1", "推进改革", "县发改局"]):
        table.rows[1].cells[k].text = v
    buf = io.BytesIO()
    d.save(buf)
    text = read_bytes(buf.getvalue(), "a.docx", ".docx").text
    assert text.splitlines() == ["某县任务分工方案", f"序号{CELL_SEP}工作任务{CELL_SEP}牵头单位", f"1{CELL_SEP}推进改革{CELL_SEP}县发改局"]


def test_broken_docx_is_an_input_error():
    with pytest.raises(InputError, match=r"^a\.docx: not a readable \.docx"):
        read_bytes(b"PK\x03\x04 broken", "a.docx", ".docx")


def test_pdf_without_text_layer_is_reported():
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(InputError, match="no text layer; OCR is not supported"):
        read_bytes(buf.getvalue(), "scan.pdf", ".pdf")


def _text_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a Helvetica text layer (ASCII only)."""
    content = "BT /F1 12 Tf 20 180 Td " + " ".join(f"({s}) Tj 0 -14 Td" for s in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for k, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n{obj}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def test_pdf_text_layer_is_read():
    pytest.importorskip("pypdf")
    text = read_bytes(_text_pdf(["Plan for the county reform work", "1. First task."]), "a.pdf", ".pdf").text
    assert "Plan for the county reform work" in text and "First task." in text


def test_tab_separated_rows_become_cell_rows_and_page_numbers_go():
    raw = "序号\t任务\t牵头单位\n1\t推进改革\t县发改局\n- 3 -\n第2页 共5页"
    assert read_bytes(raw.encode(), "a.txt", ".txt").text.splitlines() == [
        f"序号{CELL_SEP}任务{CELL_SEP}牵头单位", f"1{CELL_SEP}推进改革{CELL_SEP}县发改局"]


def test_markdown_page():
    raw = "# 某县关于加快某产业发展的若干意见\n\n发布日期：2023-04-01\n\n1. **做强平台**。建设园区。（牵头单位：县经信局）\n\n[原文链接](http://x)\n"
    page = read_bytes(raw.encode(), "a.md", ".md")
    assert page.text.splitlines()[0] == "某县关于加快某产业发展的若干意见"
    assert "1. 做强平台。建设园区。（牵头单位：县经信局）" in page.text.splitlines()
    assert page.meta["published"] == "2023-04-01"


@pytest.mark.parametrize("data,message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy Word/Excel file (.doc/.xls) is not supported; save it as .docx"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "an image; OCR is not supported, convert it to text first"),
    (bytes(range(32)) * 20, "binary content, not text; expected .txt/.md/.html/.docx/.pdf/.sql"),
])
def test_unsupported_inputs_are_named(data, message):
    with pytest.raises(InputError) as err:
        read_bytes(data, "x.doc", ".doc")
    assert str(err.value) == f"x.doc: {message}"


def test_html_title_is_kept_as_page_metadata():
    page = read_bytes("<html><head><title>某市关于某事的通知_某市人民政府</title></head><body><p>正文。</p></body></html>".encode(), "a.html", ".html")
    assert page.meta["page_title"] == "某市关于某事的通知_某市人民政府"


def test_task_lines_that_look_like_page_furniture_are_kept():
    raw = "首页 > 政务公开 > 文件\n1.推进改革。\n主办单位：市发改局\n截止时间：2023年6月底\n来源：市政府办公室"
    assert read_bytes(raw.encode(), "a.txt", ".txt").text.splitlines() == ["1.推进改革。", "主办单位：市发改局", "截止时间：2023年6月底"]


def test_run_on_page_is_split_before_item_numbers():
    body = "".join(f"{k}.推进第{k}项工作。" + "加强统筹协调，形成工作合力。" * 60 for k in range(1, 6))
    lines = read_bytes(("某方案\n" + body).encode(), "a.txt", ".txt").text.splitlines()
    assert [line[:2] for line in lines[1:]] == ["1.", "2.", "3.", "4.", "5."]
    short = "推进改革。1.5倍以上的项目。2.加快。"
    assert read_bytes(short.encode(), "b.txt", ".txt").text == short


def _numbered_docx(fmt=None, text=None):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("某县任务方案")
    for t in ["推进改革。（牵头单位：县发改局）", "加强监管。（牵头单位：县市场监管局）"]:
        d.add_paragraph(t, style="List Number")
    if fmt:
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        style = next(s for s in d.styles.element.iter(f"{w}style") if s.get(f"{w}styleId") == "ListNumber")
        num_id = style.find(f"{w}pPr/{w}numPr/{w}numId").get(f"{w}val")
        root = d.part.numbering_part.element
        num = next(n for n in root.iter(f"{w}num") if n.get(f"{w}numId") == num_id)
        abstract_id = num.find(f"{w}abstractNumId").get(f"{w}val")
        abstract = next(a for a in root.iter(f"{w}abstractNum") if a.get(f"{w}abstractNumId") == abstract_id)
        lvl = next(lv for lv in abstract.iter(f"{w}lvl") if lv.get(f"{w}ilvl") == "0")
        lvl.find(f"{w}numFmt").set(f"{w}val", fmt)
        lvl.find(f"{w}lvlText").set(f"{w}val", text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_automatic_numbering_is_written_out():
    assert read_bytes(_numbered_docx(), "a.docx", ".docx").text.splitlines()[1:] == [
        "1.推进改革。（牵头单位：县发改局）", "2.加强监管。（牵头单位：县市场监管局）"]
    lines = read_bytes(_numbered_docx("chineseCounting", "（%1）"), "a.docx", ".docx").text.splitlines()
    assert [line[:3] for line in lines[1:]] == ["（一）", "（二）"]


def test_chinese_numbers():
    from policykg.loaders.filetypes import chinese_number

    assert [chinese_number(n) for n in (1, 10, 12, 20, 25)] == ["一", "十", "十二", "二十", "二十五"]


def test_space_aligned_table_rows_become_cell_rows():
    raw = "序号    重点任务    牵头单位    配合单位\n1    加快载体建设    县司法局    县经信局、审计局\n市委办公室  市政府办公室"
    assert read_bytes(raw.encode(), "a.txt", ".txt").text.splitlines() == [
        CELL_SEP.join(["序号", "重点任务", "牵头单位", "配合单位"]),
        CELL_SEP.join(["1", "加快载体建设", "县司法局", "县经信局、审计局"]),
        "市委办公室 市政府办公室",  # two names are not a table row
    ]


def test_text_table_row_whose_cell_wrapped_onto_an_indented_line():
    raw = ("序号\t工作内容\t责任单位\t时限\n"
           "1\t修缮校舍。\t市教育局\t6月底\n"
           "2    建设食堂，完善设施，\n"
           "     配齐人员。    市教育局、市财政局    9月底\n"
           "3\t培训教师。\t市人社局\t年底\n")
    rows = [line for line in clean(raw).text.split("\n") if " | " in line]
    assert rows[2] == "2 | 建设食堂，完善设施，配齐人员。 | 市教育局、市财政局 | 9月底"
    assert len(rows) == 4


def test_signature_after_a_text_table_is_not_a_row():
    raw = "序号\t任务\t责任单位\n1\t修缮校舍。\t市教育局\n某某市教育局    2023年5月6日\n"
    assert clean(raw).text.split("\n")[-1] == "某某市教育局 2023年5月6日"


def test_wrapped_cell_that_stopped_mid_sentence_and_merged_cells_that_did_not():
    wrapped = clean("序号\t任务\t责任单位\t时限\n1\t修缮。\t市教育局\t6月\n2\t建设食堂，\n配齐人员。\t市财政局\t9月\n").text
    assert wrapped.split("\n")[-1] == "2 | 建设食堂，配齐人员。 | 市财政局 | 9月"
    merged = clean("类别\t任务\t责任单位\n产业\t任务一。\t市发改局\n\t任务二。\t市财政局\n\t任务三。\t市商务局\n").text
    assert merged.split("\n")[-2:] == ["任务二。 | 市财政局", "任务三。 | 市商务局"]  # a leading tab is an empty cell
