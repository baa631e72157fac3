"""The letterhead and signature of a flattened page: header fields, 文号, title, 主送, signature.

A page whose lines were joined (see :mod:`loaders.layout`) runs its header together: a scraper's
``发布机构: …文号: …`` fields, the red-head ``某某文件``, the 文号, the title, the addressees
(``各县（市、区）人民政府：``) and the opening sentence; at the end the offices that sign and the
date. These functions cut such a run back into lines, by what each part looks like: a field
name and its value, a 文号 that starts after the last whole word before it, a title that ends
with a document type where the opening sentence begins (根据/为/按照…), a date that ends a
block (followed by nothing, 附件, 抄送, an item, or anything but the sentence going on).

>>> split_signature("特此通知。某市人民政府办公室2016年4月8日")
['特此通知。', '某市人民政府办公室', '2016年4月8日']
"""

from __future__ import annotations

import re

from policykg.loaders import rules

_CJK = "\u3400-\u9fff"

SIGNATURE_DATE = re.compile(
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
)
# the words an office's name ends with (layout also reads a line that is only such a name as a signature)
OFFICE_ENDS = ("委员会", "人民政府", "政府", "办公室", "办公厅", "委", "局", "厅", "部", "院", "中心", "管委会", "党委", "党组")
_ORG_TAIL = re.compile(rf"(?:[{_CJK}]{{2,30}}?(?:{'|'.join(OFFICE_ENDS)}))+$")
# a 文号; the empty group marks where its bracket starts (see doc_number_start)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,10}?\s*()[〔\[［【]\s*(?:19|20)\d{2}\s*[〕\]］】]\s*第?\s*\d{1,4}\s*号")


_FIELD_VALUE = re.compile(
    r"\s*(?:(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|https?://[\x21-\x7e]+|[\w/.-]*\d[\w/.-]*)"
)



def split_fields(piece: str, within: int = 800) -> list[str]:
    """A scraper's header run into the text (标题: …发布时间: 2020-01-02文号: …): one field per line.

    Only near the start of the piece. A portal's 基本信息 labels (文件名称：, 文件编号：) start lines
    as fields do. A field whose value is a date, a URL or an index number ends with it, a number
    field whose value is 无 (none) ends there; any other value runs to the next field.

    >>> split_fields("文档类型：政策类文件名称：某市行动计划文件编号：无附件某市行动计划")
    ['文档类型：政策类', '文件名称：某市行动计划', '文件编号：无', '附件某市行动计划']
    """
    cuts = []
    for m in rules.HEADER_LABEL_ANYWHERE.finditer(piece, 0, within):
        if m.start():
            cuts.append(m.start())
        none = _NO_NUMBER.match(piece, m.end()) if _NUMBER_FIELD.search(m.group()) else None
        if none:
            cuts.append(none.end())
            continue
        value = _FIELD_VALUE.match(piece, m.end())
        if value and value.end() > m.end() and value.group().strip():
            cuts.append(value.end())
    if not cuts:
        return [piece]
    bounds = [0] + sorted(set(cuts)) + [len(piece)]
    return [piece[a:b] for a, b in zip(bounds, bounds[1:]) if piece[a:b].strip()]


# a number field (文号, 文件编号, 索引号) printed with 无 (none), unless 无 starts a 文号 prefix (无政发〔…〕)
_NUMBER_FIELD = re.compile(r"(?:文号|字号|编号|索引号)\s*[:：]$")
_NO_NUMBER = re.compile(r"\s*(?:无|暂无)(?![\u4e00-\u9fa5]{0,6}\s*[〔\[［【(（]\s*(?:19|20)\d{2})")


_WORD_ENDS = tuple(rules.DOC_TYPES.split("|")) + ("文件", "：", ":") + OFFICE_ENDS


_TITLE_ENDS = tuple(w for w in rules.DOC_TYPES.split("|") if len(w) > 1) + ("文件", "：", ":")


def doc_number_start(text: str, start: int, bracket: int) -> int:
    """Where a 文号 glued after other words begins: after the last whole word (an office, a document
    type, 文件, a colon) that leaves a prefix of 2–8 characters before the bracket.

    >>> t = "某市科学技术委员会沪科合〔2025〕7号"
    >>> t[doc_number_start(t, 0, t.index("〔")):]
    '沪科合〔2025〕7号'

    After a title, the whole prefix is the 文号's, though it names an office (工信部):

    >>> t = "七部门关于推动产业发展的实施意见工信部联科〔2024〕12号"
    >>> t[doc_number_start(t, 0, t.index("〔")):]
    '工信部联科〔2024〕12号'
    """
    best = start
    for p in range(max(start, bracket - 8), bracket - 1):
        if text[:p].endswith(_TITLE_ENDS):
            best = p  # after the title (…的实施意见工信部联科〔2024〕12号): an office inside the 文号 is its prefix
    if best > start:
        return best
    for p in range(max(start, bracket - 8), bracket - 1):
        if text[:p].endswith(_WORD_ENDS) and not text.startswith(("员会", "会", "公室", "公厅", "政府", "府", "书"), p):
            best = p  # the rightmost such boundary that still leaves two characters
    return best


_TITLE_THEN_TEXT = re.compile(
    rf"^(\s*[^，,。；;：:〔［【\[]{{4,100}}?{rules.DOC_TYPE_END})"
    r"(?=(?:根据|按照|为了|为|依据|经|现将|各|请|中国共产党|党的|近年来|当前)\S)"
)


def split_title(text: str) -> list[str]:
    """After a 文号 or a signature, a title glued to the text that opens the document:
    某某总体方案根据《…》… → the title, then the text (only at these header positions)."""
    if not text.strip():
        return []
    m = _TITLE_THEN_TEXT.match(text)
    if not m:
        return split_signature(text)
    return [m.group(1)] + split_signature(text[m.end(1):])


def split_signature(part: str) -> list[str]:
    """…特此通知。某某市人民政府办公室 2016年4月8日 → the text, the office, the date; a 文号 on its own."""
    m = DOC_NUMBER.search(part)
    if m and m.start() < 120 and len(part) > m.end() + 4:
        start = doc_number_start(part, m.start(), m.start(1))
        head, number, rest = part[:start], part[start:m.end()], part[m.end():]
        cited = head.rstrip()[-1:] in ("(", "（", "《", "、", "，", ",", "和", "及", "与") or rest.lstrip()[:1] in (")", "）", "、", "，", ",")
        if not cited and (not head.strip() or head.rstrip().endswith(("文件", "。")) or len(head) < 80):
            addressee = _ADDRESSEE.search(rest, 0, 200)
            tail = ([rest[:addressee.start(1)]] if addressee and addressee.start(1) else []) + \
                ([addressee.group(1)] + split_signature(rest[addressee.end():]) if addressee else split_title(rest))
            return [p for p in (head, number) if p.strip()] + tail
    addressee = _ADDRESSEE.search(part, 0, 200)
    if addressee:  # 某某决定各县（市、区）委：… → the title (if any), the addressees, the text
        return [p for p in (part[:addressee.start(1)], addressee.group(1)) if p.strip()] + split_signature(part[addressee.end():])
    for m in SIGNATURE_DATE.finditer(part):
        head, after = part[:m.start()].rstrip(), part[m.end():]
        org = _ORG_TAIL.search(head)
        signed = bool(org) and (head[:org.start()].rstrip().endswith(rules.SENTENCE_ENDS) or not head[:org.start()].strip())
        ends = not after.strip() or bool(_AFTER_SIGNATURE.match(after)) or \
            ((signed or head.endswith(rules.SENTENCE_ENDS)) and not _DATE_CONTINUES.match(after))
        if not ends or not (signed or head.endswith(rules.SENTENCE_ENDS) or not head or _ATTACHMENT_LINE.search(head)):
            continue  # a date inside a sentence: only a date that ends a block signs a document
        note = re.match(r"\s*[(（]此件[^()（）]{1,12}[)）]", after)
        end = m.end() + (note.end() if note else 0)
        attachment = None if signed else _ATTACHMENT_LINE.search(head)
        if attachment:  # …。附件：某某名单 2020年2月10日: the attachment line, then the date
            signed, org = False, None
            out = [head[:attachment.start()], head[attachment.start():]]
        else:
            out = [head[:org.start()], *split_offices(head[org.start():])] if signed else [head]
        return [p for p in out + [part[m.start():end]] if p.strip()] + split_title(part[end:])
    return [part]


_ATTACHMENT_LINE = re.compile(r"(?<=[。；;！？])附件\s*\d{0,2}\s*[:：][^。；;！？]{2,80}$")
# what may follow a signature date: nothing, a note, an attachment, a CC line, the next item
_AFTER_SIGNATURE = re.compile(r"\s*(?:[(（]?此件|附件|附：|抄送|主题词|印发|相关解读|相关链接|相关文件|[一二三四五六七八九十]+、|\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|$)")
# a date inside a sentence goes on: 2020年3月1日前完成 / 起施行 / ，
_DATE_CONTINUES = re.compile(r"\s*(?:前|起|以前|之前|以后|之后|至|到|止|开始|后|以来|为|的|[，,、；;。）)])")
# the addressees of a notice (主送): 各乡镇人民政府、街道办事处，市政府各部门： then the text
_ADDRESSEE = re.compile(rf"(?:^|(?<=[{''.join(sorted({w[-1] for w in rules.DOC_TYPES.split('|')}))}]))(\s*各[^。；：:]{{2,80}}[：:])(?=\S)")


_OFFICE_START = re.compile(rf"(?:中共|中国共产党)|[{_CJK}]{{2,6}}?[省市县区镇乡](?:人民政府|委员会|委|政府|[{_CJK}]{{0,8}}?(?:{'|'.join(OFFICE_ENDS)})$)")


def split_offices(block: str) -> list[str]:
    """A signature naming several offices with nothing between them, one office per line.

    >>> split_offices("中共衢州市委办公室衢州市人民政府办公室")
    ['中共衢州市委办公室', '衢州市人民政府办公室']
    >>> split_offices("上海市科学技术委员会上海市杨浦区人民政府")
    ['上海市科学技术委员会', '上海市杨浦区人民政府']
    >>> split_offices("江城市科学技术委员会江城市卫生健康委员会江城市教育委员会")
    ['江城市科学技术委员会', '江城市卫生健康委员会', '江城市教育委员会']
    """
    for p in range(len(block) - 4, 3, -1):  # the last office first, then the offices before it
        if block[:p].endswith(OFFICE_ENDS) and _OFFICE_START.match(block, p) \
                and not block.startswith(OFFICE_ENDS, p) and not block[:p].endswith(("中共", "中国共产党")) \
                and not any(block[:p + k].endswith(OFFICE_ENDS) for k in (1, 2, 3)):  # 委|员会: the name goes on
            return split_offices(block[:p]) + [block[p:]]
    return [block]
