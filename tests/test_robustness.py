"""Awkward inputs through the real loader into a real store: each loads with known counts or fails alone.

Every case is generated here (see tests/awkward.py). A failure must be exactly one
line that starts with the file's path and says what is wrong; the rest of the
batch still loads. Cases marked xfail are loader bugs reported in the
project brief's LOADER_BUGS.md (strict: they start failing the suite once fixed, so
the marker gets removed).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.ingest import find_files, load_paths
from policykg.queries.stats import counts
from tests.awkward import (
    TITLE, corrupt_docx, docx_bytes, docx_without_document_xml, html_page, pdf_without_text, plan, task_line,
)

PLAN = plan()  # 3 tasks, each: 1 lead + 2 cooperating units
TRAD = "\n".join([  # a Big5 page is written in traditional characters throughout
    "臺北市政府關於推進數位經濟發展的實施意見", "各區公所、市政府各局處：", "一、發展目標", "到2025年，數位經濟產值達到300億元。",
    "二、重點任務", *(f"{n}.推進第{n}項重點工作。加強統籌協調。（牽頭單位：市經濟發展局；配合單位：市財政局）" for n in (1, 2, 3)),
    "臺北市政府", "2023年5月6日"])
LONG_TASK = "2.推进重点工作。" + "加强统筹协调，完善工作机制" * 61_539 + "。（牵头单位：市发改局）"

# name -> (bytes, expected): ("ok", tasks, assignments) | ("ok", tasks, None) when assignments vary | ("fail", phrase)
CASES = {
    "empty.txt": (b"", ("fail", "the file is empty")),
    "only-whitespace.txt": (" \r\n\t\u3000\n".encode(), ("fail", ": ")),  # "empty" or "no text left"
    "binary-noise.txt": (random.Random(7).randbytes(20_000), ("fail", "binary content")),
    "png-named.txt": (b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(500), ("fail", "an image")),
    "legacy.doc.txt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), ("fail", "legacy Word")),
    "gbk.txt": (PLAN.encode("gbk"), ("ok", 3, 9)),
    "gb18030-beyond-gbk.txt": ((PLAN + "\n附：㈠𠮷").encode("gb18030"), ("ok", 3, 9)),
    "big5.txt": (TRAD.encode("big5"), ("ok", 3, None)),
    "utf8-bom.txt": (b"\xef\xbb\xbf" + PLAN.encode(), ("ok", 3, 9)),
    "utf16-bom.txt": (PLAN.encode("utf-16"), ("ok", 3, 9)),
    "crlf.txt": (PLAN.replace("\n", "\r\n").encode(), ("ok", 3, 9)),
    "cr-only.txt": (PLAN.replace("\n", "\r").encode(), ("ok", 3, 9)),
    "nul-bytes.txt": (PLAN.replace("加强统筹", "加强\x00统筹").encode(), ("ok", 3, 9)),
    "one-800k-char-line.txt": (plan(lines=[task_line(1), LONG_TASK, task_line(3)]).encode(), ("ok", 3, 7)),
    "no-newlines-at-all.txt": ("".join(plan(tasks=3).split("\n")).encode(), ("ok", None, None)),
    "numbering-gaps.txt": (plan(numbers=[1, 2, 5, 9]).encode(), ("ok", 4, 12)),
    "five-thousand-tasks.txt": (plan(5000).encode(), ("ok", 5000, 15000)),
    "unbalanced-brackets.txt": (plan(lines=[task_line(1).rstrip("）"), task_line(2), "3.加强监管。（牵头单位：市市场监管局）））"]).encode(),
                                ("ok", 3, 7)),
    "nested-brackets.txt": (plan(lines=[task_line(1, lead="市发改局（市物价局）"), task_line(2), task_line(3)]).encode(),
                            ("ok", 3, 9)),
    "page.html": (html_page(PLAN).encode(), ("ok", 3, 9)),
    "html-saved-as.txt": (html_page(PLAN).encode(), ("ok", 3, 9)),
    "html-gbk.html": (html_page(PLAN).replace("utf-8", "gbk").encode("gbk"), ("ok", 3, 9)),
    "scanned.pdf": (pdf_without_text(), ("fail", "no text layer")),
    "truncated.docx": (corrupt_docx(), ("fail", "not a readable .docx")),
    "zip-without-document.docx": (docx_without_document_xml(), ("fail", "not a readable .docx")),
    "text-named.docx": (PLAN.encode(), ("fail", "not a readable .docx")),
    "good.docx": (docx_bytes(PLAN.split("\n")), ("ok", 3, 9)),
    "page-noise-only.txt": ("您现在的位置：首页 > 信息公开\n【打印本页】【关闭窗口】\n".encode(), ("fail", "no text left")),
    "title-only.txt": (TITLE.encode(), ("ok", 0, 0)),
    "markdown.md": (("---\n发布机构: 东阳市人民政府\n---\n\n# " + PLAN.replace("\n一、", "\n## 一、").replace(
        "\n二、", "\n## 二、")).encode(), ("ok", 3, 9)),
    # reported in the brief's LOADER_BUGS.md, fixed by the loaders
    "truncated-utf8.txt": ((PLAN + "\n附件").encode()[:-1], ("ok", 3, 9)),
    "utf8-with-gbk-tail.txt": (PLAN.encode() + "\n附件：任务分工表".encode("gbk"), ("ok", 3, 9)),
    # a typo repeats a number on a different item: two items (the same line printed twice is a page fault)
    "numbering-repeats.txt": (plan(lines=[task_line(1), task_line(2), task_line(2, lead="市经信局"), task_line(3)]
                                   ).encode(), ("ok", 4, 12)),
    "zero-width-spaces.txt": (PLAN.replace("牵头单位", "牵\u200b头单位").encode(), ("ok", 3, 9)),
    "three-thousand-nested-brackets.txt": (plan(lines=[
        "1.推进。（牵头单位：" + "（" * 3000 + "市发改局" + "）" * 3000 + "）", task_line(2), task_line(3)]).encode(), ("ok", 3, None)),
}


def _assignments(c: dict) -> int:
    return c["relationships"]["LEADS"] + c["relationships"]["COOPERATES_ON"]


def check(tmp_path, store, name: str, data: bytes, expected: tuple) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "control.txt").write_bytes(plan(title="东阳市控制文档方案").encode())  # the batch goes on
    summary = load_paths(store, [folder], workers=1)
    assert [r.source for r in summary.loaded if r.source == "control.txt"] == ["control.txt"]
    c = counts(store)
    if expected[0] == "fail":
        assert len(summary.failed) == 1, summary.failed
        path, reason = summary.failed[0]
        assert path == str(folder / name)
        assert reason.startswith(f"{folder / name}: ") and "\n" not in reason
        assert expected[1] in reason
        assert c["nodes"]["Plan"] == 1 and c["nodes"]["Task"] == 3
        return
    assert summary.failed == []
    _, tasks, assignments = expected
    if tasks is not None:
        assert c["nodes"]["Task"] == 3 + tasks
    if assignments is not None:
        assert _assignments(c) == 9 + assignments


@pytest.mark.parametrize("name", CASES)
def test_awkward_input(tmp_path, store, name):
    check(tmp_path, store, name, *CASES[name])


def test_brackets_never_become_department_names(tmp_path, store):
    lines = ["1.推进。（牵头单位：" + "（" * 3000 + "市发改局" + "）" * 3000 + "）",
             task_line(2, lead="市发改局（（", coop="））财政局"), task_line(3)]
    (tmp_path / "b.txt").write_text(plan(lines=lines), encoding="utf-8")
    assert load_paths(store, [tmp_path / "b.txt"], workers=1).failed == []
    names = [r["name"] for r in store.run("MATCH (d:Department) RETURN d.name AS name")]
    assert names and all(len(n) <= 40 and n.count("（") == n.count("）") for n in names), names


def test_bom_and_crlf_leave_no_trace_in_text(tmp_path, store):
    from policykg.loaders.pipeline import parse_bytes

    doc = parse_bytes(b"\xef\xbb\xbf" + PLAN.replace("\n", "\r\n").encode(), "x.txt", ".txt")
    assert doc.title == TITLE and "\r" not in doc.text and "\ufeff" not in doc.text
    for span in [t.span for t in doc.tasks] + [a.span for a in doc.assignments]:
        assert doc.text[span.start:span.end] == span.quote


def test_html_scripts_are_not_text(tmp_path, store):
    (tmp_path / "page.html").write_bytes(html_page(PLAN).encode())
    load_paths(store, [tmp_path / "page.html"], workers=1)
    rows = store.run("MATCH (d:Department) RETURN d.name AS name ORDER BY name")
    assert "公安局" not in {r["name"] for r in rows} and "审计局" not in {r["name"] for r in rows}
    assert store.run("MATCH (t:Task) WHERE t.text CONTAINS '假任务' RETURN count(t) AS n")[0]["n"] == 0


def test_fifty_megabyte_file_fails_fast_with_the_limit_named(tmp_path, store):
    big = tmp_path / "dump.txt"
    with big.open("wb") as fh:  # 50 MB of plan text: a dump, not one document
        chunk = (PLAN + "\n").encode() * 2000
        while fh.tell() < 50_000_000:
            fh.write(chunk)
    summary = load_paths(store, [big], workers=1)
    assert summary.failed == [(str(big), f"{big}: {big.stat().st_size / 1e6:.0f} MB is over the 32 MB limit for "
                                          "one document; split the file, or raise the limit with --max-file-mb")]


def test_big_page_of_inline_images_loads_under_a_raised_limit(tmp_path, store):
    image = "<img src='data:image/png;base64," + "QUJD" * 3_000_000 + "'>"
    page = tmp_path / "images.html"
    page.write_bytes(html_page(PLAN).replace("</body>", image + "</body>").encode())
    summary = load_paths(store, [page], workers=1, max_file_mb=64)
    assert summary.failed == [] and counts(store)["nodes"]["Task"] == 3


def test_names_with_quotes_backslashes_newlines_and_cypher_are_stored_verbatim(tmp_path, store):
    hostile = ['市"发改"局', "市'财政'局", "商\\务局", "MATCH (n) DETACH DELETE n", "'}) RETURN 1 //", "`Plan`局"]
    lines = [task_line(1, lead=hostile[0], coop="、".join(hostile[1:3])),
             task_line(2, lead="市发改局", coop="、".join(hostile[3:])),
             "3.推进工作。（牵头单位：市发\n改局；配合单位：市财政局）"]
    (tmp_path / "hostile.txt").write_text(plan(lines=lines), encoding="utf-8")
    summary = load_paths(store, [tmp_path / "hostile.txt"], workers=1)
    assert summary.failed == []
    names = {r["name"] for r in store.run("MATCH (d:Department) RETURN d.name AS name")}
    assert {'"发改"局', "'财政'局", "商\\务局"} <= names
    numbers = {r["n"] for r in store.run("MATCH (:Plan)-[:HAS_TASK]->(t:Task) RETURN t.number AS n")}
    assert counts(store)["nodes"]["Plan"] == 1 and {"1", "2", "3"} <= numbers  # nothing was deleted by a name
    quotes = {r["q"] for r in store.run("MATCH (:Department)-[e:LEADS]->(:Task) RETURN e.quote AS q")}
    assert '市"发改"局' in quotes


def test_symlink_loop_in_a_folder_is_walked_once(tmp_path, store):
    root = tmp_path / "archive"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(PLAN, encoding="utf-8")
    os.symlink(root, root / "sub" / "loop")  # archive/sub/loop -> archive
    os.symlink(root / "sub", root / "sub" / "self")
    files = find_files([root])
    assert [f.name for f in files] == ["a.txt"]
    assert len(load_paths(store, [root], workers=1).loaded) == 1


def test_dangling_symlink_fails_alone(tmp_path, store):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    summary = load_paths(store, [tmp_path], workers=1)
    assert len(summary.loaded) == 1
    assert summary.failed == [(str(tmp_path / "gone.txt"), f"{tmp_path / 'gone.txt'}: no such file")]


def test_same_bytes_under_two_names_load_once_with_one_line_naming_both(tmp_path, store):
    tmp_path = tmp_path / "in"  # beside the store's own files
    tmp_path.mkdir()
    for name in ("a.txt", "copy-of-a.txt"):
        (tmp_path / name).write_text(PLAN, encoding="utf-8")
    summary = load_paths(store, [tmp_path], workers=1)
    assert summary.failed == [] and [r.source for r in summary.loaded] == ["a.txt"]
    assert summary.duplicates == [(str(tmp_path / "copy-of-a.txt"), "a.txt")]
    assert summary.notes == [f"skipped {tmp_path / 'copy-of-a.txt'}: its bytes are the same as a.txt's, read "
                             "earlier in this load"]
    c = counts(store)  # counts are not doubled by a copy
    assert c["nodes"]["Plan"] == 1 and c["nodes"]["Task"] == 3 and c["relationships"]["HAS_TASK"] == 3
    (tmp_path / "later").mkdir()  # in a later run too
    (tmp_path / "later" / "third-copy.txt").write_text(PLAN, encoding="utf-8")
    again = load_paths(store, [tmp_path / "later"], workers=1)
    assert again.loaded == [] and again.duplicates == [(str(tmp_path / "later" / "third-copy.txt"), "a.txt")]
    assert again.notes == [f"skipped {tmp_path / 'later' / 'third-copy.txt'}: its bytes are already stored as a.txt"]
    assert counts(store) == c


def test_cli_reports_each_failure_on_one_line_and_exits_with_their_number(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(PLAN, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(pdf_without_text())
    result = CliRunner().invoke(app, ["load", str(folder), "--db", str(tmp_path / "g.lbdb"), "--workers", "1"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert lines == [f"failed: {folder / 'empty.txt'}: the file is empty",
                     f"failed: {folder / 'scan.pdf'}: PDF has no text layer; OCR is not supported, convert it to "
                     "text first"]
    assert "loaded 1, unchanged 0, failed 2" in result.stdout
    assert "Traceback" not in result.output


def test_cli_missing_path_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["load", str(tmp_path / "nope"), "--db", str(tmp_path / "g.lbdb")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope'}: no such file or folder\n"


def test_grouped_writes_equal_one_transaction_per_document(tmp_path, monkeypatch):
    import policykg.graph.ingest as ingest
    from benchmarks.generate import write_corpus
    from policykg.graph.store import open_store

    write_corpus(tmp_path / "c", 12, seed=5)

    def state(db, group):
        monkeypatch.setattr(ingest, "GROUP_DOCS", group)
        with open_store(db=db) as s:
            assert load_paths(s, [tmp_path / "c"], workers=1).failed == []
            return counts(s), sorted((r["id"], sorted(r["s"])) for r in s.run(
                "MATCH (d:Department) RETURN d.id AS id, d.sources AS s"))

    assert state(tmp_path / "one.lbdb", 1) == state(tmp_path / "grouped.lbdb", 16)


def test_a_document_failing_inside_a_group_fails_alone(tmp_path, store, monkeypatch):
    import policykg.graph.ingest as ingest
    from policykg.errors import StoreError

    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(plan(title=f"东阳市第{n}号方案"), encoding="utf-8")
    real, real_many = ingest.write_in, ingest.write_many

    def flaky(tx, doc, force=False):
        if doc.source == "2.txt":
            raise StoreError("the store refused it (simulated)")
        return real(tx, doc, force)

    def flaky_many(tx, docs, force=False):
        if any(doc.source == "2.txt" for doc in docs):
            raise StoreError("the store refused it (simulated)")
        return real_many(tx, docs, force)

    monkeypatch.setattr(ingest, "write_in", flaky)
    monkeypatch.setattr(ingest, "write_many", flaky_many)
    summary = load_paths(store, [tmp_path], workers=1)
    assert summary.failed == [(str(tmp_path / "2.txt"), f"{tmp_path / '2.txt'}: the store refused it (simulated)")]
    assert sorted(r.source for r in summary.loaded) == ["0.txt", "1.txt", "3.txt", "4.txt"]
    assert counts(store)["nodes"]["Plan"] == 4 and counts(store)["nodes"]["Task"] == 12


def test_same_named_files_in_sub_folders_are_kept_apart(tmp_path, store):
    for year in ("2021", "2022"):
        (tmp_path / "archive" / year).mkdir(parents=True)
        (tmp_path / "archive" / year / "通知.txt").write_text(plan(title=f"东阳市{year}年工作方案"), encoding="utf-8")
    (tmp_path / "archive" / "2022" / "空.txt").write_text("", encoding="utf-8")
    summary = load_paths(store, [tmp_path / "archive"], workers=1)
    assert sorted(r.source for r in summary.loaded) == ["2021/通知.txt", "2022/通知.txt"]
    assert summary.failed == [(str(tmp_path / "archive/2022/空.txt"), f"{tmp_path / 'archive/2022/空.txt'}: the file is empty")]
    assert counts(store)["nodes"]["Plan"] == 2
    assert sorted(r["s"] for r in store.run("MATCH (t:Task) RETURN DISTINCT t.source AS s")) == [
        "2021/通知.txt", "2022/通知.txt"]  # provenance names the file inside the folder too
    again = load_paths(store, [tmp_path / "archive"], workers=1)
    assert len(again.unchanged) == 2 and again.loaded == []
    from policykg.queries.entities import candidates

    assert [e.name for e in candidates(store, "Plan", "2021/通知.txt")] == ["东阳市2021年工作方案"]
    assert len(candidates(store, "Plan", "通知.txt")) == 2  # the file name alone: both, so the user is asked


def test_two_folders_holding_one_file_name_fail_the_second_not_replace_the_first(tmp_path, store):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(plan(title=f"东阳市{folder}方案"), encoding="utf-8")
    summary = load_paths(store, [tmp_path / "a", tmp_path / "b"], workers=1)
    assert [r.source for r in summary.loaded] == ["x.txt"]
    assert summary.failed == [(str(tmp_path / "b/x.txt"), f"{tmp_path / 'b/x.txt'}: stored under the same name (x.txt) "
                               f"as {tmp_path / 'a/x.txt'}, which this load already has; load it on its own or "
                               "from a parent folder")]
    assert store.run("MATCH (p:Plan) WHERE p.source IS NOT NULL RETURN p.title AS t") == [{"t": "东阳市a方案"}]


def test_one_file_named_twice_in_different_spellings_is_loaded_once(tmp_path, store, monkeypatch):
    # `policykg load /abs/archive/sub/a.txt archive`: one file, reached directly and through its folder.
    (tmp_path / "archive" / "sub").mkdir(parents=True)
    (tmp_path / "archive" / "sub" / "a.txt").write_text(PLAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    direct = tmp_path / "archive" / "sub" / "a.txt"
    assert find_files([direct, Path("archive")]) == [direct]
    assert find_files([direct, Path("archive/sub/a.txt")]) == [direct]
    summary = load_paths(store, [direct, Path("archive"), Path("archive/sub/a.txt")], workers=1)
    assert summary.failed == [] and [r.source for r in summary.loaded] == ["a.txt"]
    assert counts(store)["nodes"]["Plan"] == 1
