"""The one exception family. Every error a user can cause is a PolicyKGError.

The CLI prints ``str(error)`` as one line on stderr and exits non-zero, so a
message names the file or value and says what to try.
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
