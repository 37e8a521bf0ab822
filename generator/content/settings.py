"""The site's settings the generator uses: from mkdocs.yml (SiteInfo) and its own limits."""

from __future__ import annotations

from dataclasses import dataclass

# What a briefing page shows of the original article's text (mkdocs.yml, extra.briefing.original_text):
# the whole text, its first paragraph with a link to the original, or nothing of it.
ORIGINAL_TEXT = ("full", "excerpt", "none")
EXCERPT_WORDS = 60  # the most words of the first paragraph an excerpt shows


@dataclass(frozen=True)
class SiteInfo:
    name: str = "Briefing"
    url: str = ""  # absolute base URL, for feeds
    description: str = ""
    # a public site must not republish whole articles: the online default; the offline edition's config says "full"
    original_text: str = "excerpt"


@dataclass(frozen=True)
class Limits:
    home_latest: int = 10
    home_stories: int = 5
    feed_items: int = 50
    listing_split: int = 200  # a tag or entity listing longer than this is split into one page per year
    matrix_sources: int = 6  # source columns of a story's claims matrix (every source is in the details below it)
