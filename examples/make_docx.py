"""Regenerate examples/wujiang_division_table.docx with python-docx.

The document is an original, fictional 任务分工方案 of 苏州市吴江区: a red-head line, a 文号,
a title, body paragraphs (with goals and two cited documents), a 任务分工表 table
(序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限), a note under the table and a signature.
Facts a correct extractor must find are in examples/expected/wujiang_division_table.docx.json.

Run: python examples/make_docx.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
OUT = HERE / "wujiang_division_table.docx"

RED_HEAD = "苏州市吴江区人民政府办公室文件"
DOC_NUMBER = "吴政办〔2023〕45号"
TITLE = "吴江区推进制造业智能化改造和数字化转型重点任务分工方案"

PARAGRAPHS = [
    "为贯彻落实《江苏省制造业智能化改造和数字化转型三年行动计划(2022—2024年)》"
    "和《苏州市推进制造业智能化改造和数字化转型工作方案》，加快推动我区制造业高端化、"
    "智能化、绿色化发展，经区政府同意，现将重点任务分工如下。",
    "一、工作目标",
    "到2025年，全区规上工业企业智能化改造和数字化转型覆盖率达到90%，"
    "累计建成省级智能制造示范工厂15家，培育省级工业互联网标杆工厂10家。",
    "二、任务分工",
    "各牵头单位要会同配合单位细化工作举措，明确时间节点，确保各项任务按期完成。",
]

HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]

ROWS = [
    ["1", "开展企业数字化诊断服务。为规上工业企业提供免费的智能化改造和数字化转型诊断，形成诊断报告和改造方案。",
     "区工信局", "区财政局、区数据局", "2023年12月底前"],
    ["2", "推进智能制造示范工厂建设。支持龙头企业建设智能车间和智能工厂，梯度培育市级、省级示范项目。",
     "区工信局", "区科技局、区发改委", "2025年12月底前"],
    ["3", "建设行业级工业互联网平台。围绕丝绸纺织、电子信息、装备制造等优势产业，建设行业级平台并推动中小企业上平台。",
     "区工信局、区数据局", "区财政局、各区镇", "2024年12月底前"],
    ["4", "强化转型资金保障。统筹安排智能化改造和数字化转型专项资金，对重点项目按设备投资额给予补助。",
     "区财政局", "区工信局、区地方金融监管局", "每年6月底前"],
    ["5", "培育数字化转型服务商。遴选一批优质服务商纳入资源池，推广“服务商+企业”对接模式。",
     "区科技局", "区工信局、商务局", "2024年6月底前"],
    ["6", "加强数字化人才培养。依托职业院校和龙头企业建设实训基地，开展数字技能提升培训。",
     "区人社局", "区教育局、吴江经济技术开发区管委会", "长期坚持"],
    ["7", "营造转型良好氛围。总结推广典型案例，开展智改数转“进园区、进企业”宣传活动。",
     "区委宣传部", "区工信局", "长期坚持"],
]

NOTE = "注：牵头单位有多家的，排在第一位的为主要牵头单位。"
SIGNATURE = "苏州市吴江区人民政府办公室"
DATE = "2023年6月28日"


def centred(doc: Document, text: str, size: int, bold: bool = False) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def build() -> Document:
    doc = Document()
    props = doc.core_properties
    props.title = TITLE
    props.author = "吴江区人民政府办公室"
    props.created = dt.datetime(2023, 6, 28, 9, 0, 0)
    props.modified = dt.datetime(2023, 6, 28, 9, 0, 0)

    centred(doc, RED_HEAD, 22, bold=True)
    centred(doc, DOC_NUMBER, 14)
    centred(doc, TITLE, 18, bold=True)
    doc.add_paragraph("各区镇人民政府，区各委办局，各直属单位：")
    for text in PARAGRAPHS:
        doc.add_paragraph(text)

    centred(doc, "任务分工表", 14, bold=True)
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER):
        cell.text = text
    for row in ROWS:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text

    doc.add_paragraph(NOTE)
    p = doc.add_paragraph(SIGNATURE)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = doc.add_paragraph(DATE)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


def main() -> None:
    build().save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
