"""Build small ParsedDocuments by hand, so graph tests do not depend on the parser."""

from __future__ import annotations

from policykg.loaders.records import (
    COOPERATES_ON, LEADS, Assignment, Citation, Department, Goal, Leader, ParsedDocument, Span, Task,
)


def make_doc(source: str = "a.txt", title: str = "东阳市测试方案", tasks: int = 2,
             jurisdiction: str = "东阳市", sha: str = "1", doc_number: str | None = None,
             cites: tuple[tuple[str | None, str | None], ...] = (), extra_dept: bool = True) -> ParsedDocument:
    lines = [title]
    spans: dict[str, Span] = {}

    def add(key: str, line: str) -> Span:
        start = sum(len(x) + 1 for x in lines)
        lines.append(line)
        spans[key] = Span(source, start, start + len(line), line)
        return spans[key]

    fgw = Department(f"dept:{jurisdiction}:发展和改革局", "发展和改革局", jurisdiction, "government",
                     ("市发改局", "发改局"))
    cz = Department(f"dept:{jurisdiction}:财政局", "财政局", jurisdiction, "government", ("财政局",))
    leader = Leader(f"leader:{jurisdiction}:李明", "李明", jurisdiction)
    out_tasks, assigns, goals = [], [], []
    for i in range(1, tasks + 1):
        tspan = add(f"t{i}", f"{i}.第{i}项任务。牵头单位:市发改局;配合单位:财政局")
        tid = f"task:{source}:{i}"
        out_tasks.append(Task(tid, str(i), f"第{i}项任务", tspan.quote, "一、任务", tspan))
        assigns.append(Assignment(tid, LEADS, "Department", fgw.id, "牵头单位", "市发改局", tspan))
        if extra_dept:
            assigns.append(Assignment(tid, COOPERATES_ON, "Department", cz.id, "配合单位", "财政局", tspan))
        assigns.append(Assignment(tid, LEADS, "Leader", leader.id, "牵头领导", "李明", tspan))
    gspan = add("g", "到2020年增长8%")
    goals.append(Goal(f"goal:{source}:1", "增长8%", "增长", 8.0, "%", 2020, gspan))
    citations = []
    for ctitle, cno in cites:
        citations.append(Citation(ctitle, cno, add(f"c{ctitle}{cno}", f"《{ctitle}》{cno or ''}")))
    text = "\n".join(lines)
    return ParsedDocument(
        source=source, sha256=sha, text=text, title=title, doc_number=doc_number, jurisdiction=jurisdiction,
        title_span=Span(source, 0, len(title), title), tasks=tuple(out_tasks), assignments=tuple(assigns),
        goals=tuple(goals), citations=tuple(citations),
        departments=(fgw, cz) if extra_dept else (fgw,), leaders=(leader,),
    )
