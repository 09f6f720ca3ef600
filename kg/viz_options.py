"""What a drawing of the graph may ask for (``kg viz``, :func:`kg.viz.render_html`): the views, the depth
of a focus and the number of nodes, with their defaults and bounds, checked here and only here.

A module of its own, importing nothing heavy, so that the command line offers the same choices as
:mod:`kg.viz` without loading pyvis and networkx for ``kg --help``.
"""

from __future__ import annotations

from kg.errors import InputError

#: What ``kg viz --view`` can show.
VIEWS = ("full", "entities", "events")
#: Links kept around a ``--focus`` node: actor → event → target.
DEFAULT_DEPTH = 2
#: At most this many nodes are drawn (the most important ones); the page says when it cut.
MAX_NODES = 1500
#: The most ``--max-nodes`` may ask for: the layout is quadratic in the number of nodes.
MAX_DRAWABLE = 10_000


def check_view(view: str) -> None:
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r} (choose from {', '.join(VIEWS)})")


def check_depth(depth: int) -> None:
    if depth < 0:
        raise InputError("--depth must be 0 or more")


def check_max_nodes(max_nodes: int | None) -> None:
    """``None`` is the default, :data:`MAX_NODES`."""
    if max_nodes is not None and not 1 <= max_nodes <= MAX_DRAWABLE:
        raise InputError(f"--max-nodes must be between 1 and {MAX_DRAWABLE:,} (the layout is quadratic)")


def check_drawing(view: str = "full", depth: int = DEFAULT_DEPTH, max_nodes: int | None = None) -> None:
    """An :class:`~kg.errors.InputError` for a view, depth or node limit that cannot be drawn."""
    check_view(view)
    check_depth(depth)
    check_max_nodes(max_nodes)
