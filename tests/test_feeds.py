"""Atom and JSON Feed output: well-formed, the required elements, escaped, deterministic."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("feedgen", reason="feeds need feedgen")

from lxml import etree  # noqa: E402  (feedgen depends on lxml)

from mkdocs_arxdigest.feeds import JSON_FEED_VERSION, atom_feed, json_feed  # noqa: E402
from mkdocs_arxdigest.model import Paper  # noqa: E402

A = "{http://www.w3.org/2005/Atom}"
SITE = "https://kb.example/"


def _page(paper: Paper) -> str:
    return f"{SITE}papers/{paper.key.replace('/', '-').replace(':', '-')}/"


def _papers() -> list[Paper]:
    return [
        Paper("2501.00001", title="Old paper", authors=["Ann Lee"], days=["2025-01-02"], abstract="An abstract."),
        Paper(
            "2501.00002",
            title="<script>alert('x')</script> & <think>",
            authors=["Wei Zhang", "张伟"],
            days=["2025-01-06"],
            tldr="TL;DR with <b>markup</b>\x00 and a control character",
        ),
        Paper("2501.00003", title_translated="只有中文标题", days=["2025-01-03"], abs_url="javascript:alert(1)"),
        Paper("hep-th/9901001", title="No date at all"),
        Paper("doi:10.1101/2025.01.01.123", title="A bioRxiv paper", days=["2025-01-04"]),
    ]


def _feeds(papers, limit=10):
    kw = dict(title="Knowledge base", site_url=SITE, page_url=_page, limit=limit)
    return atom_feed(papers, feed_url=SITE + "feed.xml", **kw), json_feed(papers, feed_url=SITE + "feed.json", **kw)


def test_atom_is_well_formed_with_required_elements():
    atom, _ = _feeds(_papers())
    root = etree.fromstring(atom)
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{A}{name}") is not None and root.find(f"{A}{name}").text
    assert root.find(f"{A}updated").text.startswith("2025-01-06")  # the newest paper's date, not now
    entries = root.findall(f"{A}entry")
    assert len(entries) == 5
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{A}{name}").text, name
        rels = {link.get("rel"): link.get("href") for link in entry.findall(f"{A}link")}
        assert rels["alternate"] == entry.find(f"{A}id").text and rels["related"].startswith("https://")
    first = entries[0]  # newest first
    assert first.find(f"{A}title").text == "<script>alert('x')</script> & <think>"  # text kept, as text
    assert [a.findtext(f"{A}name") for a in first.findall(f"{A}author")] == ["Wei Zhang", "张伟"]
    assert first.find(f"{A}summary").text.startswith("TL;DR with <b>markup</b> and")
    assert entries[-1].find(f"{A}id").text == SITE + "papers/hep-th-9901001/"  # undated: last
    by_id = {e.find(f"{A}id").text: e for e in entries}
    links = [link.get("href") for link in by_id[SITE + "papers/2501.00003/"].findall(f"{A}link")]
    assert links[1] == "https://arxiv.org/abs/2501.00003"  # not the digest's javascript: URL
    assert by_id[SITE + "papers/doi-10.1101-2025.01.01.123/"].findall(f"{A}link")[1].get("href") == (
        "https://doi.org/10.1101/2025.01.01.123"
    )


def test_untrusted_text_is_escaped_in_the_bytes():
    atom, jsf = _feeds(_papers())
    for data in (atom, jsf):
        assert b"<script" not in data and b"<think>" not in data and b"<b>" not in data
        assert b"javascript:" not in data
        assert b"\x00" not in data
    assert b"&lt;script&gt;" in atom


def test_json_feed_version_items_and_fields():
    _, jsf = _feeds(_papers())
    feed = json.loads(jsf)
    assert feed["version"] == JSON_FEED_VERSION == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Knowledge base" and feed["feed_url"] == SITE + "feed.json"
    items = feed["items"]
    assert len(items) == 5
    for item in items:
        assert item["id"] and item["url"].startswith(SITE) and item["content_text"]
    assert items[0]["title"] == "<script>alert('x')</script> & <think>"
    assert items[0]["authors"] == [{"name": "Wei Zhang"}, {"name": "张伟"}]
    assert items[0]["date_published"].startswith("2025-01-06")
    assert items[0]["external_url"] == "https://arxiv.org/abs/2501.00002"
    assert "date_published" not in items[-1]


def test_limit_and_determinism():
    papers = _papers()
    atom, jsf = _feeds(papers, limit=2)
    assert len(etree.fromstring(atom).findall(f"{A}entry")) == 2
    assert [i["id"] for i in json.loads(jsf)["items"]] == [
        SITE + "papers/2501.00002/",
        SITE + "papers/doi-10.1101-2025.01.01.123/",
    ]
    assert _feeds(list(reversed(papers)), limit=2) == (atom, jsf)  # same bytes, whatever the order or the hour


def test_empty_feed_is_still_valid():
    atom, jsf = _feeds([])
    root = etree.fromstring(atom)
    assert root.find(f"{A}updated").text.startswith("1970-01-01") and not root.findall(f"{A}entry")
    assert json.loads(jsf)["items"] == []
