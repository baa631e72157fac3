"""A development corpus of real public policy pages, kept as addresses + sha256 + our own gold.

The pages themselves are never stored in this repository (only their public address,
the sha256 of their bytes and facts we wrote down by reading them): ``sources.json``
lists each page (GitHub repository, commit, path, sha256, genre, a one-line note) and
``gold.json`` holds the hand-checked facts in the ``policykg-gold/1`` format of
``../shared/gold/README.md`` (flags ``role_ambiguous`` / ``score_assignments`` /
``partial_assignments`` included).

Re-creating the pages needs a local git copy of each source repository (this machine
reaches GitHub only through the session's ``fetch`` tool, see SOURCES.md)::

    python -m benchmarks.devcorpus fetch ../devpages --mirrors MIRRORS
    python -m benchmarks.devcorpus score ../devpages
    python -m benchmarks.devcorpus verify ../devpages   # sha256 + every gold unit/title/citation readable in its page
    python -m benchmarks.devcorpus renditions ../devpages   # each page re-shaped (tests/renditions.py): what a shape loses

``fetch`` writes each page with ``git --git-dir MIRROR show COMMIT:PATH`` and refuses a
page whose bytes do not hash to the recorded sha256 (one line, nothing written).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold.json"
SOURCES = HERE / "sources.json"


@dataclass(frozen=True)
class Source:
    """Where one page of the dev corpus comes from and what its bytes hash to."""

    doc: str
    repo: str
    commit: str
    path: str
    sha256: str
    genre: str
    note: str


def sources(path: Path = SOURCES) -> list[Source]:
    """The pages listed in ``sources.json``."""
    rows = json.loads(path.read_text(encoding="utf-8"))["sources"]
    return [Source(**{k: r[k] for k in Source.__dataclass_fields__}) for r in rows]


def genres(path: Path = SOURCES) -> dict[str, str]:
    """File name → genre, for grouping scores."""
    return {s.doc: s.genre for s in sources(path)}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def mirror_dir(mirrors: Path, repo: str) -> Path:
    """The git directory the session's fetch tool leaves for ``owner/name`` (bare, or a checkout's ``.git``)."""
    base = mirrors / repo.replace("/", "+") / "repo"
    return base / ".git" if (base / ".git").is_dir() else base
