"""The project's dictionaries: data files under ``loaders/data/`` and their loaders.

* ``abbreviations.tsv`` — short form of an agency → canonical name and kind
  (发改局 → 发展和改革局, government).
* ``national_agencies.tsv`` — the State Council's short forms of central agencies → full
  name, and whether a local office prints the same form (税务总局 → 国家税务总局, national;
  统计局 → 国家统计局, shared).
* ``gazetteer.tsv`` — places with level, parent and safe short forms
  (东阳市, county, 金华市, 东阳).
* ``userdict.txt`` — jieba user dictionary (agency and policy words), extended at
  build time with every gazetteer name and abbreviation so names are never split.

Everything is loaded once and cached; nothing here runs at import time.
:func:`tokenizer` builds the project's own ``jieba.Tokenizer`` lazily (jieba's
module-level functions share global state, so they are never used).

>>> gazetteer().find("东阳市").parent
'金华市'
>>> abbreviations()["发改局"]
('发展和改革局', 'government')
>>> national_agencies()["税务总局"]
('国家税务总局', True)
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


def data_rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.rstrip("\n").split("\t"))
    return rows


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, str]]:
    """Short form → (canonical name, kind)."""
    table: dict[str, tuple[str, str]] = {}
    for row in data_rows("abbreviations.tsv"):
        short, canonical, kind = (row + ["", "", "government"])[:3]
        table[short] = (canonical or short, kind or "government")
    return table


@lru_cache(maxsize=1)
def national_agencies() -> dict[str, tuple[str, bool]]:
    """Short form of a central agency → (full name, True when only the central agency is called so)."""
    table: dict[str, tuple[str, bool]] = {}
    for row in data_rows("national_agencies.tsv"):
        short, full, scope = (row + ["", "", "shared"])[:3]
        if short and full:
            table[short] = (full, scope.strip() == "national")
    return table


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    level: str  # country / province / city / county / district / town / zone / region
    parent: str  # parent's name ('' for top level)
    aliases: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.parent}/{self.name}"


class Gazetteer:
    """Places by name and by safe short form, with their PART_OF chain."""

    def __init__(self, entries: list[PlaceEntry]):
        self.entries = entries
        self._chains: dict[PlaceEntry, list[PlaceEntry]] = {}
        self.by_name: dict[str, list[PlaceEntry]] = {}
        for e in entries:
            self.by_name.setdefault(e.name, []).append(e)
            for alias in e.aliases:
                self.by_name.setdefault(alias, []).append(e)

    def find(self, name: str, near: str | list[str] | tuple[str, ...] = "") -> PlaceEntry | None:
        """The place called ``name``; among namesakes prefer the one nearest ``near``.

        ``near`` is a place name or a chain of names (鼓楼区, 福州市, 福建省): a namesake
        under the closest of them wins, so 鼓楼区 near 福州市 is Fuzhou's, not Nanjing's.
        """
        candidates = self.by_name.get(name)
        if not candidates:
            return None
        if len(candidates) > 1 and near:
            home = [near] if isinstance(near, str) else list(near)
            if isinstance(near, str):
                home += self.chain(near)[1:]
            for place in home:
                for c in candidates:
                    if place in self.chain_names(c)[1:] or (place == c.name and place != name):
                        return c
        return candidates[0]

    def chain_names(self, entry: PlaceEntry) -> list[str]:
        return [e.name for e in self.ancestors(entry)]

    def chain(self, name: str) -> list[str]:
        entry = self.find(name)
        return self.chain_names(entry) if entry else []

    def ancestors(self, entry: PlaceEntry) -> list[PlaceEntry]:
        """``entry`` and its parents up to the province (横店镇, 东阳市, 金华市, 浙江省)."""
        cached = self._chains.get(entry)
        if cached is not None:
            return cached
        out, seen = [entry], {entry.name}
        while out[-1].parent and out[-1].parent not in seen:
            parents = self.by_name.get(out[-1].parent) or []
            parent = next((p for p in parents if p.name == out[-1].parent), None)
            if parent is None:
                break
            seen.add(parent.name)
            out.append(parent)
        self._chains[entry] = out
        return out

    def province_of(self, name: str) -> str:
        chain = self.chain(name)
        return next((n for n in reversed(chain) if n.endswith(("省", "自治区")) or n in ("北京市", "上海市", "天津市", "重庆市")), "")

    def city_of(self, name: str) -> str:
        entry = self.find(name)
        if entry is None:
            return ""
        return next((e.name for e in self.ancestors(entry) if e.level in ("city", "province")), "")

    def place_id(self, entry: PlaceEntry) -> str:
        return "place:" + "/".join(reversed(self.chain_names(entry)))

    def names(self) -> list[str]:
        return list(self.by_name)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    entries = []
    for row in data_rows("gazetteer.tsv"):
        name, level, parent, aliases = (row + ["", "", "", ""])[:4]
        entries.append(PlaceEntry(name, level, parent, tuple(a for a in aliases.split(",") if a)))
    return Gazetteer(entries)


def userdict_words() -> list[tuple[str, int | None, str | None]]:
    """Words of ``userdict.txt`` as (word, frequency, tag)."""
    words = []
    for line in (DATA / "userdict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            words.append((parts[0], freq, parts[2] if len(parts) > 2 else None))
    return words


def trie_regex(words: list[str]) -> str:
    """One regex alternation for many literal words, factored by common prefixes.

    Python's ``re`` tries alternatives one by one; sharing prefixes (东阳市|东阳 →
    东阳(?:市)?) makes scanning a long text with hundreds of names several times faster.
    Longer words win over their prefixes.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def render(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return f"(?:{body})?"
        return body

    return render(trie)


_LOCK = threading.Lock()
_TOKENIZER = None


def tokenizer():
    """The project's ``jieba.Tokenizer`` with its own words; built on first use, then shared."""
    global _TOKENIZER
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                _TOKENIZER = build_tokenizer()
    return _TOKENIZER


def build_tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for word, freq, tag in userdict_words():
        tok.add_word(word, freq, tag)
    for name in gazetteer().names():
        tok.add_word(name, 2000, "ns")
    for short, (canonical, _kind) in abbreviations().items():
        tok.add_word(short, 2000, "nt")
        tok.add_word(canonical, 2000, "nt")
    return tok


@lru_cache(maxsize=1)
def province_short_forms() -> dict[str, str]:
    """One-character 简称 → province (赣 → 江西省), from data/province_short.tsv."""
    return {row[0]: row[1] for row in data_rows("province_short.tsv") if len(row) >= 2}
