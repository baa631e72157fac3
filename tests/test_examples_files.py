"""Self-consistency of examples/ and examples/expected/.

These tests check the example files and their expected facts against each other, not the
extractor: every expected fact must be readable in its source (so the expected JSON cannot
drift from the example), the encodings and containers are what the file names promise, and
the generator scripts reproduce the committed files.
"""

from __future__ import annotations

import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXPECTED = EXAMPLES / "expected"
SOURCES = [
    "longquan_reform_plan.txt",
    "jinghu_action_plan.txt",
    "wujiang_division_table.docx",
    "lishui_notice.html",
    "wuhu_gbk_plan.txt",
    "longquan_celadon_opinions.md",
]
PREFIXES = ("龙泉市", "镜湖区", "吴江区", "丽水市", "市", "区")
KEEP = ("市场", "市委", "市府", "市政府", "区委", "区政府")


def _load_module(name: str):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Text(HTMLParser):
    """Visible text of an HTML page: drops <script>/<style>, keeps everything else."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("p", "h1", "h2", "h3", "li", "tr", "div"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def read_text(name: str) -> str:
    path = EXAMPLES / name
    if name.endswith(".docx"):
        import docx

        d = docx.Document(str(path))
        lines = [p.text for p in d.paragraphs]
        for table in d.tables:
            for row in table.rows:
                lines.append("\t".join(c.text for c in row.cells))
        return "\n".join(lines)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gbk")
    if name.endswith(".html"):
        parser = _Text()
        parser.feed(text)
        text = "".join(parser.parts)
    return text.replace("\r\n", "\n")


def expected(name: str) -> dict:
    data = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    assert data["format"] == "policykg-gold/1"
    assert len(data["documents"]) == 1
    return data["documents"][0]


def test_every_example_has_expected_facts():
    docs = {p.name for p in EXAMPLES.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".docx", ".md")}
    docs.discard("README.md")
    assert docs == set(SOURCES)
    assert {p.name for p in EXPECTED.glob("*.json")} == {f"{n}.json" for n in SOURCES}


@pytest.mark.parametrize("name", SOURCES)
def test_expected_facts_are_in_the_source(name):
    doc = expected(name)
    text = read_text(name)
    flat = text.replace("[", "〔").replace("]", "〕")
    assert doc["doc"] == name
    assert doc["title"] in text
    for issuer in doc["issuers"]:
        assert issuer in text
    if doc["doc_number"]:
        assert "〔" in doc["doc_number"] and doc["doc_number"] in flat
    y, m, d = (int(x) for x in doc["date"].split("-"))
    assert f"{y}年{m}月{d}日" in text
    assert doc["jurisdiction"] in text
    for ref in doc["references"]:
        assert f"《{ref['title']}》" in text
        assert ref["title"] != doc["title"]
        if "doc_number" in ref:
            assert ref["doc_number"] in text
    for goal in doc["goals"]:
        assert goal["text"] in text
        assert f"{goal['value']:g}" in goal["text"] and goal["unit"] in goal["text"]
        if goal["year"] is not None:
            assert f"到{goal['year']}年" in text
    leaders = set()
    for task in doc["tasks_with_assignments"]:
        assert task["title"] in text, task["title"]
        assert task["lead_units"] or task["coop_units"]
        leaders.update(task["lead_leaders"])
        for unit in task["lead_units"] + task["coop_units"]:
            surface, core = unit["surface"], unit["core"]
            assert surface.endswith(core)
            if surface != core:
                assert surface[: -len(core)] in PREFIXES
            elif surface.startswith(("市", "区")):
                assert surface.startswith(KEEP)
            # distributive phrasing (区发展改革、经济和信息化部门) is expanded in the gold
            assert surface in text or surface.removesuffix("部门") in text, surface
            if "alias" in unit:
                assert f"{surface}<{unit['alias']}>" in text
        if "deadline" in task:
            assert task["deadline"] in text
    assert doc["leaders"] == sorted(leaders)
    for leader in leaders:
        assert leader in text


def test_task_keys_and_titles_are_unique():
    for name in SOURCES:
        tasks = expected(name)["tasks_with_assignments"]
        keys = [t["key"] for t in tasks]
        assert len(keys) == len(set(keys)), name
        heads = [re.sub(r"[\s\"“”‘’'「」]", "", t["title"])[:6] for t in tasks]
        assert len(heads) == len(set(heads)), name


def test_feedback_suggestions_are_not_assignments():
    tasks = {t["key"]: t for t in expected("jinghu_action_plan.txt")["tasks_with_assignments"]}
    assert "区科技局" not in [u["surface"] for u in tasks["3"]["coop_units"]]
    assert "区财政局" in [u["surface"] for u in tasks["2"]["coop_units"]]
    assert [u["surface"] for u in tasks["4"]["lead_units"]] == ["区数据资源局"]
    assert "征求意见反馈情况表" in read_text("jinghu_action_plan.txt")
    lishui = {t["key"]: t for t in expected("lishui_notice.html")["tasks_with_assignments"]}
    assert "市司法局" not in [u["surface"] for u in lishui["6"]["coop_units"]]


def test_gbk_file_is_gbk_with_crlf_and_reproducible():
    raw = (EXAMPLES / "wuhu_gbk_plan.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gbk")
    assert text.count("\r\n") == text.count("\n") > 10
    assert "由区发展改革、经济和信息化部门牵头，会同商务、农业农村等相关部门负责" in text
    module = _load_module("make_gbk")
    assert module.TEXT.replace("\n", "\r\n").encode("gbk") == raw


def test_docx_has_division_table_and_is_reproducible():
    import docx

    d = docx.Document(str(EXAMPLES / "wujiang_division_table.docx"))
    assert len(d.tables) == 1
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert rows[0] == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    module = _load_module("make_docx")
    assert rows[1:] == module.ROWS
    assert [p.text for p in d.paragraphs] == [p.text for p in module.build().paragraphs]


def test_utf8_examples_are_utf8():
    for name in SOURCES:
        if name.endswith((".txt", ".html", ".md")) and name != "wuhu_gbk_plan.txt":
            raw = (EXAMPLES / name).read_bytes()
            raw.decode("utf-8")
            assert b"\r\n" not in raw
            assert 1000 <= len(raw) <= 8000, name
