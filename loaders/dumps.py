"""Database dumps: the document inside a SQL ``INSERT`` row of a CMS backup.

A CMS keeps an article as one row: an id, a title, a summary cut after a few dozen characters,
the HTML body (sometimes twice, in a ``content`` and a ``content_copy`` column), timestamps.
:func:`rows` reads the values of every ``INSERT INTO … VALUES (…), (…);`` statement with MySQL's
string escapes (``\\'`` ``\\"`` ``\\n`` ``\\\\``); :func:`document` picks from each row what the
document is: the longest text is the body (kept once, however many columns repeat it), a
short text column named like a title is the title, the first timestamp is the page's publish
time (metadata only: the document's own date is printed by its signature).

>>> sql = "INSERT INTO `post` (`id`,`title`,`content`,`created_at`) VALUES ('1','关于X的通知','<p>正文\\\\n第二行</p>','2013-12-02 10:00:00');"
>>> document(sql)
('<p>正文\\n第二行</p>', {'page_title': '关于X的通知', 'published': '2013-12-02'})
"""

from __future__ import annotations

import re

_INSERT = re.compile(r"INSERT\s+(?:IGNORE\s+)?INTO\s+[`\"]?[\w.]+[`\"]?\s*(?:\(([^()]*)\))?\s*VALUES\s*", re.I)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "", "b": "", "Z": "", "'": "'", '"': '"', "\\": "\\"}
_TIMESTAMP = re.compile(r"^((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_TITLE_COLUMN = re.compile(r"title|subject|name|biaoti|headline", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def looks_like_dump(text: str) -> bool:
    """True when a text file starts (after comments and SET lines) with an INSERT statement."""
    return bool(re.search(r"^\s*INSERT\s+(?:IGNORE\s+)?INTO\s", text[:20000], re.I | re.M))


def rows(text: str) -> list[dict[str, str]]:
    """Every row of every INSERT statement, as {column: value}; columns without names are c0, c1, …"""
    out: list[dict[str, str]] = []
    for m in _INSERT.finditer(text):
        columns = [c.strip().strip("`\"") for c in m.group(1).split(",")] if m.group(1) else []
        pos = m.end()
        while pos < len(text) and text[pos] == "(":
            values, pos = _tuple(text, pos + 1)
            names = columns if len(columns) == len(values) else [f"c{k}" for k in range(len(values))]
            out.append(dict(zip(names, values)))
            while pos < len(text) and text[pos] in " \t\r\n,":
                pos += 1
    return out


def _tuple(text: str, pos: int) -> tuple[list[str], int]:
    """The values of one parenthesised row starting at ``pos``; returns them and the position after ``)``."""
    values: list[str] = []
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch in " \t\r\n,":
            pos += 1
        elif ch == ")":
            return values, pos + 1
        elif ch in "'\"":
            buf, pos = [], pos + 1
            while pos < n and text[pos] != ch:
                if text[pos] == "\\" and pos + 1 < n:
                    buf.append(_ESCAPES.get(text[pos + 1], text[pos + 1]))
                    pos += 2
                elif text[pos] == ch == text[pos + 1:pos + 2]:  # '' inside a string is one quote
                    buf.append(ch)
                    pos += 2
                else:
                    buf.append(text[pos])
                    pos += 1
            values.append("".join(buf))
            pos += 1
        else:
            end = pos
            while end < n and text[end] not in ",)":
                end += 1
            word = text[pos:end].strip()
            values.append("" if word.upper() == "NULL" else word)
            pos = end
    return values, pos


def document(text: str) -> tuple[str, dict[str, str]]:
    """(body, metadata) of the rows in a dump: each row's body once, bodies of several rows in order."""
    bodies: list[str] = []
    meta: dict[str, str] = {}
    for row in rows(text):
        texts = [v for v in row.values() if _CJK.search(v)]
        if not texts:
            continue
        body = max(texts, key=len)
        if body not in bodies:
            bodies.append(body)
        title = next((v for k, v in row.items() if _TITLE_COLUMN.search(k) and _CJK.search(v) and len(v) <= 200), None)
        if title is None:  # no column names: the shortest Chinese text that is not a cut summary
            short = [v for v in texts if v != body and len(v) <= 120 and not v.rstrip().endswith(("...", "…"))]
            title = min(short, key=len) if short else None
        if title and "page_title" not in meta:
            meta["page_title"] = " ".join(title.split())
        for value in row.values():
            stamp = _TIMESTAMP.match(value.strip())
            if stamp and "published" not in meta:
                meta["published"] = f"{int(stamp[1]):04d}-{int(stamp[2]):02d}-{int(stamp[3]):02d}"
    return "\n".join(bodies), meta
