"""Awkward inputs a scraper produces, built as bytes in the test (nothing large is checked in).

Each builder returns ``{file name: bytes}``; :func:`plan` makes a small, well-formed
plan whose tasks and assignments are known, so a test can say exactly what a
mangled copy of it must still yield.
"""

from __future__ import annotations

import io
import zipfile

TITLE = "东阳市人民政府关于推进数字经济发展的实施意见"


def task_line(n: int, lead: str = "市发改局", coop: str = "市财政局、商务局", marker: str | None = None) -> str:
    marker = marker if marker is not None else f"{n}."
    return f"{marker}推进第{n}项重点工作。加强统筹协调，完善工作机制。（牵头单位：{lead}；配合单位：{coop}）"


def plan(tasks: int = 3, title: str = TITLE, lines: list[str] | None = None, numbers: list[int] | None = None) -> str:
    """A plain plan: header, goals, ``tasks`` numbered tasks each with 1 lead and 2 cooperating units."""
    numbers = numbers if numbers is not None else list(range(1, tasks + 1))
    body = lines if lines is not None else [task_line(n) for n in numbers]
    return "\n".join([
        title, "东政发〔2023〕12号", "各乡镇人民政府、街道办事处，市政府各部门：",
        "为加快数字经济发展，结合我市实际，提出如下实施意见。",
        "一、发展目标", "到2025年，全市数字经济核心产业增加值达到300亿元。",
        "二、重点任务", *body,
        "三、保障措施", "各地各部门要加强组织领导，确保各项任务落到实处。",
        "东阳市人民政府", "2023年5月6日",
    ])


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_without_text(pages: int = 2) -> bytes:
    """A scanned-looking PDF: blank pages, no text layer."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_docx() -> bytes:
    good = docx_bytes(plan().split("\n"))
    return good[: len(good) // 2]  # a truncated download: the zip's central directory is gone


def docx_without_document_xml() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/other.xml", "<x/>")
    return out.getvalue()


def html_page(text: str) -> str:
    body = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府网</title>"
            "<script>var s = '<p>1.脚本里的假任务。（牵头单位：市公安局）</p>'; document.write(s);</script>"
            "<style>p { color: red }</style></head><body><div class='nav'>首页 > 政策文件</div>"
            f"<div class='content'>{body}</div>"
            "<script type='text/javascript'>\n2.另一个假任务。（牵头单位：市审计局）\n</script></body></html>")
