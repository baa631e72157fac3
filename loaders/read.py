"""Bytes → clean text: the first step of the loader pipeline.

A policy document arrives as whatever people saved: a scraped page as ``.txt``
(in UTF-8, GB18030 or Big5, often with the page's HTML or template debris still
in it), a real ``.html`` page, a ``.docx`` with a 任务分工表, or a PDF. This
module turns any of them into one clean string, and that string *is* the
document's ``text``: every :class:`~loaders.records.Span` later indexes into it.

What "clean" means:

* encoding detected from the bytes, not guessed from the suffix; CRLF → LF;
* the format sniffed from the content (an HTML page saved as ``.txt`` is HTML; a CMS dump's
  ``INSERT`` row is read by :func:`dump_document` (below): its body once, its title and timestamp as meta);
* lines rebuilt from what the text says (:mod:`loaders.layout`), before anything is dropped, so
  a flattened or hard-wrapped page gets its lines back and loses its furniture like any other;
* a scraper's header fields (标题: / 原文链接: / 本地目录: / 索引号: …, see
  ``data/page_furniture.tsv``), breadcrumbs and share/navigation lines are metadata or noise,
  never text;
* table rows kept on one line, cells joined by :data:`CELL_SEP`;
* page furniture removed (发布时间/来源/浏览次数, 您现在的位置, 上一页/下一页,
  comment forms, editor bylines, 朗读 buttons, leftover tag fragments) while the
  useful bits of a page header (发布日期, 成文日期, 发布机构) are kept in
  :attr:`Page.meta`, since the structure step still wants them;
* a body the page prints twice is kept once (see :func:`drop_repeated_blocks`).

Example::

    >>> page = read_bytes("发布时间: 2013.08.15 来源:网站\\r\\n关于X的通知\\r\\n".encode("gbk"), "a.txt", ".txt")
    >>> page.text, page.meta["published"]
    ('关于X的通知', '2013-08-15')
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace

from policykg.errors import InputError
from policykg.loaders import layout, rules
from policykg.loaders.decode import decode, looks_binary
from policykg.loaders.filetypes import CELL_SEP, docx_text, html_to_text, looks_like_html, looks_like_markdown, markdown_to_text, pdf_text


@dataclass(frozen=True)
class Page:
    """The text as read plus what the page header said about the document."""

    text: str
    # what the page said about the document, outside its text: page_title (a 标题: field, an HTML
    # <title>, a dump's title column), published (the page's publish time, not the 成文日期),
    # written (成文日期: field), publisher, doc_number (a 文号: field with a value)
    meta: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def read_bytes(data: bytes, source: str, suffix: str) -> Page:
    """Turn a file's bytes into a :class:`Page`; raise InputError when that is impossible."""
    notes: list[str] = []  # what reading had to work around (bad bytes, a PDF library's warnings)
    page = _read(data, source, (suffix or "").lower(), notes)
    return replace(page, warnings=page.warnings + tuple(notes)) if notes else page


def _read(data: bytes, source: str, suffix: str, notes: list[str]) -> Page:
    for magic, what in _UNSUPPORTED:
        if data.startswith(magic):
            raise InputError(f"{source}: {what}")
    if data.startswith(b"%PDF") or suffix == ".pdf":
        raw = pdf_text(data, source, notes)
    elif data.startswith(b"PK\x03\x04") or suffix == ".docx":
        raw = docx_text(data, source)
    else:
        raw = decode(data, source, notes)
        if looks_binary(raw):
            raise InputError(f"{source}: binary content, not text; expected .txt/.md/.html/.docx/.pdf/.sql")
        if suffix == ".sql" or looks_like_dump(raw):
            body, dump_meta = dump_document(raw)
            if body.strip():
                page = clean(html_to_text(body) if _ANY_TAG.search(body) else body)
                for key, value in dump_meta.items():
                    page.meta.setdefault(key, value)
                return page
        # a .md file with inline HTML (<br> in table cells) is Markdown; only a whole page saved as .md is HTML
        whole_page = bool(_HTML_DOCUMENT.match(raw.lstrip()[:100]))
        markdown = suffix in (".md", ".markdown") and not whole_page
        if not markdown and (suffix in (".html", ".htm", ".xhtml") or whole_page or looks_like_html(raw)):
            title = _PAGE_TITLE.search(raw[:20000])
            raw = html_to_text(raw)
            page = clean(raw)
            if title:
                page.meta.setdefault("page_title", " ".join(html.unescape(title.group(1)).split()))
            return page
        elif markdown or looks_like_markdown(raw):
            raw = markdown_to_text(raw)
    return clean(raw)


_UNSUPPORTED = [
    (b"\xd0\xcf\x11\xe0", "legacy Word/Excel file (.doc/.xls) is not supported; save it as .docx"),
    (b"\x89PNG", "an image; OCR is not supported, convert it to text first"),
    (b"\xff\xd8\xff", "an image; OCR is not supported, convert it to text first"),
    (b"GIF8", "an image; OCR is not supported, convert it to text first"),
    (b"{\\rtf", "RTF is not supported; save it as .docx or .txt"),
]
_ANY_TAG = re.compile(r"<\s*/?[A-Za-z][^<>]{0,400}>")
_HTML_DOCUMENT = re.compile(r"<(?:!doctype\s+html|html)\b", re.I)
_PAGE_TITLE = re.compile(r"<title[^>]*>([^<]{2,300})</title>", re.I)


# --------------------------------------------------------------------------- cleaning

# real tags only: <审改办> and <筹> in assignment lists are notes, not markup
_TAG = re.compile(r"<\s*[/!?]?[A-Za-z][^<>\n]{0,400}>")
# A tag whose "<" was lost: ` P class=MsoNormal style="…" align=center>` at a line start.
# a JSP/ASP directive left in a scraped page: <%@ page contentType="…" %>
_SERVER_DIRECTIVE = re.compile(r"<%.{0,400}?%>", re.S)
_TAG_FRAGMENT = re.compile(r"""^\s*/?[A-Za-z][A-Za-z0-9]*(?:\s+[\w:-]+\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s>"']+))+\s*/?>""")
_WIDE_GAP = re.compile(r"(?<=\S)(?: {2,}|\u3000{2,}|\t+)(?=\S)")
_CELL_GAP = re.compile(r"\t+| {2,}|\u3000{2,}")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00]")
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b\ufeff]+")

_DATE = r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?"
_META = [
    ("written", re.compile(r"成文日期\s*[:：]\s*" + _DATE)),
    ("published", re.compile(r"(?:发布|发文|公开|印发)(?:时间|日期)\s*[:：]?\s*[\[【]?\s*" + _DATE)),
    ("published", re.compile(r"^" + _DATE + r"\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?\s*(?:来源.*)?|来源.*)$")),
]
_META_TEXT = [
    ("publisher", re.compile(r"^(?:发布机构|发文机关|发文单位|发布单位)\s*[:：]\s*(\S.{0,40}?)\s*$")),
    ("doc_number", re.compile(r"^(?:发文字号|文号)\s*[:：]\s*(\S.{0,40}?)\s*$")),
]
# header fields whose line is the document's own metadata and stays in the text (with a value)
_OWN_FIELDS = {"文号", "发文字号", "成文日期", "发布机构", "发文机关"}
_TITLE_FIELDS = {"标题", "原标题"}


def header_field(line: str, meta: dict[str, str]) -> bool:
    """True for a scraper's or portal's header line (标题: / 原文链接: / 本地目录: / 索引号: …, or a
    row of such fields), which is metadata, never text; 标题 is kept in ``meta["page_title"]``.

    The document's own 文号/成文日期/发布机构 lines stay (they have provenance) unless empty."""
    cells = line.split(CELL_SEP) if CELL_SEP in line else [line]
    if len(cells) >= 2 and all(rules.HEADER_FIELD_LINE.match(c) for c in cells[::2]):
        cells = [a + b for a, b in zip(cells[::2], cells[1::2] + [""])]  # 索引号： | 0010…/2024-00017 | 发布机构： | …
    fields = [rules.HEADER_FIELD_LINE.match(c) for c in cells]
    if not all(fields) or len(line) > 300:
        return False
    for m in fields:
        name, value = m.group(1), m.group(2).strip()
        if name in _OWN_FIELDS and value and len(cells) == 1:
            return False
        if name in _TITLE_FIELDS and value:
            meta.setdefault("page_title", value)
    return True


_NAV = (
    "上一页|下一页|上一篇|下一篇|首页|尾页|末页|返回顶部|返回首页|返回|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|"
    "分享到|分享|朗读|字体|字号|大|中|小|默认|加入收藏|设为首页|网站地图|相关新闻|相关链接|相关文章|相关阅读|相关文件|"
    "附件下载|扫一扫|发表意见|发表评论|我要评论|网友评论|提交|重置|验证码|看不清.{0,8}|微信|微博|QQ空间|"
    "网站首页|政务公开|政府信息公开|信息公开|互动交流|政民互动|办事服务|网上办事|新闻中心|新闻动态|公共服务|数据开放|"
    "专题专栏|走进[\u4e00-\u9fa5]{1,4}|无障碍|长者模式|English|繁体|简体|登录|注册|搜索"
)
# Whole lines that are page furniture, never document text.
_NOISE_LINE = re.compile(
    r"^(?:"
    r"(?:您现在的位置|您的位置|当前位置|所在位置|当前的位置)\s*[:：].*"
    r"|[\d\s年月日:：./\-]{0,30}(?:发布时间|发布日期|更新时间|来源|信息来源|文章来源|浏览次数|浏览量|点击数|点击次数|点击率|阅读次数|阅读量|访问次数|访问量|字号)\s*[:：].{0,60}"
    r"|(?:作者|编辑|责任编辑|责编|审核|校对|撰稿|摄影|供稿|审稿|来源)\s*[:：].{0,40}"
    r"|[(（【\[]\s*(?:作者|编辑|责任编辑|责编)\s*[:：][^)）】\]]{0,40}[)）】\]]"
    r"|(?:征集时间|征集状态|状态)\s*[:：].{0,60}"
    r"|(?:首页|网站首页|主页)\s*[>＞»›/].{0,80}"
    r"|[【\[]?(?:" + _NAV + r")[】\]]?(?:[\s:：|/·]*[【\[]?(?:" + _NAV + r")[】\]]?)*"
    r"|[•·●*\-\s]*(?:您的姓名|姓名|联系方式|联系电话|电子邮箱|您的意见|验证码|您的邮箱|标题|内容)\s*[:：]?\s*\*?"
    r"|[\W_]{0,6}"
    r"|[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|\S{2,4}新闻"
    r"|.{0,60}(?:版权所有|网站标识码|ICP备|技术支持[:：]|网站地图|联系我们).{0,80}"
    r")$"
)
# a breadcrumb: short names joined by > (site > section > section), with or without 当前位置
_BREADCRUMB = re.compile(r"^(?:[^。；;，,>＞»›]{1,30}[:：]\s*)?[^。；;，,>＞»›]{2,30}(?:\s*[>＞»›]\s*[^。；;，,>＞»›]{2,30}){1,6}\s*[>＞»›]?$")
_BULLET_LINE_NOISE = re.compile(r"^[【\[]\s*(?:打印|关闭|收藏|返回|字体|大|中|小)")


def clean(raw: str) -> Page:
    """Normalise line ends and spaces, strip page furniture, keep the header facts in ``meta``."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    raw = _INVISIBLE.sub("", raw)  # 牵\u200b头单位 must still read as 牵头单位
    if "&" in raw:
        raw = html.unescape(raw)
    if "<" in raw:
        raw = _TAG.sub("", _SERVER_DIRECTIVE.sub("", raw))
    raw_lines = layout.rebuild(raw.split("\n"))  # lines as printed, whatever shape they came in
    meta: dict[str, str] = {}
    lines: list[str] = []
    width = 0  # cells of the text table being read (0 outside one)
    for line in raw_lines:
        line = _TAG_FRAGMENT.sub("", line)
        stripped = line.strip()
        if not stripped:
            continue
        if _BREADCRUMB.match(stripped):
            continue  # 某某人民政府网 > 政务公开 > 规范性文件
        gaps = len(_WIDE_GAP.findall(stripped))
        if "\t" in stripped or gaps >= 2 or (width and gaps and _ROW_START.match(stripped)):
            # cells of a table pasted as text (tabs, or runs of spaces between 3+ cells): one row per line
            cells = [c.strip() for c in _CELL_GAP.split(stripped) if c.strip()]
            if width and _continues_row(line, lines, width, len(cells)):
                lines[-1] = _join_row(lines[-1], cells)
                continue
            width = max(width, len(cells))
            line = CELL_SEP.join(cells)
        elif width and _continues_row(line, lines, width, 1):
            lines[-1] = _join_row(lines[-1], [stripped])  # a wrapped cell without a gap on its line
            continue
        else:
            width = 0
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        for key, pattern in _META:
            m = pattern.search(line)
            if m and key not in meta:
                meta[key] = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        for key, pattern in _META_TEXT:
            m = pattern.match(line)
            if m and key not in meta:
                meta[key] = m[1]  # the line stays: it is the document's own metadata, with provenance
        if not line or _NOISE_LINE.match(line) or _BULLET_LINE_NOISE.match(line) or rules.NAV_LINE.match(line) \
                or header_field(line, meta):
            continue
        if line[:2] in ("| ", "｜ ") and CELL_SEP not in line[2:]:
            line = line[2:]  # "| 国务院关于…": the rest of a "site | title" line
        lines.append(line)
    lines = [part for line in lines for part in split_run_on(line)]
    lines = drop_repeated_blocks(lines)
    return Page("\n".join(lines), meta)


_ROW_START = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})(?:[.．、\s]|$)")


def _continues_row(line: str, lines: list[str], width: int, cells: int) -> bool:
    """True for the second line of a table row whose cell wrapped: the row above is short, and
    this line is indented with spaces or the row above stopped mid-sentence (，、；).

    A line led by a tab is not a wrap: the tab stands for an empty (merged) first cell."""
    if not lines or CELL_SEP not in lines[-1] or _ROW_START.match(line) or line.startswith("\t"):
        return False
    row = lines[-1].split(CELL_SEP)
    if len(row) + cells - 1 > width:
        return False
    return (line[:1] == " " or (line[:1] == "\u3000" and line[1:2] != "\u3000")) or row[-1].rstrip().endswith(("，", "、", "；", ",", ";", "："))


def _join_row(row: str, cells: list[str]) -> str:
    """The row above with its last cell continued by the first of ``cells``."""
    parts = row.split(CELL_SEP)
    parts[-1] += cells[0]
    return CELL_SEP.join(parts + cells[1:])


def split_run_on(line: str, limit: int = 300) -> list[str]:
    """Break a page that lost its line breaks back into items (…。二、主要任务 → two lines).

    Only lines longer than ``limit`` are touched (see :func:`loaders.layout.split_long_line`:
    items found by their markers in sequence, headings split from the sentence after them).
    """
    return layout.split_long_line(line) if len(line) > limit else [line]


_NUMBERED = rules.MARKER_AT_START  # loaders/data/outline_markers.tsv


def drop_repeated_blocks(lines: list[str], min_chars: int = 200, min_lines: int = 3) -> list[str]:
    """Keep once a run of lines that the page prints twice, and collapse doubled lines.

    Pages often print a plan twice (once in the page body, once in a print view or
    after the notice that wraps it). A repeated run is found from any long line
    seen before, then extended forwards and backwards line by line; the *earlier*
    copy is dropped so the text keeps the later one, which usually follows the
    notice, signature and title. Work is linear in practice: each long line is
    looked up in a dict, and a matched run is skipped as a whole.

    >>> block = ["甲" * 80, "乙" * 80, "丙" * 80]
    >>> drop_repeated_blocks(block + ["注"] + block) == ["注"] + block
    True
    """
    n = len(lines)
    first_seen: dict[str, int] = {}
    dropped = [False] * n
    i = 0
    while i < n:
        line = lines[i]
        j = first_seen.get(line) if len(line) >= 8 else None
        if j is not None and not dropped[j]:
            length = 0
            while i + length < n and j + length < i and lines[j + length] == lines[i + length]:
                length += 1
            back = 0
            while j - back - 1 >= 0 and lines[j - back - 1] == lines[i - back - 1] and j - back - 1 + length + back < i - back - 1:
                back += 1
            start_j, start_i, total = j - back, i - back, length + back
            chars = sum(len(lines[k]) for k in range(start_i, start_i + total))
            if total >= min_lines and chars >= min_chars:
                for k in range(start_j, start_j + total):
                    dropped[k] = True
                i += length
                continue
        if len(line) >= 8:
            first_seen.setdefault(line, i)
        i += 1
    kept: list[str] = []
    for k, line in enumerate(lines):
        if dropped[k]:
            continue
        if kept and line == kept[-1] and len(line) >= 4 and (len(line) >= 20 or not _NUMBERED.match(line)):
            # a signature, date or whole item paragraph printed twice in a row; a short numbered
            # line repeated ("1.", "(一)") may be two items whose text follows on the next lines
            continue
        kept.append(line)
    return kept


# ----------------------------------------------------------------------------- database dumps
#
# Database dumps: the document inside a SQL ``INSERT`` row of a CMS backup.
#
# A CMS keeps an article as one row: an id, a title, a summary cut after a few dozen characters,
# the HTML body (sometimes twice, in a ``content`` and a ``content_copy`` column), timestamps.
# :func:`dump_rows` reads the values of every ``INSERT INTO … VALUES (…), (…);`` statement with MySQL's
# string escapes (``\\'`` ``\\"`` ``\\n`` ``\\\\``); :func:`dump_document` picks from each row what the
# document is: the longest text is the body (kept once, however many columns repeat it), a
# short text column named like a title is the title, the first timestamp is the page's publish
# time (metadata only: the document's own date is printed by its signature).

_INSERT = re.compile(r"INSERT\s+(?:IGNORE\s+)?INTO\s+[`\"]?[\w.]+[`\"]?\s*(?:\(([^()]*)\))?\s*VALUES\s*", re.I)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "", "b": "", "Z": "", "'": "'", '"': '"', "\\": "\\"}
_TIMESTAMP = re.compile(r"^((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_TITLE_COLUMN = re.compile(r"title|subject|name|biaoti|headline", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def looks_like_dump(text: str) -> bool:
    """True when a text file starts (after comments and SET lines) with an INSERT statement."""
    return bool(re.search(r"^\s*INSERT\s+(?:IGNORE\s+)?INTO\s", text[:20000], re.I | re.M))


def dump_rows(text: str) -> list[dict[str, str]]:
    """Every row of every INSERT statement, as {column: value}; columns without names are c0, c1, …"""
    out: list[dict[str, str]] = []
    for m in _INSERT.finditer(text):
        columns = [c.strip().strip("`\"") for c in m.group(1).split(",")] if m.group(1) else []
        pos = m.end()
        while pos < len(text) and text[pos] == "(":
            values, pos = _dump_tuple(text, pos + 1)
            names = columns if len(columns) == len(values) else [f"c{k}" for k in range(len(values))]
            out.append(dict(zip(names, values)))
            while pos < len(text) and text[pos] in " \t\r\n,":
                pos += 1
    return out


def _dump_tuple(text: str, pos: int) -> tuple[list[str], int]:
    """The values of one parenthesised row starting at ``pos``; returns them and the position after ``)``."""
    values: list[str] = []
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch in " \t\r\n,":
            pos += 1
        elif ch == ")":
            return values, pos + 1
        elif ch in "'\"":
            buf, pos = [], pos + 1
            while pos < n and text[pos] != ch:
                if text[pos] == "\\" and pos + 1 < n:
                    buf.append(_ESCAPES.get(text[pos + 1], text[pos + 1]))
                    pos += 2
                elif text[pos] == ch == text[pos + 1:pos + 2]:  # '' inside a string is one quote
                    buf.append(ch)
                    pos += 2
                else:
                    buf.append(text[pos])
                    pos += 1
            values.append("".join(buf))
            pos += 1
        else:
            end = pos
            while end < n and text[end] not in ",)":
                end += 1
            word = text[pos:end].strip()
            values.append("" if word.upper() == "NULL" else word)
            pos = end
    return values, pos


def dump_document(text: str) -> tuple[str, dict[str, str]]:
    """(body, metadata) of the rows in a dump: each row's body once, bodies of several rows in order.

    >>> sql = "INSERT INTO `post` (`id`,`title`,`content`,`created_at`) VALUES ('1','关于X的通知','<p>正文\\\\n第二行</p>','2013-12-02 10:00:00');"
    >>> dump_document(sql)
    ('<p>正文\\n第二行</p>', {'page_title': '关于X的通知', 'published': '2013-12-02'})
    """
    bodies: list[str] = []
    meta: dict[str, str] = {}
    for row in dump_rows(text):
        texts = [v for v in row.values() if _CJK.search(v)]
        if not texts:
            continue
        body = max(texts, key=len)
        if body not in bodies:
            bodies.append(body)
        title = next((v for k, v in row.items() if _TITLE_COLUMN.search(k) and _CJK.search(v) and len(v) <= 200), None)
        if title is None:  # no column names: the shortest Chinese text that is not a cut summary
            short = [v for v in texts if v != body and len(v) <= 120 and not v.rstrip().endswith(("...", "…"))]
            title = min(short, key=len) if short else None
        if title and "page_title" not in meta:
            meta["page_title"] = " ".join(title.split())
        for value in row.values():
            stamp = _TIMESTAMP.match(value.strip())
            if stamp and "published" not in meta:
                meta["published"] = f"{int(stamp[1]):04d}-{int(stamp[2]):02d}-{int(stamp[3]):02d}"
    return "\n".join(bodies), meta
