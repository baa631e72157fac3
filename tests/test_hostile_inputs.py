"""Hostile files end in one line each, in bounded memory; reading never leaves the files asked for.

The fixtures are built here (benchmarks/hostile.py), kilobytes on disk however far they
inflate. Peak memory per input is measured by benchmarks/bench_hostile.py, not here.
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks import hostile
from policykg.cli import app
from policykg.errors import InputError
from policykg.graph.ingest import find_files, load_paths
from policykg.loaders.filetypes import docx_text, pdf_text
from policykg.loaders.pipeline import parse_bytes
from policykg.queries.stats import counts
from tests.awkward import plan

DTD = ("declares a DTD or entities (<!DOCTYPE/<!ENTITY), which Word never writes; refused (possible "
       "entity-expansion or external-entity attack)")


def run(tmp_path: Path, *args: str):
    return CliRunner().invoke(app, ["load", *args, "--db", str(tmp_path / "g.lbdb"), "--workers", "1"])


def err_lines(result) -> list[str]:
    """stderr's lines, less the blank one the transient progress bar leaves."""
    return [line for line in result.stderr.splitlines() if line.strip()]


def one_failure(result, path: Path) -> str:
    """The single `failed:` line for ``path``: exactly one line on stderr, no traceback."""
    lines = err_lines(result)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"failed: {path}: "), lines
    assert "Traceback" not in result.output
    return lines[0][len(f"failed: {path}: "):]


@pytest.mark.parametrize("build,message", [
    (hostile.zip_bomb_docx, ".docx part word/document.xml inflates to 210 MB, over the 64 MB limit for one part; "
                            "refused as a possible zip bomb"),
    (hostile.billion_laughs_docx, ".docx part word/document.xml " + DTD),
    (hostile.xxe_docx, ".docx part word/document.xml " + DTD),
    (hostile.pdf_stream_bomb, "PDF content streams inflate to over 128 MB; refused as a possible decompression bomb"),
    (lambda folder: hostile.pdf_stream_bomb(folder, streams=1, inflated_mb=40),
     "a PDF stream inflates past the 32 MB limit; refused as a possible decompression bomb"),
])
def test_a_bomb_named_alone_is_one_line(tmp_path, build, message):
    path = build(tmp_path)
    assert path.stat().st_size < 1_000_000  # small on disk, whatever it inflates to
    result = run(tmp_path, str(path))
    assert result.exit_code == 1
    assert one_failure(result, path) == message


def test_xxe_never_reads_the_file_it_points_at(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-41c7", encoding="utf-8")
    path = hostile.xxe_docx(tmp_path, target=str(secret))
    result = run(tmp_path, str(path))
    assert "TOPSECRET" not in result.output
    with pytest.raises(InputError):
        docx_text(path.read_bytes(), "xxe.docx")


def test_thumbnail_bomb_loads_without_inflating_the_thumbnail(tmp_path, monkeypatch):
    path = hostile.thumbnail_bomb_docx(tmp_path, inflated_mb=64)
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    text = docx_text(path.read_bytes(), "thumbnail-bomb.docx")
    assert "1.推进第1项重点工作" in text
    assert "docProps/thumbnail.jpeg" not in opened
    monkeypatch.undo()
    result = run(tmp_path, str(path))
    assert result.exit_code == 0 and err_lines(result) == []
    assert "loaded 1, unchanged 0, failed 0" in result.stdout


def test_dev_zero_named_alone_is_one_line(tmp_path):
    result = run(tmp_path, "/dev/zero")
    assert result.exit_code == 1
    assert one_failure(result, Path("/dev/zero")) == "a device, not a regular file; only regular files are read"


def test_fifo_named_alone_is_one_line_and_never_blocks(tmp_path):
    pipe = hostile.fifo(tmp_path)
    result = run(tmp_path, str(pipe))
    assert result.exit_code == 1
    assert one_failure(result, pipe) == "a FIFO (named pipe), not a regular file; only regular files are read"


def test_special_files_and_outside_links_in_a_folder_are_skipped_with_one_line_each(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(plan(), encoding="utf-8")
    pipe = hostile.fifo(folder)
    zero = hostile.dev_zero_link(folder)
    result = run(tmp_path, str(folder))
    assert result.exit_code == 0
    assert err_lines(result) == [
        f"skipped 1 link leading outside the folders given: {zero} (--follow-links reads them)",
        f"skipped 1 special file (FIFO, device or socket; only regular files are read): {pipe}",
    ]
    assert "loaded 1, unchanged 0, failed 0" in result.stdout
    followed = run(tmp_path, str(folder), "--follow-links")  # followed, /dev/zero is still not read
    assert followed.exit_code == 0
    assert err_lines(followed) == [
        f"skipped 2 special files (FIFO, device or socket; only regular files are read): {pipe}, {zero}"]


def test_a_link_to_a_file_outside_the_folder_is_not_read(tmp_path, store):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(plan(title="东阳市外部文件方案"), encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(plan(), encoding="utf-8")
    (folder / "env.txt").symlink_to(outside / "secret.txt")
    (folder / "sub").symlink_to(outside)
    (folder / "inner.txt").symlink_to(folder / "a.txt")  # inside the folder: fine (the same file, loaded once)
    summary = load_paths(store, [folder], workers=1)
    assert [r.source for r in summary.loaded] == ["a.txt"]
    assert summary.notes == [f"skipped 2 links leading outside the folders given: {folder / 'sub'}, "
                             f"{folder / 'env.txt'} (--follow-links reads them)"]
    assert store.run("MATCH (p:Plan) WHERE p.title CONTAINS '外部' RETURN p.id AS id") == []
    again = load_paths(store, [folder], workers=1, follow_links=True)
    assert [r.source for r in again.loaded] == ["env.txt"]  # sub/secret.txt is the same file: read once
    assert again.notes == []


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text(plan(), encoding="utf-8")
    locked = folder / "locked"
    if os.geteuid() == 0:  # root lists a chmod 000 folder anyway: refuse it the way the kernel would
        real = os.scandir

        def scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0)
    try:
        result = run(tmp_path, str(folder))
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 0
    assert err_lines(result) == [f"could not read 1 folder: {locked} (permission denied)"]


def test_unsupported_files_are_counted_in_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(plan(), encoding="utf-8")
    for name in ("x.doc", "y.DOC", "z.wps"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    (folder / "README.md").write_text("notes", encoding="utf-8")
    result = run(tmp_path, str(folder))
    assert result.exit_code == 0
    assert err_lines(result) == ["skipped 3 files: 2 .doc, 1 .wps — not supported"]


def test_a_load_that_finds_nothing_to_read_fails(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(tmp_path, str(empty))
    assert result.exit_code == 1
    assert err_lines(result) == [f"error: nothing to read in {empty}: no .txt .md .html .htm .docx .pdf or .sql files"]
    (empty / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    result = run(tmp_path, str(empty))
    assert result.exit_code == 1
    assert err_lines(result) == [f"error: nothing to read in {empty}: skipped 1 file: 1 .doc — not supported"]


def test_sql_dumps_are_found_in_folders(tmp_path):
    (tmp_path / "dump.sql").write_text("INSERT INTO t VALUES ('x');", encoding="utf-8")
    assert find_files([tmp_path]) == [tmp_path / "dump.sql"]


def test_hostile_file_names_print_as_one_escaped_line_each(tmp_path, store):
    folder = tmp_path / "in"
    folder.mkdir()
    names = {"new\nline.txt": "换行", "esc\x1b[31mred.txt": "转义", b"gbk\xc4\xe3.txt": "字节"}
    for name, word in names.items():
        raw = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
        with open(raw, "wb") as fh:
            fh.write(plan(title=f"东阳市{word}方案").encode())
    with open(os.path.join(os.fsencode(folder), b"empty\n\x1b[2J.txt"), "wb"):
        pass
    result = CliRunner().invoke(app, ["load", str(folder), "--db", str(tmp_path / "g.lbdb"), "--workers", "1",
                                      "-v"])
    assert "\x1b" not in result.output
    assert result.exit_code == 1  # the empty one
    assert err_lines(result) == [f"failed: {folder}/empty\\n\\x1b[2J.txt: the file is empty"]
    assert "loaded 3, unchanged 0, failed 1" in result.stdout
    assert {line.split(":")[0].strip() for line in result.stdout.splitlines() if "->" in line} == {
        "new\\nline.txt", "esc\\x1b[31mred.txt", "gbk\\xc4\\xe3.txt"}


def test_a_worker_that_outgrows_its_memory_budget_is_one_line(tmp_path, store, monkeypatch):
    import policykg.loaders.pipeline as pipeline

    real = pipeline.parse_file

    def greedy(path, *args, **kwargs):
        if Path(path).name == "greedy.txt":
            blocks = [bytearray(64 << 20) for _ in range(64)]  # 4 GB, far past the budget
            return len(blocks)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "parse_file", greedy)
    monkeypatch.setattr(pipeline, "MEMORY_BUDGET_MB", 256)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "greedy.txt").write_text("x", encoding="utf-8")
    (tmp_path / "in" / "ok.txt").write_text(plan(), encoding="utf-8")
    summary = load_paths(store, [tmp_path / "in"], workers=1)
    assert [r.source for r in summary.loaded] == ["ok.txt"]
    assert summary.failed == [(str(tmp_path / "in" / "greedy.txt"), f"{tmp_path / 'in' / 'greedy.txt'}: needs more "
                               "than the 256 MB memory budget for one file and was stopped; split the file or report "
                               "it")]


# --------------------------------------------------------------------------- decoding


def test_a_stray_byte_early_in_utf8_costs_one_character_not_the_text():
    text = plan(tasks=12)
    data = bytearray(text.encode())
    data[len("东阳市人民政府".encode()):len("东阳市人民政府".encode())] = b"\xff"
    doc = parse_bytes(bytes(data), "x.txt", ".txt")
    assert len(doc.tasks) == 12 and doc.title.startswith("东阳市人民政府")
    assert "decoded as UTF-8 with 1 undecodable byte replaced by U+FFFD" in doc.warnings


def test_a_stray_byte_past_the_middle_keeps_the_tail():
    text = plan(tasks=12)
    data = text.encode()
    cut = data.index("7.".encode())
    doc = parse_bytes(data[:cut] + b"\xff" + data[cut:], "x.txt", ".txt")
    assert len(doc.tasks) == 12


def test_random_binary_named_txt_is_refused():
    rng = random.Random(40)
    refused = 0
    for n in range(40):
        blob = rng.randbytes(36_000) if n % 2 else bytes(rng.randrange(0x80, 0x100) for _ in range(36_000))
        with pytest.raises(InputError) as err:
            parse_bytes(blob, "blob.txt", ".txt")
        refused += "binary content, not text" in str(err.value)
    assert refused == 40


def test_pypdf_noise_is_folded_into_the_file_and_never_printed(capfd):
    data = _pdf_with_text("Plan of the city: tasks one two three four")
    found = re.search(rb"startxref\s+(\d+)", data)
    bad = data[:found.start(1)] + str(int(found.group(1)) + 7).encode() + data[found.end(1):]
    notes: list[str] = []
    assert pdf_text(bad, "x.pdf", notes) == "Plan of the city: tasks one two three four"
    assert "pypdf: incorrect startxref pointer(3)" in notes
    truncated = data[:data.rindex(b"%%EOF")]
    with pytest.raises(InputError) as err:
        pdf_text(truncated, "x.pdf")
    assert str(err.value).startswith("x.pdf: not a readable PDF (PdfStreamError: ")
    assert "\n" not in str(err.value)
    out, errors = capfd.readouterr()
    assert out == "" and errors == ""


def _pdf_with_text(line: str) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 50 700 Td (" + line.encode() + b") Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- no document lost or doubled


def _two_folders(tmp_path: Path) -> tuple[Path, Path]:
    for folder, title in (("a", "东阳市甲方案"), ("b", "东阳市乙方案")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(plan(title=title, tasks=3 if folder == "a" else 2), encoding="utf-8")
    return tmp_path / "a", tmp_path / "b"


def _plans(store) -> list[tuple[str, str]]:
    return sorted((r["s"], r["t"]) for r in store.run(
        "MATCH (p:Plan) WHERE p.source IS NOT NULL RETURN p.source AS s, p.title AS t"))


def test_same_named_different_files_in_two_runs_are_both_kept(tmp_path):
    a, b = _two_folders(tmp_path)
    first = run(tmp_path, str(a))
    assert first.exit_code == 0
    from policykg.graph.store import open_store

    with open_store(db=tmp_path / "g.lbdb") as s:
        before = counts(s)
    second = run(tmp_path, str(b))
    assert second.exit_code == 0
    assert err_lines(second) == [f"{b / 'x.txt'}: a different file is already stored as x.txt; both are "
                                          "kept, this one as b/x.txt (--replace replaces x.txt instead)"]
    with open_store(db=tmp_path / "g.lbdb") as s:
        assert _plans(s) == [("b/x.txt", "东阳市乙方案"), ("x.txt", "东阳市甲方案")]
        after = counts(s)
        assert after["nodes"]["Plan"] == before["nodes"]["Plan"] + 1
        assert after["nodes"]["Task"] == before["nodes"]["Task"] + 2  # the first plan's 3 tasks are all still there
        assert s.run("MATCH (p:Plan {source: 'x.txt'})-[:HAS_TASK]->(t) RETURN count(t) AS n") == [{"n": 3}]
    again = run(tmp_path, str(b))  # reloading b/ finds its own document
    assert again.exit_code == 0 and err_lines(again) == []
    assert "loaded 0, unchanged 1, failed 0" in again.stdout


def test_replace_lets_a_different_file_replace_the_stored_one(tmp_path):
    a, b = _two_folders(tmp_path)
    run(tmp_path, str(a))
    result = run(tmp_path, str(b), "--replace")
    assert result.exit_code == 0 and err_lines(result) == []
    from policykg.graph.store import open_store

    with open_store(db=tmp_path / "g.lbdb") as s:
        assert _plans(s) == [("x.txt", "东阳市乙方案")]


def test_the_same_file_changed_still_replaces_itself(tmp_path):
    a, _ = _two_folders(tmp_path)
    run(tmp_path, str(a))
    (a / "x.txt").write_text(plan(title="东阳市甲方案（修订）"), encoding="utf-8")
    result = run(tmp_path, str(a))
    assert result.exit_code == 0 and err_lines(result) == []
    from policykg.graph.store import open_store

    with open_store(db=tmp_path / "g.lbdb") as s:
        assert _plans(s) == [("x.txt", "东阳市甲方案（修订）")]


def test_a_third_different_file_under_a_taken_name_and_qualified_name_is_refused(tmp_path):
    a, b = _two_folders(tmp_path)
    (tmp_path / "c" / "b").mkdir(parents=True)
    (tmp_path / "c" / "b" / "x.txt").write_text(plan(title="东阳市丙方案"), encoding="utf-8")
    run(tmp_path, str(a))
    run(tmp_path, str(b))
    third = tmp_path / "c" / "b"
    result = run(tmp_path, str(third))
    assert result.exit_code == 1
    assert one_failure(result, third / "x.txt") == (
        "a different file is already stored as x.txt, and another as b/x.txt; give --replace to replace x.txt, "
        "or load from a parent folder")


def test_what_reading_worked_around_is_on_the_files_own_verbose_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    data = bytearray(plan().encode())
    data[3:3] = b"\xff"
    (folder / "stray.txt").write_bytes(bytes(data))
    pdf = _pdf_with_text("Plan of the city: tasks one two three four")
    found = re.search(rb"startxref\s+(\d+)", pdf)
    (folder / "noisy.pdf").write_bytes(pdf[:found.start(1)] + str(int(found.group(1)) + 7).encode()
                                       + pdf[found.end(1):])
    result = CliRunner().invoke(app, ["load", str(folder), "--db", str(tmp_path / "g.lbdb"), "--workers", "1", "-v"])
    assert result.exit_code == 0, result.output
    assert err_lines(result) == []  # nothing from pypdf on its own line
    lines = {line.split(":")[0].strip(): line for line in result.stdout.splitlines() if "->" in line}
    assert lines["stray.txt"].endswith("(decoded as UTF-8 with 1 undecodable byte replaced by U+FFFD)")
    assert "pypdf: incorrect startxref pointer(3)" in lines["noisy.pdf"]


def test_a_file_named_alone_that_hangs_is_stopped_once_with_one_line(tmp_path, store, monkeypatch):
    import time

    import policykg.loaders.pipeline as pipeline

    calls = tmp_path / "calls"
    calls.mkdir()

    def hang(path, *args, **kwargs):
        (calls / str(os.getpid())).touch()
        time.sleep(600)

    monkeypatch.setattr(pipeline, "parse_file", hang)
    (tmp_path / "slow.txt").write_text("x", encoding="utf-8")
    summary = load_paths(store, [tmp_path / "slow.txt"], workers=1, timeout=3)
    assert summary.failed == [(str(tmp_path / "slow.txt"), f"{tmp_path / 'slow.txt'}: parsing took longer than 3 s "
                               "and was stopped; split the file or report it")]
    assert len(list(calls.iterdir())) == 1  # not parsed a second time "alone": it was alone already
