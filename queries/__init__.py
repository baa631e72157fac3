"""Reading the graph: named Cypher queries, entity look-up, subgraph selection, analytics.

:mod:`queries.entities` finds the node a user means; :mod:`queries.subgraph` reads the graph and
selects the part a map or an export shows; :mod:`queries.catalog` runs the named queries of
``queries/library/``; :mod:`queries.analytics` computes network measures; :mod:`queries.output`
prints result rows. Beside them: :mod:`queries.statement` reads a user's Cypher (its ``$parameters``
and RETURN items), :mod:`queries.stats` counts nodes and relationships, :mod:`queries.levels` tells a
document's administrative level, and :mod:`queries.document_facts` with :mod:`queries.evaluation`
read loaded files back and score them against gold (``policykg eval``).
"""
