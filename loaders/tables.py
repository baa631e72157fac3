"""Task tables (任务分工表): rows whose header names the assignment columns.

A table reaches the text as lines of cells joined by :data:`~loaders.filetypes.CELL_SEP`
(from .docx, HTML, Markdown, tab- or space-aligned text). A header row such as
``序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限`` says which column is which; every
following row becomes one task with its assignments, read cell by cell with the same
rules as labelled lists (:func:`loaders.assign.cell_clauses`). Rows missing their
leading cells (a category merged across rows) are aligned from the right.

>>> from policykg.loaders.structure import split_lines
>>> text = "序号 | 工作任务 | 牵头单位\\n1 | 推进改革。 | 市发改局"
>>> [(r.number, [n.surface for c in r.clauses for n in c.names]) for r in table_rows(text, split_lines(text), set())]
[('1', ['市发改局'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders import assign, rules
from policykg.loaders.filetypes import CELL_SEP


@dataclass
class TableRow:
    table: int  # 1-based table number in the document
    row: int  # 1-based row number under its header
    number: str  # the row's printed number (or its position)
    start: int
    end: int
    task_start: int  # where the task cell starts (its first sentence is the title)
    clauses: list[assign.Clause] = field(default_factory=list)
    deadline: str | None = None


def table_rows(text: str, lines, excluded: set[int]) -> list[TableRow]:
    """Every assigned row of every task table in ``text`` (``lines`` as from structure.split_lines):
    tables whose cells travel joined by CELL_SEP, and tables printed as plain text
    (cells apart by spaces or glued together) under a heading row of known words."""
    rows: list[TableRow] = []
    # the rule may also be printed as a note around the table (注：排在第一位的为牵头单位)
    rule = any("牵头" in s and FIRST_LEADS.search(s) for s in (rules.simplified(line.text) for line in lines))
    header: dict[str, int] | None = None
    labels: dict[str, str] = {}
    width = row_no = table_no = 0
    for line in lines:
        if CELL_SEP not in line.text or line.index in excluded:
            header = None if CELL_SEP not in line.text else header
            continue
        cells = _cells(line.text, line.start)
        found = header_columns([text[a:b] for a, b in cells])
        if found:
            (header, labels), width, row_no = found, len(cells), 0
            table_no += 1
            continue
        if header is None or len(cells) < 2:
            continue
        row_no += 1
        rows.append(_row(text, cells, header, labels, width, table_no, row_no, line.start, line.end, rule))
    for plain in _plain_tables(text, lines, excluded):
        table_no += 1
        header, labels, blocks = plain
        for row_no, cells in enumerate(blocks, start=1):
            rows.append(_row(text, cells, header, labels, len(cells), table_no, row_no, cells[0][0], cells[-1][1], rule))
    return rows


def _row(text: str, cells: list[tuple[int, int]], header: dict[str, int], labels: dict[str, str], width: int,
         table_no: int, row_no: int, start: int, end: int, rule: bool) -> TableRow:
    """One row's task, assignments and deadline, read from its cells by the header's columns."""
    shift = width - len(cells)  # merged leading cells are missing from a row

    def cell(role: str) -> tuple[int, int] | None:
        k = header.get(role)
        if k is None or not 0 <= k - shift < len(cells):
            return None
        return cells[k - shift]

    task_cell = cell("task") or cells[min(1, len(cells) - 1)]
    number_cell = cell("number")
    number = text[number_cell[0]:number_cell[1]].strip() if number_cell else str(row_no)
    if not re.fullmatch(r"[\d一二三四五六七八九十()（）.、]{1,6}", number or ""):
        number = str(row_no)
    row = TableRow(table_no, row_no, number.strip("()（）.、"), start, end, task_cell[0])
    for role, default in (("leader", "牵头领导"), ("lead", "牵头单位"), ("coop", "配合单位")):
        c = cell(role)
        if c:
            clauses = assign.cell_clauses(text, c[0], c[1], labels.get(role, default))
            if role == "coop" and "lead" not in header:  # no lead column: the first unit, or a lone 责任单位, leads
                clauses = first_leads(clauses) if rule or "first_leads" in labels else assign.responsible_leads(clauses)
            row.clauses.extend(clauses)
    d = cell("deadline")
    if d:
        row.deadline = text[d[0]:d[1]].strip() or None
    return row


# ----------------------------------------------------------------------------- tables printed as plain text

_CJK = "\u4e00-\u9fa5"
_GAP = r"[ \t\u3000]*"
# what a cell of each role looks like when nothing but its content marks where it ends
_UNIT = rf"[{_CJK}（）()<>〈〉]{{1,30}}?(?:{assign.ORG_SUFFIX_ALT})"
_UNIT_ENDS = rf"(?!(?![市区县镇乡省州各])[{_CJK}]{{0,2}}(?:{assign.ORG_SUFFIX_ALT}))"
_CELL_SHAPE = {
    "number": r"\d{1,3}",
    # a name of two or three characters; printed with spaces inside (王  伟) it is still one name
    "person": rf"[{_CJK}][ \u3000]{{1,3}}[{_CJK}]|[{_CJK}]{{2,3}}",
    # a unit list; the first try wants it to open with its level (区交建局, 市财政局), which is
    # what tells a glued name from the unit after it (王伟区交建局 → 王伟 | 区交建局)
    # units of one cell are parted by 、/，; two units with nothing between are two cells
    # (区工信局区财政局、区数据局 → 区工信局 | 区财政局、区数据局)
    # a list ends where no unit goes on: not before 技局 (区科|技局) or 管委会 (开发区|管委会)
    "units": rf"(?=[市区县镇乡省州]){_UNIT}(?:[、，,；;]{_UNIT})*(?:等)?{_UNIT_ENDS}",
    "any_units": rf"{_UNIT}(?:[、，,；;]{_UNIT})*(?:等)?{_UNIT_ENDS}",
    # text cells take all they can (but not a list's separator): the cells after them have shapes of their own
    "text": r".+(?<![、，,；;])",
}
_ROW_LIMIT = 300  # characters: a plain-text table row is short; longer text is prose
_ROLE_SHAPE = {"number": "number", "leader": "person", "contact": "person", "lead": "units", "coop": "units"}


def _plain_tables(text: str, lines, excluded: set[int]):
    """(header columns, labels, rows as cell offsets) of every table printed without cell marks.

    A heading row made only of heading words (序号 项目名称 牵头领导 责任单位 …, spaced or glued)
    gives the column order and so the shape of every cell; each row starts with its number and
    may run onto the next lines (a long cell wrapped), which join it.
    """
    words = rules.header_words()
    k = 0
    while k < len(lines):
        line = lines[k]
        k += 1
        if line.index in excluded or CELL_SEP in line.text or not words.match(rules.simplified(line.text)):
            continue
        heads = _split_heading(rules.simplified(line.text))
        found = header_columns(heads)
        if not found or "number" not in found[0]:
            continue
        header, labels = found
        roles = {col: role for role, col in header.items()}
        # spaced cells first (a space ends every cell but a spaced name), then glued cells
        patterns = [_row_pattern(roles, len(heads), gap, shapes) for gap, shapes in (
            (r"\s+", {"text": r"\S+", "units": "any_units"}), (r"\s*", {}), (r"\s*", {"units": "any_units"}))]
        blocks: list[list[tuple[int, int]]] = []
        while k < len(lines) and lines[k].index not in excluded and CELL_SEP not in lines[k].text:
            start = k
            if not re.match(r"\s*\d{1,3}(?!\d)", lines[k].text):
                break
            k += 1
            while k < len(lines) and lines[k].text.strip() and not re.match(r"\s*\d{1,3}(?![\d.．、%])", lines[k].text) \
                    and k - start < 4 and not words.match(lines[k].text):
                k += 1  # a wrapped cell continues the row
            a, b = lines[start].start, lines[k - 1].end
            if b - a > _ROW_LIMIT:
                continue  # a paragraph that starts with a number, not a row (and too long to try shapes on)
            row_text = rules.simplified(text[a:b])
            m = next((m for m in (p.fullmatch(row_text) for p in patterns) if m), None)
            if m is None:
                continue
            blocks.append([(a + m.start(g), a + m.end(g)) for g in range(1, len(heads) + 1)])
        if blocks:
            yield header, labels, blocks


def _row_pattern(roles: dict[int, str], width: int, gap: str, shapes: dict[str, str]) -> re.Pattern[str]:
    def shape(col: int) -> str:
        kind = _ROLE_SHAPE.get(roles.get(col, ""), "text")
        chosen = shapes.get(kind, kind)
        return chosen if chosen not in _CELL_SHAPE else _CELL_SHAPE[chosen]
    cells = gap.join(f"({shape(col)})" for col in range(width - 1))
    return re.compile(rf"\s*{cells}{gap}(.*?)\s*", re.S)


def _split_heading(line: str) -> list[str]:
    """The heading words of a heading row, whether spaced or glued (序号项目名称牵头领导)."""
    word = rules.alternation(rules.phrases("header_word", "words"))
    return re.findall(word, line)


def _cells(line: str, offset: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in line.split(CELL_SEP):
        out.append((offset + pos, offset + pos + len(part)))
        pos += len(part) + len(CELL_SEP)
    return out


# column headings → roles, and the printed rule that the first unit leads
# (责任单位（排在第一位的为牵头单位）), both from data/role_phrases.tsv
FIRST_LEADS = rules.first_leads_rule()
_HEAD_NOTE = re.compile(r"[(（][^()（）]{0,30}[)）]")


def header_columns(cells: list[str]) -> tuple[dict[str, int], dict[str, str]] | None:
    """(role → column, role → printed label) when ``cells`` are a task table's header.

    A note in a header cell does not count against its length; a note saying the first
    unit leads (排在第一位的为牵头单位) is kept as the label ``first_leads``."""
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for k, raw in enumerate(cells):
        raw = rules.simplified(raw)
        cell = "".join(_HEAD_NOTE.sub("", raw).split())  # 牵 头 单 位 printed with spaces is one label
        if FIRST_LEADS.search(raw):
            labels["first_leads"] = raw.strip()
        if len(cell) > 12:
            return None  # a header cell is a short label, not a sentence
        for role, pattern in rules.header_roles():
            if pattern.search(cell):
                if role not in columns:
                    columns[role] = k
                    labels[role] = cell
                break  # a heading has one role; a second column of that role is not read
    if "responsible" in columns:
        # 责任单位 beside a 牵头 column cooperates; beside only a 配合 column it leads;
        # alone it is read cell by cell (one unit leads, several are one pool)
        k, label = columns.pop("responsible"), labels.pop("responsible")
        if "lead" in columns:
            columns.setdefault("coop", k)
            labels.setdefault("coop", label)
        elif "coop" in columns:
            columns["lead"], labels["lead"] = k, "牵头单位"
        else:
            columns["coop"], labels["coop"] = k, label
    if "lead" in columns or ("coop" in columns and "task" in columns):
        return columns, labels
    return None


def first_leads(clauses: list[assign.Clause]) -> list[assign.Clause]:
    """The first unit of a responsibility cell leads when the table says so."""
    for k, clause in enumerate(clauses):
        if clause.relation == assign.COOPERATES_ON and clause.agent == "Department" and clause.names:
            lead = assign.Clause("牵头", assign.LEADS, "Department", clause.start, clause.end, clause.names[:1])
            clause.names = clause.names[1:]
            return clauses[:k] + [lead] + ([clause] if clause.names or clause.collective else []) + clauses[k + 1:]
    return clauses
