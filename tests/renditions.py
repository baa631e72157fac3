"""Renditions: the same document in the shapes archives hand it out in.

Each generator takes a document's clean text (lines as ``loaders.read`` leaves them)
and returns ``(bytes, suffix)`` for another shape of the *same* facts:

* :func:`flattened`     every line break turned into a space, or into nothing (crawler text);
* :func:`hard_wrapped`  lines cut every ``width`` characters (PDF/Word text layer), with a
  running header and a page number (``— N —``, ``- N -`` or ``第N页 共M页``) every ``page`` lines;
  table rows are printed whole with aligned columns (two spaces between cells);
* :func:`sql_row`       one ``INSERT`` row of a CMS dump: title, date, an HTML body with escaped
  quotes, ``<span>`` around outline numbers, the body stored twice in two columns;
* :func:`scraped`       a crawler page: 标题:/发布时间:/文号:/原文链接: lines, a breadcrumb,
  share links and 简体版/繁體版 navigation around the text;
* :func:`gbk`           the text encoded in GBK (GB18030 for the few characters GBK lacks);
* :func:`tables_flattened` the cells of every table row joined by one space or by nothing;
* :func:`docx_file`     a Word file: one paragraph per line, table rows as a real Word table
  (short rows' last cell spanning the rest; optionally a column's repeated cells merged down);
* :func:`markdown_page` a Markdown scrape: ``# title``, ``**field**: value`` lines, paragraphs
  between blank lines, table rows as ``| a | b |`` under a ``|---|---|`` separator;
* :func:`portal_page`   a saved portal page: <head> with <title>, <script> and <style>, a nav
  <div> of links, the text as <p> in ``<div class="article-content">``, tables whose repeated
  consecutive cells in one column are printed once with ``rowspan``, a footer.

The generators are parametrised (widths, separators, page lengths, markup choices) so that
tests built on them do not fit one shape. Nothing here names a document.
"""

from __future__ import annotations

import re

CELL_SEP = " | "


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def flattened(text: str, sep: str = " ") -> tuple[bytes, str]:
    """The whole document on one line, lines joined by ``sep`` (a space, or nothing)."""
    return sep.join(_lines(text)).encode("utf-8"), ".txt"


_PAGE_STYLES = {
    "emdash": lambda n, total: f"— {n} —",
    "hyphen": lambda n, total: f"- {n} -",
    "of": lambda n, total: f"第{n}页 共{total}页",
}


def hard_wrapped(text: str, width: int = 34, page: int = 30, header: str = "", numbers: str = "emdash",
                 indent: str = "") -> tuple[bytes, str]:
    """Every line cut into ``width``-character pieces; every ``page`` printed lines a page
    number (style ``numbers``) and, if given, a running ``header`` line begin a new page."""
    printed: list[str] = []
    for line in _lines(text):
        if CELL_SEP in line:  # a table row printed with aligned columns; how a PDF breaks cells
            printed.append("  ".join(line.split(CELL_SEP)))  # is another problem, not this shape's
            continue
        first = True
        while line:
            printed.append((indent if first else "") + line[:width])
            line, first = line[width:], False
    pages = [printed[k:k + page] for k in range(0, len(printed), page)]
    style = _PAGE_STYLES[numbers]
    out: list[str] = []
    for n, body in enumerate(pages, 1):
        if n > 1 and header:
            out.append(header)
        out += body
        out += ["", style(n, len(pages)), ""]
    return "\n".join(out).encode("utf-8"), ".txt"


_OUTLINE_NUMBER = re.compile(r"^((?:[一二三四五六七八九十]{1,3}、)|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、])")


def _html_body(lines: list[str], spans: bool) -> str:
    parts = []
    for line in lines:
        if CELL_SEP in line:
            cells = "".join(f"<td><p>{c}</p></td>" for c in line.split(CELL_SEP))
            parts.append(f"<tr>{cells}</tr>")
            continue
        m = _OUTLINE_NUMBER.match(line) if spans else None
        if m:
            line = f'<span style="font-family:黑体">{m.group(1)}</span><span>{line[m.end():]}</span>'
        parts.append(f'<p style="text-indent:2em;" align="justify">{line}</p>')
    html, table = [], False
    for part in parts:  # consecutive rows share one <table>
        if part.startswith("<tr>") and not table:
            html.append('<table border="1">')
            table = True
        elif not part.startswith("<tr>") and table:
            html.append("</table>")
            table = False
        html.append(part)
    if table:
        html.append("</table>")
    return "\n".join(html)


def _sql_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")


def sql_row(text: str, title: str = "", date: str = "2020-01-01 00:00:00", spans: bool = True, twice: bool = True,
            summary: int = 60) -> tuple[bytes, str]:
    """One ``INSERT INTO`` row: id, title, a summary cut after ``summary`` characters, the HTML body
    (and, if ``twice``, the same body again in a second column), timestamps."""
    lines = _lines(text)
    body = _html_body(lines, spans)
    plain = "".join(lines)
    values = ["17", "3", title, plain[:summary] + "...", body]  # no title printed: an empty title column
    if twice:
        values.append(body)
    values += ["1", date, date]
    columns = ["id", "category_id", "title", "summary", "content"] + (["content_copy"] if twice else []) + ["status", "created_at", "updated_at"]
    row = ",".join(f"'{_sql_escape(v)}'" for v in values)
    cols = ",".join(f"`{c}`" for c in columns)
    return f"INSERT INTO `article` ({cols}) VALUES\n({row});\n".encode("utf-8"), ".sql"


def scraped(text: str, title: str = "", published: str = "2021-03-04 09:30", doc_number: str = "",
            url: str = "http://www.example.gov.cn/zwgk/art_1.html", breadcrumb: bool = True, share: bool = True,
            colon: str = ":") -> tuple[bytes, str]:
    """A crawler's page: header fields (the 文号 field may be empty), a breadcrumb, share links and
    simplified/traditional navigation, then the text, then a footer."""
    lines = _lines(text)
    # a document that prints no title gets an empty 标题 field, as an empty 文号 gets an empty 文号 field
    head = [f"标题{colon} {title}", f"发布时间{colon} {published}", f"文号{colon} {doc_number}",
            f"原文链接{colon} {url}", f"本地目录{colon} zwgk/{published[:4] or 'doc'}/art_1"]
    if breadcrumb:
        head += ["简体版 | 繁體版", "当前位置：首页 > 政务公开 > 政策文件"]
    if share:
        head += ["分享到：微信 微博 QQ空间"]
    foot = ["【打印本页】 【关闭窗口】", "主办单位：某某市人民政府办公室 版权所有"]
    return "\n".join(head + lines + foot).encode("utf-8"), ".txt"


def gbk(text: str) -> tuple[bytes, str]:
    """The clean text in GBK bytes; characters GBK lacks are written in GB18030."""
    try:
        return text.encode("gbk"), ".txt"
    except UnicodeEncodeError:
        return text.encode("gb18030"), ".txt"


def tables_flattened(text: str, sep: str = " ") -> tuple[bytes, str]:
    """Every table row's cells joined by ``sep`` (one space, or nothing) instead of a cell border."""
    return "\n".join(sep.join(c.strip() for c in ln.split(CELL_SEP)) for ln in _lines(text)).encode("utf-8"), ".txt"


def _blocks(text: str) -> list[str | list[list[str]]]:
    """The lines of ``text``, with each run of table rows gathered into one list of cell lists."""
    out: list = []
    for line in _lines(text):
        if CELL_SEP in line:
            cells = [c.strip() for c in line.split(CELL_SEP)]
            if out and isinstance(out[-1], list):
                out[-1].append(cells)
            else:
                out.append([cells])
        else:
            out.append(line)
    return out


def _spans(rows: list[list[str]]) -> dict[tuple[int, int], int]:
    """(row, column) → how many rows its cell covers, for every run of identical consecutive
    non-empty cells in one column below the header row (rows of the same width only)."""
    spans: dict[tuple[int, int], int] = {}
    for j in range(max(len(r) for r in rows)):
        r = 1
        while r < len(rows):
            end = r + 1
            while (end < len(rows) and len(rows[end]) == len(rows[r]) > j and rows[r][j]
                   and rows[end][j] == rows[r][j]):
                end += 1
            if end - r > 1:
                spans[(r, j)] = end - r
            r = end
    return spans


def _cell_paragraphs(cell: str) -> list[str]:
    """A cell as typed one item under another: each sentence, or each unit of a short list
    (区财政局、区数据局 — no comma, no full stop, every item short), a paragraph of its own."""
    items = cell.split("、")
    if len(items) > 1 and not re.search(r"[，,。；]", cell) and all(0 < len(i) <= 15 for i in items):
        return items
    return [p for p in re.split(r"(?<=。)", cell) if p] or [""]


def docx_file(text: str, style: str | None = "Table Grid", merge_down: bool = False,
              cell_paragraphs: bool = False) -> tuple[bytes, str]:
    """A .docx built with python-docx: a paragraph per line, each run of table rows one Word
    table (a row with fewer cells has its last cell merged across the rest); with
    ``merge_down`` a column's identical consecutive cells are merged vertically, as 分工
    tables print one 牵头单位 beside several tasks; with ``cell_paragraphs`` a cell's
    sentences, and the units of a list (区财政局、区数据局), are paragraphs of their own in
    the cell, as tables typed in Word list them one under another."""
    import io

    import docx

    document = docx.Document()
    for block in _blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(r) for r in block)
        table = document.add_table(rows=len(block), cols=width)
        if style:
            table.style = style
        for r, cells in enumerate(block):
            row = table.rows[r].cells
            for j, cell in enumerate(cells):
                parts = _cell_paragraphs(cell) if cell_paragraphs else [cell]
                row[j].text = parts[0] if parts else ""
                for part in parts[1:]:
                    row[j].add_paragraph(part)
            if len(cells) < width:
                row[len(cells) - 1].merge(row[width - 1])
        if merge_down:
            for (r, j), n in _spans(block).items():
                top = table.cell(r, j)
                for k in range(r + 1, r + n):
                    table.cell(k, j).text = ""
                merged = top.merge(table.cell(r + n - 1, j))
                merged.text = block[r][j]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), ".docx"


def markdown_page(text: str, title: str = "", published: str = "", publisher: str = "",
                  url: str = "http://www.example.gov.cn/zwgk/art_2.html", bold_fields: bool = True,
                  repeat_title: bool = True, bare: bool = False) -> tuple[bytes, str]:
    """A Markdown scrape: ``# title``, field lines, a rule, then paragraphs separated by blank
    lines and tables as pipe rows (the first row of each table the header, ``|---|`` under it).
    Unless ``repeat_title``, a first text line equal to the title is not printed again. ``bare``
    tables are written as some converters write them: no outer pipes, no padding (``a|b``,
    ``---|---``), and a cell's sentences parted by ``<br>`` (the cell's paragraphs)."""
    field = (lambda k, v: f"**{k}**: {v}") if bold_fields else (lambda k, v: f"{k}：{v}")
    blocks = _blocks(text)
    if not repeat_title and title and blocks and blocks[0] == title:
        blocks = blocks[1:]
    out = [f"# {title}", ""]
    out += [field("发布日期", published)] if published else []
    out += [field("发布机构", publisher)] if publisher else []
    out += [field("原文链接", f"[{url}]({url})"), "", "---", ""]
    for block in blocks:
        if isinstance(block, str):
            out += [block, ""]
            continue
        width = max(len(r) for r in block)
        for r, cells in enumerate(block):
            cells = [c.replace("|", "\\|") for c in cells]
            if bare:
                cells = [re.sub(r"(?<=。)(?=.)", "<br>", c) for c in cells]
                out.append("|".join(cells))
            else:
                out.append("| " + " | ".join(cells) + " |")
            if r == 0:
                out.append("|".join(["---"] * width) if bare else "|" + "---|" * width)
        out.append("")
    return "\n".join(out).encode("utf-8"), ".md"


def portal_page(text: str, title: str = "", published: str = "", site: str = "某某市人民政府",
                rowspan: bool = True, info: bool = True, br: bool = False) -> tuple[bytes, str]:
    """A saved government portal page: head (title, script, style), a nav div of links, the
    text as one <p> per line inside ``<div class="article-content">``, tables in which (with
    ``rowspan``) a run of identical cells in one column is printed once with ``rowspan="N"``
    and a short row's last cell spans the rest with ``colspan``, then a footer. With ``br``
    the text is an editor's: lines parted by ``<br>`` after ``&nbsp;`` indents inside one
    div, header cells as <th> in a <thead>, a cell's sentences and listed units as <p> each."""
    from html import escape

    def cell_html(cell: str) -> str:
        if not br:
            return f'<p align="center">{escape(cell)}</p>'
        return "".join(f"<p>{escape(p)}</p>" for p in _cell_paragraphs(cell))

    body: list[str] = []
    for block in _blocks(text):
        if isinstance(block, str):
            body.append(f"&nbsp;&nbsp;&nbsp;&nbsp;{escape(block)}<br>" if br
                        else f'<p style="text-indent:2em;">{escape(block)}</p>')
            continue
        width = max(len(r) for r in block)
        spans = _spans(block) if rowspan else {}
        covered = {(r + k, j) for (r, j), n in spans.items() for k in range(1, n)}
        body.append('<table class="MsoTable" border="1" cellspacing="0">')
        for r, cells in enumerate(block):
            tds = []
            for j, cell in enumerate(cells):
                if (r, j) in covered:
                    continue
                attrs = f' rowspan="{spans[(r, j)]}"' if (r, j) in spans else ""
                if j == len(cells) - 1 and len(cells) < width:
                    attrs += f' colspan="{width - len(cells) + 1}"'
                tag = "th" if br and r == 0 else "td"
                tds.append(f'<{tag}{attrs} valign="middle">{cell_html(cell)}</{tag}>')
            row = "<tr>" + "".join(tds) + "</tr>"
            body.append(f"<thead>{row}</thead><tbody>" if br and r == 0 else row)
        body.append("</tbody></table>" if br else "</table>")
    # an untitled document's page is titled by the site alone
    head = (f"<head><meta charset=\"utf-8\"><title>{escape(title) + '_' if title else ''}{escape(site)}</title>"
            "<script>var _hmt = _hmt || []; function share(){ return '<p>分享</p>'; }</script>"
            "<style>.article-content p { line-height: 2em; } td { border: 1px solid #000; }</style></head>")
    nav = ('<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
           '<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>')
    crumbs = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>'
    meta = (f'<div class="article-info"><span>发布时间：{escape(published)}</span> <span>来源：{escape(site)}</span>'
            '<span>浏览次数：1024</span></div>') if info else ""
    foot = (f'<div class="footer"><p>主办单位：{escape(site)}办公室 版权所有</p>'
            '<p><a href="/sitemap.html">网站地图</a> | <a href="/contact.html">联系我们</a></p></div>')
    page = ("<!DOCTYPE html>\n<html>" + head + "<body>" + nav + crumbs + '<div class="article">'
            + (f'<h1 class="article-title">{escape(title)}</h1>' if title else "") + meta + '<div class="article-content">\n'
            + "\n".join(body) + "\n</div></div>" + foot + "</body></html>")
    return page.encode("utf-8"), ".html"


def has_table(text: str) -> bool:
    return any(CELL_SEP in ln for ln in text.split("\n"))


# name → (generator, keyword arguments); several parameters per shape
SHAPES: dict[str, tuple] = {
    "flat-space": (flattened, {"sep": " "}),
    "flat-none": (flattened, {"sep": ""}),
    "wrap28": (hard_wrapped, {"width": 28, "page": 25, "header": "", "numbers": "emdash"}),
    "wrap33-header": (hard_wrapped, {"width": 33, "page": 30, "header": "某某市人民政府文件", "numbers": "hyphen"}),
    "wrap40-of": (hard_wrapped, {"width": 40, "page": 36, "header": "政策文件汇编", "numbers": "of", "indent": "\u3000\u3000"}),
    "sql-spans-twice": (sql_row, {"spans": True, "twice": True}),
    "sql-plain-once": (sql_row, {"spans": False, "twice": False, "summary": 120}),
    "scraped": (scraped, {"breadcrumb": True, "share": True}),
    "scraped-docno": (scraped, {"doc_number": "", "breadcrumb": False, "share": True, "colon": "："}),
    "gbk": (gbk, {}),
    "docx": (docx_file, {"style": "Table Grid"}),
    "docx-merged": (docx_file, {"style": None, "merge_down": True}),
    "docx-cell-lines": (docx_file, {"style": "Table Grid", "merge_down": True, "cell_paragraphs": True}),
    "markdown": (markdown_page, {"bold_fields": True, "repeat_title": True}),
    "markdown-plain": (markdown_page, {"bold_fields": False, "repeat_title": False}),
    "markdown-bare": (markdown_page, {"bold_fields": True, "bare": True}),
    "portal": (portal_page, {"rowspan": True, "info": True}),
    "portal-noinfo": (portal_page, {"rowspan": True, "info": False, "site": "某某县人民政府"}),
    "portal-br": (portal_page, {"rowspan": True, "info": True, "br": True}),
}
TABLE_SHAPES: dict[str, tuple] = {
    "table-space": (tables_flattened, {"sep": " "}),
    "table-glued": (tables_flattened, {"sep": ""}),
}


def render(shape: str, text: str, title: str = "", date: str | None = None) -> tuple[bytes, str]:
    """``text`` in one of the :data:`SHAPES` or :data:`TABLE_SHAPES`. A page's publish time is the
    document's ``date`` when known (pages are published when the document is), else left empty."""
    make, kwargs = {**SHAPES, **TABLE_SHAPES}[shape]
    if make in (sql_row, scraped, markdown_page, portal_page) and title:
        kwargs = {**kwargs, "title": title}
    if make is scraped:
        kwargs = {**kwargs, "published": f"{date} 09:30" if date else ""}
    if make in (markdown_page, portal_page):
        kwargs = {**kwargs, "published": date or ""}
    if make is sql_row:
        kwargs = {**kwargs, "date": f"{date} 00:00:00" if date else "0000-00-00 00:00:00"}
    return make(text, **kwargs)


# --------------------------------------------------------------------------- documents with gold

from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD_SETS = {  # set name → (folder, gold file)
    "seeds": (SHARED / "seeds", SHARED / "gold" / "seeds.gold.json"),
    "corpus": (SHARED / "corpus" / "docs", SHARED / "corpus" / "gold.json"),
    "examples": (ROOT / "examples", None),
}


def gold_documents(set_name: str) -> list[tuple[str, Path, dict]]:
    """(file name, path, gold document) for every document of a set that has gold; [] when absent."""
    import json

    folder, gold_file = GOLD_SETS[set_name]
    if not folder.is_dir():
        return []
    golds: list[dict] = []
    if gold_file is None:
        for path in sorted((folder / "expected").glob("*.json")):
            golds += json.loads(path.read_text("utf-8")).get("documents", [])
    elif gold_file.is_file():
        golds = json.loads(gold_file.read_text("utf-8")).get("documents", [])
    return [(g["doc"], folder / g["doc"], g) for g in golds if (folder / g["doc"]).is_file()]


def clean_text(path: Path) -> tuple[str, str, str | None]:
    """(clean text, title, date) of a file as the loaders read it: the base every rendition starts from."""
    from policykg.loaders import parse_file

    doc = parse_file(path)
    return doc.text, doc.title, doc.date


def scores(data: bytes, suffix: str, name: str, gold: dict) -> dict[str, float]:
    """F1 per category of the facts parsed from ``data`` against ``gold`` (0 everywhere if unreadable)."""
    from policykg.errors import InputError
    from policykg.loaders import parse_bytes
    from policykg.loaders.scoring import CATEGORIES, predicted_from_document, score

    try:
        doc = parse_bytes(data, name, suffix)
    except InputError:
        return {c: 0.0 for c in CATEGORIES}
    s = score(gold, predicted_from_document(doc))
    return {c: s[c]["f1"] for c in CATEGORIES}
