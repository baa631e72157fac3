"""The loaders' rule sets, each read from ONE data file in ``loaders/data/``.

* ``outline_markers.tsv``  numbering styles (一、 （一） 1. 1、 （1） ① …): :data:`MARKERS` for
  :mod:`loaders.structure`, :data:`MARKER_AT_START` for rows and task keys, :data:`MARKER_ANYWHERE`
  for items inside a flattened line (:mod:`loaders.layout`);
* ``page_furniture.tsv``   printed page numbers, scraper header fields, navigation words;
* ``doc_types.txt``        the words a title ends with (方案, 实施意见, …): :data:`DOC_TYPES`;
* ``draft_markers.txt``    edition notes (征求意见稿, 草案, …): :data:`DRAFT_MARKERS`;
* ``heading_words.txt``    the words a short heading ends with (目标, 要求, 自查…): :data:`HEADING_WORDS`.
* ``role_phrases.tsv``     the ways a page says who does a task (labels, verbs, "first listed leads",
  table headers): :func:`phrases` and the functions after it, matched on :func:`simplified` text
  (``traditional.tsv``, character for character, so offsets hold).

Everything is read once at import; the files are small. Lines starting with ``#`` are comments.

>>> [style for style, _rank, _p in MARKERS][:3]
['chapter', 'cn', 'paren_cn']
>>> bool(MARKER_AT_START.match("（三）加强领导")), bool(MARKER_AT_START.match("加强领导"))
(True, False)
>>> marker_number(next(MARKER_ANYWHERE.finditer("完成。二、主要任务")))
('cn', 2)
"""

from __future__ import annotations

import re
from functools import lru_cache

from policykg.loaders.dictionaries import data_rows


def words(name: str) -> tuple[str, ...]:
    """The entries of a one-word-per-line data file, in file order."""
    return tuple(row[0].strip() for row in data_rows(name))


# --------------------------------------------------------------------------- outline markers

_MARKER_ROWS = [(style, int(rank), kind, anywhere == "yes", pattern) for style, rank, kind, anywhere, pattern in data_rows("outline_markers.tsv")]
#: (style, rank, compiled pattern anchored at a line start); group 1 is the number as printed
MARKERS: list[tuple[str, int, re.Pattern[str]]] = [(s, r, re.compile("^" + p)) for s, r, _k, _a, p in _MARKER_ROWS]
#: any numbered-item marker but bullets, at the start of a line (leading spaces allowed)
MARKER_AT_START = re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for s, _r, _k, _a, p in _MARKER_ROWS if s != "bullet") + ")")
_KINDS = {s: k for s, _r, k, _a, _p in _MARKER_ROWS}
#: markers that may start an item anywhere in a line; the named group tells the style
MARKER_ANYWHERE = re.compile("|".join(
    f"(?P<{s}>{p})" for s, _r, _k, a, p in _MARKER_ROWS if a
))
_NUMBER_IN = {s: re.compile(p) for s, _r, _k, _a, p in _MARKER_ROWS}
SENTENCE_ENDS = tuple("。；;：:！？!?）)》”」")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十五 → 25, 一百零三 → 103 (0 for what is not a number)."""
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        return (_CN_DIGITS.get(hundreds, 1) if hundreds else 1) * 100 + cn_number(rest.lstrip("零〇"))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0) if len(text) == 1 else 0


def marker_number(m: re.Match) -> tuple[str | None, int]:
    """(style, number as an int) of a :data:`MARKER_ANYWHERE` match; (None, 0) if it cannot be counted."""
    style = m.lastgroup
    if style is None:
        return None, 0
    printed = _NUMBER_IN[style].match(m.group(style)).group(1)
    kind = _KINDS[style]
    if kind == "cn":
        n = cn_number(printed)
    elif kind == "arabic":
        n = int(printed)
    elif kind == "circled":
        n = _CIRCLED.index(printed) + 1
    else:
        return None, 0
    return (style, n) if n else (None, 0)


def starts_item(line: str) -> bool:
    """True when a line starts with an outline marker (一、 （一） 1. …)."""
    return bool(MARKER_AT_START.match(line))


_OPENERS = SENTENCE_ENDS + tuple(" \u3000\t\n")


def marker_context_ok(style: str, before: str, after: str, strict: bool, head: str = "", after_marker: bool = False) -> bool:
    """Whether a marker found inside a line starts an item, from the two characters around it.

    ``strict`` is for a list's first item (一、 （一） 1.), which prose also contains (统一、 第1、2条):
    it must follow a sentence end, a space, or a short unpunctuated heading (``head``, the text
    since the last item started): a sub-item's heading (（一）重点任务1.建立…) when ``after_marker``,
    else a title (某某实施方案一、总体要求…). A later item (二、 after 一、) only must not continue a number."""
    last = before[-1:] if before else ""
    if last in ("第",) or (last.isdigit() and _KINDS[style] == "arabic") or last in ".．":
        return False
    if _KINDS[style] == "cn" and style in ("cn", "chapter", "article") and last and last in "〇一二三四五六七八九十百零":
        return False
    if _KINDS[style] == "arabic" and last.isascii() and last.isalpha():
        return False
    if _KINDS[style] == "arabic" and after[:1].isdigit() and (strict or last not in _OPENERS):
        return False  # 1.5倍; but "。11.121人才…" is item 11 when item 10 came before
    if style == "article" and not strict:
        return last in _OPENERS or last == ""
    if not strict:
        return True
    if not last or last in _OPENERS:
        return True
    heading = head.strip()
    if not (0 < len(heading) <= 40) or re.search(r"[，,。；;：:、]", heading) or style == "article":
        return False
    if after_marker:
        return style not in ("cn", "chapter")  # 一、 never opens right after a sub-heading's words
    return bool(_TITLE_LIKE_END.search(heading))


_TITLE_LIKE_END = re.compile(r"(?:" + "|".join(words("doc_types.txt")) + r"|文件|号)(?:[(（][^()（）]{1,12}[)）])*$")

# --------------------------------------------------------------------------- page furniture

_FURNITURE = data_rows("page_furniture.tsv")
PAGE_NUMBERS = tuple(v for k, v in _FURNITURE if k == "page_number")
HEADER_FIELDS = tuple(v for k, v in _FURNITURE if k == "field")
NAV_WORDS = tuple(v for k, v in _FURNITURE if k == "nav")
HEADER_LABELS = tuple(v for k, v in _FURNITURE if k == "label")


def page_number_pattern(inline: bool = False) -> re.Pattern[str]:
    """A whole line that is a page number; ``inline``: a dash-framed one inside a flattened line."""
    if inline:
        return re.compile(r"(?:(?<=\s)|^)[-—–－]{1,2}\s\d{1,3}\s[-—–－]{1,2}(?=\s|$)")
    return re.compile("|".join(f"(?:{p})" for p in PAGE_NUMBERS))


#: a scraper's header line: 标题: … / 发布时间: … / 文号: (possibly empty) / 原文链接: …
HEADER_FIELD_LINE = re.compile(r"^\s*(" + "|".join(sorted(map(re.escape, HEADER_FIELDS), key=len, reverse=True)) + r")\s*[:：]\s*(.*)$")
_FIELDS_AND_LABELS = "|".join(sorted(map(re.escape, HEADER_FIELDS + HEADER_LABELS), key=len, reverse=True))
#: a header field or a 基本信息 label (文件名称, 文件编号) and its colon anywhere: where a flattened header's lines start
HEADER_LABEL_ANYWHERE = re.compile(rf"(?:{_FIELDS_AND_LABELS})\s*[:：]")
#: a line that starts with a header field or a 基本信息 label
HEADER_LABEL_LINE = re.compile(rf"^\s*({_FIELDS_AND_LABELS})\s*[:：]\s*(.*)$")
#: a line made of navigation/share words only (简体版 | 繁體版, 分享到：微信 微博 QQ空间)
NAV_LINE = re.compile(r"^[\s|｜/·:：【】\[\]]*(?:(?:" + "|".join(map(re.escape, NAV_WORDS)) + r")[\s|｜/·:：【】\[\]]*)+$")

# --------------------------------------------------------------------------- words

DOC_TYPES = "|".join(words("doc_types.txt"))
#: a document type ending a title, with any notes in brackets after it: 实施方案（试行）, 规划（2023—2025年）
DOC_TYPE_END = rf"(?:{DOC_TYPES})(?:[(（][^()（）]{{1,12}}[)）])*"
#: the title of a page that explains or discusses a document rather than being one: a press transcript,
#: an interview, an explainer (问答实录：《X》相关情况, 《X》政策解读); X is another document, cited
EXPLAINER_TITLE = re.compile(r"问答实录|答记者问|新闻发布会|发布会实录|吹风会|政策解读|^解读|解读$")
DRAFT_MARKERS = words("draft_markers.txt")
DRAFT_ALTERNATION = "|".join(map(re.escape, DRAFT_MARKERS))
HEADING_WORDS = words("heading_words.txt")

#: a short outline heading followed, after spaces, by its first sentence (一、发展目标 到2015年…)
RUN_ON_HEADING = re.compile(
    r"^((?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])[^。；;，,：:\s]{2,30})[ \u3000]+"
)


# ----------------------------------------------------------------------------- who does a task: data/role_phrases.tsv
#
# The ways a page says who does a task, as families read from ``data/role_phrases.tsv``.
#
# Assignment wording varies far more than its meaning. One family per meaning:
#
# * ``label`` — a list label before a colon, by kind: ``leader`` (牵头领导, 牵头负责领导),
#   ``lead`` (牵头单位, 牵头责任单位, 主办单位), ``coop`` (配合单位, 协同责任单位, 推进单位),
#   ``responsible`` (责任单位: nobody is said to lead; one unit leads, several form one
#   pool) and ``contact`` (负责人, 联系人: never leaders);
# * ``verb`` — a list followed by a verb: （A、B牵头，C、D等参与）, （A主办，B、C协办）, （A负责）;
# * ``first_leads`` — the page's own rule 列第一位者为牵头单位 / 排在第一位的部门为牵头部门;
# * ``header`` — a table column heading → its role (序号, 牵头领导, 责任单位负责人 …).
#
# Traditional-script pages (牽頭單位, 配合單位, 負責) are matched after :func:`simplified`,
# a character-for-character map (``data/traditional.tsv``) that keeps every offset, so a
# name found in the simplified copy is cut from the printed text at the same place.

KINDS = ("leader", "lead", "coop", "responsible", "contact")


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], tuple[str, ...]]:
    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for family, kind, phrases, *_ in data_rows("role_phrases.tsv"):
        table[(family, kind)] = table.get((family, kind), ()) + tuple(p for p in phrases.split("|") if p)
    return table


def phrases(family: str, kind: str) -> tuple[str, ...]:
    """The phrases of one family and kind, as listed (``phrases("verb", "lead")``)."""
    return _table().get((family, kind), ())


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """Every list label → its kind (leader / lead / coop / responsible / contact)."""
    out: dict[str, str] = {}
    for kind in KINDS:
        for label in phrases("label", kind):
            out.setdefault(label, kind)
    return out


def kind_of_label(label: str) -> str:
    """The kind of a printed label, Traditional script included; unknown labels ending in
    领导 are leaders, starting with 牵头 lead, anything else cooperates.

    >>> kind_of_label("牽頭單位")
    'lead'
    >>> bool(first_leads_rule().search("责任单位列第一位者为牵头单位，下同"))
    True
    """
    label = simplified(label)
    kind = labels().get(label)
    if kind:
        return kind
    if label.endswith("领导"):
        return "leader"
    return "lead" if label.startswith("牵头") else "coop"


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first (so 牵头单位 wins over 牵头), then in
    code-point order, so the pattern is the same in every process (a set's order is not)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def first_leads_rule() -> re.Pattern[str]:
    """The page's rule that the first unit of a list leads (列第一位者为牵头单位)."""
    return re.compile("|".join(phrases("first_leads", "pattern")))


@lru_cache(maxsize=1)
def header_roles() -> list[tuple[str, re.Pattern[str]]]:
    """(role, pattern) for table column headings, in the order they are tried."""
    return [(kind, re.compile(pattern)) for family, kind, pattern, *_ in data_rows("role_phrases.tsv") if family == "header"]


@lru_cache(maxsize=1)
def header_words() -> re.Pattern[str]:
    """A whole line made only of table heading words (序号 项目名称 牵头领导 …, spaced or glued)."""
    word = alternation(phrases("header_word", "words"))
    return re.compile(rf"^\s*(?:(?:{word})\s*){{3,}}$")


@lru_cache(maxsize=1)
def _t2s() -> dict[int, str]:
    return {ord(t): s for t, s, *_ in data_rows("traditional.tsv") if len(t) == 1 and len(s) == 1}


@lru_cache(maxsize=8)
def simplified(text: str) -> str:
    """``text`` with Traditional characters written in simplified script, same length and offsets."""
    return text.translate(_t2s())
