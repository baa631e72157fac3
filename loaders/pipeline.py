"""File → :class:`~loaders.records.ParsedDocument`: the loader pipeline in one call.

``read`` (bytes → clean text) → ``structure`` (outline) → ``extract`` (facts) →
``resolve`` (entities, inside extract). Pure: no database, no network. The only
exception that escapes is :class:`errors.InputError`, with a one-line
message naming the file and the problem.

Many files: :func:`parsed` parses them in worker processes and yields an
:class:`Outcome` per file, in order. Each worker has a memory budget per file and
a timeout, and a worker that dies or hangs costs only the file it was reading.

Example::

    >>> doc = parse_bytes("关于X的方案\\n一、任务\\n1.建立制度。（牵头单位：市发改局）".encode(), "x.txt", ".txt")
    >>> doc.title, [a.surface for a in doc.assignments]
    ('关于X的方案', ['市发改局'])
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import stat
import traceback
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from policykg.errors import InputError, PolicyKGError, shown
from policykg.loaders.dictionaries import tokenizer as default_tokenizer
from policykg.loaders.extract import extract
from policykg.loaders.read import read_bytes
from policykg.loaders.records import ParsedDocument, digest
from policykg.loaders.structure import parse_outline

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".sql")


def parse_file(path: Path, tokenizer=None, source: str | None = None) -> ParsedDocument:
    """Read and parse one file; ``tokenizer`` defaults to the project's shared jieba.Tokenizer.

    ``source`` is the name the document is stored under (default: the file name).
    """
    path = Path(path)
    data = read_regular(path)
    return parse_bytes(data, source or path.name, path.suffix, tokenizer)


MAX_READ_MB = 1024  # a hard stop for one read, whatever limit the caller checked before


def read_regular(path: Path, limit_mb: float = MAX_READ_MB) -> bytes:
    """The bytes of a regular file; a FIFO, device, socket or folder is refused, never read.

    ``/dev/zero`` never ends and a FIFO blocks until someone writes, so the file is
    opened without blocking and checked *after* opening (no race with a swapped link);
    reading stops past ``limit_mb`` even if the file grows meanwhile.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: {special_kind(mode)}, not a regular file; only regular files are read")
        limit = int(limit_mb * 1_000_000)
        chunks, size = [], 0
        try:
            while size <= limit and (chunk := fh.read(min(1 << 22, limit + 1 - size))):
                chunks.append(chunk)
                size += len(chunk)
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        data = b"".join(chunks)
    if len(data) > limit:
        raise InputError(f"{path}: over {limit_mb:g} MB; not read")
    return data


def special_kind(mode: int) -> str:
    """What a non-regular file is, in words: 'a FIFO', 'a device', 'a socket', 'a folder'."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def parse_bytes(data: bytes, source: str, suffix: str, tokenizer=None) -> ParsedDocument:
    """Parse a document given as bytes; ``source`` names it in spans and messages."""
    if not data.strip():
        raise InputError(f"{source}: the file is empty")
    page = read_bytes(data, source, suffix)
    if not page.text.strip():
        raise InputError(f"{source}: no text left after removing page noise; is this a policy document?")
    try:
        outline = parse_outline(page.text, source, page.meta)
        facts = extract(outline, tokenizer if tokenizer is not None else default_tokenizer())
    except InputError:
        raise
    except (ValueError, IndexError, KeyError, RecursionError) as exc:  # a bug or a shape we do not know
        raise InputError(f"{source}: cannot be parsed ({type(exc).__name__}: {exc}); please report this file") from exc
    resolver = facts.resolver
    return ParsedDocument(
        source=source,
        sha256=digest(data),
        text=page.text,
        title=outline.title,
        doc_number=outline.doc_number,
        date=outline.date,
        jurisdiction=outline.jurisdiction,
        title_span=outline.title_span,
        issuers=tuple(facts.issuers),
        tasks=tuple(facts.tasks),
        assignments=tuple(facts.assignments),
        goals=tuple(facts.goals),
        citations=tuple(facts.citations),
        mentions=tuple(facts.mentions),
        departments=tuple(resolver.departments.values()),
        leaders=tuple(resolver.leaders.values()),
        places=tuple(resolver.places.values()),
        warnings=tuple(page.warnings) + tuple(facts.warnings),
    )


# ----------------------------------------------------------------------------- many files, in workers

PARSE_TIMEOUT = 600.0  # seconds one file may take in a worker before it is given up on
# Address space one parser worker may add while reading one file (on top of the code and the
# tokenizer it starts with). Real documents need well under 200 MB; what needs more is hostile.
MEMORY_BUDGET_MB = 768


@dataclass(frozen=True)
class Outcome:
    """One file's result from :func:`parsed`: its document, or the one line saying why there is none."""

    path: Path
    doc: object | None = None  # ParsedDocument
    error: str | None = None
    detail: str | None = None


def one_line(path: Path, message: str) -> str:
    """A failure as one line that starts with the file: ``path: what is wrong, what to do``."""
    message = " ".join(shown(message).split())
    where, name = shown(path), shown(path.name)
    if message.startswith(where):
        return message
    if message.startswith(name):
        return f"{where}{message[len(name):]}"
    return f"{where}: {message}"


def _parse(path: Path, source: str | None = None) -> Outcome:
    try:
        return Outcome(path, doc=parse_file(path) if source in (None, path.name) else parse_file(path, source=source))
    except PolicyKGError as err:
        message = str(err)
        if source and message.startswith(f"{source}:"):  # the parser names the file by its source
            message = f"{path}{message[len(source):]}"
        return Outcome(path, error=one_line(path, message))
    except MemoryError:  # the worker's address-space budget (see _limit_memory) ran out
        return Outcome(path, error=one_line(path, f"needs more than the {MEMORY_BUDGET_MB} MB memory budget for one "
                                                   "file and was stopped; split the file or report it"))
    except Exception as err:  # noqa: BLE001 - a parser bug must not stop the batch
        return Outcome(path, error=one_line(path, f"unexpected {type(err).__name__} while parsing: {err} "
                                                   "(a policykg bug; please report this file)"),
                        detail=traceback.format_exc())


def _limit_memory(budget_mb: int) -> None:
    """Cap this worker's address space at what it uses now plus ``budget_mb``.

    A hostile file that slips past the readers' own bounds then ends in a MemoryError
    (one line for its file) instead of the machine's OOM killer (exit 137, no message).
    The cap is relative: a forked worker inherits the store's large virtual reservations.
    """
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as fh:
            size = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
        limit = size + budget_mb * 1024 * 1024
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, StopIteration, ValueError):
        pass  # not Linux: the parent's timeout and crash handling still bound the damage


def _worker_start(parent: int, budget_mb: int) -> None:
    """Worker start-up: die with the parent, load the tokenizer, then cap memory per file."""
    _die_with_parent(parent)
    _warm_tokenizer()  # before the cap, so the budget is what one file may use
    _limit_memory(budget_mb)


def _warm_tokenizer() -> None:
    try:
        default_tokenizer()
    except Exception:  # noqa: BLE001 - the first parse reports any real problem with the dictionaries
        pass


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


@contextmanager
def _frozen_collector() -> Iterator[None]:
    """Fork workers with every object of this process frozen (``gc.freeze``), as Python's docs advise for fork.

    A forked worker's garbage collector then never visits what it inherited: not the
    loading process's unreachable cycles, whose finalizers (an open store's native
    results, held by the parent's threads and locks) must never run in a copy of it.
    The parent unfreezes as soon as the worker is started.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _Pool:
    """Worker processes that parse, and survive a worker dying or hanging on one file."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers, self.timeout = workers, timeout
        # fork: workers start at once with the parent's modules, and need no importable __main__
        # (spawn and forkserver re-run a script that lacks a main guard). Workers never touch the store.
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        if self.context.get_start_method() == "fork":
            _warm_tokenizer()  # once here, shared by every forked worker, instead of once per worker
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context, initializer=_worker_start,
                                   initargs=(os.getpid(), MEMORY_BUDGET_MB))

    def submit(self, path: Path, source: str | None = None) -> Future:
        with _frozen_collector():  # a submit may fork a worker
            return self.pool.submit(_parse, path, source)

    def restart(self) -> None:
        self.close()
        self.pool = self._new()

    def alone(self, path: Path, source: str | None = None) -> Outcome:
        """Parse one file in a fresh process of its own, to tell a culprit from a bystander."""
        single = ProcessPoolExecutor(max_workers=1, mp_context=self.context, initializer=_worker_start,
                                     initargs=(os.getpid(), MEMORY_BUDGET_MB))
        try:
            with _frozen_collector():
                future = single.submit(_parse, path, source)
            return future.result(timeout=self.timeout)
        except (BrokenProcessPool, FutureTimeout) as err:
            return self.verdict(path, err)
        finally:
            for proc in list(getattr(single, "_processes", {}).values()):
                proc.kill()
            single.shutdown(wait=True, cancel_futures=True)

    def verdict(self, path: Path, err: BaseException) -> Outcome:
        """The one line for a file whose worker died (``BrokenProcessPool``) or ran out of time."""
        if isinstance(err, BrokenProcessPool):
            return Outcome(path, error=one_line(path, "the parser process died reading this file (out of memory, "
                                                       "or a crash in a library); please report this file"))
        return Outcome(path, error=one_line(path, f"parsing took longer than {self.timeout:.0f} s and was "
                                                   "stopped; split the file or report it"))

    def close(self) -> None:
        for proc in list((getattr(self.pool, "_processes", None) or {}).values()):
            if proc.is_alive():
                proc.kill()  # a hung worker (or an interrupted load): nothing else stops it
        self.pool.shutdown(wait=True, cancel_futures=True)


def parsed(files: list[Path], workers: int, timeout: float = PARSE_TIMEOUT, ahead: int = 0,
           sources: dict[Path, str] | None = None) -> Iterator[Outcome]:
    """Parse ``files`` with ``workers`` processes; yield outcomes in file order.

    At most a few files per worker (plus ``ahead``: the writer's group, so workers keep
    parsing while it writes) are in flight, so memory stays bounded however slow the writer is.
    When a worker dies or a file exceeds ``timeout``, the files in flight are parsed again,
    each alone, so only the culprit fails. One file, or one worker, is parsed in a worker
    process too: its memory budget and timeout hold however the load was asked for.
    """
    if not files:
        return
    pool = _Pool(max(1, min(workers, len(files))), timeout)
    pending: deque[tuple[Path, Future]] = deque()
    todo = iter(files)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < workers * 4 + ahead:
                if (path := next(todo, None)) is None:
                    exhausted = True
                    break
                pending.append((path, pool.submit(path, (sources or {}).get(path))))
            if not pending:
                return
            path, future = pending.popleft()
            try:
                yield future.result(timeout=timeout)
            except (BrokenProcessPool, FutureTimeout) as err:
                again = [path, *(p for p, _ in pending)]
                pending.clear()
                pool.restart()
                if len(again) == 1 and exhausted:  # the only file in flight: no bystander to clear
                    yield pool.verdict(path, err)
                    continue
                for p in again:
                    yield pool.alone(p, (sources or {}).get(p))
    finally:
        pool.close()
