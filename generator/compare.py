"""How the sources of a story relate, topic by topic: agree, compatible, conflict, or values that differ.

A topic's claims are compared as ranges when every value is a quantity of one
kind (:mod:`generator.quantities`): disjoint ranges are a **conflict**, one
range inside the others is **compatible** (that source is more precise), equal
ranges **agree**. Values that are not all quantities are compared as text, and
different wordings are only said to **differ**: the generator cannot tell
whether they disagree. A curator's ``relation`` on a claim always wins, and
its reason is shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from . import quantities

# the order of a story's claims matrix: what a reader must check first
ORDER = ("conflict", "differ", "compatible", "agree", "single")


@dataclass(frozen=True)
class ClaimRow:
    """What each source asserts about one topic, and how the values relate."""

    topic: str
    claims: tuple  # ((Article, Claim), ...) in publication order
    relation: str  # one of ORDER
    precise: object = None  # the Article whose value lies inside all the others, when one does
    reason: object = None  # the curator's reason (Rich), when a claim's relation decided
    judgements: tuple = ()  # ((Article, Relation), ...): every relation given on this topic, the deciding one last

    @property
    def disagree(self) -> bool:
        return self.relation == "conflict"

    @property
    def sources(self) -> int:
        return len({id(article) for article, _ in self.claims})


def normalise(value: str) -> str:
    return " ".join(value.casefold().split()).rstrip(".")


def _measured(claims) -> tuple[str, int | None]:
    """(relation, index of the most precise claim or None) from the values alone."""
    if len({id(article) for article, _ in claims}) < 2:  # a source repeating itself confirms nothing
        return "single", None
    values = [quantities.parse(c.value) for _, c in claims]
    if None not in values:
        pairs = [[quantities.relate(a, b) for b in values] for a in values]
        if all(None not in row for row in pairs):
            if any("apart" in row for row in pairs):
                return "conflict", None
            if all(r == "same" for row in pairs for r in row):
                return "agree", None
            inside = [i for i, row in enumerate(pairs) if all(r in ("same", "inside") for r in row)]
            return "compatible", inside[0] if inside else None
    if len({normalise(c.value) for _, c in claims}) == 1:
        return "agree", None
    return "differ", None


def relate(claims) -> ClaimRow:
    """The row of one topic's claims (already in publication order)."""
    topic = claims[0][1].topic
    judged = tuple((a, c.relation) for a, c in claims if c.relation is not None)
    if judged:  # the latest source's judgement decides; every reason is shown
        return ClaimRow(topic, claims, judged[-1][1].kind, reason=judged[-1][1].reason, judgements=judged)
    relation, precise = _measured(claims)
    return ClaimRow(topic, claims, relation, claims[precise][0] if precise is not None else None)


def rows(articles) -> tuple[ClaimRow, ...]:
    """The claims of a story's sources lined up by topic, what a reader must check first at the top."""
    topics = defaultdict(list)
    for article in articles:
        for claim in article.annotation.claims:
            topics[claim.topic].append((article, claim))
    lined = [relate(tuple(claims)) for claims in topics.values()]
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
