"""Claim values read as quantities: parse, relate and describe, on phrasings curators write."""

import dataclasses
import datetime as dt
import math
from pathlib import Path

import pytest
import yaml

from generator.content.quantities import Quantity, describe, parse, relate

INF = math.inf


def day(year, month, dom):
    return float(dt.date(year, month, dom).toordinal())


PARSED = [
    # money: one amount written many ways
    ("$8M", "money", "USD", 8e6, 8e6),
    ("$8 million", "money", "USD", 8e6, 8e6),
    ("8 million dollars", "money", "USD", 8e6, 8e6),
    ("US$8m", "money", "USD", 8e6, 8e6),
    ("USD 8 million", "money", "USD", 8e6, 8e6),
    ("$8 million.", "money", "USD", 8e6, 8e6),
    ("$4 billion", "money", "USD", 4e9, 4e9),
    ("$100,000", "money", "USD", 1e5, 1e5),
    ("$100k", "money", "USD", 1e5, 1e5),
    ("€1.2bn", "money", "EUR", 1.2e9, 1.2e9),
    ("1,200 million euros", "money", "EUR", 1.2e9, 1.2e9),
    ("£500m", "money", "GBP", 5e8, 5e8),
    ("¥3 billion", "money", "JPY", 3e9, 3e9),
    ("10 billion yuan", "money", "CNY", 1e10, 1e10),
    ("a million dollars", "money", "USD", 1e6, 1e6),
    # money: hedges
    ("about $8 million", "money", "USD", 7.2e6, 8.8e6),
    ("~$8m", "money", "USD", 7.2e6, 8.8e6),
    ("an estimated $8 million", "money", "USD", 7.2e6, 8.8e6),
    ("nearly $1 billion", "money", "USD", 9e8, 1e9),
    ("more than $100 million", "money", "USD", 1e8, INF),
    ("at least $50 million", "money", "USD", 5e7, INF),
    ("up to $10 million", "money", "USD", 0, 1e7),
    # money: ranges, the unit written once or twice
    ("between $1bn and $2bn", "money", "USD", 1e9, 2e9),
    ("$1-2 billion", "money", "USD", 1e9, 2e9),
    ("$1–2 billion", "money", "USD", 1e9, 2e9),
    ("1 to 2 billion dollars", "money", "USD", 1e9, 2e9),
    ("from $1bn to $2bn", "money", "USD", 1e9, 2e9),
    ("between $500,000 and $2 million", "money", "USD", 5e5, 2e6),
    # money and counts: plural magnitudes
    ("millions of dollars", "money", "USD", 2e6, 999_999_999),
    ("tens of millions of dollars", "money", "USD", 2e7, 99_999_999),
    ("billions of euros", "money", "EUR", 2e9, 1e12 - 1),
    ("hundreds of millions", "count", "", 2e8, 999_999_999),
    ("thousands", "count", "", 2e3, 999_999),
    ("a few million dollars", "money", "USD", 2e6, 5e6),
    # rates are dropped
    ("$8 million a month", "money", "USD", 8e6, 8e6),
    ("$8 million every month", "money", "USD", 8e6, 8e6),
    ("$8m/month", "money", "USD", 8e6, 8e6),
    ("$2 billion annually", "money", "USD", 2e9, 2e9),
    # counts
    ("three of the five", "count", "", 3, 3),
    ("three of the five main Stable Diffusion authors", "count", "", 3, 3),
    ("3 of 5", "count", "", 3, 3),
    ("three people", "count", "", 3, 3),
    ("twenty-five engineers", "count", "", 25, 25),
    ("8 million users", "count", "", 8e6, 8e6),
    ("a handful", "count", "", 3, 6),
    ("a few", "count", "", 2, 5),
    ("several", "count", "", 3, 9),
    ("a dozen", "count", "", 12, 12),
    ("dozens of engineers", "count", "", 24, 143),
    ("a few hundred employees", "count", "", 200, 500),
    ("more than 100 employees", "count", "", 100, INF),
    ("12+ engineers", "count", "", 12, INF),
    ("1850", "count", "", 1850, 1850),
    ("2,024", "count", "", 2024, 2024),
    # percentages
    ("40%", "percent", "", 40, 40),
    ("roughly 40%", "percent", "", 35, 45),  # 10% either side, and never narrower than its rounding (to ten)
    ("40 per cent", "percent", "", 40, 40),
    ("40 percent", "percent", "", 40, 40),
    ("12.5 percent", "percent", "", 12.5, 12.5),
    ("38-42%", "percent", "", 38, 42),
    ("less than 5%", "percent", "", 0, 5),
    # dates, as ordinal days
    ("March 2024", "date", "", day(2024, 3, 1), day(2024, 3, 31)),
    ("22 March 2024", "date", "", day(2024, 3, 22), day(2024, 3, 22)),
    ("March 22, 2024", "date", "", day(2024, 3, 22), day(2024, 3, 22)),
    ("2024-03-22", "date", "", day(2024, 3, 22), day(2024, 3, 22)),
    ("2024-03", "date", "", day(2024, 3, 1), day(2024, 3, 31)),
    ("Q1 2024", "date", "", day(2024, 1, 1), day(2024, 3, 31)),
    ("H2 2023", "date", "", day(2023, 7, 1), day(2023, 12, 31)),
    ("2024", "date", "", day(2024, 1, 1), day(2024, 12, 31)),
    ("2020-2024", "date", "", day(2020, 1, 1), day(2024, 12, 31)),
    # early, mid and late: a third of a year or a month
    ("early 2024", "date", "", day(2024, 1, 1), day(2024, 4, 30)),
    ("mid-2024", "date", "", day(2024, 5, 1), day(2024, 8, 31)),
    ("late 2023", "date", "", day(2023, 9, 1), day(2023, 12, 31)),
    ("mid-March 2024", "date", "", day(2024, 3, 11), day(2024, 3, 20)),
    ("late February 2024", "date", "", day(2024, 2, 21), day(2024, 2, 29)),
    ("the first quarter of 2024", "date", "", day(2024, 1, 1), day(2024, 3, 31)),
    ("the second half of 2023", "date", "", day(2023, 7, 1), day(2023, 12, 31)),
    ("July of 2014", "date", "", day(2014, 7, 1), day(2014, 7, 31)),
    # other dollars, and currencies of Asian reporting
    ("A$5m", "money", "AUD", 5e6, 5e6),
    ("5 million Australian dollars", "money", "AUD", 5e6, 5e6),
    ("S$873 million", "money", "SGD", 873e6, 873e6),
    ("HK$1.2bn", "money", "HKD", 1.2e9, 1.2e9),
    ("Rs 2,000 crore", "money", "INR", 2e10, 2e10),
    ("₹50 lakh", "money", "INR", 5e6, 5e6),
    ("KRW 27.8 trillion", "money", "KRW", 27.8e12, 27.8e12),
    # bounds of real reporting
    ("as much as €500mn", "money", "EUR", 0, 5e8),
    ("as many as 300 people", "count", "", 0, 300),
    ("well over $1bn", "money", "USD", 1e9, INF),
    ("as little as $5", "money", "USD", 5, INF),
    ("a couple of billion dollars", "money", "USD", 2e9, 3e9),
    ("$2trn", "money", "USD", 2e12, 2e12),
    ("10pc", "percent", "", 10, 10),
]


@pytest.mark.parametrize("text, kind, unit, low, high", PARSED)
def test_parse_reads_the_range(text, kind, unit, low, high):
    q = parse(text)
    assert q is not None
    assert (q.kind, q.unit) == (kind, unit)
    assert q.low == pytest.approx(low, rel=1e-9)
    assert q.high == pytest.approx(high, rel=1e-9)


@pytest.mark.parametrize("text, low_open, high_open", [
    ("more than $100 million", True, False),
    ("at least $50 million", False, False),
    ("nearly $1 billion", False, True),
    ("less than 5%", False, True),
    ("up to $10 million", False, False),
    ("just over $1bn", True, False),
    ("$8 million", False, False),
])
def test_parse_keeps_strict_bounds(text, low_open, high_open):
    q = parse(text)
    assert (q.low_open, q.high_open) == (low_open, high_open)


NOT_QUANTITIES = [
    "failed to raise new funding",
    "high turnover of key personnel",
    "Series B",
    "GPT-4",
    "version 3.5",
    "$4 billion valuation and $1 billion raise",
    "between $1bn",
    "",
    "   ",
    "$",
    "million",
    "4o",
    "3rd",
    "raised $8 million",
    "$8 million valuation target",
    "five of the three",
    "between $2bn and $1bn",
    "$1bn to €2bn",
    "about a few",
    "about $1-2 billion",
    "$8 m",
    "2 percentage points",
    "three founders and two engineers",
    "1,2 million",
    "1.2.3",
    "2024-13-01",
    "30 February 2024",
    "early Q1 2024",  # a third of a quarter is not a convention
    "Q5 2024",
    "40% of $10m",
    "$40%",
    "more than",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_parse_leaves_other_text_alone(text):
    assert parse(text) is None


RELATED = [
    ("$8 million", "millions of dollars", "inside"),
    ("millions of dollars", "$8 million", "contains"),
    ("$4 billion", "$5 billion", "apart"),
    ("$8M", "8 million dollars", "same"),
    ("US$8m", "USD 8 million", "same"),
    ("€1.2bn", "1,200 million euros", "same"),
    ("$8 million a month", "$8 million", "same"),
    ("$4 billion", "€4 billion", None),
    ("three of the five", "a handful", "inside"),
    ("March 2024", "22 March 2024", "contains"),
    ("2020-2024", "Q1 2024", "contains"),
    ("40%", "$40", None),
    ("40%", "40", None),
    ("hundreds of millions", "$400 million", None),
    ("between $1bn and $2bn", "$1.5-3 billion", "overlap"),
    ("a few", "several", "overlap"),
    ("more than $100 million", "$150 million", "contains"),
    ("$100 million", "more than $100 million", "overlap"),  # $100.3 million is both
    ("nearly $1 billion", "$1 billion", "inside"),  # "$1 billion" covers $0.5-1.5 billion
    ("$16.3 million", "$16 million", "inside"),  # Reuters and CNBC on Microsoft's stake in Mistral
    ("$4 billion", "$4.5 billion", "overlap"),  # $4.47 billion is both, rounded
    ("$8M", "$8,000,000", "same"),  # the same figure written twice
    ("40%", "40.4%", "contains"),
    ("$125,000", "up to $130,000", "inside"),  # to the thousand
    ("$100,000", "up to $100,000", "overlap"),  # trailing zeros are rounding: $100,000 covers $50,000-149,999
    ("$653 million", "$650 million", "inside"),  # Fast Company against the round figure of eight outlets
    ("70 employees", "72 employees", "contains"),
    ("less than $10 million", "up to $10 million", "inside"),
    ("about $8 million", "$8.5 million", "contains"),
    ("millions of dollars", "$1 billion", "overlap"),
    ("millions of dollars", "$2 billion", "apart"),
]


@pytest.mark.parametrize("a, b, relation", RELATED)
def test_relate(a, b, relation):
    assert relate(parse(a), parse(b)) == relation


MIRROR = {"same": "same", "inside": "contains", "contains": "inside", "overlap": "overlap",
          "apart": "apart", None: None}


@pytest.mark.parametrize("a, b, relation", RELATED)
def test_relate_reads_the_same_both_ways(a, b, relation):
    assert relate(parse(b), parse(a)) == MIRROR[relation]


@pytest.mark.parametrize("text, reading", [
    ("$8 million", "USD 8,000,000"),
    ("millions of dollars", "USD 2,000,000 to 999,999,999"),
    ("more than $100 million", "more than USD 100,000,000"),
    ("at least $50 million", "at least USD 50,000,000"),
    ("up to $10 million", "up to USD 10,000,000"),
    ("nearly $1 billion", "USD 900,000,000 to under 1,000,000,000"),
    ("three of the five", "3"),
    ("roughly 40%", "35% to 45%"),
    ("less than 5%", "less than 5%"),
    ("12.5 percent", "12.5%"),
    ("March 2024", "March 2024"),
    ("March 22, 2024", "22 March 2024"),
    ("Q1 2024", "Q1 2024"),
    ("2024", "2024"),
])
def test_describe(text, reading):
    assert describe(parse(text)) == reading


@pytest.mark.parametrize("text", [
    "1" * 10_000,
    "$" + "9" * 5_000,
    "between " * 2_000,
    "a" * 10_000,
    "9," * 5_000,
    "1." * 5_000,
    "$8 million " * 1_000,
    "1," * 99,
    "between " * 24,
    "of the " * 28,
    "- " * 99,
])
def test_hostile_text_is_not_a_quantity(text):
    assert parse(text) is None


def test_values_longer_than_200_characters_are_never_quantities():
    assert parse("$8 million".ljust(200)) == parse("$8 million")
    assert parse("$8 million".ljust(201)) is None


def test_float_rounding_is_equality_but_a_whole_unit_is_not():
    assert relate(Quantity("percent", "", 0.1 + 0.2, 0.1 + 0.2), parse("0.3%")) == "same"
    assert relate(parse("trillions of dollars"), parse("$1,000,000,000,000,000.00")) == "apart"
    assert relate(parse("trillions of dollars"), parse("$1,000 trillion")) == "overlap"  # to the trillion
    assert relate(parse("$999,999,999"), parse("millions of dollars")) == "inside"


def test_quantities_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse("$8 million").low = 0
    assert Quantity("count", "", 3, 3, step=1) == parse("three people")


REAL = yaml.safe_load((Path(__file__).parent / "quantities_real.yml").read_text(encoding="utf-8"))


def _reading(q):
    if q is None:
        return None
    return describe(q) + (f" (also {describe(q.also[0])})" if q.also else "")


@pytest.mark.parametrize("row", REAL, ids=lambda row: f"{row['outlet'][:30]}: {row['phrase'][:50]}")
def test_real_phrasings(row):
    """Every phrasing as real reporting wrote it reads as the table says (tests/quantities_real.yml)."""
    assert _reading(parse(row["phrase"])) == row["reading"]


def test_the_real_phrase_table_is_wide():
    read = [row for row in REAL if row["reading"]]
    assert len(read) >= 150 and len({row["outlet"] for row in read}) >= 50
    readings = " ".join(row["reading"] for row in read)
    for form in ("USD", "EUR", "GBP", "SGD", "INR", "JPY", "KRW", "CNY", "%", "Q1", "H1", "up to", "more than",
                 "at least", "also", "to under", "September"):
        assert form in readings, form
