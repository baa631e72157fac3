"""The one exception family. Every error a user can cause is a PolicyKGError.

The CLI prints ``str(error)`` as one line on stderr and exits 1 whatever the class,
so a message names the file or value and says what to try. The class says whose
move it is: :class:`InputError` a file, option value, selector or format name the
user gave; :class:`QueryError` a named query or Cypher statement, or an answer it
cannot give; :class:`StoreError` the graph store. The root itself is raised only
for the installation (an optional extra such as pandas or pyvis is missing).
"""


class PolicyKGError(Exception):
    """Root of every expected error (bad input, unreachable store, bad query)."""


class InputError(PolicyKGError):
    """A file or argument cannot be read or understood."""


class StoreError(PolicyKGError):
    """The graph store cannot be opened, reached, or refused an operation."""


class ReadOnlyError(StoreError):
    """A write was attempted on a store opened read-only."""


class QueryError(PolicyKGError):
    """A named query or Cypher statement is unknown or invalid."""


_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}  # reorder what the terminal shows


def shown(text: object) -> str:
    """A file name or value as it may appear in a one-line message: never raw control characters.

    Newlines, tabs, ESC and other control characters are written as escapes (``\\n``,
    ``\\x1b``), and bytes that are not UTF-8 (kept by Python as lone surrogates) as
    ``\\xff``, so a hostile file name prints as one line and cannot drive the terminal.

    >>> shown("a\\nb\\x1b[31m.txt"), shown(b"c\\xff.txt".decode("utf-8", "surrogateescape"))
    ('a\\\\nb\\\\x1b[31m.txt', 'c\\\\xff.txt')
    """
    out = []
    for ch in str(text):
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or 0xD800 <= code <= 0xDFFF or code in _BIDI:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
