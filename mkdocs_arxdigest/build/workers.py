"""Parsing digests and making pages in forked worker processes, when there are many.

Both are pure Python, so threads would take turns. Forked workers share this
process' memory (the corpus, the templates) without pickling it; each works on
ranges of items and sends back small results: parsed files, or for a page only
what the store records (its fingerprint, digest and whether the file changed),
since the worker makes, renders and writes the page itself. Page workers go on
rendering while MkDocs reads the pages already written (:class:`PageStream`). The
output does not depend on the number of processes: results are recorded in order,
every page in its own file.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from .heap import frozen_heap
from .store import Store, UnsafePath

if TYPE_CHECKING:
    from ..pages.base import PageMaker

log = logging.getLogger("mkdocs.plugins.arxdigest")
T = TypeVar("T")

#: Pages to make before ``concurrency: 0`` (automatic) starts worker processes.
AUTO_MIN_PAGES = 1000
#: Digest files to parse before ``concurrency: 0`` starts worker processes.
AUTO_MIN_FILES = 16
#: Worker processes ``concurrency: 0`` starts at most.
AUTO_MAX_PROCESSES = 4
#: Plan entries (pages, mostly) a worker makes per task: small enough to share the work evenly,
#: big enough to cost little.
CHUNK = 250
#: How much lower the priority of a :class:`Background` process is (``os.nice``).
NICE = 10

# The task of worker processes: set just before they are forked, read from their copy of memory.
_task: Callable[[int, int], list] | None = None


def fork_map(task: Callable[[int, int], list[T]], count: int, processes: int, chunk: int) -> tuple[list[T], int]:
    """``task(start, stop)`` over ``range(count)`` in ranges of ``chunk``, in forked processes.

    ``task`` is never pickled (workers inherit it); its results come back in order,
    concatenated. With ``processes`` below 2, or when a worker dies (say, out of
    memory), this process runs it all. Returns the results and the processes used.
    """
    global _task
    if processes < 2:
        return task(0, count), 1
    starts = range(0, count, chunk)
    stops = [min(start + chunk, count) for start in starts]
    _task = task
    # Workers' garbage collections would walk (and so copy) every object they share with this
    # process: frozen objects are never collected, in this process until the workers are done.
    try:
        with frozen_heap(), ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for part in pool.map(_run, starts, stops) for result in part], processes
    except BrokenProcessPool:
        log.warning("arxdigest: a worker process stopped; carrying on in one process")
        return task(0, count), 1
    finally:
        _task = None


def _run(start: int, stop: int) -> list:
    return _task(start, stop)


class Background(Generic[T]):
    """``function(*args)`` run in another process while this one goes on; :meth:`result` waits for it.

    The process is forked when possible: the function may then be a closure (it is
    never pickled), and only a pipe links the two (no thread), so worker processes
    can still be forked meanwhile. Where forking is not safe (another thread runs,
    as under ``mkdocs serve``) or not possible, a function that pickles, with its
    arguments, runs in a fresh interpreter instead (see :data:`_FRESH`); any other
    runs here, in :meth:`result`, as it does with ``fork=False`` or when the other
    process dies. A forked process runs at a lower priority (:data:`NICE`): what it
    makes is needed last, after page workers and MkDocs' own work that it should not
    slow down (a fresh interpreter runs beside a single process making pages, and
    keeps its priority). ``then``, if given, turns the value into the result, in
    this process. An exception either raises is raised by :meth:`result`. As a
    context manager, it stops the other process if its result was never read.
    """

    def __init__(
        self, function: Callable[..., Any], *args: Any, fork: bool = True, then: Callable[[Any], T] | None = None
    ):
        self._function = functools.partial(function, *args) if args else function
        self._then = then
        self._process = self._conn = self._out = None
        self._fresh: subprocess.Popen | None = None
        self._outcome: tuple[bool, Any] | None = None
        if not fork:
            return
        if can_fork():
            context = multiprocessing.get_context("fork")
            self._conn, sender = context.Pipe(duplex=False)
            # The result goes to a file: a pipe holds 64 KB, and a process waiting to write the
            # rest would hold its copy of this process' memory until the result is read.
            self._out = tempfile.TemporaryFile(prefix="arxdigest-")  # noqa: SIM115 - closed by result()
            self._process = context.Process(target=_send, args=(self._function, sender, self._out), daemon=True)
            self._process.start()
            sender.close()
            return
        try:
            payload = pickle.dumps((sys.path, pickle.dumps(self._function, pickle.HIGHEST_PROTOCOL)))
        except Exception:  # a closure, say: it runs here
            return
        try:
            self._fresh = subprocess.Popen(
                [sys.executable, "-c", _FRESH], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
            with self._fresh.stdin as stdin:
                stdin.write(payload)
        except OSError:  # no interpreter to start, or it died at once
            self._stop_fresh()

    @property
    def detached(self) -> bool:
        """Whether another process is making the result (else :meth:`result` makes it here)."""
        return self._process is not None or self._fresh is not None

    def close(self) -> None:
        """Stop the other process, if its result was never read."""
        self.__exit__(None, None, None)

    def result(self) -> T:
        if self._process is not None:
            try:
                self._conn.recv()  # the result is in the file
                self._out.seek(0)
                self._outcome = pickle.load(self._out)
            except (EOFError, OSError):  # it died before sending a result
                log.warning("arxdigest: a worker process stopped; carrying on in one process")
            finally:
                self._end_forked()
        if self._fresh is not None:
            with self._fresh.stdout as out:
                data = out.read()
            self._fresh.wait()
            self._fresh = None
            try:
                self._outcome = pickle.loads(data)  # from the interpreter this process started
            except Exception:  # it died before sending a result
                log.warning("arxdigest: a worker process stopped; carrying on in one process")
        if self._outcome is None:
            try:
                self._outcome = (True, self._function())
            except Exception as exc:
                self._outcome = (False, exc)
        ok, value = self._outcome
        if not ok:
            raise value
        if self._then is not None:
            self._outcome, self._then = (True, self._then(value)), None
            return self._outcome[1]
        return value

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._process is not None:  # the caller failed before it needed the result
            self._end_forked(stop=True)
        self._stop_fresh()

    def _end_forked(self, stop: bool = False) -> None:
        """Forget the forked process, its pipe and its result file (with ``stop``, stop it first)."""
        if stop:
            self._process.terminate()
        self._process.join()
        self._conn.close()
        self._out.close()
        self._process = None

    def _stop_fresh(self) -> None:
        if self._fresh is not None:
            self._fresh.kill()
            self._fresh.stdout.close()
            self._fresh.wait()
            self._fresh = None


def _send(function: Callable[[], object], conn, out) -> None:
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(NICE)
    try:
        result = (True, function())
    except Exception as exc:  # raised again by Background.result
        result = (False, exc)
    pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()
    conn.send(True)
    conn.close()


#: What a fresh interpreter runs for :class:`Background`: read ``sys.path`` and the pickled
#: function from stdin, write ``(True, value)`` or ``(False, exception)`` to stdout. Unlike
#: multiprocessing's ``spawn``, it never imports the ``__main__`` module of this process.
_FRESH = """\
import pickle, sys
path, function = pickle.load(sys.stdin.buffer)
sys.path[:] = path
out, sys.stdout = sys.stdout.buffer, sys.stderr
try:
    result = (True, pickle.loads(function)())
except Exception as exc:
    result = (False, exc)
pickle.dump(result, out)
"""


class GeneratedPage(NamedTuple):
    """A page as workers take it from a plan entry: where it goes, its fingerprint, how to render it."""

    src_uri: str
    fingerprint: str | None
    """``None``: unknown (a volatile page), so it is rendered every round."""
    render: Callable[[], str]


class Rendered(NamedTuple):
    paths: dict[str, str]
    """Where each page is, by ``src_uri``, in page order: kept as it was, or rendered and written."""
    refused: list[str]
    """``src_uri`` of the pages refused because their path would leave the store."""
    processes: int
    """How many processes made pages."""


class _Outcome(NamedTuple):
    """What became of a page, sent back by the process that made it."""

    src_uri: str
    fingerprint: str | None
    path: str | None  # None: refused
    digest: str | None  # None: kept as it was
    rewritten: bool


def render_pages(plan: Sequence[PageMaker], store: Store, concurrency: int = 0) -> Rendered:
    """Make the pages of ``plan``; keep those whose fingerprint is unchanged, render and write the others.

    Workers make, fingerprint, render and write ranges of the plan; this process
    records the outcomes in page order, so the result does not depend on how
    many processes there were (see :class:`PageStream`, which this waits for).

    Args:
        plan: page makers, in order (see :meth:`Site.plan <mkdocs_arxdigest.site.Site.plan>`).
        store: where pages are written.
        concurrency: worker processes; ``0`` chooses (one per CPU, up to
            :data:`AUTO_MAX_PROCESSES`, once the plan has :data:`AUTO_MIN_PAGES` entries),
            ``1`` makes every page in this process.

    Raises:
        OSError: a page cannot be written.
    """
    with PageStream(plan, store, processes_for(len(plan), concurrency)) as stream:
        return stream.finish()


def _make(plan: Sequence[PageMaker], store: Store, start: int, stop: int) -> list[_Outcome]:
    """Make the pages of ``plan[start:stop]``, render and write those whose fingerprint changed: their outcomes.

    Raises:
        RuntimeError: a maker made other pages than the plan said it would.
    """
    outcomes: list[_Outcome] = []
    for entry in plan[start:stop]:
        pages = list(entry.make())
        if [page.src_uri for page in pages] != list(entry.src_uris):
            raise RuntimeError(f"pages {[p.src_uri for p in pages]} made where {list(entry.src_uris)} were planned")
        for page in pages:
            try:
                path, st = store.locate(page.src_uri)
            except UnsafePath:
                outcomes.append(_Outcome(page.src_uri, None, None, None, False))
                continue
            if store.unchanged(page.src_uri, page.fingerprint, st):
                outcomes.append(_Outcome(page.src_uri, page.fingerprint, path, None, False))
            else:
                digest, rewritten = store.put(page.src_uri, path, st, page.render())
                outcomes.append(_Outcome(page.src_uri, page.fingerprint, path, digest, rewritten))
    return outcomes


def _stream(plan: Sequence[PageMaker], store: Store, chunks: list[tuple[int, int, int]], conn) -> None:
    """A worker of :class:`PageStream`: make and render its chunks in order, sending each one's outcomes."""
    try:
        for chunk, start, stop in chunks:
            conn.send((chunk, _make(plan, store, start, stop)))
    except Exception as exc:  # raised again in the process that records the pages
        # If it does not pickle, that process makes the pages itself and meets it there.
        with contextlib.suppress(Exception):
            conn.send((None, exc))
    finally:
        conn.close()


class PageStream:
    """The pages of a plan, made and written by forked workers while MkDocs goes on.

    The plan says where every page goes (:meth:`planned`), so MkDocs can be told
    of all of them at once. Each worker takes every ``processes``-th range
    (chunk) of the plan and, chunk after chunk, makes its pages (their contexts
    and fingerprints: cheap), then renders and writes those whose fingerprint
    changed, and sends what became of each. :meth:`wait` waits for one chunk,
    before MkDocs reads one of its pages; :meth:`finish` for all, and records
    every outcome in the store, in page order, so the store ends the same
    whatever the number of processes.

    With fewer than two ``processes`` (or once a worker dies), this process makes
    and renders the pages itself. An exception raised by a worker is raised here.
    Used as a context manager, the workers are stopped if the stream is left unfinished.
    """

    def __init__(self, plan: Sequence[PageMaker], store: Store, processes: int, chunk: int = CHUNK):
        self._plan, self._store = plan, store
        if processes >= 2:  # a short plan is shared too
            chunk = max(1, min(chunk, -(-len(plan) // processes)))
        self._chunk = chunk
        self._bounds = [(start, min(start + chunk, len(plan))) for start in range(0, len(plan), chunk)]
        self.processes = min(processes, len(self._bounds)) if processes >= 2 and len(self._bounds) >= 2 else 1
        self._done: dict[int, list[_Outcome]] = {}
        self._workers: list[tuple[multiprocessing.Process, Any, list[int]]] = []
        self.waited = 0.0  # seconds spent in wait() and finish()
        if self.processes == 1:
            return
        context = multiprocessing.get_context("fork")
        # Workers' garbage collections would walk (and so copy) every object they share with
        # this process: what is frozen when they are forked, they never collect.
        with frozen_heap():
            try:
                for w in range(self.processes):
                    chunks = list(range(w, len(self._bounds), self.processes))
                    receiver, sender = context.Pipe(duplex=False)
                    args = (plan, store, [(c, *self._bounds[c]) for c in chunks], sender)
                    process = context.Process(target=_stream, args=args, daemon=True)
                    process.start()
                    sender.close()
                    self._workers.append((process, receiver, chunks))
            except BaseException:  # say, no memory left to fork: stop those started
                self.close()
                raise

    def planned(self) -> Iterator[tuple[str, str | None, int]]:
        """``(src_uri, path, chunk)`` of every page of the plan, in order, before it is made.

        ``path`` is where :meth:`wait` for ``chunk`` has the page written, or ``None``
        if the page is refused: its path would leave the store.
        """
        for i, entry in enumerate(self._plan):
            for src_uri in entry.src_uris:
                try:
                    path = self._store.locate(src_uri)[0]
                except UnsafePath:
                    path = None
                yield src_uri, path, i // self._chunk

    def wait(self, chunk: int) -> None:
        """Wait until the pages of ``chunk`` are written."""
        started = time.perf_counter()
        try:
            while chunk not in self._done:
                if not any(chunk in w[2] for w in self._workers):  # this process' to make (see _receive)
                    self._here(chunk)
                    break
                # Read whichever worker has sent something: one left waiting on a full pipe would stop.
                ready = multiprocessing.connection.wait([w[1] for w in self._workers])
                for worker in [w for w in self._workers if w[1] in ready]:
                    self._receive(worker)
        finally:
            self.waited += time.perf_counter() - started

    def finish(self) -> Rendered:
        """Wait for every page; record them all in the store, in page order."""
        paths: dict[str, str] = {}
        refused: list[str] = []
        for c in range(len(self._bounds)):
            self.wait(c)
        for c in range(len(self._bounds)):
            for o in self._done[c]:
                if o.path is None:
                    refused.append(o.src_uri)
                    continue
                paths[o.src_uri] = o.path
                if o.digest is None:
                    self._store.record_kept(o.src_uri)
                else:
                    self._store.record(o.src_uri, o.digest, o.rewritten, o.fingerprint)
        self.close()
        return Rendered(paths, refused, self.processes)

    def close(self) -> None:
        """Stop the workers (they are done, or their work is no longer wanted)."""
        for worker in list(self._workers):
            self._drop(worker, stop=True)

    def __enter__(self) -> PageStream:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _receive(self, worker: tuple) -> None:
        _, conn, chunks = worker
        try:
            chunk, value = conn.recv()
        except (EOFError, OSError):  # it died (say, out of memory): what it left is made here
            if self.processes > 1:
                log.warning("arxdigest: a worker process stopped; carrying on in one process")
            self._drop(worker)
            self.processes = 1
            return
        if chunk is None:
            self.close()
            raise value
        self._done[chunk] = value
        if all(c in self._done for c in chunks):  # its work is done: what follows is the end of the pipe
            self._drop(worker)

    def _drop(self, worker: tuple, stop: bool = False) -> None:
        """Forget ``worker``: it is done or dead (or, with ``stop``, stopped now)."""
        process, conn, _ = worker
        if stop and process.is_alive():
            process.terminate()
        process.join()
        conn.close()
        self._workers.remove(worker)

    def _here(self, chunk: int) -> None:
        """Make and render ``chunk`` in this process."""
        self._done[chunk] = _make(self._plan, self._store, *self._bounds[chunk])


def processes_for(items: int, concurrency: int, minimum: int = AUTO_MIN_PAGES) -> int:
    """How many processes work on ``items`` items: 1 unless forking is possible and worth it.

    ``concurrency`` 0 (automatic) forks once there are ``minimum`` items, one process per CPU
    (up to :data:`AUTO_MAX_PROCESSES`) as far as the free memory goes.
    """
    return worth_processes(items, concurrency, minimum) if can_fork() else 1


def worth_processes(items: int, concurrency: int, minimum: int = AUTO_MIN_PAGES) -> int:
    """How many processes ``items`` items are worth (see :func:`processes_for`), whether or not they can fork."""
    if concurrency == 0:
        if items < minimum:
            return 1
        concurrency = min(AUTO_MAX_PROCESSES, _cpus(), _affordable())
    if concurrency < 2 or items < 2:
        return 1
    return min(concurrency, items)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _affordable() -> int:
    """Workers the free memory can take, if each comes to hold a copy of this process' memory.

    A worker shares this process' memory until it touches it, but rendering every kind of
    page touches most of the corpus, and touching an object (counting a reference to it)
    copies its memory page: at 100k papers a page worker's proportional share of memory
    (PSS) reached 2.7 GB while this process held 2.0 GB. On Linux, from ``MemAvailable``
    and the cgroup's limit; elsewhere, not limited.
    """
    try:
        with open("/proc/self/statm") as f:
            rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open("/proc/meminfo") as f:
            available = next(int(line.split()[1]) * 1024 for line in f if line.startswith("MemAvailable:"))
    except (OSError, ValueError, StopIteration):
        return AUTO_MAX_PROCESSES
    try:
        with open("/sys/fs/cgroup/memory.max") as f, open("/sys/fs/cgroup/memory.current") as g:
            limit = f.read().strip()
            if limit != "max":
                available = min(available, int(limit) - int(g.read()))
    except (OSError, ValueError):
        pass
    return max(0, available // max(1, rss))


def can_fork() -> bool:
    """Forking shares the corpus for free, but is only safe with no other thread running."""
    return (
        sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    )
