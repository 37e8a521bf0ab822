"""briefing new: the annotation scaffolded beside a new article, its guesses marked to confirm."""

import re
from pathlib import Path

import pytest

from generator.build import check
from generator.cli.main import main
from generator.content.errors import ContentError
from generator.content.model import Block
from generator.content.scaffold import guess_source, guess_title, propose, term_regex

# Vocabularies with aliases, beside the minimal content's.
VOCABULARIES = {
    "briefings/tags.yml": """\
        leadership:
          title: Leadership
          aliases: [stepped down, executive departures]
        funding:
          title: Funding
          aliases: [fundraising]
        startups:
          title: Startups
          aliases: [startup]
        """,
    "briefings/entities.yml": """\
        emad-mostaque:
          name: Emad Mostaque
          kind: person
          aliases: [Mostaque]
        stability-ai:
          name: Stability AI
          kind: company
        openai-board:
          name: OpenAI board
          kind: organization
          aliases: ["OpenAI's board"]
        x:
          name: X
          kind: product
        """,
}

NEW_TXT = "briefings/articles/2024-03-26-interim-ceos.txt"
NEW_YML = "briefings/articles/2024-03-26-interim-ceos.yml"
ARTICLE = """\
    date 2024-03-26 Stability AI has named two interim co-chief executives after founder Emad Mostaque stepped down to pursue decentralized AI. The company still needs new funding.

    MOSTAQUE wrote on X that the decision was his own; OpenAI’s board was not involved.
    """

SCAFFOLD = """\
# yaml-language-server: $schema=../../schema/annotation.schema.json
# Annotation of briefings/articles/2024-03-26-interim-ceos.txt, published 2024-03-26.
# Scaffolded by briefing new: write the summary, confirm or delete each proposed line
# (and its comment), then run briefing check.
title: "Stability AI has named two interim co-chief executives after founder Emad Mostaque…"  \
# TODO: guessed from the first sentence; rewrite it as a headline
summary: ""  # TODO: 1-3 sentences, what happened (briefing check fails until this is written)
tags:
  - leadership  # proposed: found "stepped down"; confirm
  - funding  # proposed: found "funding"; confirm
entities:
  - stability-ai  # proposed: found "Stability AI"; confirm
  - emad-mostaque  # proposed: found "Emad Mostaque"; confirm
  - x  # proposed: found "X"; confirm
  - openai-board  # proposed: found "OpenAI’s board"; confirm
# event_date: "2024-03-26"  # when it happened, if not the publication date: YYYY, YYYY-MM or YYYY-MM-DD
# source:  # the outlet, when the article names it (until then pages say "outlet not recorded")
#   name: ""
#   url: ""
# story: story-id  # from briefings/stories.yml, when other briefings cover the same event
# key_points:
#   - ""
# claims:  # what this source asserts, lined up by topic with the story's other sources
#   - topic: topic-id  # from briefings/topics.yml, when it exists
#     value: ""  # short; amounts, counts, percentages and dates are compared as ranges
#     attributed_to: entity-id  # whom the article credits ("citing Bloomberg"), or "a person familiar with
#                               # the matter"; leave out for the article's own voice
"""

PRINTED = """\
wrote briefings/articles/2024-03-26-interim-ceos.yml
  title: from the first sentence
  proposed: 2 tags, 4 entities (each marked '# proposed: found ...; confirm')
next steps:
  1. edit briefings/articles/2024-03-26-interim-ceos.yml:
     write the summary (1-3 sentences), check the title,
     keep the proposed tags and entities that fit and delete the others
  2. run: briefing check
     it reports "'summary' is empty" until the summary is written: that is intended,
     so an unfinished annotation cannot be published;
     it warns at each '# TODO' and '# proposed' comment left: delete each once done
     (pull requests run briefing check --strict, which refuses them)
"""


@pytest.fixture
def project(make_content):
    """The minimal content with aliased vocabularies and one new, unannotated article."""
    return make_content({**VOCABULARIES, NEW_TXT: ARTICLE})


def test_scaffold_writes_the_annotation_and_says_what_next(project, capsys):
    assert main(["new", NEW_TXT]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == PRINTED
    assert Path(NEW_YML).read_text(encoding="utf-8") == SCAFFOLD


def test_scaffold_fails_check_only_for_the_empty_summary(project, capsys):
    main(["new", NEW_TXT])
    with pytest.raises(ContentError) as info:
        check(project)
    assert [str(p) for p in info.value.problems] == [
        f"{NEW_YML}:6:10: error: 'summary' is empty\n  hint: write some text: this key is required",
    ]


def test_scaffold_passes_check_once_the_summary_is_written(project, capsys):
    main(["new", NEW_TXT])
    path = Path(NEW_YML)
    path.write_text(path.read_text(encoding="utf-8").replace('summary: ""', "summary: Two interim CEOs."),
                    encoding="utf-8")
    article = next(a for a in check(project).articles if a.id == "2024-03-26-interim-ceos")
    assert article.annotation.tags == ("leadership", "funding")
    assert article.annotation.entities == ("stability-ai", "emad-mostaque", "x", "openai-board")


TODO_HINT = "do what the comment says, then delete the comment ('briefing check --strict', run on pull requests, " \
    "refuses it)"
PROPOSED_HINT = "keep the line if it is right and delete its comment, or delete the line ('briefing check --strict', " \
    "run on pull requests, refuses it)"
# Every marker the scaffold above writes, at its line and column, as check reports it
MARKERS = [
    f"{NEW_YML}:5:95: {{}}: unfinished: '# TODO: guessed from the first sentence; rewrite it as a headline'\n"
    f"  hint: {TODO_HINT}",
    f"{NEW_YML}:6:29: {{}}: unfinished: '# TODO: 1-3 sentences, what happened (briefing check fails until this is "
    f"written)'\n  hint: {TODO_HINT}",
    *(f"{NEW_YML}:{line}:{col}: {{}}: proposed by briefing new, not confirmed: '# proposed: found \"{found}\"; "
      f"confirm'\n  hint: {PROPOSED_HINT}"
      for line, col, found in ((8, 17, "stepped down"), (9, 14, "funding"), (11, 19, "Stability AI"),
                               (12, 20, "Emad Mostaque"), (13, 8, "X"), (14, 19, "OpenAI’s board"))),
]
NO_OUTLET = (": warning: the briefing's outlet is not recorded\n  hint: add 'source:' after '{}' with the outlet's 'name' "
             "(and 'url') when the article names it; until then its pages say 'outlet not recorded'")
# Where each briefing's 'source:' would go: after its last key among those before it (the scaffold's is commented)
OUTLET_AT = {NEW_YML: (10, "entities"), "briefings/articles/a.yml": (3, "tags"), "briefings/articles/b.yml": (8, "story")}
UNUSED_STARTUPS = ("briefings/tags.yml:7:1: warning: tag 'startups' is defined but nothing refers to it: it gets no page"
                   "\n  hint: list it in the 'tags:' of a briefing or a context event, or delete it from tags.yml (if "
                   "its page was published, keep its address with a redirect to the tag that replaces it, in "
                   "redirects.yml)")


def no_outlet(path: str) -> str:
    line, after = OUTLET_AT[path]
    return f"{path}:{line}:1" + NO_OUTLET.format(after)


def reported(text: str) -> list[str]:
    """check's report, one problem or warning (with its hint) per item, the summary line last."""
    items = []
    for line in text.splitlines():
        if line.startswith("  hint: "):
            items[-1] += "\n" + line
        else:
            items.append(line)
    return items


def write_summary(path=NEW_YML):
    path = Path(path)
    path.write_text(path.read_text(encoding="utf-8").replace('summary: ""', "summary: Two interim CEOs."),
                    encoding="utf-8")


def test_a_half_finished_scaffold_passes_check_with_a_warning_at_every_marker(project, capsys):
    main(["new", NEW_TXT])
    write_summary()
    capsys.readouterr()
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 3 articles, 1 context event, 1 story, 3 tags, 4 entities (12 warnings)\n"
    assert [item for item in reported(err) if item.startswith(NEW_YML)] == [
        *(marker.format("warning") for marker in MARKERS[:4]), no_outlet(NEW_YML),
        *(marker.format("warning") for marker in MARKERS[4:])]
    assert reported(err)[-1] == UNUSED_STARTUPS


def test_check_strict_refuses_every_marker_and_passes_once_they_are_gone(project, capsys):
    main(["new", NEW_TXT])
    write_summary()
    capsys.readouterr()
    assert main(["check", "--strict"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert reported(err) == [  # the problems first, then the warnings, which --strict leaves warnings
        *(marker.format("error") for marker in MARKERS),
        *(no_outlet(path) for path in (NEW_YML, "briefings/articles/a.yml", "briefings/articles/b.yml")),
        UNUSED_STARTUPS,
        "8 problems and 4 warnings found.",
    ]
    path = Path(NEW_YML)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"  # (TODO|proposed).*", "", text), encoding="utf-8")
    assert main(["check", "--strict"]) == 0
    assert capsys.readouterr().out == "ok: 3 articles, 1 context event, 1 story, 3 tags, 4 entities (4 warnings)\n"


def test_a_marker_is_a_comment_not_a_value_that_holds_one(make_content, capsys):
    make_content({"briefings/articles/a.yml": """\
        title: "Plans # TODO: none"  # a comment that is no marker
        summary: |
          # TODO: in a block of text
        tags:
          - leadership  #proposed: found "x"; confirm
        # TODO leave a note
        """})
    assert main(["check", "--strict"]) == 1
    assert [item.split("\n")[0] for item in reported(capsys.readouterr().err) if ": error: " in item] == [
        "briefings/articles/a.yml:5:17: error: proposed by briefing new, not confirmed: '#proposed: found \"x\"; "
        "confirm'",
        "briefings/articles/a.yml:6:1: error: unfinished: '# TODO leave a note'",
    ]


def test_markers_are_reported_beside_the_problems_of_a_broken_annotation(project, capsys):
    main(["new", NEW_TXT])
    write_summary()  # then a tab: the file does not parse, and its markers are still warned at
    Path(NEW_YML).write_text(Path(NEW_YML).read_text(encoding="utf-8") + "\tnote: x\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check"]) == 1
    items = reported(capsys.readouterr().err)
    assert items[0].startswith(f"{NEW_YML}:27:1: error: a tab character")
    assert [item for item in items if item.startswith(NEW_YML) and ": warning: " in item] == [
        marker.format("warning") for marker in MARKERS]
    assert items[-1] == "1 problem and 10 warnings found."  # the markers, a.yml's and b.yml's outlets


def test_scaffold_refuses_to_overwrite_an_annotation(project, capsys):
    Path(NEW_YML).write_text("title: mine\n", encoding="utf-8")
    assert main(["new", NEW_TXT]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"{NEW_YML}:1:1: error: annotation already exists\n"
        "  hint: edit it, then run briefing check; to start over, delete it and run briefing new again\n"
        "1 problem found; nothing was written.\n"
    )
    assert Path(NEW_YML).read_text(encoding="utf-8") == "title: mine\n"


def test_scaffold_markdown_title_from_front_matter_in_a_sub_folder(make_content, capsys):
    make_content({"briefings/articles/2024/c.md": """\
        ---
        date: 2024-04-02
        title: "Stability AI: what's next"
        ---
        Nothing in here names a tag or an [entity](https://stability.ai/).
        """})
    assert main(["new", "briefings/articles/2024/c.md"]) == 0
    assert Path("briefings/articles/2024/c.yml").read_text(encoding="utf-8") == """\
# yaml-language-server: $schema=../../../schema/annotation.schema.json
# Annotation of briefings/articles/2024/c.md, published 2024-04-02.
# Scaffolded by briefing new: write the summary, confirm or delete each proposed line
# (and its comment), then run briefing check.
title: "Stability AI: what's next"  # TODO: from the article's front matter; check it
summary: ""  # TODO: 1-3 sentences, what happened (briefing check fails until this is written)
tags: []  # TODO: at least one tag id from briefings/tags.yml
entities:
  - stability-ai  # proposed: found "Stability AI"; confirm
# event_date: "2024-04-02"  # when it happened, if not the publication date: YYYY, YYYY-MM or YYYY-MM-DD
""" + SCAFFOLD[SCAFFOLD.index("# source:"):]
    assert "proposed: 0 tags, 1 entity" in capsys.readouterr().out


def test_scaffold_without_proposals_fails_check_for_summary_and_tags(make_content, capsys):
    make_content({"briefings/articles/c.txt": "date 2024-04-02 Nothing to see.\n"})
    main(["new", "briefings/articles/c.txt"])
    text = Path("briefings/articles/c.yml").read_text(encoding="utf-8")
    assert 'title: "Nothing to see"  # TODO' in text
    assert "entities: []  # none found in the text; entity ids from briefings/entities.yml\n" in text
    with pytest.raises(ContentError) as info:
        check(Path("briefings"))
    assert [p.message for p in info.value.problems] == ["'summary' is empty", "'tags' needs at least one tag id"]


def test_scaffold_modeline_follows_the_content_option(make_content, capsys):
    make_content({"site/content/articles/c.txt": "date 2024-04-02 News.\n"}, base=False)
    assert main(["new", "site/content/articles/c.txt", "--content", "site/content"]) == 0
    first = Path("site/content/articles/c.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/annotation.schema.json"


# --- refusals -----------------------------------------------------------------------------------

def refusal(capsys, argv):
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    return err


def test_scaffold_missing_article(make_content, capsys):
    make_content()
    assert refusal(capsys, ["new", "briefings/articles/nope.md"]) == (
        "briefings/articles/nope.md:1:1: error: article file not found\n"
        "  hint: give the path of the new article, e.g. briefings/articles/2024-04-01-some-news.md\n"
        "1 problem found; nothing was written.\n"
    )


def test_scaffold_annotation_given_instead_of_article(make_content, capsys):
    make_content()
    assert refusal(capsys, ["new", "briefings/articles/a.yml"]) == (
        "briefings/articles/a.yml:1:1: error: not an article file: '.yml'\n"
        "  hint: give the article file, not its annotation\n"
        "1 problem found; nothing was written.\n"
    )


def test_scaffold_article_outside_the_articles_folder(make_content, capsys):
    make_content({"drafts/c.txt": "date 2024-04-02 News.\n"})
    assert refusal(capsys, ["new", "drafts/c.txt"]) == (
        "drafts/c.txt:1:1: error: article is not under briefings/articles/\n"
        "  hint: move it into briefings/articles/ (sub-folders are fine), then run briefing new again\n"
        "1 problem found; nothing was written.\n"
    )
    assert not Path("drafts/c.yml").exists()


def test_scaffold_article_name_that_is_not_an_id(make_content, capsys):
    make_content({"briefings/articles/Big News.txt": "date 2024-04-02 News.\n"})
    assert refusal(capsys, ["new", "briefings/articles/Big News.txt"]) == (
        "briefings/articles/Big News.txt:1:1: error: article id 'Big News' is not a valid id\n"
        "  hint: rename the file to 'big-news.txt': lowercase letters, digits and hyphens (the name is the permalink)\n"
        "1 problem found; nothing was written.\n"
    )


def test_scaffold_article_problems_are_reported_and_nothing_written(make_content, capsys):
    make_content({"briefings/articles/c.txt": "Yesterday, news.\n"})
    assert refusal(capsys, ["new", "briefings/articles/c.txt"]) == (
        "briefings/articles/c.txt:1:1: error: article does not start with 'date YYYY-MM-DD'\n"
        "  hint: write the publication date first, e.g. 'date 2024-03-25', then the text\n"
        "1 problem found; nothing was written.\n"
    )
    assert not Path("briefings/articles/c.yml").exists()


def test_scaffold_vocabulary_problems_are_noted(make_content, capsys):
    make_content({"briefings/entities.yml": "stability-ai: [not, a, mapping]\n",
                  "briefings/articles/c.txt": "date 2024-04-02 Stability AI and leadership.\n"})
    assert main(["new", "briefings/articles/c.txt"]) == 0
    out = capsys.readouterr().out
    assert ("note: briefings/entities.yml has problems: entries that did not read are not proposed "
            "(run briefing check)\n") in out
    assert "  - leadership  # proposed" in Path("briefings/articles/c.yml").read_text(encoding="utf-8")


# --- matching and the title guess ---------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("New LEADERSHIP at the top.", "LEADERSHIP"),
    ("leadership", "leadership"),
    ("a change of\nleadership.", "leadership"),
])
def test_scaffold_match_is_whole_word_and_any_case(text, found):
    assert [(p.id, p.found) for p in propose(text, {"leadership": ("Leadership",)})] == [("leadership", found)]


@pytest.mark.parametrize("text", ["leaderships", "team-leadershipx", "misleadership"])
def test_scaffold_match_does_not_take_part_of_a_word(text):
    assert propose(text, {"leadership": ("Leadership",)}) == ()


def test_scaffold_words_of_an_alias_match_across_line_breaks():
    [proposal] = propose("Stability\n  AI said", {"stability-ai": ("Stability AI",)})
    assert proposal.found == "Stability AI"


def test_scaffold_short_names_match_only_as_written():
    assert term_regex("X").search("10 x faster") is None
    assert term_regex("X").search("posted on X.") is not None


def test_scaffold_proposals_in_order_of_first_mention():
    vocabulary = {"a-tag": ("Alpha",), "b-tag": ("Beta", "second")}
    assert [p.id for p in propose("second, then alpha, then beta", vocabulary)] == ["b-tag", "a-tag"]


def test_scaffold_title_trimmed_at_a_word_with_an_ellipsis():
    long = "word " * 30
    title, source = guess_title({}, (Block("p", long.strip() + "."),))
    assert source == "first sentence"
    assert title == ("word " * 18).strip() + "…"
    assert len(title) <= 91


def test_scaffold_title_trim_drops_a_dangling_small_word():
    sentence = "Stability AI has named two interim co-CEOs after founder Emad Mostaque stepped down to pursue it."
    assert guess_title({}, (Block("p", sentence),)) == (
        "Stability AI has named two interim co-CEOs after founder Emad Mostaque stepped down…", "first sentence")


def test_scaffold_title_is_the_first_sentence_without_its_full_stop():
    assert guess_title({}, (Block("p", "Short news. More text follows."),)) == ("Short news", "first sentence")
    assert guess_title({}, (Block("p", "Is it a bubble? Maybe."),)) == ("Is it a bubble?", "first sentence")


def test_scaffold_markdown_heading_is_the_title():
    assert guess_title({}, (Block("md", "# Big *news* today\n\nText."),)) == ("Big news today", "first heading")


# --- datelines ----------------------------------------------------------------------------------

@pytest.mark.parametrize("opening, title, outlet", [
    ("SAN FRANCISCO (Reuters) - OpenAI's board fired Sam Altman on Friday. He was CEO.",
     "OpenAI's board fired Sam Altman on Friday", "Reuters"),
    ("WASHINGTON, March 5 (Reuters) - Regulators opened an inquiry. It is new.", "Regulators opened an inquiry",
     "Reuters"),
    ("LONDON (AP) — Stability AI's founder quit. He said so.", "Stability AI's founder quit", "Associated Press"),
    ("ST. LOUIS, Mo. (AP) — A startup raised $5 million. It will hire.", "A startup raised $5 million",
     "Associated Press"),
    ("(Bloomberg) -- Stability AI is in talks to sell itself. People said so.", "Stability AI is in talks to sell itself",
     "Bloomberg"),
    ("PARIS (AFP) - Mistral raised €600 million. It said so.", "Mistral raised €600 million", "AFP"),
    ("SAN FRANCISCO - OpenAI named an interim CEO. The board met.", "OpenAI named an interim CEO", None),
    ("NEW YORK, Nov. 17 (CNN) — The board met. It voted.", "The board met", None),  # a credit it does not know
])
def test_scaffold_strips_the_dateline_from_the_title_and_proposes_the_agency(opening, title, outlet):
    blocks = (Block("p", opening),)
    assert guess_title({}, blocks) == (title, "first sentence")
    found = guess_source({}, blocks)
    assert (found[0] if found else None) == outlet
    if found:
        assert opening.startswith(found[1]) and found[1][-1] in "-—"


@pytest.mark.parametrize("opening", [
    "AI - what comes next is unclear. Nobody knows.",  # a capital word of two letters is no place
    "OpenAI (the company) - which makes ChatGPT - said so. Yes.",
    "Some regulators (Reuters) - a sentence, not a dateline. Yes.",
    "The board - all of it - resigned. Yes.",
])
def test_scaffold_leaves_an_opening_that_is_no_dateline(opening):
    blocks = (Block("p", opening),)
    assert guess_title({}, blocks)[0] == opening.split(". ")[0]
    assert guess_source({}, blocks) is None


def test_scaffold_does_not_propose_an_outlet_the_front_matter_gives():
    blocks = (Block("md", "LONDON (Reuters) - Text. More."),)
    assert guess_source({"source": {"name": "The Times"}}, blocks) is None
    assert guess_source({}, blocks) == ("Reuters", "LONDON (Reuters) -")
    assert guess_title({"title": "T"}, blocks) == ("T", "front matter")


def test_scaffold_proposes_the_agency_of_the_dateline_marked_to_confirm(make_content, capsys):
    make_content({"briefings/articles/c.txt": "date 2023-11-17 SAN FRANCISCO (Reuters) - OpenAI's board fired "
                                              "Sam Altman on Friday. Emad Mostaque said nothing.\n"})
    assert main(["new", "briefings/articles/c.txt"]) == 0
    assert "  proposed: 0 tags, 1 entity, the outlet Reuters (from the dateline) (each marked" in \
        capsys.readouterr().out
    text = Path("briefings/articles/c.yml").read_text(encoding="utf-8")
    assert 'title: "OpenAI\'s board fired Sam Altman on Friday"  # TODO' in text
    assert ('source:\n'
            '  name: "Reuters"  # proposed: found "SAN FRANCISCO (Reuters) -", the dateline; confirm\n'
            '  # url: ""  # the address of the original\n'
            '# story: story-id') in text
    Path("briefings/articles/c.yml").write_text(
        text.replace('summary: ""', "summary: Altman is out.").replace("tags: []", "tags: [leadership]"),
        encoding="utf-8")
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert ('briefings/articles/c.yml:12:20: warning: proposed by briefing new, not confirmed: \'# proposed: found '
            '"SAN FRANCISCO (Reuters) -", the dateline; confirm\'') in err
    assert "c.yml:1:1: warning: the briefing's outlet is not recorded" not in err
    assert next(a for a in check(Path("briefings")).articles if a.id == "c").source.name == "Reuters"
