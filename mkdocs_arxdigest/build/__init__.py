"""The build machinery: worker processes, the page store, spilling, caches, fingerprints, ``gc.freeze``.

:class:`~mkdocs_arxdigest.build.round.Builder` owns a build round; it is the only
code that forks, freezes the heap, spills or chooses a process count.
"""
