"""Garbage collections that leave out what a build holds (``gc.freeze``)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_frozen = 0  # how many freeze_heap() calls thaw_heap() has not undone yet


def freeze_heap(more: bool = False) -> None:
    """Leave the objects that exist now out of garbage collections, until :func:`thaw_heap`.

    A full collection walks every object: after a first build under ``mkdocs serve``,
    the million that MkDocs and the plugin hold, several times a rebuild (~3 s at 10k
    papers). Frozen objects are still freed when no longer referenced; a cycle among
    them waits for the thaw. Calls nest, each undone by one thaw, the last of which
    unfreezes; with ``more``, what was made since (a corpus, say) joins the objects
    frozen already, to be thawed with them (nothing if none are).
    """
    global _frozen
    if more and not _frozen:
        return
    gc.freeze()
    if not more:
        _frozen += 1


def thaw_heap() -> None:
    """Undo one :func:`freeze_heap` (nothing if none is left): the last one unfreezes every object."""
    global _frozen
    if _frozen:
        _frozen -= 1
        if not _frozen:
            gc.unfreeze()


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """:func:`freeze_heap` for the duration of a block."""
    freeze_heap()
    try:
        yield
    finally:
        thaw_heap()
