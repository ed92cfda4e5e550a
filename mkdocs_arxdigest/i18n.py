"""UI labels of the generated pages, in English and Chinese."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "knowledge_base": "Knowledge base", "overview": "Overview", "papers": "Papers", "authors": "Authors",
        "topics": "Topics", "days": "Days", "graph": "Graph", "paper": "Paper", "author": "Author",
        "topic": "Topic", "day": "Day", "abstract": "Abstract", "abstract_translated": "Translated abstract",
        "tldr": "TL;DR", "summary": "Summary", "motivation": "Motivation", "method": "Method", "result": "Result",
        "conclusion": "Conclusion", "first_author_only": "first author only", "arxiv": "arXiv", "pdf": "PDF",
        "code": "Code", "doi": "DOI", "categories": "Categories", "published": "Published",
        "appeared": "In digests", "version": "version", "bibtex": "BibTeX", "copy_code": "Copy to clipboard",
        "related": "Similar papers", "notes": "Notes", "sources": "Sources", "coauthors": "Co-authors",
        "shared": "shared", "paper_count": "papers", "top_authors": "Top authors", "top_topics": "Top topics",
        "related_topics": "Related topics", "latest_day": "Latest digest", "previous": "Previous day",
        "next": "Next day", "page": "Page", "older": "Older", "newer": "Newer", "local_graph": "Neighbourhood",
        "previous_page": "Previous", "next_page": "Next",
        "rank": "PageRank rank", "community": "Community", "of": "of", "translation_failed": "translation failed",
        "title_translated": "Translated title",
        "also_titled": "Also titled", "recent_days": "Recent digests", "open_graph": "Open the graph",
        "other": "Other", "status": "Status", "rating": "Rating", "tags": "Tags", "graph_intro":
        "Authors and topics that appear together. Hover to highlight neighbours, click to open a page.",
        "all_days": "All digest days", "no_papers": "No papers.",
        "authors_not_given": "authors not given", "also_called": "Also called", "published_on": "published",
        "digest_on": "in digest",
        # search page
        "search": "Search", "search_placeholder": "Search titles, authors, abstracts…",
        "search_papers": "Search papers", "search_results": "results", "search_none": "No results.",
        "search_sort": "Sort", "search_relevance": "Relevance", "search_newest": "Newest first",
        "search_filters": "Filters", "search_kind": "Type", "search_year": "Year",
        "search_authors_here": "Authors in these results", "search_more": "More results",
        "search_unavailable": "The search index is missing: build the site again.", "search_clear": "Clear filters",
        "search_docs_page": "Page", "search_noscript": "The search needs JavaScript.",
        "search_count": "Count these results", "search_in_archive": "in the whole archive",
        # reading list, watched keywords, downloads
        "reading_list": "Reading list", "to_read": "To read", "reading": "Reading", "read": "Read",
        "top_rated": "Top rated", "other_status": "Other", "watched": "Watched keyword",
        "watched_keywords": "Watched keywords", "watch_matches": "Matches",
        "feed": "Feed", "no_notes": "No notes yet.", "download": "Download",
    },
    "zh": {
        "knowledge_base": "知识库", "overview": "概览", "papers": "论文", "authors": "作者", "topics": "主题",
        "days": "日期", "graph": "关系图", "paper": "论文", "author": "作者", "topic": "主题", "day": "日期",
        "abstract": "摘要", "abstract_translated": "中文摘要", "tldr": "太长不看", "summary": "总结",
        "motivation": "动机", "method": "方法", "result": "结果", "conclusion": "结论",
        "first_author_only": "仅第一作者", "arxiv": "arXiv", "pdf": "PDF", "code": "代码", "doi": "DOI",
        "categories": "分类", "published": "发表日期", "appeared": "收录日期", "version": "版本",
        "bibtex": "BibTeX", "copy_code": "复制", "related": "相似论文", "notes": "笔记", "sources": "来源",
        "coauthors": "合作者", "shared": "篇合作", "paper_count": "篇论文", "top_authors": "高产作者",
        "top_topics": "热门主题", "related_topics": "相关主题", "latest_day": "最新一期", "previous": "前一天",
        "next": "后一天", "page": "页", "older": "更早", "newer": "更新", "local_graph": "关系邻域",
        "previous_page": "上一页", "next_page": "下一页",
        "rank": "PageRank 排名", "community": "社区", "of": "/", "translation_failed": "翻译失败",
        "title_translated": "中文标题",
        "also_titled": "又名", "recent_days": "最近几期", "open_graph": "打开关系图", "other": "其他",
        "status": "状态", "rating": "评分", "tags": "标签",
        "graph_intro": "共同出现的作者与主题。悬停高亮邻居，点击打开页面。", "all_days": "全部日期",
        "no_papers": "没有论文。",
        "authors_not_given": "未列出作者", "also_called": "又称", "published_on": "发表于", "digest_on": "收录于",
        # search page
        "search": "搜索", "search_placeholder": "搜索标题、作者、摘要…", "search_papers": "搜索论文",
        "search_results": "条结果", "search_none": "没有结果。", "search_sort": "排序", "search_relevance": "相关度",
        "search_newest": "最新优先", "search_filters": "筛选", "search_kind": "类型", "search_year": "年份",
        "search_authors_here": "结果中的作者", "search_more": "更多结果",
        "search_unavailable": "缺少搜索索引：请重新构建网站。", "search_clear": "清除筛选",
        "search_docs_page": "页面", "search_noscript": "搜索需要 JavaScript。",
        "search_count": "统计这些结果", "search_in_archive": "整个知识库中",
        # reading list, watched keywords, downloads
        "reading_list": "阅读清单", "to_read": "待读", "reading": "在读", "read": "已读", "top_rated": "高分",
        "other_status": "其他", "watched": "关注关键词", "watched_keywords": "关注关键词",
        "watch_matches": "匹配论文", "feed": "订阅",
        "no_notes": "还没有笔记。", "download": "下载",
    },
}  # fmt: skip


def labels(language: str | None) -> dict[str, str]:
    """Labels for a language code such as ``zh``, ``zh-Hans`` or ``en``; English otherwise."""
    lang = (language or "en").lower()
    return LABELS["zh"] if lang.startswith("zh") else LABELS["en"]
