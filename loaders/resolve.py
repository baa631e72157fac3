"""Names → canonical entities: jurisdiction prefixes, abbreviations, aliases, sub-units, places.

A department name as printed carries three things: a jurisdiction (东阳市, or a
bare 市/区/省 meaning "ours"), an agency (often abbreviated: 发改局) and sometimes
a sub-unit (公安局横店派出所). :class:`Resolver` splits them, so that 市发改局 in a
东阳市 plan becomes ``dept:东阳市:发展和改革局`` with aliases 市发改局 and 发改局,
and 市发改局 in a 衢州市 plan becomes another department.

Lists inherit their first item's jurisdiction ("市财税局、国土局、水务局": all
three belong to the same 市) — callers pass the previous item's jurisdiction in.

The 市 of 市场监管局, 市委宣传部 or 市府办 belongs to the name and is kept
(:func:`strip_prefix`).

>>> r = Resolver("东阳市")
>>> d = r.department("市发改局")
>>> d.id, d.name, sorted(d.aliases)
('dept:东阳市:发展和改革局', '发展和改革局', ['发改局', '市发改局'])
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from policykg.loaders import rules
from policykg.loaders.dictionaries import abbreviations, gazetteer, national_agencies, trie_regex
from policykg.loaders.records import Department, Leader, Place

# 市/区/县/省 that is the jurisdiction, not the start of 市场…, 市委…, 市府…, 区政府…
_GENERIC = re.compile(r"^(省|市|区|县|州|镇|乡)(?!委|政府|府|场|人大|政协|直|级|属|长|民(?!政|族|宗)|区|县|容|政(?!法|务)|内|外|域|镇|乡|街)")
_ORGAN_OF = re.compile(r"^(省|市|区|县)(?=委|政府|府|人大|政协|直)")
_JURISDICTION_LEVELS = ("province", "city", "county", "district")
_SUB_UNIT = re.compile(r"^(.{2,12}?(?:局|委|厅|办))(.{2,14}?(?:派出所|分局|支队|大队|中队|所|站|中心|分中心|科|处|队))$")

_KIND_RULES = [
    ("party", re.compile(r"^中共|党委|党组|党工委|(?:市|区|县|省)委|宣传部|组织部|统战部|政法委|纪委|团委|机关工委")),
    ("enterprise", re.compile(r"(?:公司|集团|银行|有限|企业|供电局)$")),
    ("zone", re.compile(r"(?:开发区|高新区|园区|实验区|试验区|新区|示范区|管委会|合作区|保税区|功能区)$")),
    ("town", re.compile(r"(?:镇|乡|街道|镇政府|乡政府|街道办事处|办事处)$")),
]

_PREFIX_RE: re.Pattern[str] | None = None


def _place_prefix_re() -> re.Pattern[str]:
    global _PREFIX_RE
    if _PREFIX_RE is None:
        names = [e.name for e in gazetteer().entries if e.level in _JURISDICTION_LEVELS]
        _PREFIX_RE = re.compile("^(?:中共)?(" + trie_regex(names) + ")")
    return _PREFIX_RE


@lru_cache(maxsize=65536)
def split_prefix(surface: str) -> tuple[str, str]:
    """(jurisdiction prefix as printed, rest): 东阳市发改局 → (东阳市, 发改局); 市场监管局 → ('', 市场监管局)."""
    m = _place_prefix_re().match(surface)
    if m and len(surface) > m.end():
        rest = surface[m.end():]
        inner = _place_prefix_re().match(rest)
        if inner and len(rest) > inner.end() and not inner.group(0).startswith("中共"):
            # 成都市郫都区生态环境局: the innermost place is the jurisdiction, printed with its parent
            prefix, rest = surface[m.start(1):m.end() + inner.end()], rest[inner.end():]
            if _GENERIC.match(rest) is None and not rest.startswith(("委", "人民政府", "政府", "人大", "政协")):
                return prefix, rest
            return prefix, inner.group(1) + rest  # 成都市郫都区人民政府办公室 → 郫都区人民政府办公室
        if _GENERIC.match(rest) is None and not rest.startswith(("委", "人民政府", "政府", "人大", "政协")):
            return m.group(1), rest
        return m.group(1), surface  # 中共衢州市委…: the place is part of the organ's name
    g = _GENERIC.match(surface)
    if g and len(surface) > 2:
        return g.group(1), surface[1:]
    o = _ORGAN_OF.match(surface)
    if o:
        return o.group(1), surface  # 市委宣传部: jurisdiction 市, name keeps it
    return "", surface


def strip_prefix(surface: str) -> str:
    """The name without its jurisdiction prefix — the gold's ``core``."""
    return split_prefix(surface)[1]


@lru_cache(maxsize=65536)
def canonical(core: str) -> tuple[str, str]:
    """(canonical name, kind) of a prefix-free name via the abbreviation table."""
    table = abbreviations()
    for candidate in (core, re.sub(r"(?:部门|单位)$", "", core)):
        if candidate in table:
            return table[candidate]
    return core, kind_of(core)


@lru_cache(maxsize=65536)
def _place_of(core: str):
    """The town or zone a department is named after (横店镇政府 → 横店镇), if any."""
    gaz = gazetteer()
    return gaz.find(core) or gaz.find(_GOVERNMENT_SUFFIX.sub("", core))


_GOVERNMENT_SUFFIX = re.compile(r"(?:人民政府|政府|管委会)$")


def kind_of(name: str) -> str:
    for kind, pattern in _KIND_RULES:
        if pattern.search(name):
            return kind
    return "government"


class Resolver:
    """Resolves names for one document; remembers departments so aliases accumulate."""

    def __init__(self, jurisdiction: str = "", source: str = "", chain: list[str] | tuple[str, ...] = ()):
        self.jurisdiction = jurisdiction
        # the jurisdiction and its parents, also when the gazetteer does not know it (鼓楼区, 福州市, 福建省)
        self.chain = list(chain) or ([jurisdiction] if jurisdiction else [])
        # with no known jurisdiction, ids stay local to the file so that unrelated
        # documents' 市发改局 never merge into one node
        self.unknown_scope = f"?{source}" if source else "?"
        self._near: dict[str, list[str]] = {}  # a jurisdiction → the chain it was printed with
        self._scopes: dict[str, str] = {}
        self.departments: dict[str, Department] = {}
        self.leaders: dict[str, Leader] = {}
        self.places: dict[str, Place] = {}

    # -- jurisdictions
    def jurisdiction_for(self, prefix: str, inherited: str | None = None) -> str:
        """The place a printed prefix means in this document (市 in a 铜官区 plan is 铜陵市)."""
        if not prefix:
            return inherited if inherited is not None else self.jurisdiction
        if len(prefix) > 1:
            chain = find_place_chain(prefix) if len(prefix) > 3 else []
            if len(chain) > 1 and prefix.endswith(chain[0]):
                self._near[chain[0]] = chain  # 福州市鼓楼区 printed: that 鼓楼区, wherever the plan is
                return chain[0]
            return prefix
        gaz = gazetteer()
        chain = self.chain
        if len(chain) < 2:  # only a name: let the gazetteer supply its parents
            home = gaz.find(self.jurisdiction)
            chain = gaz.chain_names(home) if home is not None else chain
        for name in chain:
            entry = gaz.find(name)
            if name.endswith(prefix) or (prefix == "省" and entry is not None and entry.level == "province"):
                return name
        return self.jurisdiction

    def scope(self, jurisdiction: str) -> str:
        """The jurisdiction as written in ids: its short name, led by its parent when the
        gazetteer has namesakes (鼓楼区 of 福州市 → 福州市鼓楼区; 东阳市 stays 东阳市).

        Which namesake is meant comes from the chain the name was printed with, else the
        plan's own chain; with no evidence the short name stays (an honest "unknown which")."""
        if not jurisdiction:
            return self.unknown_scope
        cached = self._scopes.get(jurisdiction)
        if cached is not None:
            return cached
        gaz = gazetteer()
        namesakes = [e for e in gaz.by_name.get(jurisdiction, ()) if e.name == jurisdiction]
        scope = jurisdiction
        if len(namesakes) > 1:
            near = [n for n in self._near.get(jurisdiction, self.chain) if n != jurisdiction]
            entry = next((e for place in near for e in namesakes if place in gaz.chain_names(e)[1:]), None)
            if entry is not None and entry.parent:
                scope = entry.parent + jurisdiction
        self._scopes[jurisdiction] = scope
        return scope

    # -- departments
    def issuer(self, printed: str) -> tuple[str, Department]:
        """(name for the document's metadata, Department) of an issuer as printed.

        A central agency printed in the State Council's short form (税务总局办公厅) is named
        in full (国家税务总局办公厅) and keeps the printed form as an alias; any other issuer
        keeps its printed name and resolves like every department (:meth:`department`)."""
        full = national_name(printed, national_document=self.jurisdiction == NATIONAL)
        if full is None:
            return printed, self.department(printed)
        return full, self.department(full, NATIONAL, alias=printed)

    def department(self, surface: str, inherited: str | None = None, alias: str | None = None) -> Department:
        """The Department a printed name denotes; ``inherited`` is the jurisdiction of the list's previous item.

        A name printed in Traditional script (市財政局) is the same office as in simplified script:
        it resolves through its simplified spelling and keeps the printed one as an alias."""
        printed = surface
        surface = rules.simplified(surface)
        prefix, core = split_prefix(surface)
        jurisdiction = self.jurisdiction_for(prefix, inherited)
        name, kind = canonical(core)
        parent_id = None
        sub = _SUB_UNIT.match(core)
        if sub and core not in abbreviations():
            parent = self.department(sub.group(1), jurisdiction)
            parent_id = parent.id
            name, kind = core, parent.kind
        place_id = None
        place = _place_of(core)
        if place is not None and place.level in ("town", "zone", "county", "district"):
            place_id = self.place(place.name).id
        dept_id = f"dept:{self.scope(jurisdiction)}:{name}"
        aliases = {surface, core, printed} | ({alias} if alias else set())
        aliases.discard(name)
        old = self.departments.get(dept_id)
        if old is not None:
            if aliases <= set(old.aliases) and (old.parent_id or not parent_id) and (old.place_id or not place_id):
                return old  # nothing new learnt about it
            merged = tuple(sorted(set(old.aliases) | aliases))
            dept = replace(old, aliases=merged, parent_id=old.parent_id or parent_id, place_id=old.place_id or place_id)
        else:
            dept = Department(dept_id, name, jurisdiction, kind, tuple(sorted(aliases)), parent_id, place_id)
        self.departments[dept_id] = dept
        return dept

    def leader(self, name: str) -> Leader:
        leader_id = f"leader:{self.scope(self.jurisdiction)}:{name}"
        leader = self.leaders.setdefault(leader_id, Leader(leader_id, name, self.jurisdiction))
        return leader

    # -- places
    def place(self, name: str) -> Place:
        """The Place called ``name`` (a gazetteer name or short form), with its PART_OF chain recorded."""
        gaz = gazetteer()
        entry = gaz.find(name, near=self.chain or self.jurisdiction)
        if entry is None:
            parent_id = None
            if name == self.jurisdiction and len(self.chain) > 1 and gaz.find(self.chain[1]) is not None:
                parent_id = self.place(self.chain[1]).id  # an unknown district under a known city
            level = {"省": "province", "市": "city", "区": "district", "县": "county", "镇": "town", "乡": "town"}.get(name[-1:], "other")
            place_id = f"{parent_id}/{name}" if parent_id else f"place:{name}"
            return self.places.setdefault(place_id, Place(place_id, name, level, parent_id))
        chain = gaz.ancestors(entry)
        parent_id = None
        for node in reversed(chain):  # province first, so each parent exists before its child
            pid = gaz.place_id(node)
            self.places.setdefault(pid, Place(pid, node.name, node.level, parent_id))
            parent_id = pid
        return self.places[gaz.place_id(entry)]


# ----------------------------------------------------------------------------- jurisdictions

_PLACE_RE: re.Pattern[str] | None = None
NATIONAL = "中华人民共和国"  # the gazetteer's country entry: jurisdiction of 国务院, 国家发展改革委 …
_NATIONAL = re.compile(r"^(?:中共中央|国务院|全国人民代表大会|全国人大|中央|国家[\u4e00-\u9fa5]{2,12}(?:委员会|委|局|署|总局|部)(?:办公厅|办公室)?$|[\u4e00-\u9fa5]{1,6}部(?:办公厅)?$|[\u4e00-\u9fa5]{2,8}总局(?:办公厅|办公室)?$)")


_SUB_PLACE = re.compile(r"([\u4e00-\u9fa5]{1,4}?(?:区|县|市|旗))(?=人民政府|政府|委|党委|办公室|人大|政协|[\u4e00-\u9fa5]{0,6}(?:局|委|办))")
_ANY_PLACE = re.compile(r"(?:中共)?((?![各本全该我市区县])[\u4e00-\u9fa5]{1,5}?(?:省|自治区|市|区|县|旗))(?=人民政府|政府|委员会|委|党委|办公室|办公厅|人大|政协)")


def find_place(text: str) -> str:
    """The most specific place named in ``text``: 苏州市吴江区人民政府 → 吴江区, 中共衢州市委 → 衢州市.

    Gazetteer names first (the deepest one wins); a county-level name right after a
    known city is taken even when the gazetteer lacks it, and an office name such as
    某某县人民政府 yields 某某县 as a last resort.
    """
    chain = find_place_chain(text)
    return chain[0] if chain else ""


def find_place_chain(text: str) -> list[str]:
    """Like :func:`find_place`, with the known parents: 福州市鼓楼区 → [鼓楼区, 福州市, 福建省]."""
    global _PLACE_RE
    if _PLACE_RE is None:
        _PLACE_RE = re.compile(trie_regex([e.name for e in gazetteer().entries if e.level not in ("region", "country")]))
    gaz = gazetteer()
    best: list[str] = []
    previous: list[str] = []
    for m in _PLACE_RE.finditer(text):
        entry = gaz.find(m.group(0), near=previous)  # 福州市鼓楼区: the 鼓楼区 of 福州市
        chain = gaz.chain_names(entry) if entry else [m.group(0)]
        sub = _SUB_PLACE.match(text, m.end())
        if sub and not gaz.find(sub.group(1)):
            return [sub.group(1), *chain]  # a district the gazetteer lacks, under a city it knows
        if len(chain) > len(best):
            best = chain
        previous = chain
    if best:
        return best
    m = _ANY_PLACE.search(text)
    return [m.group(1)] if m else []


# what a central agency's name may add after the agency: its general office or a 司/局 inside it
_INTERNAL_UNIT = re.compile(r"^(?:办公厅|办公室|[\u4e00-\u9fa5]{1,10}(?:司|局|中心))?$")
_LOCAL_UNIT = re.compile(r"[省市县区州旗镇乡]")  # 税务总局某某省税务局: a local office of the agency


def national_name(printed: str, national_document: bool = False) -> str | None:
    """The full name of a central agency printed in its short form, else None.

    税务总局办公厅 → 国家税务总局办公厅 anywhere; 统计局 → 国家统计局 only in a national document
    (a 市 document's 统计局 is the 市's own office); a name with a place (市统计局) is local.

    >>> national_name("税务总局办公厅"), national_name("统计局"), national_name("统计局", True)
    ('国家税务总局办公厅', None, '国家统计局')
    >>> national_name("市统计局", True) is None, national_name("财政部") is None
    (True, True)
    """
    name = rules.simplified("".join(printed.split()))
    table = national_agencies()
    for end in range(len(name), 1, -1):  # the longest short form the name opens with
        entry = table.get(name[:end])
        if entry is None:
            continue
        full, only_national = entry
        rest = name[end:]
        if _INTERNAL_UNIT.match(rest) and not _LOCAL_UNIT.search(rest) and (only_national or national_document):
            return full + rest
        return None
    return None


def is_national(name: str) -> bool:
    """True for central organs (国务院办公厅, 国家发展改革委, 财政部): their jurisdiction is the country."""
    return bool(_NATIONAL.match(name))
