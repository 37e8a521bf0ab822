"""The nouns of the briefing: frozen value objects built once by the loader.

Everything here is immutable (tuples, not lists) and fully normalised:
dates are :class:`FuzzyDate` or :class:`datetime.date`, ids are slugs.
Later stages never re-check types.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


MAX_ID_LENGTH = 100  # a page's file name is the id: far below every file system's limit of 255 bytes
RESERVED_IDS = frozenset({"index"})  # tags/index.md, entities/index.md...: the index pages' own addresses


def id_problem(value: str) -> str | None:
    """Why a slug cannot be an id (its page would collide or not fit a file name), or None."""
    if value in RESERVED_IDS:
        return f"'{value}' is reserved: it is the address of an index page"
    if len(value) > MAX_ID_LENGTH:
        return f"the id is {len(value)} characters long; at most {MAX_ID_LENGTH}"
    return None


def slugify(text: str) -> str:
    """Lowercase ASCII slug: 'Sam Altman returns!' -> 'sam-altman-returns'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "untitled"


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date known to the year, the month or the day.

    Orders by its first possible day, coarser before finer on ties, so that
    "2023" sorts before "2023-01-05" and "2023-07" before "2023-07-01".
    """

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """Its last possible day: the day itself, the end of its month, or the end of its year."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @classmethod
    def of(cls, day: dt.date) -> "FuzzyDate":
        return cls(day.year, day.month, day.day)

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """'22 March 2024', 'July 2023' or '2023': never more precise than known."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Source:
    name: str
    url: str = ""
    author: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str
    context: str = ""
    said: FuzzyDate | None = None  # when the words were said, if the article says; else only when reported


@dataclass(frozen=True)
class Relation:
    """The curator's word on how a claim relates to the other sources' values on its topic: it always wins."""

    kind: str  # "agree", "compatible" or "conflict"
    reason: str


@dataclass(frozen=True)
class Claim:
    topic: str
    value: str
    detail: str = ""
    attributed_to: str = ""  # whom the article credits: an entity id ("bloomberg") or an unnamed source's words
    relation: Relation | None = None
    as_of: FuzzyDate | None = None  # when the value held, if the topic changes over time (an interim CEO)

    @property
    def unnamed(self) -> bool:
        """Credited to a source the article does not name ("a person familiar with the matter")."""
        return " " in self.attributed_to  # an entity id never has a space

    @property
    def cites_entity(self) -> bool:
        return bool(self.attributed_to) and not self.unnamed


@dataclass(frozen=True)
class Annotation:
    title: str
    summary: str
    tags: tuple[str, ...]
    entities: tuple[str, ...] = ()
    story: str = ""
    event_date: FuzzyDate | None = None
    source: Source | None = None
    key_points: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    importance: int = 3
    related: tuple[str, ...] = ()
    note: str = ""
    updated: FuzzyDate | None = None  # when the curator last revised the briefing in substance
    draft: bool = False  # checked and previewed, never published (content/drafts.py)


@dataclass(frozen=True)
class Block:
    """A piece of article text: a paragraph ('p'), a subheading ('h'), or Markdown ('md')."""

    kind: str
    text: str


@dataclass(frozen=True)
class Article:
    id: str
    path: str  # as shown in messages
    file: str  # the content directory's name and the path inside it
    date: dt.date
    body: tuple[Block, ...]
    annotation: Annotation
    title_in_file: str = ""
    source_in_file: Source | None = None

    @property
    def title(self) -> str:
        return self.annotation.title

    @property
    def event_date(self) -> FuzzyDate:
        return self.annotation.event_date or FuzzyDate.of(self.date)

    @property
    def source(self) -> Source | None:
        """The outlet: the annotation's ``source`` and the front matter's, field by field (the annotation's
        value wins where both give one; ``check`` warns when they differ)."""
        given, in_file = self.annotation.source, self.source_in_file
        if given is None or in_file is None:
            return given or in_file
        return Source(given.name or in_file.name, given.url or in_file.url, given.author or in_file.author)

    @property
    def headline(self) -> str:
        """The outlet's own headline (the front matter's ``title``) when the curator's title differs; else ''."""
        same = " ".join(self.title_in_file.split()).casefold() == " ".join(self.title.split()).casefold()
        return "" if same else self.title_in_file


@dataclass(frozen=True)
class Tag:
    id: str
    title: str
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """What claims are about ('microsoft-investment'), titled for readers: the row of a story's comparison."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Rate:
    """An exchange rate the curator gives: 1 ``base`` was worth ``rate`` ``quote`` on ``date`` (1 EUR = 1.08 USD)."""

    date: FuzzyDate
    base: str  # ISO currency code
    quote: str
    rate: float
    source: Source | None = None


@dataclass(frozen=True)
class Role:
    """A position an entity held: 'Chief executive' of stability-ai, until 22 March 2024."""

    title: str
    of: str = ""  # entity id of the organisation
    start: FuzzyDate | None = None  # 'from' in the vocabulary; unknown when missing
    end: FuzzyDate | None = None  # 'until'; still held (as far as the briefing knows) when missing
    source: Source | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str
    description: str = ""
    url: str = ""
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    date: FuzzyDate
    summary: str


@dataclass(frozen=True)
class Event:
    """A context event: something that happened, with no article of its own."""

    id: str
    date: FuzzyDate
    title: str
    summary: str
    entities: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    story: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Redirect:
    """An address kept after a rename or a merge: the page of ``kind`` once at ``old`` is now ``new``'s."""

    kind: str  # "article", "tag", "entity" or "story"
    old: str  # an id no page of its kind has any more
    new: str  # a current id of the same kind


@dataclass(frozen=True)
class Content:
    """Everything the curators wrote, validated and cross-checked."""

    articles: tuple[Article, ...]
    tags: dict = field(default_factory=dict)
    entities: dict = field(default_factory=dict)
    stories: dict = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    topics: dict = field(default_factory=dict)  # empty when there is no topics.yml: titles come from the ids
    rates: tuple[Rate, ...] = ()  # exchange rates from rates.yml, by date
    redirects: tuple[Redirect, ...] = ()  # from redirects.yml, by kind and old id
    # article id -> hash of its article and annotation files, when a build cache read them
    digests: dict = field(default_factory=dict, compare=False, repr=False)
