"""Drafts: briefings checked like any other and previewed, never published.

A draft (``draft: true`` in its annotation) is validated with everything else,
cross-references included, so its mistakes are found while it is written.
:func:`published` is the one place that turns the checked content into what
the site publishes: the indexes, pages, feeds and page-cache keys are all made
from what it returns, and the search records, the sitemap and the offline
edition are made from those pages, so no listing, link, feed, search entry or
export can name a draft. The live preview passes the checked content as it is,
and the templates mark each draft (``article.annotation.draft``).
"""

from __future__ import annotations

from dataclasses import replace

from .model import Article, Content


def draft_ids(content: Content) -> tuple[str, ...]:
    """The ids of the drafts among the content's briefings, in publication order."""
    return tuple(a.id for a in content.articles if a.annotation.draft)


def published(content: Content) -> Content:
    """The content ``briefing build`` publishes: the drafts removed, and every published briefing's ``related``
    link to one dropped (its page, its backlinks and its story then know nothing of the draft), as is a redirect to one."""
    hidden = set(draft_ids(content))
    if not hidden:
        return content
    return replace(content, articles=tuple(_without_links(a, hidden) for a in content.articles if a.id not in hidden),
                   digests={key: value for key, value in content.digests.items() if key not in hidden},
                   # an address that leads to a draft waits for it: no page sends readers to what is not published
                   redirects=tuple(r for r in content.redirects if not (r.kind == "article" and r.new in hidden)))


def _without_links(article: Article, hidden: set) -> Article:
    related = tuple(r for r in article.annotation.related if r not in hidden)
    if len(related) == len(article.annotation.related):
        return article
    return replace(article, annotation=replace(article.annotation, related=related))


def links_to_drafts(content: Content) -> list[tuple[Article, str]]:
    """(published briefing, draft id) for each ``related`` link that :func:`published` leaves out."""
    hidden = set(draft_ids(content))
    return [(a, r) for a in content.articles if not a.annotation.draft for r in a.annotation.related if r in hidden]
