"""The spill file that generated pages' HTML waits in between MkDocs' reading and rendering."""

from __future__ import annotations

import os
import time

from mkdocs_arxdigest.build.store import Spill, Store


def test_spilled_bytes_come_back_once_and_wait_on_disk(tmp_path):
    spill = Spill(tmp_path / "cache")
    pages = {f"papers/{i}.md": os.urandom(i * 37) for i in range(200)}
    for key, data in pages.items():
        spill.put(key, data)
    assert len(spill) == len(pages)
    assert os.fstat(spill._file.fileno()).st_size == sum(map(len, pages.values()))  # in the file, not in memory
    assert os.listdir(tmp_path / "cache") == [] or os.name == "nt"  # never named where it can be seen
    assert spill.take("papers/7.md") == pages["papers/7.md"]
    assert spill.take("papers/7.md") is None and spill.take("missing") is None
    spill.put("papers/7.md", b"again")  # written after a read: at the end, nothing overwritten
    spill.put("papers/new.md", b"new")
    assert [spill.take(k) for k in ("papers/199.md", "papers/7.md", "papers/new.md", "papers/0.md")] == [
        pages["papers/199.md"], b"again", b"new", b"",
    ]  # fmt: skip
    spill.close()
    assert len(spill) == 0 and spill.take("papers/1.md") is None
    spill.put("papers/1.md", b"a new file")  # usable again after close, as in the next build
    assert spill.take("papers/1.md") == b"a new file"
    spill.close()


def test_publish_copies_only_what_is_missing_or_older_and_stays_in_the_target(tmp_path):
    store, target = Store(tmp_path / "store"), Store(tmp_path / "site")
    for rel in ("feed.xml", "authors/a/feed.xml", "downloads/all.bib"):
        store.write(rel, f"<{rel}>")
    rels = ["feed.xml", "authors/a/feed.xml", "downloads/all.bib", "missing.json"]
    assert sorted(store.publish(rels, target)[0]) == sorted(rels[:3])  # a clean site: all there is
    assert (tmp_path / "site/authors/a/feed.xml").read_text() == "<authors/a/feed.xml>"
    assert store.publish(rels, target) == ([], [])  # nothing newer: nothing read or copied
    time.sleep(0.01)
    store.write("feed.xml", "<new>")
    (tmp_path / "site/downloads/all.bib").unlink()
    assert sorted(store.publish(rels, target)[0]) == ["downloads/all.bib", "feed.xml"]
    assert (tmp_path / "site/feed.xml").read_text() == "<new>"
    (tmp_path / "outside").mkdir()
    (tmp_path / "site/evil").symlink_to(tmp_path / "outside")
    store.write("evil/x.xml", "x")
    assert store.publish(["evil/x.xml"], target) == ([], ["evil/x.xml"])
    assert not (tmp_path / "outside/x.xml").exists()
