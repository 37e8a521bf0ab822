"""Stage 2, validation: every problem located, explained, and reported in one run; and the check CLI."""

import os
import time
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.content.schema import FIELD_HINT

from conftest import MINIMAL_CONTENT
from generator.build import check
from generator.cli.main import main
from generator.content.errors import ContentError
from generator.content.model import FuzzyDate, Quote, Source

REPO = Path(__file__).resolve().parent.parent

A_YML = "briefings/articles/a.yml"
FIELD = "\n  hint: " + FIELD_HINT  # a value of the wrong type: the hint that points to the reference

# The minimal content's a.yml, four lines long; tests append keys from line 5 on.
ANNOTATION = """\
title: Mostaque steps down
summary: Emad Mostaque left *Stability AI*.
tags:
  - leadership
"""

SUMMARY_HTML_HINT = ("write plain text or Markdown (*emphasis*, [text](https://...)); "
                     "HTML is never rendered")
LINK_HINT = "links must be absolute http(s):// or mailto: addresses"
KINDS = "(kind: person, company, organization, product or publication)"


def annotation(extra=""):
    return ANNOTATION + textwrap.dedent(extra)


# --- clean content -------------------------------------------------------------------------

def test_validate_clean_content_returns_content(make_content):
    content = check(make_content())
    assert [a.id for a in content.articles] == ["a", "b"]
    assert [a.path for a in content.articles] == ["briefings/articles/a.txt", "briefings/articles/b.md"]
    assert list(content.tags) == ["funding", "leadership"]
    assert list(content.entities) == ["emad-mostaque", "stability-ai"]
    assert list(content.stories) == ["mostaque-leaves"]
    assert [e.id for e in content.events] == ["2023-07-mostaque-calls-generative-ai-a-bubble"]
    assert content.events[0].date == FuzzyDate(2023, 7)
    b = content.articles[1].annotation
    assert b.tags == ("leadership", "funding")
    assert b.entities == ("emad-mostaque",)
    assert b.story == "mostaque-leaves"
    assert b.related == ("a",)
    assert content.articles[0].annotation.importance == 3
    assert content.entities["stability-ai"].url == "https://stability.ai"


def test_validate_every_optional_key_is_converted(make_content):
    root = make_content({A_YML: annotation("""\
        entities: [emad-mostaque, stability-ai]
        story: mostaque-leaves
        event_date: 2024-03-22
        source:
          name: TechRadar
          url: https://www.techradar.com/news/x
          author: Jane Doe
        key_points:
          - He stepped down.
        quotes:
          - text: All in on decentralized AI
            speaker: emad-mostaque
            context: On X.
        claims:
          - topic: monthly-burn
            value: $8 million
        importance: 5
        related: [b]
        note: It matters.
        """)})
    a = check(root).articles[0].annotation
    assert a.entities == ("emad-mostaque", "stability-ai")
    assert a.event_date == FuzzyDate(2024, 3, 22)
    assert a.source == Source("TechRadar", "https://www.techradar.com/news/x", "Jane Doe")
    assert a.key_points == ("He stepped down.",)
    assert a.quotes == (Quote("All in on decentralized AI", "emad-mostaque", "On X."),)
    assert a.claims[0].topic == "monthly-burn" and a.claims[0].value == "$8 million"
    assert (a.importance, a.related, a.note) == (5, ("b",), "It matters.")


@pytest.mark.parametrize("raw, expected", [
    ('"2024"', FuzzyDate(2024)),
    ('"2024-03"', FuzzyDate(2024, 3)),
    ('"2024-02-29"', FuzzyDate(2024, 2, 29)),
    ("2024", FuzzyDate(2024)),
])
def test_validate_event_date_precisions(make_content, raw, expected):
    content = check(make_content({A_YML: annotation(f"event_date: {raw}\n")}))
    assert content.articles[0].annotation.event_date == expected
    assert content.articles[0].annotation.event_date.precision == expected.precision


def test_validate_real_content_is_clean(monkeypatch):
    monkeypatch.chdir(REPO)
    content = check(Path("briefings"))
    ids = [a.id for a in content.articles]
    assert "2024-03-24-mostaque-steps-down-decentralized-ai" in ids
    assert "2024-03-25-stability-ai-ceo-mostaque-quits" in ids
    assert content.tags and content.entities and content.stories and content.events


# --- annotation keys and types -------------------------------------------------------------

def test_validate_unknown_key_suggests_the_closest(content_problems):
    assert content_problems({A_YML: annotation("importnce: 3\n")}) == [
        "briefings/articles/a.yml:5:1: error: unknown key 'importnce' in annotation\n"
        "  hint: did you mean 'importance'?"
    ]


def test_validate_unknown_key_without_a_close_match_lists_keys(content_problems):
    assert content_problems({A_YML: annotation("colour: red\n")}) == [
        "briefings/articles/a.yml:5:1: error: unknown key 'colour' in annotation\n"
        "  hint: expected one of 15 ids, e.g. claims, draft, entities, event_date, importance"
    ]


def test_validate_misspelled_required_key_is_unknown_and_missing(content_problems):
    text = ANNOTATION.replace("title:", "titel:")
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:1:1: error: missing required key 'title' in annotation\n"
        "  hint: add 'title:' (plain text)",
        "briefings/articles/a.yml:1:1: error: unknown key 'titel' in annotation\n"
        "  hint: did you mean 'title'?",
    ]


def test_validate_missing_required_key(content_problems):
    assert content_problems({A_YML: "title: Mostaque steps down\nsummary: He left.\n"}) == [
        "briefings/articles/a.yml:1:1: error: missing required key 'tags' in annotation\n"
        "  hint: add 'tags:' (a list of the id of a tag)"
    ]


def test_validate_missing_required_key_in_a_nested_mapping(content_problems):
    assert content_problems({A_YML: annotation("source:\n  url: https://example.com\n")}) == [
        "briefings/articles/a.yml:6:3: error: missing required key 'name' in source\n"
        "  hint: add 'name:' (plain text)"
    ]


def test_validate_unknown_key_in_a_quote(content_problems):
    assert content_problems({A_YML: annotation("""\
        quotes:
          - text: Hi
            speakr: emad-mostaque
        """)}) == [
        "briefings/articles/a.yml:6:5: error: missing required key 'speaker' in quote\n"
        "  hint: add 'speaker:' (the id of an entity)",
        "briefings/articles/a.yml:7:5: error: unknown key 'speakr' in quote\n"
        "  hint: did you mean 'speaker'?",
    ]


def test_validate_list_where_text_is_expected(content_problems):
    text = ANNOTATION.replace("title: Mostaque steps down", "title: [Mostaque, steps down]")
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:1:8: error: 'title' must be text, got a list" + FIELD
    ]


def test_validate_required_key_left_empty(content_problems):
    text = ANNOTATION.replace("title: Mostaque steps down", "title:")
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:1:7: error: 'title' must be text, got nothing" + FIELD
    ]


def test_validate_text_where_a_list_is_expected(content_problems):
    text = "title: Mostaque steps down\nsummary: He left.\ntags: leadership\n"
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:3:7: error: 'tags' must be a list, got 'leadership'\n"
        "  hint: write one item per line, each starting with '- '"
    ]


def test_validate_mapping_where_a_list_is_expected(content_problems):
    assert content_problems({A_YML: annotation("entities:\n  emad-mostaque: yes\n")}) == [
        "briefings/articles/a.yml:6:3: error: 'entities' must be a list, got a mapping\n"
        "  hint: write one item per line, each starting with '- '"
    ]


NEW_TAG = "For a new tag, add 'new-id:' to briefings/tags.yml with 'title: \"...\"' indented below it"


def test_validate_tags_need_at_least_one_and_the_hint_lists_the_tags(content_problems):
    text = "title: Mostaque steps down\nsummary: He left.\ntags: []\n"
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:3:7: error: 'tags' needs at least one tag id\n"
        f"  hint: choose from briefings/tags.yml: funding, leadership; e.g. 'tags: [funding]'. {NEW_TAG}"
    ]


def test_validate_tags_left_empty_names_the_tags_the_article_mentions_first(content_problems):
    tags = "".join(f"{name}:\n  title: {name.title()}\n" for name in
                   ("chips", "robotics", "safety", "policy", "open-source", "agents", "health", "funding"))
    tags += "leadership:\n  title: Leadership\n  aliases: [stepped down]\n"
    article = "date 2024-03-24 Emad Mostaque has stepped down; investors worried about funding.\n"
    text = "title: Mostaque steps down\nsummary: He left.\ntags:\n"
    assert content_problems({"briefings/tags.yml": tags, "briefings/articles/a.txt": article, A_YML: text,
                             "briefings/events.yml": None, "briefings/articles/b.yml": None,
                             "briefings/articles/b.md": None}) == [
        "briefings/articles/a.yml:3:6: error: 'tags' needs at least one tag id\n"
        "  hint: choose from briefings/tags.yml: leadership (the article says 'stepped down'), funding (the article "
        "says 'funding'), agents, chips, health, open-source, policy, robotics, … (9 in all); "
        f"e.g. 'tags: [leadership]'. {NEW_TAG}"
    ]


def test_validate_tags_left_empty_with_no_tags_defined(content_problems):
    text = "title: Mostaque steps down\nsummary: He left.\ntags: []\n"
    assert content_problems({"briefings/tags.yml": "{}\n", A_YML: text, "briefings/events.yml": None,
                             "briefings/articles/b.yml": None, "briefings/articles/b.md": None}) == [
        "briefings/articles/a.yml:3:7: error: 'tags' needs at least one tag id\n"
        "  hint: no tags are defined yet: add 'new-id:' to briefings/tags.yml with 'title: \"...\"' indented below "
        "it, then list its id here"
    ]


@pytest.mark.parametrize("raw, shown", [
    ("0", "0"), ("6", "6"), ("-1", "-1"),
    ("high", "'high'"), ('"3"', "'3'"), ("2.5", "'2.5'"), ("true", "'true'"), ("[3]", "a list"),
])
def test_validate_importance_must_be_a_whole_number_from_1_to_5(content_problems, raw, shown):
    assert content_problems({A_YML: annotation(f"importance: {raw}\n")}) == [
        f"briefings/articles/a.yml:5:13: error: 'importance' must be a whole number from 1 to 5, got {shown}" + FIELD
    ]


@pytest.mark.parametrize("raw", ["0x5", "0b101"])
def test_validate_importance_in_another_int_notation_does_not_crash(make_content, raw):
    root = make_content({A_YML: annotation(f"importance: {raw}\n")})
    try:
        content = check(root)
    except ContentError as exc:
        assert [(p.path, p.line, p.col) for p in exc.problems] == [(A_YML, 5, 13)]
    else:
        assert content.articles[0].annotation.importance == 5


def test_validate_empty_string(content_problems):
    text = ANNOTATION.replace("summary: Emad Mostaque left *Stability AI*.", "summary: ''")
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:2:10: error: 'summary' is empty\n  hint: write some text: this key is required"
    ]


def test_validate_blank_string_is_empty(content_problems):
    assert content_problems({A_YML: annotation('note: "   "\n')}) == [
        "briefings/articles/a.yml:5:7: error: 'note' is empty\n  hint: write some text or remove the key"
    ]


def test_validate_optional_key_left_empty_means_not_given(make_content):
    content = check(make_content({A_YML: annotation("story:\nimportance:\n")}))
    assert content.articles[0].annotation.story == ""
    assert content.articles[0].annotation.importance == 3


# --- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["2024-02-30", "2023-02-29", "2024-13", "2024-04-31", "0000"])
def test_validate_impossible_event_date(content_problems, raw):
    assert content_problems({A_YML: annotation(f'event_date: "{raw}"\n')}) == [
        f"briefings/articles/a.yml:5:13: error: 'event_date' is not a real date: '{raw}'\n"
        "  hint: write YYYY, YYYY-MM or YYYY-MM-DD"
    ]


@pytest.mark.parametrize("raw", ["22-03-2024", "2024-3-22", "March 2024", "2024/03/22", "24"])
def test_validate_event_date_in_the_wrong_format(content_problems, raw):
    assert content_problems({A_YML: annotation(f'event_date: "{raw}"\n')}) == [
        f"briefings/articles/a.yml:5:13: error: 'event_date' must be a date, got '{raw}'\n"
        "  hint: write YYYY, YYYY-MM or YYYY-MM-DD"
    ]


@pytest.mark.parametrize("raw", ["2024-03-00", "2024-00", "2024-00-05"])
def test_validate_event_date_with_a_zero_month_or_day_is_not_real(make_content, raw):
    root = make_content({A_YML: annotation(f'event_date: "{raw}"\n')})
    with pytest.raises(ContentError) as info:
        check(root)
    assert [str(p) for p in info.value.problems] == [
        f"briefings/articles/a.yml:5:13: error: 'event_date' is not a real date: '{raw}'\n"
        "  hint: write YYYY, YYYY-MM or YYYY-MM-DD"
    ]


def test_validate_story_date_is_checked(content_problems):
    stories = 'mostaque-leaves:\n  title: T\n  date: "2024-02-31"\n  summary: S.\n'
    assert content_problems({"briefings/stories.yml": stories}) == [
        "briefings/stories.yml:3:9: error: 'date' is not a real date: '2024-02-31'\n"
        "  hint: write YYYY, YYYY-MM or YYYY-MM-DD"
    ]


# --- references ----------------------------------------------------------------------------

def test_validate_unknown_tag(content_problems):
    text = ANNOTATION.replace("- leadership", "- leadershp")
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:4:5: error: unknown tag 'leadershp' in 'tags'\n"
        "  hint: did you mean 'leadership'? (or define it in briefings/tags.yml)"
    ]


def test_validate_unknown_tag_without_a_close_match_lists_the_tags(content_problems):
    text = ANNOTATION.replace("- leadership", "- robotics")
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:4:5: error: unknown tag 'robotics' in 'tags'\n"
        "  hint: expected one of: funding, leadership (or define it in briefings/tags.yml)"
    ]


TOPICS_YML = """\
valuation:
  title: "Stability AI's valuation"
  description: "The valuation it sought."
monthly-burn:
  title: "Monthly spending"
"""


def test_validate_unknown_topic_once_topics_yml_exists(content_problems):
    files = {A_YML: annotation("claims:\n  - topic: valuaton\n    value: $4 billion\n"),
             "briefings/topics.yml": TOPICS_YML}
    assert content_problems(files) == [
        "briefings/articles/a.yml:6:12: error: unknown topic 'valuaton' in 'claims.topic'\n"
        "  hint: did you mean 'valuation'? (or define it in briefings/topics.yml)"
    ]


def test_validate_any_topic_id_without_topics_yml(make_content):
    content = check(make_content({A_YML: annotation("claims:\n  - topic: valuaton\n    value: $4 billion\n")}))
    assert content.topics == {} and content.articles[0].annotation.claims[0].topic == "valuaton"


def test_validate_topics_yml_entries_are_converted_and_checked(make_content, content_problems):
    content = check(make_content({"briefings/topics.yml": TOPICS_YML}))
    assert content.topics["valuation"].title == "Stability AI's valuation"
    assert content.topics["valuation"].description == "The valuation it sought."
    assert content.topics["monthly-burn"].description == ""
    assert content_problems({"briefings/topics.yml": "Valuation:\n  title: x\nburn:\n  description: x\n"}) == [
        "briefings/topics.yml:1:1: error: 'topic id' must be an id (lowercase letters, digits, hyphens), "
        "got 'Valuation'\n  hint: write 'valuation'",
        "briefings/topics.yml:4:3: error: missing required key 'title' in topic\n  hint: add 'title:' (plain text)",
    ]


def test_validate_unknown_entity(content_problems):
    assert content_problems({A_YML: annotation("entities:\n  - stability-ai\n  - emad-mostaq\n")}) == [
        "briefings/articles/a.yml:7:5: error: unknown entity 'emad-mostaq' in 'entities'\n"
        "  hint: did you mean 'emad-mostaque'? If it is another entity, add 'emad-mostaq:' to briefings/entities.yml "
        f"with 'name: \"...\"' and 'kind: organization' indented below it {KINDS}"
    ]


def test_validate_unknown_entity_with_no_close_id_is_told_how_to_define_it(content_problems):
    entities = "".join(f"{name}:\n  name: {name.title()}\n  kind: company\n" for name in
                       ("anthropic", "google", "meta", "microsoft", "nvidia", "openai", "xai"))
    assert content_problems({"briefings/entities.yml": entities, "briefings/events.yml": None,
                             "briefings/articles/b.yml": None, "briefings/articles/b.md": None,
                             A_YML: annotation("entities: [openai, mistral-ai, open-ai]\n")}) == [
        "briefings/articles/a.yml:5:20: error: unknown entity 'mistral-ai' in 'entities'\n"
        "  hint: no entity id is close to it: to define it, add 'mistral-ai:' to briefings/entities.yml with "
        f"'name: \"...\"' and 'kind: organization' indented below it {KINDS}",
        "briefings/articles/a.yml:5:32: error: unknown entity 'open-ai' in 'entities'\n"
        "  hint: did you mean 'openai'? If it is another entity, add 'open-ai:' to briefings/entities.yml with "
        f"'name: \"...\"' and 'kind: organization' indented below it {KINDS}",
    ]


def test_validate_unknown_story(content_problems):
    assert content_problems({A_YML: annotation("story: mostaque-leave\n")}) == [
        "briefings/articles/a.yml:5:8: error: unknown story 'mostaque-leave' in 'story'\n"
        "  hint: did you mean 'mostaque-leaves'? (or define it in briefings/stories.yml)"
    ]


def test_validate_unknown_speaker(content_problems):
    assert content_problems({A_YML: annotation("""\
        quotes:
          - text: All in on decentralized AI
            speaker: emad-mostaqe
        """)}) == [
        "briefings/articles/a.yml:7:14: error: unknown entity 'emad-mostaqe' in 'quotes.speaker'\n"
        "  hint: did you mean 'emad-mostaque'? If it is another entity, add 'emad-mostaqe:' to briefings/entities.yml "
        f"with 'name: \"...\"' and 'kind: person' indented below it {KINDS}"
    ]


def test_validate_unknown_related_article(content_problems):
    assert content_problems({A_YML: annotation("related:\n  - bb\n")}) == [
        "briefings/articles/a.yml:6:5: error: unknown article 'bb' in 'related'\n"
        "  hint: did you mean 'b'?"
    ]


def test_validate_reference_that_is_not_an_id(content_problems):
    assert content_problems({A_YML: annotation("story: Mostaque Leaves\n")}) == [
        "briefings/articles/a.yml:5:8: error: 'story' must be an id (lowercase letters, digits, hyphens), "
        "got 'Mostaque Leaves'\n  hint: write 'mostaque-leaves'"
    ]


def test_validate_references_in_context_events(content_problems):
    events = """\
        - date: "2023-07"
          title: Bubble
          summary: S.
          entities: [emad]
          tags: [fundng]
          story: mostaque
        """
    assert content_problems({"briefings/events.yml": events}) == [
        "briefings/events.yml:4:14: error: unknown entity 'emad' in 'entities'\n"
        "  hint: did you mean 'emad-mostaque'? If it is another entity, add 'emad:' to briefings/entities.yml "
        f"with 'name: \"...\"' and 'kind: organization' indented below it {KINDS}",
        "briefings/events.yml:5:10: error: unknown tag 'fundng' in 'tags'\n"
        "  hint: did you mean 'funding'? (or define it in briefings/tags.yml)",
        "briefings/events.yml:6:10: error: unknown story 'mostaque' in 'story'\n"
        "  hint: did you mean 'mostaque-leaves'? (or define it in briefings/stories.yml)",
    ]


def test_validate_article_listing_itself_in_related(content_problems):
    problems = content_problems({A_YML: annotation("related:\n  - b\n  - a\n")})
    assert len(problems) == 1
    assert problems[0].startswith("briefings/articles/a.yml:")
    assert problems[0].endswith(": error: article 'a' lists itself in 'related'\n  hint: remove it")


def test_validate_article_listing_itself_in_related_is_located_at_the_item(content_problems):
    assert content_problems({A_YML: annotation("related:\n  - b\n  - a\n")}) == [
        "briefings/articles/a.yml:7:5: error: article 'a' lists itself in 'related'\n  hint: remove it"
    ]


def test_validate_duplicate_tag_in_the_list(content_problems):
    assert content_problems({A_YML: ANNOTATION + "  - funding\n  - leadership\n"}) == [
        "briefings/articles/a.yml:6:5: error: 'leadership' is listed twice in 'tags'\n  hint: remove one"
    ]


def test_validate_related_article_with_a_bad_annotation_is_not_unknown(content_problems):
    # b.yml relates to a; a's own problem must not make 'a' unknown
    assert content_problems({A_YML: annotation("importance: 9\n")}) == [
        "briefings/articles/a.yml:5:13: error: 'importance' must be a whole number from 1 to 5, got 9" + FIELD
    ]


def test_validate_related_article_with_a_bad_date_is_not_unknown(content_problems):
    assert content_problems({"briefings/articles/a.txt": "date 2024-02-30 Text.\n"}) == [
        "briefings/articles/a.txt:1:6: error: article date must be a real date YYYY-MM-DD, got '2024-02-30'\n"
        "  hint: write the publication date as YYYY-MM-DD, e.g. 'date 2024-03-25'"
    ]


def test_validate_reference_to_a_vocabulary_entry_with_a_problem_is_not_unknown(content_problems):
    entities = "emad-mostaque:\n  name: Emad Mostaque\n  kind: persn\nstability-ai:\n  name: S\n  kind: company\n"
    assert content_problems({"briefings/entities.yml": entities}) == [
        "briefings/entities.yml:3:9: error: 'kind' must be one of: person, company, organization, product, "
        "publication; got 'persn'\n  hint: did you mean 'person'?"
    ]


# --- markdown in text fields ---------------------------------------------------------------

def test_validate_raw_html_in_summary(content_problems):
    text = ANNOTATION.replace("*Stability AI*", "<b>Stability AI</b>")
    assert content_problems({A_YML: text}) == [
        f"briefings/articles/a.yml:2:10: error: raw HTML is not allowed in 'summary'\n  hint: {SUMMARY_HTML_HINT}"
    ]


def test_validate_raw_html_in_a_key_point(content_problems):
    assert content_problems({A_YML: annotation("key_points:\n  - fine\n  - 'see <img src=x onerror=alert(1)>'\n")}) == [
        f"briefings/articles/a.yml:7:5: error: raw HTML is not allowed in 'key_points'\n  hint: {SUMMARY_HTML_HINT}"
    ]


def test_validate_html_in_plain_title_is_not_refused(make_content):
    text = ANNOTATION.replace("title: Mostaque steps down", "title: Why <b> tags fail")
    content = check(make_content({A_YML: text}))
    assert content.articles[0].title == "Why <b> tags fail"


def test_validate_javascript_link_in_summary(content_problems):
    text = ANNOTATION.replace("*Stability AI*", "[Stability AI](javascript:alert)")
    assert content_problems({A_YML: text}) == [
        f"briefings/articles/a.yml:2:10: error: link target 'javascript:alert' is not allowed in 'summary'\n"
        f"  hint: {LINK_HINT}"
    ]


def test_validate_relative_link_in_note(content_problems):
    assert content_problems({A_YML: annotation("note: See [the other](/b/).\n")}) == [
        f"briefings/articles/a.yml:5:7: error: link target '/b/' is not allowed in 'note'\n  hint: {LINK_HINT}"
    ]


def test_validate_https_and_mailto_links_allowed(make_content):
    note = "note: See [this](https://example.com/a_(b)) and [mail](mailto:a@b.org).\n"
    check(make_content({A_YML: annotation(note)}))


def test_validate_javascript_link_with_parentheses_is_shown_whole(content_problems):
    text = ANNOTATION.replace("*Stability AI*", "[Stability AI](javascript:alert(1))")
    assert content_problems({A_YML: text}) == [
        f"briefings/articles/a.yml:2:10: error: link target 'javascript:alert(1)' is not allowed in 'summary'\n"
        f"  hint: {LINK_HINT}"
    ]


def test_validate_less_than_sign_in_prose_is_not_html(make_content):
    text = ANNOTATION.replace("*Stability AI*", "Stability AI, where costs < revenue")
    content = check(make_content({A_YML: text}))
    assert content.articles[0].annotation.summary == "Emad Mostaque left Stability AI, where costs < revenue."


# --- source --------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["ftp://example.com/a", "javascript:alert", "www.example.com", "https://",
                                 "https://example.com/a b"])
def test_validate_source_url_must_be_http(content_problems, url):
    assert content_problems({A_YML: annotation(f"source:\n  name: TechRadar\n  url: '{url}'\n")}) == [
        f"briefings/articles/a.yml:7:8: error: 'url' must be an http(s) URL, got '{url}'\n"
        "  hint: write the full address, starting with https://"
    ]


def test_validate_malformed_url_is_a_problem_not_a_crash(content_problems):
    assert content_problems({A_YML: annotation("source:\n  name: TechRadar\n  url: 'http://[::1'\n")}) == [
        "briefings/articles/a.yml:7:8: error: 'url' must be an http(s) URL, got 'http://[::1'\n"
        "  hint: write the full address, starting with https://"
    ]


def test_validate_source_must_be_a_mapping(content_problems):
    assert content_problems({A_YML: annotation("source: TechRadar\n")}) == [
        "briefings/articles/a.yml:5:9: error: 'source' must be a mapping of keys to values, got 'TechRadar'" + FIELD
    ]


# --- articles and annotations pairing ------------------------------------------------------

def test_validate_article_without_annotation(content_problems):
    assert content_problems({"briefings/articles/c.txt": "date 2024-03-26 Text.\n"}) == [
        "briefings/articles/c.txt:1:1: error: article has no annotation\n"
        "  hint: run 'briefing new briefings/articles/c.txt': it writes c.yml next to it, with a title, tags and "
        "entities proposed from the text for you to confirm"
    ]


def test_validate_annotation_without_article(content_problems):
    assert content_problems({"briefings/articles/c.yml": ANNOTATION}) == [
        "briefings/articles/c.yml:1:1: error: annotation has no article\n"
        "  hint: add c.txt or c.md next to it, or rename the annotation to match its article's file name"
    ]


def test_validate_annotation_not_next_to_its_article(content_problems):
    problems = content_problems({A_YML: None, "briefings/articles/2024/a.yml": ANNOTATION})
    assert problems == [
        "briefings/articles/2024/a.yml:1:1: error: annotation is not next to its article\n"
        "  hint: article 'a' is at briefings/articles/a.txt: move this file beside it",
        "briefings/articles/a.txt:1:1: error: article has no annotation\n"
        "  hint: run 'briefing new briefings/articles/a.txt': it writes a.yml next to it, with a title, tags and "
        "entities proposed from the text for you to confirm",
    ]


def test_validate_articles_in_subfolders_pair_with_their_annotations(make_content):
    root = make_content({"briefings/articles/2024/03/c.txt": "date 2024-03-26 Text.\n",
                         "briefings/articles/2024/03/c.yml": ANNOTATION})
    assert [a.id for a in check(root).articles] == ["a", "b", "c"]


DUPLICATE = ("briefings/articles/old/a.md:1:1: error: article id 'a' is already used by briefings/articles/a.txt\n"
             "  hint: article ids are file names and must be unique: rename one")


def test_validate_duplicate_article_id(content_problems):
    problems = content_problems({"briefings/articles/old/a.md": "---\ndate: 2024-03-20\n---\nOld.\n",
                                 "briefings/articles/old/a.yml": ANNOTATION})
    assert DUPLICATE in problems
    assert [p for p in problems if p.startswith("briefings/articles/old/a.md")] == [DUPLICATE]


def test_validate_duplicate_article_id_reported_once(content_problems):
    problems = content_problems({"briefings/articles/old/a.md": "---\ndate: 2024-03-20\n---\nOld.\n",
                                 "briefings/articles/old/a.yml": ANNOTATION})
    assert problems == [DUPLICATE]


NOT_A_SLUG = ("briefings/articles/Mostaque Quits.txt:1:1: error: article id 'Mostaque Quits' is not a valid id\n"
              "  hint: rename the file to 'mostaque-quits.txt': lowercase letters, digits and hyphens "
              "(the name is the permalink)")


def test_validate_article_file_name_that_is_not_a_slug(content_problems):
    problems = content_problems({"briefings/articles/Mostaque Quits.txt": "date 2024-03-26 Text.\n",
                                 "briefings/articles/Mostaque Quits.yml": ANNOTATION})
    assert problems[0] == NOT_A_SLUG


def test_validate_article_file_name_that_is_not_a_slug_reported_once(content_problems):
    problems = content_problems({"briefings/articles/Mostaque Quits.txt": "date 2024-03-26 Text.\n",
                                 "briefings/articles/Mostaque Quits.yml": ANNOTATION})
    assert problems == [NOT_A_SLUG]


@pytest.mark.parametrize("text", ["", "# to do\n"])
def test_validate_empty_annotation_is_reported(make_content, text):
    root = make_content({A_YML: text})
    with pytest.raises(ContentError) as info:
        check(root)
    assert [p.path for p in info.value.problems] == [A_YML]


def test_validate_unexpected_file_type_among_articles(content_problems):
    problems = content_problems({"briefings/articles/c.yaml": ANNOTATION, "briefings/articles/c.txt": None})
    assert problems == [
        "briefings/articles/c.yaml:1:1: error: unexpected file type '.yaml' among articles\n"
        "  hint: rename it to 'c.yml'"
    ]


def test_validate_file_that_is_not_utf8(make_content):
    root = make_content()
    Path("briefings/articles/c.txt").write_bytes(b"date 2024-03-24 caf\xe9\n")
    with pytest.raises(ContentError) as info:
        check(root)
    assert [str(p) for p in info.value.problems] == [
        "briefings/articles/c.txt:1:20: error: file is not UTF-8 (byte 19: 0xe9)\n"
        "  hint: save it as UTF-8 (it may be Latin-1 or Windows-1252)"
    ]


def test_validate_unreadable_article_is_reported_once(make_content):
    root = make_content()
    Path("briefings/articles/a.txt").write_bytes(b"date 2024-03-24\n\ncaf\xe9\n")
    with pytest.raises(ContentError) as info:
        check(root)
    assert [str(p) for p in info.value.problems] == [
        "briefings/articles/a.txt:3:4: error: file is not UTF-8 (byte 20: 0xe9)\n"
        "  hint: save it as UTF-8 (it may be Latin-1 or Windows-1252)"
    ]


# --- YAML itself ---------------------------------------------------------------------------

def test_validate_duplicate_yaml_key(content_problems):
    assert content_problems({A_YML: annotation("title: Another title\n")}) == [
        "briefings/articles/a.yml:5:1: error: duplicate key 'title'\n"
        "  hint: the value at line 1 would be silently replaced; keep one"
    ]


def test_validate_duplicate_id_in_a_vocabulary(content_problems):
    tags = "leadership:\n  title: Leadership\nfunding:\n  title: Funding\nleadership:\n  title: Again\n"
    assert content_problems({"briefings/tags.yml": tags}) == [
        "briefings/tags.yml:5:1: error: duplicate key 'leadership'\n"
        "  hint: the value at line 1 would be silently replaced; keep one"
    ]


def test_validate_yaml_syntax_error_is_located(content_problems):
    text = ANNOTATION.replace("summary: Emad Mostaque left *Stability AI*.", "summary: [Emad Mostaque left")
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:3:5: error: invalid YAML: did not find expected ',' or ']'\n"
        "  hint: check the indentation and quoting on this line"
    ]


TAB_PROBLEM = ("error: a tab character: YAML indents with spaces only\n"
               "  hint: replace the tab with spaces (two per level; most editors can be set to insert spaces for Tab)")


@pytest.mark.parametrize("text, line, col", [
    ("title: T\nsummary: S.\ntags:\n\t- leadership\n", 4, 1),  # PyYAML: "cannot start any token"
    ("title: T\nsummary: S.\ntags:\n  -\tleadership\n", 4, 4),
    ("title: T\n\tsummary: S.\ntags: [leadership]\n", 2, 1),  # "a tab character that violates indentation"
    ("title: T\n  \tsummary: S.\ntags: [leadership]\n", 2, 3),  # "mapping values are not allowed"
])
def test_validate_a_tab_is_called_a_tab_at_its_place(content_problems, text, line, col):
    assert content_problems({A_YML: text}) == [f"briefings/articles/a.yml:{line}:{col}: {TAB_PROBLEM}"]


def test_validate_a_tab_in_a_vocabulary_is_called_a_tab(content_problems):
    tags = "leadership:\n  title: Leadership\nfunding:\n\ttitle: Funding\n"
    assert f"briefings/tags.yml:4:1: {TAB_PROBLEM}" in content_problems({"briefings/tags.yml": tags})


def test_validate_unquoted_text_with_a_colon_is_told_to_quote_it(content_problems):
    text = ANNOTATION.replace("summary: Emad Mostaque left *Stability AI*.",
                              "summary: OpenAI: the board fired Altman  # from the first paragraph")
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:2:16: error: the text of 'summary' contains ': ', which YAML reads as the start "
        "of another key\n"
        '  hint: put the text in double quotes: summary: "OpenAI: the board fired Altman"  # from the first paragraph'
    ]


def test_validate_unquoted_text_with_a_colon_and_quotes_in_a_list_item(content_problems):
    assert content_problems({A_YML: annotation("""\
        quotes:
          - text: He said "no": twice
            speaker: emad-mostaque
        """)}) == [
        "briefings/articles/a.yml:6:23: error: the text of 'text' contains ': ', which YAML reads as the start "
        "of another key\n"
        '  hint: put the text in double quotes: - text: "He said \\"no\\": twice"'
    ]


def test_validate_a_list_item_read_as_a_mapping_is_told_to_quote_it(content_problems):
    assert content_problems({A_YML: annotation("key_points:\n  - Revenue: $2bn in 2023\n")}) == [
        "briefings/articles/a.yml:6:5: error: 'key_points' must be text, got a mapping\n"
        '  hint: put the text in double quotes: "Revenue: $2bn in 2023"'
    ]


def test_validate_a_colon_in_an_indented_continuation_keeps_the_plain_message(content_problems):
    text = ANNOTATION.replace("summary: Emad Mostaque left *Stability AI*.", "summary: He left\n  b: c")
    assert content_problems({A_YML: text}) == [
        "briefings/articles/a.yml:3:4: error: invalid YAML: mapping values are not allowed in this context\n"
        "  hint: check the indentation and quoting on this line"
    ]


def test_validate_yaml_syntax_error_in_a_vocabulary(content_problems):
    problems = content_problems({"briefings/stories.yml": "mostaque-leaves:\n  title: \"T\n"})
    assert [p for p in problems if p.startswith("briefings/stories.yml")] == [
        "briefings/stories.yml:2:10: error: invalid YAML: found unexpected end of stream\n"
        "  hint: check the indentation and quoting on this line"
    ]


def test_validate_unclosed_quote_is_located_at_the_quote(make_content):
    root = make_content({"briefings/stories.yml": "mostaque-leaves:\n  title: \"T\n"})
    with pytest.raises(ContentError) as info:
        check(root)
    assert [(p.path, p.line, p.col) for p in info.value.problems if p.path == "briefings/stories.yml"] == [
        ("briefings/stories.yml", 2, 10)
    ]


def test_validate_yaml_syntax_error_in_a_vocabulary_is_reported_once(content_problems):
    assert content_problems({"briefings/stories.yml": "mostaque-leaves:\n  title: \"T\n"}) == [
        "briefings/stories.yml:2:10: error: invalid YAML: found unexpected end of stream\n"
        "  hint: check the indentation and quoting on this line"
    ]


def test_an_integer_of_thousands_of_digits_is_a_located_error_not_a_traceback(content_problems):
    """Python refuses int() of more than 4,300 digits (ValueError); the schema refuses it first."""
    problems = content_problems({A_YML: annotation("importance: " + "9" * 5000 + "\n")})
    assert len(problems) == 1 and "'importance' must be a whole number from 1 to 5, got a number of 5,000 digits" \
        in problems[0]


def test_validate_recursive_yaml_alias_does_not_hang(make_content):
    make_content({A_YML: annotation("key_points: &a [*a]\n")})
    script = ("from pathlib import Path\n"
              "from generator.build import check\n"
              "from generator.content.errors import ContentError\n"
              "try:\n    check(Path('briefings'))\n"
              "except ContentError as exc:\n    print(sorted({p.path for p in exc.problems}))\n")
    try:
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=5,
                                env={"PYTHONPATH": str(REPO)})
    except subprocess.TimeoutExpired:
        pytest.fail("check() did not finish within 5 s")
    assert result.stdout == "['briefings/articles/a.yml']\n"


# --- vocabularies --------------------------------------------------------------------------

def test_validate_vocabulary_that_is_a_list(content_problems):
    assert content_problems({"briefings/stories.yml": "- mostaque-leaves\n", A_YML: ANNOTATION,
                             "briefings/articles/b.yml": ANNOTATION, "briefings/events.yml": None}) == [
        "briefings/stories.yml:1:1: error: stories.yml must be a mapping of ids to story entries, got a list\n"
        "  hint: write 'some-id:' and the story's keys indented below it"
    ]


def test_validate_tags_file_that_is_a_list(content_problems):
    problems = content_problems({"briefings/tags.yml": "- leadership\n- funding\n"})
    assert problems[-1] == (
        "briefings/tags.yml:1:1: error: tags.yml must be a mapping of ids to tag entries, got a list\n"
        "  hint: write 'some-id:' and the tag's keys indented below it"
    )


def test_validate_events_file_that_is_a_mapping(content_problems):
    events = 'stability:\n  date: "2023-07"\n  title: T\n  summary: S.\n'
    assert content_problems({"briefings/events.yml": events}) == [
        "briefings/events.yml:1:1: error: events.yml must be a list of events, got a mapping\n"
        "  hint: start each event with '- date: ...'"
    ]


def test_validate_entity_kind_not_in_the_allowed_list(content_problems):
    entities = "emad-mostaque:\n  name: Emad Mostaque\n  kind: persn\nstability-ai:\n  name: S\n  kind: startup\n"
    assert content_problems({"briefings/entities.yml": entities}) == [
        "briefings/entities.yml:3:9: error: 'kind' must be one of: person, company, organization, product, "
        "publication; got 'persn'\n  hint: did you mean 'person'?",
        "briefings/entities.yml:6:9: error: 'kind' must be one of: person, company, organization, product, "
        "publication; got 'startup'\n  hint: expected one of: company, organization, person, product, publication",
    ]


def test_validate_vocabulary_id_that_is_not_a_slug(content_problems):
    tags = "leadership:\n  title: Leadership\nfunding:\n  title: Funding\nAI Safety:\n  title: AI safety\n"
    assert content_problems({"briefings/tags.yml": tags}) == [
        "briefings/tags.yml:5:1: error: 'tag id' must be an id (lowercase letters, digits, hyphens), "
        "got 'AI Safety'\n  hint: write 'ai-safety'"
    ]


def test_validate_unknown_key_in_a_vocabulary_entry(content_problems):
    tags = "leadership:\n  title: Leadership\n  alias: [boards]\nfunding:\n  title: Funding\n"
    assert content_problems({"briefings/tags.yml": tags}) == [
        "briefings/tags.yml:3:3: error: unknown key 'alias' in tag\n  hint: did you mean 'aliases'?"
    ]


def test_validate_missing_vocabulary_files_mean_empty_vocabularies(make_content):
    root = make_content({"briefings/events.yml": None, "briefings/articles/b.md": None,
                         "briefings/articles/b.yml": None})
    assert not Path("briefings/events.yml").exists()
    content = check(root)
    assert content.events == ()
    assert [a.id for a in content.articles] == ["a"]


def test_validate_unknown_tag_hint_names_the_vocabulary_file_when_content_is_the_cwd(make_content, monkeypatch):
    make_content({A_YML: ANNOTATION.replace("- leadership", "- leadershp")})
    monkeypatch.chdir("briefings")
    with pytest.raises(ContentError) as info:
        check(Path("."))
    assert [str(p) for p in info.value.problems] == [
        "articles/a.yml:4:5: error: unknown tag 'leadershp' in 'tags'\n"
        "  hint: did you mean 'leadership'? (or define it in tags.yml)"
    ]


# --- every problem in one run --------------------------------------------------------------

BROKEN = {
    A_YML: annotation("importance: 9\n").replace("- leadership", "- leadershp"),
    "briefings/articles/b.md": "---\ndate: 2024-02-30\n---\nText.\n",
    "briefings/entities.yml": "emad-mostaque:\n  name: Emad Mostaque\n  kind: persn\n"
                              "stability-ai:\n  name: Stability AI\n  kind: company\n",
    "briefings/events.yml": '- date: "2023-13"\n  title: Bubble\n  summary: S.\n',
}

BROKEN_PROBLEMS = [
    "briefings/articles/a.yml:4:5: error: unknown tag 'leadershp' in 'tags'\n"
    "  hint: did you mean 'leadership'? (or define it in briefings/tags.yml)",
    "briefings/articles/a.yml:5:13: error: 'importance' must be a whole number from 1 to 5, got 9" + FIELD,
    "briefings/articles/b.md:2:7: error: 'date' is not a real date: '2024-02-30'\n  hint: write YYYY-MM-DD",
    "briefings/entities.yml:3:9: error: 'kind' must be one of: person, company, organization, product, "
    "publication; got 'persn'\n  hint: did you mean 'person'?",
    "briefings/events.yml:1:9: error: 'date' is not a real date: '2023-13'\n"
    "  hint: write YYYY, YYYY-MM or YYYY-MM-DD",
]


def test_validate_reports_every_problem_of_several_files_sorted(content_problems):
    assert content_problems(BROKEN) == BROKEN_PROBLEMS


def test_validate_problems_are_sorted_by_path_line_and_column(make_content):
    with pytest.raises(ContentError) as info:
        check(make_content(BROKEN))
    problems = info.value.problems
    assert isinstance(problems, tuple)
    assert [(p.path, p.line, p.col) for p in problems] == sorted((p.path, p.line, p.col) for p in problems)
    assert str(info.value) == "5 problem(s) in the content"


# --- the check command ---------------------------------------------------------------------

def test_cli_check_clean_content(make_content, capsys):
    make_content()
    assert main(["check", "--content", "briefings"]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 2 articles, 1 context event, 1 story, 2 tags, 2 entities (2 warnings)\n"
    assert [line.split(": warning: ")[1] for line in err.splitlines() if ": warning: " in line] == [
        "the briefing's outlet is not recorded"] * 2


def test_cli_check_bad_content_prints_every_problem(make_content, capsys):
    make_content(BROKEN)
    assert main(["check", "--content", "briefings"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "\n".join(BROKEN_PROBLEMS) + "\n5 problems found.\n"
    assert "Traceback" not in err


def test_cli_check_one_problem_is_counted_in_the_singular(make_content, capsys):
    make_content({"briefings/articles/c.yml": ANNOTATION})
    assert main(["check", "--content", "briefings"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "briefings/articles/c.yml:1:1: error: annotation has no article"
    assert err.endswith("\n1 problem and 2 warnings found.\n")  # the two briefings name no outlet


def test_cli_check_missing_content_directory(make_content, capsys):
    make_content(base=False)
    assert main(["check", "--content", "nowhere"]) == 1
    err = capsys.readouterr().err
    assert err == ("nowhere:1:1: error: content directory not found\n"
                   "  hint: run from the project root or pass --content DIR\n"
                   "1 problem found.\n")


def test_cli_check_real_content(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    assert main(["check", "--content", "briefings"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_yaml_aliases_are_refused_at_the_first_one(content_problems):
    """An alias repeats its anchor's value: a few thousand of them made check run for minutes."""
    bomb = "quotes:\n  - &a {" + ", ".join(f"k{i}: 1" for i in range(300)) + "}\n" + "  - *a\n" * 3000
    started = time.perf_counter()
    problems = content_problems({A_YML: annotation(bomb)})
    assert time.perf_counter() - started < 10
    assert problems == [f"{A_YML}:{annotation().count(chr(10)) + 3}:5: error: YAML aliases ('*name') are not "
                        f"supported\n  hint: write the value out in full (and drop its '&name' anchor)"]


def test_thousands_of_identical_events_are_named_in_linear_time(make_content):
    events = '- date: "2024-03"\n  title: "Same"\n  summary: "S"\n' * 20000
    root = make_content({"briefings/events.yml": events})
    started = time.perf_counter()
    content = check(root)
    assert time.perf_counter() - started < 30
    ids = {e.id for e in content.events}
    assert len(ids) == 20000 and {"2024-03-same", "2024-03-same-2", "2024-03-same-20000"} <= ids


def test_markdown_nested_hundreds_deep_is_a_located_error_not_a_recursion_traceback(content_problems):
    body = "".join("    " * i + "- x\n" for i in range(300))
    problems = content_problems({"briefings/articles/a.txt": None,
                                 "briefings/articles/a.md": "---\ndate: 2024-03-24\n---\n\n" + body})
    assert [p.split("\n")[0] for p in problems] == [
        "briefings/articles/a.md:5:1: error: Markdown nested too deeply to read in an article (lists or quotes "
        "inside each other hundreds of levels down)"]


def test_a_fifo_among_the_content_is_reported_never_read(make_content):
    root = make_content()
    (root / "tags.yml").unlink(missing_ok=True)
    os.mkfifo(root / "tags.yml")
    os.mkfifo(root / "articles" / "z.yml")
    with pytest.raises(ContentError) as info:
        check(root)  # reading either would wait forever
    found = {(p.path, p.message) for p in info.value.problems}
    assert ("briefings/tags.yml", "not a regular file") in found
    assert ("briefings/articles/z.yml", "not a regular file") in found


@pytest.mark.parametrize("reference, shown", [("&#x202e;", "U+202E"), ("&#8238;", "U+202E"), ("&#xfffe;", "U+FFFE"),
                                              ("&#x2066;", "U+2066"), ("&#x1;", "U+0001")])
def test_a_forbidden_character_written_as_a_reference_is_refused_in_markdown(content_problems, reference, shown):
    """Markdown turns &#x202e; into the character itself: the policy checks what it renders."""
    problems = content_problems({A_YML: annotation(f"key_points:\n  - before {reference} after\n")})
    assert len(problems) == 1
    assert f"error: character {shown} is not allowed in 'key_points[1]'" in problems[0] or \
        f"error: character {shown} is not allowed in 'key_points" in problems[0], problems


def test_a_text_field_of_a_megabyte_is_refused_before_markdown_reads_it(content_problems):
    """Python-Markdown is quadratic on runs of emphasis: 960 KB in one key point took minutes."""
    started = time.perf_counter()
    problems = content_problems({A_YML: annotation("key_points:\n  - " + "a _b_ " * 160000 + "\n")})
    assert time.perf_counter() - started < 10
    assert problems == [f"{A_YML}:6:5: error: 'key_points' is 959,999 characters long; a field holds at most "
                        f"10,000\n  hint: shorten it: a summary or a key point is a few sentences"]


def test_thousands_of_link_brackets_in_a_paragraph_are_a_located_error_not_minutes_of_parsing(content_problems):
    body = "A first paragraph with [a link](https://example.com) is fine.\n\n" + "[" * 5000 + "\n"
    started = time.perf_counter()
    problems = content_problems({"briefings/articles/a.txt": None,
                                 "briefings/articles/a.md": "---\ndate: 2024-03-24\n---\n\n" + body})
    assert time.perf_counter() - started < 5  # Python-Markdown took 7 s for this paragraph, 14 s for '![' * 5000
    assert [p.split("\n")[0] for p in problems] == [
        "briefings/articles/a.md:7:1: error: 5,000 '[' in one paragraph in an article: Markdown reads links in a "
        "time that grows with the square of that number (at most 500)"]


def test_thousands_of_link_brackets_in_a_field_are_refused(content_problems):
    problems = content_problems({A_YML: annotation('key_points:\n  - "' + "[x] " * 1000 + '"\n')})
    assert [p.split(": error: ")[1].split(":")[0] for p in problems] == ["1,000 '[' in one paragraph in 'key_points'"]


# --- claims over time ----------------------------------------------------------------------

def test_a_claims_as_of_is_read_at_its_precision(make_content):
    content = check(make_content({A_YML: annotation('claims:\n  - {topic: interim-ceo, value: Mira Murati, '
                                                    'as_of: "2023-11-17"}\n  - {topic: valuation, value: "$86bn", '
                                                    'as_of: "2023-11"}\n')}))
    first, second = content.articles[0].annotation.claims
    assert (first.as_of, second.as_of) == (FuzzyDate(2023, 11, 17), FuzzyDate(2023, 11))


@pytest.mark.parametrize("raw, message", [
    ("2023-11-31", "'claims.as_of' is not a real date: '2023-11-31'"),
    ("17 November 2023", "'claims.as_of' must be a date, got '17 November 2023'"),
])
def test_a_bad_as_of_is_reported_at_its_line(content_problems, raw, message):
    assert content_problems({A_YML: annotation(f'claims:\n  - topic: interim-ceo\n    value: Mira Murati\n'
                                               f'    as_of: "{raw}"\n')}) == [
        f"briefings/articles/a.yml:8:12: error: {message}\n  hint: write YYYY, YYYY-MM or YYYY-MM-DD"]


# --- figures that are not read -------------------------------------------------------------

@pytest.mark.parametrize("value, col, hint", [
    ("$16.3 millon", 13, "'millon': did you mean 'million'?"),
    ("UD$650 million", 13, "'ud': did you mean 'usd'?"),
    ("€2bm", 13, "'bm': did you mean 'bn'?"),
    ("$2 billion valuation target", 13, "write the figure alone, as the article gives it"),
])
def test_a_claim_that_looks_like_a_figure_but_is_not_read_is_warned_at_its_value(make_content, value, col, hint):
    from generator.content.advice import warnings

    content = check(make_content({A_YML: annotation(f'claims:\n  - topic: burn\n    value: "{value}"\n')}))
    found = [str(w) for w in warnings(content) if "figure" in w.message]
    assert len(found) == 1
    assert found[0].startswith(f"briefings/articles/a.yml:7:{col}: warning: '{value}' is not read as a figure: it is "
                               "compared as text, and set aside beside figures\n  hint: " + hint)


def test_text_values_and_figures_that_are_read_get_no_warning(make_content):
    from generator.content.advice import warnings

    content = check(make_content({A_YML: annotation('claims:\n  - {topic: ceo, value: Mira Murati}\n'
                                                    '  - {topic: burn, value: "$16.3 million"}\n')}))
    assert [w for w in warnings(content) if "figure" in w.message] == []


# --- the source: annotation and front matter ------------------------------------------------

B_MD = ("---\ndate: 2024-03-25\ntitle: Stability AI's Mostaque quits\nsource:\n  name: Forbes\n"
        "  url: https://www.forbes.com/x\n  author: Kenrick Cai\n---\nText.\n")
B_YML = "title: Stability AI CEO quits\nsummary: The founder quits.\ntags: [leadership]\n"


def test_the_annotations_source_and_the_front_matters_merge_field_by_field(make_content):
    from generator.content.advice import warnings

    content = check(make_content({"briefings/articles/b.md": B_MD,
                                  "briefings/articles/b.yml": B_YML + "source:\n  name: Forbes\n"}))
    b = next(a for a in content.articles if a.id == "b")
    assert b.source == Source("Forbes", "https://www.forbes.com/x", "Kenrick Cai")  # the URL and byline are kept
    assert [w for w in warnings(content) if "source" in w.message] == []


def test_a_source_field_given_differently_in_both_is_warned_at_the_annotations_line(make_content):
    from generator.content.advice import warnings

    content = check(make_content({"briefings/articles/b.md": B_MD, "briefings/articles/b.yml":
                                  B_YML + "source:\n  name: Forbes.com\n  author: Kenrick Cai\n  url: https://f.com/y\n"}))
    b = next(a for a in content.articles if a.id == "b")
    assert b.source == Source("Forbes.com", "https://f.com/y", "Kenrick Cai")  # the annotation's values win
    assert [str(w) for w in warnings(content) if "source" in w.message] == [
        "briefings/articles/b.yml:5:3: warning: source name 'Forbes.com' differs from the article's front matter: "
        "'Forbes'\n  hint: pages use 'Forbes.com'; write the same name in both, or remove 'source:' here to use "
        "the article's",
        "briefings/articles/b.yml:7:3: warning: source url 'https://f.com/y' differs from the article's front "
        "matter: 'https://www.forbes.com/x'\n  hint: pages use 'https://f.com/y'; remove 'url:' here to use the "
        "article's, or correct whichever is wrong",
    ]


# --- unnamed sources -----------------------------------------------------------------------

def test_a_claim_may_be_credited_to_an_unnamed_source_in_the_articles_words(make_content):
    content = check(make_content({A_YML: annotation(
        'claims:\n  - {topic: fee, value: "$650 million", attributed_to: "a person familiar with the transaction"}\n'
        '  - {topic: ceo, value: Emad Mostaque, attributed_to: stability-ai}\n')}))
    unnamed, named = content.articles[0].annotation.claims
    assert (unnamed.attributed_to, unnamed.unnamed, unnamed.cites_entity) == (
        "a person familiar with the transaction", True, False)
    assert (named.unnamed, named.cites_entity) == (False, True)


def test_an_attribution_that_is_neither_an_id_nor_an_unnamed_source_is_refused_at_its_line(content_problems):
    assert content_problems({A_YML: annotation(
        'claims:\n  - topic: fee\n    value: "$650 million"\n    attributed_to: "Bloomberg News"\n')}) == [
        "briefings/articles/a.yml:8:20: error: 'claims.attributed_to' must be an entity id or an unnamed source, "
        "got 'Bloomberg News'\n  hint: write the entity's id ('bloomberg'), or the unnamed source starting with a, "
        "an, one, two, several, people, sources, officials... ('a person familiar with the matter')"]


# --- exchange rates ------------------------------------------------------------------------

RATES_YML = """\
- date: "2023-12-08"
  from: EUR
  to: USD
  rate: 1.0765
  source: {name: European Central Bank}
"""


def test_rates_yml_is_read_into_rates_by_date(make_content):
    content = check(make_content({"briefings/rates.yml": RATES_YML + '- {date: "2023-01-02", from: USD, to: GBP, rate: 0.83}\n'}))
    assert [(r.date.iso(), r.base, r.quote, r.rate) for r in content.rates] == [
        ("2023-01-02", "USD", "GBP", 0.83), ("2023-12-08", "EUR", "USD", 1.0765)]
    assert content.rates[1].source == Source("European Central Bank")


@pytest.mark.parametrize("change, expected", [
    (("EUR", "EURO"), "briefings/rates.yml:2:9: error: 'from' must be one of: AUD, CAD, CHF, CNY, EUR, GBP, "
                      "HKD, INR, JPY, KRW, NZD, SGD, USD; got 'EURO'\n  hint: did you mean 'EUR'?"),
    (("1.0765", "0"), "briefings/rates.yml:4:9: error: 'rate' must be a number above zero, e.g. 1.0765, got '0'"
                      "\n  hint: give how many units of 'to' one unit of 'from' was worth"),
    (("1.0765", "'1,08 $'"), "briefings/rates.yml:4:9: error: 'rate' must be a number above zero, e.g. 1.0765, "
                             "got '1,08 $'\n  hint: write digits with a '.' for the decimals, no thousands separator "
                             "or currency sign"),
    (("USD", "EUR"), "briefings/rates.yml:1:3: error: a rate from EUR to EUR converts nothing\n  hint: write two "
                     "different currencies in 'from' and 'to'"),
    (("2023-12-08", "2023-12"), "briefings/rates.yml:1:9: error: 'date' must be a date, got '2023-12'\n  hint: write YYYY-MM-DD"),
])
def test_a_bad_rate_is_refused_at_its_line(content_problems, change, expected):
    problems = content_problems({"briefings/rates.yml": RATES_YML.replace(*change)})
    assert problems[0].startswith(expected), problems


def test_two_rates_for_one_pair_and_day_are_refused(content_problems):
    twice = RATES_YML + '- {date: "2023-12-08", from: USD, to: EUR, rate: 0.93}\n'
    assert content_problems({"briefings/rates.yml": twice}) == [
        "briefings/rates.yml:6:3: error: a second rate between USD and EUR on 2023-12-08\n  hint: keep one: the first "
        "is at line 1"]


def test_the_currencies_of_rates_are_those_amounts_are_read_in():
    from generator.content import quantities
    from generator.content.schema import CURRENCIES

    assert set(CURRENCIES) == set(quantities._CURRENCY_BEFORE.values()) | set(quantities._CURRENCY_AFTER.values())


# --- each warning where its fix goes --------------------------------------------------------

MINIMAL_B = textwrap.dedent(MINIMAL_CONTENT["briefings/articles/b.yml"])
MINIMAL_ENTITIES = textwrap.dedent(MINIMAL_CONTENT["briefings/entities.yml"])
MINIMAL_STORIES = textwrap.dedent(MINIMAL_CONTENT["briefings/stories.yml"])

def _warned(root, word: str) -> list[str]:
    from generator.build import check_all

    return [str(w) for w in check_all(root).warnings if word in w.message]


SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/annotation.schema.json\n"


def test_an_outlet_not_recorded_is_warned_at_the_key_after_which_source_goes_never_at_a_comment(make_content):
    from generator.content.advice import no_source_hint

    root = make_content({A_YML: SCHEMA_LINE + annotation('event_date: "2024-03"\nimportance: 4\n')})
    assert _warned(root, "outlet")[0] == (f"{A_YML}:6:1: warning: the briefing's outlet is not recorded\n"
                                          f"  hint: {no_source_hint('event_date')}")


def test_an_article_with_no_text_is_warned_where_the_text_goes(make_content):
    root = make_content({"briefings/articles/a.txt": "date 2024-03-24\n",
                         "briefings/articles/b.md": "---\ndate: 2024-03-25\ntitle: Quits\n---\n"})
    assert [w.split("\n")[0] for w in _warned(root, "no text")] == [
        "briefings/articles/a.txt:1:17: warning: the article has no text",
        "briefings/articles/b.md:5:1: warning: the article has no text"]


def test_an_unread_figure_is_warned_at_the_claims_value_not_where_the_same_words_appear_first(make_content):
    root = make_content({A_YML: annotation('key_points:\n  - "The burn: $16.3 millon."\n'
                                           'claims:\n  - topic: burn\n    value: "$16.3 millon"\n')})
    assert _warned(root, "figure")[0].startswith(f"{A_YML}:9:13: warning: '$16.3 millon' is not read as a figure")


def test_a_source_field_that_differs_is_warned_at_its_key_also_in_a_flow_mapping(make_content):
    root = make_content({"briefings/articles/b.md": B_MD,
                         "briefings/articles/b.yml": B_YML + "source: {name: Reuters}\n"})
    assert _warned(root, "differs")[0].startswith(
        "briefings/articles/b.yml:4:10: warning: source name 'Reuters' differs from the article's front matter")


def test_a_related_link_to_a_draft_is_warned_at_the_id_in_related_not_in_a_comment(make_content):
    root = make_content({A_YML: annotation("draft: true\n"),
                         "briefings/articles/b.yml": MINIMAL_B.replace("related:\n", "related:  # a: see a\n")})
    assert _warned(root, "a draft")[0].startswith("briefings/articles/b.yml:10:5: warning: 'related' lists 'a'")


# --- summaries, dates, block elements, unused vocabulary ------------------------------------

@pytest.mark.parametrize("summary, sentences", [
    ("OpenAI raised $4.5 billion. Mr. Altman said so. The U.S. government agreed.", 3),
    ("It left on Jan. 5, 2024, for Acme Inc. in Paris! Why? J. R. Smith quit. E.g. this; 2.5% fell.", 4),
    ('He said: "We are done." Then he left. *Nobody* knew. 3 people followed.', 4),
])
def test_summary_sentences_are_counted_past_decimals_initials_and_titles(summary, sentences):
    from generator.content.advice import sentences as split

    assert len(split(summary)) == sentences


def test_a_summary_of_more_than_three_sentences_is_warned_at_the_fourth(make_content):
    root = make_content({A_YML: ANNOTATION.replace("summary: Emad Mostaque left *Stability AI*.",
                                                   'summary: "Mostaque left. The U.S. firm burns $8.5 million a\n'
                                                   '  month. Mr. Smith said so. It\'s over."')})
    assert _warned(root, "sentences") == [
        f"{A_YML}:3:29: warning: the summary has 4 sentences; a summary has at most 3\n"
        "  hint: keep what happened in one to three sentences; move the rest, from here on, to 'key_points' or 'note'"]


def test_a_summary_of_three_sentences_is_fine(make_content):
    root = make_content({A_YML: ANNOTATION.replace("summary: Emad Mostaque left *Stability AI*.",
                                                   "summary: Mostaque left. Mr. Smith, of the U.S., said so. Yes.")})
    assert _warned(root, "sentences") == []


def test_an_event_date_after_publication_is_warned_at_the_date(make_content):
    root = make_content({A_YML: annotation('event_date: "2024-04"\n')})  # published 2024-03-24
    assert _warned(root, "event_date") == [
        f"{A_YML}:5:13: warning: 'event_date' 2024-04 is after the article's publication date, 2024-03-24\n"
        "  hint: an article reports what has happened: check the date for a typo (the year, the month), or remove "
        "'event_date' if it happened on the day of publication"]
    assert _warned(make_content({A_YML: annotation('event_date: "2024-03"\n')}), "event_date") == []


def test_updated_before_publication_is_an_error_at_the_date(content_problems):
    assert content_problems({A_YML: annotation('updated: "2024-03-23"\n')}) == [
        f"{A_YML}:5:10: error: 'updated' 2024-03-23 is before the article's publication date, 2024-03-24\n"
        "  hint: 'updated' is when you last revised the briefing in substance, on or after the publication date: "
        "correct it (YYYY-MM-DD), or remove it"]


def test_updated_on_the_publication_day_is_fine(make_content):
    assert check(make_content({A_YML: annotation('updated: "2024-03-24"\n')}))


BLOCK_HINT = "write it as one paragraph of text; a list of facts goes in 'key_points', one item each"


@pytest.mark.parametrize("extra, where, label, what", [
    ("note: |\n  Why it matters.\n\n  # A heading\n", "8:3", "note", "a heading"),
    ("note: |\n  Why it matters\n  ---------\n", "7:3", "note", "a heading"),
    ("key_points:\n  - |\n    Facts:\n    - one\n    - two\n", "8:5", "key_points", "a list"),
    ("key_points:\n  - |\n    Facts:\n    1. one\n", "8:5", "key_points", "a list"),
    ('note: "Why.\\n> quoted"\n', "5:14", "note", "a block quote"),
    ("note: |\n  Code:\n  ```\n  x = 1\n  ```\n", "7:3", "note", "a fenced block"),
    ("note: |\n  a | b\n  --|--\n  1 | 2\n", "7:3", "note", "a table"),
    ("quotes:\n  - text: Hi\n    speaker: emad-mostaque\n    context: |\n      At a talk\n      # Notes\n",
     "10:7", "quotes.context", "a heading"),
])
def test_a_block_element_in_a_one_paragraph_field_is_an_error_at_its_line(content_problems, extra, where, label, what):
    assert content_problems({A_YML: annotation(extra)}) == [
        f"{A_YML}:{where}: error: '{label}' is one paragraph of inline Markdown; {what} cannot be in it\n"
        f"  hint: {BLOCK_HINT}"]


def test_a_heading_inside_a_summary_is_an_error(content_problems):
    assert content_problems({A_YML: ANNOTATION.replace("summary: Emad Mostaque left *Stability AI*.",
                                                       "summary: |\n  Mostaque left.\n  ## Why\n  Money.")}) == [
        f"{A_YML}:4:3: error: 'summary' is one paragraph of inline Markdown; a heading cannot be in it\n"
        f"  hint: {BLOCK_HINT}"]


def test_a_block_element_in_a_vocabulary_description_is_an_error(content_problems):
    found = content_problems({"briefings/tags.yml": "leadership:\n  title: Leadership\n  description: |\n"
                                                    "    Who leads.\n    - boards\nfunding:\n  title: Funding\n"})
    assert [p.split("\n")[0] for p in found] == [
        "briefings/tags.yml:3:16: error: 'description' is one paragraph of inline Markdown; a list cannot be in it"]


@pytest.mark.parametrize("text", [
    "#1 in the charts, and # not a heading", "Line one\nand -1 point, 2.5 more, > 3 others", "A - B\nC", "one\n\ntwo",
    "# shown as written on the first line"])
def test_text_that_starts_no_block_is_fine(make_content, text):
    import json

    assert check(make_content({A_YML: annotation(f"note: {json.dumps(text)}\n")}))


UNUSED_HINT = ("list it in the {where} of a briefing or a context event, or delete it from {home} (if its page was "
               "published, keep its address with a redirect to the {kind} that replaces it, in redirects.yml)")


def test_a_tag_entity_or_story_nothing_refers_to_is_warned_at_its_id(make_content):
    root = make_content({"briefings/tags.yml": "leadership:\n  title: Leadership\nfunding:\n  title: Funding\n"
                                               "unused:\n  title: Unused\n",
                         "briefings/entities.yml": MINIMAL_ENTITIES + "nobody:\n  name: Nobody\n  kind: person\n",
                         "briefings/stories.yml": MINIMAL_STORIES + "old-story:\n  title: Old\n  date: \"2020\"\n"
                                                  "  summary: Gone.\n"})
    assert _warned(root, "nothing refers") == [
        "briefings/entities.yml:8:1: warning: entity 'nobody' is defined but nothing refers to it: it gets no page\n"
        "  hint: " + UNUSED_HINT.format(where="'entities:'", home="entities.yml", kind="entity"),
        "briefings/stories.yml:5:1: warning: story 'old-story' is defined but nothing refers to it: it gets no page\n"
        "  hint: " + UNUSED_HINT.format(where="'story:'", home="stories.yml", kind="story"),
        "briefings/tags.yml:5:1: warning: tag 'unused' is defined but nothing refers to it: it gets no page\n"
        "  hint: " + UNUSED_HINT.format(where="'tags:'", home="tags.yml", kind="tag")]


def test_an_entity_a_quote_a_claim_a_role_or_a_draft_names_is_in_use(make_content):
    entities = MINIMAL_ENTITIES + "".join(f"{e}:\n  name: {e}\n  kind: organization\n"
                                          for e in ("bloomberg", "speaker", "acme", "drafted"))
    entities = entities.replace("  kind: person\n", "  kind: person\n  roles:\n    - {title: Chief, of: acme}\n", 1)
    root = make_content({
        "briefings/entities.yml": entities,
        A_YML: annotation("quotes:\n  - {text: Hi, speaker: speaker}\n"
                          "claims:\n  - {topic: burn, value: $8m, attributed_to: bloomberg}\n"),
        "briefings/articles/c.txt": "date 2024-03-26 Draft.\n",
        "briefings/articles/c.yml": "title: C\nsummary: C.\ntags: [funding]\nentities: [drafted]\ndraft: true\n"})
    assert _warned(root, "nothing refers") == []
