"""The numbers of the trends page: pure functions of the content and its indexes, in a stable order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .compare import ORDER


@dataclass(frozen=True)
class Trends:
    months: tuple  # (("2024-03", briefings published that month), ...) oldest first, empty months included
    periods: tuple  # the columns of the heat maps: years, or months when the archive spans under three years
    tags: tuple  # ((tag title, {period: entries}), ...) the most active first
    entities: tuple  # ((entity name, {period: entries}), ...)
    stories: tuple  # ((StoryView, sources), ...) the largest first
    relations: tuple  # (("Conflict", topics), ...) over every topic two or more sources compare, in ORDER


def _months(articles) -> tuple:
    counts = Counter(a.date.strftime("%Y-%m") for a in articles)
    if not counts:
        return ()
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        out.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def _activity(groups: dict, names: dict, period_of, top: int) -> tuple:
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    return tuple((names[key], dict(Counter(period_of(e) for e in entries))) for key, entries in ranked)


def cells(rows) -> dict:
    """A heat map's values: {(row name, period): count}."""
    return {(name, period): n for name, counts in rows for period, n in counts.items()}


def table(rows, periods) -> list:
    """A heat map's numbers, one row per name: (name, count in each period...)."""
    return [(name, *(counts.get(p, 0) for p in periods)) for name, counts in rows]


WORDS = {"conflict": "Conflict", "differ": "Worded differently", "uncompared": "Not compared",
         "changed": "Changed over time", "compatible": "Compatible", "agree": "Agree"}


def trends(content, idx, top: int = 10) -> Trends:
    months = _months(content.articles)
    by_month = len(months) < 36
    period_of = (lambda e: e.date.start.strftime("%Y-%m")) if by_month else (lambda e: str(e.date.year))
    periods = tuple(m for m, _ in months) if by_month else tuple(sorted({str(y) for y in idx.years}))
    stories = sorted(((v, len(v.articles)) for v in idx.stories.values() if v.articles),
                     key=lambda vs: (-vs[1], vs[0].story.id))[:top]
    relations = Counter(row.relation for v in idx.stories.values() for row in v.claims if row.relation != "single")
    tags = {t: tag.title for t, tag in content.tags.items()}
    entities = {e: entity.name for e, entity in content.entities.items()}
    return Trends(months, periods, _activity(idx.tags, tags, period_of, top),
                  _activity(idx.entities, entities, period_of, top), tuple(stories),
                  tuple((WORDS[r], relations.get(r, 0)) for r in ORDER if r != "single"))
