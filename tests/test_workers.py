"""Rendering pages into the store, in this process or in forked workers."""

from __future__ import annotations

import json
import logging
import os
import threading
import time

import pytest

from mkdocs_arxdigest.build.store import Store
from mkdocs_arxdigest.build.workers import (
    AUTO_MIN_FILES,
    AUTO_MIN_PAGES,
    CHUNK,
    Background,
    GeneratedPage,
    PageStream,
    processes_for,
    render_pages,
)
from mkdocs_arxdigest.pages import PageMaker

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")


def _pages(n: int) -> list[GeneratedPage]:
    """Pages that say which process rendered them."""
    return [
        GeneratedPage(f"papers/{i:04d}.md", f"fp{i}", lambda i=i: f"page {i} from {os.getpid()}\n") for i in range(n)
    ]


def _plan(pages: list[GeneratedPage]) -> list[PageMaker]:
    return [PageMaker((page.src_uri,), lambda page=page: (page,)) for page in pages]


def _read(store: Store, rendered) -> dict[str, str]:
    return {src: open(path, encoding="utf-8").read() for src, path in rendered.paths.items()}


def test_workers_write_every_page_in_order(tmp_path):
    store = Store(tmp_path / "pages")
    store.begin()
    rendered = render_pages(_plan(_pages(600)), store, concurrency=3)
    assert rendered.processes == 3
    pages = _read(store, rendered)
    assert list(pages) == [f"papers/{i:04d}.md" for i in range(600)]
    makers = {int(text.split()[-1]) for text in pages.values()}
    assert os.getpid() not in makers and len(makers) > 1  # rendered by the workers, not here
    assert store.written == list(pages)  # recorded here, in page order
    assert store.fingerprints["papers/0599.md"] == "fp599"
    store.save()
    again = Store(tmp_path / "pages")
    again.begin()
    path, st = again.locate("papers/0001.md")
    assert again.unchanged("papers/0001.md", "fp1", st) and path == rendered.paths["papers/0001.md"]


def test_workers_make_the_pages_and_keep_unchanged_ones(tmp_path):
    made_in: list[int] = []  # filled in this process only

    def plan(version: str) -> list[PageMaker]:
        def make(i: int) -> list[GeneratedPage]:
            made_in.append(os.getpid())
            fingerprint = f"{version}{i}" if i % 2 else f"same{i}"
            return [GeneratedPage(f"d/{i}.md", fingerprint, lambda: f"{version} {i} {os.getpid()}")]

        return [PageMaker((f"d/{i}.md",), lambda i=i: make(i)) for i in range(40)]

    store = Store(tmp_path / "pages")
    store.begin()
    render_pages(plan("one"), store, concurrency=2)
    assert made_in == []  # contexts and fingerprints were made by the workers
    store.save()
    store = Store(tmp_path / "pages")
    store.begin()
    rendered = render_pages(plan("two"), store, concurrency=2)
    assert rendered.processes == 2 and store.kept == 20
    assert store.written == [f"d/{i}.md" for i in range(1, 40, 2)]
    pages = _read(store, rendered)
    assert list(pages) == [f"d/{i}.md" for i in range(40)]
    assert pages["d/2.md"].startswith("one 2 ") and pages["d/3.md"].startswith("two 3 ")
    assert store.fingerprints["d/3.md"] == "two3" and store.fingerprints["d/2.md"] == "same2"


def test_unchanged_files_are_not_rewritten_by_workers(tmp_path):
    store = Store(tmp_path / "pages")
    store.begin()
    pages = [GeneratedPage(f"a/{i}.md", None, lambda i=i: f"same {i}") for i in range(50)]
    render_pages(_plan(pages), store, concurrency=2)
    store.begin()
    rendered = render_pages(_plan(pages), store, concurrency=2)
    assert rendered.processes == 2 and store.written == []


def test_automatic_concurrency_renders_few_pages_here(tmp_path):
    store = Store(tmp_path / "pages")
    store.begin()
    rendered = render_pages(_plan(_pages(AUTO_MIN_PAGES - 1)), store)
    assert rendered.processes == 1
    assert {int(t.split()[-1]) for t in _read(store, rendered).values()} == {os.getpid()}


def test_no_fork_while_another_thread_runs(tmp_path):
    store = Store(tmp_path / "pages")
    store.begin()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        rendered = render_pages(_plan(_pages(20)), store, concurrency=4)
    finally:
        stop.set()
        other.join()
    assert rendered.processes == 1 and len(rendered.paths) == 20


def test_unsafe_paths_are_refused_and_the_rest_written(tmp_path):
    store = Store(tmp_path / "pages")
    store.begin()
    pages = [*_pages(3), GeneratedPage("../escape.md", None, lambda: "x"), GeneratedPage("/abs.md", None, lambda: "x")]
    rendered = render_pages(_plan(pages), store, concurrency=2)
    assert rendered.refused == ["../escape.md", "/abs.md"]
    assert len(rendered.paths) == 3 and not (tmp_path / "escape.md").exists()


def test_every_worker_is_read_while_pages_are_made(tmp_path):
    # The first worker's first page waits for the second worker to have made all of its pages,
    # which it cannot do if nobody reads the outcomes filling its pipe (more than a pipe holds)
    # while this process waits for the first chunk.
    flag = tmp_path / "second-worker-done"
    pages = _pages(4000)
    chunks = -(-len(pages) // CHUNK)

    def first() -> tuple[GeneratedPage, ...]:
        deadline = time.monotonic() + 30
        while not flag.exists():
            if time.monotonic() > deadline:
                raise TimeoutError("the second worker never finished making its pages")
            time.sleep(0.01)
        return (pages[0],)

    def last() -> tuple[GeneratedPage, ...]:
        flag.touch()
        return (pages[-1],)

    plan = [PageMaker((pages[0].src_uri,), first), *_plan(pages[1:-1]), PageMaker((pages[-1].src_uri,), last)]
    assert (chunks - 1) % 2 == 1  # the last page's chunk is the second worker's
    store = Store(tmp_path / "pages")
    store.begin()
    with PageStream(plan, store, processes=2) as stream:
        assert [src for src, _, _ in stream.planned()] == [page.src_uri for page in pages]
        stream.wait(0)
        rendered = stream.finish()
    assert rendered.processes == 2 and len(_read(store, rendered)) == len(pages)


def test_a_worker_that_dies_leaves_the_work_to_this_process(tmp_path, caplog):
    here = os.getpid()

    def render(i: int) -> str:
        if os.getpid() != here:
            os._exit(3)  # a worker killed half-way (say, out of memory)
        return f"page {i}"

    pages = [GeneratedPage(f"p/{i}.md", None, lambda i=i: render(i)) for i in range(10)]
    store = Store(tmp_path / "pages")
    store.begin()
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.arxdigest"):
        rendered = render_pages(_plan(pages), store, concurrency=2)
    assert rendered.processes == 1
    assert _read(store, rendered)["p/7.md"] == "page 7"
    assert "worker process stopped" in caplog.text


def test_a_template_error_in_a_worker_reaches_the_build(tmp_path):
    def render() -> str:
        raise ValueError("bad template")

    store = Store(tmp_path / "pages")
    store.begin()
    with pytest.raises(ValueError, match="bad template"):
        render_pages(_plan([GeneratedPage("a.md", None, render) for _ in range(4)]), store, concurrency=2)


def test_files_parsed_by_workers_give_the_same_corpus(tmp_path, all_seeds):
    from mkdocs_arxdigest import load_corpus
    from mkdocs_arxdigest.build.cache import ParseCache

    broken = tmp_path / "broken.md"
    broken.write_bytes(b"# arxiv 2025-01-02\n\n| \xff\xfe | bad |\n")
    sources = [*all_seeds, broken]
    assert processes_for(len(sources), 2, AUTO_MIN_FILES) == 2  # so these files are parsed by two workers
    here = load_corpus(sources)
    cache = ParseCache(tmp_path / "parsed.pickle")
    forked = load_corpus(sources, cache=cache, concurrency=2)
    assert cache.parsed == len(sources)  # every file came back from a worker and was cached
    assert list(forked.papers.items()) == list(here.papers.items())
    assert [str(w) for w in forked.warnings] == [str(w) for w in here.warnings]
    again = load_corpus(sources, cache=cache, concurrency=2)
    assert cache.parsed == len(sources) and list(again.papers.items()) == list(here.papers.items())


def test_background_runs_in_another_process_and_returns_its_result():
    job = Background(lambda: ("made by", os.getpid()))
    assert job.result()[1] != os.getpid()
    assert job.result() == job.result()  # read once, kept


def test_a_background_process_ends_when_its_result_is_made_not_when_it_is_read():
    # More than a pipe holds: the process must not wait (holding its copy of this one's memory)
    # until the result is read, at the end of the build.
    job = Background(lambda: (os.getpid(), "x" * 1_000_000))
    deadline = time.monotonic() + 30
    while job._process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not job._process.is_alive()
    pid, text = job.result()
    assert pid != os.getpid() and text == "x" * 1_000_000


def test_background_runs_here_when_it_may_not_fork():
    assert Background(lambda: os.getpid(), fork=False).result() == os.getpid()


def test_background_raises_what_the_function_raised():
    def fail():
        raise ValueError("no layout")

    job = Background(fail)
    with pytest.raises(ValueError, match="no layout"):
        job.result()


def test_background_that_dies_runs_here(caplog):
    here = os.getpid()

    def work() -> int:
        if os.getpid() != here:
            os._exit(3)
        return 42

    job = Background(work)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.arxdigest"):
        assert job.result() == 42
    assert "worker process stopped" in caplog.text


def test_a_page_rendered_without_fingerprint_forgets_its_old_one(tmp_path):
    store = Store(tmp_path / "pages")
    store.begin()
    render_pages(_plan([GeneratedPage("a.md", "fp", lambda: "one")]), store, concurrency=1)
    store.save()
    store = Store(tmp_path / "pages")
    store.begin()
    render_pages(_plan([GeneratedPage("a.md", None, lambda: "two")]), store, concurrency=1)
    store.save()
    again = Store(tmp_path / "pages")
    again.begin()
    assert not again.unchanged("a.md", "fp", again.locate("a.md")[1])  # "two" was not made from "fp"


def test_background_whose_result_is_never_read_is_stopped():
    import multiprocessing
    import time

    before = len(multiprocessing.active_children())
    started = time.monotonic()
    with Background(lambda: time.sleep(60)):
        assert len(multiprocessing.active_children()) == before + 1
    assert len(multiprocessing.active_children()) == before
    assert time.monotonic() - started < 30


@pytest.fixture
def another_thread():
    """A thread running, as under ``mkdocs serve``: forking is not safe."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join()


def test_background_runs_a_function_that_pickles_in_a_fresh_interpreter_when_it_may_not_fork(another_thread):
    assert Background(os.getpid).result() != os.getpid()
    assert Background(divmod, 17, 5, then=lambda qr: qr[0] * 10 + qr[1]).result() == 32
    with pytest.raises(ZeroDivisionError):
        Background(divmod, 1, 0).result()
    assert Background(lambda: os.getpid()).result() == os.getpid()  # a closure cannot go there: it runs here


def test_background_in_a_fresh_interpreter_is_stopped_when_its_result_is_never_read(another_thread):
    import time

    started = time.monotonic()
    with Background(time.sleep, 60) as job:
        process = job._fresh
        assert process is not None and process.poll() is None
    assert process.poll() is not None and time.monotonic() - started < 30


def test_the_global_view_is_the_same_made_here_forked_or_in_a_fresh_interpreter(all_seeds, tmp_path):
    from mkdocs_arxdigest import load_corpus
    from mkdocs_arxdigest.build.round import _start_assets
    from mkdocs_arxdigest.pages import Site, SiteOptions

    def assets(how: str, cache: str) -> list[tuple[str, bytes]]:
        site = Site(load_corpus(all_seeds), SiteOptions(graph_nodes=300), cache_dir=tmp_path / cache)
        if how == "here":
            return list(site.assets())
        if how == "forked":
            return _start_assets(site, True).result()
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait, daemon=True)
        thread.start()
        try:
            job = _start_assets(site, True)
            assert job._fresh is not None  # the communities and layout are made there
            return job.result()
        finally:
            stop.set()
            thread.join()

    here = assets("here", "a")
    assert here[0][0] == "graph/graph.json" and len(json.loads(here[0][1])["nodes"]) == 300
    assert assets("forked", "b") == here
    assert assets("fresh", "c") == here
    assert assets("fresh", "a") == here  # communities and layout read back from the cache


def test_frozen_heap_nests_and_the_last_thaw_unfreezes():
    import gc

    from mkdocs_arxdigest.build.heap import freeze_heap, frozen_heap, thaw_heap

    assert gc.get_freeze_count() == 0
    freeze_heap(more=True)  # nothing frozen yet: nothing to add to
    assert gc.get_freeze_count() == 0
    freeze_heap()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    made = [[] for _ in range(1000)]
    freeze_heap(more=True)
    assert gc.get_freeze_count() >= frozen + len(made)
    with frozen_heap():
        pass
    assert gc.get_freeze_count() > 0  # the inner block did not unfreeze
    thaw_heap()
    assert gc.get_freeze_count() == 0
    thaw_heap()  # one too many: nothing happens
    assert gc.get_freeze_count() == 0


def test_a_build_leaves_no_object_frozen_whether_it_succeeds_or_fails(tmp_path, ai_seed):
    import gc

    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tests.sitebuild import write_site

    def run(config_path):
        config = load_config(str(config_path))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)

    config = write_site(tmp_path, [ai_seed])
    run(config)
    assert (tmp_path / "site" / "papers").is_dir() and gc.get_freeze_count() == 0
    # A template that fails once the plugin has frozen the heap: MkDocs reports a build error.
    (tmp_path / "overrides" / "arxdigest").mkdir(parents=True)
    (tmp_path / "overrides" / "arxdigest" / "paper.md").write_text("{{ 1 // 0 }}\n", encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["theme"]["custom_dir"] = "overrides"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ZeroDivisionError):
        run(config)
    assert gc.get_freeze_count() == 0


def test_the_global_view_is_made_meanwhile_and_stopped_when_the_build_fails(tmp_path, ai_seed, monkeypatch):
    """With worker processes, pages are still being rendered and the global view made when MkDocs
    takes over after ``on_files``; they are written before MkDocs reads them, and a build that fails
    in between leaves no process behind."""
    import multiprocessing

    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tests.sitebuild import write_site

    seen: dict[str, bool] = {}
    config_path = write_site(tmp_path, [ai_seed], docs={"index.md": "# Home\n"}, concurrency=2)
    (tmp_path / "hooks.py").write_text(
        "import os\n"
        "def on_nav(nav, config, files):\n"
        "    plugin = config.plugins['arxdigest']\n"
        "    SEEN['pending'] = plugin.builder._assets is not None and plugin.builder._assets.detached\n"
        "    SEEN['rendering'] = plugin.builder._stream is not None and plugin.builder._stream.processes == 2\n"
        "def on_page_markdown(markdown, page, config, files):\n"
        "    if page.file.src_uri == 'index.md' and os.environ.get('ARXDIGEST_TEST_FAIL'):\n"
        "        raise RuntimeError('a page fails')\n",
        encoding="utf-8",
    )
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    data["hooks"] = ["hooks.py"]
    config_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def run() -> None:
        config = load_config(str(config_path))
        config.plugins["hooks.py"].SEEN = seen  # the hook module's globals
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            plugin = config.plugins["arxdigest"]
            assert plugin.builder._assets is None and plugin.builder._stream is None  # read, or stopped

    run()
    assert seen == {"pending": True, "rendering": True}
    assert (tmp_path / "site" / "papers" / "2512.20623" / "index.html").is_file()
    graph = json.loads((tmp_path / "site" / "graph" / "graph.json").read_text(encoding="utf-8"))
    assert graph["nodes"]
    assert (tmp_path / "site" / "graph" / "graph.json").read_bytes() == (
        tmp_path / ".cache" / "pages" / "graph" / "graph.json"
    ).read_bytes()

    seen.clear()
    monkeypatch.setenv("ARXDIGEST_TEST_FAIL", "1")
    with pytest.raises(RuntimeError, match="a page fails"):
        run()
    assert seen == {"pending": True, "rendering": True} and multiprocessing.active_children() == []
