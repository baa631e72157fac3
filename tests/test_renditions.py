"""Every document with gold, re-shaped the ways archives hand documents out, keeps its facts.

For the seeds (../shared/seeds), the development corpus (../shared/corpus) and our examples, the
clean text of each document is turned into each shape of :mod:`tests.renditions` (flattened to one
line, hard-wrapped with page furniture, a SQL ``INSERT`` row with an HTML body, a scraped page,
GBK bytes, a Word file with real tables, a Markdown scrape with pipe tables, a portal page whose
tables print a repeated 牵头单位 once with ``rowspan``) and parsed again; the facts must score within 0.02 F1 of the clean text's facts in
every category (lead, coop, leaders, references, goals, metadata). Tables flattened to single
spaces or glued cells are in :func:`test_table_renditions`. Pure loaders, no database: the whole
file runs in seconds. Sets that are not beside the repository are skipped.
"""

from __future__ import annotations

import functools

import pytest

from tests import renditions as R

TOLERANCE = 0.02
CASES = [(set_name, name) for set_name in R.GOLD_SETS for name, _p, _g in R.gold_documents(set_name)]

# Renditions that still lose facts, by (set, document, shape) → what fails and why; each becomes a
# strict xfail, so a gap that closes must be removed here. None today: the page labels glued to a
# title (乡镇考核依据石城县2018年度…), titles cut by a 28-character wrap, …的通知组 长： and glued
# table cells are read by genre rules (layout.join_title, layout._split_spaces, structure._glued_label,
# tables' unit-list cells).
KNOWN_GAPS: dict[tuple[str, str, str], str] = {}


@functools.cache
def _document(set_name: str, name: str):
    path, gold = next((p, g) for n, p, g in R.gold_documents(set_name) if n == name)
    text, title, date = R.clean_text(path)
    return text, title, date, gold, R.scores(text.encode("utf-8"), ".txt", name, gold)


def _check(set_name: str, name: str, shape: str) -> None:
    text, title, date, gold, clean = _document(set_name, name)
    assert any(clean.values()), f"{name}: the clean text itself scores 0 everywhere; nothing to compare"
    data, suffix = R.render(shape, text, title, date)
    got = R.scores(data, suffix, name, gold)
    lost = {c: (round(clean[c], 3), round(got[c], 3)) for c in clean if got[c] < clean[c] - TOLERANCE}
    assert not lost, f"{name} as {shape}: F1 clean → rendition {lost}"


def _params(shapes):
    out = []
    for set_name, name in CASES:
        for shape in shapes:
            gap = KNOWN_GAPS.get((set_name, name, shape))
            marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
            out.append(pytest.param(set_name, name, shape, marks=marks, id=f"{set_name}-{name[:24]}-{shape}"))
    return out


@pytest.mark.skipif(not CASES, reason="no documents with gold (../shared absent, examples/expected empty)")
@pytest.mark.parametrize(("set_name", "name", "shape"), _params(R.SHAPES))
def test_rendition_keeps_the_facts(set_name, name, shape):
    _check(set_name, name, shape)


@pytest.mark.skipif(not CASES, reason="no documents with gold (../shared absent, examples/expected empty)")
@pytest.mark.parametrize(("set_name", "name", "shape"), _params(R.TABLE_SHAPES))
def test_table_renditions(set_name, name, shape):
    """A 分工 table whose cells lost their borders (one space, or nothing, between cells): reading
    the rows from the header's column order is tables.py's work (helper E2, issue #11)."""
    text = _document(set_name, name)[0]
    if not R.has_table(text):
        pytest.skip("no table in this document")
    _check(set_name, name, shape)


def test_generators_make_the_shapes_they_promise():
    text = "某市关于X的方案\n一、总体要求\n1.建立制度。（牵头单位：市发改局）\n序号 | 任务 | 牵头单位\n1 | 推进改革 | 市财政局"
    flat = R.render("flat-space", text)[0].decode()
    assert "\n" not in flat and flat.startswith("某市关于X的方案 一、总体要求 1.")
    assert R.render("flat-none", text)[0].decode().startswith("某市关于X的方案一、总体要求1.")
    wrapped = R.render("wrap28", "\n".join([text] * 20))[0].decode().split("\n")
    long = R.render("wrap28", "甲" * 100)[0].decode().split("\n")
    assert long[:4] == ["甲" * 28] * 3 + ["甲" * 16]
    assert "— 1 —" in wrapped and max(len(ln) for ln in wrapped) <= 28
    assert "第1页 共" in R.render("wrap40-of", "\n".join([text] * 20))[0].decode()
    sql, suffix = R.render("sql-spans-twice", text, "某市关于X的方案")
    assert suffix == ".sql" and sql.decode().count("市财政局</p>") == 2 and "<span" in sql.decode() and "\\\"" in sql.decode()
    scraped = R.render("scraped", text, "某市关于X的方案", "2020-01-02")[0].decode().split("\n")
    assert scraped[:2] == ["标题: 某市关于X的方案", "发布时间: 2020-01-02 09:30"]
    assert R.render("gbk", text)[0].decode("gbk") == text
    assert "序号 任务 牵头单位" in R.render("table-space", text)[0].decode()
    assert "1推进改革市财政局" in R.render("table-glued", text)[0].decode()


def test_new_shapes_print_tables_as_their_formats_do():
    import io

    import docx

    text = ("某市关于X的方案\n一、总体要求\n序号 | 任务 | 牵头单位\n1 | 推进改革 | 市财政局\n"
            "2 | 推进开放 | 市财政局\n3 | 推进创新 | 市科技局\n合计 | 3")
    md, suffix = R.render("markdown", text, "某市关于X的方案", "2020-01-02")
    md = md.decode().split("\n")
    assert suffix == ".md" and md[0] == "# 某市关于X的方案" and "**发布日期**: 2020-01-02" in md
    at = md.index("| 序号 | 任务 | 牵头单位 |")
    assert md[at + 1] == "|---|---|---|" and md[at + 2] == "| 1 | 推进改革 | 市财政局 |" and "" in md[:at]
    page, suffix = R.render("portal", text, "某市关于X的方案", "2020-01-02")
    page = page.decode()
    assert suffix == ".html" and "<title>某市关于X的方案_某某市人民政府</title>" in page and "<script>" in page
    assert page.count("市财政局") == 1 and 'rowspan="2"' in page and 'colspan="2"' in page
    assert '<div class="article-content">' in page and '<div class="nav">' in page
    for shape, merged in (("docx", False), ("docx-merged", True)):
        data, suffix = R.render(shape, text)
        table = docx.Document(io.BytesIO(data)).tables[0]
        assert suffix == ".docx" and len(table.rows) == 5 and len(table.columns) == 3
        assert (table.cell(1, 2)._tc is table.cell(2, 2)._tc) == merged and table.cell(2, 2).text == "市财政局"
        assert table.cell(4, 1)._tc is table.cell(4, 2)._tc  # a short row's last cell spans the rest
    listed = "一、任务\n序号 | 任务 | 配合单位\n1 | 推进改革。完善制度。 | 市财政局、市科技局"
    cell = docx.Document(io.BytesIO(R.render("docx-cell-lines", listed)[0])).tables[0].cell(1, 2)
    assert [p.text for p in cell.paragraphs] == ["市财政局", "市科技局"]
    page = R.render("portal-br", listed)[0].decode()
    assert "<thead><tr><th" in page and "<p>推进改革。</p><p>完善制度。</p>" in page and "&nbsp;" in page
