"""Shared fixtures: a real embedded store in a temp folder, and the seed corpus when present."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT.parent / "shared" / "gold" / "seeds.gold.json"
EXAMPLES = ROOT / "examples"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def store(tmp_path):
    from graph.open import open_store

    with open_store(db=tmp_path / "graph.lbdb") as s:
        yield s


@pytest.fixture
def seeds() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip("seed corpus ../shared/seeds is not beside the repository")
    return sorted(SEEDS.glob("*.txt"))
