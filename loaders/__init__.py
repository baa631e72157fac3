"""Loaders: policy documents (txt/html/docx/pdf) → :class:`~loaders.records.ParsedDocument`.

Importing this package is cheap: jieba and the dictionaries load on first parse.

>>> from loaders import parse_file  # doctest: +SKIP
"""

from loaders.pipeline import parse_bytes, parse_file

__all__ = ["parse_bytes", "parse_file"]
