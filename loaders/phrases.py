"""The ways a page says who does a task, as families read from ``data/role_phrases.tsv``.

Assignment wording varies far more than its meaning. One family per meaning:

* ``label`` — a list label before a colon, by kind: ``leader`` (牵头领导, 牵头负责领导),
  ``lead`` (牵头单位, 牵头责任单位, 主办单位), ``coop`` (配合单位, 协同责任单位, 推进单位),
  ``responsible`` (责任单位: nobody is said to lead; one unit leads, several form one
  pool) and ``contact`` (负责人, 联系人: never leaders);
* ``verb`` — a list followed by a verb: （A、B牵头，C、D等参与）, （A主办，B、C协办）, （A负责）;
* ``first_leads`` — the page's own rule 列第一位者为牵头单位 / 排在第一位的部门为牵头部门;
* ``header`` — a table column heading → its role (序号, 牵头领导, 责任单位负责人 …).

Traditional-script pages (牽頭單位, 配合單位, 負責) are matched after :func:`simplified`,
a character-for-character map (``data/traditional.tsv``) that keeps every offset, so a
name found in the simplified copy is cut from the printed text at the same place.

>>> kind_of_label("牽頭單位")
'lead'
>>> bool(first_leads_rule().search("责任单位列第一位者为牵头单位，下同"))
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from policykg.loaders.dictionaries import data_rows

KINDS = ("leader", "lead", "coop", "responsible", "contact")


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], tuple[str, ...]]:
    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for family, kind, phrases, *_ in data_rows("role_phrases.tsv"):
        table[(family, kind)] = table.get((family, kind), ()) + tuple(p for p in phrases.split("|") if p)
    return table


def phrases(family: str, kind: str) -> tuple[str, ...]:
    """The phrases of one family and kind, as listed (``phrases("verb", "lead")``)."""
    return _table().get((family, kind), ())


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """Every list label → its kind (leader / lead / coop / responsible / contact)."""
    out: dict[str, str] = {}
    for kind in KINDS:
        for label in phrases("label", kind):
            out.setdefault(label, kind)
    return out


def kind_of_label(label: str) -> str:
    """The kind of a printed label, Traditional script included; unknown labels ending in
    领导 are leaders, starting with 牵头 lead, anything else cooperates."""
    label = simplified(label)
    kind = labels().get(label)
    if kind:
        return kind
    if label.endswith("领导"):
        return "leader"
    return "lead" if label.startswith("牵头") else "coop"


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first (so 牵头单位 wins over 牵头)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def first_leads_rule() -> re.Pattern[str]:
    """The page's rule that the first unit of a list leads (列第一位者为牵头单位)."""
    return re.compile("|".join(phrases("first_leads", "pattern")))


@lru_cache(maxsize=1)
def header_roles() -> list[tuple[str, re.Pattern[str]]]:
    """(role, pattern) for table column headings, in the order they are tried."""
    return [(kind, re.compile(pattern)) for family, kind, pattern, *_ in data_rows("role_phrases.tsv") if family == "header"]


@lru_cache(maxsize=1)
def header_words() -> re.Pattern[str]:
    """A whole line made only of table heading words (序号 项目名称 牵头领导 …, spaced or glued)."""
    word = alternation(phrases("header_word", "words"))
    return re.compile(rf"^\s*(?:(?:{word})\s*){{3,}}$")


@lru_cache(maxsize=1)
def _t2s() -> dict[int, str]:
    return {ord(t): s for t, s, *_ in data_rows("traditional.tsv") if len(t) == 1 and len(s) == 1}


@lru_cache(maxsize=8)
def simplified(text: str) -> str:
    """``text`` with Traditional characters written in simplified script, same length and offsets."""
    return text.translate(_t2s())
