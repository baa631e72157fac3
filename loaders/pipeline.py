"""File → :class:`~loaders.records.ParsedDocument`: the loader pipeline in one call.

``read`` (bytes → clean text) → ``structure`` (outline) → ``extract`` (facts) →
``resolve`` (entities, inside extract). Pure: no database, no network. The only
exception that escapes is :class:`errors.InputError`, with a one-line
message naming the file and the problem.

Example::

    >>> doc = parse_bytes("关于X的方案\\n一、任务\\n1.建立制度。（牵头单位：市发改局）".encode(), "x.txt", ".txt")
    >>> doc.title, [a.surface for a in doc.assignments]
    ('关于X的方案', ['市发改局'])
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from policykg.errors import InputError
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
