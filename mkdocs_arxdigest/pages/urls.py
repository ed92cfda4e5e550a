"""Where every generated page goes: the one place that turns a page kind, slug and page number into paths."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Urls:
    """Source paths and URLs of generated pages.

    Args:
        prefix: the URL prefix of every page, ``""`` or ending in ``/`` (``kb/``).
        overview_name: ``index`` makes the overview the home of ``prefix``; ``overview`` when the user has their own.
        use_directory_urls: MkDocs' option of that name.
    """

    prefix: str = ""
    overview_name: str = "index"
    use_directory_urls: bool = True
    _nodes: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def src_uri(self, kind: str, slug: str = "", page: int = 0) -> str:
        """Source path of a generated page: ``papers/<slug>.md``, ``papers/index.md``, ``papers/page/2.md``.

        ``page`` 0 is a listing's front page; others are ``page/<n>``.
        """
        if kind == "overview":
            return f"{self.prefix}{self.overview_name}.md"
        folder = f"{self.prefix}{kind}"
        if not slug:
            return f"{folder}/page/{page}.md" if page else f"{folder}/index.md"
        return f"{folder}/{slug}/page/{page}.md" if page else f"{folder}/{slug}.md"

    def url(self, kind: str, slug: str = "", page: int = 0) -> str:
        """URL of a generated page, relative to the site root."""
        src = self.src_uri(kind, slug, page)[:-3]
        if self.use_directory_urls:
            if src == "index" or src.endswith("/index"):
                return src[:-5]
            return f"{src}/"
        return f"{src}.html"

    def asset(self, path: str) -> str:
        """The ``dest_uri`` of a static file the plugin writes (``graph/graph.json``)."""
        return f"{self.prefix}{path}"

    def node_url(self, kind: str, slug: str) -> str:
        """URL of an author's (``kind`` ``author``) or topic's page."""
        key = (kind, slug)
        url = self._nodes.get(key)
        if url is None:
            url = self._nodes[key] = self.url("authors" if kind == "author" else "topics", slug)
        return url


def base(page_url: str) -> str:
    """The way from the page at ``page_url`` (relative to the site root) back to the root."""
    return "../" * page_url.count("/")


def relative(page_url: str, target_url: str) -> str:
    """A link from the page at ``page_url`` to ``target_url`` (both relative to the site root)."""
    return base(page_url) + target_url or "./"
