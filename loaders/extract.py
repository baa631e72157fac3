"""Outline → facts: tasks, assignments, goals, references and place mentions, each with provenance.

Which numbered items are *tasks*? In a document that assigns work, the items
that carry an assignment, plus their same-style siblings (a task list may have a
few unassigned items); an unnumbered paragraph under an item that carries its
own assignment is a sub-task keyed ``4.2`` (HAS_SUBTASK from item 4). A heading
line that assigns nothing (（四）强化咨询服务, its text in the paragraphs below)
takes its first assigned paragraph as its own: the next one is ``4.2``. A table
whose header names 牵头单位/责任单位 turns each row into a task. In a document
without assignments (a 决定, a 意见), the numbered items whose line holds a
heading sentence *and* body text are the tasks.

Everything skips blocks the outline marked as feedback/comment tables.

>>> from policykg.loaders.structure import parse_outline
>>> o = parse_outline("东阳市X方案\\n一、任务\\n1.建立制度。做好。（牵头单位：市发改局，配合单位：财政局）", "a.txt")
>>> e = extract(o)
>>> [(t.number, t.title) for t in e.tasks], [a.agent_id for a in e.assignments]
([('1', '建立制度')], ['dept:东阳市:发展和改革局', 'dept:东阳市:财政局'])
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from policykg.loaders import assign, goals as goal_rules, rules
from policykg.loaders.citations import find_citations
from policykg.loaders.dictionaries import gazetteer, trie_regex
from policykg.loaders.filetypes import CELL_SEP
from policykg.loaders.tables import FIRST_LEADS, first_leads, table_rows
from policykg.loaders.records import Assignment, Citation, Goal, Issuer, Mention, Span, Task, title_key
from policykg.loaders.resolve import Resolver
from policykg.loaders.structure import Heading, Outline, short_title

_DEADLINE = re.compile(
    r"(?:完成时限|完成时间|截止时间|办结时限|时间要求|时间节点|时限)\s*[:：]\s*([^,，;；)）。\n|]{2,30})"
    r"|[(（]?((?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末|中旬|上旬|下旬|上半年|下半年)?(?:前|以前))"
)
_REVIEW_SECTIONS = re.compile(r"发展基础|发展现状|基本情况|工作回顾|回顾|取得成效|主要成效|主要成绩|面临形势|形势分析|存在问题|现状|背景")
# titles of documents whose numbers are not a plan's targets: an assessment's criteria (查处案件10例以上
# 得满分); a press transcript or an explainer (rules.EXPLAINER_TITLE) reports results and retells a plan
_ASSESSMENT_TITLE = re.compile(r"(?:考核|考评|评分|评价)(?:实施)?(?:细则|办法|方案|标准|指标)$")
_NO_TASK_SECTIONS = re.compile(r"指导思想|基本原则|总体要求|主要目标|总体目标|发展目标|奋斗目标|重大意义|目标任务$|保障措施|组织领导|实施步骤|工作要求|重大战略")


@dataclass
class Extraction:
    tasks: list[Task] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    issuers: list[Issuer] = field(default_factory=list)
    resolver: Resolver = field(default_factory=Resolver)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Item:
    """A task before it becomes a record: where it is and which clauses it owns."""

    number: str
    path: str
    start: int
    end: int
    title_start: int
    heading: Heading | None
    clauses: list[assign.Clause] = field(default_factory=list)
    parent: "_Item | None" = None
    deadline: str | None = None
    task_id: str = ""  # set once by _build_tasks, unique within the document


def extract(outline: Outline, tokenizer=None) -> Extraction:
    """All facts of one document; ``tokenizer`` (a jieba.Tokenizer) enables place mentions."""
    out = Extraction(resolver=Resolver(outline.jurisdiction, outline.source, outline.jurisdiction_chain))
    plan_key = title_key(outline.title) or outline.source
    items = _table_items(outline) + _items(outline)
    items.sort(key=lambda it: it.start)
    simple = rules.simplified(outline.text)  # the page's rule may be printed in Traditional script
    rule = any(FIRST_LEADS.search(simple, ln.start, ln.end) for ln in outline.lines
               if "牵头" in simple[ln.start:ln.end] and CELL_SEP not in ln.text)
    for it in items:
        if not any(c.relation == assign.LEADS and c.agent == "Department" for c in it.clauses):
            # 注：责任单位中排在第一位的为牵头单位 — the document's own rule for its 责任单位 lists;
            # else one unit responsible (责任单位：X, with no lead named in the whole item) leads
            it.clauses = first_leads(it.clauses) if rule else assign.responsible_leads(it.clauses)
    _build_tasks(outline, items, plan_key, out)
    _extract_goals(outline, items, plan_key, out)
    excluded: list[tuple[int, int]] = []  # feedback blocks as a few merged ranges
    for i in sorted(outline.excluded):
        a, b = outline.lines[i].start, outline.lines[i].end + 1
        if excluded and excluded[-1][1] >= a:
            excluded[-1] = (excluded[-1][0], b)
        else:
            excluded.append((a, b))
    out.citations = find_citations(outline.text, outline.source, outline.title, outline.doc_number, excluded)
    for printed, span in outline.issuers:
        name, dept = out.resolver.issuer(printed)
        out.issuers.append(Issuer(dept.id, span, name))
    if tokenizer is not None:
        _mentions(outline, items, out, tokenizer)
    return out


# ----------------------------------------------------------------------------- tasks


def _items(outline: Outline) -> list[_Item]:
    text, lines = outline.text, outline.lines
    by_heading: dict[int, list[tuple[int, list[assign.Clause]]]] = {}
    orphans: list[tuple[int, list[assign.Clause]]] = []
    for line in lines[outline.body_start:]:
        if line.index in outline.excluded or CELL_SEP in line.text:
            continue
        clauses = assign.find_clauses(text, line.start, line.end)
        if not clauses:
            continue
        h = outline.owner[line.index]
        if h is None:
            orphans.append((line.index, clauses))
        else:
            by_heading.setdefault(h, []).append((line.index, clauses))

    task_headings: set[int] = set()
    if by_heading or orphans:
        assigned = set(by_heading)
        task_headings |= assigned
        lists: dict[tuple[int | None, str], list[int]] = {}
        for k, other in enumerate(outline.headings):
            if other.line not in outline.excluded:
                lists.setdefault((other.parent, other.style), []).append(k)
        for h in assigned:  # unassigned items of the same list are tasks too
            task_headings.update(lists.get((outline.headings[h].parent, outline.headings[h].style), ()))
    else:
        for k, h in enumerate(outline.headings):
            if h.style == "bullet" or h.line < outline.body_start or h.line in outline.excluded:
                continue
            body = outline.heading_text(h)
            title = short_title(body)
            ancestors = " ".join(outline.heading_text(a) for a in outline.section_path(h))
            if len(body) > len(title) + 15 and not _NO_TASK_SECTIONS.search(ancestors + " " + title):
                task_headings.add(k)

    items: list[_Item] = []
    made: dict[int, _Item] = {}
    for k in sorted(task_headings):
        h = outline.headings[k]
        path = "/".join(a.number for a in outline.section_path(h)) + ("/" if h.parent is not None else "") + h.number
        last = lines[h.end_line - 1] if h.end_line > h.line else lines[h.line]
        item = _Item(h.number, path, lines[h.line].start, last.end, h.content_start, h)
        parent = h.parent
        while parent is not None and parent not in made:
            parent = outline.headings[parent].parent
        item.parent = made.get(parent) if parent is not None else None
        made[k] = item
        items.append(item)
        sub = 1
        last_child: _Item | None = None
        for line_index, clauses in by_heading.get(k, []):
            line = lines[line_index]
            label_only = assign.starts_with_label(line.text)
            # the paragraph a label-only line closes (skipping the other label lines above it)
            para = line_index - 1
            while para > h.line and assign.starts_with_label(lines[para].text):
                para -= 1
            if line_index == h.line or (label_only and (not item.clauses or para <= h.line)):
                item.clauses.extend(clauses)  # the item's own assignment, also on lines below its text
            elif not item.clauses and last_child is None:
                # a heading that assigns nothing itself: its first assigned paragraph is the item's own text
                # (gold: "4" = heading + first paragraph, "4.2" = the 2nd paragraph with its own assignment)
                item.clauses.extend(clauses)
            elif label_only and last_child is not None and last_child.end >= lines[para].start:
                last_child.clauses.extend(clauses)
                last_child.end = line.end
            else:
                # a paragraph of the item with an assignment of its own: a sub-task
                start_line = lines[para] if label_only else line
                sub += 1
                last_child = _Item(f"{item.number}.{sub}", f"{path}.{sub}", start_line.start, line.end, start_line.start, None,
                                   list(clauses), item)
                items.append(last_child)
        item.end = _shrink_end(outline, item, h.line)
    for n, (line_index, clauses) in enumerate(orphans, 1):
        line = lines[line_index]
        items.append(_Item(f"p{n}", f"p{n}", line.start, line.end, _orphan_title_start(outline.text, line.start, clauses),
                           None, clauses))
    return items


_STOPS = re.compile(r"[。！？]")


def _orphan_title_start(text: str, start: int, clauses: list[assign.Clause], most: int = 4,
                        longest: int = 800) -> int:
    """Where the task of an unnumbered paragraph with an assignment starts: the paragraph's start, or,
    when more than ``most`` sentences and ``longest`` characters come before the assignment (a page whose
    lines were run together lost the paragraph's start; a printed paragraph is rarely that long), the
    sentence the assignment closes (…扩大销量。（某厅负责） → that sentence)."""
    first = min(c.start for c in clauses)
    stops = [m.end() for m in _STOPS.finditer(text, start, first)]
    if len(stops) <= most or first - start <= longest:
        return start
    head = text[start:first].rstrip("（( \n")
    if head.endswith(("。", "！", "？")):  # the bracket closes the sentence before it
        return stops[-2]
    return stops[-1]  # the assignment sits inside its sentence (由某厅负责…)


def _shrink_end(outline: Outline, item: _Item, first_line: int) -> int:
    """An item ends before trailing lines that belong to a feedback block."""
    if not outline.excluded:
        return item.end
    for line in outline.lines[first_line:]:
        if line.start > item.end:
            break
        if line.index in outline.excluded:
            return max(item.start, line.start - 1)
    return item.end


def _table_items(outline: Outline) -> list[_Item]:
    """Rows of 分工 tables as task items (see :mod:`loaders.tables`)."""
    return [
        _Item(row.number, f"table{row.table}/{row.row}", row.start, row.end, row.task_start, None, row.clauses, None, row.deadline)
        for row in table_rows(outline.text, outline.lines, outline.excluded)
    ]


def _build_tasks(outline: Outline, items: list[_Item], plan_key: str, out: Extraction) -> None:
    text, source = outline.text, outline.source
    first_child: dict[int, int] = {}
    for other in items:
        if other.parent is not None and other.start > other.parent.start:
            first_child[id(other.parent)] = min(first_child.get(id(other.parent), other.start), other.start)
    line_starts = [ln.start for ln in outline.lines]
    used: set[str] = set()
    for item in items:
        task_id = f"task:{plan_key}:{item.path}"
        k = 2
        while task_id in used:  # 1. 2. 2. 3. — a numbering slip must not merge two tasks
            task_id = f"task:{plan_key}:{item.path}~{k}"
            k += 1
        used.add(task_id)
        item.task_id = task_id
        body = text[item.title_start:item.end]
        # a heading's title ends with its line (二、部门自查 over a paragraph without a 。 in sight)
        first_line = body.split("\n", 1)[0]
        title = short_title(first_line if item.heading is not None and first_line.strip() else body)
        if item.heading is not None:
            section = " > ".join(f"{a.number} {short_title(outline.heading_text(a), 30)}" for a in outline.section_path(item.heading))
        else:
            owner = outline.owner[bisect.bisect_right(line_starts, item.start) - 1]
            chain = ([*outline.section_path(outline.headings[owner]), outline.headings[owner]] if owner is not None else [])
            section = " > ".join(f"{a.number} {short_title(outline.heading_text(a), 30)}" for a in chain)
        deadline = item.deadline
        if deadline is None:
            # an item's own deadline, not one printed under a child item
            own_end = first_child.get(id(item), item.end)
            m = _DEADLINE.search(text, item.start, own_end)
            if m:
                deadline = (m.group(1) or m.group(2)).strip()
        collective: list[str] = []
        seen_edges: set[tuple[str, str]] = set()
        for clause in item.clauses:
            collective += [c for c in clause.collective if c not in collective]
            inherited = None
            for name in clause.names:
                span = Span(source, name.start, name.end, text[name.start:name.end])
                if clause.agent == "Leader":
                    agent = out.resolver.leader(name.surface)
                else:
                    agent = out.resolver.department(name.surface, inherited, name.alias)
                    inherited = agent.jurisdiction
                key = (clause.relation, agent.id)
                if key in seen_edges:
                    continue
                seen_edges.add(key)
                out.assignments.append(Assignment(task_id, clause.relation, clause.agent, agent.id, clause.role, name.surface, span))
        parent_id = item.parent.task_id if item.parent is not None else None
        out.tasks.append(Task(task_id, item.number, title, body, section, Span(source, item.start, item.end, text[item.start:item.end]),
                              deadline, parent_id, tuple(collective)))


# ----------------------------------------------------------------------------- goals


def _extract_goals(outline: Outline, items: list[_Item], plan_key: str, out: Extraction) -> None:
    text = outline.text
    marks: list[tuple[float, int]] = []  # (depth, year) of 到YYYY年 frames still open, innermost last
    task_at = _task_locator(outline, items, plan_key)
    if _ASSESSMENT_TITLE.search(outline.title.strip()) or rules.EXPLAINER_TITLE.search(outline.title.strip()):
        return  # 考核细则 (a scoring table), 问答实录 (a transcript): no targets of a plan of their own
    doc_year = int(outline.date[:4]) if outline.date else None
    title_year = goal_rules.title_year(outline.title)
    for line in outline.lines[outline.body_start:]:
        if line.index in outline.excluded:
            continue
        h_index = outline.heading_at.get(line.index)
        if h_index is not None:
            heading = outline.headings[h_index]
            depth: float = heading.depth
            while marks and marks[-1][0] > depth:  # a higher heading closes deeper frames
                marks.pop()
            start = heading.content_start
        else:
            owner = outline.owner[line.index]
            depth = outline.headings[owner].depth + 0.5 if owner is not None else -0.5
            start = line.start
        frame = marks[-1][1] if marks else title_year
        mark = goal_rules.YEAR_MARK.search(text, start, min(line.end, start + 40))
        if mark and (doc_year is None or goal_rules.mark_year(mark) >= doc_year):
            frame = goal_rules.mark_year(mark)  # a paragraph that opens with 到YYYY年 frames all of it
        owner = outline.owner[line.index]
        chain = ([*outline.section_path(outline.headings[owner]), outline.headings[owner]] if owner is not None else [])
        labels = [short_title(outline.heading_text(h), 20) for h in chain]
        if any(_REVIEW_SECTIONS.search(label) for label in labels):
            continue  # 发展基础/工作回顾: past results, not the plan's targets
        goal_section = any("目标" in label for label in labels)
        for g in goal_rules.find_goals(text, start, line.end, frame, goal_section):
            if g.year is not None and doc_year is not None and g.year < doc_year:
                continue  # a year already past when the plan was written: a result, not a target
            task_id = task_at(g.start)
            span = Span(outline.source, g.start, g.end, text[g.start:g.end])
            out.goals.append(Goal(f"goal:{plan_key}:{g.start}", g.text, g.metric, g.value, g.unit, g.year, span, task_id))
        if mark and (doc_year is None or goal_rules.mark_year(mark) >= doc_year):  # a past year frames nothing
            while marks and marks[-1][0] >= depth:  # a sibling's frame is replaced
                marks.pop()
            marks.append((depth, goal_rules.mark_year(mark)))
    out.goals = goal_rules.drop_restated(out.goals)


def _task_locator(outline: Outline, items: list[_Item], plan_key: str):
    """offset → id of the innermost task containing it (None outside tasks), in O(log n) per lookup."""
    line_starts = [ln.start for ln in outline.lines]
    owner: list[tuple[int, int, str] | None] = [None] * len(outline.lines)
    for it in sorted(items, key=lambda i: i.end - i.start, reverse=True):  # inner items overwrite outer ones
        first = bisect.bisect_right(line_starts, it.start) - 1
        last = bisect.bisect_right(line_starts, max(it.start, it.end - 1)) - 1
        for k in range(first, last + 1):
            owner[k] = (it.start, it.end, it.task_id)

    def locate(offset: int) -> str | None:
        hit = owner[bisect.bisect_right(line_starts, offset) - 1]
        return hit[2] if hit and hit[0] <= offset < hit[1] else None

    return locate


# ----------------------------------------------------------------------------- places


_NAMES_RE: re.Pattern[str] | None = None
_CLAUSE_MARK = re.compile(r"[，,。；;：:、！？!?（）()《》“”\"\s]")


def _names_re() -> re.Pattern[str]:
    global _NAMES_RE
    if _NAMES_RE is None:
        _NAMES_RE = re.compile(trie_regex([n for n in gazetteer().by_name if len(n) >= 2]))
    return _NAMES_RE


def _mentions(outline: Outline, items: list[_Item], out: Extraction, tokenizer) -> None:
    """Places named in the title and body, confirmed by the tokenizer.

    A regex over all gazetteer names finds candidates cheaply; jieba then segments
    only the clause around each candidate, and the mention counts when the name is a
    whole token there (东阳 in 东阳市 yes, 江山 in 打下江山 no: it is not in the gazetteer's safe forms).
    """
    gaz = gazetteer()
    text = outline.text
    plan_key = title_key(outline.title) or outline.source
    task_at = _task_locator(outline, items, plan_key)
    regions = [(outline.title_span.start, outline.title_span.end)] if outline.title_span else []
    regions += [(ln.start, ln.end) for ln in outline.lines[outline.body_start:] if ln.index not in outline.excluded]
    seen: set[tuple[str, str | None]] = set()
    tokens_of: dict[tuple[int, int], set[tuple[int, int]]] = {}
    names = _names_re()
    for a, b in regions:
        for m in names.finditer(text, a, b):
            c_start = max((k.end() for k in _CLAUSE_MARK.finditer(text, max(a, m.start() - 40), m.start())), default=max(a, m.start() - 40))
            close = _CLAUSE_MARK.search(text, m.end(), min(b, m.end() + 40))
            c_end = close.start() if close else min(b, m.end() + 40)
            key = (c_start, c_end)
            if key not in tokens_of:
                tokens_of[key] = {(c_start + s, c_start + e) for _w, s, e in tokenizer.tokenize(text[c_start:c_end], HMM=False)}
            if (m.start(), m.end()) not in tokens_of[key]:
                continue
            entry = gaz.find(m.group(0), near=outline.jurisdiction_chain or outline.jurisdiction)
            if entry is None or entry.level == "country":
                continue
            place = out.resolver.place(entry.name)
            task_id = task_at(m.start())
            if (place.id, task_id) in seen:
                continue
            seen.add((place.id, task_id))
            out.mentions.append(Mention(place.id, Span(outline.source, m.start(), m.end(), m.group(0)), task_id))
    if outline.jurisdiction:
        out.resolver.place(outline.jurisdiction)
