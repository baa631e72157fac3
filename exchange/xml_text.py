"""Escaping for the XML formats (GraphML, GEXF): any document text becomes well-formed XML.

XML 1.0 cannot carry most control characters at all (a PDF's form feed, a stray
NUL), not even as character references. :func:`clean` turns them into U+FFFD
(GEXF, for drawing); :func:`mark` writes each as ``␛`` (U+241B) and four hex digits,
and a ``␛`` already in the text as ``␛241B``, so :func:`unmark` gives back the exact
string (GraphML, which ``policykg import`` reads back: a plan id holding a form feed
must come back the same id, or the import adds a second plan). Tabs, newlines and
carriage returns are kept and written as character references so parsers do not
normalise them away.

>>> unmark(mark("a\x0cb␛c")) == "a\x0cb␛c", mark("a\x0cb␛c")
(True, 'a␛000Cb␛241Bc')

>>> print(attr('a"b\\nc<'))
'a"b&#10;c&lt;'
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 forbids (tab, LF and CR are allowed) and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


ESCAPE = "\u241b"  # ␛ SYMBOL FOR ESCAPE: visible in Gephi and yEd, and next to never in a policy document
_MARKED = re.compile(ESCAPE + "([0-9A-F]{4})")
_TO_MARK = re.compile(f"[{ESCAPE}\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    return _FORBIDDEN.sub("\ufffd", text)


def mark(text: str) -> str:
    """Write characters XML cannot hold (and ``␛`` itself) as ``␛XXXX``; the inverse is :func:`unmark`."""
    return _TO_MARK.sub(lambda m: f"{ESCAPE}{ord(m.group()):04X}", text)


def unmark(text: str) -> str:
    return _MARKED.sub(lambda m: chr(int(m.group(1), 16)), text)


def text(value: str) -> str:
    """Element content."""
    return escape(clean(value), {"\r": "&#13;"})


def attr(value: str) -> str:
    """A quoted attribute value (newlines and tabs survive as references)."""
    return quoteattr(clean(value))
