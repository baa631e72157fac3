"""A small graph for the export/import/copy tests, with text that tries to break every format.

``NASTY`` holds quotes, a backslash, CR/LF newlines, a tab, Cypher keywords and a
statement terminator, a comment marker, markup and characters outside the BMP.
It appears in a plan title (so in ids too), a task's text and title, a
department's name and aliases, a leader, a place, a goal and a citation.
"""

from __future__ import annotations

from policykg.graph.writer import write_document
from policykg.loaders.records import (
    COOPERATES_ON, LEADS, Assignment, Citation, Department, Goal, Issuer, Leader, Mention, ParsedDocument, Place,
    Span, Task, plan_id,
)
from tests.records_factory import make_doc

NASTY = "引号'单\"双 反斜杠\\n 换行\r\n第二行 MATCH (n) DETACH DELETE n; RETURN `end` // 注释 </script> 😀\t制表"


def nasty_doc(source: str = "nasty'\"\\.txt") -> ParsedDocument:
    title = f"东阳市{NASTY}方案"
    text = title + "\n" + NASTY * 3
    span = Span(source, 0, len(title), title)
    j = "东阳市"
    dept = Department(f"dept:{j}:{NASTY}局", f"{NASTY}局", j, "government", (f"市{NASTY}局", "CREATE", "局;分号"))
    other = Department(f"dept:{j}:财政局", "财政局", j, "government", ("财政局",),
                       parent_id=f"dept:{j}:{NASTY}局", place_id=f"place:{NASTY}镇")
    leader = Leader(f"leader:{j}:{NASTY}", NASTY, j)
    town = Place(f"place:{NASTY}镇", f"{NASTY}镇", "town", parent_id="place:东阳市")
    city = Place("place:东阳市", "东阳市", "county")
    tasks = (
        Task(f"task:{source}:1", "1", f"{NASTY}任务", NASTY, f"一、{NASTY}", span, deadline="2021年底前",
             collective=("各镇乡街道", NASTY)),
        Task(f"task:{source}:1.1", "(1)", "子任务", "子任务正文", "一、", span, parent_id=f"task:{source}:1"),
    )
    assigns = (
        Assignment(tasks[0].id, LEADS, "Department", dept.id, "牵头单位", dept.name, span),
        Assignment(tasks[0].id, COOPERATES_ON, "Department", other.id, "配合单位", "财政局", span),
        Assignment(tasks[1].id, LEADS, "Leader", leader.id, f"牵头领导{NASTY}", NASTY, span),
    )
    goals = (
        Goal(f"goal:{source}:1", f"{NASTY}增长8.5%", "增长", 8.5, "%", 2020, span, task_id=tasks[0].id),
        Goal(f"goal:{source}:2", "总量1.5e20", "总量", 1.5e20, "元", None, span),
        Goal(f"goal:{source}:3", "三分之一", "比例", 1 / 3, "", 2025, span),
    )
    return ParsedDocument(
        source=source, sha256="nasty", text=text, title=title, doc_number="东政发〔2020〕1号", date="2020-01-02",
        jurisdiction=j, title_span=span, issuers=(Issuer(dept.id, span),), tasks=tasks, assignments=assigns,
        goals=goals, citations=(Citation(f"《{NASTY}》", "浙政发〔2019〕9号", span),),
        mentions=(Mention(town.id, span, tasks[0].id), Mention(city.id, span)),
        departments=(dept, other), leaders=(leader,), places=(town, city),
    )


def load_sample(store) -> None:
    """The nasty document, two ordinary ones citing each other, written with the real writer."""
    write_document(store, nasty_doc())
    write_document(store, make_doc("a.txt", title="东阳市甲方案", cites=(("东阳市乙方案", None),)))
    write_document(store, make_doc("b.txt", title="东阳市乙方案", doc_number="东政办发〔2021〕4号", sha="2", tasks=3))


NASTY_PLAN_ID = plan_id(f"东阳市{NASTY}方案", "东政发〔2020〕1号")
