"""Load files into a store: find them, parse each (in parallel), write each.

Each file succeeds or fails on its own: a failure is recorded with a one-line
reason and the batch goes on. Parsing is pure and runs in worker processes;
one writer (this process) sends each document in its own transaction, so a
crash leaves only whole documents behind.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from graph.errors import InputError, PolicyKGError
from graph.store import Store
from graph.writer import WriteResult, write_document

SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


@dataclass
class LoadSummary:
    loaded: list[WriteResult] = field(default_factory=list)
    unchanged: list[WriteResult] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)

    @property
    def ok(self) -> bool:
        return not self.failed


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively, following no link twice) into loadable files, sorted.

    Inside folders, README files are documentation, not policy documents, and are skipped;
    a file named explicitly is always loaded.
    """
    out: list[Path] = []
    seen: set[Path] = set()
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
                out += [Path(root) / f for f in sorted(files)
                        if Path(f).suffix.lower() in SUFFIXES and not f.upper().startswith("README")]
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def _parse(path: Path):
    from loaders.pipeline import parse_file

    try:
        return path, parse_file(path), None
    except PolicyKGError as err:
        return path, None, str(err)
    except Exception as err:  # noqa: BLE001 - a parser bug must not stop the batch
        return path, None, f"{path.name}: unexpected {type(err).__name__}: {err} (please report this file)"


def _parsed(files: list[Path], workers: int) -> Iterator[tuple]:
    if workers <= 1 or len(files) < 2:
        yield from map(_parse, files)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_parse, files, chunksize=4)


def load_paths(store: Store, paths: Iterable[Path], workers: int | None = None, force: bool = False,
               on_file: Callable[[Path, str], None] | None = None) -> LoadSummary:
    """Load every file under ``paths`` into ``store``; returns what was loaded, unchanged, failed.

    ``on_file(path, status)`` is called after each file (for progress bars).
    """
    files = find_files(paths)
    summary = LoadSummary()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    for path, doc, error in _parsed(files, workers):
        if error is None:
            try:
                result = write_document(store, doc, force=force)
            except PolicyKGError as err:
                error = f"{path}: {err}"
            else:
                (summary.loaded if result.status == "loaded" else summary.unchanged).append(result)
        if error is not None:
            summary.failed.append((str(path), error))
        if on_file:
            on_file(path, "failed" if error else "ok")
    return summary
