"""Load files into a store: find them, parse each (in parallel), write each.

Each file succeeds or fails on its own: a failure is recorded with a one-line
reason naming the file, and the batch goes on. Parsing is pure and runs in
worker processes (``workers``, :func:`loaders.pipeline.parsed`; a parser that
crashes or hangs costs only its file); one writer (this process) writes documents in file order, a small group
per transaction, so a crash leaves only whole documents behind and a rerun
finishes the job.

A file whose bytes hash to what the store already holds for it is not parsed
again, so reloading an unchanged archive costs little more than reading it.

    >>> with open_store(db=Path("g.lbdb")) as store:          # doctest: +SKIP
    ...     summary = load_paths(store, [Path("archive/")], workers=2)
    >>> len(summary.loaded), len(summary.unchanged), summary.failed   # doctest: +SKIP
    (480, 0, [('archive/bad.docx', 'archive/bad.docx: not a readable .docx …')])
"""

from __future__ import annotations

import hashlib
import os
import stat
import traceback
from dataclasses import dataclass, field, replace as replace_field
from pathlib import Path
from typing import Callable, Iterable

from policykg.errors import InputError, PolicyKGError, shown
from policykg.graph.store import Store, check_space, is_out_of_space
from policykg.graph.writer import WriteResult, write_in, write_many
from policykg.loaders.pipeline import PARSE_TIMEOUT, Outcome, one_line, parsed
from policykg.loaders.records import ParsedDocument

SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".sql"}  # .sql: text dumps of pages
# One policy document is at most a few MB of text; a bigger file is a dump, an archive or a
# page full of inline images, and parsing it (~0.3 MB/s) would stall the batch for minutes.
MAX_FILE_MB = 32
# Documents written per transaction: a group is written with a few statements per label and type
# (graph/planner.py), so larger groups spread each statement's and each commit's fixed cost over more
# documents (benchmarks/bench_load.py --writer: 16 → 64 cut writing time per document by about a third,
# 64 → 256 by another fifth). Workers keep parsing while a group is written; a killed load loses at
# most the group in hand, never part of a document. GROUP_TASKS bounds a group of long documents.
GROUP_DOCS = 256
GROUP_TASKS = 8000


def group_full(docs: list[ParsedDocument]) -> bool:
    """Whether a group of parsed documents is big enough to write in one transaction."""
    return len(docs) >= GROUP_DOCS or sum(len(d.tasks) for d in docs) >= GROUP_TASKS


@dataclass
class LoadSummary:
    loaded: list[WriteResult] = field(default_factory=list)
    unchanged: list[WriteResult] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, the name its bytes are stored under)
    notes: list[str] = field(default_factory=list)  # one line each: what was passed over or kept apart, and why
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # source -> what reading worked around
    details: dict[str, str] = field(default_factory=dict)  # path -> traceback, for --verbose

    @property
    def ok(self) -> bool:
        return not self.failed


def find_files(paths: Iterable[Path], follow_links: bool = False) -> list[Path]:
    """Expand folders (recursively, following no link twice) into loadable files, sorted.

    Inside folders, README files are documentation, not policy documents, and are skipped;
    a file named explicitly is always loaded.
    """
    return list(scan(paths, follow_links).sources)



@dataclass
class Found:
    """What :func:`scan` found: files to read with their stored names, and what it passed over."""

    sources: dict[Path, str] = field(default_factory=dict)
    qualified: dict[Path, str] = field(default_factory=dict)  # the name with its folder's name in front
    notes: list[str] = field(default_factory=list)  # one line per kind of file passed over


def _inside(real: Path, roots: list[Path]) -> bool:
    return any(real == root or root in real.parents for root in roots)


def _listed(paths: list) -> str:
    names = ", ".join(shown(p) for p in paths[:5])
    return names + (f", … ({len(paths) - 5} more)" if len(paths) > 5 else "")


def scan(paths: Iterable[Path], follow_links: bool = False) -> Found:
    """Find the files a load reads, and say in one line each what it passes over and why.

    Inside the folders given: links that resolve outside all of them are not followed
    (unless ``follow_links``: a link to ``/proc/self/environ`` would put the environment
    into a plan title); FIFOs, devices and sockets are never read; files of other types
    (.doc, .wps, .xls, images) are counted by suffix; folders that cannot be listed are
    named. A path named explicitly is always tried, and fails on its own line if unreadable.
    Names are stored printable (see :func:`policykg.errors.shown`), so a file name with a
    newline or undecodable bytes is still one line and one valid string.
    """
    found = Found()
    paths = list(paths)
    seen: set[Path] = set()
    reached: set[Path] = set()  # one file reached twice (named and in its folder, two spellings) is loaded once
    outside: list[Path] = []
    special: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    other: dict[str, int] = {}

    def add(file: Path, source: str, qualified: str) -> None:
        real = file.resolve()
        if real not in reached:
            reached.add(real)
            found.sources[file] = shown(source)
            found.qualified[file] = shown(qualified)

    roots = [p.resolve() for p in paths if p.is_dir()]
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{shown(path)}: no such file or folder")
        if not path.is_dir():
            add(path, path.name, f"{path.resolve().parent.name}/{path.name}")
            continue

        def denied(err: OSError) -> None:
            unreadable.append((Path(err.filename or path), err.strerror or type(err).__name__))

        for root, dirs, files in os.walk(path, followlinks=True, onerror=denied):
            real = Path(root).resolve()
            if real in seen:  # a symlink loop, or a folder reached twice
                dirs[:] = []
                continue
            seen.add(real)
            kept = []
            for d in sorted(dirs):
                full = Path(root) / d
                if full.is_symlink() and not follow_links and not _inside(full.resolve(), roots):
                    outside.append(full)
                else:
                    kept.append(d)
            dirs[:] = kept
            for f in sorted(files):
                full = Path(root) / f
                if full.is_symlink() and full.exists() and not follow_links and not _inside(full.resolve(), roots):
                    outside.append(full)
                    continue
                try:
                    mode = full.stat().st_mode
                except OSError:
                    mode = stat.S_IFREG  # a dangling link: the parser says "no such file" on its own line
                if not stat.S_ISREG(mode):
                    special.append(full)
                elif f.upper().startswith("README"):
                    continue  # documentation, not a policy document
                elif full.suffix.lower() in SUFFIXES:
                    inner = full.relative_to(path).as_posix()
                    add(full, inner, f"{path.resolve().name}/{inner}")
                elif not f.startswith("."):  # .DS_Store and friends are not worth a word
                    key = full.suffix.lower() if full.suffix else "(no suffix)"
                    other[key] = other.get(key, 0) + 1
    if other:
        n = sum(other.values())
        kinds = ", ".join(f"{c} {shown(k)}" for k, c in sorted(other.items(), key=lambda kv: (-kv[1], kv[0])))
        found.notes.append(f"skipped {n} file{'s' if n > 1 else ''}: {kinds} — not supported")
    if outside:
        found.notes.append(f"skipped {len(outside)} link{'s' if len(outside) > 1 else ''} leading outside the "
                           f"folders given: {_listed(outside)} (--follow-links reads them)")
    if special:
        found.notes.append(f"skipped {len(special)} special file{'s' if len(special) > 1 else ''} (FIFO, device or "
                           f"socket; only regular files are read): {_listed(special)}")
    if unreadable:
        found.notes.append(f"could not read {len(unreadable)} folder{'s' if len(unreadable) > 1 else ''}: "
                           + ", ".join(f"{shown(p)} ({why.lower()})" for p, why in unreadable[:5])
                           + (f", … ({len(unreadable) - 5} more)" if len(unreadable) > 5 else ""))
    return found


def _sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None  # the parser reports why


_STORED_SOURCES = ("MATCH (p:Plan) WHERE p.source IS NOT NULL "
                   "RETURN p.source AS source, p.sha256 AS sha256, p.id AS id, p.origin AS origin")


def origin_of(path: Path) -> str:
    """Which file a document came from, as a key: a hash of its real path (no path is stored)."""
    return hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:32]


@dataclass(frozen=True)
class _Decision:
    source: str
    origin: str = ""
    unchanged: str | None = None  # the stored plan id, when the same bytes are stored under this name
    duplicate: str | None = None  # the other stored name, when these bytes are stored under it
    error: str | None = None
    note: str | None = None


def _decide(path: Path, source: str, qualified: str, stored: dict, by_sha: dict[str, str],
            first: dict[str, Path], replace: bool, max_file_mb: float) -> _Decision:
    """What a load does with one file, before parsing it: read it, skip it, or refuse it (and why)."""
    if first.setdefault(source, path) != path:  # e.g. a/x.txt and b/x.txt given as folders a/ and b/
        return _Decision(source, error=f"stored under the same name ({source}) as {shown(first[source])}, which "
                                       "this load already has; load it on its own or from a parent folder")
    try:
        info = path.stat()
        mode, size_mb = info.st_mode, info.st_size / 1e6
    except OSError:
        mode, size_mb = stat.S_IFREG, 0.0  # the parser says why it cannot be read, on the file's own line
    if not stat.S_ISREG(mode):
        from policykg.loaders.pipeline import special_kind

        return _Decision(source, error=f"{special_kind(mode)}, not a regular file; only regular files are read")
    if size_mb > max_file_mb:
        return _Decision(source, error=f"{size_mb:.0f} MB is over the {max_file_mb:g} MB limit for one "
                                       "document; split the file, or raise the limit with --max-file-mb")
    sha, origin, note = _sha256(path), origin_of(path), None
    row = stored.get(source)
    if row and row["origin"] and row["origin"] != origin and row["sha256"] != sha and not replace:
        other = stored.get(qualified)
        if other is not None and other["origin"] not in (None, origin):
            return _Decision(source, error=f"a different file is already stored as {source}, and another as "
                                           f"{qualified}; give --replace to replace {source}, or load from a "
                                           "parent folder")
        if other is None:
            note = (f"{shown(path)}: a different file is already stored as {source}; both are kept, this one as "
                    f"{qualified} (--replace replaces {source} instead)")
        source, row = qualified, other
        first.setdefault(source, path)
    if row and row["sha256"] == sha:
        return _Decision(source, origin, unchanged=row["id"])
    if sha in by_sha and by_sha[sha] != source:
        other = by_sha[sha]
        said = f"already stored as {other}" if other in stored else f"the same as {other}'s, read earlier in this load"
        return _Decision(source, duplicate=other, note=f"skipped {shown(path)}: its bytes are {said}")
    if sha:
        by_sha.setdefault(sha, source)  # a later copy in this load is the duplicate
    return _Decision(source, origin, note=note)


def load_paths(store: Store, paths: Iterable[Path], workers: int | None = None, force: bool = False,
               on_file: Callable[[Path, str], None] | None = None,
               timeout: float = PARSE_TIMEOUT, max_file_mb: float | None = None,
               replace: bool = False, follow_links: bool = False,
               on_found: Callable[[int], None] | None = None) -> LoadSummary:
    """Load every file under ``paths`` into ``store``; returns what was loaded, unchanged, failed.

    ``workers`` parser processes (default: all cores); ``force`` reloads files whose
    bytes did not change; a file over ``max_file_mb`` (default :data:`MAX_FILE_MB`) fails
    without being read. ``on_found(n)`` is told how many files the paths hold, once, before
    any is read; ``on_file(path, status)`` is called after each file with ``"loaded"``,
    ``"unchanged"`` or ``"failed"`` (for progress bars).

    No document is lost or doubled without a word (``summary.notes``): a *different*
    file whose stored name is taken is kept beside it under its folder-qualified name
    (``b/x.txt``) unless ``replace``; a file whose bytes are already stored under
    another name is skipped. Reloading the same file (same path) replaces it.
    Raises InputError when the paths hold nothing to read.
    """
    found = scan(paths, follow_links)
    sources = found.sources
    summary = LoadSummary(notes=list(found.notes))
    if not sources:
        said = "; ".join(found.notes) or "no .txt .md .html .htm .docx .pdf or .sql files"
        raise InputError(f"nothing to read in {', '.join(shown(p) for p in paths)}: {said}")
    if on_found:
        on_found(len(sources))
    max_file_mb = max_file_mb or MAX_FILE_MB
    workers = workers if workers is not None else (os.cpu_count() or 1)
    to_parse: list[Path] = []
    rows = store.run(_STORED_SOURCES)
    stored = {r["source"]: r for r in rows}
    by_sha = {r["sha256"]: r["source"] for r in rows if r["sha256"]}
    first: dict[str, Path] = {}
    origins: dict[Path, str] = {}
    for path, source in sources.items():
        decision = _decide(path, source, found.qualified.get(path, source), stored, by_sha, first, replace, max_file_mb)
        if decision.note:
            summary.notes.append(decision.note)
        if decision.error:
            summary.failed.append((str(path), one_line(path, decision.error)))
        elif decision.duplicate:
            summary.duplicates.append((str(path), decision.duplicate))
        elif decision.unchanged is not None and not force:
            summary.unchanged.append(WriteResult(decision.source, decision.unchanged, "unchanged"))
        else:
            sources[path], origins[path] = decision.source, decision.origin
            to_parse.append(path)
            continue
        if on_file:
            on_file(path, "failed" if decision.error else "unchanged")
    group: list[Outcome] = []
    for outcome in parsed(to_parse, workers, timeout, ahead=GROUP_DOCS, sources=sources):
        if outcome.error is not None:
            _record(summary, outcome, None, outcome.error, on_file)
            continue
        group.append(replace_field(outcome, doc=replace_field(outcome.doc, origin=origins.get(outcome.path))))
        if outcome.doc.warnings:
            summary.warnings[outcome.doc.source] = tuple(outcome.doc.warnings)
        if group_full([o.doc for o in group]):
            write_group(store, group, force, summary, on_file)
            group = []
    write_group(store, group, force, summary, on_file)
    return summary


def write_group(store: Store, group: list[Outcome], force: bool, summary: LoadSummary,
                on_file: Callable[[Path, str], None] | None = None) -> None:
    """Write parsed documents in one transaction.

    One commit per document costs about as much as writing a small one, so the
    writer groups them; a crash still leaves whole documents, since a group
    commits or vanishes as a unit. When the store refuses the group (a
    :class:`PolicyKGError`: a document's own data), each document is written
    alone so only the culprit fails. Any other exception is a writer bug: every
    file of the group fails with it, named as what it is, and nothing is retried.
    """
    if not group:
        return
    check_space(store)  # a store that fills its disk mid-write cannot be closed cleanly; stop before
    if len(group) > 1:
        try:
            with store.transaction() as tx:
                results = write_many(tx, [o.doc for o in group], force=force)
        except Exception as err:  # noqa: BLE001 - sorted below
            if is_out_of_space(err):
                raise  # the disk failed, not a document: stop the run with one line
            if not isinstance(err, PolicyKGError):  # a writer bug: report it for the whole group, do not hide it
                detail = traceback.format_exc()
                names = ", ".join(str(o.path) for o in group)
                for outcome in group:
                    summary.details[str(outcome.path)] = detail
                    _record(summary, outcome, None, one_line(
                        outcome.path, f"unexpected {type(err).__name__} while writing a group of {len(group)} files "
                                      f"({names}): {err} (a policykg bug; nothing of the group was stored; please "
                                      "report it)"), on_file)
                return
            # a document's own data: find the culprit below, one document at a time
        else:
            for outcome, result in zip(group, results):
                _record(summary, outcome, result, None, on_file)
            return
    for outcome in group:
        try:
            with store.transaction() as tx:
                result = write_in(tx, outcome.doc, force=force)
        except PolicyKGError as err:
            if is_out_of_space(err):
                raise
            _record(summary, outcome, None, one_line(outcome.path, str(err)), on_file)
        except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
            summary.details[str(outcome.path)] = traceback.format_exc()
            _record(summary, outcome, None, one_line(outcome.path, f"unexpected {type(err).__name__} while writing: "
                                                                   f"{err} (a policykg bug; please report this file)"),
                    on_file)
        else:
            _record(summary, outcome, result, None, on_file)


def _record(summary: LoadSummary, outcome: Outcome, result: WriteResult | None, error: str | None,
            on_file: Callable[[Path, str], None] | None) -> None:
    if error is not None:
        summary.failed.append((str(outcome.path), error))
        if outcome.detail:
            summary.details[str(outcome.path)] = outcome.detail
    else:
        (summary.loaded if result.status == "loaded" else summary.unchanged).append(result)
    if on_file:
        on_file(outcome.path, "failed" if error is not None else result.status)
