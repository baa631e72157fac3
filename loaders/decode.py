"""Bytes of unknown encoding → text: the decoding half of :mod:`loaders.read`.

Policy pages arrive in UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5,
and the encoding is decided from the bytes, never from the suffix.

>>> decode("市发改局".encode("gbk"))
'市发改局'
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def looks_binary(text: str) -> bool:
    sample = text[:4000]
    return bool(sample) and len(_CONTROL.findall(sample)) / len(sample) > 0.1


def decode(data: bytes, source: str = "") -> str:
    """Decode bytes whose encoding is unknown: UTF-8/16 with or without BOM, GB18030/GBK, Big5."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3:
            return data[: err.start].decode("utf-8")  # a download cut inside its last character
        if err.start >= len(data) // 2 and err.start >= 200:
            # mostly UTF-8 with a tail in another encoding (a table pasted from a GBK file):
            # decode each part in its own encoding, cutting at the line where the tail starts
            cut = data.rfind(b"\n", 0, err.start) + 1 or err.start
            try:
                head = data[:cut].decode("utf-8")
            except UnicodeDecodeError:
                head = None
            if head is not None:
                return head + decode(data[cut:], source)
    # GB18030 decodes almost any byte string, so "it decoded" proves nothing;
    # compare candidates by how much ordinary Chinese text they produce.
    best, best_score = None, -1.0
    for encoding in ("gb18030", "big5", "utf-8"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _chinese_score(text)
        if score > best_score:
            best, best_score = text, score
    if best is not None:
        return best
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
        if match is not None:
            return str(match)
    except Exception:  # charset-normalizer is a best effort; the fallback below always works
        pass
    if not data.strip():
        return ""
    return data.decode("gb18030", errors="replace")


# Characters that dominate government prose; a wrong decoding produces rare ones instead.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
    "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又利比或但质气第向道命此变条只没结解问"
    "意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图"
    "山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处府局市省县镇委办改革发展推进加快完善"
    "建立健全服务企业管理工作单位责任牵头配合经济社会，。、；：（）《》“”"
)


def _chinese_score(text: str) -> float:
    sample = text[:4000]
    if not sample:
        return 0.0
    return sum(ch in _COMMON for ch in sample) / len(sample)
