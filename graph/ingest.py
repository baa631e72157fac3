"""Load files into a store: find them, parse each (in parallel), write each.

Each file succeeds or fails on its own: a failure is recorded with a one-line
reason naming the file, and the batch goes on. Parsing is pure and runs in
worker processes (``workers``; a parser that crashes or hangs costs only its
file); one writer (this process) writes documents in file order, a small group
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
import multiprocessing
import os
import signal
import traceback
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from policykg.errors import InputError, PolicyKGError
from policykg.graph.store import Store
from policykg.graph.writer import WriteResult, write_in, write_many

SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}
PARSE_TIMEOUT = 600.0  # seconds one file may take in a worker before it is given up on
# One policy document is at most a few MB of text; a bigger file is a dump, an archive or a
# page full of inline images, and parsing it (~0.3 MB/s) would stall the batch for minutes.
MAX_FILE_MB = 32
# Documents written per transaction: a group is written with a few statements per label and type
# (graph/planner.py), so larger groups spread each statement's fixed cost over more documents
# (benchmarks/bench_load.py: 16 → 64 cut writing time per document by about a third).
GROUP_DOCS = 64
GROUP_TASKS = 2000

_STORED_SOURCES = "MATCH (p:Plan) WHERE p.source IS NOT NULL RETURN p.source AS source, p.sha256 AS sha256, p.id AS id"


@dataclass
class LoadSummary:
    loaded: list[WriteResult] = field(default_factory=list)
    unchanged: list[WriteResult] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    details: dict[str, str] = field(default_factory=dict)  # path -> traceback, for --verbose

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class _Outcome:
    path: Path
    doc: object | None = None  # ParsedDocument
    error: str | None = None
    detail: str | None = None


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively, following no link twice) into loadable files, sorted.

    Inside folders, README files are documentation, not policy documents, and are skipped;
    a file named explicitly is always loaded.
    """
    return list(find_sources(paths))


def find_sources(paths: Iterable[Path]) -> dict[Path, str]:
    """:func:`find_files`, each with the name it is stored under (a document's ``source``).

    A file named explicitly is stored under its file name; a file found in a folder under
    its path inside that folder (``2021/通知.html``), so same-named files in different
    sub-folders stay apart while a flat folder's files keep their plain names.
    """
    out: dict[Path, str] = {}
    seen: set[Path] = set()
    reached: set[Path] = set()  # one file reached twice (named and in its folder, two spellings) is loaded once

    def add(file: Path, source: str) -> None:
        real = file.resolve()
        if real not in reached:
            reached.add(real)
            out[file] = source

    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=True):
                real = Path(root).resolve()
                if real in seen:  # a symlink loop, or a folder reached twice
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs.sort()
                for f in sorted(files):
                    if Path(f).suffix.lower() in SUFFIXES and not f.upper().startswith("README"):
                        add(Path(root) / f, (Path(root) / f).relative_to(path).as_posix())
        else:
            add(path, path.name)
    return out


def one_line(path: Path, message: str) -> str:
    """A failure as one line that starts with the file: ``path: what is wrong, what to do``."""
    message = " ".join(str(message).split())
    if message.startswith(str(path)):
        return message
    if message.startswith(path.name):
        return f"{path}{message[len(path.name):]}"
    return f"{path}: {message}"


def _parse(path: Path, source: str | None = None) -> _Outcome:
    from policykg.loaders.pipeline import parse_file

    try:
        return _Outcome(path, doc=parse_file(path) if source in (None, path.name) else parse_file(path, source=source))
    except PolicyKGError as err:
        message = str(err)
        if source and message.startswith(f"{source}:"):  # the parser names the file by its source
            message = f"{path}{message[len(source):]}"
        return _Outcome(path, error=one_line(path, message))
    except Exception as err:  # noqa: BLE001 - a parser bug must not stop the batch
        return _Outcome(path, error=one_line(path, f"unexpected {type(err).__name__} while parsing: {err} "
                                                   "(a policykg bug; please report this file)"),
                        detail=traceback.format_exc())


def _size_mb(path: Path) -> float:
    try:
        return path.stat().st_size / 1e6
    except OSError:
        return 0.0  # the parser reports why


def _sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None  # the parser reports why


def _die_with_parent(parent: int) -> None:
    """Worker start-up: exit when the loading process dies, even by SIGKILL, instead of lingering.

    Workers also yield the CPU to the writer: there is one writer and it is the slower
    stage, so when cores are short, time given to parsing ahead of it is time lost.
    """
    try:
        os.nice(5)
    except OSError:
        pass
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # elsewhere an orphaned worker idles until its queue closes
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class _Pool:
    """Worker processes that parse, and survive a worker dying or hanging on one file."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers, self.timeout = workers, timeout
        # fork: workers start at once with the parent's modules, and need no importable __main__
        # (spawn and forkserver re-run a script that lacks a main guard). Workers never touch the store.
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context, initializer=_die_with_parent,
                                   initargs=(os.getpid(),))

    def submit(self, path: Path, source: str | None = None) -> Future:
        return self.pool.submit(_parse, path, source)

    def restart(self) -> None:
        self.close()
        self.pool = self._new()

    def alone(self, path: Path, source: str | None = None) -> _Outcome:
        """Parse one file in a fresh process of its own, to tell a culprit from a bystander."""
        single = ProcessPoolExecutor(max_workers=1, mp_context=self.context, initializer=_die_with_parent,
                                     initargs=(os.getpid(),))
        try:
            return single.submit(_parse, path, source).result(timeout=self.timeout)
        except BrokenProcessPool:
            return _Outcome(path, error=one_line(path, "the parser process died reading this file (out of memory, "
                                                       "or a crash in a library); please report this file"))
        except FutureTimeout:
            return _Outcome(path, error=one_line(path, f"parsing took longer than {self.timeout:.0f} s and was "
                                                       "stopped; split the file or report it"))
        finally:
            for proc in list(getattr(single, "_processes", {}).values()):
                proc.kill()
            single.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        for proc in list((getattr(self.pool, "_processes", None) or {}).values()):
            if proc.is_alive():
                proc.kill()  # a hung worker (or an interrupted load): nothing else stops it
        self.pool.shutdown(wait=True, cancel_futures=True)


def parsed(files: list[Path], workers: int, timeout: float = PARSE_TIMEOUT, ahead: int = 0,
           sources: dict[Path, str] | None = None) -> Iterator[_Outcome]:
    """Parse ``files`` with ``workers`` processes; yield outcomes in file order.

    At most a few files per worker (plus ``ahead``: the writer's group, so workers keep
    parsing while it writes) are in flight, so memory stays bounded however slow the writer is. When a worker dies or a file exceeds ``timeout``, the
    files in flight are parsed again, each alone, so only the culprit fails.
    """
    if workers <= 1 or len(files) < 2:
        yield from (_parse(f, (sources or {}).get(f)) for f in files)
        return
    pool = _Pool(workers, timeout)
    pending: deque[tuple[Path, Future]] = deque()
    todo = iter(files)
    try:
        while True:
            while len(pending) < workers * 4 + ahead and (path := next(todo, None)) is not None:
                pending.append((path, pool.submit(path, (sources or {}).get(path))))
            if not pending:
                return
            path, future = pending.popleft()
            try:
                yield future.result(timeout=timeout)
            except (BrokenProcessPool, FutureTimeout):
                again = [path, *(p for p, _ in pending)]
                pending.clear()
                pool.restart()
                for p in again:
                    yield pool.alone(p, (sources or {}).get(p))
    finally:
        pool.close()


def load_paths(store: Store, paths: Iterable[Path], workers: int | None = None, force: bool = False,
               on_file: Callable[[Path, str], None] | None = None,
               timeout: float = PARSE_TIMEOUT, max_file_mb: float = MAX_FILE_MB) -> LoadSummary:
    """Load every file under ``paths`` into ``store``; returns what was loaded, unchanged, failed.

    ``workers`` parser processes (default: all cores); ``force`` reloads files whose
    bytes did not change; a file over ``max_file_mb`` fails without being read.
    ``on_file(path, status)`` is called after each file with ``"loaded"``,
    ``"unchanged"`` or ``"failed"`` (for progress bars).
    """
    sources = find_sources(paths)
    summary = LoadSummary()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    to_parse: list[Path] = []
    stored = {} if force else {r["source"]: r for r in store.run(_STORED_SOURCES)}
    first: dict[str, Path] = {}
    for path, source in sources.items():
        row = stored.get(source) if stored else None
        if first.setdefault(source, path) != path:  # e.g. a/x.txt and b/x.txt given as folders a/ and b/
            summary.failed.append((str(path), one_line(path, f"stored under the same name ({source}) as "
                                                             f"{first[source]}, which this load already has; "
                                                             "load it on its own or from a parent folder")))
            if on_file:
                on_file(path, "failed")
        elif _size_mb(path) > max_file_mb:
            summary.failed.append((str(path), one_line(path, f"{_size_mb(path):.0f} MB is over the {max_file_mb:g} MB "
                                                             "limit for one document; split the file, or raise "
                                                             "the limit with --max-file-mb")))
            if on_file:
                on_file(path, "failed")
        elif row and row["sha256"] == _sha256(path):
            summary.unchanged.append(WriteResult(row["source"], row["id"], "unchanged"))
            if on_file:
                on_file(path, "unchanged")
        else:
            to_parse.append(path)
    group: list[_Outcome] = []
    for outcome in parsed(to_parse, workers, timeout, ahead=GROUP_DOCS, sources=sources):
        if outcome.error is not None:
            _record(summary, outcome, None, outcome.error, on_file)
            continue
        group.append(outcome)
        if len(group) >= GROUP_DOCS or sum(len(o.doc.tasks) for o in group) >= GROUP_TASKS:
            write_group(store, group, force, summary, on_file)
            group = []
    write_group(store, group, force, summary, on_file)
    return summary


def write_group(store: Store, group: list[_Outcome], force: bool, summary: LoadSummary,
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
    if len(group) > 1:
        try:
            with store.transaction() as tx:
                results = write_many(tx, [o.doc for o in group], force=force)
        except PolicyKGError:
            pass  # find the culprit below, one document at a time
        except Exception as err:  # noqa: BLE001 - a writer bug: report it for the whole group, do not hide it
            detail = traceback.format_exc()
            names = ", ".join(str(o.path) for o in group)
            for outcome in group:
                summary.details[str(outcome.path)] = detail
                _record(summary, outcome, None, one_line(
                    outcome.path, f"unexpected {type(err).__name__} while writing a group of {len(group)} files "
                                  f"({names}): {err} (a policykg bug; nothing of the group was stored; please report "
                                  "it)"), on_file)
            return
        else:
            for outcome, result in zip(group, results):
                _record(summary, outcome, result, None, on_file)
            return
    for outcome in group:
        try:
            with store.transaction() as tx:
                result = write_in(tx, outcome.doc, force=force)
        except PolicyKGError as err:
            _record(summary, outcome, None, one_line(outcome.path, str(err)), on_file)
        except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
            summary.details[str(outcome.path)] = traceback.format_exc()
            _record(summary, outcome, None, one_line(outcome.path, f"unexpected {type(err).__name__} while writing: "
                                                                   f"{err} (a policykg bug; please report this file)"),
                    on_file)
        else:
            _record(summary, outcome, result, None, on_file)


def _record(summary: LoadSummary, outcome: _Outcome, result: WriteResult | None, error: str | None,
            on_file: Callable[[Path, str], None] | None) -> None:
    if error is not None:
        summary.failed.append((str(outcome.path), error))
        if outcome.detail:
            summary.details[str(outcome.path)] = outcome.detail
    else:
        (summary.loaded if result.status == "loaded" else summary.unchanged).append(result)
    if on_file:
        on_file(outcome.path, "failed" if error is not None else result.status)
