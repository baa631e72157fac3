"""Move graphs in and out: one selection, many writers, and importers for the way back.

Exports are a flag, not a code path: :func:`queries.subgraph.select_export`
(:func:`queries.subgraph.select`, optionally narrowed to a named query's result; maps
use it too) picks the subgraph as a networkx ``MultiDiGraph``, then
:func:`exchange.formats.write` hands it to the writer for ``--format``:

==========  ==============================  ==========================================
format      module                          for
==========  ==============================  ==========================================
json        :mod:`.json_format`             networkx, D3, ``policykg import``
graphml     :mod:`.graphml`                 Gephi, yEd, ``policykg import``
gexf        :mod:`.gexf`                    Gephi
csv         :mod:`.csv_admin`               ``neo4j-admin database import full``
cypher      :mod:`.cypher_script`           ``policykg cypher --write --file`` on either store
html        :mod:`visualizations.render`    a browser (the offline network map)
==========  ==============================  ==========================================

The way back: :mod:`.importer` reads node-link JSON or GraphML into any store in
one transaction; :mod:`.copy` streams one store into another in batches.
Both merge on ``id`` through :mod:`.merge`, so running them twice changes nothing.
"""
