"""Watched keywords and the reading list."""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_arxdigest.model import Paper
from mkdocs_arxdigest.pages.feed import FORMATS, FeedLink
from mkdocs_arxdigest.reading import parse_rating, reading_list, status_group, watch_matches, watch_warnings


def _papers() -> dict[str, Paper]:
    papers = [
        Paper("2501.00001", title="Diffusion Policy for dexterous hands", days=["2025-01-02"]),
        Paper("2501.00002", title="Multi-agent RL", abstract="We use diffusion policies.", days=["2025-01-05"]),
        Paper("2501.00003", title_translated="基于扩散模型的视频生成", days=["2025-01-03"]),
        Paper(
            "2501.00004",
            title="Confusion matrices revisited",
            tldr="nothing about diffusion policy here? yes",
            days=["2025-01-01"],
        ),  # fmt: skip
        Paper("2501.00005", title="Prediffusion is not a word start", days=["2025-01-04"]),
        Paper("2501.00006", title="GPT-4o and <script>", published="2025-01-06"),
    ]
    return {p.key: p for p in papers}


def test_watch_matches_newest_first_by_rule_kind():
    found = watch_matches(_papers(), ["diffusion policy", "扩散", r"re:GPT-\d", "Diffusion"])
    assert list(found) == ["diffusion policy", "扩散", r"re:GPT-\d", "Diffusion"]  # the given order
    # ASCII: case-insensitive, at a word start ("policies" is not "policy"; "Prediffusion" is no word start)
    assert found["diffusion policy"] == ["2501.00001", "2501.00004"]
    assert found["Diffusion"] == ["2501.00002", "2501.00001", "2501.00004"]  # newest first
    assert found["扩散"] == ["2501.00003"]  # Chinese anywhere
    assert found[r"re:GPT-\d"] == ["2501.00006"]


def test_bad_patterns_warn_and_match_nothing():
    patterns = ["re:([unclosed", "", "re:", "agent", "re:(?i)global flag"]
    warnings = watch_warnings(patterns)
    assert len(warnings) == 4 and "re:([unclosed" in warnings[0] and "(?i)" in warnings[3]
    found = watch_matches(list(_papers().values()), patterns)
    assert found["re:([unclosed"] == [] and found[""] == [] and found["agent"] == ["2501.00002"]
    assert watch_warnings(["diffusion", "re:a+"]) == []


@dataclass
class Note:
    key: str
    status: str = ""
    rating: object = ""
    tags: list[str] = field(default_factory=list)
    content: str = ""


def test_parse_rating_and_status():
    assert parse_rating("4") == 4 and parse_rating(5) == 5 and parse_rating("4/5") == 4
    assert parse_rating("8/10") == 4 and parse_rating("★★★") == 3 and parse_rating("⭐⭐⭐⭐") == 4
    assert parse_rating("4.5 stars") == 4.5
    for none in ("", None, "great", True):
        assert parse_rating(none) is None
    assert (
        status_group("To Read") == "to_read" and status_group("已读") == "read" and status_group("reading") == "reading"
    )
    assert status_group("someday") == ""


def test_reading_list_groups_newest_first_and_top_rated():
    notes = {
        "2501.00001": Note("2501.00001", status="read", rating="5"),
        "2501.00002": Note("2501.00002", status="to read"),
        "2501.00003": Note("2501.00003", status="Reading", rating="3/5"),
        "2501.00004": Note("2501.00004", status="todo", rating="5"),
        "2501.00005": Note("2501.00005", status="someday"),
        "2501.00006": Note("2501.00006", rating="★★★★"),
        "2599.99999": Note("2599.99999", status="read"),  # a note of a paper not in the corpus
    }
    result = reading_list(notes, _papers())
    assert result["to_read"] == ["2501.00002", "2501.00004"]  # by date: 01-05, then 01-01
    assert result["reading"] == ["2501.00003"] and result["read"] == ["2501.00001"]
    assert result["other"] == {"someday": ["2501.00005"]}
    assert result["top_rated"] == [("2501.00001", 5.0), ("2501.00004", 5.0), ("2501.00006", 4.0), ("2501.00003", 3.0)]
    assert reading_list(notes, _papers(), top=1)["top_rated"] == [("2501.00001", 5.0)]
    alone = reading_list(list(notes.values()))  # no papers: by key, newest id first, nothing left out
    assert alone["read"] == ["2599.99999", "2501.00001"]


def _env():
    """The templates' Jinja settings (as site.py sets them), with stand-in link helpers."""
    import jinja2
    from markupsafe import Markup, escape

    from mkdocs_arxdigest.i18n import labels as get_labels
    from mkdocs_arxdigest.pages.render import TEMPLATES, _one_line, md_escape

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES / "arxdigest")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_one_line,
    )
    env.filters["md"] = md_escape

    def paper_link(p):
        return Markup(f"../papers/{escape(p.key)}/")

    def paper_list(papers):
        return Markup("<ul>" + "".join(f"<li>{escape(p.display_title)}</li>" for p in papers) + "</ul>")

    env.globals.update(labels=get_labels("en"), paper_link=paper_link, paper_list=paper_list)
    return env


def test_watch_template_lists_matches_and_feeds_escaped():
    papers = _papers()
    keys = watch_matches(papers, ["re:GPT|(?i:diffusion)"])["re:GPT|(?i:diffusion)"]
    html = (
        _env()
        .get_template("watch.md")
        .render(
            keyword="re:<b>GPT</b>|diffusion",
            total=len(keys),
            papers=[papers[k] for k in keys],
            pager=None,
            feeds=[FeedLink(t, f"<b>{t}</b>", f"watch/x/{n}") for n, t, _ in FORMATS],
            base="../../",
        )
    )
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;GPT" in html
    assert html.index("GPT-4o") < html.index("Multi-agent RL") < html.index("Diffusion Policy")  # newest first
    assert (
        'href="../../watch/x/feed.xml" type="application/atom+xml"' in html and 'href="../../watch/x/feed.json"' in html
    )
    assert '<link rel="alternate feed" type="application/feed+json" title="&lt;b&gt;' in html


def test_reading_template_groups_and_ratings():
    papers = _papers()
    notes = [Note("2501.00001", "read", "5"), Note("2501.00002", "to read"), Note("2501.00006", "<i>x</i>", "4")]
    rl = reading_list(notes, papers)
    html = (
        _env()
        .get_template("reading.md")
        .render(
            groups=[(g, [papers[k] for k in rl[g]]) for g in ("to_read", "reading", "read")],
            other=[(s, [papers[k] for k in ks]) for s, ks in rl["other"].items()],
            top_rated=[(papers[k], r) for k, r in rl["top_rated"]],
        )
    )
    assert "## To read (1)" in html and "## Read (1)" in html and "## Reading" not in html
    assert "<i>x</i>" not in html and "&lt;i&gt;x&lt;/i&gt;" in html.replace("\\", "")
    assert "## Top rated" in html and "5/5" in html and html.index("Diffusion Policy") < html.rindex("GPT-4o")
    empty = _env().get_template("reading.md").render(groups=[("to_read", [])], other=[], top_rated=[])
    assert "No notes yet." in empty
