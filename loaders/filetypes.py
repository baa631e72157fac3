"""The formats a policy document comes in, each turned into plain lines.

:mod:`loaders.read` decides which one a file is (by content first, suffix second)
and cleans the result; this module only knows each format's shape:

* HTML — visible text only (no script/style/nav/header/footer); block tags end
  lines; each table row becomes one line with cells joined by :data:`CELL_SEP`;
* Markdown — headings, emphasis, links and rules unwrapped; pipe tables as rows;
* .docx — paragraphs and tables in document order, Word's automatic numbering
  written out (a list Word numbers "（一）" has no "（一）" in its text);
* PDF — the text layer, with hard-wrapped lines joined back into paragraphs.

>>> html_to_text("<p>一、任务</p><table><tr><td>1</td><td>市发改局</td></tr></table>").split()
['一、任务', '1', '|', '市发改局']
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from html.parser import HTMLParser

from policykg.errors import InputError
from policykg.loaders import rules

CELL_SEP = " | "  # joins the cells of one table row so a 分工表 row stays one line




_HTML_HINT = re.compile(r"<\s*(html|body|div|p|table|tr|td|span|br|meta|head)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """True when a text file is really an HTML page (enough real tags in its first part)."""
    return len(_HTML_HINT.findall(text[:20000])) >= 5


class _VisibleText(HTMLParser):
    """Collect visible text; block tags start new lines, table cells are joined with CELL_SEP."""

    SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "select", "iframe", "svg", "button", "head"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr", "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.cells: list[str] | None = None  # cells of the table row being read
        self.cell: list[str] | None = None
        # per open table: column → [text, rows still to cover, columns wide] of a cell with rowspan
        self.spanning: list[dict[int, list]] = []
        self.column = 0  # grid column the next cell of the row starts at
        self.cell_span = (1, 1)  # (rowspan, colspan) of the cell being read

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skip_depth += 1
            return
        if tag == "table":
            self.spanning.append({})
        if tag == "tr":
            self.cells, self.column = [], 0
        elif tag in ("td", "th") and self.cells is not None:
            self._fill_spanned()
            self.cell = []
            self.cell_span = (_span(attrs, "rowspan"), _span(attrs, "colspan"))
        elif tag in self.BLOCK and self.cell is None:
            self.parts.append("\n")
        elif tag in self.BLOCK and self.cell is not None:  # a cell's own paragraphs (<p>区财政局</p><p>区数据局</p>)
            self.cell.append(" ")  # stay apart, as a line break inside a cell does

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            (self.cell if self.cell is not None else self.parts).append(" " if self.cell is not None else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "table" and self.spanning:
            self.spanning.pop()
        if tag in ("td", "th") and self.cells is not None and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            self.cells.append(text)
            rows, columns = self.cell_span
            if rows > 1 and self.spanning:
                self.spanning[-1][self.column] = [text, rows - 1, columns]
            self.column += columns
            self.cell = None
        elif tag == "tr" and self.cells is not None:
            self._fill_spanned(end=True)
            cells = [c for i, c in enumerate(self.cells) if c and (i == 0 or c != self.cells[i - 1])]
            self.parts.append("\n" + CELL_SEP.join(cells) + "\n")
            self.cells = None
        elif tag in self.BLOCK and self.cell is not None:
            self.cell.append(" ")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def _fill_spanned(self, end: bool = False) -> None:
        """Write the cells that rows above span into this row at the columns they cover (all
        remaining ones at the row's end): a 牵头单位 printed once beside several tasks
        (``rowspan="3"``) belongs to each of their rows."""
        spanning = self.spanning[-1] if self.spanning else {}
        while self.cells is not None and (self.column in spanning or (end and any(c >= self.column for c in spanning))):
            if self.column not in spanning:
                self.column = min(c for c in spanning if c >= self.column)
                continue
            text, rows, columns = spanning[self.column]
            self.cells.append(text)
            if rows > 1:
                spanning[self.column][1] = rows - 1
            else:
                del spanning[self.column]
            self.column += columns

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.parts.append(data)


def _span(attrs, name: str) -> int:
    """A cell's rowspan or colspan: 1 when absent or unreadable, at most 1000 (an HTML table's own limit
    for rowspan is 65534; no page's 分工 table needs more, and a huge value must not cost anything)."""
    value = dict(attrs).get(name) or "1"
    match = re.match(r"\s*(\d{1,6})", value)
    return min(max(int(match.group(1)), 1), 1000) if match else 1


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: no script/style/nav/header/footer; rows kept as lines."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


_MD_LINE = re.compile(r"^(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S))")
_MD_INLINE = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?)\s*$")


def looks_like_markdown(text: str) -> bool:
    head = text[:5000]
    return bool(re.search(r"^#{1,6} \S", head, re.M)) or head.count("**") >= 4


_MD_DELIMITER_CELL = re.compile(r"\s*:?-+:?\s*")
_MD_PIPE = re.compile(r"(?<!\\)\|")
_MD_BR = re.compile(r"<br\s*/?>", re.I)


def _md_delimiter(line: str) -> bool:
    """A pipe table's delimiter row: ``|---|:---:|`` or ``---|---`` (a pipe is needed: a bare ``---`` is a rule)."""
    line = line.strip()
    if "|" not in line or "-" not in line:
        return False
    return all(_MD_DELIMITER_CELL.fullmatch(c) for c in line.strip("|").split("|"))


def _md_cells(line: str) -> list[str]:
    """The cells of one pipe-table row: outer pipes optional, ``\\|`` a pipe inside a cell,
    ``<br>`` (a cell's own line break) a space."""
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [" ".join(_MD_BR.sub(" ", c).replace("\\|", "|").split()) for c in _MD_PIPE.split(line)]


def markdown_to_text(text: str) -> str:
    """Markdown → plain lines: headings, emphasis, links and rules unwrapped; table rows kept.

    A pipe table is known by its delimiter row (``|---|---|``, or ``---|---`` from converters
    that print no outer pipes): the line above it and the piped lines below it, up to a line
    with no pipe, are rows. A line between outer pipes is a row anywhere.

    >>> markdown_to_text("序号|牵头单位\\n---|---\\n1|市发改局<br>市财政局").split("\\n")
    ['序号 | 牵头单位', '1 | 市发改局 市财政局']
    """
    lines = text.split("\n")
    out = []
    in_table = False
    for k, line in enumerate(lines):
        if _md_delimiter(line):
            in_table = True
            continue
        header = k + 1 < len(lines) and _md_delimiter(lines[k + 1]) and _MD_PIPE.search(line)
        in_table = in_table and bool(_MD_PIPE.search(line))
        if _MD_RULE.match(line):
            continue
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_LINE.sub("", line.strip())
        line = _MD_INLINE.sub("", line)
        if header or in_table or (line.startswith("|") and line.endswith("|")):
            line = CELL_SEP.join(_md_cells(line))
        else:
            line = _MD_BR.sub("\n", line)  # inline HTML's line break ends a line, as in the HTML reader
        out.append(line)
    return "\n".join(out)


def docx_text(data: bytes, source: str) -> str:
    """Paragraphs and table rows of a .docx in document order, automatic numbers written out.

    Only the parts read (see :func:`docx_parts`) reach python-docx, each checked for size
    and compression ratio before it is inflated, and refused if it carries a DTD.
    """
    package = docx_parts(data, source)
    try:
        import docx  # python-docx; imported here so plain-text loading never pays for it
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(package))
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx on untrusted bytes raises what its parse meets
        # (PackageNotFoundError, KeyError, ValueError, lxml's XMLSyntaxError, AttributeError, …); each means
        # the same to the user, so each becomes the file's one line. MemoryError went on above.
        raise InputError(f"{source}: not a readable .docx file ({type(exc).__name__}); save it again from Word") from exc
    number = _WordNumbering(document)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(number.prefix(child) + Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a horizontally merged cell is listed once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                lines.append(CELL_SEP.join(cells))
    return "\n".join(lines)


# --------------------------------------------------------------------------- reading zip and XML safely

# What one .docx part may inflate to. A policy document's word/document.xml is a few MB;
# Word's XML compresses about 5-20 times, so a part that inflates over 100 times its stored
# size is a zip bomb, not a document.
MAX_DOCX_PART_MB = 64
MAX_DOCX_RATIO = 100
_RATIO_FLOOR = 1_000_000  # small parts (a styles.xml of spaces) may compress as they like
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# Relationship types whose parts the reader uses; every other part (media, thumbnails,
# fonts, headers, embedded objects) is never inflated.
_USED = ("/officeDocument", "/styles", "/numbering")
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_DTD_MARKS = tuple(m.decode().encode(enc) for m in _DTD for enc in ("utf-16-le", "utf-16-be")) + _DTD


def _read_member(zf, name: str, source: str) -> bytes:
    """One zip member, inflated only when its declared size and ratio are within bounds."""
    import zipfile

    try:
        info = zf.getinfo(name)
    except KeyError:
        raise InputError(f"{source}: not a readable .docx file (part {name} is missing); save it again from Word") from None
    limit = MAX_DOCX_PART_MB * 1_000_000
    if info.file_size > limit:
        raise InputError(f"{source}: .docx part {name} inflates to {info.file_size / 1e6:.0f} MB, over the "
                         f"{MAX_DOCX_PART_MB} MB limit for one part; refused as a possible zip bomb")
    if info.file_size > _RATIO_FLOOR and info.file_size > MAX_DOCX_RATIO * max(info.compress_size, 1):
        raise InputError(f"{source}: .docx part {name} inflates {info.file_size // max(info.compress_size, 1)} times "
                         f"(over {MAX_DOCX_RATIO}); refused as a possible zip bomb")
    try:
        with zf.open(info) as fh:
            blob = fh.read(limit + 1)  # zipfile stops at the declared size and checks the CRC
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputError(f"{source}: not a readable .docx file ({type(exc).__name__}); save it again from Word") from None
    if any(mark in blob for mark in _DTD_MARKS):
        raise InputError(f"{source}: .docx part {name} declares a DTD or entities (<!DOCTYPE/<!ENTITY), which Word "
                         "never writes; refused (possible entity-expansion or external-entity attack)")
    return blob


def _part_name(base: str, target: str) -> str:
    """A relationship target resolved against the folder of the part that holds it."""
    import posixpath

    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def docx_parts(data: bytes, source: str) -> bytes:
    """A .docx reduced to the parts the reader uses, as a new zip held in memory.

    python-docx inflates every part of a package, thumbnails and media included; a
    5 MB file can hold gigabytes of them. Here only the content types, the package
    relationships, the main document, its styles and its numbering are inflated
    (each bounded by :data:`MAX_DOCX_PART_MB` and :data:`MAX_DOCX_RATIO`, none with a
    DTD); relationships to any other part are dropped, so python-docx never asks for
    them. External relationships (hyperlinks) stay: they name no part.
    """
    import posixpath
    import zipfile
    import xml.etree.ElementTree as ET

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(f"{source}: not a readable .docx file ({type(exc).__name__}); save it again from Word") from None
    kept: dict[str, bytes] = {"[Content_Types].xml": _read_member(zf, "[Content_Types].xml", source)}
    todo = ["_rels/.rels"]
    while todo:
        rels_name = todo.pop()
        folder = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/document.xml.rels -> word
        try:
            root = ET.fromstring(_read_member(zf, rels_name, source))
        except ET.ParseError as exc:
            raise InputError(f"{source}: not a readable .docx file (bad {rels_name}); save it again from Word") from exc
        for rel in list(root):
            if rel.tag != _REL or rel.get("TargetMode") == "External":
                continue
            target = _part_name(folder, rel.get("Target", ""))
            if not rel.get("Type", "").endswith(_USED) or target in kept:
                if target not in kept:
                    root.remove(rel)
                continue
            kept[target] = _read_member(zf, target, source)
            part_rels = posixpath.join(posixpath.dirname(target), "_rels", posixpath.basename(target) + ".rels")
            if part_rels in zf.NameToInfo and part_rels not in kept:
                todo.append(part_rels)
        kept[rels_name] = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, blob in kept.items():
            z.writestr(name, blob)
    return out.getvalue()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (as Word's chineseCounting prints them)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


class _WordNumbering:
    """Word's list numbering (numbering.xml), replayed paragraph by paragraph.

    Only what policy documents use: decimal and Chinese counters, ``lvlText``
    patterns such as ``%1、`` or ``（%2）``, nested levels that restart under their
    parent. Bullets become "·"; anything unreadable yields no prefix.
    """

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        self.style_numbering: dict[str, object] = {}  # style id → its numPr (List Number and friends)
        try:
            for style in document.styles.element.iter(f"{_W}style"):
                num_pr = style.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    self.style_numbering[style.get(f"{_W}styleId", "")] = num_pr
        except AttributeError:  # a styles part not typed as styles is a plain Part; paragraphs may number themselves
            pass
        try:
            root = document.part.numbering_part.element
        except NotImplementedError:  # no numbering part (python-docx cannot make one): nothing is numbered
            return
        except AttributeError:  # a numbering part not typed as numbering is a plain Part, not XML
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                try:
                    levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                        fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                        text.get(f"{_W}val", "") if text is not None else "",
                        int(start.get(f"{_W}val", "1")) if start is not None else 1,
                    )
                except ValueError:  # a level or start that is not a number: that level's paragraphs go unnumbered
                    continue
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId", "")] = abstract.get(ref.get(f"{_W}val", ""), {})

    def prefix(self, paragraph) -> str:
        """The number Word shows before ``paragraph`` (``""`` if none, or if its numbering is unreadable)."""
        try:
            return self._prefix(paragraph)
        except (ValueError, IndexError):  # a level that is not a number or past Word's nine; a count past 99
            return ""

    def _prefix(self, paragraph) -> str:
        numbering = paragraph.find(f"{_W}pPr/{_W}numPr")
        if numbering is None:
            style = paragraph.find(f"{_W}pPr/{_W}pStyle")
            numbering = self.style_numbering.get(style.get(f"{_W}val", "")) if style is not None else None
        if numbering is None or not self.levels:
            return ""
        num_id_node, ilvl_node = numbering.find(f"{_W}numId"), numbering.find(f"{_W}ilvl")
        num_id = num_id_node.get(f"{_W}val", "") if num_id_node is not None else ""
        ilvl = int(ilvl_node.get(f"{_W}val", "0")) if ilvl_node is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt == "bullet" or fmt == "none":
            return "·" if fmt == "bullet" else ""

        def render(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            value = counters[k] or levels.get(k, ("decimal", "", 1))[2]
            level_fmt = levels.get(k, ("decimal", "", 1))[0]
            return chinese_number(value) if level_fmt.startswith(("chinese", "ideograph", "japanese", "taiwanese")) else str(value)

        return re.sub(r"%(\d)", render, text)


_SENTENCE_END = tuple("。；;：:！？!?）)》”")


# A PDF's budget: pages read, bytes one stream may inflate to, and decoded content in all.
# A policy document is tens of pages; its content streams are a few MB in all.
MAX_PDF_PAGES = 2000
MAX_PDF_STREAM_MB = 32
MAX_PDF_CONTENT_MB = 128


class _Collect(logging.Handler):
    """Keep what a library logs, so it is folded into the file's own line, never printed raw."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = " ".join(record.getMessage().split())
        if line and line not in self.lines:
            self.lines.append(line)


@contextlib.contextmanager
def captured_log(name: str):
    """Collect the WARNING+ lines logger ``name`` emits (and its ``warnings.warn``) in a list."""
    logger = logging.getLogger(name)
    handler = _Collect()
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler.lines
        for w in caught:
            line = " ".join(str(w.message).split())
            if line and line not in handler.lines:
                handler.lines.append(line)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def pdf_text(data: bytes, source: str, notes: list[str] | None = None) -> str:
    """The text layer of a PDF, within :data:`MAX_PDF_PAGES` and the stream budgets.

    pypdf's own warnings ("EOF marker not found", …) are collected into ``notes`` (or
    into the error message when the file cannot be read) instead of reaching stderr.
    """
    stream = MAX_PDF_STREAM_MB * 1_000_000
    budget = MAX_PDF_CONTENT_MB * 1_000_000
    with captured_log("pypdf") as noise:
        try:
            from pypdf import PdfReader, apply_configuration

            with apply_configuration(zlib_maximum_output_length=stream, lzw_maximum_output_length=stream,
                                     run_length_maximum_output_length=stream, brotli_maximum_output_length=stream,
                                     maximum_declared_stream_length=stream,
                                     array_based_stream_maximum_output_length=stream,
                                     stream_decoding_work_maximum_length=4 * stream, image_maximum_buffer_size=stream,
                                     xfa_decoding_work_maximum_length=4 * stream):
                reader = PdfReader(io.BytesIO(data))
                count = len(reader.pages)
                if count > MAX_PDF_PAGES:
                    raise InputError(f"{source}: PDF has {count} pages, over the {MAX_PDF_PAGES}-page limit for one "
                                     "document; split it")
                pages, used = [], 0
                for page in reader.pages:
                    contents = page.get_contents()
                    used += len(contents.get_data()) if contents is not None else 0
                    if used > budget:
                        raise InputError(f"{source}: PDF content streams inflate to over {MAX_PDF_CONTENT_MB} MB; "
                                         "refused as a possible decompression bomb")
                    pages.append(page.extract_text() or "")
        except (InputError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - pypdf on untrusted bytes raises PdfReadError and, on
            # damaged files, KeyError, ValueError, TypeError, AssertionError, …: each is the file's one line
            if type(exc).__name__ == "LimitReachedError":  # pypdf's own bound, set above
                raise InputError(f"{source}: a PDF stream inflates past the {MAX_PDF_STREAM_MB} MB limit; refused as "
                                 "a possible decompression bomb") from None
            said = f": {noise[0]}" if noise else ""
            raise InputError(f"{source}: not a readable PDF ({type(exc).__name__}{said})") from exc
    if notes is not None:
        notes.extend(f"pypdf: {line}" for line in noise)
    text = "\n".join(pages)
    if len("".join(text.split())) < 20:
        raise InputError(f"{source}: PDF has no text layer; OCR is not supported, convert it to text first")
    return _unwrap(text)


_ITEM_START = re.compile(rules.MARKER_AT_START.pattern + r"|^\s*(?:第[一二三四五六七八九十]+|——|[-•●]|\d{4}年)")


def _unwrap(text: str) -> str:
    """Join the hard-wrapped lines of a PDF text layer back into paragraphs."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if out and not out[-1].endswith(_SENTENCE_END) and len(out[-1]) >= 20 and not _ITEM_START.match(line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)
