"""Bytes of unknown encoding → text: the decoding half of :mod:`loaders.read`.

Policy pages arrive in UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5,
and the encoding is decided from the bytes, never from the suffix.

>>> decode("市发改局".encode("gbk"))
'市发改局'
"""

from __future__ import annotations

import re
import unicodedata

# Characters no text file is made of: C0 controls (not tab/newline/CR/form feed), the
# replacement character, private-use and unassigned code points. Random bytes decoded
# as GB18030 give many of them; a real page, however badly saved, gives almost none.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
MAX_JUNK_RATIO = 0.05  # junk characters per character before a "text" file is refused as binary
SAMPLE = 65536  # characters looked at


def junk_ratio(text: str) -> float:
    """Share of characters that no text is made of (see ``_CONTROL``; unassigned code points too)."""
    sample = text[:SAMPLE]
    if not sample:
        return 0.0
    junk = len(_CONTROL.findall(sample))
    junk += sum(1 for ch in sample if ord(ch) > 0x2FFF and unicodedata.category(ch) == "Cn")
    return junk / len(sample)


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly characters no document contains (binary named .txt)."""
    return junk_ratio(text) > MAX_JUNK_RATIO


# A few bad bytes in an otherwise valid encoding (a stray 0xFF, a byte flipped in transit) are
# replaced and counted, not taken as proof of another encoding: at most this many, and at most
# one per this many well-formed multi-byte characters.
MAX_BAD_BYTES = 16
GOOD_PER_BAD = 20


def _tolerant(data: bytes, encoding: str) -> tuple[str, int] | None:
    """``data`` decoded with bad sequences replaced, and how many there were; None when too many."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    if bad <= 0:
        return text, 0
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if bad <= MAX_BAD_BYTES and wide >= GOOD_PER_BAD * bad:
        return text, bad
    return None


def decode(data: bytes, source: str = "", notes: list[str] | None = None) -> str:
    """Decode bytes whose encoding is unknown: UTF-8/16 with or without BOM, GB18030/GBK, Big5.

    A few bad bytes in an otherwise well-formed file are replaced with U+FFFD and counted
    in ``notes`` ("3 undecodable bytes replaced"), so one stray byte costs one character,
    not the whole text.
    """
    notes = notes if notes is not None else []
    if data.startswith(b"\xef\xbb\xbf"):
        return _counted(data[3:], "utf-8", notes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _counted(data, "utf-16", notes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3:
            try:
                return data[: err.start].decode("utf-8")  # a download cut inside its last character
            except UnicodeDecodeError:
                pass
        mostly = _tolerant(data, "utf-8")
        if mostly is not None:
            _note(notes, "UTF-8", mostly[1])
            return mostly[0]
        if err.start >= len(data) // 2 and err.start >= 200:
            # mostly UTF-8 with a tail in another encoding (a table pasted from a GBK file):
            # decode each part in its own encoding, cutting at the line where the tail starts
            cut = data.rfind(b"\n", 0, err.start) + 1 or err.start
            try:
                head = data[:cut].decode("utf-8")
            except UnicodeDecodeError:
                head = None
            if head is not None:
                return head + decode(data[cut:], source, notes)
    # GB18030 decodes almost any byte string, so "it decoded" proves nothing;
    # compare candidates by how much ordinary Chinese text they produce.
    best, best_score, best_bad, best_name = None, -1.0, 0, ""
    for encoding, name in (("gb18030", "GB18030"), ("big5", "Big5")):
        try:
            text, bad = data.decode(encoding), 0
        except UnicodeDecodeError:
            mostly = _tolerant(data, encoding)
            if mostly is None:
                continue
            text, bad = mostly
        score = _chinese_score(text)
        if score > best_score:
            best, best_score, best_bad, best_name = text, score, bad, name
    if best is not None:
        _note(notes, best_name, best_bad)
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
    return _counted(data, "gb18030", notes)


def _counted(data: bytes, encoding: str, notes: list[str]) -> str:
    text = data.decode(encoding, errors="replace")
    _note(notes, encoding.upper(), text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd"))
    return text


def _note(notes: list[str], encoding: str, bad: int) -> None:
    if bad > 0:
        notes.append(f"decoded as {encoding} with {bad} undecodable byte{'s' if bad > 1 else ''} replaced by U+FFFD")


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
