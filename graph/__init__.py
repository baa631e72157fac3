"""Documents into the graph: schema, the two stores, rows, writer and ingest (the only layer opening sessions).

Read in the order a document travels: :mod:`graph.ingest` (files → parsed documents → written, a few
per transaction), :mod:`graph.rows` (a parsed document → rows), :mod:`graph.planner` and
:mod:`graph.write_statements` (rows and the stored state → named statements), :mod:`graph.writer`
(sends them), :mod:`graph.store` (the store interface, what it returns, ``open_store``),
:mod:`graph.ladybug_store` / :mod:`graph.neo4j_store` (the two stores), :mod:`graph.schema`
(labels, keys and properties, defined once). :mod:`graph.reading` checks what a read-only session may run.
"""
