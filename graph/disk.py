"""Free space for the embedded store: stop a load cleanly before the disk fills.

LadybugDB commits to a write-ahead log (``graph.lbdb.wal``) and copies it into the
database file at a checkpoint (on close, and when the log passes
``CHECKPOINT_BYTES``). A checkpoint writes 1.3 times the log into the database file (300 documents:
9.9 MB of log became 12.7 MB), plus shadow copies of the pages it replaces, so a store keeps three
times its log free to close. When a write to the log itself fails for lack of space, LadybugDB cannot
close that database any more (its close aborts the process), so the loader checks
before each group of documents instead of finding out mid-write:

    >>> check_space(store)            # doctest: +SKIP
    StoreError: /data: 41 MB free on this disk, under the 64 MB a safe write needs …

A Neo4j store manages its own disk; the check applies to the embedded store only.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from policykg.errors import StoreError
from policykg.graph.store import Store

MIN_FREE_BYTES = 64 * 1024 * 1024  # room for one group of documents and the pages it touches
_FULL_HINTS = ("no space left", "cannot write to file", "disk full", "quota exceeded")


def wal_bytes(db_path: Path) -> int:
    """Bytes in the store's write-ahead log (0 when there is none)."""
    try:
        return os.stat(f"{db_path}.wal").st_size
    except OSError:
        return 0


def needed_bytes(db_path: Path) -> int:
    """Free space to keep: the margin, plus what a checkpoint of the current log writes."""
    return MIN_FREE_BYTES + 3 * wal_bytes(db_path)


def check_space(store: Store) -> None:
    """Raise :class:`StoreError` when the embedded store's disk is too full to write and close safely."""
    if getattr(store, "dialect", None) != "ladybug":
        return
    db_path = Path(store.location)
    folder = db_path.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # the store reports its own error when it cannot write
    need = needed_bytes(db_path)
    if free < need:
        raise StoreError(f"{folder}: {free / 2**20:.1f} MB free on this disk, under the {need / 2**20:.1f} MB the "
                         "store needs to write and checkpoint safely; stopped before writing more (every document "
                         "committed so far is kept): free some space and run the same command again")


def is_out_of_space(err: BaseException) -> bool:
    """Whether ``err`` says a write failed for lack of space (ENOSPC, or LadybugDB's IO message)."""
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(err).lower()
    return any(hint in text for hint in _FULL_HINTS)
