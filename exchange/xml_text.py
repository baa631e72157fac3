"""Escaping for the XML formats (GraphML, GEXF): any document text becomes well-formed XML.

XML 1.0 cannot carry most control characters at all (a PDF's form feed, a stray
NUL), so those become U+FFFD; tabs, newlines and carriage returns are kept and
written as character references so parsers do not normalise them away.

>>> print(attr('a"b\\nc<'))
'a"b&#10;c&lt;'
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 forbids (tab, LF and CR are allowed) and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    return _FORBIDDEN.sub("\ufffd", text)


def text(value: str) -> str:
    """Element content."""
    return escape(clean(value), {"\r": "&#13;"})


def attr(value: str) -> str:
    """A quoted attribute value (newlines and tabs survive as references)."""
    return quoteattr(clean(value))
