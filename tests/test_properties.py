"""Property tests for each loader stage: arbitrary input never raises anything but PolicyKGError.

``tests/test_loaders_fuzz.py`` drives the whole pipeline with policy-shaped text;
here each stage is called on its own (read on raw bytes of every format, structure
and extract on arbitrary Unicode, rows on whatever extract returns), so an
exception is pinned to the stage that let it out.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.errors import PolicyKGError
from policykg.loaders.pipeline import one_line
from policykg.graph.rows import document_rows
from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.loaders.dictionaries import tokenizer
from policykg.loaders.extract import extract
from policykg.loaders.pipeline import parse_bytes
from policykg.loaders.read import read_bytes
from policykg.loaders.structure import parse_outline

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAGIC = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<html><body>", b"# ",
         b"\xd0\xcf\x11\xe0", b"{\\rtf1"]
SUFFIXES = [".txt", ".md", ".html", ".htm", ".docx", ".pdf", ""]
# Pieces that steer the outline and extraction into their less common branches.
SHAPES = ["一、", "（一）", "第一章", "第三条", "1.", "1、", "（1）", "①", "——", "??", "\n", "\r\n", "\r", "。", "；", "：",
          "（", "）", "(", ")", "《", "》", "〔", "〕", "[", "]", "<筹>", "牵头单位：", "牵头领导：", "配合单位:", "责任单位：",
          "市发改局", "县财政局、", "区", "各相关部门", "到2025年", "达到", "%", "亿元", "万", "号", "发〔2023〕12号",
          "人民政府", "关于", "的通知", "附件", " | ", "\t", "\u3000", "\u200b", "\x00", "\ufffd", "𠮷", "序号"]
shaped_text = st.lists(st.sampled_from(SHAPES) | st.text(max_size=4), max_size=120).map("".join)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600)


def _stage(fn, *args):
    """Call ``fn``; an expected error is fine, anything else fails the property with the stage named."""
    try:
        return fn(*args)
    except PolicyKGError as err:
        assert "\n" not in str(err), f"{fn.__name__}: multi-line message {err!r}"
        return None


@SETTINGS
@given(st.sampled_from(MAGIC), st.binary(max_size=2000), st.sampled_from(SUFFIXES))
def test_read_any_bytes_in_any_format(magic, data, suffix):
    page = _stage(read_bytes, magic + data, "f" + suffix, suffix)
    if page is not None:
        assert isinstance(page.text, str) and "\r" not in page.text


@SETTINGS
@given(st.one_of(any_text, shaped_text))
def test_structure_and_extract_any_text(text):
    outline = _stage(parse_outline, text, "s.txt", {})
    if outline is None:
        return
    facts = _stage(extract, outline, tokenizer())
    if facts is None:
        return
    for task in facts.tasks:
        assert text[task.span.start:task.span.end] == task.span.quote
    for a in facts.assignments:
        assert text[a.span.start:a.span.end] == a.span.quote


@SETTINGS
@given(shaped_text, st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"]), st.sampled_from([".txt", ".html", ".md"]))
def test_rows_from_any_parse_carry_every_schema_property(text, encoding, suffix):
    doc = _stage(parse_bytes, text.encode(encoding, errors="replace"), "r" + suffix, suffix)
    if doc is None:
        return
    rows = document_rows(doc)
    for label, items in rows.nodes.items():
        assert all(set(item) == set(NODES[label].all_properties) for item in items)
    for (rel, _a, _b), items in rows.edges.items():
        assert all(set(item) == {"a", "b", *RELATIONSHIPS[rel].properties} for item in items)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_failure_lines_are_one_line_and_name_the_file(message):
    from pathlib import Path

    line = one_line(Path("in/a b.txt"), message)
    assert "\n" not in line and "\r" not in line and line.startswith("in/a b.txt")
