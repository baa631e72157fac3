"""Layout recovery: rebuild the lines of a text from what it says, not from the breaks it came with.

Archives hand the same document out in shapes that lose its lines: a crawler joins every line
with a space (or with nothing) into one 40,000-character line; a PDF or Word text layer cuts
lines every 30–40 characters, mid-word and mid-name, with a running header and "— 3 —" between
pages. :func:`rebuild` takes the lines a file type gave (:mod:`loaders.filetypes`) and returns
lines as the document prints them: one paragraph, heading, table row or signature line each.
It runs before :func:`loaders.read.clean` drops page furniture and captures header facts, so a
flattened page loses its furniture too. It never invents text: every character it keeps comes
from the input, in order, so offsets into the cleaned text stay exact.

What it uses, in order:

Header fields, 文号, title, 主送 and signature of a flattened page are cut apart by
:mod:`loaders.letterhead`.

1. page furniture: page numbers (``— 3 —``, ``- 3 -``, ``第3页 共10页``) and the running header
   printed after them are dropped, inside long lines too;
2. hard wraps: when many lines share one printed width, a full-width line continues on the next
   one (unless the next starts a new item or is indented as a new paragraph);
3. run-on lines: a long line is split where an outline marker follows its predecessor in
   sequence (``一、``…``二、``, ``（一）``…``（二）``, ``1.``…``2.``, ``①``…) anywhere in the line,
   before a bullet or after an assignment bracket that ends a sentence, around a scraper's
   header fields, a 文号, the 主送 line, a title glued to its opening sentence, a signature
   date and the offices that sign it, between table rows (:func:`split_rows`), after a short
   heading glued to its text (二、部门自查省级部门要…, words from ``heading_words.txt``), around the
   code of a script page (text1: `…`), and — when the line was flattened with spaces — at the
   spaces between two runs of Chinese text (keeping spaced-out names, titles in two halves,
   《…》 and the gaps a page already had inside a sentence whole).

Markers, document types and page furniture come from the data files (:mod:`loaders.rules`).

>>> split_long_line("关于X的方案 一、总体要求 到2020年完成。二、主要任务 1.建立制度。（牵头单位：市发改局） 2.完善机制。")
['关于X的方案', '一、总体要求', '到2020年完成。', '二、主要任务', '1.建立制度。（牵头单位：市发改局）', '2.完善机制。']
"""

from __future__ import annotations

import re
from collections import Counter

from policykg.loaders import letterhead, rules
from policykg.loaders.filetypes import CELL_SEP

# --------------------------------------------------------------------------- page furniture

_PAGE_NUMBER = rules.page_number_pattern()
_PAGE_NUMBER_INLINE = rules.page_number_pattern(inline=True)


def _is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.fullmatch(line.strip()))


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Without page numbers and the running header printed next to them on every page.

    A running header is a short line that appears at least twice, each time right after a
    page number (blank lines between do not count)."""
    numbered = [k for k, ln in enumerate(lines) if _is_page_number(ln)]
    if not numbered:
        return lines
    after: Counter[str] = Counter()
    for k in numbered:
        j = k + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and len(lines[j].strip()) <= 40:
            after[lines[j].strip()] += 1
            i = k - 1
            while i >= 0 and not lines[i].strip():
                i -= 1
            if i >= 0 and not lines[i].rstrip().endswith(rules.SENTENCE_ENDS) and len(lines[i].strip()) >= 2 * len(lines[j].strip()) \
                    and not re.search(r"[，,。；;：:、]", lines[j]) and not _closes_a_bracket(lines[j]):
                after[lines[j].strip()] += 1  # printed once, but it cuts a sentence: a page's running header
    headers = {text for text, n in after.items() if n >= 2 and not _is_page_number(text)}
    out, skipping = [], False
    for line in lines:
        s = line.strip()
        if _is_page_number(s):
            skipping = True  # the header comes next, after any blank lines
            continue
        if skipping and not s:
            continue
        if skipping and s in headers:
            skipping = False
            continue
        skipping = False
        out.append(line)
    return out


def _closes_a_bracket(line: str) -> bool:
    """More brackets closed than opened: the line ends a list begun on the page before (…市科委）)."""
    return line.count("）") + line.count(")") > line.count("（") + line.count("(")


# --------------------------------------------------------------------------- hard wraps


def _width(text: str) -> int:
    """Printed width: a Chinese character or full-width sign counts two, ASCII one."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def _measures():
    # (measure, tolerance): a typesetter wraps at a printed width (ASCII is narrower), a
    # program that cut the text every N characters counts characters
    return ((len, 2), (_width, 6))


def wrap_width(lines: list[str]) -> tuple[int, int]:
    """(width, measure index) a text was hard-wrapped at, or (0, 0) when it was not.

    Wrapped text has many lines of (almost) the same width and hardly any wider: the most common
    width, less a small tolerance, must hold at least a third of the lines longer than ten
    characters, at most one line in twenty may be wider, and most lines of that width must stop
    mid-sentence (a list of items of one length is not a wrap)."""
    for k, (measure, tolerance) in enumerate(_measures()):
        widths = [measure(ln.strip()) for ln in lines
                  if len(ln.strip()) > 10 and not _GAP.search(ln.strip()) and not _CELLS.search(ln.strip())]  # rows aside
        if len(widths) < 3:
            return 0, 0
        counts = Counter(widths)
        best, best_n = 0, 0
        for w in counts:
            if w < (20 if k == 0 else 40):
                continue
            n = sum(counts.get(w - d, 0) for d in range(tolerance + 1))
            if n > best_n or (n == best_n and w > best):
                best, best_n = w, n
        wider = sum(n for w, n in counts.items() if w > best + 2)
        low = best if k == 0 else best - tolerance  # a program cuts at exactly N characters
        cut = [ln.strip() for ln in lines if low <= measure(ln.strip()) <= best and len(ln.strip()) > 10
               and not _GAP.search(ln.strip()) and not _CELLS.search(ln.strip())]
        mid_sentence = sum(not ln.endswith(rules.SENTENCE_ENDS) for ln in cut)
        enough = best_n >= max(3, len(widths) // 3) or (k == 0 and counts[best] >= 3 and not wider)  # 3 lines cut at exactly N
        if best and enough and wider * 20 <= len(widths) and mid_sentence * 2 > len(cut):
            return best, k
    return 0, 0


_GAP = re.compile(r"\S(?: {2,}|\u3000{2,}|\t)\S")  # a cell gap: wrapped prose has none
_GAPS = re.compile(r"\S(?: {2,}|\u3000{2,}|\t)\S.*\S(?: {2,}|\u3000{2,}|\t)\S")  # two cell gaps: a table row
_ROW_LINE = re.compile(r"^\d{1,3}(?: {2,}|\u3000{2,}|\t)\S")  # a numbered row of an aligned table
# cells parted by single spaces ("序号 工作任务 牵头单位", "1 建设平台 发改局"): two or more gaps with a
# Chinese character beside them; wrapped prose has none, so such lines neither measure nor join a wrap
_CELL_GAP = r"(?:(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff\d])|(?<=\d) (?=[\u3400-\u9fff]))"
_CELLS = re.compile(rf"{_CELL_GAP}.*{_CELL_GAP}")


_ROW_START = re.compile(r"^(\d{1,3})(?![\d.．、%:：年月日号])")
_ASSIGNMENT_END = re.compile(r"[（(][^（()）]*(?:牵头|责任|配合|负责|协办|主办)[^（()）]*[）)]\s*$")


def join_wraps(lines: list[str], width: int, measure_index: int = 0) -> list[str]:
    """Join each line the wrap cut with the line that continues it; blank lines are dropped.

    A line continues on the next one when it is nearly full (the wrap counts printed width, so a
    line with digits or half-width signs is a little shorter) and does not end a sentence, or when
    it is full to the width and the next line neither is indented nor starts a new item."""
    measure, tolerance = _measures()[measure_index]
    out: list[str] = []
    near = full = False
    for line in lines:
        s = line.strip()
        if not s:
            continue
        # a paragraph is indented by a full-width space, a tab or several spaces; one space after a line that
        # stops mid-sentence is the gap a PDF left inside a word (纳税 额) that the wrap happened to cut at
        indented = line[:1] in ("\u3000", "\t") or line[:2] == "  " or \
            (line[:1] == " " and (not out or out[-1].rstrip().endswith(rules.SENTENCE_ENDS)))
        # a line cut just before "26." would have to stop on 第/、/和 or a digit; otherwise an item starts
        item = rules.starts_item(s) and bool(out) and not re.search(r"[第至和及与、，,（(\d]$", out[-1].rstrip())
        ends_sentence = bool(out) and out[-1].rstrip().endswith(rules.SENTENCE_ENDS)
        row = bool(_ROW_LINE.match(s)) or bool(letterhead.SIGNATURE_DATE.fullmatch(s)) or (_GAPS.search(s) is not None and bool(out) and _GAPS.search(out[-1]) is None)
        # a portal's field (发布机构: …) or the 文号 alone on its line starts a line of its own, even under
        # a title that happens to fill the width
        row = row or bool(rules.HEADER_LABEL_LINE.match(s)) or bool(letterhead.DOC_NUMBER.fullmatch(s))
        assigned = bool(out) and bool(_ASSIGNMENT_END.search(out[-1]))  # "…（牵头单位：X）" closes its item
        # after a sentence, a line that is only an office name signs the text (a wrap never leaves one)
        signs = ends_sentence and bool(_ORG_ONLY.fullmatch(s))
        # rows of a table printed without cell marks: "2推进…" after "1开展…" starts the next row
        number, before = _ROW_START.match(s), _ROW_START.match(out[-1]) if out else None
        row = row or bool(number and before and int(number.group(1)) == int(before.group(1)) + 1)
        if out and not item and not row and not assigned and not signs and ((near and not ends_sentence and not indented) or (full and not indented)):
            out[-1] = out[-1].rstrip() + s
        else:
            out.append(line.rstrip())
        w = measure(s)
        if measure_index == 0:  # cut every N characters by a program: only a line of N characters goes on
            # (one space at either end is a character it cut too: 对年度纳税 / 额超过… / 生产性设 / 备…)
            w += (line[:1] == " " and line[1:2] != " ") + (line[-1:] == " " and line[-2:-1] != " ")
            near, full = False, w >= width
        else:
            near, full = w >= width * 0.8, w >= width - tolerance
    return out


# --------------------------------------------------------------------------- run-on lines

_CJK = "\u3400-\u9fff"
_SPACE_BREAK = re.compile(rf"(?<=[{_CJK}。；！？：”）)》」])[ \u3000\u00a0]+(?=[{_CJK}（(“《「【\d?？—·●■◆▲★☆○□•])")
_ORG_ONLY = re.compile(rf"[{_CJK}]{{2,20}}(?:{'|'.join(letterhead.OFFICE_ENDS)})")


def rebuild(lines: list[str], limit: int = 300) -> list[str]:
    """The lines of a document as printed (see module doc); short, ordinary lines pass unchanged."""
    lines = drop_page_furniture(lines)
    width, measure = wrap_width(lines)
    if width:
        lines = join_wraps(lines, width, measure)
    lines = join_title(lines)
    lines = join_open_brackets(lines)
    out: list[str] = []
    alone = sum(1 for ln in lines if ln.strip()) == 1  # the whole document on one line, however short
    for line in lines:
        if len(line) > limit or (alone and line.strip()):
            out += split_long_line(line)
        elif line.count(CELL_SEP) >= 3:
            out += split_rows(line)
        else:
            out.append(line)
    return out


_OPEN_TAIL = re.compile(r"[（(][^（()）。]{0,12}$")  # a bracket opened near the end of the line, still open


def join_open_brackets(lines: list[str]) -> list[str]:
    """A line that stops inside a short bracket goes on with the line that closes it, blank lines between
    dropped: a page cut (（牵头部 / 门：市交通委、市水务局）) never ends a paragraph inside a bracket.

    >>> join_open_brackets(["推进智慧公交建设。（牵头部", "", "门：市交通委）", "9.开展应用。"])
    ['推进智慧公交建设。（牵头部门：市交通委）', '9.开展应用。']
    """
    out: list[str] = []
    blanks: list[str] = []
    for line in lines:
        s = line.strip()
        open_ = bool(out) and _OPEN_TAIL.search(out[-1].rstrip()) is not None
        if open_ and not s:
            blanks.append(line)
            continue
        if open_ and not rules.starts_item(s):
            head = s[:80]
            close = min((k for k in (head.find("）"), head.find(")")) if k >= 0), default=-1)
            if close >= 0 and not re.search(r"[（(。]", head[:close]):
                out[-1] = out[-1].rstrip() + s
                blanks = []
                continue
        out += blanks
        blanks = []
        out.append(line)
    return out + blanks


_TITLE_START = re.compile(r"^[^，,。；;：:！？]{2,40}关于[^，,。；;：:！？]{0,38}$")
_TITLE_BODY = re.compile(r"^[^，,。；;：:！？、\s|]{16,40}$")
_TITLE_END_LINE = re.compile(rf"^[^，,。；;：:！？]{{0,40}}{rules.DOC_TYPE_END}$")


def join_title(lines: list[str], head: int = 20) -> list[str]:
    """A title printed over two lines near the top (某某办公室关于成立某某 / 工作领导小组的通知), joined.

    The first line holds 关于 and no punctuation and does not end like a title; the second
    ends with a document type (blank lines between are skipped). Only the first ``head``
    non-blank lines are looked at."""
    out = list(lines)
    seen = 0
    for k in range(len(out) - 1):
        if seen >= head:
            break
        a = out[k].strip()
        if not a:
            continue
        seen += 1
        j = k + 1
        while j < len(out) - 1 and not out[j].strip():
            j += 1  # blank lines between (a page's <br> or <li>)
        b = out[j].strip()
        # or a title cut just before its last few characters (…考核细 / 则): a long unpunctuated line,
        # then a short line that ends the document type
        cut_short = len(b) <= 8 and _TITLE_BODY.match(a) and not _ORG_ONLY.fullmatch(a) and not rules.starts_item(a) \
            and not rules.starts_item(b) and "文件" not in a and "关于" not in b
        if (_TITLE_START.match(a) or cut_short) and not _TITLE_END_LINE.match(a) and _TITLE_END_LINE.match(b):
            out[k], out[j] = a + b, ""
            break
    return out


_ROW_NUMBER_TAIL = re.compile(r"^(.*?[^\d\s.．])\s?(\d{1,3})$")


def split_rows(line: str) -> list[str]:
    """Table rows run together on one line (cells still joined by ``CELL_SEP``), one row per line.

    A row ends where a cell ends in the next row's number (``完成时限 1 | 开展…``): the number
    starts the next row. Numbers must follow in order from 1, so a cell ending in a figure stays."""
    cells = line.split(CELL_SEP)
    rows, current, expected = [], [cells[0]], 1
    for cell in cells[1:]:
        m = _ROW_NUMBER_TAIL.match(cell)
        if m and int(m.group(2)) in (expected, 1) and len(current) >= 2:
            current.append(m.group(1).rstrip())
            rows.append(current)
            current, expected = [m.group(2)], int(m.group(2)) + 1
        else:
            current.append(cell)
    rows.append(current)
    if len(rows) > 1:  # the text after the last row ran on in its last cell: 2023年底 注：…
        last = rows[-1][-1]
        tail = re.search(r"\s(?=(?:注|备注|附件|[\u4e00-\u9fff]{2,20}(?:人民政府|办公室)\s)\S)", last)
        if tail:
            rows[-1][-1] = last[:tail.start()]
            rows.append([last[tail.end():]])
    return [CELL_SEP.join(row) for row in rows]


_NOTE_AFTER_TABLE = re.compile(r"(?<=[^|\s])(?:注|备注|说明)\s*[:：]")


def split_long_line(line: str) -> list[str]:
    """A line that holds several of the document's lines, split back into them."""
    line = _PAGE_NUMBER_INLINE.sub(" ", line)
    breaks = len(_SPACE_BREAK.findall(line))
    spaced = breaks >= 3 and breaks * 600 >= len(line)  # a break at least every 600 characters: lines joined by spaces
    pieces = [q for p in _CODE_BREAK.split(line) for q in (_split_spaces(p) if spaced else [p]) if q.strip()]
    pieces = [q for p in pieces for q in letterhead.split_fields(p)]
    pieces = [q for p in pieces for q in _SPACED_NAME_END.split(p)]  # 中 共 衢 州 市 委关于… → name, title
    out: list[str] = []
    state = _Sequence()
    for piece in pieces:
        table: list[str] = []
        if piece.count(CELL_SEP) >= 3:  # a table ran on inside the line: the text before it, its rows, the text after
            first = piece.index(CELL_SEP)
            head = re.search(r"(?:序号|编号|项目|任务)$", piece[:first])
            cut = head.start() if head else piece.rfind(" ", 0, first) + 1
            table = split_rows(piece[cut:])
            note = _NOTE_AFTER_TABLE.search(table[-1])  # …长期坚持注：牵头单位有多家的… (the last cell ran on)
            tail = [table[-1][:note.start()], table[-1][note.start():]] if note else _split_markers(table[-1], _Sequence())
            table[-1:] = tail[:1]
            piece = piece[:cut]
            after = "".join(tail[1:])
        for part in _split_markers(piece, state) if piece.strip() else []:
            # the document opens with its title: at the start, or after a header's last field (文件编号：无)
            opening = not out or rules.HEADER_LABEL_LINE.match(out[-1]) is not None
            out += letterhead.split_title(part) if opening else letterhead.split_signature(part)
        if table:
            out += table
            for part in _split_markers(after, state) if after.strip() else []:
                out += letterhead.split_signature(part)
    return [p.strip() for p in out if p.strip()]


# a segment whose last sentence started after a full stop and stops on a Chinese character (no label with
# a colon, no outline marker in it): a space there is a gap inside the sentence, never a line's end
_MID_SENTENCE = re.compile(r"[。；;！？](?![^。；;！？]*[:：])(?![^。；;！？]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、]))[^。；;！？]*[\u3400-\u9fff]$")
_ARTICLE = re.compile(r"第\s?(?:\d\s?){1,3}条|第[一二三四五六七八九十百]{1,4}条")
# text held in a script (a mini-program's page: text: `…`, text1: `…`), flattened: Chinese text starts
# after the code that opens a string, and a key of the code starts after the text
_CODE_BREAK = re.compile(rf"(?<=[`{{}}]) *(?=[{_CJK}])|(?<=[{_CJK}。）)]) *(?=[A-Za-z_$][A-Za-z0-9_$]*\s*:\s*[`'\"{{\[])")
_QUOTED = re.compile(r"《([^《》]{4,120})》")
_SPACED_NAME_END = re.compile(rf"(?<=(?:[{_CJK}] ){{3}}[{_CJK}])(?=[{_CJK}]|(?:19|20)\d\d年)")
_CJK_WORD = re.compile(rf"[{_CJK}]{{2}}")
_SPACED_LABEL_END = re.compile(rf"[{_CJK}][：:]")


# an item's heading sentence at the end of a text: "…。1. 做强产业平台。"
_HEADING_SENTENCE = re.compile(r"(?<![\d.．])(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*[^。；！？\s]{1,38}。$")
_TITLE_TAIL = re.compile(rf"[^，,。；;：:\s]{{2,60}}{rules.DOC_TYPE_END}")


_TITLE_LINE = re.compile(rf"[^，,。；;：:！？]{{2,60}}关于[^，,。；;：:！？]{{2,80}}{rules.DOC_TYPE_END}")


def _spaced_run(text: str, forward: bool = False) -> int:
    """How many one-character words end ``text`` (or begin it, ``forward``): 中 共 衢 州 市 委 → 6."""
    n = 0
    words = text[:200].split() if forward else text[-200:].split()
    for word in (words if forward else reversed(words)):
        if len(word) != 1:
            break
        n += 1
    return n


def _split_spaces(line: str) -> list[str]:
    """Split at spaces between runs of Chinese text, keeping what is printed with spaces inside:
    a name or heading spaced out (中 共 衢 州 市 委, 冯 镭) and a title naming several offices
    (中共某区委 某区人民政府关于…)."""
    parts, start = [], 0
    spaced_titles = [q for q in _QUOTED.findall(line) if " " in q or "\u3000" in q]
    for m in _SPACE_BREAK.finditer(line):
        if line.rfind("《", max(start, m.start() - 300), m.start()) > line.rfind("》", max(start, m.start() - 300), m.start()):
            continue  # inside a cited title: 《中共中央 国务院关于…》
        left = line[max(0, m.start() - 200):m.start()].rsplit(" ", 1)[-1].rsplit("\u3000", 1)[-1]
        right = re.split(r"[ \u3000]", line[m.end():], maxsplit=1)[0]
        if any(left[-6:] + m.group(0) + right[:6] in q for q in spaced_titles):
            continue  # the plan's title printed with a space, as the notice quotes it: 《加强基础研究 增强…措施》
        if len(left.strip()) <= 1 and (_CJK_WORD.match(right) or letterhead.SIGNATURE_DATE.match(right)) and _spaced_run(line[max(0, m.start() - 200):m.start()]) >= 4:
            pass  # 中 共 衢 州 市 委 关于… / … 2009年8月18日: a spaced-out office name ends where a word begins
        elif len(right.strip()) <= 1 and len(left) > 1 and left.endswith(rules.SENTENCE_ENDS) \
                and _spaced_run(line[m.end():m.end() + 200], forward=True) >= 4:
            pass  # …措施。 中 共 衢 州 市 委: a spaced-out name begins after a sentence
        elif len(right.strip()) <= 1 and _TITLE_LINE.fullmatch(line[start:m.start()].strip()):
            pass  # …的通知 组 长：…: a title ends before whatever follows it, spaced or not
        elif len(left.strip()) > 1 and _SPACED_LABEL_END.match(right) and re.search(rf"[{_CJK}]$", left):
            # …的通知组 长：李某 (a page flattened with nothing between lines): a two-character
            # label printed with a space inside (组 长：, 成 员：) starts a line at its first character
            parts.append(line[start:m.start() - 1])
            start = m.start() - 1
            continue
        elif left.endswith(rules.SENTENCE_ENDS) and _ARTICLE.match(line, m.end()):
            pass  # …建设。 第 3 条 …: an article printed with spaces in its number starts a line
        elif len(left.strip()) <= 1 or len(right.strip()) <= 1:
            continue  # one character on a side: a name or heading printed with spaces inside
        if _ORG_ONLY.fullmatch(left) and (("关于" in right[:40] and not right.startswith("关于")) or _ORG_ONLY.fullmatch(right)):
            continue  # 中共某区委 某区人民政府关于…: one title (or one signature) naming two offices; a space
            # right before 关于 was a line's end (中共某县委 某县人民政府 / 关于…: the issuers over the title)
        segment = line[start:m.start()].strip()
        if "关于" in segment and _TITLE_TAIL.fullmatch(right) and not re.search(r"[，,。；;：:]", segment):
            continue  # a title printed in two halves: 关于认真学习…精神 努力实现…的决定
        if _HEADING_SENTENCE.search(segment[-45:]) and not rules.starts_item(right):
            continue  # "1. 做强产业平台。 高标准建设…": an item's heading sentence and its text, one paragraph
        article = None
        for article in _ARTICLE.finditer(segment):
            pass  # the last article begun in the segment
        in_article = article is not None and not re.search(r"[。；;！？：:]", segment[article.end():])
        if (_MID_SENTENCE.search(segment) or in_article) and re.match(rf"[{_CJK}]", right) and not rules.starts_item(right):
            # "…贡献。对年度纳税 额超过…", "第 1 条 设立…引导 资金，…": a sentence began (after a full stop,
            # or as an article's text) and has not ended; a line never ends there
            continue
        parts.append(line[start:m.start()])
        start = m.end()
    parts.append(line[start:])
    return parts


class _Sequence:
    """The last number seen per marker style, so 二、 is accepted after 一、 but not in prose."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def accepts(self, style: str, number: int, before: str, after: str, head: str, after_marker: bool = False) -> bool:
        last = self.last.get(style, 0)
        if number == last + 1 and last:
            return rules.marker_context_ok(style, before, after, strict=False)
        if number == 1:
            return rules.marker_context_ok(style, before, after, strict=True, head=head, after_marker=after_marker)
        return False

    def take(self, style: str, number: int) -> None:
        self.last[style] = number  # numbering may restart (1. under each （一）) or run on across sections


_ASSIGNMENT_CLOSE = re.compile(r"[（(][^（()）]{0,40}(?:牵头|责任单位|配合单位|负责单位)[^（()）]{1,120}[）)](?=[\u4e00-\u9fff])")
_CAPTIONED_TABLE = re.compile(r"(?<=[。；;！？])([^。；;，,！？]{4,60}?)(?=序号(?:单位|部门|项目|任务|工作|事项|内容|名称|反馈))")
_DASH_ITEM = re.compile(r"(?<=[。；;！？])(?:——|\?\?|？？|[●■◆▲★☆•])(?=[\u4e00-\u9fff])")  # a bullet after a sentence


def _split_markers(piece: str, state: _Sequence) -> list[str]:
    cuts: list[int] = [m.start() for m in _DASH_ITEM.finditer(piece)]  # 。——创新驱动力…
    cuts += [m.end() for m in _ASSIGNMENT_CLOSE.finditer(piece)]  # …（牵头单位：X）培育…: a new paragraph
    for m in _CAPTIONED_TABLE.finditer(piece):  # …。某某反馈情况序号单位…: the caption, then the table
        cuts += [m.start(1), m.end(1)]
    head_start = 0  # where the text of the item being read starts (after its marker)
    first_text = len(piece) - len(piece.lstrip())
    for m in rules.MARKER_ANYWHERE.finditer(piece):
        style, number = rules.marker_number(m)
        if style is None:
            continue
        before, after = piece[max(0, m.start() - 2):m.start()], piece[m.end():m.end() + 2]
        at_start = m.start() <= first_text
        head = piece[max(head_start, m.start() - 60):m.start()] if m.start() - head_start > 60 else piece[head_start:m.start()]
        if at_start or state.accepts(style, number, before, after, head, after_marker=head_start > 0):
            state.take(style, number)
            head_start = m.end()
            if not at_start:
                cuts.append(m.start())
    parts, prev = [], 0
    for cut in sorted(set(cuts)):
        parts.append(piece[prev:cut])
        prev = cut
    parts.append(piece[prev:])
    out = []
    for part in parts:
        out += _split_heading(part)
    return out


def _split_heading(part: str) -> list[str]:
    """一、总体要求 到2020年… → the heading, then its text (a heading is short and unpunctuated)."""
    m = rules.RUN_ON_HEADING.match(part) or _HEADING_THEN_YEAR.match(part)
    if m and len(part) - m.end(1) > 0:
        return [m.group(1), part[m.end(1):]]
    glued = _glued_heading_end(part)
    if glued:
        return [part[:glued], part[glued:]]
    return [part]


# 一、发展目标到2025年，…: a heading glued to a sentence that opens with its target year
_HEADING_THEN_YEAR = re.compile(
    r"^((?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])[^。；;，,：:\s\d]{2,20}?)(?=(?:到|至)(?:19|20)\d\d年)"
)
# 二、部门自查省级部门要按照职责分工，… (a page flattened with nothing between lines): a short heading that
# ends with a heading word (rules.HEADING_WORDS), then a first clause of its own
_GLUED_MARKER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")
_HEADING_WORD = re.compile("|".join(rules.HEADING_WORDS))
_FIRST_CLAUSE = re.compile(r"[^。；;，,：:]{6,}[，,。；;]")
# the first clause after a glued heading is a sentence of its own: a subject, then what it must or will do
# (省级部门要按照…, 市政府将对…); a noun phrase running on (…保障机制建设工作体系，) has none of these
_SENTENCE_CUE = re.compile(r"要|应|须|将|需|由|按照|根据|负责")


def _glued_heading_end(part: str) -> int:
    """Where a short heading glued to its text ends (二、部门自查|省级部门要…), 0 when there is none.

    The heading ends after the first heading word within 12 characters of the marker, or after a later
    one that follows within 4 characters (强化督查考核机制: one heading naming two things), when the text
    after it opens a sentence of its own (a subject and 要/应/将/按照…). Left whole: a heading word inside a
    longer word (目标任务, 标准化), a heading that ends its own sentence, a heading sentence whose words run
    on past the heading word (强化组织领导干部作风建设。), text with punctuation or digits before the word."""
    marker = _GLUED_MARKER.match(part)
    if not marker:
        return 0
    head = part[marker.end():marker.end() + 14]
    stop = re.search(r"[。；;，,：:\s\d、《》“”]", head)
    words = [w for w in _HEADING_WORD.finditer(head[:stop.start()] if stop else head) if 2 <= w.end() <= 12]
    if not words:
        return 0
    end = words[0].end()
    for w in words[1:]:
        if w.start() - end <= 4:
            end = w.end()
    end += marker.end()
    if _HEADING_WORD.match(part, end) or re.match(r"[化性的和与及等之、]", part[end:end + 1]):
        return 0
    clause = _FIRST_CLAUSE.match(part, end)
    if not clause or not _SENTENCE_CUE.search(clause.group()):
        return 0  # （二）强化组织领导干部作风建设。 is one heading sentence, not a heading and a sentence
    return end
