"""Claim values that are quantities, read as ranges, so that sources can be compared fairly.

A curator's claim value is free text: "$8 million", "millions of dollars", "three of the five
main Stable Diffusion authors". Two different strings are not a disagreement: "$8 million" is a
more precise reading of "millions of dollars", and "$4 billion" against "$5 billion" is a real
conflict. This module reads a value that is only a quantity as a range of numbers and says how
two ranges relate, so the site can tell readers "more precise" from "conflicting".

Choices made where the wording leaves room:

- Strict reading: the whole value must be one quantity, led by at most one hedge and followed
  by at most one rate phrase. Anything else is None, because a wrong range would misinform
  readers more than no range: "raised $8 million", "$4 billion valuation", two amounts, a
  reversed range ("between $2bn and $1bn"), a range with a hedge ("about $1-2bn").
- Only counts may carry a trailing noun phrase (at most six plain words, no number, currency or
  percent words): "three people", "dozens of engineers". "of the five" right after a count is
  checked (the total may not be below the count) and then dropped.
- A stated number is read at the precision it is written: "$16 million" is 16e6 to the nearest
  million, so it covers [15.5e6, 16.5e6), and "$16.3 million" [16.25e6, 16.35e6) lies inside it
  (compatible, more precise); "$4 billion" [3.5e9, 4.5e9) and "$5 billion" stay apart. Trailing
  zeros of a whole number are rounding: "$650 million" is to the ten million, [645e6, 655e6), so
  "$653 million" lies inside it; "70 employees" covers 65 to 74. ``low`` and
  ``high`` keep the stated figure and ``step`` the unit of its last written digit (1e6 for "$16
  million", 1e5 for "$16.3 million"); :func:`relate` widens by half a step. Whole units are exact:
  counts and money are integers, so "$100,000" and "three people" are points. The same figure
  written twice is the same, however written: "€1.2bn" and "1,200 million euros" agree. Hedges widen it by 10%:
  about/around/roughly/approximately/some/(an) estimated/circa/~/"or so" -> [0.9x, 1.1x];
  nearly/almost/just under -> [0.9x, x); just over -> (x, 1.1x]; more than/over/above/upwards of/
  in excess of/> -> (x, inf); at least/no less than/"or more"/x+ -> [x, inf); less than/fewer than/
  under/below/< -> [0, x); up to/at most/no more than/"or less" -> [0, x]. Strict bounds are kept
  in ``low_open``/``high_open``, so "more than $100 million" and "$100 million" are apart.
- Vague words are closed integer ranges (counts and whole currency units are integers, so
  "just under 1e9" is exactly 999,999,999): a couple [2, 3], a few [2, 5], a handful [3, 6],
  several [3, 9] (times a following dozen/hundred/thousand/million...); plural magnitudes run
  from twice the unit to just under the next named one: dozens [24, 143], hundreds [200, 999],
  thousands [2e3, 1e6), millions [2e6, 1e9), billions [2e9, 1e12), trillions [2e12, 1e15),
  tens of millions [2e7, 1e8), hundreds of millions [2e8, 1e9), and so on.
- Ranges "between X and Y", "from X to Y", "X to Y", "X-Y", "X–Y" may write the currency, the
  percent sign and the magnitude once. The first number borrows the second's magnitude only when
  it is written no larger than the second: "$1-2 billion" is [1e9, 2e9], "$500,000 to $2 million"
  is [5e5, 2e6].
- A number without a currency is a count ("hundreds of millions", "8 million users"): the module
  does not guess a currency, so such a value does not compare with money (``relate`` gives None).
- Currencies: $ / US$ / USD / (US) dollars -> USD; € / EUR / euros -> EUR; £ / GBP / pounds /
  sterling -> GBP; ¥ / JPY / yen -> JPY; CNY / RMB / yuan / renminbi -> CNY; ₹ / INR / rupees
  -> INR. Other dollars ("A$5m", "5 million Australian dollars") are None, not USD.
- Magnitudes: k/thousand, m/mn/mln/million, b/bn/bln/billion, t/tn/trillion. A single letter
  must touch its number ("$8m", not "$8 m"); a number touching any other letters ("4o", "3rd",
  "GPT4") is not a quantity.
- Percentages: "40%", "40 per cent", "40 percent". "percentage points" is not read.
- Dates are day ranges of proleptic ordinals: "2024-03-22", "22 March 2024", "March 22, 2024"
  (a day); "2024-03", "March 2024" (the month); "Q1 2024", "H1 2024"; "2024" (the year, only when
  the value is exactly four digits from 1900 to 2100; "2,024" or "2024 people" is a count);
  "2020-2024" (those years). Dates take no hedges, and "early 2024", "mid-2024", "late March"
  stay None: where such a season begins and ends is a guess.
- A trailing rate ("a month", "per year", "every month", "/month", "annually", "monthly"...) is
  dropped: the topic ("monthly-burn") carries the period, so "$8 million a month" equals
  "$8 million".
- An amount followed by the article's own conversion, "600 million euros ($645 million)" or
  "5.8 billion euros, or about $6.2 billion", is the first amount, with the converted one in
  ``also``, read as "about" it (a rate of the day): a comparison in dollars can use it.
- Untrusted text: a value longer than 200 characters is None before any pattern runs; every
  pattern is linear (no nested or overlapping repeats) and the parser is one left-to-right pass.
- Comparisons treat bounds within a relative tolerance of 1e-9 as equal, so "€1.2bn" and
  "1,200 million euros" are the same, but never bounds half a unit or more apart: 999,999,999
  (the top of "millions") stays below $1 billion.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from .model import MONTHS

MAX_LENGTH = 200  # longer than any quantity anyone writes; the bound keeps hostile text cheap
MAX_NOUN_WORDS = 6  # "main Stable Diffusion authors" is four: longer is a sentence, not a noun phrase
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Quantity:
    """The range of values a claim states, in base units (whole currency units, ordinal days)."""

    kind: str  # "money", "count", "percent" or "date"
    unit: str  # ISO currency for money ("USD"), else ""
    low: float
    high: float  # math.inf when open-ended
    low_open: bool = False  # True: low itself is excluded ("more than")
    high_open: bool = False  # True: high itself is excluded ("less than", "nearly")
    step: float = 0.0  # a stated figure's precision: the unit of its last written digit (0: exact or a range)
    also: tuple = ()  # the same amount in other currencies, as the article converts it: "€385m ($414m)"

    def reading(self) -> tuple[float, float, bool, bool]:
        """(low, high, low_open, high_open) at the precision it is written: a rounded figure covers
        half its last digit's unit either side, the upper end excluded ("$16 million": [15.5e6, 16.5e6));
        whole units (a count of 70, "$100,000") are exact, a percentage is not ("40%": [39.5, 40.5))."""
        if self.step <= 0 or (self.step <= 1 and self.kind in ("money", "count")):
            return self.low, self.high, self.low_open, self.high_open
        half = self.step / 2
        return self.low - half, self.high + half, False, True


@functools.lru_cache(maxsize=65536)  # sources repeat each other's figures; `serve` parses them again on each edit
def parse(text: str) -> Quantity | None:
    """The one quantity a claim value states, or None when it is not (only) a quantity."""
    if len(text) > MAX_LENGTH:
        return None
    value = " ".join(text.split()).casefold()
    value = value[:-1] if value.endswith(".") else value
    if not value:
        return None
    if _FRENCH_AMOUNT.search(value):  # "1,86 milliard d'euros", "quelque 2 milliards de dollars"
        value = _from_french(value)
    if m := _CONVERSION.fullmatch(value):  # "600 million euros ($645 million)", "€5.8bn, or about $6.2bn"
        first, other = _one(m["first"]), _one(m["other"] or m["or"])
        if first and other and first.kind == other.kind == "money" and first.unit != other.unit:
            return Quantity(**{**first.__dict__, "also": (_converted(other),)})
        return None
    return _one(value)


# French reporting's amounts, read as their English wording: a scale followed by its currency ("millions
# d'euros", "milliards de dollars"), a decimal comma before the scale, and the hedges that open them.
_FRENCH_AMOUNT = re.compile(r"\b(?:millions?|milliards?) (?:d['’]euros|de dollars)\b")
_FRENCH_WORDS = ((re.compile(r"(\d),(\d{1,2}) (?=millions? |milliards? )"), r"\1.\2 "),
                 (re.compile(r"\bmillions? d['’]euros\b"), "million euros"),
                 (re.compile(r"\bmilliards? d['’]euros\b"), "billion euros"),
                 (re.compile(r"\bmillions? de dollars\b"), "million dollars"),
                 (re.compile(r"\bmilliards? de dollars\b"), "billion dollars"),
                 (re.compile(r"^(?:quelque|environ) "), "about "), (re.compile(r"^près de "), "nearly "),
                 (re.compile(r"^plus de "), "more than "), (re.compile(r"^moins de "), "less than "))


def _from_french(value: str) -> str:
    for pattern, english in _FRENCH_WORDS:
        value = pattern.sub(english, value)
    return value


def _converted(q: Quantity) -> Quantity:
    """A conversion at the day's rate is approximate: a stated figure reads as "about" it (10% either side)."""
    if not _point(q):
        return q
    return Quantity(q.kind, q.unit, q.low * 0.9, q.high * 1.1)


_CONVERSION = re.compile(r"(?P<first>[^()]+?)(?: \((?P<other>[^()]+)\)|, or (?P<or>[^()]+))")


def _one(value: str) -> Quantity | None:
    span = _date_span(value)
    if span:
        return Quantity("date", "", float(span[0].toordinal()), float(span[1].toordinal()))
    tokens = _tokens(value)
    return _quantity(_without_rate(tokens)) if tokens else None


def relate(a: Quantity, b: Quantity) -> str | None:
    """How two values relate: "same" (equal ranges), "inside" (a lies within b and is narrower: a is
    more precise), "contains" (b lies within a: b is more precise), "overlap" (ranges overlap,
    neither inside the other), "apart" (disjoint ranges: a conflict), or None when they cannot be
    compared (different kinds or currencies)."""
    if (a.kind, a.unit) != (b.kind, b.unit):
        return None
    if _point(a) and _point(b) and _cmp(a.low, b.low) == 0:  # one figure written twice: "$8M", "$8,000,000"
        return "same"
    a, b = _as_read(a), _as_read(b)
    if _ends_before(a, b) or _ends_before(b, a):
        return "apart"
    lower, upper = _lower_cmp(a, b), _upper_cmp(a, b)
    if lower == 0 and upper == 0:
        return "same"
    if lower >= 0 and upper <= 0:
        return "inside"
    if lower <= 0 and upper >= 0:
        return "contains"
    return "overlap"


def describe(q: Quantity) -> str:
    """A short plain-English reading of the range for readers and tests: "USD 8,000,000",
    "USD 2,000,000 to 999,999,999", "more than USD 100,000,000", "3", "36% to 44%", "March 2024"."""
    if q.kind == "date":
        return _describe_dates(dt.date.fromordinal(int(q.low)), dt.date.fromordinal(int(q.high)))
    unit = f"{q.unit} " if q.unit else ""
    sign = "%" if q.kind == "percent" else ""
    low = f"{_figure(q.low)}{sign}"
    if math.isinf(q.high):
        return f"{'more than' if q.low_open else 'at least'} {unit}{low}"
    high = f"{_figure(q.high)}{sign}"
    if _cmp(q.low, q.high) == 0:
        return f"{unit}{low}"
    if q.low == 0 and not q.low_open:
        return f"{'less than' if q.high_open else 'up to'} {unit}{high}"
    return f"{'over ' if q.low_open else ''}{unit}{low} to {'under ' if q.high_open else ''}{high}"


# Comparing ranges


def _cmp(x: float, y: float) -> int:
    """Order of two bounds, equal when float rounding is all that separates them.

    Near 1e9 a relative tolerance alone would merge 999,999,999 (the top of "millions") with
    1,000,000,000, so bounds a whole unit apart (a dollar, a person, a day) always differ.
    """
    if x == y or (abs(x - y) < 0.5 and math.isclose(x, y, rel_tol=TOLERANCE)):
        return 0
    return -1 if x < y else 1


def _point(q: Quantity) -> bool:
    return q.low == q.high and not (q.low_open or q.high_open)


def _as_read(q: Quantity) -> Quantity:
    low, high, low_open, high_open = q.reading()
    return Quantity(q.kind, q.unit, low, high, low_open, high_open)


def _lower_cmp(a: Quantity, b: Quantity) -> int:
    """+1 when a's lower bound is the tighter one (higher, or equal and excluded)."""
    return _cmp(a.low, b.low) or int(a.low_open) - int(b.low_open)


def _upper_cmp(a: Quantity, b: Quantity) -> int:
    """-1 when a's upper bound is the tighter one (lower, or equal and excluded)."""
    return _cmp(a.high, b.high) or int(b.high_open) - int(a.high_open)


def _ends_before(a: Quantity, b: Quantity) -> bool:
    order = _cmp(a.high, b.low)
    return order < 0 or (order == 0 and (a.high_open or b.low_open))


# Reading back


def _figure(x: float) -> str:
    if _cmp(x, round(x)) == 0:
        return f"{round(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def _day_text(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _describe_dates(first: dt.date, last: dt.date) -> str:
    if first == last:
        return _day_text(first)
    whole_months = first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]
    if whole_months and first.year == last.year:
        months = (first.month, last.month)
        if months[0] == months[1]:
            return f"{MONTHS[first.month - 1]} {first.year}"
        if months == (1, 12):
            return str(first.year)
        if months[1] - months[0] == 2 and months[0] % 3 == 1:
            return f"Q{months[0] // 3 + 1} {first.year}"
        if months in ((1, 6), (7, 12)):
            return f"H{months[0] // 6 + 1} {first.year}"
    if whole_months and (first.month, last.month) == (1, 12):
        return f"{first.year} to {last.year}"
    return f"{_day_text(first)} to {_day_text(last)}"


# Dates: a few fixed shapes, each matched whole

_MONTH_NUMBERS = {name.casefold(): n for n, name in enumerate(MONTHS, 1)}
_MONTH_NUMBERS |= {name[:3]: n for name, n in _MONTH_NUMBERS.items()} | {"sept": 9}
_YEAR = re.compile(r"[0-9]{4}")
_YEARS = re.compile(r"([0-9]{4}) ?[-–] ?([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?")
_DAY_MONTH = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? ([0-9]{4})")
_MONTH_DAY = re.compile(r"([a-z]+)\.? ([0-9]{1,2})(?:st|nd|rd|th)?,? ([0-9]{4})")
_MONTH = re.compile(r"([a-z]+)\.?,? ([0-9]{4})")
_PART = re.compile(r"(?P<part>[qh])(?P<n>[1-4]) (?P<year>[0-9]{4})")
_PART_AFTER = re.compile(r"(?P<year>[0-9]{4}) (?P<part>[qh])(?P<n>[1-4])")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_PART_WORDS = re.compile(r"(?:the )?(?P<n>first|second|third|fourth|1st|2nd|3rd|4th) "
                         r"(?P<part>quarter|half) (?:of )?(?P<year>[0-9]{4})")
_THIRD = re.compile(r"(?P<third>early|mid|late)[- ](?P<rest>.+)")
_MONTH_OF = re.compile(r"([a-z]+)\.? of ([0-9]{4})")


def _plausible_year(text: str) -> bool:
    return 1900 <= int(text) <= 2100


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date] | None:
    if not (1 <= first <= last <= 12 and 1 <= year <= 9999):
        return None
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def _day(year: str, month: int | None, day: str) -> tuple[dt.date, dt.date] | None:
    try:
        when = dt.date(int(year), month, int(day)) if month else None
    except ValueError:
        return None
    return (when, when) if when else None


def _third(which: str, span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date] | None:
    """Early, mid or late in a year (January-April, May-August, September-December) or a month
    (days 1-10, 11-20, 21 to its end): a third of it, the convention this module keeps."""
    first, last = span
    if first.month == 1 and (last.month, last.day) == (12, 31) and first.year == last.year:  # a year
        start = {"early": 1, "mid": 5, "late": 9}[which]
        return _months(first.year, start, start + 3)
    if first.day == 1 and (first.year, first.month) == (last.year, last.month):  # a month
        begin, end = {"early": (1, 10), "mid": (11, 20), "late": (21, last.day)}[which]
        return first.replace(day=begin), first.replace(day=end)
    return None


def _date_span(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of the date the value names, or None when it is not one of the shapes."""
    if m := _THIRD.fullmatch(value):
        span = _date_span(m["rest"])
        return _third(m["third"], span) if span else None
    if m := _PART_WORDS.fullmatch(value):
        value = f"{'q' if m['part'] == 'quarter' else 'h'}{_ORDINALS[m['n']]} {m['year']}"
    if m := _MONTH_OF.fullmatch(value):
        value = f"{m[1]} {m[2]}"
    if _YEAR.fullmatch(value):
        return _months(int(value), 1, 12) if _plausible_year(value) else None
    if m := _YEARS.fullmatch(value):
        if _plausible_year(m[1]) and _plausible_year(m[2]) and m[1] < m[2]:
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[2]), 12, 31)
        return None
    if m := _ISO.fullmatch(value):
        return _day(m[1], int(m[2]), m[3]) if m[3] else _months(int(m[1]), int(m[2]), int(m[2]))
    if m := _DAY_MONTH.fullmatch(value):
        return _day(m[3], _MONTH_NUMBERS.get(m[2]), m[1])
    if m := _MONTH_DAY.fullmatch(value):
        return _day(m[3], _MONTH_NUMBERS.get(m[1]), m[2])
    if m := _MONTH.fullmatch(value):
        month = _MONTH_NUMBERS.get(m[1])
        return _months(int(m[2]), month, month) if month else None
    m = _PART.fullmatch(value) or _PART_AFTER.fullmatch(value)
    part, number, year = (m["part"], int(m["n"]), int(m["year"])) if m else ("", 0, 0)
    if part == "q":
        return _months(year, 3 * number - 2, 3 * number)
    if part == "h" and number <= 2:
        return _months(year, 6 * number - 5, 6 * number)
    return None


# Words


def _table(entries: dict) -> dict[tuple[str, ...], object]:
    """Phrases written with spaces between tokens ("us $", "> =") keyed by their token texts."""
    return {tuple(phrase.split()): meaning for phrase, meaning in entries.items()}


def _hedges(**phrases: str) -> dict[tuple[str, ...], str]:
    return _table({phrase: bound for bound, text in phrases.items() for phrase in text.split("|")})


_HEDGES = _hedges(
    about="about|around|roughly|approximately|approx|some|an estimated|estimated|circa|ca|~"
          "|in the region of|close to|just about|somewhere around|about ~",
    nearly="nearly|almost|just under|just shy of|just below",
    just_over="just over|just above|slightly more than|a little over|a little more than",
    more_than="more than|over|above|upwards of|upward of|in excess of|greater than|north of|well over"
              "|well above|>",
    at_least="at least|no less than|not less than|a minimum of|as little as|as few as|as low as|≥|> =",
    less_than="less than|fewer than|under|below|well under|well below|<",
    at_most="up to|at most|no more than|not more than|a maximum of|as much as|as many as|as high as|≤|< =",
)
_SUFFIX_HEDGES = _hedges(about="or so", at_least="or more|+|plus", at_most="or less|or fewer")
_INFINITY, _ZERO = Decimal("Infinity"), Decimal(0)
_BOUNDS = {  # hedge -> (low, high, low_open, high_open) around the stated number x
    "about": lambda x: (x * Decimal("0.9"), x * Decimal("1.1"), False, False),
    "nearly": lambda x: (x * Decimal("0.9"), x, False, True),
    "just_over": lambda x: (x, x * Decimal("1.1"), True, False),
    "more_than": lambda x: (x, _INFINITY, True, False),
    "at_least": lambda x: (x, _INFINITY, False, False),
    "less_than": lambda x: (_ZERO, x, False, True),
    "at_most": lambda x: (_ZERO, x, False, False),
}

_CODES = {"usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "inr": "INR",
          "sgd": "SGD", "aud": "AUD", "cad": "CAD", "hkd": "HKD", "nzd": "NZD", "chf": "CHF", "krw": "KRW"}
_OTHER_DOLLARS = {"s": "SGD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD", "hk": "HKD", "nz": "NZD"}
_CURRENCY_BEFORE = _table(_CODES | {"$": "USD", "us $": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
                                    "₹": "INR", "rs": "INR", "rs .": "INR", "₩": "KRW"}
                          | {f"{prefix} $": code for prefix, code in _OTHER_DOLLARS.items()})
_CURRENCY_AFTER = _table(_CODES | {
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "euros": "EUR", "euro": "EUR",
    "pounds": "GBP", "pound": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "rupee": "INR", "won": "KRW",
    "singapore dollars": "SGD", "australian dollars": "AUD", "canadian dollars": "CAD",
    "hong kong dollars": "HKD", "swiss francs": "CHF",
})
_PERCENT = _table({"%": True, "percent": True, "per cent": True, "pc": True})

_SPELLED_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
                   "lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7}  # Indian reporting
_SCALES = _SPELLED_SCALES | {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9, "bn": 10**9,
                             "bln": 10**9, "t": 10**12, "tn": 10**12, "trn": 10**12}
_GLUED = set(_SCALES) | {"pc"}  # words that may touch their number: "$8m", "10pc"
_MULTIPLIERS = _SPELLED_SCALES | {"dozen": 12, "hundred": 100}  # after a vague word: "a few hundred"

_VAGUE = _table({"a couple": (2, 3), "a couple of": (2, 3), "a few": (2, 5), "a handful": (3, 6),
                 "several": (3, 9)})
_PLURAL_SPANS = {"dozens": (24, 144), "hundreds": (200, 1000)} | {
    f"{prefix}{name}s": (low * size, high * size)  # from twice the unit to the next named one
    for name, size in (("thousand", 10**3), ("million", 10**6), ("billion", 10**9), ("trillion", 10**12))
    for prefix, low, high in (("", 2, 1000), ("tens of ", 20, 100), ("hundreds of ", 200, 1000))
}
_PLURALS = _table({phrase: (low, high - 1) for phrase, (low, high) in _PLURAL_SPANS.items()})  # just under
_PLURALS_WORDS = {word for phrase in _PLURALS for word in phrase} | set(_MULTIPLIERS)

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
         "sixteen seventeen eighteen nineteen".split()
_TENS = {name: 10 * n for n, name in
         enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SMALL = {name: n for n, name in enumerate(_UNITS)} | _TENS

_RANGES = {"between": "and", "from": "to"}
_JOINERS = {"to", "-", "–", "—"}
_RATES = set(_table(dict.fromkeys(
    f"{per} {period}" for per in ("a", "per", "every", "each", "/")
    for period in ("day", "week", "month", "quarter", "year", "annum", "mo", "yr")
)) | _table(dict.fromkeys(("annually", "monthly", "yearly", "weekly", "daily", "quarterly"))))

# Words that end a count's noun phrase reading: a count of things, not a span of time ("six months
# ago"), a multiple ("1.5 times"), a fraction ("four fifths"), a physical unit ("6.6 gigawatts"), a
# date without its year ("8 November") or a second clause ("a dozen and counting").
_TIME_WORDS = {f"{unit}{plural}" for unit in ("second", "minute", "hour", "day", "week", "month", "quarter",
                                              "year", "decade") for plural in ("", "s")}
_NOT_NOUNS = (set(_SMALL) | set(_SCALES) | set(_MULTIPLIERS) | {w for p in _CURRENCY_AFTER for w in p}
              | {"tens", "dozens", "hundreds", "thousands", "millions", "billions", "trillions"}
              | {"percent", "cent", "per", "percentage"} | _TIME_WORDS | {m.casefold() for m in MONTHS}
              | {"ago", "later", "earlier", "before", "after", "last", "next", "times", "time", "fold",
                 "half", "halves", "third", "thirds", "quarters", "fifth", "fifths", "tenth", "tenths",
                 "and", "or", "points", "grand", "watts", "kilowatts", "megawatts", "gigawatts", "terawatts",
                 "bytes", "gigabytes", "terabytes", "petabytes", "kilometres", "kilometers", "miles",
                 # scales of French and German reporting, not read: "2 milliards d'euros" is no count of 2
                 "milliard", "milliards", "mrd", "mio", "millionen", "milliarden", "millions", "billions"})


# Tokens

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<num>[0-9]+(?:[.,][0-9]+)*)|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)|(?P<sym>.)",
    re.S,
)
_NUMERAL = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "word" or "sym"
    text: str
    glued: bool  # no space before it


def _tokens(value: str) -> tuple[_Token, ...] | None:
    """Numbers, words and symbols; None for a malformed number or letters glued to digits ("4o")."""
    tokens, end = [], -1
    for m in _TOKEN.finditer(value):
        if m.lastgroup == "space":
            continue
        token = _Token(m.lastgroup, m.group(), m.start() == end)
        previous = tokens[-1] if tokens and token.glued else None
        if token.kind == "num" and not _NUMERAL.fullmatch(token.text):
            return None
        if previous and previous.kind == "num" and token.kind == "word" and token.text not in _GLUED:
            return None
        if previous and previous.kind == "word" and token.kind == "num" and previous.text not in _CODES:
            return None
        tokens.append(token)
        end = m.end()
    return tuple(tokens)


def _at(tokens, i: int) -> str:
    return tokens[i].text if i < len(tokens) else ""


def _phrase(tokens, i: int, table: dict):
    """The meaning of the longest phrase of table that starts at i, and the index after it."""
    for n in (3, 2, 1):
        key = tuple(t.text for t in tokens[i:i + n])
        if len(key) == n and key in table:
            return table[key], i + n
    return None, i


def _without_rate(tokens):
    for n in (2, 1):
        if len(tokens) > n and tuple(t.text for t in tokens[-n:]) in _RATES:
            return tokens[:-n]
    return tokens


# Grammar: [hedge] amount [joiner amount] [suffix hedge] [noun phrase, counts only]


@dataclass(frozen=True)
class _Amount:
    low: Decimal
    high: Decimal
    point: bool  # one stated number: only such an amount takes a hedge or ends a range
    currency: str = ""
    percent: bool = False
    scale: int = 1  # the magnitude written after the number, which a range's first number may borrow
    step: Decimal = _ZERO  # the unit of the last written digit, magnitude included ("16.3 million": 1e5)


def _word_number(word: str) -> int | None:
    if word in _SMALL:
        return _SMALL[word]
    tens, _, unit = word.partition("-")
    return _TENS[tens] + _UNITS.index(unit) if tens in _TENS and unit in _UNITS[1:10] else None


def _number(tokens, i: int):
    """(low, high, how, next index) of the number at i; how is numeral, words, vague or plural."""
    span, j = _phrase(tokens, i, _PLURALS)
    if span:
        return Decimal(span[0]), Decimal(span[1]), "plural", j
    span, j = _phrase(tokens, i, _VAGUE)
    if span:
        return Decimal(span[0]), Decimal(span[1]), "vague", j
    word, after = _at(tokens, i), _at(tokens, i + 1)
    if i < len(tokens) and tokens[i].kind == "num":
        n = Decimal(word.replace(",", ""))
        return n, n, "numeral", i + 1
    n = 1 if word in ("a", "an") and after in _MULTIPLIERS else _word_number(word)
    if n is None:
        return None
    if after in ("hundred", "dozen"):
        n, i = n * _MULTIPLIERS[after], i + 1
    return Decimal(n), Decimal(n), "words", i + 1


def _last_digit_place(numeral: str) -> int:
    """The power of ten of a numeral's last significant digit: "16.3" -1, "16" 0, "650" 1, "2,000" 3.
    A figure written with decimals is precise to its last decimal, zeros included ("2.50": -2)."""
    digits = numeral.replace(",", "")
    if "." in digits:
        return -len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    return len(digits) - len(stripped) if stripped else 0


def _amount(tokens, i: int) -> tuple[_Amount, int] | None:
    """A number with its currency, magnitude and percent sign, as written around it."""
    before, i = _phrase(tokens, i, _CURRENCY_BEFORE)
    numeral = _at(tokens, i)
    number = _number(tokens, i)
    if number is None:
        return None
    low, high, how, i = number
    multiplied = how == "words" and _at(tokens, i - 1) in ("hundred", "dozen")  # "three hundred": to the hundred
    word, scale = _at(tokens, i), 1
    if how == "vague" and word in _MULTIPLIERS:
        scale = _MULTIPLIERS[word]
    elif how in ("numeral", "words") and word in _SPELLED_SCALES:
        scale = _SPELLED_SCALES[word]
    elif how == "numeral" and word in _SCALES and (len(word) > 1 or tokens[i].glued):
        scale = _SCALES[word]
    i += scale != 1
    percent, i = _phrase(tokens, i, _PERCENT)
    of = how == "plural" and _at(tokens, i) == "of" and _phrase(tokens, i + 1, _CURRENCY_AFTER)[0]
    after, i = _phrase(tokens, i + 1 if of else i, _CURRENCY_AFTER)
    if (before and after and before != after) or ((before or after) and percent):
        return None
    step = _ZERO
    if how == "numeral":  # "16.3" -> 0.1, "16" -> 1, "650" -> 10 (trailing zeros are rounding), times the magnitude
        step = Decimal(1).scaleb(_last_digit_place(numeral)) * scale
    elif how == "words":  # "three" -> 1, "three hundred" -> 100, "a million" -> 1e6
        step = Decimal(scale) * (Decimal(100) if multiplied and low % 100 == 0 else 1)
    return _Amount(low * scale, high * scale, how in ("numeral", "words"), before or after or "",
                   bool(percent), scale, step), i


def _span(a: _Amount, tokens, i: int) -> tuple[_Amount, int] | None:
    """The range from amount a to the amount at i; a unit written once serves both."""
    found = _amount(tokens, i)
    if found is None:
        return None
    b, i = found
    if not (a.point and b.point) or (a.currency and b.currency and a.currency != b.currency):
        return None
    low = a.low
    if a.scale == 1 and b.scale != 1 and a.low <= b.low / b.scale:  # "$1-2 billion"
        low = a.low * b.scale
    currency, percent = a.currency or b.currency, a.percent or b.percent
    if low >= b.high or (currency and percent):  # "50-50" is a split, not a range
        return None
    return _Amount(low, b.high, False, currency, percent), i


def _noun_end(tokens, i: int, count: Decimal) -> int | None:
    """The index after a count's noun phrase ("of the five main authors"), or None."""
    if _at(tokens, i) == "of":
        total = _number(tokens, i + 1 + (_at(tokens, i + 1) == "the"))
        if total and total[2] in ("numeral", "words"):
            if total[0] < count:
                return None
            i = total[3]
    rest = tokens[i:]
    if len(rest) > MAX_NOUN_WORDS or any(t.kind != "word" or t.text in _NOT_NOUNS
                                         or _word_number(t.text) is not None for t in rest):
        return None
    return len(tokens)


# What an amount of money is, as reporting writes it after the figure: "$16 million investment", "a $2bn round".
_MONEY_NOUNS = frozenset({"investment", "stake", "valuation", "partnership", "deal", "round", "funding", "fee",
                          "payment", "raise", "loan", "fine", "settlement", "acquisition", "buyout", "grant",
                          "contract", "package", "budget", "pledge", "injection", "infusion", "commitment"})


def _money_noun_end(tokens, i: int) -> int:
    """The index after the words that name what an amount is ("investment", "funding round"), if only such."""
    rest = tokens[i:]
    if 0 < len(rest) <= 2 and all(t.kind == "word" and t.text in _MONEY_NOUNS for t in rest):
        return len(tokens)
    return i


def _quantity(tokens) -> Quantity | None:
    hedge, i = _phrase(tokens, 0, _HEDGES)
    opener = _at(tokens, 0)
    if hedge is None and opener in _RANGES:
        first = _amount(tokens, 1)
        if first is None or _at(tokens, first[1]) != _RANGES[opener]:
            return None
        found = _span(first[0], tokens, first[1] + 1)
    else:
        found = _amount(tokens, i)
        if found and hedge is None and _at(tokens, found[1]) in _JOINERS:
            found = _span(found[0], tokens, found[1] + 1)
    if found is None:
        return None
    amount, i = found
    suffix, i = _phrase(tokens, i, _SUFFIX_HEDGES)
    if hedge and suffix:
        return None
    hedge = hedge or suffix
    if hedge and not amount.point:
        return None
    bounds = _BOUNDS[hedge](amount.low) if hedge else (amount.low, amount.high, False, False)
    low, high, low_open, high_open = bounds
    kind = "money" if amount.currency else "percent" if amount.percent else "count"
    if hedge == "about" and (amount.step > 1 or kind == "percent"):  # never narrower than the figure's rounding:
        half = amount.step / 2                                       # "about $2 billion" is to the billion too
        low, high = min(low, amount.low - half), max(high, amount.low + half)
    end = _noun_end(tokens, i, high) if kind == "count" else _money_noun_end(tokens, i) if kind == "money" else i
    if end != len(tokens) or low > high or (low == high and (low_open or high_open)):
        return None
    if not (math.isfinite(low) and math.isfinite(amount.high)):
        return None
    step = float(amount.step) if amount.point and not hedge else 0.0
    return Quantity(kind, amount.currency, float(low), float(high), low_open, high_open, step)
