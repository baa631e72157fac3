"""Who signed a document and when: issuing offices, the 成文日期, office-name lines.

A Chinese official document names its issuers in a few places, and :func:`find_issuers_and_date`
reads them in this order: the red head (``某某市人民政府文件``), the signature at the end (one
office or several above the date, on lines of their own, parted by spaces, or glued together
by a flattened page), an office and its date on one line, the imprint (``…日印发``), a portal's
``发文机关:`` field, a joint head printed above the title (``中共某县委 某县人民政府``), and the
offices a title opens with (``中共某区委 某区人民政府关于…``). The date is the one by the
signature, else a portal's 成文日期 field, else the first date line, else the publication date.

Used by :mod:`loaders.structure`, which owns the :class:`~loaders.structure.Outline` these
functions fill in.

>>> parse_date_line("二〇一六年四月八日"), is_org_line("中 共 衢 州 市 委")
('2016-04-08', True)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policykg.loaders import rules
from policykg.loaders.records import Span

if TYPE_CHECKING:  # the outline is built by loaders.structure, which imports this module
    from policykg.loaders.structure import Line, Outline

_DATE_LINE = re.compile(
    r"^[(（]?\s*((?:19|20)\d{2}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[)）]?$"
)
_ORG_END = re.compile(
    r"(?:委员会|委|人民政府|政府|办公室|办公厅|厅|局|办|部|院|联合会|会|中心|公司|集团|署|所|管委会|党组|党委|工委|街道办事处|法院|检察院)$"
)
_ORG_AND_DATE = re.compile(r"^(\S.{2,40}?)\s+((?:19|20)\d{2}\s*年.{3,8}日)$")
_ISSUER_LABEL = "发文机关|发布机构|发文单位|发布单位"  # a portal's field naming the issuer
_ISSUER_META = re.compile(rf"^(?:{_ISSUER_LABEL})\s*[:：]\s*(\S.{{1,60}})$")
PUNCT = re.compile(r"[，,。；;：:！？“”\"《》、]")
# a portal's metadata fields: 成文日期：2020年02月10日, 发文机关：某市人民政府办公室
_FIELD_WRITTEN = re.compile(r"成文日期\s*[:：]\s*((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_FIELD_ISSUER = re.compile(rf"(?:{_ISSUER_LABEL})\s*[:：]\s*([\u4e00-\u9fa5（）()]{{3,40}}?)(?=\s|$|[，,；;]|(?:索引号|主题分类|成文日期|发布日期|发文日期|文号|发文字号|标题|名称))")


_YEAR_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")


def _cn_number(s: str) -> int:
    """A date part as _DATE_LINE reads it: 2016, 二〇一六 (digit by digit), 四, 十二, 二十八."""
    if s.isdigit():
        return int(s)
    if len(s) == 4:  # a year written 二〇一六
        return int(s.translate(_YEAR_DIGITS))
    return rules.cn_number(s)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# a note printed after the signature date on the same line: （此件公开发布）
_DATE_NOTE = re.compile(r"[(（]此件[^()（）]{1,10}[)）]$")


def parse_date_line(text: str) -> str | None:
    """The ISO date of a line that is only a date (2016年4月8日, 二〇一六年四月八日, （2023年2月8日）), else None."""
    m = _DATE_LINE.match(_DATE_NOTE.sub("", text.replace(" ", "").translate(_FULLWIDTH_DIGITS)))
    if not m:
        return None
    year, month, day = (_cn_number(g) for g in m.groups())
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_org_line(text: str) -> bool:
    """A line that is only an office name (spaces allowed: 中 共 衢 州 市 委)."""
    squeezed = "".join(text.split())
    return 3 <= len(squeezed) <= 30 and not PUNCT.search(squeezed) and bool(_ORG_END.search(squeezed))


def signing_line(text: str) -> bool:
    """A line of the signature: one office, or several parted by spaces (a flattened page's)."""
    parts = text.split()
    return is_org_line(text) or (len(parts) > 1 and max(map(len, parts)) > 1 and all(is_org_line(p) for p in parts)) \
        or len(_glued_offices(text.strip())) > 1


def under_issuers(lines: list[Line], start: int) -> bool:
    """The title starting at ``start`` sits right under a line of several offices (a joint head)."""
    k = next((ln.index for ln in lines if ln.start <= start <= ln.end), 0) - 1
    while k >= 0 and not lines[k].text.strip():
        k -= 1
    parts = lines[k].text.split() if k >= 0 else []
    return len(parts) > 1 and all(is_org_line(p) for p in parts)


_GENERAL_OFFICE = re.compile(r".{2,}?(?:办公厅|办公室)")
# the end of a central agency's name, unless its general office follows (国家发展和改革委员会办公厅)
_GLUED_AGENCY = re.compile(r".{2,}?(?:办公厅|办公室|委员会|总署|总局|科学院|工程院|部(?!门))(?!办公厅|办公室)")


def _glued_offices(printed: str) -> list[tuple[int, str]]:
    """(offset, name) of the offices in a signature line; general offices glued together by a
    flattened page (国家某某委办公厅某某总局办公厅) are parted, since a 办公厅/办公室 ends its name.

    >>> _glued_offices("甲部办公厅乙总局办公厅")
    [(0, '甲部办公厅'), (5, '乙总局办公厅')]
    >>> _glued_offices("甲市人民政府办公室")
    [(0, '甲市人民政府办公室')]
    >>> [name for _o, name in _glued_offices("国家互联网信息办公室国家发展和改革委员会工业和信息化部公安部海关总署")]
    ['国家互联网信息办公室', '国家发展和改革委员会', '工业和信息化部', '公安部', '海关总署']
    """
    pieces = [(m.start(), m.group(0)) for m in _GENERAL_OFFICE.finditer(printed)]
    if (len(pieces) > 1 and "".join(p for _o, p in pieces) == printed and not any(c.isspace() for c in printed)
            and all(len(p) >= 5 and is_org_line(p) for _o, p in pieces)):
        return pieces
    if len(printed) > 30 and not any(c.isspace() for c in printed):
        # too long for one office: central agencies signing together, their names glued by a flattened
        # page (国家互联网信息办公室国家发展和改革委员会工业和信息化部公安部海关总署…)
        pieces = [(m.start(), m.group(0)) for m in _GLUED_AGENCY.finditer(printed)]
        if len(pieces) > 1 and "".join(p for _o, p in pieces) == printed and all(is_org_line(p) for _o, p in pieces):
            return pieces
    return [(0, printed)]


def find_issuers_and_date(outline: Outline, meta: dict[str, str]) -> None:
    """Set ``outline.issuers`` (name, printed span) and ``outline.date`` (the 成文日期) from the page."""
    lines = outline.lines
    issuers: list[tuple[str, Span]] = []
    seen: set[str] = set()

    def add(printed: str, start: int) -> None:
        for offset, piece in _glued_offices(printed):
            name = "".join(piece.split())
            if name and name not in seen:
                seen.add(name)
                issuers.append((name, outline.span(start + offset, start + offset + len(piece))))

    def add_line(line: Line, part: str | None = None) -> None:
        printed = (part or line.text).strip()
        add(printed, line.start + line.text.index(printed))

    for line in lines[: outline.body_start + 3]:
        m = re.match(r"^(.{2,40}?)\s*文件$", line.text.strip())
        if m and all(is_org_line(p) for p in m.group(1).split()):
            for part in m.group(1).split():
                add_line(line, part)
    signature_date = None
    standalone_date = None
    for line in lines:
        date = parse_date_line(line.text.strip())
        if not date:
            same = _ORG_AND_DATE.match(line.text.strip())
            if same and is_org_line(same.group(1)) and parse_date_line(same.group(2)):
                signature_date = signature_date or parse_date_line(same.group(2))
                if not issuers:
                    add_line(line, same.group(1))
            continue
        standalone_date = standalone_date or date
        k = line.index - 1
        block: list[Line] = []
        while k >= 0 and len(block) < 10 and signing_line(lines[k].text):  # joint documents sign with many offices
            block.append(lines[k])
            k -= 1
        if block and signature_date is None:
            signature_date = date
            for org in reversed(block):
                parts = org.text.split()
                if len(parts) > 1 and all(is_org_line(p) for p in parts) and max(map(len, parts)) > 1:
                    for p in parts:
                        add_line(org, p)
                else:
                    add_line(org)
    if not issuers:
        # the imprint at the end (版记): offices above a "…日印发" line, when no signature names them
        for line in lines:
            t = line.text.strip()
            if t.endswith("印发") and parse_date_line(t[:-2].strip()):
                k = line.index - 1
                while k >= 0 and line.index - k <= 2 and is_org_line(lines[k].text):
                    k -= 1
                for org in lines[k + 1:line.index]:
                    add_line(org)
                if issuers:
                    break
    if not issuers:
        for line in lines[: outline.body_start + 12]:
            m = _ISSUER_META.match(line.text.strip())
            if m:
                for part in re.split(r"[、，,\s]+", m.group(1)):
                    if is_org_line(part):
                        add_line(line, part)
                break
            m = _FIELD_ISSUER.search(line.text)
            if m and is_org_line(m.group(1)):
                add(m.group(1), line.start + m.start(1))
                break
    written = None
    for line in lines[: outline.body_start + 12]:
        m = _FIELD_WRITTEN.search(line.text)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            written = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            break
    if not issuers and outline.title_span is not None and under_issuers(lines, outline.title_span.start):
        k = next(ln.index for ln in lines if ln.start <= outline.title_span.start <= ln.end) - 1
        while not lines[k].text.strip():
            k -= 1
        for part in lines[k].text.split():  # 中共某县委 某县人民政府 printed on the line above the title
            add_line(lines[k], part)
    if not issuers and outline.title_span is not None:
        m = re.match(r"^(.{3,60}?)关于", outline.title)
        if m:
            parts = m.group(1).split()
            if all(is_org_line(p) for p in parts):
                for p in parts:
                    start = outline.title_span.start + outline.title.index(p)
                    name = "".join(p.split())
                    if name not in seen:
                        seen.add(name)
                        issuers.append((name, outline.span(start, start + len(p))))
    # the red head prints a short form (发展改革委办公厅 文件) that the signature gives in full
    # (国家发展改革委办公厅): one issuer, named in full
    full = [name for name, _ in issuers]
    issuers = [(n, sp) for n, sp in issuers if not any(o != n and o.endswith(n) for o in full)]
    outline.issuers = issuers
    # the 成文日期 (by the signature, or a portal's 成文日期 field) is the document's date, not the
    # day the page was published
    outline.date = meta.get("written") or signature_date or written or standalone_date or meta.get("published") \
        or decree_date(outline.text)


_DECREE_NUMBER = re.compile(r"^\s*第\s*(\d{1,4})\s*号(?![〕\]］)）])", re.M)  # at a line's start (a flattened page: glued)
_DECREE_HISTORY = r"((?:19|20)\d{{2}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日[^。；;()（）]{{0,20}}?令\s*第\s*{n}\s*号\s*(?:公布|发布|修正|修订|修改)"


def decree_date(text: str) -> str | None:
    """The date of a decree page that prints only its number (第223号) and no signature: the day its
    history note gives for that number (2016年9月21日省人民政府令第223号修正). None otherwise.

    >>> decree_date("第7号\\n决定修改如下。\\n(2010年1月2日市人民政府令第3号公布　2012年5月6日市人民政府令第7号修正)")
    '2012-05-06'
    """
    head = _DECREE_NUMBER.search(text, 0, 200)
    if not head:
        return None
    m = re.search(_DECREE_HISTORY.format(n=int(head.group(1))), text)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
