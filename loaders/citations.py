"""References to other documents: 《title》 with an optional 文号 after it, and standalone 文号.

What counts as a reference:

* ``《浙江省人民政府关于…的指导意见》（浙政发〔2015〕31号）`` — title and 文号;
* ``《衢州市文明行为促进条例》`` — a title whose last word is a document type
  (条例, 意见, 方案, 公约, …), so 《人民日报》 or a book title is not one;
* ``浙政发〔2015〕31号`` standing alone.

What does not: the document's own title (the 《…》 of a 印发 notice, or a
《…》 inside the title itself), bare self mentions like 《决定》 / 《意见》, and the
document's own 文号.

>>> [c.title for c in find_citations("根据《决定》和《浙江省X条例》（浙政发[2015]31号）", "a.txt", own_title="Y")]
['浙江省X条例']
"""

from __future__ import annotations

import re

from policykg.loaders import rules
from policykg.loaders.records import Citation, Span, title_key
from policykg.loaders.structure import DOC_NUMBER, DOC_TYPES, normalise_doc_number

_BOOK = re.compile(r"《([^《》\n]{2,100})》")
# a 文号 (the same shape structure reads in headers) in brackets right after a 《title》
_NUMBER_AFTER = re.compile(r"\s*[(（\[［【]\s*" + DOC_NUMBER.pattern + r"\s*[)）\]］】]")
# standing alone in running text, round brackets are too common to take as the year's
_STANDALONE_NUMBER = re.compile(
    r"([\u4e00-\u9fa5]{2,6})\s*[〔\[［【]\s*((?:19|20)\d{2})\s*[〕\]］】]\s*第?\s*(\d{1,4})\s*号"
)
# words that can stand right before a 文号 but are not part of it (the last one wins)
_NUMBER_LEAD = re.compile(r"^.*(?:根据|按照|依据|参照|对照|贯彻|落实|执行|印发|转发|政府|国务院|的|和|及|与|以)(?=[\u4e00-\u9fa5]{2,})")
_DOC_TYPE_END = re.compile(rf"(?:{DOC_TYPES}|法|准则|纲领|战略|倡议|守则|办法|规程|规范|意见书|白皮书)(?:[(（][^()（）]{{1,12}}[)）])*$")
_BARE = re.compile(rf"^(?:本|该|此|这个)?(?:{DOC_TYPES}|法|实施意见|行动计划)(?:[(（][^()（）]{{1,12}}[)）])*$")


# 《上海关于贯彻落实<“十四五”…规划>的实施意见》: a title quoted inside a title, printed with <> or 〈〉
_INNER_MARKS = re.compile(r"[<>〈〉《》“”\"]")
_EDITION = re.compile(rf"(?:[(（](?:{rules.DRAFT_ALTERNATION})[)）])+$")  # loaders/data/draft_markers.txt
# a plan period is printed with any dash: （2023—2025年） in 《》 and （2023-2025年） in the heading are one title
_DASHES = re.compile(r"[—–－\-~～]+")


def _core_key(title: str) -> str:
    """A title without edition notes: 《X实施意见》 is the document X实施意见(征求意见稿) itself."""
    return title_key(_EDITION.sub("", (title or "").strip()))


def find_citations(text: str, source: str, own_title: str = "", own_number: str | None = None,
                   excluded: list[tuple[int, int]] | None = None) -> list[Citation]:
    """Citations in ``text`` (offsets into it), skipping ``excluded`` ranges and the document itself."""
    own_key = title_key(own_title)
    own_core = _core_key(own_title)
    explainer = rules.EXPLAINER_TITLE.search(own_title or "") is not None  # 问答实录：《X》相关情况 cites X
    # 《关于加快…的意见》 in the text of "中共X区委 X区人民政府关于加快…的意见": the issuers are not part of it
    about = own_title.find("关于")
    own_short = _core_key(own_title[about:]) if about > 0 else None
    excluded = excluded or []
    seen: set[str] = set()
    out: list[Citation] = []

    def skipped(pos: int) -> bool:
        return any(a <= pos < b for a, b in excluded)

    taken: list[tuple[int, int]] = []
    for m in _BOOK.finditer(text):
        title = m.group(1).strip()
        key = title_key(title)
        end = m.end()
        number = None
        n = _NUMBER_AFTER.match(text, end)
        if n:
            number = normalise_doc_number(n.group(1), n.group(2), n.group(3))
            end = n.end()
        taken.append((m.start(), end))
        # the document's own title, unless a 文号 that is not its own follows it (an earlier
        # edition being replaced: 《X实施意见》（沪科规〔2020〕3号）将于…到期)
        earlier_edition = number is not None and own_number is not None and number != own_number
        is_self = key == own_key or (f"《{title}》" in own_title and not explainer) or (own_core and _core_key(title) == own_core) \
            or (own_short and _core_key(title) == own_short) or _INNER_MARKS.sub("", key) == _INNER_MARKS.sub("", own_key) \
            or (own_key and _DASHES.sub("-", key) == _DASHES.sub("-", own_key))
        if skipped(m.start()) or not key or _BARE.match(title) or (is_self and not earlier_edition):
            continue
        if not _DOC_TYPE_END.search(title) and number is None:
            continue
        if key in seen:
            continue
        seen.add(key)
        out.append(Citation(title, number, Span(source, m.start(), end, text[m.start():end])))
    for m in _STANDALONE_NUMBER.finditer(text):
        if skipped(m.start()) or any(a <= m.start() < b for a, b in taken):
            continue
        prefix = _NUMBER_LEAD.sub("", m.group(1))
        if len(prefix) < 2:
            continue
        number = normalise_doc_number(prefix, m.group(2), m.group(3))
        if number == own_number or number in seen:
            continue
        seen.add(number)
        start = m.start() + (len(m.group(1)) - len(prefix))
        out.append(Citation(None, number, Span(source, start, m.end(), text[start:m.end()])))
    return out
