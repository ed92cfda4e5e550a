"""The page kinds, in plan order: a new kind is a module here (``KIND``, ``plan(site)``) and its template."""

from __future__ import annotations

from . import author, day, graph, overview, paper, reading, search, topic, watch

#: Each module's ``KIND`` is the ``pages`` option that turns it on (``papers``: always on).
KINDS = (overview, paper, author, topic, day, watch, graph, search, reading)
