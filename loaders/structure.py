"""Text → document outline: title, issuers, 文号, date, jurisdiction and numbered sections.

(Issuers and the date are read by :mod:`loaders.signature`; this module finds the title, the
文号, the jurisdiction and the numbered outline.)

Chinese official documents share one shape: a header (发文机关 ``XX文件``, 文号,
title, 主送 line), a body numbered 一、 / （一） / 1. or 1、 / （1） / ——-bullets, and a
signature (issuing offices, then the 成文日期). Scraped pages wrap that in page
furniture (removed by :mod:`loaders.read`) and often in a 印发…的通知 whose
attached plan is the real document. :func:`parse_outline` reads all of this from
the clean text; every position is an offset into that text.

Numbering is nested by *style*, not by a fixed rank: a style already open closes
everything below it, a new style opens a child. Documents that put ``1.`` items
under ``1、`` headings, or skip （一） entirely, still get the right tree.

>>> o = parse_outline("关于X的方案\\n一、总体要求\\n（一）目标。到2020年。\\n东阳市人民政府\\n2016年4月8日", "a.txt")
>>> o.title, o.date, [h.number for h in o.headings]
('关于X的方案', '2016-04-08', ['一', '(一)'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders import rules
from policykg.loaders.dictionaries import gazetteer, province_short_forms, trie_regex
from policykg.loaders.records import Span
from policykg.loaders.resolve import NATIONAL, find_place_chain, is_national
from policykg.loaders.signature import PUNCT as _PUNCT, find_issuers_and_date, is_org_line, under_issuers

# ----------------------------------------------------------------------------- numbering

# (style, canonical rank, pattern); rank orders styles that meet for the first time. The styles
# and their patterns are data: loaders/data/outline_markers.tsv (read by loaders.rules).
_MARKERS: list[tuple[str, int, re.Pattern[str]]] = rules.MARKERS


@dataclass(frozen=True)
class Line:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Heading:
    """A numbered line: its marker, nesting and where its own text starts."""

    line: int  # index into Outline.lines
    style: str
    number: str  # as printed, normalised: "一", "(一)", "1", "(1)", "——"
    content_start: int  # offset after the marker
    depth: int = 0  # 0 = top of the outline
    parent: int | None = None  # index into Outline.headings
    end_line: int = 0  # first line after this item (exclusive), set after parsing


@dataclass
class Outline:
    source: str
    text: str
    lines: list[Line]
    title: str = ""
    title_span: Span | None = None
    issuers: list[tuple[str, Span]] = field(default_factory=list)
    doc_number: str | None = None
    date: str | None = None
    jurisdiction: str = ""
    jurisdiction_chain: list[str] = field(default_factory=list)  # 鼓楼区, 福州市, 福建省 (most specific first)
    body_start: int = 0  # first line of the body (after the title)
    headings: list[Heading] = field(default_factory=list)
    heading_at: dict[int, int] = field(default_factory=dict)  # line index → heading index
    owner: list[int | None] = field(default_factory=list)  # line index → heading that contains it
    excluded: set[int] = field(default_factory=set)  # lines of feedback/comment blocks

    def span(self, start: int, end: int) -> Span:
        return Span(self.source, start, end, self.text[start:end])

    def heading_text(self, h: Heading) -> str:
        line = self.lines[h.line]
        return self.text[h.content_start : line.end]

    def section_path(self, h: Heading) -> list[Heading]:
        """The heading's ancestors, outermost first (not including ``h``)."""
        path = []
        p = h.parent
        while p is not None:
            path.append(self.headings[p])
            p = self.headings[p].parent
        return path[::-1]


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for i, raw in enumerate(text.split("\n")):
        lines.append(Line(i, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def match_marker(text: str) -> tuple[str, int, str, int] | None:
    """(style, rank, number, marker length) of a numbered line, or None."""
    for style, rank, pattern in _MARKERS:
        m = pattern.match(text)
        if m:
            number = m.group(1)
            if style in ("paren_cn", "paren_arabic", "half_paren"):
                number = f"({number})"
            if style == "bullet" and len(text) - m.end() < 2:
                return None
            return style, rank, number, m.end()
    return None


_SENTENCE_STOP = re.compile(r"[。！？!?；;]|[:：](?=\S{8})")


def short_title(text: str, limit: int = 60) -> str:
    m = _SENTENCE_STOP.search(text)
    head = text[: m.start()] if m else text
    return head.strip()[:limit]


# ----------------------------------------------------------------------------- header facts

DOC_TYPES = rules.DOC_TYPES  # loaders/data/doc_types.txt
_TITLE_END = re.compile(rf"{rules.DOC_TYPE_END}$")
_WRAPPER = re.compile(r"(?:印发|转发|下发|公布|发布).{0,6}《|关于(?:印发|转发|下发)|征求意见的(?:公告|通知)|公开征求.{0,10}意见|征求《[^《》]{2,120}》.{0,6}意见")
_WRAPPED = re.compile(r"《([^《》]{4,120})》|(?:印发|转发|下发)(.{4,120}?)的(?:通知|函)$")
_EDITION_LINE = re.compile(rf"^[(（](?:{rules.DRAFT_ALTERNATION})[)）]$")  # loaders/data/draft_markers.txt
# the plan period printed on its own line under the title: （2021-2023年）, (2018—2020年)
_PERIOD_LINE = re.compile(r"^[(（]\s*(?:19|20)\d{2}\s*年?\s*[-—–~～至到]{1,2}\s*(?:19|20)\d{2}\s*年\s*[)）]$")
_PERIOD_END = re.compile(r"[)）]$")
_NOT_TITLE_START = re.compile(r"^(?:根据|按照|为了|为|依据|经|现将|各|请|附件)")
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fa5]{1,10}?)\s*[〔\[［(（【]\s*((?:19|20)\d{2})\s*[〕\]］)）】]\s*第?\s*(\d{1,4})\s*号"
)
_DOC_NUMBER_LINE = re.compile(r"^(?:(?:发文字号|文号)\s*[:：]\s*)?" + DOC_NUMBER.pattern + r"(?:\s|$)")
# the caption of a comment/feedback table: it names the comments and ends like a caption
_FEEDBACK = re.compile(
    r"(?:征求意见|意见征求|意见建议|修改意见|反馈意见|意见|建议).{0,12}(?:反馈|采纳|汇总|处理|办理)"
    r"(?:情况|情况表|情况说明|表|汇总表|一览表|意见表)?\s*[)）]?$"
)


def normalise_doc_number(prefix: str, year: str, number: str) -> str:
    """文号 with any bracket style written the official way: 衢委发〔2009〕25号."""
    return f"{prefix}〔{year}〕{int(number)}号"


_SITE_NAME = r"[\u4e00-\u9fa5]{2,24}?(?:门户网站|网站|网|人民政府|政府|政府网)"
_SITE_ONLY = re.compile(rf"^\s*{_SITE_NAME}(?:\s*[_|｜—-]+\s*{_SITE_NAME})*\s*$")
_SITE_SUFFIX = re.compile(rf"\s*[_|｜—-]+\s*{_SITE_NAME}$")
# a field label before a title, or 附件 glued to the attached plan's title by a flattened page (附件某市…计划)
_TITLE_LABEL = re.compile(r"^(?:(?:标\s*题|名\s*称|文件名称)\s*[:：]\s*|附件(?=[^\s:：\d\-—、，,.．]))")


def title_part(text: str) -> tuple[int, int]:
    """(start, end) of the title inside a line: without 标题： and a trailing _某某市人民政府门户网站."""
    label = _TITLE_LABEL.match(text)
    start = label.end() if label else 0
    start += _glued_label(text[start:])
    start += _caption_before_about(text[start:])
    site = _SITE_SUFFIX.search(text, start)
    end = site.start() if site and _TITLE_END.search(text[start:site.start()]) else len(text.rstrip())
    return start, end


_PLACE_YEAR = re.compile(r"[\u4e00-\u9fa5]{2,8}?[省市县区州旗盟](?:19|20)\d\d\s*年")
_LABEL_NOT = re.compile(r"关于|印发|转发|批转|发布|公布|下达|[，,。；;：:！？、《》“”\s]")


def _glued_label(text: str) -> int:
    """Where a title starts after a short page label glued to it with nothing between
    (乡镇考核依据石城县2018年度…细则 → 6): a title that opens with a place and its year
    (某某县2018年度…) after 2–10 characters that name no place and are no verb of issuing
    (印发/转发…). The place is the gazetteer's when it knows one there, else the shortest
    name before 省/市/县/区 (most are two characters). 0 when there is no such label."""
    if not 8 <= len(text) <= 140 or "关于" in text[:12]:
        return 0
    found = [p for p in range(2, 11) if _PLACE_YEAR.match(text, p)]
    known = [p for p in found if (chain := find_place_chain(_PLACE_YEAR.match(text, p).group())) and text.startswith(chain[0], p)]
    for p in (known[:1] or found[-1:]):
        if not _LABEL_NOT.search(text[:p]) and not find_place_chain(text[:p]):
            return p
    return 0


# what an issuer named before 关于 may end with, beyond signature.is_org_line's office words
# (联/协: the short names of mass organizations, 全国妇联, 中国科协, 全国工商联)
_ISSUER_TAIL = re.compile(r"(?:部门|单位|小组|机关|会议|中央|行|学|校|关|社|队|组|处|站|联|协)$")
# a national body's name opens so (中国科协, 全国工商联, 中华全国…, 国家…); a page's caption does not
_NATIONAL_HEAD = re.compile(r"^(?:中国|全国|中华|国家|国务院|中共)")


def _caption_before_about(text: str) -> int:
    """Where a title starts after a page's caption glued before its 关于 (接访信息详情关于X的通知 → 6):
    4–10 characters without digits, punctuation or spaces that name no office and no place. The
    issuers a title opens with (中共某县委关于…, 七部门关于…, 某省关于…) stay; 0 when there is none."""
    about = text.find("关于", 0, 12)
    if about < 4:
        return 0  # 上海关于…, 国务院关于…: a short name before 关于 is an issuer
    prefix = text[:about]
    if re.search(r"[\d\s]", prefix) or _PUNCT.search(prefix) or is_org_line(prefix) or _ISSUER_TAIL.search(prefix) \
            or _NATIONAL_HEAD.match(prefix) or find_place_chain(prefix) or re.search(r"[省市县区州旗盟乡镇村]", prefix):
        return 0
    return about


# never a title: a table row, a scraper's local path, a breadcrumb, a line of code or SQL
_NOT_TITLE_LINE = re.compile(r"本地目录|当前位置|您的位置|首页\s*[>＞»/]|[>＞»]{1,2}\s*正文|INSERT\s+INTO|`|<%|\\['\"]")
_TABLE_ROW = re.compile(r"\s\|\s|^\s*\|")  # inside the title part: a table row, not a title


def is_title_like(text: str) -> bool:
    a, b = title_part(text.strip())
    t = text.strip()[a:b]
    if not (4 <= len(t) <= 140) or t.endswith(("。", "：", ":", "；", ";", "，", ",")) or "。" in t:
        return False
    if _NOT_TITLE_LINE.search(text) or _TABLE_ROW.search(t):
        return False
    if _NOT_TITLE_START.match(t) or match_marker(t):
        return False
    return bool(_TITLE_END.search(t))


# ----------------------------------------------------------------------------- parsing


def parse_outline(text: str, source: str, meta: dict[str, str] | None = None) -> Outline:
    """Read header facts and the numbered outline of a clean text (see module doc).

    A page in Traditional script is read through its simplified copy (same offsets, see
    :func:`loaders.rules.simplified`); titles and issuers keep their printed spelling.
    """
    meta = meta or {}
    simple = rules.simplified(text)
    outline = Outline(source, simple, split_lines(simple))
    _read_outline(outline, meta)
    if simple != text:
        _as_printed(outline, text)
    return outline


def _as_printed(outline: Outline, text: str) -> None:
    """Point an outline read from the simplified copy back at the printed text."""
    outline.text, outline.lines = text, split_lines(text)
    span = outline.title_span
    if span is not None:
        printed = text[span.start:span.end]
        outline.title_span = outline.span(span.start, span.end)
        for candidate in (printed, "".join(printed.split())):  # a title cut over two lines is joined
            if rules.simplified(candidate) == outline.title:
                outline.title = candidate
                break
    outline.issuers = [("".join(text[sp.start:sp.end].split()), outline.span(sp.start, sp.end)) for _n, sp in outline.issuers]


def _read_outline(outline: Outline, meta: dict[str, str]) -> None:
    _parse_headings(outline)
    first_heading = outline.headings[0].line if outline.headings else len(outline.lines)
    _find_title(outline, first_heading, meta)
    find_issuers_and_date(outline, meta)
    _find_doc_number(outline, first_heading, meta)
    _mark_feedback_blocks(outline)
    outline.jurisdiction, outline.jurisdiction_chain = _jurisdiction(outline, meta)


# a title that opens with its place: 某某县2018年度…细则, 某某市关于…
_TITLE_PLACE = re.compile(r"^(?:中共)?((?![各本全该我])[\u4e00-\u9fa5]{1,5}?(?:省|自治区|市|县|区|旗))(?=(?:19|20)\d{2}|关于)")


def _jurisdiction(outline: Outline, meta: dict[str, str]) -> tuple[str, list[str]]:
    """Whose document this is: the issuers' place (the most specific one when a 区 co-issues
    with its 市), else the title's, else the publisher's, else the place the body names most."""
    chains = [c for c in (find_place_chain(name) for name, _ in outline.issuers) if c]
    if chains:
        deepest = max(chains, key=len)
        nested = all(set(c) <= set(deepest) for c in chains)
        chain = deepest if nested else chains[0]
        return chain[0], chain
    if any(is_national(name) for name, _ in outline.issuers):
        return NATIONAL, []
    title = outline.title if is_title_like(outline.title) else ""
    for candidate in (title, meta.get("publisher", "")):
        chain = find_place_chain(candidate)
        if not chain and candidate is title:
            m = _TITLE_PLACE.match(title)
            chain = find_place_chain(m.group(1) + "人民政府") if m else []
        if chain:
            return chain[0], chain
        if is_national(candidate):
            return NATIONAL, []
    chain = _most_named_place(outline.text)
    return (chain[0], chain) if chain else ("", [])


_PLACE_MENTION: re.Pattern[str] | None = None
# a place named as where people or goods come from
_ORIGIN_BEFORE = re.compile(r"(?:来自|途经|离开|从)$")
_ORIGIN_AFTER = re.compile(r"(?:省|市)?(?:入(?![选围驻股库])|来(?![说看讲])|返|赴|籍)")
# a province's 简称 after a verb of arriving, before the people or vehicles that arrive: 湖北入赣人员
_HOME_SHORT = re.compile(r"(?:入|来|返|抵)([\u4e00-\u9fa5])(?=人员|旅客|车辆|货车|船舶|务工|返岗|通道)")


def _most_named_place(text: str) -> list[str]:
    """The chain of the province or city the body names most often (at least twice)."""
    global _PLACE_MENTION
    gaz = gazetteer()
    if _PLACE_MENTION is None:
        names = [n for n, entries in gaz.by_name.items() if len(n) >= 2 and any(e.level in ("province", "city") for e in entries)]
        _PLACE_MENTION = re.compile(trie_regex(names))
    counts: dict[str, int] = {}
    for m in _PLACE_MENTION.finditer(text):
        if _ORIGIN_BEFORE.search(text, max(0, m.start() - 4), m.start()) or _ORIGIN_AFTER.match(text, m.end()):
            continue  # 湖北入赣人员, 来自湖北: where people come from, not whose page this is
        entry = next(e for e in gaz.by_name[m.group(0)] if e.level in ("province", "city"))
        counts[entry.name] = counts.get(entry.name, 0) + 1
    shorts = province_short_forms()
    for m in _HOME_SHORT.finditer(text):  # 入赣人员, 来沪人员: the page's own province by its 简称
        province = shorts.get(m.group(1))
        if province:
            counts[province] = counts.get(province, 0) + 1
    if not counts:
        return []
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return gaz.chain(name) if n >= 2 else []


def _parse_headings(outline: Outline) -> None:
    stack: list[int] = []  # indices into outline.headings
    owner: list[int | None] = []
    for line in outline.lines:
        found = match_marker(line.text)
        if found:
            style, rank, number, length = found
            open_styles = [outline.headings[h].style for h in stack]
            if style in open_styles:
                del stack[open_styles.index(style) :]
            else:
                ranks = {style: rank for style, rank, _p in _MARKERS}
                while stack and ranks[outline.headings[stack[-1]].style] > rank:
                    stack.pop()
            heading = Heading(line.index, style, number, line.start + length, depth=len(stack), parent=stack[-1] if stack else None)
            outline.heading_at[line.index] = len(outline.headings)
            outline.headings.append(heading)
            stack.append(len(outline.headings) - 1)
        owner.append(stack[-1] if stack else None)
    outline.owner = owner
    # each heading ends where the next heading at its depth or above starts
    open_: list[int] = []
    for idx, h in enumerate(outline.headings):
        while open_ and outline.headings[open_[-1]].depth >= h.depth:
            outline.headings[open_.pop()].end_line = h.line
        open_.append(idx)
    for idx in open_:
        outline.headings[idx].end_line = len(outline.lines)


def _find_title(outline: Outline, first_heading: int, meta: dict[str, str]) -> None:
    lines = outline.lines
    head = lines[:first_heading] if first_heading else lines[:1]
    candidates: list[tuple[int, int, str]] = []  # (start, end, title)
    for k, line in enumerate(head):
        t = line.text.strip()
        if is_title_like(t) and not t.endswith("文件"):
            lead = line.text.index(t)
            a, b = title_part(t)
            below = next((ln for ln in head[k + 1:k + 3] if ln.text.strip()), None)  # a blank line may sit between
            note = below.text.strip() if below is not None else ""
            if b == len(t) and (_EDITION_LINE.match(note) or (_PERIOD_LINE.match(note) and not _PERIOD_END.search(t))):
                # （征求意见稿） or the plan period （2021-2023年） printed under the title is part of it
                candidates.append((line.start + lead + a, below.start + below.text.index(note) + len(note), t[a:b] + note))
            else:
                candidates.append((line.start + lead + a, line.start + lead + b, t[a:b]))
        elif _WRAPPER.search(t) and ("。" not in t or (k < 3 and t.count("。") == 1)) and (inner := _WRAPPED.search(t)) \
                and is_title_like(inner.group(1) or inner.group(2) or ""):
            # a headline that only names what it issues: 上海市人民政府办公厅印发《X》 (no 的通知), or the
            # opening sentence of a page that puts X out for comments; a sentence further down that tells
            # of one (去年以市政府名义发布了《X》，…。) is the body, not a headline
            candidates.append((line.start + line.text.index(t), line.start + line.text.index(t) + len(t), t))
        elif k + 1 < len(head) and len(t) <= 40 and not _PUNCT.sub("", t) == "" and not t.endswith(("。", "：", ":")):
            joined = t + head[k + 1].text.strip()
            if ("关于" in t or ("《" in t and "》" not in t)) and not _NOT_TITLE_LINE.search(t) and is_title_like(joined):
                candidates.append((line.start, head[k + 1].end, joined))
    plain = [c for c in candidates if not _WRAPPER.search(c[2])]
    # a red-head (XX文件 or the 文号 line) starts the document proper: a title printed
    # after it beats a web page's headline above it
    red_head = next((ln.end for ln in head if ln.text.strip().endswith("文件") or _DOC_NUMBER_LINE.match(ln.text.strip())), None)
    after = [c for c in plain if red_head is not None and c[0] > red_head]
    # a title printed right under its issuers (中共某县委 某县人民政府 / 关于…的意见) is the document's head;
    # a short label above it (a page's or an app's caption) is not
    headed = [c for c in plain if under_issuers(lines, c[0])]
    chosen = (after or headed or plain or [None])[0]
    if chosen is None:
        for start, end, title in candidates:
            inner = _WRAPPED.search(title)
            if inner:  # a notice wrapping a plan: the plan is the document
                g = 1 if inner.group(1) else 2
                chosen = (start + inner.start(g), start + inner.end(g), inner.group(g))
                # the attached plan usually prints its title again on a line of its own
                again = next((ln for ln in lines if ln.text.strip() == chosen[2]), None)
                if again is not None:
                    chosen = (again.start + again.text.index(chosen[2]), again.start + again.text.index(chosen[2]) + len(chosen[2]), chosen[2])
                break
    if chosen is None and candidates:
        chosen = candidates[0]
    if chosen is None and meta.get("page_title") and not _SITE_ONLY.match(meta["page_title"]):
        # no title line in the body: the HTML <title> (without the site name) is the best evidence;
        # a <title> that is only the site's name (某某市人民政府门户网站) names no document
        page_title = meta["page_title"]
        a, b = title_part(page_title)
        site = _SITE_SUFFIX.search(page_title, a)
        if site and b > site.start() and any(ln.text.strip() == page_title[a:site.start()] for ln in lines[:5]):
            b = site.start()  # the page's title is the text's own first line plus the site's name
        outline.title = page_title[a:b]
        outline.body_start = first_heading if first_heading < len(lines) else 0
        return
    in_prose = False
    if chosen is None:
        chosen = _title_from_text(outline, first_heading)
        # named inside a sentence (现就X提出如下实施意见): that line is already the body's text
        in_prose = chosen is not None and any(
            ln.start <= chosen[0] <= ln.end and (_NAMED_IN_COVER.search(ln.text) or _PROPOSED.search(ln.text)) for ln in lines)
    if chosen is None:
        first = next((ln for ln in lines if ln.text.strip()), None)
        if first is None or _NO_TITLE_HERE.search(first.text.strip()) or not _CJK_CHAR.search(first.text) \
                or match_marker(first.text.strip()):
            # a crawler dropped the title: the page opens with the addressee line (各市、县人民政府：),
            # a bare decree number (第223号), a sentence, an outline heading (一、部门主要职责) or a line
            # of code with no Chinese in it (Page({); none of them is a title, so none is given
            return
        # no title anywhere: the first line stands in (a stored plan needs a name)
        chosen = (first.start, first.end, first.text.strip()[:140])
    start, end, title = chosen
    outline.title = title
    outline.title_span = outline.span(start, end)
    title_line = next((ln.index for ln in lines if ln.start <= start <= ln.end), 0)
    outline.body_start = title_line + (0 if in_prose else 1)


# a first line that is no title: an addressee line, a bare number, a sentence (a comma or a full stop)
_NO_TITLE_HERE = re.compile(r"[：:]$|^第?\s*\d+\s*号$|[，,。；;]")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


# a page without a title line still names its document: 现将《X》印发给你们 / 《X》已经…同意，现印发,
# a title-like value quoted in a data row ('…','关于X的意见','…'), or 现就X提出如下实施意见
_NAMED_IN_COVER = re.compile(r"《([^《》]{4,120})》(?:已经[^。]{2,30}同意|[，,]?\s*现(?:予)?印发给你们|印发给你们)|现将《([^《》]{4,120})》印发")
_FIELD_TITLE = re.compile(r"[\"']?[A-Za-z_]*(?:[Tt]itle|TITLE)[\"']?\s*[:=]\s*[\"']([^\"'\n]{4,300})[\"']")
_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_QUOTED_VALUE = re.compile(r"(?<![\w\\])['\"]([^'\"\n]{4,140})['\"]")
_PROPOSED = re.compile(r"现就([^。，,；;]{4,60}?)提出(?:如下|以下)(实施意见|意见|若干措施|措施|工作方案|方案)")


def _title_from_text(outline: Outline, first_heading: int) -> tuple[int, int, str] | None:
    head = outline.lines[: max(first_heading, 8)]
    for line in head:
        m = _NAMED_IN_COVER.search(line.text)
        if m:
            g = 1 if m.group(1) else 2
            return line.start + m.start(g), line.start + m.end(g), m.group(g)
    for line in outline.lines[:60]:  # a dump's record may start below a screen of code comments
        m = _FIELD_TITLE.search(line.text)
        if m:  # a record's title field: {"policyTitle":"…"} in a JSON or API dump
            value = _U_ESCAPE.sub(lambda e: chr(int(e.group(1), 16)), m.group(1))
            if is_title_like(value) and not _WRAPPER.search(value):
                return line.start + m.start(1), line.start + m.end(1), value
    for line in head[:5]:
        for m in _QUOTED_VALUE.finditer(line.text):
            if is_title_like(m.group(1)) and not _WRAPPER.search(m.group(1)):
                return line.start + m.start(1), line.start + m.end(1), m.group(1)
    for line in head:
        m = _PROPOSED.search(line.text)
        if m:  # the title is not printed; the one the sentence gives is the best there is
            return line.start + m.start(1), line.start + m.end(1), f"关于{m.group(1)}的{m.group(2)}"
    return None


# a portal's metadata block, often several fields on one line:
# 索引号：… 发文机关：某市人民政府办公室 成文日期：2020年02月10日 文号：某府办字〔2020〕10号
_FIELD_NUMBER = re.compile(r"(?:发文字号|文号)\s*[:：]\s*" + DOC_NUMBER.pattern)



def _find_doc_number(outline: Outline, first_heading: int, meta: dict[str, str]) -> None:
    """The 文号: a line of its own in the header, a portal field, or the page's own field;
    a 文号 printed in the text counts even when the page's field was empty."""
    for line in outline.lines[: max(first_heading, 1)]:
        m = _DOC_NUMBER_LINE.match(line.text.strip()) or _FIELD_NUMBER.search(line.text)
        if m:
            outline.doc_number = normalise_doc_number(m.group(1), m.group(2), m.group(3))
            return
    if meta.get("doc_number"):
        m = DOC_NUMBER.search(meta["doc_number"])
        if m:
            outline.doc_number = normalise_doc_number(m.group(1), m.group(2), m.group(3))
            return
    # a flattened or wrapped header: the 文号 on a line of its own right under the title
    for line in outline.lines[outline.body_start: outline.body_start + 3]:
        m = _DOC_NUMBER_LINE.match(line.text.strip())
        if m:
            outline.doc_number = normalise_doc_number(m.group(1), m.group(2), m.group(3))
            return


def _mark_feedback_blocks(outline: Outline) -> None:
    """Exclude comment/feedback tables (征求意见反馈情况): their 建议…责任单位 are not assignments.

    A block starts at a short unnumbered line that names such a table, or at a
    table header row listing 意见 and 采纳; it runs to the next top-level heading.
    """
    lines = outline.lines
    start = None
    top_depth = 0
    for line in lines:
        t = line.text.strip()
        if start is None:
            header_row = ("意见" in t and "采纳" in t and ("|" in t or len(t) <= 20))
            feedback_head = len(t) <= 80 and "。" not in t and _FEEDBACK.search(t) and line.index not in outline.heading_at
            if line.index >= outline.body_start and not is_title_like(t) and (feedback_head or header_row):
                start = line.index
        elif line.index in outline.heading_at and outline.headings[outline.heading_at[line.index]].depth <= top_depth and \
                outline.headings[outline.heading_at[line.index]].style in ("cn", "chapter"):
            start = None
        if start is not None:
            outline.excluded.add(line.index)
