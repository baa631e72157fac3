"""Typed records that flow from the loaders into the graph writer.

A loader turns one file into one :class:`ParsedDocument`. Everything in it is
plain data: ids are already computed, names already resolved, and every fact
drawn from text carries a :class:`Span` whose ``quote`` equals
``document.text[start:end]``. The graph layer turns these records into rows
(``graph.rows``) and never parses text.

Example::

    >>> span = Span("a.txt", 0, 4, "市发改局")
    >>> Assignment("task:a.txt:1", "LEADS", "Department", "dept:东阳市:发改局",
    ...            role="牵头单位", surface="市发改局", span=span).relation
    'LEADS'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields

LEADS = "LEADS"
COOPERATES_ON = "COOPERATES_ON"


def _record(cls):
    """A frozen, slotted record that pickles as its field values.

    Parsed documents travel from the parser workers to the loading process by pickle,
    some 270 records a document. The dataclass default rebuilds each record by looking
    its fields up again; calling the constructor with the values unpickles a whole
    document about 1.5x faster (``python -m benchmarks.bench_load``, stage ``transfer``),
    on the process that also writes.
    """
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self):
        return cls, tuple(getattr(self, name) for name in names)

    cls.__reduce__ = __reduce__
    return cls


@_record
@dataclass(frozen=True, slots=True)
class Span:
    """Where a fact was read: file name, character offsets into the text as read, and that slice."""

    source: str
    start: int
    end: int
    quote: str


@_record
@dataclass(frozen=True, slots=True)
class Department:
    """An agency, party organ, enterprise, zone or town government that takes assignments."""

    id: str
    name: str  # canonical name, without the jurisdiction prefix (发展和改革局)
    jurisdiction: str  # 东阳市, 铜官区, '' when unknown
    kind: str  # government / party / enterprise / zone / town / other
    aliases: tuple[str, ...] = ()  # every surface form seen (市发改局, 发改局, …)
    parent_id: str | None = None  # PART_OF another department (公安局横店派出所 ⊂ 公安局)
    place_id: str | None = None  # LOCATED_IN


@_record
@dataclass(frozen=True, slots=True)
class Leader:
    id: str
    name: str
    jurisdiction: str


@_record
@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    level: str  # province / city / county / district / town / zone
    parent_id: str | None = None  # PART_OF


@_record
@dataclass(frozen=True, slots=True)
class Task:
    id: str
    number: str  # as printed: "1", "(三)", "4.2" for the 2nd assigned paragraph of item 4
    title: str  # the item's heading sentence
    text: str
    section: str  # outline path, e.g. "二、深化要素市场化配置改革 > (一)…"
    span: Span  # the whole item as read
    deadline: str | None = None
    parent_id: str | None = None  # HAS_SUBTASK from this task's parent
    collective: tuple[str, ...] = ()  # 各相关部门, 各镇乡街道: kept as a property, never nodes


@_record
@dataclass(frozen=True, slots=True)
class Assignment:
    """A LEADS or COOPERATES_ON edge from a Department or Leader to a Task."""

    task_id: str
    relation: str  # LEADS | COOPERATES_ON
    agent_label: str  # Department | Leader
    agent_id: str
    role: str  # the label as printed: 牵头单位, 牵头领导, 配合部门, 责任单位 …
    surface: str  # the name as printed
    span: Span  # the name inside the text


@_record
@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    text: str
    metric: str
    value: float
    unit: str
    year: int | None
    span: Span
    task_id: str | None = None  # SETS_GOAL from this task, else from the plan


@_record
@dataclass(frozen=True, slots=True)
class Citation:
    """A REFERENCES edge to another document, cited by title (《…》) and/or 文号."""

    title: str | None
    doc_number: str | None
    span: Span


@_record
@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a task (Task)-[:MENTIONS]->(Place), or covered by the plan when task_id is None."""

    place_id: str
    span: Span
    task_id: str | None = None


@_record
@dataclass(frozen=True, slots=True)
class Issuer:
    """A plan's issuer: its Department, where it is printed, and its name in the plan's
    metadata (the printed name, or a central agency's full name: 税务总局办公厅 → 国家税务总局办公厅)."""

    department_id: str
    span: Span
    name: str = ""

    @property
    def label(self) -> str:
        """The metadata name; the printed one when none was given."""
        return self.name or "".join(self.span.quote.split())


@dataclass(frozen=True)
class ParsedDocument:
    """Everything one loaded file contributes to the graph."""

    source: str  # file name
    sha256: str  # of the file's bytes
    text: str  # the text as read; every Span indexes into it
    title: str
    doc_number: str | None = None  # 文号 with brackets normalised to 〔〕
    date: str | None = None  # ISO 成文日期
    jurisdiction: str = ""
    title_span: Span | None = None
    issuers: tuple[Issuer, ...] = ()
    tasks: tuple[Task, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    goals: tuple[Goal, ...] = ()
    citations: tuple[Citation, ...] = ()
    mentions: tuple[Mention, ...] = ()
    departments: tuple[Department, ...] = ()
    leaders: tuple[Leader, ...] = ()
    places: tuple[Place, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)
    origin: str | None = field(default=None, compare=False)  # which file (graph/ingest.py origin_of), set by a load

    @property
    def plan_id(self) -> str:
        if not title_key(self.title) and not self.doc_number:
            return "plan:sha:" + self.sha256[:16]  # a page that prints neither a title nor a 文号
        return plan_id(self.title, self.doc_number)

    def spans(self) -> Iterator[Span]:
        """Every provenance span in the document (for checks that quotes match the text)."""
        for group in (self.tasks, self.assignments, self.goals, self.citations, self.mentions, self.issuers):
            yield from (item.span for item in group)
        if self.title_span is not None:
            yield self.title_span


_TITLE_NOISE = re.compile(r"[\s《》〈〉“”\"'‘’「」()（）\[\]【】]")


def title_key(title: str) -> str:
    """Normalise a document title for matching a citation to a loaded plan."""
    return _TITLE_NOISE.sub("", title or "")


def plan_id(title: str | None, doc_number: str | None = None) -> str:
    """Stable Plan id: by normalised title when there is one, else by 文号.

    A cited document and the same document loaded later get the same id when
    their titles agree; the writer also merges them when only the 文号 agrees.

    >>> plan_id("《东阳市 县域经济方案》") == plan_id("东阳市县域经济方案")
    True
    """
    key = title_key(title or "")
    if key:
        return "plan:" + key
    if doc_number:
        return "plan:no:" + doc_number
    raise ValueError("a plan needs a title or a 文号")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
