"""Offline interactive network maps of the graph (``policykg map``).

Read in this order: :mod:`visualizations.scope` (what a map shows), :mod:`visualizations.layout`
(positions and sizes, computed in Python), :mod:`visualizations.style` (colour and shape per label,
line per relationship type), :mod:`visualizations.render` (the self-contained HTML page; the page's
own script and style are ``assets/map.js`` and ``assets/map.css``). :mod:`visualizations.pyvis_network`
hands the same map data to pyvis for notebooks.
"""
