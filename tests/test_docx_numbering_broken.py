""".docx files whose list numbering is broken: the text is read, the broken numbers are left out.

Each case builds a numbered document with python-docx, then edits one part of its zip
(numbering.xml, styles.xml, the content types, the relationships) the way a damaged or
hand-made file has it. The numbering reader (``loaders.filetypes._WordNumbering``) catches
only what such a part can raise, so a bug elsewhere still surfaces as itself.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from policykg.errors import InputError
from policykg.loaders.read import read_bytes

docx = pytest.importorskip("docx")

ITEMS = ["推进改革。（牵头单位：县发改局）", "加强监管。（牵头单位：县市场监管局）"]
NUMBERING_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"


def _numbered() -> bytes:
    d = docx.Document()
    d.add_paragraph("某县任务方案")
    for text in ITEMS:
        d.add_paragraph(text, style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _edited(data: bytes, part: str, old: str, new: str) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in ``part`` (the pattern must be there: the case is real)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == part:
                text, n = re.subn(old, new, blob.decode("utf-8"))
                assert n, f"{old!r} not in {part}"
                blob = text.encode("utf-8")
            dst.writestr(info.filename, blob)
    return out.getvalue()


def _lines(data: bytes) -> list[str]:
    return read_bytes(data, "a.docx", ".docx").text.splitlines()


def test_the_intact_document_is_numbered():
    assert _lines(_numbered())[1:] == [f"{k}.{t}" for k, t in enumerate(ITEMS, 1)]


BROKEN = {
    # numbering.xml: a level whose number is not an integer (int() raises ValueError)
    "level number not an integer": ("word/numbering.xml", r'<w:lvl w:ilvl="0"', '<w:lvl w:ilvl="x"'),
    "start not an integer": ("word/numbering.xml", r'<w:start w:val="1"/>', '<w:start w:val="一"/>'),
    # the style's numPr names a level that is not an integer, or one past Word's nine (0-8)
    "paragraph level not an integer": ("word/styles.xml", r'<w:numPr><w:numId w:val="5"/></w:numPr>',
                                       '<w:numPr><w:ilvl w:val="x"/><w:numId w:val="5"/></w:numPr>'),
    "paragraph level past nine": ("word/styles.xml", r'<w:numPr><w:numId w:val="5"/></w:numPr>',
                                  '<w:numPr><w:ilvl w:val="12"/><w:numId w:val="5"/></w:numPr>'),
    # no numbering part at all: python-docx raises NotImplementedError when asked for it
    "no numbering part": ("word/_rels/document.xml.rels", r'<Relationship Id="rId\d+" Type="[^"]*/numbering" '
                          r'Target="numbering.xml"/>', ""),
    # parts python-docx does not read as XML (a wrong content type): they have no .element / .styles
    "numbering part of another type": ("[Content_Types].xml", re.escape(NUMBERING_TYPE), "application/xml"),
    "styles part of another type": ("[Content_Types].xml", re.escape(STYLES_TYPE), "application/xml"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_numbering_leaves_the_text_unnumbered(case):
    lines = _lines(_edited(_numbered(), *BROKEN[case]))
    assert lines == ["某县任务方案", *ITEMS]


def test_a_level_past_nine_in_both_parts_is_left_out():
    data = _edited(_numbered(), "word/numbering.xml", r'<w:lvl w:ilvl="0"', '<w:lvl w:ilvl="12"')
    data = _edited(data, *BROKEN["paragraph level past nine"][:2], BROKEN["paragraph level past nine"][2])
    assert _lines(data) == ["某县任务方案", *ITEMS]


def test_a_chinese_count_past_ninety_nine_does_not_stop_the_file():
    """chinese_number writes 1-99; a list Word would number 一百 is read, its numbers left out."""
    level0 = r'(<w:lvl w:ilvl="0"[^>]*>)<w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    data = _edited(_numbered(), "word/numbering.xml", level0,
                   r'\1<w:start w:val="100"/><w:numFmt w:val="chineseCounting"/>')
    assert _lines(data) == ["某县任务方案", *ITEMS]


def test_numbering_that_is_not_xml_is_the_files_one_line_error():
    data = _edited(_numbered(), "word/numbering.xml", r"</w:numbering>\s*$", "</w:numbering")
    with pytest.raises(InputError) as err:
        _lines(data)
    assert str(err.value) == "a.docx: not a readable .docx file (XMLSyntaxError); save it again from Word"
