"""How a story's sources relate, topic by topic: compatible figures are not a disagreement."""

import datetime as dt

import pytest

from generator import compare
from generator.model import Annotation, Article, Claim, Relation


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
    (("$4 billion", "€4 billion"), "differ", None),  # not comparable: worded differently, never a conflict
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
