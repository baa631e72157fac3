"""Loaders: policy documents (txt/md/html/docx/pdf) → :class:`~loaders.records.ParsedDocument`.

Read the modules in the order a document goes through them:

``read``        bytes → clean text (encoding, format, page noise, a body printed twice kept once, a CMS's SQL
                ``INSERT`` rows → the HTML body, title and timestamp)
``decode``      bytes of unknown encoding → text (used by ``read``)
``filetypes``   the HTML / Markdown / .docx / PDF shapes, as plain lines (used by ``read``)
``layout``      lines as printed, whatever shape they came in: flattened, hard-wrapped, run-on tables
``letterhead``  a flattened page's header fields, 文号, title, 主送 and signature, one per line
``rules``       the rule data files (outline markers, page furniture, document types, edition notes, and the
                wording families of data/role_phrases.tsv with the Traditional→simplified map)
``structure``   text → outline: title, issuers, 文号, date, jurisdiction, numbered sections
``signature``   who signed and when: issuing offices and the 成文日期 (used by ``structure``)
``tables``      任务分工表 rows → tasks with their assignment cells
``assign``      who is assigned: labelled lists, table cells, 由…牵头 prose, names with offsets
``goals``       quantitative targets with value, unit and year
``citations``   《…》 titles and 文号 of other documents
``extract``     outline → tasks, assignments, goals, references, place mentions (with provenance)
``resolve``     names → entities (jurisdiction prefixes, abbreviations, aliases, places)
``dictionaries`` the data files (abbreviations, gazetteer, jieba user dictionary) and the tokenizer
``records``     the typed records a file becomes (ParsedDocument, Task, Assignment, …)
``pipeline``    ``parse_file`` / ``parse_bytes``: the whole chain, raising only InputError; ``parsed``:
                many files in worker processes (memory budget and timeout per file)
``scoring``     scoring against hand-checked gold (``policykg eval``)

Importing this package is cheap: jieba, python-docx and pypdf load on first use.

>>> from policykg.loaders import parse_bytes
>>> doc = parse_bytes("东阳市X方案\\n一、任务\\n1.建立制度。（牵头单位：市发改局）".encode(), "x.txt", ".txt")
>>> [(a.surface, a.agent_id) for a in doc.assignments]
[('市发改局', 'dept:东阳市:发展和改革局')]
"""

from policykg.loaders.pipeline import parse_bytes, parse_file

__all__ = ["parse_bytes", "parse_file"]
