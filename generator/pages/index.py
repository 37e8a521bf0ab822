"""Stage 3: the indexes, as pure functions of the content with deterministic order.

Each function makes one pass over its input (no step grows with pages x pages).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from .compare import ClaimRow, rows as claim_rows
from ..content.model import Article, Content, Event, FuzzyDate


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a timeline: an article (at its event date) or a context event."""

    date: FuzzyDate
    kind: str  # "article" or "event"
    id: str
    title: str
    summary: str
    story: str
    tags: tuple[str, ...]
    entities: tuple[str, ...]
    importance: int
    item: Article | Event

    @property
    def sort_key(self):
        """(date, -importance, kind, id); the date as FuzzyDate orders, by its fields, compared as a plain tuple
        (a dataclass's generated comparisons were a third of the timeline's sort)."""
        d = self.date
        return (d.year, d.month, d.day, -self.importance, self.kind, self.id)


@dataclass(frozen=True)
class StoryView:
    story: object
    articles: tuple[Article, ...]  # its sources, by publication date
    events: tuple[Event, ...]
    timeline: tuple[TimelineEntry, ...]
    rates: tuple = field(default=(), repr=False, compare=False)  # the content's exchange rates, for its claims

    @functools.cached_property
    def claims(self) -> tuple[ClaimRow, ...]:
        """Its sources' claims compared, topic by topic: worked out when a page first shows them (the comparisons
        are most of the indexes' time, and ``briefing serve`` shows one page at a time)."""
        return claim_rows(self.articles, self.rates)

    @functools.cached_property  # read by every briefing page of the story
    def topics(self) -> dict:
        """topic -> its ClaimRow."""
        return {row.topic: row for row in self.claims}

    @property
    def last_activity(self) -> dt.date:
        dates = [a.date for a in self.articles] + [e.date.start for e in self.events]
        return max(dates, default=self.story.date.start)


@dataclass(frozen=True)
class Week:
    year: int  # ISO year
    number: int  # ISO week
    monday: dt.date
    articles: tuple[Article, ...]  # most important first

    @property
    def slug(self) -> str:
        return f"{self.year}-w{self.number:02d}"


def entry_for_article(article: Article) -> TimelineEntry:
    a = article.annotation
    return TimelineEntry(article.event_date, "article", article.id, a.title, a.summary, a.story,
                         a.tags, a.entities, a.importance, article)


def entry_for_event(event: Event) -> TimelineEntry:
    return TimelineEntry(event.date, "event", event.id, event.title, event.summary, event.story,
                         event.tags, event.entities, 2, event)


def timeline(content: Content) -> tuple[TimelineEntry, ...]:
    """Every article and context event, in event-date order."""
    global _entries
    last, _entries = _entries, {}
    entries = []
    for a in content.articles:
        found = last.get(a.id)
        entry = found[1] if found is not None and found[0] is a else entry_for_article(a)
        _entries[a.id] = (a, entry)
        entries.append(entry)
    entries += [entry_for_event(e) for e in content.events]
    return tuple(sorted(entries, key=lambda e: e.sort_key))


# article id -> (Article, its TimelineEntry) of the last timeline: the same Article object (content/validate.py
# keeps it while its files are unchanged) has the same entry (``briefing serve`` indexes again after each edit)
_entries: dict = {}


def by_year(entries) -> dict[int, tuple]:
    """Entries (already in order) grouped by the year of their date, oldest year first."""
    groups = defaultdict(list)
    for entry in entries:
        groups[entry.date.year].append(entry)
    return {year: tuple(groups[year]) for year in sorted(groups)}


def by_tag(entries) -> dict[str, tuple[TimelineEntry, ...]]:
    return _invert(entries, lambda e: e.tags)


def by_entity(entries) -> dict[str, tuple[TimelineEntry, ...]]:
    return _invert(entries, lambda e: e.entities)


def _invert(entries, keys_of) -> dict:
    groups = defaultdict(list)
    for entry in entries:
        for key in keys_of(entry):
            groups[key].append(entry)
    return {key: tuple(groups[key]) for key in sorted(groups)}


def quotes_by_speaker(articles) -> dict[str, tuple]:
    """speaker id -> ((Article, Quote), ...) in publication order."""
    groups = defaultdict(list)
    for article in articles:
        for quote in article.annotation.quotes:
            groups[quote.speaker].append((article, quote))
    return {key: tuple(groups[key]) for key in sorted(groups)}


def stories(content: Content, entries) -> dict[str, StoryView]:
    articles, events, lines = defaultdict(list), defaultdict(list), defaultdict(list)
    for article in content.articles:  # already in publication order
        if article.annotation.story:
            articles[article.annotation.story].append(article)
    for event in content.events:
        if event.story:
            events[event.story].append(event)
    for entry in entries:
        if entry.story:
            lines[entry.story].append(entry)
    return {  # a story nothing is part of has no page, and is listed nowhere
        sid: StoryView(story, tuple(articles[sid]), tuple(events[sid]), tuple(lines[sid]),
                       content.rates)
        for sid, story in content.stories.items() if sid in articles or sid in events
    }


ACTIVE_DAYS = 30


def active_stories(views: dict, limit: int, newest: dt.date | None = None,
                   days: int = ACTIVE_DAYS) -> tuple[tuple[StoryView, ...], tuple[StoryView, ...]]:
    """(active, earlier): the stories with a source published in the ``days`` before ``newest`` (the newest
    briefing's date, that day included), and the other stories with sources; each the most recent activity first,
    at most ``limit``. Measured from the newest briefing, not from today: a site built again months later still
    shows what was active when it was last fed. ``newest`` defaults to the newest source of a story.
    """
    ranked = [v for v in sorted(views.values(), key=lambda v: (v.last_activity, v.story.id), reverse=True)
              if v.articles]
    if newest is None:
        newest = max((v.articles[-1].date for v in ranked), default=None)  # a story's sources: by publication date
    if newest is None:
        return (), ()
    since = newest - dt.timedelta(days=days)
    active = [v for v in ranked if v.articles[-1].date >= since]
    earlier = [v for v in ranked if v.articles[-1].date < since]
    return tuple(active[:limit]), tuple(earlier[:limit])


def latest(articles, limit: int) -> tuple[Article, ...]:
    """Newest publications first; ties by importance, then id."""
    return tuple(sorted(articles, key=lambda a: (a.date, a.annotation.importance, a.id), reverse=True)[:limit])


def headlines(articles, views: dict, limit: int) -> tuple:
    """The home page's news: one headline per story (its sources under it) or per briefing outside a story.

    Newest first by each group's newest briefing; ((StoryView or None, (Article, ...)), ...).
    """
    groups, seen = [], set()
    for article in latest(articles, len(articles)):
        sid = article.annotation.story
        if sid and sid in views:
            if sid not in seen:
                seen.add(sid)
                groups.append((views[sid], tuple(reversed(views[sid].articles))))
        else:
            groups.append((None, (article,)))
        if len(groups) == limit:
            break
    return tuple(groups)


def weeks(articles) -> tuple[Week, ...]:
    """Weekly digests by publication date (ISO weeks, Monday first), newest week first."""
    groups = defaultdict(list)
    for article in articles:
        year, number, _ = article.date.isocalendar()
        groups[(year, number)].append(article)
    result = []
    for (year, number), items in sorted(groups.items(), reverse=True):
        items.sort(key=lambda a: (-a.annotation.importance, a.date, a.id))
        result.append(Week(year, number, dt.date.fromisocalendar(year, number, 1), tuple(items)))
    return tuple(result)


def backlinks(articles) -> dict[str, tuple[str, ...]]:
    """article id -> ids of the articles that list it in 'related'."""
    groups = defaultdict(list)
    for article in articles:
        for target in article.annotation.related:
            groups[target].append(article.id)
    return {key: tuple(sorted(ids)) for key, ids in sorted(groups.items())}


@dataclass(frozen=True)
class Indexes:
    timeline: tuple[TimelineEntry, ...]
    years: dict
    tags: dict
    entities: dict
    stories: dict
    weeks: tuple[Week, ...]
    quotes: dict
    backlinks: dict
    # The ids of the entities whose page shows something: on a timeline (a briefing's or a context event's
    # 'entities'), or quoted. An entity only cited by a claim or named as a role's organisation has no page, and is
    # named without a link; tags and stories have a page when they are in ``tags`` and ``stories``.
    entity_pages: frozenset = frozenset()

    def has_page(self, kind: str, ident: str) -> bool:
        """Whether the tag, entity or story ``ident`` has a page: only those something shows on are published."""
        return ident in {"tag": self.tags, "entity": self.entity_pages, "story": self.stories}[kind]


def build_indexes(content: Content) -> Indexes:
    entries = timeline(content)
    entities, quotes = by_entity(entries), quotes_by_speaker(content.articles)
    return Indexes(
        timeline=entries, years=by_year(entries), tags=by_tag(entries), entities=entities,
        stories=stories(content, entries), weeks=weeks(content.articles),
        quotes=quotes, backlinks=backlinks(content.articles), entity_pages=frozenset(entities.keys() | quotes.keys()),
    )
