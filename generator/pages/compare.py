"""How the sources of a story relate, topic by topic: agree, compatible, conflict, changed, or values that differ.

A careful reader's comparison:

- Values are read as quantities (:mod:`generator.content.quantities`) at the precision they are
  written, and compared within one kind and currency: disjoint ranges are a **conflict**, one
  range inside the others is **compatible** (that source is more precise), equal ranges
  **agree**.
- One value does not sink a topic: the verdict comes from the largest group of values that
  can be compared (most sources; the first written on a tie). An amount the article converts
  itself ("€385 million ($414 million)") belongs to the groups of both currencies. The others (another currency,
  another kind of figure, text that is not a figure) are set aside, each with the reason.
- Values that are all figures, none comparable with another (dollars against euros), are
  **not compared**, never "worded differently".
- Other text is compared as a reader reads it: case, spacing, hyphens ("start-up",
  "startup"), curly quotes and apostrophes and a final full stop are house style, not a
  difference. Different wordings are only said to **differ**: the generator cannot tell
  whether they disagree.
- An amount in another currency joins the comparison when the curator gives an exchange rate
  (``rates.yml``): converted at the rate nearest the claim's date (its ``as_of``, else the
  article's), and the row names the rate it used.
- Values of one topic dated by ``as_of`` at two or more dates **changed** over time; they are
  listed in date order.
- A curator's ``relation`` on a claim always wins, and its reason is shown.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from ..content import quantities

# the order of a story's claims matrix: what a reader must check first
ORDER = ("conflict", "differ", "uncompared", "changed", "compatible", "agree", "single")

CURRENCY_NAMES = {"USD": "dollars", "EUR": "euros", "GBP": "pounds", "JPY": "yen", "CNY": "yuan", "INR": "rupees"}
_KIND_NAMES = {"count": "a count", "percent": "a percentage", "date": "a date", "money": "an amount of money"}


@dataclass(frozen=True)
class ClaimRow:
    """What each source asserts about one topic, and how the values relate."""

    topic: str
    claims: tuple  # ((Article, Claim), ...) in publication order; by as_of when the topic changed
    relation: str  # one of ORDER
    precise: object = None  # the Article whose value lies inside all the others, when one does
    reason: object = None  # the curator's reason (Rich), when a claim's relation decided
    judgements: tuple = ()  # ((Article, Relation), ...): every relation given on this topic, the deciding one last
    aside: tuple = ()  # ((Article, Claim, why), ...): values the verdict leaves out, and why ("in euros")
    converted: tuple = ()  # ((Article, Claim, Rate), ...): values compared at a curator's exchange rate

    @property
    def disagree(self) -> bool:
        return self.relation == "conflict"

    @property
    def sources(self) -> int:
        return _sources(self.claims)


_STYLE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_JOINED = re.compile(r"(?<=\w)-(?=\w)")


def normalise(value: str) -> str:
    """A text value without house style: case, spacing, curly quotes, hyphens in words, a final full stop."""
    value = _JOINED.sub("", unicodedata.normalize("NFKC", value).casefold().translate(_STYLE))
    return " ".join(value.split()).rstrip(".")


def _sources(claims) -> int:
    return len({id(article) for article, _ in claims})


def unit_name(q: quantities.Quantity) -> str:
    """'euros', 'a count', 'a date': what a value is, for saying why it was not compared."""
    return CURRENCY_NAMES.get(q.unit, q.unit) if q.kind == "money" else _KIND_NAMES[q.kind]


def _why_aside(q: quantities.Quantity | None, kind: str) -> str:
    if q is None:
        return "not read as a figure"
    if q.kind == "money" == kind:
        return f"in {unit_name(q)}"
    return f"{unit_name(q)}, not {_KIND_NAMES[kind]}"


_MIRROR = {"inside": "contains", "contains": "inside"}  # relate(b, a) from relate(a, b): the others are symmetric


def _compare(claims, values) -> tuple[str, int | None]:
    """(relation, index of the most precise claim or None) of values that are all comparable quantities."""
    pairs = [[None] * len(values) for _ in values]
    for i, a in enumerate(values):  # each pair once: a story's claims on one topic can be dozens
        for j in range(i, len(values)):
            pairs[i][j] = relation = quantities.relate(a, values[j])
            pairs[j][i] = _MIRROR.get(relation, relation)
    if any("apart" in row for row in pairs):
        return "conflict", None
    if all(r == "same" for row in pairs for r in row):
        return "agree", None
    inside = [i for i, row in enumerate(pairs) if all(r in ("same", "inside") for r in row)]
    return "compatible", inside[0] if inside else None


def _at_rates(q: quantities.Quantity, day: dt.date, rates) -> list:
    """(the amount in another currency, the Rate used) for each currency a curator's rate converts it to,
    at the rate nearest ``day`` (the earlier on a tie)."""
    nearest = {}
    for rate in rates:
        if q.unit not in (rate.base, rate.quote):
            continue
        other = rate.quote if rate.base == q.unit else rate.base
        distance = (abs((rate.date.start - day).days), rate.date.start > day)
        if other not in nearest or distance < nearest[other][0]:
            nearest[other] = (distance, rate)
    found = []
    for other, (_, rate) in sorted(nearest.items()):
        factor = rate.rate if rate.base == q.unit else 1 / rate.rate
        found.append((quantities.Quantity(q.kind, other, q.low * factor, q.high * factor, q.low_open, q.high_open,
                                          q.step * factor), rate))
    return found


def _measured(claims, rates=()) -> tuple[str, int | None, tuple, tuple]:
    """(relation, index of the most precise claim or None, the claims set aside, the claims compared at a
    curator's rate) from the values alone."""
    if _sources(claims) < 2:  # a source repeating itself confirms nothing
        return "single", None, (), ()
    if len({c.as_of for _, c in claims if c.as_of is not None}) >= 2:
        return "changed", None, (), ()
    values = [quantities.parse(c.value) for _, c in claims]
    groups = defaultdict(dict)  # (kind, unit) -> {claim index: (its value in that unit, the Rate used or None)}
    for i, q in enumerate(values):
        for reading in (q, *q.also) if q is not None else ():  # "€385m ($414m)" compares in dollars too
            groups[(reading.kind, reading.unit)].setdefault(i, (reading, None))
        if q is not None and q.kind == "money" and rates:
            a, c = claims[i]
            for reading, rate in _at_rates(q, c.as_of.start if c.as_of else a.date, rates):
                groups[(reading.kind, reading.unit)].setdefault(i, (reading, rate))
    if groups:
        # the group of most sources; on a tie, the one fewest values were converted into, then the first written
        counted = [(_sources([claims[i] for i in members]), sum(rate is None for _, rate in members.values()),
                    -min(members), members) for members in groups.values()]
        sources, _, _, best = max(counted, key=lambda found: found[:3])
        if sources >= 2:
            members = sorted(best)
            relation, precise = _compare([claims[i] for i in members], [best[i][0] for i in members])
            kind = best[members[0]][0].kind
            aside = tuple((*claims[i], _why_aside(values[i], kind)) for i in range(len(claims)) if i not in best)
            converted = tuple((*claims[i], best[i][1]) for i in members if best[i][1] is not None)
            return relation, members[precise] if precise is not None else None, aside, converted
    if len({normalise(c.value) for _, c in claims}) == 1:
        return "agree", None, (), ()
    if None not in values:  # figures, none comparable with another: dollars and euros
        return "uncompared", None, tuple((a, c, unit_name(q)) for (a, c), q in zip(claims, values)), ()
    return "differ", None, (), ()


def _by_date(claims):
    """Claims in as_of order (undated ones last), publication order within a date."""
    return tuple(sorted(claims, key=lambda ac: ac[1].as_of.start if ac[1].as_of else dt.date.max))


def relate(claims, rates=()) -> ClaimRow:
    """The row of one topic's claims (already in publication order); ``rates``: the curator's exchange rates."""
    topic = claims[0][1].topic
    judged = tuple((a, c.relation) for a, c in claims if c.relation is not None)
    if judged:  # the latest source's judgement decides; every reason is shown
        return ClaimRow(topic, claims, judged[-1][1].kind, reason=judged[-1][1].reason, judgements=judged)
    relation, precise, aside, converted = _measured(claims, rates)
    if relation == "changed":
        return ClaimRow(topic, _by_date(claims), relation)
    return ClaimRow(topic, claims, relation, claims[precise][0] if precise is not None else None, aside=aside,
                    converted=converted)


def rows(articles, rates=()) -> tuple[ClaimRow, ...]:
    """The claims of a story's sources lined up by topic, what a reader must check first at the top."""
    topics = defaultdict(list)
    for article in articles:
        for claim in article.annotation.claims:
            topics[claim.topic].append((article, claim))
    lined = [relate(tuple(claims), rates) for claims in topics.values()]
    return tuple(sorted(lined, key=lambda row: (ORDER.index(row.relation), row.topic)))


def columns(articles, limit: int) -> tuple:
    """The sources a story's claims matrix shows, in publication order: those with claims, the most claims first.

    A story of fifty sources would be fifty columns: past ``limit``, the sources that cover the most topics
    (then the latest) are shown, and the details below the matrix list every claim.
    """
    cited = [a for a in articles if a.annotation.claims]
    if len(cited) <= limit:
        return tuple(cited)
    chosen = set(id(a) for a in sorted(cited, key=lambda a: (len({c.topic for c in a.annotation.claims}), a.date),
                                       reverse=True)[:limit])
    return tuple(a for a in cited if id(a) in chosen)
