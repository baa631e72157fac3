"""Hostile inputs, built on demand and small on disk: what a loader must survive in bounded memory.

Each builder writes one file into a folder and returns its path. The sizes say
how far a file *inflates*; what lands on disk is kilobytes, because zeros and
spaces compress about a thousand times. tests/test_hostile_inputs.py checks
each ends in one line; benchmarks/bench_hostile.py measures peak memory.

>>> import tempfile, pathlib
>>> path = zip_bomb_docx(pathlib.Path(tempfile.mkdtemp()), inflated_mb=20)
>>> path.stat().st_size < 100_000
True
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

PLAN = ("东阳市人民政府关于推进数字经济发展的实施意见\n一、重点任务\n"
        "1.推进第1项重点工作。（牵头单位：市发改局；配合单位：市财政局）\n"
        "2.推进第2项重点工作。（牵头单位：市经信局）")


def _good_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in PLAN.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rewrite(docx_bytes: bytes, replace: dict[str, bytes], add: dict[str, int] | None = None,
             stream: bytes = b"\0") -> bytes:
    """A copy of a .docx with some parts replaced and big parts of ``stream`` repeated added (streamed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in (add or {}):
                dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, size in (add or {}).items():
            chunk = stream * (1 << 20)
            with dst.open(name, "w", force_zip64=True) as fh:  # streamed: never the whole part in memory
                for _ in range(size // len(chunk)):
                    fh.write(chunk)
    return out.getvalue()


def zip_bomb_docx(folder: Path, inflated_mb: int = 200) -> Path:
    """A .docx whose word/document.xml inflates to ``inflated_mb`` MB (a valid start, then spaces)."""
    good = _good_docx()
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        xml = z.read("word/document.xml")
    head, tail = xml.split(b"<w:body>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        with dst.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head + b"<w:body>")
            spaces = b" " * (1 << 20)
            for _ in range(inflated_mb):
                fh.write(spaces)
            fh.write(tail)
    path = folder / "zip-bomb.docx"
    path.write_bytes(out.getvalue())
    return path


def thumbnail_bomb_docx(folder: Path, inflated_mb: int = 200) -> Path:
    """A good .docx that also carries a thumbnail inflating to ``inflated_mb`` MB (must load, unread)."""
    good = _good_docx()
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        rels = z.read("_rels/.rels")
    thumb = (b'<Relationship Id="rIdThumb" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
             b'metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>')
    if b"thumbnail" not in rels:
        rels = rels.replace(b"</Relationships>", thumb)
    path = folder / "thumbnail-bomb.docx"
    path.write_bytes(_rewrite(good, {"_rels/.rels": rels}, {"docProps/thumbnail.jpeg": inflated_mb << 20}))
    return path


def _docx_with_document(xml_prolog: bytes, body_text: bytes) -> bytes:
    good = _good_docx()
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        xml = z.read("word/document.xml")
    decl, rest = xml.split(b"?>", 1) if xml.startswith(b"<?xml") else (b"", xml)
    rest = rest.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>" + body_text + b"</w:t></w:r></w:p>", 1)
    return _rewrite(good, {"word/document.xml": (decl + b"?>" if decl else b"") + xml_prolog + rest})


def billion_laughs_docx(folder: Path) -> Path:
    """word/document.xml declaring ten nested entities (10^9 "lol"s if expanded)."""
    ents = [b'<!ENTITY lol0 "lol">'] + [
        b"<!ENTITY lol%d \"%s\">" % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10))) for i in range(1, 10)]
    prolog = b"<!DOCTYPE w:document [" + b"".join(ents) + b"]>"
    path = folder / "billion-laughs.docx"
    path.write_bytes(_docx_with_document(prolog, b"&lol9;"))
    return path


def xxe_docx(folder: Path, target: str = "/etc/hostname") -> Path:
    """word/document.xml with an external entity pointing at a local file."""
    prolog = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://' + target.encode() + b'">]>'
    path = folder / "xxe.docx"
    path.write_bytes(_docx_with_document(prolog, b"&xxe;"))
    return path


def pdf_stream_bomb(folder: Path, streams: int = 40, inflated_mb: int = 10) -> Path:
    """A PDF of ``streams`` pages, each content stream inflating to ``inflated_mb`` MB of spaces."""
    chunk = b" " * (inflated_mb << 20)
    packed = zlib.compress(chunk, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]  # 1: catalog, 2: pages (filled below)
    kids = []
    font = len(objects) + 1
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for _ in range(streams):
        content = len(objects) + 1
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream")
        page = len(objects) + 1
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content, font))
        kids.append(page)
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path = folder / "stream-bomb.pdf"
    path.write_bytes(out.getvalue())
    return path


def fifo(folder: Path) -> Path:
    """A named pipe: opening it for reading blocks until a writer comes (none will)."""
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def dev_zero_link(folder: Path) -> Path:
    """A link named like a document that leads to /dev/zero (endless zeros)."""
    path = folder / "zero.txt"
    path.symlink_to("/dev/zero")
    return path

