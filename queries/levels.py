"""The administrative level of a policy document: national, province, city, county …

A cited document is often only a stub (a title and a 文号), so its level is read
from what it says about itself: a loaded plan's jurisdiction, else the place its
title starts with (looked up in the project's gazetteer), else national issuers
(国务院, 中共中央, 国家…部门) or a national 文号 (国发, 国办发, 中发).

>>> document_level("浙江省人民政府关于支持山区县跨越式高质量发展的若干意见", "浙政发〔2021〕8号")
'province'
>>> document_level("国务院关于印发“十四五”数字经济发展规划的通知", "国发〔2021〕29号")
'national'
"""

from __future__ import annotations

_NATIONAL_TITLES = ("国务院", "中共中央", "中华人民共和国", "国家", "全国")
_NATIONAL_NUMBERS = ("国发", "国办发", "国函", "国办函", "中发", "中办发")


def document_level(title: str | None, doc_number: str | None = None, jurisdiction: str | None = None) -> str:
    """``national`` / ``province`` / ``city`` / ``county`` / ``district`` / … or ``unknown``."""
    from policykg.loaders.dictionaries import gazetteer

    title, doc_number = (title or "").strip("《》 "), (doc_number or "").strip()
    if title.startswith(_NATIONAL_TITLES) or doc_number.startswith(_NATIONAL_NUMBERS):
        return "national"
    places = gazetteer()
    for text in (jurisdiction or "", title):
        # the longest place name the text starts with (浙江省 before 浙江)
        for size in range(min(len(text), 12), 1, -1):
            entry = places.find(text[:size])
            if entry is not None:
                return "national" if entry.level == "country" else entry.level
    return "unknown"
