"""The formats a policy document comes in, each turned into plain lines.

:mod:`loaders.read` decides which one a file is (by content first, suffix second)
and cleans the result; this module only knows each format's shape:

* HTML — visible text only (no script/style/nav/header/footer); block tags end
  lines; each table row becomes one line with cells joined by :data:`CELL_SEP`;
* Markdown — headings, emphasis, links and rules unwrapped; pipe tables as rows;
* .docx — paragraphs and tables in document order, Word's automatic numbering
  written out (a list Word numbers "（一）" has no "（一）" in its text);
* PDF — the text layer, with hard-wrapped lines joined back into paragraphs.

>>> html_to_text("<p>一、任务</p><table><tr><td>1</td><td>市发改局</td></tr></table>").split()
['一、任务', '1', '|', '市发改局']
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from policykg.errors import InputError
from policykg.loaders import rules

CELL_SEP = " | "  # joins the cells of one table row so a 分工表 row stays one line




_HTML_HINT = re.compile(r"<\s*(html|body|div|p|table|tr|td|span|br|meta|head)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """True when a text file is really an HTML page (enough real tags in its first part)."""
    return len(_HTML_HINT.findall(text[:20000])) >= 5


class _VisibleText(HTMLParser):
    """Collect visible text; block tags start new lines, table cells are joined with CELL_SEP."""

    SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "select", "iframe", "svg", "button", "head"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr", "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.cells: list[str] | None = None  # cells of the table row being read
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skip_depth += 1
            return
        if tag == "tr":
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.cell = []
        elif tag in self.BLOCK and self.cell is None:
            self.parts.append("\n")
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            (self.cell if self.cell is not None else self.parts).append(" " if self.cell is not None else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in ("td", "th") and self.cells is not None and self.cell is not None:
            self.cells.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.cells is not None:
            cells = [c for i, c in enumerate(self.cells) if c and (i == 0 or c != self.cells[i - 1])]
            self.parts.append("\n" + CELL_SEP.join(cells) + "\n")
            self.cells = None
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: no script/style/nav/header/footer; rows kept as lines."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


_MD_LINE = re.compile(r"^(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S))")
_MD_INLINE = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?)\s*$")


def looks_like_markdown(text: str) -> bool:
    head = text[:5000]
    return bool(re.search(r"^#{1,6} \S", head, re.M)) or head.count("**") >= 4


def markdown_to_text(text: str) -> str:
    """Markdown → plain lines: headings, emphasis, links and rules unwrapped; table rows kept."""
    out = []
    for line in text.split("\n"):
        if _MD_RULE.match(line):
            continue
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_LINE.sub("", line.strip())
        line = _MD_INLINE.sub("", line)
        if line.startswith("|") and line.endswith("|"):
            line = CELL_SEP.join(c.strip() for c in line.strip("|").split("|"))
        out.append(line)
    return "\n".join(out)


def docx_text(data: bytes, source: str) -> str:
    """Paragraphs and table rows of a .docx in document order, automatic numbers written out."""
    try:
        import docx  # python-docx; imported here so plain-text loading never pays for it
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise InputError(f"{source}: not a readable .docx file ({type(exc).__name__}); save it again from Word") from exc
    number = _WordNumbering(document)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(number.prefix(child) + Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a horizontally merged cell is listed once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                lines.append(CELL_SEP.join(cells))
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (as Word's chineseCounting prints them)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


class _WordNumbering:
    """Word's list numbering (numbering.xml), replayed paragraph by paragraph.

    Only what policy documents use: decimal and Chinese counters, ``lvlText``
    patterns such as ``%1、`` or ``（%2）``, nested levels that restart under their
    parent. Bullets become "·"; anything unreadable yields no prefix.
    """

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        self.style_numbering: dict[str, object] = {}  # style id → its numPr (List Number and friends)
        try:
            for style in document.styles.element.iter(f"{_W}style"):
                num_pr = style.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    self.style_numbering[style.get(f"{_W}styleId", "")] = num_pr
        except Exception:  # styles are optional for numbering; paragraphs may carry their own
            pass
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: nothing is numbered automatically
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId", "")] = abstract.get(ref.get(f"{_W}val", ""), {})

    def prefix(self, paragraph) -> str:
        numbering = paragraph.find(f"{_W}pPr/{_W}numPr")
        if numbering is None:
            style = paragraph.find(f"{_W}pPr/{_W}pStyle")
            numbering = self.style_numbering.get(style.get(f"{_W}val", "")) if style is not None else None
        if numbering is None or not self.levels:
            return ""
        num_id_node, ilvl_node = numbering.find(f"{_W}numId"), numbering.find(f"{_W}ilvl")
        num_id = num_id_node.get(f"{_W}val", "") if num_id_node is not None else ""
        ilvl = int(ilvl_node.get(f"{_W}val", "0")) if ilvl_node is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt == "bullet" or fmt == "none":
            return "·" if fmt == "bullet" else ""

        def render(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            value = counters[k] or levels.get(k, ("decimal", "", 1))[2]
            level_fmt = levels.get(k, ("decimal", "", 1))[0]
            return chinese_number(value) if level_fmt.startswith(("chinese", "ideograph", "japanese", "taiwanese")) else str(value)

        return re.sub(r"%(\d)", render, text)


_SENTENCE_END = tuple("。；;：:！？!?）)》”")


def pdf_text(data: bytes, source: str) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:
        raise InputError(f"{source}: not a readable PDF ({type(exc).__name__})") from exc
    text = "\n".join(pages)
    if len("".join(text.split())) < 20:
        raise InputError(f"{source}: PDF has no text layer; OCR is not supported, convert it to text first")
    return _unwrap(text)


_ITEM_START = re.compile(rules.MARKER_AT_START.pattern + r"|^\s*(?:第[一二三四五六七八九十]+|——|[-•●]|\d{4}年)")


def _unwrap(text: str) -> str:
    """Join the hard-wrapped lines of a PDF text layer back into paragraphs."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if out and not out[-1].endswith(_SENTENCE_END) and len(out[-1]) >= 20 and not _ITEM_START.match(line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)
