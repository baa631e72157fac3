"""Find who is assigned to a task: labelled lists, inline 由…牵头 phrasing, and their names.

Policy documents print assignments in a few stable shapes:

* labelled lists, usually in a trailing bracket:
  ``（牵头领导：李宝春，牵头单位：市经信局，配合单位：市财税局、国土局等）`` —
  any label order, full/half-width colons, separators 、，,；; and a trailing 等;
* inline provincial phrasing: ``由省科技、经济和信息化部门牵头，会同财政、
  人力资源社会保障等相关部门负责`` (a shared suffix such as 部门 distributes over the list);
* ``（市发改局牵头，市财政局配合）``.

:func:`find_clauses` returns :class:`Clause` objects whose names keep exact
offsets into the text, so every later edge has provenance. Names are cleaned the
way the gold conventions describe: trailing 等 and bracket notes (<筹>, <审改办>,
〈…〉, (…)) removed, and a note that names another office kept as ``alias``.
Collective mentions (各相关部门, 各镇乡街道, 市投资审批相关部门) are returned
apart, never as names.

>>> [n.surface for n in find_clauses("（牵头单位：市发改局、财政局<筹>等）")[0].names]
['市发改局', '财政局']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders import rules
from policykg.loaders.records import COOPERATES_ON, LEADS

# the label families live in data/role_phrases.tsv (loaders.rules); Traditional-script
# pages are matched on rules.simplified(text), which keeps every offset
LEADER_ROLES = rules.phrases("label", "leader")
LEAD_ROLES = rules.phrases("label", "lead")
COOP_ROLES = rules.phrases("label", "coop")
RESPONSIBLE_ROLES = rules.phrases("label", "responsible")
CONTACT_ROLES = rules.phrases("label", "contact")
_ROLE_ALT = rules.alternation(LEADER_ROLES + LEAD_ROLES + COOP_ROLES + RESPONSIBLE_ROLES + CONTACT_ROLES)
LABEL = re.compile(rf"({_ROLE_ALT})(?:[(（][^()（）]{{1,6}}[)）])?\s*[:：]\s*")  # 牵头单位（部门）：
_OPEN = "(（<〈《【[［"
_CLOSE = ")）>〉》】]］"
_SEPARATORS = "、，,；;"
_STOP = "。\n"
# another "标签：" after a separator ends a list (；完成时限：2024年6月底前)
_OTHER_LABEL = re.compile(r"[；;，,]\s*[\u4e00-\u9fa5]{2,6}\s*[:：]")
ORG_SUFFIX_ALT = (
    r"部门|单位|局|委|办|厅|部|院|所|室|中心|公司|集团|会|组|处|科|队|站|行|社|馆|校|镇|乡|街道|政府|管委会|新区|园区|高新区|开发区|实验区|试验区|分局|联|署|台"
    r"|部門|單位|辦|廳|會|處|隊|鎮|鄉|政府|公所"
)
_ORG_SUFFIX = re.compile(rf"(?:{ORG_SUFFIX_ALT})$")
_COLLECTIVE = re.compile(r"^(?:各|相关|有关|其他|其它|所属|属地)|各(?:单位|部门|镇|乡|街道|成员单位|县|区|市|地|有关)|成员单位$|^(?:镇乡|乡镇|镇街|街道|乡镇街道|镇乡街道|部门|单位|社区|村社|村)(?:[(（]街道[)）])?$|(?:相关|有关|各级|各类)|^(?:市|区|县|省)?各")
_TRAILING_ETC = re.compile(r"(?:等|等等)(?:相关|有关)?(?:[\u4e00-\u9fa5]{0,4}?(?:主管|职能|责任|成员))?(?:单位|部门)?$")
_NOTE = re.compile(r"[<〈《(（【\[［]([^<>〈〉《》()（）【】\[\]［］]{0,20})[>〉》)）】\]］]")
_PERSON_TITLE = re.compile(
    r"^.*?(?:市长|区长|县长|省长|州长|书记|主任|部长|秘书长|局长|常委|委员|主席|组长|镇长|乡长)(?=[\u4e00-\u9fa5]{2,4}$)"
    r"|(?:同志|副?(?:市长|区长|县长|省长|书记|主任|部长|秘书长|局长))$"
)
# a title printed apart from the name (常务副市长 张三): the title words are not people
_NOT_PERSON = re.compile(r"(?:市|区|县|省|委|局|办|部|厅|政府|领导|常委|书记|市长|区长|县长|主任|同志|负责人|相关|分管|各|长|常务|助理|巡视员|调研员|委员|主席)$|^(?:各|相关|分管|市|区|县|省|常务|副)")
_PERSON = re.compile(r"^[\u4e00-\u9fa5]{2,4}$")
_CJK = re.compile(r"[\u4e00-\u9fa5]")


@dataclass(frozen=True)
class Name:
    """One cleaned name of a list with its printed position."""

    surface: str  # as printed, without 等 and bracket notes (may carry a distributed suffix)
    start: int  # offsets of the printed name in the text
    end: int
    alias: str | None = None  # a bracket note that names another office (<审改办>)
    leads: bool = False  # marked （牵头） inside a list of responsible units


@dataclass
class Clause:
    role: str  # the label as printed (牵头单位, 责任单位, 牵头领导, 牵头 for inline phrasing)
    relation: str  # LEADS | COOPERATES_ON
    agent: str  # Department | Leader
    start: int
    end: int
    names: list[Name] = field(default_factory=list)
    collective: list[str] = field(default_factory=list)


def role_kind(role: str) -> tuple[str, str]:
    """(relation, agent label) for a printed role (a ``responsible`` or ``contact`` label
    reads as cooperation here; :func:`find_clauses` decides what those lists mean)."""
    kind = rules.kind_of_label(role)
    if kind == "leader":
        return LEADS, "Leader"
    if kind == "lead":
        return LEADS, "Department"
    return COOPERATES_ON, "Department"


def starts_with_label(text: str) -> bool:
    """True for a line that is only an assignment (牵头单位：… on its own line)."""
    return bool(LABEL.match(rules.simplified(text).lstrip(_OPEN + " ")))


def find_clauses(text: str, start: int = 0, end: int | None = None) -> list[Clause]:
    """All assignment clauses in ``text[start:end]`` with absolute offsets.

    Names are read from the simplified-script copy of ``text`` (same offsets), so a
    Traditional page yields the same clauses; a 负责人/联系人 list yields none. Whether a
    lone 责任单位 leads is decided for the whole task (:func:`responsible_leads`).
    """
    printed, text = text, rules.simplified(text)
    end = len(text) if end is None else end
    clauses: list[Clause] = []
    labels = list(LABEL.finditer(text, start, end))
    for i, m in enumerate(labels):
        limit = labels[i + 1].start() if i + 1 < len(labels) else end
        list_end = _list_end(text, m.end(), limit)
        if _is_suggestion(text, max(start, m.start() - 15), m.start()):
            continue  # 建议…增加配合单位：… is a comment on the plan, not an assignment
        if rules.kind_of_label(m.group(1)) == "contact":
            continue  # 负责人：张三 names who answers for a unit, not who leads the task
        relation, agent = role_kind(m.group(1))
        clause = Clause(m.group(1), relation, agent, m.start(), list_end)
        _fill(clause, text, m.end(), list_end)
        clauses.append(clause)
    if not labels:
        clauses.extend(_inline(text, start, end))
    clauses = [c for clause in clauses for c in _split_marked_leads(clause)]
    return _as_printed(clauses, printed, text)


def _as_printed(clauses: list[Clause], printed: str, simplified: str) -> list[Clause]:
    """Names read from the simplified copy, spelt as printed again (市財政局 stays 市財政局)."""
    if printed is simplified or printed == simplified:
        return clauses
    for c in clauses:
        for k, n in enumerate(c.names):
            cut = simplified[n.start:n.end]
            if n.surface.startswith(cut):  # a distributed suffix (部门) may follow the printed part
                c.names[k] = Name(printed[n.start:n.end] + n.surface[len(cut):], n.start, n.end, n.alias, n.leads)
    return clauses


def responsible_leads(clauses: list[Clause]) -> list[Clause]:
    """A 责任单位-style list of exactly one unit leads when ``clauses`` (all of one task) name no lead unit."""
    if any(c.relation == LEADS and c.agent == "Department" for c in clauses):
        return clauses
    for c in clauses:
        if c.agent == "Department" and len(c.names) == 1 and rules.kind_of_label(c.role) == "responsible":
            c.relation = LEADS
    return clauses


def cell_clauses(text: str, start: int, end: int, role: str) -> list[Clause]:
    """Clauses of one table cell under a column headed ``role`` (牵头单位, 责任单位, 责任领导 …)."""
    printed, text = text, rules.simplified(text)
    relation, agent = role_kind(role)
    clause = Clause(role, relation, agent, start, end)
    spaced = _SPACED_NAME.fullmatch(printed, start, end)
    if agent == "Leader" and spaced:  # 王  伟: a two-character name spaced out to fill its cell
        clause.names.append(Name(spaced.group(1) + spaced.group(2), spaced.start(1), spaced.end(2)))
        return [clause]
    _fill(clause, text, start, end)
    return _as_printed(_split_marked_leads(clause), printed, text)


_SPACED_NAME = re.compile(r"\s*([\u4e00-\u9fa5])[ \u3000]{1,3}([\u4e00-\u9fa5]{1,2})\s*")


_SUGGESTION = re.compile(r"建议|增加|改为|调整为|删除|修改为|补充|增补")


def _is_suggestion(text: str, start: int, label_start: int) -> bool:
    """True when the words right before a label (since the last stop) propose a change to it."""
    segment = text[start:label_start]
    cut = max(segment.rfind(ch) for ch in "。；;，,（(\n")
    return bool(_SUGGESTION.search(segment[cut + 1:]))


def _split_marked_leads(clause: Clause) -> list[Clause]:
    """``责任单位：省发展改革委（牵头）、省财政厅`` → a LEADS clause for the marked name."""
    marked = [n for n in clause.names if n.leads]
    if not marked or clause.relation == LEADS or clause.agent != "Department":
        return [clause]
    lead = Clause("牵头", LEADS, "Department", clause.start, clause.end, marked)
    clause.names = [n for n in clause.names if not n.leads]
    return [lead, clause] if clause.names or clause.collective else [lead]


def _list_end(text: str, pos: int, limit: int) -> int:
    """Where a list that starts at ``pos`` stops: next label, an unbalanced closer, 。 or a line end."""
    other = _OTHER_LABEL.search(text, pos, limit)
    if other:
        limit = other.start()
    depth = 0
    for k in range(pos, limit):
        ch = text[k]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return k
            depth -= 1
        elif ch in _STOP:
            return k
    return limit


def split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the items of a list, split on 、，,；; and spaces outside brackets."""
    items, depth, item_start = [], 0, start
    for k in range(start, end):
        ch = text[k]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _SEPARATORS or ch.isspace()):
            items.append((item_start, k))
            item_start = k + 1
    items.append((item_start, end))
    return [(a, b) for a, b in items if text[a:b].strip()]


def clean_name(raw: str) -> tuple[str, str | None]:
    """(surface, alias) of a printed list item: notes and a trailing 等 removed."""
    alias = None
    for note in _NOTE.findall(raw):
        note = note.strip()
        if note and _ORG_SUFFIX.search(note) and note != raw and "牵头" not in note:
            alias = alias or note
    surface = _NOTE.sub("", raw).strip()
    surface = _TRAILING_ETC.sub("", surface).strip(" :：")
    surface = surface.strip(_OPEN + _CLOSE + _SEPARATORS + " :：")  # unbalanced brackets are debris, not the name
    if len(surface) > 40 or not _CJK.search(surface) or any(ch in _OPEN + _CLOSE for ch in surface):
        return "", None  # a runaway list or bracket soup: no name here
    return surface, alias


# words that open a list item without being part of the name: 由所涉及的A、B…牵头
_LEAD_IN = re.compile(r"^(?:所涉及的|所涉及|涉及的|所涉的)")
# 浦东新区等相关区政府 / 市财政局等有关部门: a named office standing for a collective
_NAME_ETC_GROUP = re.compile(r"^(.{2,20}?)等((?:相关|有关|其他|其它)[\u4e00-\u9fa5]{1,10})$")

_JOINER = re.compile(r"[和及与]")
# a place standing for its government in a list: 浦东新区、奉贤区和临港地区管委会
_PLACE_NAME = re.compile(r"^[\u4e00-\u9fa5]{2,6}(?:区|县|市|旗|镇|乡)$")


def _split_joined(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """市发改局和市财政局 → two names; 工业和信息化局 stays one (工业 is not an office)."""
    for m in _JOINER.finditer(text, a, b):
        left, right = text[a:m.start()].strip(), text[m.end():b].strip()
        left_name = clean_name(left)[0]
        if len(left) >= 3 and len(right) >= 3 and (_ORG_SUFFIX.search(left_name) or _PLACE_NAME.search(left_name)) \
                and _ORG_SUFFIX.search(clean_name(right)[0]):
            return [(a, m.start())] + _split_joined(text, m.end(), b)
    return [(a, b)]


# the rest of a list that 各 opened: 各区、市政府 / 各市、县（区）人民政府 is one collective mention
# (各区、县级市 / 各县、市辖区: the level names of the places, not offices)
_LEVEL_TAIL = re.compile(r"^(?:[省市区县镇乡]|街道|县级市|市辖区|自治县|自治州|地级市|开发区|园区|功能区)(?:[(（][^()（）]{1,8}[)）])?(?:人民政府|政府|党委|党委政府|管委会|办事处)?$")


def _fill(clause: Clause, text: str, start: int, end: int, suffix: str = "", orgs_only: bool = False) -> None:
    """Add the names of ``text[start:end]`` to ``clause``; ``orgs_only`` keeps only office-like names
    (inline phrasing, where any noun phrase could stand before 牵头)."""
    items = [part for a, b in split_list(text, start, end) for part in _split_joined(text, a, b)]
    open_collective: int | None = None  # where a 各… list that has not yet named its office starts
    for a, b in items:
        while a < b and text[a].isspace():
            a += 1
        raw = text[a:b].strip()
        if open_collective is not None and clause.agent != "Leader":
            if _LEVEL_TAIL.match(raw):
                clause.collective[-1] = _TRAILING_ETC.sub("", text[open_collective:a + len(raw)]).strip()
                if _ORG_SUFFIX.search(_NOTE.sub("", raw)):
                    open_collective = None
                continue
            open_collective = None
        lead_in = _LEAD_IN.match(raw)
        if lead_in and len(raw) - lead_in.end() >= 2:  # 所涉及的省财政厅: the office, not the phrase
            a += lead_in.end()
            raw = raw[lead_in.end():]
        etc = _NAME_ETC_GROUP.match(raw)
        if etc and clause.agent != "Leader" and _ORG_SUFFIX.search(clean_name(etc.group(1))[0]):
            # 浦东新区等相关区政府: one office, then the collective it stands for
            clause.collective.append(etc.group(2))
            raw = etc.group(1)
        surface, alias = clean_name(raw)
        if not surface:
            continue
        printed_end = a + len(raw)
        note = _NOTE.search(raw)
        if note and note.start() > 0:
            printed_end = a + note.start()
        elif surface != raw and raw.startswith(surface):
            printed_end = a + len(surface)
        if suffix and not _ORG_SUFFIX.search(surface):
            surface += suffix
        if clause.agent == "Leader":
            person = _PERSON_TITLE.sub("", surface)
            if _PERSON.match(person) and not _NOT_PERSON.search(person):
                at = raw.find(person)
                clause.names.append(Name(person, a + at, a + at + len(person)) if at >= 0 else Name(person, a, printed_end))
            continue
        if _COLLECTIVE.search(surface):
            clause.collective.append(_TRAILING_ETC.sub("", raw).strip())
            if surface.startswith("各") and not _ORG_SUFFIX.search(surface):
                open_collective = a  # 各区、市政府: the next items finish this mention
        elif len(surface) >= 2 and (not orgs_only or _ORG_SUFFIX.search(surface) or _PLACE_NAME.search(surface)):
            marked = any("牵头" in note for note in _NOTE.findall(raw))
            clause.names.append(Name(surface, a, printed_end, alias, marked))


# 由省科技、经济和信息化部门牵头，会同财政、人力资源社会保障等相关部门负责
_INLINE_LEAD = re.compile(r"由((?:[^。；;，,（()）:：]|[（(][^（()）。]{1,12}[)）]){2,160}?)(?:共同)?牵头")
_INLINE_WITH = re.compile(r"(?:会同|配合|协同)([^。；;，,（()）:：]{2,80}?)(等)?((?:相关|有关)?(?:部门|单位))?(?=共同|负责|按|实施|推进|组织|落实|研究|制定|开展|做好|抓好|[，,。；;）)])")
# 由区财政局牵头，区发改委、区金融服务中心配合。
_THEN_COOP = re.compile(r"(?:负责)?[，,、]\s*([^。；;，,（()）:：]{2,120}?)(?:等)?(?:配合|参与|协助|参加|按职责分工负责|按职责负责|分工负责)(?=[，,。；;]|$)")
# one part of a bracketed note: 省自然资源厅、省发展改革委牵头 / 省住建厅等配合 / 各市人民政府负责落实
_LEAD_VERB = rules.alternation(rules.phrases("verb", "lead"))
_COOP_VERB = rules.alternation(rules.phrases("verb", "coop") + rules.phrases("verb", "responsible"))
_SEGMENT_LEAD = re.compile(rf"^(.{{2,80}}?)(?:{_LEAD_VERB})$")
_SEGMENT_COOP = re.compile(rf"^(.{{2,120}}?)(?:等)?({_COOP_VERB})$")
_LEAD_WORD = re.compile(_LEAD_VERB)
_DIVISION_OF_LABOUR = ("按职责分工负责", "按职责负责", "分工负责")
_PROSE = re.compile(r"由|具体|主要|要|将|应|并|可")  # （具体由市财政局负责） is a sentence, not a list
# 市发改局牵头，市财政局、国土局配合。 (a sentence of its own)
_PAIR_COOP_VERB = rules.alternation(rules.phrases("verb", "coop"))
_SENTENCE_PAIR = re.compile(rf"(?:^|(?<=[。；;]))\s*([^。；;，,（()）:：]{{2,60}}?)(?:{_LEAD_VERB})[，,]\s*([^。；;（()）:：]{{2,120}}?)(?:等)?(?:{_PAIR_COOP_VERB})(?:实施|落实|推进)?(?=[。；;]|$)")


_WITH_VERB = rules.alternation(rules.phrases("verb", "with"))
# 由发展改革委会同财政部、商务部等部门研究提出落实意见
_LEAD_WITH = re.compile(rf"由([^。；;，,（()）:：由]{{2,40}}?)(?:{_WITH_VERB})([^。；;，,（()）:：]{{2,120}}?)(等)?((?:相关|有关)?(?:部门|单位))?"
                        r"(?=负责|研究|制定|组织|落实|推进|实施|开展|做好|抓好|[，,。；;]|$)")


def _inline(text: str, start: int, end: int) -> list[Clause]:
    """Assignments phrased in prose; names must look like offices (局, 委, 部门, 中心 …)."""
    clauses: list[Clause] = []

    def pair(lead_span: tuple[int, int], coop_span: tuple[int, int] | None, coop_role: str = "配合") -> None:
        lead = Clause("牵头", LEADS, "Department", *lead_span)
        _fill(lead, text, *lead_span, suffix=_shared_suffix(text[lead_span[0]:lead_span[1]]), orgs_only=True)
        if not lead.names:
            return
        clauses.append(lead)
        if coop_span is not None:
            coop = Clause(coop_role, COOPERATES_ON, "Department", *coop_span)
            _fill(coop, text, *coop_span, orgs_only=True)
            if coop.names:
                clauses.append(coop)

    for a, b in _bracket_groups(text, start, end):
        clauses.extend(_bracket_note(text, a, b))
    if clauses:
        return clauses
    for m in _SENTENCE_PAIR.finditer(text, start, end):
        if "由" in m.group(1):
            continue  # the 由…牵头 form below reads it with its 会同 part
        pair(m.span(1), m.span(2))
    if clauses:
        return clauses
    for m in _LEAD_WITH.finditer(text, start, end):
        if "牵头" in m.group(1):
            continue  # 由A牵头会同B: read below with its 牵头
        suffix = m.group(4) or _shared_suffix(m.group(2))
        pair(m.span(1), m.span(2), "会同")
        if clauses and suffix and clauses[-1].role == "会同":
            coop = clauses[-1]  # 商务、农业农村等部门: the shared 部门 belongs to every item
            coop.names, coop.collective = [], []
            _fill(coop, text, *m.span(2), suffix=suffix.replace("相关", "").replace("有关", ""), orgs_only=True)
    if clauses:
        return clauses
    for m in _INLINE_LEAD.finditer(text, start, end):
        items = m.group(1)
        suffix = _shared_suffix(items)
        lead = Clause("牵头", LEADS, "Department", m.start(1), m.end(1))
        _fill(lead, text, m.start(1), m.end(1), suffix, orgs_only=True)
        if not lead.names:  # 由各牵头部门牵头 names nobody: not an assignment
            continue
        clauses.append(lead)
        sentence_end = min((k for k in (text.find("。", m.end(), end), text.find("；", m.end(), end)) if k != -1), default=end)
        w = _INLINE_WITH.search(text, m.end(), sentence_end)
        then = _THEN_COOP.match(text, m.end(), sentence_end)
        if then and not w:
            coop = Clause("配合", COOPERATES_ON, "Department", then.start(1), then.end(1))
            _fill(coop, text, then.start(1), then.end(1), orgs_only=True)
            if coop.names:
                clauses.append(coop)
        if w:
            suffix = w.group(3) or _shared_suffix(w.group(1))
            coop = Clause("会同", COOPERATES_ON, "Department", w.start(1), w.end(1))
            _fill(coop, text, w.start(1), w.end(1), suffix.replace("相关", "").replace("有关", "") if suffix else "", orgs_only=True)
            if coop.names:
                clauses.append(coop)
    return clauses


def _shared_suffix(items: str) -> str:
    """部门/单位 ending the last item of ``A、B部门`` applies to every item."""
    m = re.search(r"(部门|单位)$", items.strip())
    return m.group(1) if m and "、" in items else ""


def _bracket_groups(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the inside of every outermost （…） in ``text[start:end]``, in one pass."""
    groups: list[tuple[int, int]] = []
    depth, opened = 0, 0
    for k in range(start, end):
        ch = text[k]
        if ch in "(（":
            if depth == 0:
                opened = k + 1
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
            if depth == 0:
                groups.append((opened, k))
    return groups


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Parts of a bracketed note split on ，； outside nested brackets (stripped offsets)."""
    parts, depth, part_start = [], 0, start
    for k in range(start, end + 1):
        ch = text[k] if k < end else "；"
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "，,；;":
            a, b = part_start, k
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                parts.append((a, b))
            part_start = k + 1
    return parts


def _bracket_note(text: str, start: int, end: int) -> list[Clause]:
    """An assignment note in brackets, part by part:
    （省自然资源厅、省发展改革委牵头，省住建厅、省统计局配合；各市、县（区）人民政府负责落实）.

    A note counts when one part says 牵头 or one says 按职责分工负责; a bare 负责 part
    (各市人民政府负责落实) completes a note that has a lead, or is the whole note
    (（市发改委负责）, offices only: recorded as responsible units, role 负责)."""
    leads: list[Clause] = []
    others: list[Clause] = []
    shared = False
    parts = _segments(text, start, end)
    for a, b in parts:
        if text.startswith("由", a):
            a += 1  # （由市发改委牵头，…）
        part = text[a:b]
        m = _SEGMENT_LEAD.match(part)
        if m and not _LEAD_WORD.search(m.group(1)):
            lead = Clause("牵头", LEADS, "Department", a, a + m.end(1))
            _fill(lead, text, a, a + m.end(1), suffix=_shared_suffix(m.group(1)), orgs_only=True)
            if lead.names:
                leads.append(lead)
            continue
        m = _SEGMENT_COOP.match(part)
        if m and not _LEAD_WORD.search(m.group(1)):
            verb = m.group(2)
            shared = shared or verb in _DIVISION_OF_LABOUR
            coop = Clause("负责" if verb.endswith(("负责", "负责落实")) else verb, COOPERATES_ON, "Department", a, a + m.end(1))
            _fill(coop, text, a, a + m.end(1), orgs_only=True)
            if coop.names or coop.collective:
                others.append(coop)
    if not leads and not shared:
        # （市发改委负责）: a note that is nothing but offices and 负责 lists responsible units;
        # one unit responsible leads its task, several are one undivided pool
        if len(parts) == 1 and len(others) == 1 and others[0].names and all(_ORG_SUFFIX.search(n.surface) for n in others[0].names) \
                and not _PROSE.search(text, start, end):
            if len(others[0].names) == 1 and others[0].role == "负责":
                others[0].relation = LEADS
            return others
        return []
    return leads + others
