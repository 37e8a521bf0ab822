"""How a story's sources relate, topic by topic: compatible figures are not a disagreement."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.pages import compare
from generator.content.model import Annotation, Article, Claim, Relation


def source(aid, day, *claims):
    ann = Annotation(title=aid, summary="s", tags=("t",), story="s", claims=claims)
    return Article(id=aid, path=f"{aid}.txt", file=f"briefings/articles/{aid}.txt",
                   date=dt.date(2024, 3, day), body=(), annotation=ann)


def row(*values):
    """The row of one topic whose sources give these values, one source each."""
    articles = [source(f"a{i}", 20 + i, Claim("topic", v)) for i, v in enumerate(values)]
    (only,) = compare.rows(articles)
    return only, articles


@pytest.mark.parametrize("values, relation, precise", [
    (("$8 million", "millions of dollars"), "compatible", 0),   # the sample's monthly burn
    (("millions of dollars", "$8 million"), "compatible", 1),
    (("$4 billion", "$5 billion"), "conflict", None),
    (("$4 billion", "$4bn", "4 billion dollars"), "agree", None),
    (("$4 billion", "$5 billion", "billions of dollars"), "conflict", None),  # one disjoint pair is enough
    (("more than $100 million", "between $50 million and $150 million"), "compatible", None),  # overlap only
    (("three of the five", "a handful"), "compatible", 0),
    (("March 2024", "22 March 2024"), "compatible", 1),
    (("high turnover of key personnel", "three of the five main Stable Diffusion authors"), "differ", None),
    (("$4 billion", "€4 billion"), "uncompared", None),  # other currencies: not compared, never "worded differently"
    (("Failed to raise.", " failed  to raise "), "agree", None),  # case, spacing and a full stop do not count
    (("$8 million",), "single", None),
])
def test_values_are_compared_as_ranges_when_they_are_quantities(values, relation, precise):
    found, articles = row(*values)
    assert found.relation == relation
    assert found.precise is (articles[precise] if precise is not None else None)
    assert found.disagree is (relation == "conflict")


def test_the_curators_relation_wins_and_brings_its_reason():
    judged = Claim("topic", "three of the five", relation=Relation("compatible", "Three leaving is high turnover."))
    articles = [source("a", 24, Claim("topic", "high turnover")), source("b", 25, judged)]
    (found,) = compare.rows(articles)
    assert (found.relation, found.reason, found.precise) == ("compatible", "Three leaving is high turnover.", None)
    conflicting = [source("a", 24, Claim("topic", "$4 billion", relation=Relation("agree", "Rounded."))),
                   source("b", 25, Claim("topic", "$5 billion"))]
    assert compare.rows(conflicting)[0].relation == "agree"
    both = [source("a", 24, Claim("topic", "x", relation=Relation("agree", "From A."))),
            source("b", 25, Claim("topic", "y", relation=Relation("conflict", "From B.")))]
    (found,) = compare.rows(both)
    assert (found.relation, found.reason) == ("conflict", "From B.")  # the latest decides
    assert [(a.id, r.reason) for a, r in found.judgements] == [("a", "From A."), ("b", "From B.")]  # none is lost


def test_two_claims_of_one_source_are_still_one_source():
    (found,) = compare.rows([source("a", 24, Claim("topic", "$4 billion"), Claim("topic", "$5 billion"))])
    assert found.relation == "single"


def test_rows_put_what_a_reader_must_check_first():
    one = source("one", 24, Claim("e-agree", "x"), Claim("d-single", "only here"), Claim("c-compat", "$8M"),
                 Claim("b-differ", "many"), Claim("a-conflict", "$4bn"))
    two = source("two", 25, Claim("e-agree", "X"), Claim("c-compat", "millions of dollars"),
                 Claim("b-differ", "some"), Claim("a-conflict", "$5bn"))
    assert [(r.topic, r.relation) for r in compare.rows([one, two])] == [
        ("a-conflict", "conflict"), ("b-differ", "differ"), ("c-compat", "compatible"), ("e-agree", "agree"),
        ("d-single", "single")]
    assert [(a.id, c.value) for a, c in compare.rows([one, two])[2].claims] == [
        ("one", "$8M"), ("two", "millions of dollars")]


def test_a_story_of_many_sources_shows_those_covering_most_topics_in_publication_order():
    many = [source(f"s{day}", day, *(Claim(f"t{k}", "x") for k in range(day % 4))) for day in range(1, 13)]
    shown = compare.columns(many, 4)
    # three topics each (s3, s7, s11), then the latest of those with two (s10), in publication order
    assert [a.id for a in shown] == ["s3", "s7", "s10", "s11"]
    assert compare.columns(many[:3], 4) == tuple(a for a in many[:3] if a.annotation.claims)
    (row,) = [r for r in compare.rows(many) if r.topic == "t2"]
    assert row.sources == 3


def test_a_rounded_figure_is_compatible_with_a_more_precise_one():
    """Microsoft's investment in Mistral: "$16.3 million" and "$16 million" are one figure, rounded."""
    found, articles = row("$16.3 million", "$16 million")
    assert (found.relation, found.precise) == ("compatible", articles[0])
    assert row("$16 million", "$17 million")[0].relation == "conflict"


def test_one_value_in_another_currency_does_not_sink_the_topic():
    """Mistral's December round: two dollar figures agree; the euro figure is set aside, and why."""
    found, articles = row("$415 million", "$415 million", "about €400mn")
    assert found.relation == "agree"
    assert [(a.id, c.value, why) for a, c, why in found.aside] == [("a2", "about €400mn", "in euros")]


def test_an_unreadable_or_other_kind_of_value_is_set_aside_with_its_reason():
    found, _ = row("$2 billion", "a large sum", "$2bn", "2,000 staff")
    assert found.relation == "agree"
    assert [(c.value, why) for _, c, why in found.aside] == [
        ("a large sum", "not read as a figure"), ("2,000 staff", "a count, not an amount of money")]
    found, _ = row("$2 billion", "$3 billion", "€2bn", "€2bn", "€2bn")  # the group with most sources decides
    assert found.relation == "agree" and [c.value for _, c, _ in found.aside] == ["$2 billion", "$3 billion"]


@pytest.mark.parametrize("a, b", [
    ("most of the startup's 70 employees", "most of the start-up\u2019s 70 employees"),
    ("Sam Altman", "sam altman."),
    ("\u201cnot consistently candid\u201d", '"not consistently candid"'),
    ("chief executive \u2013 interim", "chief executive - interim"),
])
def test_house_style_is_no_difference(a, b):
    assert row(a, b)[0].relation == "agree"


def test_values_dated_by_as_of_changed_over_time_in_date_order():
    """OpenAI's interim CEO: Mira Murati as of 17 November 2023, then Emmett Shear as of 20 November."""
    from generator.content.model import FuzzyDate

    shear = source("b", 22, Claim("interim-ceo", "Emmett Shear", as_of=FuzzyDate(2023, 11, 20)))
    murati = source("c", 23, Claim("interim-ceo", "Mira Murati", as_of=FuzzyDate(2023, 11, 17)))
    (found,) = compare.rows([shear, murati])
    assert found.relation == "changed" and not found.disagree
    assert [c.value for _, c in found.claims] == ["Mira Murati", "Emmett Shear"]
    same_day = [source("b", 22, Claim("t", "x", as_of=FuzzyDate(2023, 11))), source("c", 23, Claim("t", "y"))]
    assert compare.rows(same_day)[0].relation == "differ"  # one date only: not a change


def test_an_amount_the_article_converts_compares_in_either_currency():
    """AFP gave "385 million euros ($414 million)": it sits with the dollar figures of other outlets."""
    found, articles = row("$415 million", "385 million euros ($414 million)", "$415 million")
    assert found.relation == "compatible"  # a conversion at the day's rate is "about" $414 million
    found, articles = row("$415 million", "385 million euros (about $414 million)", "about €400mn")
    assert found.relation == "compatible" and found.precise is articles[0]
    assert [(c.value, why) for _, c, why in found.aside] == [("about €400mn", "in euros")]


REAL = yaml.safe_load((Path(__file__).parent / "real_claims.yml").read_text(encoding="utf-8"))


def real_rows():
    """The topics of tests/real_claims.yml, each article a source of its event's story."""
    from generator.content.model import FuzzyDate

    articles = {}
    for claim in REAL:
        url = claim["url"]
        as_of = FuzzyDate(*map(int, claim["as_of"].split("-"))) if claim.get("as_of") else None
        found = articles.setdefault(url, (claim, []))
        found[1].append(Claim(claim["topic"], claim["value"], as_of=as_of))
    sources = [Article(id=f"s{i}", path="", file="", date=dt.date.fromisoformat(first["date"] or "2100-01-01"), body=(),
                       annotation=Annotation(title=first["outlet"], summary="s", tags=("t",), story=first["event"],
                                             claims=tuple(claims)))
               for i, (first, claims) in enumerate(articles.values())]
    outlets = {a.id: a.annotation.title for a in sources}
    return {row.topic: (row, outlets) for row in compare.rows(sorted(sources, key=lambda a: a.date))}


@pytest.mark.parametrize("topic, relation, precise, aside", [
    # Fast Company's $653 million lies inside the $650 million of eight outlets, a round figure
    ("inflection-total-payment", "compatible", "Fast Company", []),
    ("inflection-legal-waiver-fee", "compatible", None, []),  # $33 million against "$30 million", "around $30 million"
    ("inflection-licensing-fee", "agree", None, []),  # $620 million, $620m, US$620 million
    # three outlets in euros agree; Bloomberg's and Verdict's dollar figure is another currency
    ("mistral-seed-round", "agree", None, ["in dollars", "in dollars"]),
    # CNBC's and DCD's own conversions ($2.1 billion) beside S&P's $2 billion
    ("mistral-valuation-at-microsoft-deal", "compatible", None, []),
    # The Register's "$15 million stake" cannot be the "$16 million" of four outlets (nor S&P's $16.2 million): it
    # is Reuters' "15 million euro investment" written in dollars, which a careful reader flags
    ("microsoft-investment-in-mistral", "conflict", None, ["in euros", "in euros"]),  # Reuters', Boursorama's
    ("openai-interim-ceo", "changed", None, []),  # Mira Murati, then Emmett Shear
    ("openai-share-sale-valuation", "compatible", None, []),  # $86 billion, about $86 billion
])
def test_real_reporting_compares_as_a_careful_reader_would(topic, relation, precise, aside):
    row, outlets = real_rows()[topic]
    assert row.relation == relation, [c.value for _, c in row.claims]
    if precise:
        assert outlets[row.precise.id].startswith(precise)
    assert sorted(why for _, _, why in row.aside if why != "not read as a figure") == aside


def test_real_interim_ceos_are_listed_in_date_order():
    row, _ = real_rows()["openai-interim-ceo"]
    names = [c.value for _, c in row.claims if c.as_of]
    assert names[0] == "Mira Murati" and names[-1] == "Emmett Shear"
    assert names.index("Emmett Shear") > max(i for i, n in enumerate(names) if n == "Mira Murati")


# --- exchange rates the curator gives ------------------------------------------------------

from generator.content.model import FuzzyDate, Rate, Source  # noqa: E402

ECB = Source("European Central Bank")


def test_a_curators_exchange_rate_brings_another_currency_into_the_comparison_and_is_named():
    articles = [source("a0", 20, Claim("t", "$415 million")), source("a1", 21, Claim("t", "about €400mn"))]
    rates = (Rate(FuzzyDate(2024, 3, 20), "EUR", "USD", 1.0765, ECB),)
    (found,) = compare.rows(articles, rates)
    assert found.relation == "compatible" and found.aside == ()  # €400mn ≈ $430.6mn, give or take 10%
    assert [(a.id, c.value, r) for a, c, r in found.converted] == [("a1", "about €400mn", rates[0])]
    (without,) = compare.rows(articles)
    assert without.relation == "uncompared" and without.converted == ()


def test_a_rate_converts_either_way_and_the_nearest_in_date_is_used():
    articles = [source("a0", 20, Claim("t", "€500 million")), source("a1", 21, Claim("t", "$600 million"))]
    far = Rate(FuzzyDate(2023, 1, 2), "EUR", "USD", 1.2)  # €500m = $600m: they would agree
    near = Rate(FuzzyDate(2024, 3, 19), "USD", "EUR", 0.5)  # $600m = €300m: a conflict
    (found,) = compare.rows(articles, (far, near))
    assert found.relation == "conflict" and [r for _, _, r in found.converted] == [near]
    (found,) = compare.rows(articles, (far,))
    assert found.relation == "agree" and [a.id for a, _, _ in found.converted] == ["a1"]  # in the first's currency


def test_a_claims_as_of_date_picks_its_rate():
    articles = [source("a0", 20, Claim("t", "€500 million", as_of=FuzzyDate(2023, 1, 3))),
                source("a1", 21, Claim("t", "$600 million")), source("a2", 22, Claim("t", "$600 million"))]
    rates = (Rate(FuzzyDate(2023, 1, 2), "EUR", "USD", 1.2), Rate(FuzzyDate(2024, 3, 19), "EUR", "USD", 2.0))
    (found,) = compare.rows(articles, rates)
    # in dollars, the currency most sources wrote: €500m at January 2023's rate, not March 2024's
    assert found.relation == "agree" and [(a.id, r) for a, _, r in found.converted] == [("a0", rates[0])]


def test_the_page_says_which_rate_it_used():
    from generator.pages import labels

    articles = [source("a0", 20, Claim("t", "$415 million")), source("a1", 21, Claim("t", "about €400mn"))]
    (found,) = compare.rows(articles, (Rate(FuzzyDate(2024, 3, 20), "EUR", "USD", 1.0765, ECB),))
    assert labels.relation(found) == (
        "<strong>Compatible</strong>: the 20 March 2024 article is more precise. Compared at the curator's exchange rate: "
        "the 21 March 2024 article's about €400mn at 1 EUR = 1.0765 USD on 20 March 2024 (European Central Bank)")


def test_real_reporting_with_a_rate_compares_mistrals_seed_round_across_currencies():
    """With the euro's dollar rate of mid-June 2023 (about 1.078, as a curator would take it from the ECB),
    Bloomberg's and Verdict's $113 million join the three outlets' €105 million: they overlap, not "in dollars"."""
    from generator.content.model import Article as A, Annotation as N

    rate = Rate(FuzzyDate(2023, 6, 13), "EUR", "USD", 1.0784, ECB)
    claims = [c for c in REAL if c["topic"] == "mistral-seed-round"]
    sources = [A(id=f"s{i}", path="", file="", date=dt.date.fromisoformat(c["date"] or "2100-01-01"), body=(),
                 annotation=N(title=c["outlet"], summary="s", tags=("t",), story="s",
                              claims=(Claim(c["topic"], c["value"]),)))
               for i, c in enumerate(claims)]
    (found,) = compare.rows(sorted(sources, key=lambda a: a.date), (rate,))
    assert found.relation == "compatible"
    assert sorted(c.value for _, c, _ in found.converted) == ["$113 million", "$113m"]
    assert [(c.value, why) for _, c, why in found.aside] == [("105 millions", "not read as a figure")]


def test_on_its_own_page_a_briefing_set_aside_or_converted_is_this_article():
    from generator.pages import labels

    found, articles = row("$415 million", "$415 million", "about €400mn")
    assert labels.relation(found, articles[2]).endswith("Not compared: this article's about €400mn (in euros)")
    assert labels.relation(found, articles[0]).endswith("Not compared: the 22 March 2024 article's about €400mn "
                                                        "(in euros)")
    (converted,) = compare.rows(articles[1:], (Rate(FuzzyDate(2024, 3, 20), "EUR", "USD", 1.0765),))
    assert "rate: this article's about €400mn at 1 EUR" in labels.relation(converted, articles[2])
