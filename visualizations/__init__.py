"""Offline interactive network maps of the graph (``policykg map``).

Read in this order: :mod:`visualizations.scope` (what a map shows: the selection, its focus,
the year each node and edge appears, the node budget and the aggregated view of a selection over
it), :mod:`visualizations.layout` (positions and sizes, computed in Python), :mod:`visualizations.style`
(shape and colour, the ``--color-by`` groups, the names drawn and which are labelled first),
:mod:`visualizations.render` (the self-contained HTML page; the page's own script and style are
``assets/map.js`` and ``assets/map.css``). :mod:`visualizations.pyvis_network` hands the
same map data to pyvis for notebooks.

The library entry point is :func:`visualizations.render.build_map`::

    page = build_map(store, MapScope(collaboration=True, min_shared=2), color_by="community")
    page.save("collaboration.html")          # → MapSummary(path, nodes, edges, notice)

The browser tests and the map benchmark drive a headless Chromium with ``tests/headless.py``.
"""
