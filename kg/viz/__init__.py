"""Interactive views of the knowledge graph.

Examples
--------
>>> from kg.viz import render_html
>>> callable(render_html)
True
"""

from kg.viz.html import graph_data, render_html, vis_assets, write_page

__all__ = ["graph_data", "render_html", "vis_assets", "write_page"]
