"""Rendering: Jinja templates in, Markdown out, every value from a digest escaped exactly once.

Templates (``templates/arxdigest/*.md``) emit Markdown whose body is mostly raw
HTML blocks: Python-Markdown passes those through untouched, so untrusted text
is escaped once, by Jinja's autoescape, and no Markdown or HTML in a digest can
take effect. A file of the same name in ``<custom_dir>/arxdigest/`` overrides a
template.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.meta
from markupsafe import Markup, escape

from ..model import Paper
from ..names import index_letter
from .base import Page
from .urls import base as base_of

if TYPE_CHECKING:
    from .site import Site

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class Renderer:
    """The Jinja environment of a site, and the link helpers of each page depth."""

    def __init__(self, site: Site, template_dirs: Sequence[str | os.PathLike[str]] = ()):
        self.site = site
        self.template_dirs = tuple(template_dirs)
        search = [Path(d) / "arxdigest" for d in template_dirs] + [TEMPLATES / "arxdigest"]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in search if p.is_dir()]),
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            finalize=_one_line,
            auto_reload=False,  # one build's templates: never stat them again for every page
        )
        self.env.filters["tojson_attr"] = tojson_attr
        self.env.filters["md"] = md_escape
        self.env.globals.update(labels=site.labels, corpus=site.corpus, options=site.options, site=site)
        self._helpers: dict[str, Helpers] = {}

    def sources(self, template: str) -> list[tuple[str, str]]:
        """``(name, source)`` of the template ``template`` (``paper``) and of every template it imports or includes."""
        seen: dict[str, str] = {}
        pending = [f"{template}.md"]
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            source, _, _ = self.env.loader.get_source(self.env, name)
            seen[name] = source
            pending += [n for n in jinja2.meta.find_referenced_templates(self.env.parse(source)) if n]
        return sorted(seen.items())

    def render(self, page: Page) -> str:
        """The Markdown of ``page``: JSON front matter (title, search exclusion), then the template's output."""
        page_base = base_of(page.url)
        helpers = self._helpers.get(page_base)
        if helpers is None:
            helpers = self._helpers[page_base] = Helpers(self.site, page_base)
        extra = page.derived() if page.derived else {}
        body = self.env.get_template(f"{page.template}.md").render(
            title=page.title, base=page_base, link=helpers.link, href=helpers.href,
            paper_link=helpers.paper_link, author_link=helpers.author_link, topic_link=helpers.topic_link,
            day_link=helpers.day_link, author_list=helpers.author_list, topic_chips=helpers.topic_chips,
            paper_item=helpers.paper_item, paper_list=helpers.paper_list, ranked_authors=helpers.ranked_authors,
            author_index=helpers.author_index, **page.context, **extra,
        )  # fmt: skip
        meta = {"title": str(escape(page.title))}
        if not page.search:
            meta["search"] = {"exclude": True}
        return "---\n" + json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n---\n\n" + body


class Helpers:
    """Link and list helpers for pages at one depth (``base``), with their HTML cached.

    Most pages sit at the same depth (``papers/<id>/``), so an author link or a
    paper's list entry is rendered once and reused on every page that shows it.
    """

    def __init__(self, site: Site, base: str):
        self.site = site
        self.base = base
        self.authors_on = "authors" in site.options.kinds
        self.topics_on = "topics" in site.options.kinds
        self.days_on = "days" in site.options.kinds
        self._author: dict[str, Markup] = {}
        self._topic: dict[str, Markup] = {}
        self._item: dict[tuple[str, bool], Markup] = {}
        self.labels = site.labels

    def link(self, kind: str, slug: str = "", page: int = 0) -> Markup:
        return Markup(escape(self.base + self.site.urls.url(kind, slug, page) or "./"))

    def href(self, url: str) -> Markup:
        return Markup(escape(self.base + url or "./"))

    def paper_link(self, paper: Paper) -> Markup:
        return self.link("papers", self.site.corpus.paper_slugs[paper.key])

    def author_link(self, name: str) -> Markup | None:
        author = self.site.corpus.authors.get(name)
        return self.link("authors", author.slug) if self.authors_on and author else None

    def topic_link(self, name: str) -> Markup | None:
        topic = self.site.corpus.topics.get(name)
        return self.link("topics", topic.slug) if self.topics_on and topic else None

    def day_link(self, date: str) -> Markup | None:
        return self.link("days", date) if self.days_on and date in self.site.corpus.days else None

    def author(self, name: str) -> Markup:
        html = self._author.get(name)
        if html is None:
            url = self.author_link(name)
            if url:
                html = Markup(f'<a class="arxdigest-author" href="{url}">{escape(name)}</a>')
            else:
                html = Markup(f'<span class="arxdigest-author">{escape(name)}</span>')
            self._author[name] = html
        return html

    def author_list(self, names: Sequence[str], complete: bool = True, limit: int = 0) -> Markup:
        if not names:
            label = escape(self.labels["authors_not_given"])
            return Markup(f'<span class="arxdigest-badge" data-pagefind-ignore>{label}</span>')
        shown = names[:limit] if limit else names
        html = ", ".join([self.author(n) for n in shown])
        if limit and len(names) > limit:
            html += f", … (+{len(names) - limit})"
        if not complete:
            html += f' <span class="arxdigest-badge">{escape(self.labels["first_author_only"])}</span>'
        return Markup(html)

    def topic(self, name: str, count: int | None = None) -> Markup:
        key = name if count is None else f"{name}\x00{count}"
        html = self._topic.get(key)
        if html is None:
            url = self.topic_link(name)
            inner = f"{escape(name)} <span>{int(count)}</span>" if count is not None else escape(name)
            if url:
                html = Markup(f'<a class="arxdigest-chip" href="{url}">{inner}</a>')
            else:
                html = Markup(f'<span class="arxdigest-chip">{inner}</span>')
            self._topic[key] = html
        return html

    def topic_chips(self, topics: Sequence[str] | Sequence[tuple[str, int]]) -> Markup:
        return Markup(" ".join([self.topic(*t) if isinstance(t, tuple) else self.topic(t) for t in topics]))

    def ranked_authors(self, pairs: Sequence[tuple[str, int]]) -> Markup:
        """``<li>`` items of authors with a count (co-authors, top authors)."""
        return Markup(
            "\n".join(
                [f'<li>{self.author(name)} <span class="arxdigest-count">{int(n)}</span></li>' for name, n in pairs]
            )
        )

    def author_index(self, names: Sequence[str]) -> Markup:
        from .author import anchor

        """An A–Z list of authors (``names`` in order) with their paper counts: a heading per first letter."""
        authors = self.site.corpus.authors
        letters = self.site.memo("author_letters")
        groups: dict[str, list[tuple[str, int]]] = {}
        for name in names:
            letter = letters.get(name) or index_letter(name)  # computed once by the plan (pages.author)
            groups.setdefault(letter, []).append((name, len(authors[name].papers)))
        return Markup(
            "\n".join(
                f'<h3 class="arxdigest-letter" id="{anchor(letter)}">{escape(letter)}</h3>\n'
                f'<ul class="arxdigest-columns">\n'
                f"{self.ranked_authors(pairs)}\n</ul>"
                for letter, pairs in groups.items()
            )
        )

    def note_chips(self, key: str) -> str:
        """Status and rating chips of the user's note on ``key``, if any (see :func:`note_chips`)."""
        return note_chips(self.labels, self.site.notes.get(key))

    def paper_list(self, papers: Sequence[Paper], tldr: bool = True) -> Markup:
        """A ``<ul>`` of papers, or the "no papers" line."""
        if not papers:
            return Markup(f"<p>{escape(self.labels['no_papers'])}</p>")
        items = "\n".join([self.paper_item(p, tldr) for p in papers])
        return Markup(f'<ul class="arxdigest-papers">\n{items}\n</ul>')

    def paper_item(self, paper: Paper, tldr: bool = True, badges: Sequence[str] = ()) -> Markup:
        """One ``<li>`` of a paper list: title, translated title, authors, date, id, note chips, TL;DR, ``badges``.

        A paper that watched keywords match (see :mod:`.watch`) is marked: a class, its
        title's matching words in ``<mark>``, a badge per keyword.
        """
        if badges:  # e.g. why a paper is similar: few, so not cached
            tags = "".join(f' <span class="arxdigest-badge arxdigest-reason">{escape(b)}</span>' for b in badges)
            return Markup(str(self.paper_item(paper, tldr)).removesuffix("</li>") + tags + "</li>")
        key = (paper.key, tldr)
        html = self._item.get(key)
        if html is None:
            watched = self.site.watched.get(paper.key) if self.site.options.watch else None
            title, css, after = escape(paper.display_title), "arxdigest-paper", ""
            if watched:
                from .watch import badges, mark

                title, css, after = mark(paper.display_title, watched), f"{css} {css}--watched", badges(self, watched)
            link = self.paper_link(paper)
            parts = [f'<li class="{css}"><a class="arxdigest-paper__title" href="{link}">{title}</a>{after}']
            if paper.title and paper.title_translated:
                parts.append(f' <span class="arxdigest-paper__translated">{escape(paper.title_translated)}</span>')
            meta = str(self.author_list(paper.authors, paper.authors_complete, 5))
            if paper.published:
                meta += f" · {escape(self.labels['published_on'])} {escape(paper.published)}"
            elif paper.days:
                meta += f" · {escape(self.labels['digest_on'])} {escape(max(paper.days))}"
            meta += f" · <code>{escape(paper.key)}</code>{self.note_chips(paper.key)}"
            parts.append(f'<br><span class="arxdigest-paper__meta">{meta}</span>')
            if tldr and paper.tldr:
                parts.append(f'<br><span class="arxdigest-paper__tldr">{escape(paper.tldr)}</span>')
            parts.append("</li>")
            html = self._item[key] = Markup("".join(parts))
        return html


def note_chips(labels: dict[str, str], note) -> str:
    """The status and rating chips of a note in a paper list ("" without a note, or with neither)."""
    from ..reading import parse_rating, status_group

    if note is None:
        return ""
    html = ""
    status = str(note.status or "").strip()
    if status:
        group = status_group(status)
        label = labels[group] if group else status
        kind = group or "other"
        title = escape(labels["status"])
        html += f' <span class="arxdigest-note-chip arxdigest-note-chip--{kind}" title="{title}">{escape(label)}</span>'

    rating = parse_rating(note.rating) if str(note.rating or "").strip() else None
    if rating is not None:
        html += f' <span class="arxdigest-rating" title="{escape(labels["rating"])}">★ {rating:g}/5</span>'
    return html


def _one_line(value):
    """Jinja ``finalize``: plain strings print on one line, so an HTML block never holds a blank line."""
    if isinstance(value, str) and not isinstance(value, Markup) and "\n" in value:
        return value.replace("\n", " ")
    return value


_MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_escape(value) -> Markup:
    """Escape text for a Markdown context (a heading): HTML-escaped, Markdown punctuation backslashed."""
    return Markup(_MD_SPECIAL_RE.sub(r"\\\1", str(escape(_one_line(str(value))))))


def tojson_attr(value) -> Markup:
    """JSON for a single-quoted HTML attribute value: ``'``, ``&``, ``<`` and ``>`` escaped.

    JSON's own double quotes stay as they are (``&#34;`` would take five bytes each:
    a fifth of a local graph's data).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;"))
