"""The site's settings the generator uses: from mkdocs.yml (SiteInfo) and its own limits."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteInfo:
    name: str = "Briefing"
    url: str = ""  # absolute base URL, for feeds
    description: str = ""


@dataclass(frozen=True)
class Limits:
    home_latest: int = 10
    home_stories: int = 5
    feed_items: int = 50
    listing_split: int = 200  # a tag or entity listing longer than this is split into one page per year
    matrix_sources: int = 6  # source columns of a story's claims matrix (every source is in the details below it)
