"""Charts as static SVG, drawn at build time and embedded inline in the generated pages.

Static SVG strings rather than a charting library: a chart of a few hundred
marks is a few kilobytes of text, needs no script or browser to draw, and works
offline from ``file://``. Every function is pure (plain data in, a string out),
deterministic (same input, same bytes; coordinates rounded to 1 decimal) and
returns "" when there is nothing to draw.

Embedding: Python-Markdown does not treat ``<svg>`` as a block-level tag, so a
bare chart is wrapped in ``<p>`` and ``*`` or ``_`` in its titles become
emphasis. :func:`block` wraps a chart in a ``<div>``, which Markdown passes
through untouched; put it on its own lines, after a blank line.

Accessibility: each chart is ``<svg role="group" aria-label=...>``, a figure of
links. Each link's accessible name (and its tooltip) is its ``<title>`` child,
"title, date" for a timeline mark; there is no ``aria-label`` beside it,
because it would repeat the same text and double the size of a chart. Axis
labels are hidden from assistive technology, and so is a lane's label, since the
lane's group is named by it; :func:`table_of` gives the numbers behind a chart as a
Markdown table.

A timeline's lanes grow to fit what is in them: a lane label wrapped whole onto
lines (``<tspan>``), marks of nearby dates stacked in rows (:func:`timeline_svg`).
On a phone its block scrolls sideways rather than shrink the chart past
MIN_WIDTH pixels; its text is TIMELINE_FONT_SIZE (bar charts and heatmaps:
FONT_SIZE), so that it still reads at about 11 px there, and
:func:`timeline_block` keeps the lane labels in view while it scrolls.

Colours come only from CSS (``site_src/stylesheets/briefing.css``); presentation attributes give a
legible fallback (``currentColor``) without it. The class names:

``briefing-chart``            the ``<svg>``, with a modifier ``briefing-chart--timeline``,
                              ``--density``, ``--bars`` or ``--heatmap``
``briefing-chart__scroll``    the ``<div>`` of :func:`block` (scrolls on small screens); ``--lanes`` when it
                              holds a timeline's ``briefing-chart__gutter``
``briefing-chart__gutter``    the copy of a timeline's lane labels that :func:`timeline_block` adds (sticky)
``briefing-chart__lane``      a timeline lane: ``<g role="group" aria-label=...>``; a role's lane is named by its
                              position ("Chief executive, Stability AI")
``briefing-chart__article``   an article mark: a filled circle, or a bar when the date is coarser
``briefing-chart__event``     an event mark: a hollow circle or bar (``fill-opacity="0"``)
``briefing-chart__role``      a role: a thicker bar over its tenure
``briefing-chart__span``      any mark drawn as a bar (month or year precision, or a role)
``briefing-chart__bar``       a bar of a bar chart, or of a timeline's density chart
``briefing-chart__cell``      a heatmap cell; its ``fill-opacity`` carries the value
``briefing-chart__axis``      an axis line
``briefing-chart__grid``      the group of tick lines (each with ``data-date``), and the path of the rules between
                              a timeline's lanes
``briefing-chart__label``     axis, lane and row labels (not in the gutter's copy, which its own class colours)

Links need no class: ``.briefing-chart a:focus-visible`` styles the focus.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable
from xml.sax.saxutils import escape

from ..content.model import MONTHS, FuzzyDate

KINDS = ("article", "event", "role")
PRECISIONS = ("day", "month", "year")

MAX_BYTES = 60_000  # a timeline never grows past this: it aggregates, or shortens titles, first
MAX_LANES = 12  # the last of them "Other" when there are more
OTHER = "Other"
TITLE_MAX = 200  # characters of a title in a <title>, ellipsis included
TITLE_CAPS = (TITLE_MAX, 160, 120, 96, 72, 56, 40, 32, 24)  # tried in turn until the timeline fits MAX_BYTES
MAX_BUCKETS = 120  # density bars: months up to ten years, then years, then groups of years

FONT_SIZE = 11  # of bar charts and heatmaps
CHAR_WIDTH = 0.6 * FONT_SIZE  # an estimate of an average glyph, to keep labels apart
TIMELINE_FONT_SIZE = 14  # a timeline scales down to MIN_WIDTH_STYLE on a phone: its labels stay 11 px
TIMELINE_CHAR_WIDTH = 0.6 * TIMELINE_FONT_SIZE
LABEL_GAP = 6
LANE_HEIGHT = 24  # the least height of a lane: one row of marks, one line of label
LINE_HEIGHT = round(TIMELINE_FONT_SIZE * 1.2)  # a lane label's lines
LABEL_LINES = 3  # the gutter widens (up to two fifths of the chart) until every lane label fits in this many lines
RADIUS = 4  # a day-precise mark's circle
ROW_GAP = 3  # marks too close to share a row stack in rows down their lane, this far apart
MARK_GAP = 1  # the least room between two marks of one row
MIN_SPAN = 4  # the narrowest bar: a month over a century stays a bar, never a point
MIN_WIDTH = 560  # pixels: a chart scrolls rather than shrink past this
MIN_WIDTH_STYLE = f"min-width: {MIN_WIDTH}px"  # Material sets 1rem = 20px: 36rem would not fit its content column
SVG_NS = "http://www.w3.org/2000/svg"



@dataclass(frozen=True)
class Mark:
    """One thing on a time axis."""

    start: dt.date  # first day it may have happened
    end: dt.date  # last day (== start for a day-precise date; end of month/year for coarser)
    lane: str  # the lane label (e.g. a story title, or "" for no story)
    kind: str  # "article" | "event" | "role"
    title: str  # accessible name
    href: str  # link target, already relative to the page (the caller computes it)
    precision: str  # "day" | "month" | "year"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Expected one of: ({', '.join(KINDS)}) but received: {self.kind!r}")
        if self.precision not in PRECISIONS:
            raise ValueError(f"Expected one of: ({', '.join(PRECISIONS)}) but received: {self.precision!r}")
        if self.end < self.start:
            raise ValueError(f"a mark cannot end ({self.end}) before it starts ({self.start})")

    def human(self) -> str:
        """'22 March 2024', 'March 2024', '2024', or 'March 2023 – June 2024': never more precise than known."""
        first, last = _human(self.start, self.precision), _human(self.end, self.precision)
        return first if first == last else f"{first} – {last}"


def mark_of(date, lane: str, kind: str, title: str, href: str) -> Mark:
    """A mark for a date known to the day, month or year (anything with ``.year``, ``.month``, ``.day``,
    0 for unknown): it spans its month or year when the date is only that precise."""
    fuzzy = FuzzyDate(date.year, date.month, date.day)
    return Mark(fuzzy.start, fuzzy.end, lane, kind, title, href, fuzzy.precision)


def block(svg: str) -> str:
    """A chart as a raw HTML block that Markdown passes through unchanged ("" stays "").

    The block scrolls on a small screen; a chart with no link in it would leave that scrolling to the mouse,
    so its block is a named region that takes the keyboard focus (axe: scrollable-region-focusable).
    """
    if not svg:
        return ""
    if "<a " in svg:
        return f'<div class="briefing-chart__scroll">\n{svg}\n</div>'
    label = re.search(r'aria-label="([^"]*)"', svg)
    name = f' aria-label="{label.group(1)}"' if label else ""
    return f'<div class="briefing-chart__scroll" tabindex="0" role="region"{name}>\n{svg}\n</div>'



# --- timeline ---------------------------------------------------------------


def timeline_svg(marks: list[Mark], *, width: int = 720, max_marks: int = 300, label: str,
                 bucket_href: Callable[[dt.date, str], str] | None = None) -> str:
    """An SVG timeline: one lane per distinct lane label, each mark a link; "" when there are no marks.

    Lanes of roles (a role's lane label names its position, e.g. "Chief executive, Stability AI")
    come first, then the other lanes, each group ordered by its first mark; past MAX_LANES the role lanes and then
    the largest lanes are kept and the rest share a last lane "Other", as does the lane "" when there
    are named lanes. A day-precise mark is a circle; a month- or year-precise one a rounded bar over
    its days; a role a thicker bar. Marks never overlap: one that would touch a mark before it in its
    lane goes down to the first row of the lane where it fits (rows ROW_GAP apart), so that four
    briefings in four days are four circles, stacked. Lane labels are never cut: they wrap onto
    lines in the gutter, which widens until they fit in LABEL_LINES lines (more lines past two
    fifths of the width); a lane is as tall as its rows or its label.

    Titles are shortened (TITLE_MAX characters, then fewer: TITLE_CAPS) until
    the chart fits MAX_BYTES. Past ``max_marks`` marks (or when even titles
    of TITLE_CAPS[-1] characters would not fit) the chart shows density instead: a bar per month (per year, or
    group of years, when the range is long) counting the marks that start in
    it, linked to ``bucket_href(first_day, "month" | "year")`` when given.
    """
    return _timeline_parts(marks, width, max_marks, label, bucket_href)[0]


def timeline_block(marks: list[Mark], *, width: int = 720, max_marks: int = 300, label: str,
                   bucket_href: Callable[[dt.date, str], str] | None = None) -> str:
    """:func:`timeline_svg` as :func:`block` embeds it, with its lane labels a second time in an ``<svg>`` of
    their own (``briefing-chart__gutter``, hidden from assistive technology) that the stylesheet keeps in view
    over the chart's left edge when it scrolls sideways: on a phone, the marks of a lane at the right end of the
    axis still show which lane they are in. "" when there are no marks."""
    svg, gutter, pixels = _timeline_parts(marks, width, max_marks, label, bucket_href)
    if not gutter:
        return block(svg)
    # a mark that takes the keyboard's focus is scrolled clear of the labels kept over it
    return (f'<div class="briefing-chart__scroll briefing-chart__scroll--lanes" '
            f'style="scroll-padding-left: {_n(pixels)}px">\n{svg}\n{gutter}\n</div>')


def _timeline_parts(marks, width, max_marks, label, bucket_href) -> tuple[str, str, float]:
    """(the chart, its gutter's copy or "", the gutter's width in pixels when the chart scrolls)."""
    if not marks:
        return "", "", 0
    ordered = sorted(marks, key=_mark_order)
    if len(ordered) <= max_marks:
        lanes = _lanes(ordered)
        for cap in TITLE_CAPS:
            svg, gutter, pixels = _timeline(lanes, ordered, width, label, cap)
            if len(svg.encode()) + len(gutter.encode()) <= MAX_BYTES:
                return svg, gutter, pixels
    return _density(ordered, width, label, bucket_href), "", 0


def _mark_order(mark: Mark):
    """By date, the longer of two marks starting on one day first, so that a mark is drawn over any
    mark that contains it."""
    return (mark.start, -mark.end.toordinal(), mark.kind, mark.title, mark.href, mark.lane, mark.precision)


def _lanes(ordered: list[Mark]) -> list[tuple[str, list[Mark]]]:
    """(label, marks) per lane: role lanes first, then the others, each in order of first mark."""
    first: dict[tuple[bool, str], int] = {}
    count: Counter = Counter()
    for i, mark in enumerate(ordered):
        key = _lane_key(mark)
        first.setdefault(key, i)
        count[key] += 1
    roles = [key for key in first if not key[0]]
    named = [key for key in first if key[0] and key[1]]
    if len(roles) + len(named) + ((True, "") in first) <= MAX_LANES:
        kept = set(roles + named)
    else:
        kept = set(roles[: MAX_LANES - 1])
        room = MAX_LANES - 1 - len(kept)
        kept |= set(sorted(named, key=lambda key: (-count[key], first[key]))[:room])
    groups: dict[tuple[bool, str], list[Mark]] = {key: [] for key in roles + named if key in kept}
    other: list[Mark] = []
    for mark in ordered:
        key = _lane_key(mark)
        (groups[key] if key in kept else other).append(mark)
    lanes = [(key[1], lane_marks) for key, lane_marks in groups.items()]
    if other:
        lanes.append((OTHER if lanes else "", other))
    return lanes


def _lane_key(mark: Mark) -> tuple[bool, str]:
    """(False, label) for a role's lane, (True, label) for any other: a story never shares a role's lane."""
    return (mark.kind != "role" or not mark.lane, mark.lane)


def _timeline(lanes, ordered, width, label, cap) -> tuple[str, str, float]:
    named = [name for name, _ in lanes if name]
    gutter, lines_of = _gutter(named, width) if named else (0, {})
    d0, d1 = _domain(min(m.start for m in ordered), max(m.end for m in ordered))
    scale = _Scale(d0, d1, gutter + 8, width - 8)
    placed = [(name, _stack(lane_marks, scale)) for name, lane_marks in lanes]
    heights = [_lane_height(len(lines_of.get(name, ())), rows, pitch) for name, (rows, pitch) in placed]
    top = 6
    y_axis = top + sum(heights)
    body = _axis(scale, top, y_axis, width, TIMELINE_FONT_SIZE)
    rules = [y for y in itertools.accumulate(heights[:-1], initial=top) if y > top]  # a lane may be lines high
    copy = []  # the gutter's own svg (timeline_block): its part of the rules, and the labels
    if rules:
        body.append(_rules(rules, scale.x1))
        copy.append(_rules(rules, gutter))
    y = top
    baseline = round(TIMELINE_FONT_SIZE * 0.35)  # of a label's first line, below the lane's first row
    for (name, (rows, pitch)), height in zip(placed, heights):
        middle = y + LANE_HEIGHT / 2  # the first row and the label's first line
        if name:
            body.append(f'<g class="briefing-chart__lane" transform="translate(0 {_n(middle)})" role="group" '
                        f'aria-label="{_attr(_clip(name, TITLE_MAX))}">')
            body.append(_lines(gutter - 6, baseline, lines_of[name]))
            copy.append(_lines(gutter - 6, middle + baseline, lines_of[name], copy=True))
        else:
            body.append(f'<g class="briefing-chart__lane" transform="translate(0 {_n(middle)})">')
        body.extend(_mark(shape, row * pitch, cap) for shape, row in rows)
        body.append("</g>")
        y += height
    height = y_axis + _axis_height(scale, TIMELINE_FONT_SIZE)
    svg = _svg("timeline", width, height, label, body, TIMELINE_FONT_SIZE)
    if not gutter:
        return svg, "", 0
    # as wide as the gutter on the chart's scale, and down to the axis only: the axis and its labels scroll by
    # under the lane labels, never half hidden by them
    share = f"{100 * gutter / width:.2f}".rstrip("0").rstrip(".")
    copy_svg = (f'<svg xmlns="{SVG_NS}" class="briefing-chart__gutter" viewBox="0 0 {gutter} {_n(y_axis)}" '
                f'width="{share}%" aria-hidden="true" data-pagefind-ignore="all" fill="currentColor" font-size="{TIMELINE_FONT_SIZE}" '
                f'text-anchor="end">\n' + "\n".join(copy) + "\n</svg>")
    return svg, copy_svg, gutter * MIN_WIDTH / width


def _gutter(names: list[str], width: int) -> tuple[int, dict[str, list[str]]]:
    """The gutter's width and each lane label's lines: the narrowest gutter, from a quarter of the width (at
    most 180) to two fifths in steps of 20, in which every label wraps onto LABEL_LINES lines or fewer."""
    least, most = min(180, width // 4), width * 2 // 5
    words = {name: _clip(name, TITLE_MAX).split(" ") for name in names}  # a title of 10,000 characters is cut
    longest = max(len(" ".join(w)) for w in words.values())
    for gutter in [*range(least, most, 20), most]:
        chars = int((gutter - 10) / TIMELINE_CHAR_WIDTH)
        if longest <= chars or all(len(_wrap(w, chars)) <= LABEL_LINES for w in words.values()):
            break
    return gutter, {name: _balanced(w, chars) for name, w in words.items()}


def _balanced(words: list[str], chars: int) -> list[str]:
    """:func:`_wrap` on as few lines, of lengths as even as they can be ("Emad Mostaque / leaves Stability AI",
    not "Emad Mostaque leaves Stability / AI"): the narrowest width that takes no more lines."""
    count = len(_wrap(words, chars))
    # _wrap(words, high) takes `count` lines, and fewer characters never take fewer; nor do fewer than the longest
    # word's, or than `count` lines can hold the text in
    text = len(" ".join(words))
    low, high = min(chars, max(max(map(len, words)), -(-(text - count + 1) // count))), chars
    while low < high:
        middle = (low + high) // 2
        if len(_wrap(words, middle)) == count:
            high = middle
        else:
            low = middle + 1
    return _wrap(words, high)


def _wrap(words: list[str], chars: int) -> list[str]:
    """The words on lines of at most ``chars`` characters, broken between words (inside a word only when the
    word is longer than a line): nothing is cut."""
    chars = max(chars, 1)
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) <= chars:
            line += " " + word
            continue
        if line:
            lines.append(line)
        while len(word) > chars:
            lines.append(word[:chars])
            word = word[chars:]
        line = word
    lines.append(line)
    return lines


@dataclass(frozen=True)
class _Shape:
    """Where a mark is drawn: a circle at ``x`` (its centre) or a bar from ``x``, ``w`` wide and ``h`` high."""

    mark: Mark
    circle: bool
    x: float
    w: float
    h: int

    @property
    def left(self) -> float:
        return self.x - RADIUS if self.circle else self.x

    @property
    def right(self) -> float:
        return self.x + RADIUS if self.circle else self.x + self.w


def _shape(mark: Mark, scale: "_Scale") -> _Shape:
    if mark.start == mark.end and mark.kind != "role":
        return _Shape(mark, True, round(scale.x(mark.start.toordinal() + 0.5), 1), 0, 2 * RADIUS)
    x, w = _extent(scale, mark.start.toordinal(), mark.end.toordinal() + 1)
    if w < MIN_SPAN:
        x, w = round(x + w / 2 - MIN_SPAN / 2, 1), MIN_SPAN
    return _Shape(mark, False, x, w, 12 if mark.kind == "role" else 8)


def _stack(lane_marks: list[Mark], scale: "_Scale") -> tuple[list[tuple[_Shape, int]], int]:
    """Each mark's shape and row (0: the lane's first), and the distance between rows: a mark goes to the first
    row whose last mark ends, with MARK_GAP to spare, before it begins. Marks come by start date, so this
    takes as few rows as any placement."""
    ends: list[float] = []  # per row, where its last mark ends
    placed = []
    for mark in lane_marks:
        shape = _shape(mark, scale)
        row = next((i for i, end in enumerate(ends) if end + MARK_GAP <= shape.left), len(ends))
        if row == len(ends):
            ends.append(shape.right)
        else:
            ends[row] = shape.right
        placed.append((shape, row))
    return placed, max(shape.h for shape, _ in placed) + ROW_GAP


def _lane_height(label_lines: int, placed: list[tuple[_Shape, int]], pitch: int) -> float:
    """Room for the first row and line (LANE_HEIGHT), and for any further rows and lines below them."""
    rows = max((row for _, row in placed), default=0)
    return LANE_HEIGHT + max(rows * pitch, max(label_lines - 1, 0) * LINE_HEIGHT)


def _mark(shape: _Shape, y: float, cap: int) -> str:
    """A mark's shape, ``y`` below its lane's first row, as a link named by its title (and date)."""
    mark = shape.mark
    classes = f"briefing-chart__{mark.kind}"
    hollow = ' fill-opacity="0" stroke="currentColor"' if mark.kind == "event" else ""
    if shape.circle:
        cy = f' cy="{_n(y)}"' if y else ""
        drawn = f'<circle class="{classes}" cx="{_n(shape.x)}"{cy} r="{RADIUS}"{hollow}/>'
    else:
        drawn = (f'<rect class="briefing-chart__span {classes}" x="{_n(shape.x)}" y="{_n(y - shape.h / 2)}" '
                 f'width="{_n(shape.w)}" height="{shape.h}" rx="{shape.h // 2}"{hollow}/>')  # SVG clamps rx to w/2
    # a role's title says its own dates ("until 22 March 2024"): its bar may start where the axis does
    name = _clip(mark.title, cap) if mark.kind == "role" else f"{_clip(mark.title, cap)}, {mark.human()}"
    return _item(mark.href, name, drawn)


def _density(ordered, width, label, bucket_href) -> str:
    first, last = ordered[0].start, max(m.start for m in ordered)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= MAX_BUCKETS:
        step = 0  # months
        counts = Counter((m.start.year, m.start.month) for m in ordered)
        d0, d1 = _month_ord(first.year, first.month), _month_ord(*_next_month(last.year, last.month))
    else:
        step = next(k for k in _year_steps() if last.year // k - first.year // k < MAX_BUCKETS)
        counts = Counter((max(m.start.year // step * step, dt.MINYEAR), 1) for m in ordered)
        d0 = _month_ord(max(first.year // step * step, dt.MINYEAR), 1)
        d1 = _month_ord((last.year // step + 1) * step, 1)
    scale = _Scale(d0, d1, 8, width - 8)
    top, band = 6, 80
    y_axis = top + band
    peak = max(counts.values())
    body = _axis(scale, top, y_axis, width, TIMELINE_FONT_SIZE)
    for (year, month), count in sorted(counts.items()):
        start = dt.date(year, month, 1)
        if step == 0:
            name, precision, end = f"{MONTHS[month - 1]} {year}", "month", _month_ord(*_next_month(year, month))
        else:
            top_year = min(year + step - 1, dt.MAXYEAR)
            name = str(year) if step == 1 else f"{year}–{top_year}"
            precision, end = "year", _month_ord(year + step, 1)
        x, w = _extent(scale, start.toordinal(), end)
        if w > 3:
            w = round(w - 1, 1)
        h = round(count / peak * (band - 4), 1)
        shape = (f'<rect class="briefing-chart__bar" x="{_n(x)}" y="{_n(y_axis - h)}" width="{_n(w)}" '
                 f'height="{_n(h)}"/>')
        entries = "entry" if count == 1 else "entries"
        href = bucket_href(start, precision) if bucket_href else ""
        body.append(_item(href, f"{name}: {count:,} {entries}", shape))
    height = y_axis + _axis_height(scale, TIMELINE_FONT_SIZE)
    return _svg("timeline briefing-chart--density", width, height, label, body, TIMELINE_FONT_SIZE)


def _year_steps():
    k = 1
    while True:
        for m in (1, 2, 5):
            yield k * m
        k *= 10


# --- time axis ----------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    d0: int  # ordinal of the first day shown
    d1: int  # ordinal of the day after the last
    x0: float
    x1: float

    def x(self, ordinal: float) -> float:
        return self.x0 + (ordinal - self.d0) * (self.x1 - self.x0) / (self.d1 - self.d0)

    @property
    def monthly(self) -> bool:
        """Months are marked when the range is three years or less."""
        return self.d1 - self.d0 <= 1100


def _domain(first: dt.date, last: dt.date) -> tuple[int, int]:
    """Whole months when the range is three years or less, whole years otherwise."""
    if (last.year - first.year) * 12 + last.month - first.month < 36:
        return _month_ord(first.year, first.month), _month_ord(*_next_month(last.year, last.month))
    return _month_ord(first.year, 1), _month_ord(last.year + 1, 1)


def _month_ord(year: int, month: int) -> int:
    """The ordinal of a month's first day; past the calendar's end, the day after its last."""
    if year > dt.MAXYEAR:
        return dt.date.max.toordinal() + 1
    return dt.date(year, month, 1).toordinal()


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _axis_height(scale: _Scale, font: int) -> float:
    """Room under the axis for its rows of labels."""
    return (2 if scale.monthly else 1) * _line(font) + 7


def _line(font: int) -> int:
    """The distance between two lines of text in a font of this size."""
    return round(font * 1.2)


def _axis(scale: _Scale, top: float, y_axis: float, width: int, font: int = FONT_SIZE) -> list[str]:
    """Tick lines (months when the range is short, else every k years) and thinned labels: under a range of
    three months or less, the days of the month too (every day, every other day or every week, as they fit)."""
    char = 0.6 * font
    ticks: list[tuple[int, str]] = []  # (ordinal, ISO date)
    rows: list[list[tuple[float, str]]] = [[], []]
    days: list[tuple[float, str]] = []  # centred under their day
    day_px = (scale.x1 - scale.x0) / (scale.d1 - scale.d0)
    if scale.monthly:
        # the shortest months (28 days; 59 for two) are wide enough for the labels of every `every` months
        every = next((m for m in (1, 2, 3, 6) if (30.4 * m - 2.4) * day_px >= 3 * char + LABEL_GAP), 12)
        step = 0
        if scale.d1 - scale.d0 <= 92:
            step = next((k for k in (1, 2, 7) if k * day_px >= 2 * char + LABEL_GAP), 0)
        d = dt.date.fromordinal(scale.d0)
        year, month = d.year, d.month
        while (o := _month_ord(year, month)) <= scale.d1:
            ticks.append((o, f"{year:04d}-{month:02d}-01"))
            if o < scale.d1:
                if step:
                    rows[1].append((scale.x(o), f"{MONTHS[month - 1][:3]} {year}"))
                    last = _month_ord(*_next_month(year, month)) - o
                    days.extend((scale.x(o + day - 0.5), str(day)) for day in range(1, last + 1, step))
                else:
                    if (month - 1) % every == 0:
                        rows[0].append((scale.x(o), MONTHS[month - 1][:3]))
                    if month == 1 or o == scale.d0:
                        rows[1].append((scale.x(o), str(year)))
            if year > dt.MAXYEAR:
                break
            year, month = _next_month(year, month)
    else:
        every = next(k for k in _year_steps() if k * 365.25 * day_px >= 4 * char + LABEL_GAP)
        year = dt.date.fromordinal(scale.d0).year
        year += -year % every
        while year <= dt.MAXYEAR + 1 and (o := _month_ord(year, 1)) <= scale.d1:
            ticks.append((o, f"{year:04d}-01-01"))
            if o < scale.d1:
                rows[0].append((scale.x(o), str(year)))
            year += every
    out = ['<g class="briefing-chart__grid" stroke="currentColor" stroke-opacity="0.15" stroke-width="1" '
           'aria-hidden="true">']
    out.extend(f'<line data-date="{iso}" x1="{_n(scale.x(o))}" x2="{_n(scale.x(o))}" y1="{_n(top)}" '
               f'y2="{_n(y_axis)}"/>' for o, iso in ticks)
    out.append("</g>")
    out.append(f'<g aria-hidden="true"><line class="briefing-chart__axis" x1="{_n(scale.x0)}" '
               f'x2="{_n(scale.x1)}" y1="{_n(y_axis)}" y2="{_n(y_axis)}" stroke="currentColor" stroke-width="1"/>')
    line = _line(font)
    out.extend(_label(x, y_axis + line, text, "middle") for x, text in _thin(days, "middle", width, char))
    for row, candidates in enumerate(rows):
        for x, text in _thin(candidates, "start", width, char):
            out.append(_label(x + 2, y_axis + line * (row + 1), text, "start"))
    out.append("</g>")
    return out


def _thin(candidates: list[tuple[float, str]], anchor: str, width: float,
          char: float = CHAR_WIDTH) -> list[tuple[float, str]]:
    """The labels, left to right, that fit without overlapping the one before or the chart's edges."""
    kept, right = [], -math.inf
    for x, text in candidates:
        w = len(text) * char
        left = x + 2 if anchor == "start" else x - w / 2
        if left >= right + LABEL_GAP and left >= 0 and left + w <= width:
            kept.append((x, text))
            right = left + w
    return kept


# --- bar chart and heatmap ------------------------------------------------------


def bar_chart_svg(rows: list[tuple[str, int]], *, label: str, href_of: Callable[[str], str] | None = None,
                  width: int = 720) -> str:
    """Vertical bars, one per row, heights proportional to values (0 gives a bar of no height); each bar
    titled "label: value" and a link when ``href_of(label)`` gives one; axis labels thinned so that they
    never overlap. "" when there are no rows."""
    if not rows:
        return ""
    _check_counts(value for _, value in rows)
    peak = max(value for _, value in rows)
    top, plot_h = 14, 150
    base = top + plot_h
    x0 = 8 + len(str(peak)) * CHAR_WIDTH + 6
    band = (width - 8 - x0) / len(rows)
    bar_w = band * 0.8 if band >= 4 else band
    body = [f'<g aria-hidden="true"><line class="briefing-chart__axis" x1="{_n(x0)}" x2="{_n(width - 8)}" '
            f'y1="{base}" y2="{base}" stroke="currentColor" stroke-width="1"/>',
            _label(x0 - 6, top + 4, str(peak), "end"), _label(x0 - 6, base, "0", "end")]
    names = [(x0 + (i + 0.5) * band, _clip(name, 24)) for i, (name, _) in enumerate(rows)]
    body.extend(_label(x, base + 14, text, "middle") for x, text in _thin(names, "middle", width))
    body.append("</g>")
    for i, (name, value) in enumerate(rows):
        h = round(value / peak * plot_h, 1) if peak else 0
        shape = (f'<rect class="briefing-chart__bar" x="{_n(x0 + i * band + (band - bar_w) / 2)}" '
                 f'y="{_n(base - h)}" width="{_n(bar_w)}" height="{_n(h)}"/>')
        body.append(_item(href_of(name) if href_of else "", f"{_clip(name, TITLE_MAX)}: {value:,}", shape))
    return _svg("bars", width, base + 22, label, body)


def heatmap_svg(rows: list[str], columns: list[str], values: dict[tuple[str, str], int], *, label: str,
                row_href: Callable[[str], str] | None = None, width: int = 720) -> str:
    """A grid of rows by columns; a cell's opacity scales with its value (0 or missing: transparent, the
    largest: 1), each cell titled "row, column: N"; row labels link to ``row_href(row)`` when given.
    "" when there are no rows or no columns."""
    if not rows or not columns:
        return ""
    _check_counts(values.values())
    peak = max((values.get((r, c), 0) for r in rows for c in columns), default=0)
    gutter = min(160, width // 4)
    x0, top, cell_h = gutter + 6, 22, 18
    cell_w = (width - 8 - x0) / len(columns)
    gap = 1 if cell_w > 3 else 0
    body = ['<g aria-hidden="true">']
    heads = [(x0 + (j + 0.5) * cell_w, _clip(column, 24)) for j, column in enumerate(columns)]
    body.extend(_label(x, top - 6, text, "middle") for x, text in _thin(heads, "middle", width))
    body.append("</g>")
    for i, row in enumerate(rows):
        y = top + i * cell_h
        text = _label(gutter, y + cell_h / 2 + 4, row, "end", (gutter - 4) / CHAR_WIDTH)
        href = row_href(row) if row_href else ""
        body.append(f'<a href="{_attr(href)}">{text}</a>' if href else text)
        for j, column in enumerate(columns):
            value = values.get((row, column), 0)
            opacity = round(0.15 + 0.85 * value / peak, 2) if value > 0 else 0
            body.append(f'<rect class="briefing-chart__cell" x="{_n(x0 + j * cell_w)}" y="{_n(y)}" '
                        f'width="{_n(cell_w - gap)}" height="{cell_h - gap}" fill-opacity="{opacity:g}">'
                        f'<title>{_text(_clip(row, TITLE_MAX))}, {_text(_clip(column, TITLE_MAX))}: {value:,}'
                        f'</title></rect>')
    return _svg("heatmap", width, top + len(rows) * cell_h + 6, label, body)


def _check_counts(values) -> None:
    for value in values:
        if value < 0:
            raise ValueError(f"a chart counts things: expected a value of 0 or more but received: {value!r}")


# --- table ------------------------------------------------------------------------

def table_of(rows: list[tuple], header: tuple[str, ...]) -> str:
    """The numbers behind a chart as an HTML table, numeric columns right-aligned; "" without rows.

    Cells are shown as written: ``<``, ``>`` and ``&`` are escaped, white space folded.
    """
    if not rows:
        return ""
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells but the header {len(header)}: {row!r}")
    numeric = [all(isinstance(row[j], (int, float)) and not isinstance(row[j], bool) for row in rows)
               for j in range(len(header))]
    starts = [(f'<{tag} style="text-align: right;">' if n else f"<{tag}>") for tag in ("th", "td") for n in numeric]
    th, td = starts[:len(numeric)], starts[len(numeric):]

    def row_of(cells, opens, tag) -> str:
        return "<tr>" + "".join(f"{o}{escape(_clean(c))}</{tag}>" for o, c in zip(opens, cells)) + "</tr>"

    body = "\n".join(row_of(row, td, "td") for row in rows)
    return f"<table>\n<thead>\n{row_of(header, th, 'th')}\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>\n"


# --- SVG text ---------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(value) -> str:
    """Text on one line, without the characters XML cannot carry (control characters, lone surrogates)."""
    return " ".join(_NOT_XML.sub("", str(value)).split())


def _clip(value, limit: float) -> str:
    text = _clean(value)
    limit = max(int(limit), 2)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(value) -> str:
    return escape(_clean(value))


def _attr(value) -> str:
    return escape(_clean(value), {'"': "&quot;"})


def _n(value: float) -> str:
    """A coordinate to 1 decimal, without a trailing '.0'."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _extent(scale: _Scale, first: int, after: int) -> tuple[float, float]:
    """Where the days [first, after) begin and how wide they are, from the rounded ends so that adjacent
    extents and ticks meet exactly."""
    a, b = round(scale.x(first), 1), round(scale.x(after), 1)
    return a, round(b - a, 1)


def _label(x: float, y: float, text: str, anchor: str, fit: float | None = None) -> str:
    """A text label, clipped to ``fit`` characters with the whole text as its tooltip."""
    shown = _clip(text, fit) if fit is not None else _clean(text)
    tip = f"<title>{_text(_clip(text, TITLE_MAX))}</title>" if shown != _clean(text) else ""
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (f'<text class="briefing-chart__label" x="{_n(x)}" y="{_n(y)}"{anchor_attr}>'
            f"{tip}{_text(shown)}</text>")


def _lines(x: float, y: float, lines: list[str], copy: bool = False) -> str:
    """A lane label on its lines, right-aligned at ``x``, the first line's baseline at ``y``; hidden from
    assistive technology, since its lane's group is named by the whole label. In the gutter's ``copy`` (an
    ``<svg>`` hidden as a whole, its text right-aligned and coloured there) the text needs no attributes."""
    first, *rest = lines
    more = "".join(f'<tspan x="{_n(x)}" dy="{LINE_HEIGHT}">{_text(line)}</tspan>' for line in rest)
    if copy:
        return f'<text x="{_n(x)}" y="{_n(y)}">{_text(first)}{more}</text>'
    return (f'<text class="briefing-chart__label" x="{_n(x)}" y="{_n(y)}" text-anchor="end" aria-hidden="true">'
            f"{_text(first)}{more}</text>")


def _rules(ys: list[float], x2: float) -> str:
    """Faint lines across the chart, from its left edge to ``x2``, at each of ``ys``."""
    path = "".join(f"M0 {_n(y)}H{_n(x2)}" for y in ys)
    return (f'<path class="briefing-chart__grid" d="{path}" stroke="currentColor" stroke-opacity="0.15" '
            f'stroke-width="1" aria-hidden="true"/>')


def _item(href: str, title: str, shape: str) -> str:
    """A shape with its title, as a link when there is somewhere to go."""
    name = f"<title>{_text(title)}</title>"
    if href:
        return f'<a href="{_attr(href)}">{name}{shape}</a>'
    return f"<g>{name}{shape}</g>"


def _svg(kind: str, width: int, height: float, label: str, body: list[str], font: int = FONT_SIZE) -> str:
    return (f'<svg xmlns="{SVG_NS}" class="briefing-chart briefing-chart--{kind}" viewBox="0 0 {width} '
            f'{_n(height)}" width="100%" style="{MIN_WIDTH_STYLE}" role="group" '
            f'aria-label="{_attr(_clip(label, TITLE_MAX))}" fill="currentColor" font-size="{font}" '
            f'stroke-width="1.5">\n' + "\n".join(body) + "\n</svg>")


def _human(day: dt.date, precision: str) -> str:
    if precision == "day":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return str(day.year)
