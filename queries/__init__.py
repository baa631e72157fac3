"""Reading the graph: named Cypher queries, entity look-up, subgraph selection, analytics.

:mod:`queries.entities` finds the node a user means; :mod:`queries.subgraph` reads the graph and
selects the part a map or an export shows; :mod:`queries.catalog` runs the named queries of
``queries/library/``; :mod:`queries.analytics` computes network measures; :mod:`queries.output`
prints result rows.
"""
