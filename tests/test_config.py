"""Config mistakes, each in a real ``mkdocs build``: one line naming the option, never a traceback.

MkDocs prints an option's ``ValidationError`` as ``Config value 'plugins': Plugin 'arxdigest'
option '<name>': <message>`` and stops. These builds check that every mistake the plugin used to
let through (or answer with a traceback, hundreds of warnings or a wrong site) now ends there,
and the unit tests below go through the edge cases of each option without a build.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config.base import ValidationError

from mkdocs_arxdigest.config import ArxDigestConfig

from .sitebuild import ENV, build, write_site

DIGEST = """# arxiv 2025-01-02

| 标题 | 作者 | PDF链接 | 摘要 |
|------|------|--------|------|
| An agent that plans | Ann Lee | [PDF](https://arxiv.org/pdf/2501.00001v1) | We build an agent. |
| Diffusion for images | Bo Chen | [PDF](https://arxiv.org/pdf/2501.00002v1) | A diffusion model of images. |
"""


@pytest.fixture
def site(tmp_path):
    """A folder with one small digest; returns a function that writes ``mkdocs.yml`` with the options and builds."""
    (tmp_path / "digests").mkdir()
    (tmp_path / "digests" / "2025-01-02.md").write_text(DIGEST, encoding="utf-8")

    def run(*args: str, **options):
        return build(write_site(tmp_path, ["digests"], **options), *args, check=False)

    return run


def one_error(proc, option: str, *fragments: str) -> str:
    """The one line of a failed build that speaks of ``option``; fails unless there is exactly one, and no traceback."""
    assert proc.returncode != 0, proc.stderr
    log = proc.stderr + proc.stdout
    assert "Traceback" not in log, log
    lines = [line for line in log.splitlines() if "arxdigest" in line]
    assert len(lines) == 1, log
    assert f"Plugin 'arxdigest' option '{option}': " in lines[0], lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [
        ("page_size", 0, "must be at least 1"),
        ("related", -1, "must be at least 0"),
        ("concurrency", -3, "must be at least 0"),
        ("graph_nodes", -5, "must be at least 1"),
        ("local_graph_nodes", -2, "must be at least 0"),
        ("page_size", "ten", "expected a whole number"),
        ("concurrency", True, "expected a whole number"),
        ("similar_threshold", 1.5, "must be from 0 to 1"),
        ("similar_threshold", "high", "expected a number from 0 to 1"),
    ],
)
def test_numbers_out_of_range_stop_the_build(site, option, value, fragment):
    one_error(site(**{option: value}), option, fragment, str(value).lower() if value is not True else "true")


@pytest.mark.parametrize("prefix", ["../evil", "/srv/www", "kb\\evil", "kb/../../evil", "kb//x", "C:/x"])
def test_an_unsafe_prefix_is_one_config_error(site, prefix):
    line = one_error(site(prefix=prefix), "prefix", "write a folder inside the site")
    assert "refused to write unsafe path" not in line


def test_topic_rules_with_a_number_instead_of_keywords(site):
    one_error(site(topic_rules={"Agents": 3}), "topic_rules", "'Agents'", "expected a list")


def test_topic_rules_with_an_invalid_regex(site):
    proc = site(topic_rules={"Agents": ["re:(agent"]})
    one_error(proc, "topic_rules", "'re:(agent'", "not a valid regular expression")


def test_topic_aliases_must_be_a_mapping(site):
    one_error(site(topic_aliases=["LLM", "LLMs"]), "topic_aliases", "expected a mapping", "Name: [variant, ...]")


def test_watch_with_an_invalid_regex_names_it(site):
    one_error(site(watch=["diffusion", "re:[unclosed"]), "watch", "item 2", "'re:[unclosed'")


def test_missing_aliases_file(site):
    one_error(site(aliases="people.yml"), "aliases", "people.yml: no such file")


def test_malformed_aliases_file_names_file_and_line(site, tmp_path):
    (tmp_path / "people.yml").write_text("Ann Lee:\n  - A. Lee\nBo Chen: [B. Chen\n", encoding="utf-8")
    one_error(site(aliases="people.yml"), "aliases", "people.yml:4: ", "from line 3")


def test_aliases_file_that_is_not_a_mapping_of_names(site, tmp_path):
    (tmp_path / "people.yml").write_text("Ann Lee:\n  - A. Lee\n  - {first: A}\n", encoding="utf-8")
    one_error(site(aliases="people.yml"), "aliases", "people.yml:3: ", "'Ann Lee'", "a variant must be a name")


def test_aliases_path_is_relative_to_the_config_file_not_the_working_folder(tmp_path):
    (tmp_path / "project" / "digests").mkdir(parents=True)
    (tmp_path / "project" / "digests" / "2025-01-02.md").write_text(DIGEST, encoding="utf-8")
    (tmp_path / "project" / "people.yml").write_text("Ann Lee: [A. Lee]\n", encoding="utf-8")
    config = write_site(tmp_path / "project", ["digests"], aliases="people.yml", builtin_topic_rules=False)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        capture_output=True, text=True, env=ENV, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def test_a_lone_keyword_is_one_keyword_not_its_letters(site, tmp_path):
    """``{Agents: agent}`` used to split into letters and put every paper in "Agents"."""
    proc = site("--strict", topic_rules={"Agents": "agent"}, builtin_topic_rules=False)
    assert proc.returncode == 0, proc.stderr
    planner = (tmp_path / "site" / "papers" / "2501.00001" / "index.html").read_text(encoding="utf-8")
    diffusion = (tmp_path / "site" / "papers" / "2501.00002" / "index.html").read_text(encoding="utf-8")
    assert "Agents" in planner
    assert "Agents" not in diffusion


def test_an_unknown_option_names_the_likely_one(site):
    proc = site("--strict", page_sise=10)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "option 'page_sise': Unrecognised configuration name: page_sise; did you mean 'page_size'?" in proc.stderr


# -- the options one by one, without a build --------------------------------


def validate(tmp_path: Path, **options):
    """The validated options (as the plugin sees them), or the one ``ValidationError`` message."""
    config = ArxDigestConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict(options)
    errors, warnings = config.validate()
    if errors:
        assert len(errors) == 1
        key, error = errors[0]
        assert isinstance(error, ValidationError)
        return f"{key}: {error}"
    return config


def test_defaults_are_unchanged(tmp_path):
    config = validate(tmp_path)
    assert config.sources == ["digests"] and config.prefix == "" and config.page_size == 100
    assert config.related == 8 and config.graph_nodes == 1500 and config.local_graph_nodes == 24
    assert config.concurrency == 0 and config.topic_rules == {} and config.topic_aliases == {}
    assert config.aliases is None and config.watch == [] and config.nav is True and config.notes == "notes"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("kb", "kb"), ("kb/", "kb"), ("kb/arxiv/", "kb/arxiv"), ("", ""), ("/", ""), ("知识库", "知识库"), ("k_1", "k_1")],
)
def test_good_prefixes(tmp_path, value, expected):
    assert validate(tmp_path, prefix=value).prefix == expected


@pytest.mark.parametrize("value", ["..", ".", "a/./b", "//kb", "~/kb", "kb?x", "kb#x", "k b", "a%2e", "a\x00", 3])
def test_bad_prefixes(tmp_path, value):
    assert validate(tmp_path, prefix=value).startswith("prefix: ")


def test_topic_rules_forms(tmp_path):
    llm = ["LLM", "re:large language models?"]
    rules = validate(tmp_path, topic_rules={"Agents": "agent", "LLMs": llm, "3D": None})
    assert rules.topic_rules == {"Agents": ["agent"], "LLMs": llm, "3D": []}
    assert validate(tmp_path, topic_rules=None).topic_rules == {}


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("agents", "expected a mapping"),
        (["Agents"], "expected a mapping"),
        ({"Agents": {"x": 1}}, "expected a list"),
        ({"Agents": ["agent", 2025]}, "each keyword must be non-empty text, got a number 2025"),
        ({"Agents": [""]}, "each keyword must be non-empty text"),
        ({1: ["x"]}, "a name must be text"),
        ({"": ["x"]}, "a name must be text"),
    ],
)
def test_bad_topic_rules(tmp_path, value, fragment):
    message = validate(tmp_path, topic_rules=value)
    assert message.startswith("topic_rules: ") and fragment in message, message
    assert "\n" not in message


def test_watch_forms(tmp_path):
    assert validate(tmp_path, watch="diffusion").watch == ["diffusion"]
    assert validate(tmp_path, watch=["re:^agent", "Yann LeCun"]).watch == ["re:^agent", "Yann LeCun"]
    assert validate(tmp_path, watch=[""]).startswith("watch: item 1")
    assert validate(tmp_path, watch={"a": 1}).startswith("watch: expected a list")


def test_feeds_forms(tmp_path):
    every = ["all", "topics", "authors", "watch"]
    assert validate(tmp_path).feeds == {"entries": 20, "kinds": every}
    assert validate(tmp_path, feeds=None).feeds == {"entries": 20, "kinds": every}
    assert validate(tmp_path, feeds=False).feeds == {"entries": 20, "kinds": []}
    assert validate(tmp_path, feeds={"entries": 5}).feeds == {"entries": 5, "kinds": every}
    assert validate(tmp_path, feeds={"kinds": ["watch", "all"]}).feeds == {"entries": 20, "kinds": ["all", "watch"]}
    assert validate(tmp_path, feeds={"kinds": "topics"}).feeds["kinds"] == ["topics"]
    assert validate(tmp_path, feeds={"kinds": []}).feeds["kinds"] == []
    assert validate(tmp_path, feeds={"entries": 0}).startswith("feeds: entries: expected a whole number from 1")
    assert validate(tmp_path, feeds={"entries": True}).startswith("feeds: entries: expected a whole number")
    assert validate(tmp_path, feeds={"kinds": ["topic"]}) == (
        "feeds: kinds: text 'topic' is not a feed; did you mean 'topics'? write some of all, topics, authors, watch"
    )
    assert validate(tmp_path, feeds={"entry": 5}).startswith("feeds: unknown key text 'entry'; did you mean 'entries'?")
    assert validate(tmp_path, feeds="atom").startswith("feeds: expected true, false or a mapping, got text 'atom'")


def test_feeds_mistake_is_one_line_in_a_build(site):
    one_error(site(feeds={"kinds": ["author"]}), "feeds", "did you mean 'authors'?")


def test_sources_forms(tmp_path):
    assert validate(tmp_path, sources="digests").sources == ["digests"]
    assert validate(tmp_path, sources=["a", 3]).startswith("sources: item 2")


def test_pages_forms(tmp_path):
    assert validate(tmp_path, pages=["papers", "days"]).pages == ["papers", "days"]
    assert validate(tmp_path, pages="graph").pages == ["graph"]
    assert validate(tmp_path, pages=["paper"]) == (
        "pages: text 'paper' is not a page kind; did you mean 'papers'? "
        "write some of papers, authors, topics, days, graph, search, reading"
    )


def test_aliases_is_checked_and_kept_as_written(tmp_path):
    (tmp_path / "people.yml").write_text("Ann Lee: A. Lee\n", encoding="utf-8")
    assert validate(tmp_path, aliases="people.yml").aliases == "people.yml"
    assert validate(tmp_path, aliases=str(tmp_path / "people.yml")).aliases == str(tmp_path / "people.yml")
    assert validate(tmp_path, aliases="nope.yml") == "aliases: nope.yml: no such file"
    assert validate(tmp_path, aliases=["people.yml"]).startswith("aliases: expected the path of a YAML file")


@pytest.mark.parametrize("option", ["nav", "search_abstracts", "builtin_topic_rules"])
def test_switches_take_true_or_false_only(tmp_path, option):
    assert validate(tmp_path, **{option: "yes"}) == f"{option}: expected true or false, got text 'yes'"


def test_an_empty_value_means_the_default(tmp_path):
    config = validate(tmp_path, page_size=None, prefix=None, watch=None)
    assert config.page_size == 100 and config.prefix == "" and config.watch == []


def test_downloads_forms(tmp_path):
    assert validate(tmp_path).downloads == ["bibtex", "ris", "csl-json"]
    assert validate(tmp_path, downloads="ris").downloads == ["ris"]
    assert validate(tmp_path, downloads=[]).downloads == []
    assert validate(tmp_path, downloads=["bibtext"]) == (
        "downloads: text 'bibtext' is not a citation format; did you mean 'bibtex'? write some of bibtex, ris, csl-json"
    )
