"""Stage 1, the article readers: plain text (the samples' format) and Markdown with front matter."""

import datetime as dt
from pathlib import Path

import pytest

from generator.build import check
from generator.content.errors import ContentError
from generator.content.model import Block, Source
from generator.content.readers import read_markdown, read_plain

SAMPLES = Path(__file__).resolve().parent.parent / "briefings" / "articles"
SAMPLE_24 = SAMPLES / "2024-03-24-mostaque-steps-down-decentralized-ai.txt"
SAMPLE_25 = SAMPLES / "2024-03-25-stability-ai-ceo-mostaque-quits.txt"

NO_DATE_HINT = "write the publication date first, e.g. 'date 2024-03-25', then the text"
BAD_DATE_HINT = "write the publication date as YYYY-MM-DD, e.g. 'date 2024-03-25'"


def plain(text):
    problems = []
    meta, blocks = read_plain("a.txt", text, problems)
    return meta, blocks, [str(p) for p in problems]


def markdown(text):
    problems = []
    meta, blocks = read_markdown("a.md", text, problems)
    return meta, blocks, [str(p) for p in problems]


# --- plain text: the two real sample articles ---------------------------------------------

def test_read_plain_sample_2024_03_24_date_paragraphs_and_subheadings():
    meta, blocks, problems = plain(SAMPLE_24.read_text(encoding="utf-8"))
    assert problems == []
    assert meta == {"date": dt.date(2024, 3, 24)}
    assert [b.kind for b in blocks] == ["p", "h", "p", "h", "p", "h", "p", "p"]
    assert [b.text for b in blocks if b.kind == "h"] == [
        "Turning Tides in AI Leadership",
        "Challenges and Strategic Shifts",
        "Implications for the AI Industry",
    ]
    assert blocks[0].text.startswith("Emad Mostaque, founder and chief executive of Stability AI, has stepped down")
    assert "date" not in blocks[0].text
    assert blocks[2].text.startswith("Mostaque's resignation comes at a critical juncture")
    assert blocks[-1].text.startswith("As we reflect on the week's events")
    assert blocks[-1].text.endswith("possibly adapting to this new vision for the future of artificial intelligence.")


def test_read_plain_sample_2024_03_25_six_paragraphs_no_subheading():
    meta, blocks, problems = plain(SAMPLE_25.read_text(encoding="utf-8"))
    assert problems == []
    assert meta == {"date": dt.date(2024, 3, 25)}
    assert [b.kind for b in blocks] == ["p"] * 6
    assert blocks[0].text.startswith("Is managing an AI startup extra difficult compared to other high tech efforts?")
    assert blocks[1].text.startswith("Though some of Stability AI\u2019s early successes may be fading")
    assert blocks[-1].text.startswith("OpenAI is a particular example")
    assert blocks[-1].text.endswith("whereupon he revamped the board that had fired him.")


def test_read_plain_samples_through_check_keep_their_text(monkeypatch):
    monkeypatch.chdir(SAMPLES.parent.parent)
    content = check(Path("briefings"))
    by_id = {a.id: a for a in content.articles}
    article = by_id["2024-03-24-mostaque-steps-down-decentralized-ai"]
    assert article.date == dt.date(2024, 3, 24)
    assert article.path == "briefings/articles/2024-03-24-mostaque-steps-down-decentralized-ai.txt"
    assert len(article.body) == 8
    assert len(by_id["2024-03-25-stability-ai-ceo-mostaque-quits"].body) == 6


# --- plain text: the header ----------------------------------------------------------------

def test_read_plain_leading_whitespace_before_date():
    meta, blocks, problems = plain("\n  \t\n   date 2024-03-24 Body here.\n")
    assert problems == []
    assert meta == {"date": dt.date(2024, 3, 24)}
    assert blocks == (Block("p", "Body here."),)


def test_read_plain_body_on_the_date_line_is_the_first_paragraph():
    meta, blocks, problems = plain("date 2024-03-24 First words of the text\ncontinue here.\n\nSecond one.\n")
    assert problems == []
    assert meta == {"date": dt.date(2024, 3, 24)}
    assert blocks == (Block("p", "First words of the text continue here."), Block("p", "Second one."))


def test_read_plain_body_on_the_next_line():
    meta, blocks, problems = plain("date 2024-03-24\nThe text starts here.\n")
    assert problems == []
    assert meta == {"date": dt.date(2024, 3, 24)}
    assert blocks == (Block("p", "The text starts here."),)


def test_read_plain_crlf_line_endings_give_the_same_blocks_as_lf():
    lf = "date 2024-03-24 First paragraph here.\n\nA Short Heading\n\nSecond paragraph here.\n"
    meta, blocks, problems = plain(lf.replace("\n", "\r\n"))
    assert problems == []
    assert meta == {"date": dt.date(2024, 3, 24)}
    assert blocks == (
        Block("p", "First paragraph here."),
        Block("h", "A Short Heading"),
        Block("p", "Second paragraph here."),
    )
    assert blocks == plain(lf)[1]
    assert not any("\r" in b.text for b in blocks)


def test_read_plain_missing_date_header():
    meta, blocks, problems = plain("Emad Mostaque has stepped down.\n")
    assert (meta, blocks) == ({}, ())
    assert problems == [f"a.txt:1:1: error: article does not start with 'date YYYY-MM-DD'\n  hint: {NO_DATE_HINT}"]


def test_read_plain_date_keyword_without_a_date():
    meta, blocks, problems = plain("date\nText.\n")
    assert (meta, blocks) == ({}, ())
    assert problems == [f"a.txt:1:1: error: article does not start with 'date YYYY-MM-DD'\n  hint: {NO_DATE_HINT}"]


def test_read_plain_impossible_date_is_located():
    meta, blocks, problems = plain("date 2024-02-30 Body.\n")
    assert meta == {}
    assert blocks == (Block("p", "Body."),)
    assert problems == [
        f"a.txt:1:6: error: article date must be a real date YYYY-MM-DD, got '2024-02-30'\n  hint: {BAD_DATE_HINT}"
    ]


def test_read_plain_impossible_date_after_leading_whitespace_is_located_at_its_line_and_column():
    _meta, _blocks, problems = plain("\n\n   date  2024-02-30 Body.\n")
    assert problems == [
        f"a.txt:3:10: error: article date must be a real date YYYY-MM-DD, got '2024-02-30'\n  hint: {BAD_DATE_HINT}"
    ]


@pytest.mark.parametrize("raw", ["24-03-2024", "2024-03", "2024/03/24"])
def test_read_plain_date_in_the_wrong_format(raw):
    meta, _blocks, problems = plain(f"date {raw} Body.\n")
    assert meta == {}
    assert problems == [
        f"a.txt:1:6: error: article date must be a real date YYYY-MM-DD, got '{raw}'\n  hint: {BAD_DATE_HINT}"
    ]


def test_read_plain_impossible_date_reported_by_check(content_problems):
    problems = content_problems({"briefings/articles/a.txt": "date 2024-02-30 Emad Mostaque has stepped down.\n"})
    assert problems == [
        "briefings/articles/a.txt:1:6: error: article date must be a real date YYYY-MM-DD, got '2024-02-30'"
        f"\n  hint: {BAD_DATE_HINT}"
    ]


def test_read_plain_missing_date_reported_by_check(content_problems):
    problems = content_problems({"briefings/articles/a.txt": "Emad Mostaque has stepped down.\n"})
    assert problems == [
        f"briefings/articles/a.txt:1:1: error: article does not start with 'date YYYY-MM-DD'\n  hint: {NO_DATE_HINT}"
    ]


# --- plain text: paragraphs and subheadings ------------------------------------------------

def test_read_plain_short_line_between_paragraphs_is_a_subheading():
    _meta, blocks, _problems = plain("date 2024-03-24 One.\n\nWhat Comes Next\n\nTwo.\n")
    assert blocks == (Block("p", "One."), Block("h", "What Comes Next"), Block("p", "Two."))


@pytest.mark.parametrize("line", ["It was over.", "Was it over?", "Over!", "He said: \u201cno\u201d", "See (below)"])
def test_read_plain_short_line_ending_with_punctuation_is_a_paragraph(line):
    _meta, blocks, _problems = plain(f"date 2024-03-24 One.\n\n{line}\n\nTwo.\n")
    assert blocks == (Block("p", "One."), Block("p", line), Block("p", "Two."))


def test_read_plain_long_line_without_punctuation_is_a_paragraph():
    long_line = "This line has far more than twelve words in it and so it reads like a sentence"
    _meta, blocks, _problems = plain(f"date 2024-03-24 One.\n\n{long_line}\n\nTwo.\n")
    assert [b.kind for b in blocks] == ["p", "p", "p"]


def test_read_plain_few_words_over_100_characters_is_a_paragraph():
    line = " ".join(["Internationalisation"] * 6)  # 6 words, 125 characters
    _meta, blocks, _problems = plain(f"date 2024-03-24 One.\n\n{line}\n\nTwo.\n")
    assert [b.kind for b in blocks] == ["p", "p", "p"]


def test_read_plain_line_of_12_words_and_100_characters_is_a_subheading():
    line = " ".join(["Abcdefg"] * 12) + "x" * 5  # 12 words, exactly 100 characters
    assert len(line) == 100
    _meta, blocks, _problems = plain(f"date 2024-03-24 One.\n\n{line}\n\nTwo.\n")
    assert [b.kind for b in blocks] == ["p", "h", "p"]


def test_read_plain_short_line_at_the_very_start_is_not_a_subheading():
    _meta, blocks, _problems = plain("date 2024-03-24\n\nA Short Start\n\nThe first paragraph.\n")
    assert blocks == (Block("p", "A Short Start"), Block("p", "The first paragraph."))


def test_read_plain_short_line_at_the_very_end_is_not_a_subheading():
    _meta, blocks, _problems = plain("date 2024-03-24 The only paragraph.\n\nA Short End\n")
    assert blocks == (Block("p", "The only paragraph."), Block("p", "A Short End"))


def test_read_plain_white_space_is_folded_and_blank_lines_with_spaces_split():
    _meta, blocks, _problems = plain("date 2024-03-24 One   line\n  wrapped.\n \t \nTwo.\n\n\n\n")
    assert blocks == (Block("p", "One line wrapped."), Block("p", "Two."))


# --- Markdown ------------------------------------------------------------------------------

def test_read_markdown_front_matter_and_body():
    meta, blocks, problems = markdown(
        "---\n"
        "date: 2024-03-25\n"
        "title: Stability AI CEO quits\n"
        "source:\n"
        "  name: TechRadar\n"
        "  url: https://www.techradar.com/a\n"
        "  author: Jane Doe\n"
        "---\n"
        "# A heading\n"
        "\n"
        "A paragraph with *emphasis* and [a link](https://example.com).\n"
        "\n"
        "- a list item\n"
    )
    assert problems == []
    assert meta == {
        "date": dt.date(2024, 3, 25),
        "title": "Stability AI CEO quits",
        "source": Source(name="TechRadar", url="https://www.techradar.com/a", author="Jane Doe"),
    }
    assert blocks == (Block("md", "# A heading\n\nA paragraph with *emphasis* and [a link](https://example.com).\n\n"
                                  "- a list item"),)


def test_read_markdown_front_matter_with_only_a_date():
    meta, blocks, problems = markdown("---\ndate: '2024-03-25'\n---\nText.\n")
    assert problems == []
    assert meta == {"date": dt.date(2024, 3, 25)}
    assert blocks == (Block("md", "Text."),)


def test_read_markdown_missing_front_matter():
    meta, blocks, problems = markdown("# Title\n\ndate: 2024-03-25\n")
    assert (meta, blocks) == ({}, ())
    assert problems == [
        "a.md:1:1: error: Markdown article has no front matter\n"
        "  hint: start the file with '---', then 'date: YYYY-MM-DD', then '---'"
    ]


def test_read_markdown_unclosed_front_matter():
    meta, blocks, problems = markdown("---\ndate: 2024-03-25\ntitle: T\n\nText.\n")
    assert (meta, blocks) == ({}, ())
    assert problems == ["a.md:1:1: error: front matter is not closed\n  hint: end the front matter with a line '---'"]


def test_read_markdown_bad_date_located_at_its_real_line():
    meta, blocks, problems = markdown("---\ntitle: T\nsource:\n  name: N\ndate: 2024-02-30\n---\nText.\n")
    assert meta == {}
    assert blocks == (Block("md", "Text."),)
    assert problems == ["a.md:5:7: error: 'date' is not a real date: '2024-02-30'\n  hint: write YYYY-MM-DD"]


def test_read_markdown_date_must_have_a_day():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03\n---\nText.\n")
    assert problems == ["a.md:2:7: error: 'date' must be a date, got '2024-03'\n  hint: write YYYY-MM-DD"]


def test_read_markdown_missing_date_in_front_matter():
    meta, _blocks, problems = markdown("---\ntitle: T\n---\nText.\n")
    assert meta == {}
    assert problems == [
        "a.md:2:1: error: missing required key 'date' in front matter\n  hint: add 'date:' (a date, YYYY-MM-DD)"
    ]


def test_read_markdown_unknown_front_matter_key():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\ntitel: T\n---\nText.\n")
    assert problems == ["a.md:3:1: error: unknown key 'titel' in front matter\n  hint: did you mean 'title'?"]


def test_read_markdown_invalid_yaml_in_front_matter_located_in_the_file():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\ntitle: [T\n---\nText.\n")
    assert len(problems) == 1
    assert problems[0].startswith("a.md:4:1: error: invalid YAML: ")


HTML_HINT = "  hint: write plain text or Markdown (*emphasis*, [text](https://...)); HTML is never rendered"
LINK_HINT = "  hint: links must be absolute http(s):// or mailto: addresses"


def test_read_markdown_raw_html_refused_with_line_and_column():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\n---\nFirst line.\nSome <br> text.\n")
    assert problems == [f"a.md:5:6: error: raw HTML is not allowed in an article\n{HTML_HINT}"]


def test_read_markdown_every_html_tag_is_reported():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\n---\n<script>alert(1)</script>\n\n<!-- x -->\n")
    assert problems == [
        f"a.md:4:1: error: raw HTML is not allowed in an article\n{HTML_HINT}",
        f"a.md:6:1: error: raw HTML is not allowed in an article\n{HTML_HINT}",
    ]


def test_read_markdown_raw_html_after_a_blank_line_is_located_at_its_real_line():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\n---\n\nSome <br> text.\n")
    assert problems == [f"a.md:5:6: error: raw HTML is not allowed in an article\n{HTML_HINT}"]


def test_read_markdown_javascript_link_refused():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\n---\nText.\n\nClick [here](javascript:alert).\n")
    assert problems == [f"a.md:6:14: error: link target 'javascript:alert' is not allowed in an article\n{LINK_HINT}"]


def test_read_markdown_javascript_reference_definition_refused():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\n---\nSee [x].\n[x]: javascript:alert\n")
    assert problems == [f"a.md:5:6: error: link target 'javascript:alert' is not allowed in an article\n{LINK_HINT}"]


def test_read_markdown_javascript_reference_definition_after_a_blank_line_is_located_at_its_line():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\n---\nSee [x].\n\n[x]: javascript:alert\n")
    assert problems == [f"a.md:6:6: error: link target 'javascript:alert' is not allowed in an article\n{LINK_HINT}"]


def test_read_markdown_http_and_mailto_links_allowed():
    _meta, _blocks, problems = markdown(
        "---\ndate: 2024-03-25\n---\n[a](https://example.com/x) [b](http://example.com) [c](mailto:a@b.org)\n"
        "\n[d]: https://example.org\n"
    )
    assert problems == []


def test_read_markdown_html_and_links_inside_a_code_fence_are_allowed():
    meta, blocks, problems = markdown(
        "---\ndate: 2024-03-25\n---\nText.\n\n```html\n<script>alert(1)</script>\n[x](javascript:alert)\n```\n"
        "\n~~~\n<b>bold</b>\n~~~\n"
    )
    assert problems == []
    assert meta == {"date": dt.date(2024, 3, 25)}
    assert "<script>alert(1)</script>" in blocks[0].text


def test_read_markdown_html_inside_a_code_span_is_allowed():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\n---\nUse `<br>` or ``<b>`` here.\n")
    assert problems == []


def test_read_markdown_html_after_a_code_span_is_still_refused():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\n---\nUse `<br>` not <br> here.\n")
    assert problems == [f"a.md:4:16: error: raw HTML is not allowed in an article\n{HTML_HINT}"]


def test_read_markdown_html_after_a_closed_code_fence_is_still_refused():
    _meta, _blocks, problems = markdown("---\ndate: 2024-03-25\n---\n```\n<b>ok</b>\n```\n<i>no</i>\n")
    assert problems == [
        f"a.md:7:1: error: raw HTML is not allowed in an article\n{HTML_HINT}",
        f"a.md:7:6: error: raw HTML is not allowed in an article\n{HTML_HINT}",
    ]


def test_read_markdown_empty_body_has_no_blocks():
    meta, blocks, problems = markdown("---\ndate: 2024-03-25\n---\n")
    assert (meta, blocks, problems) == ({"date": dt.date(2024, 3, 25)}, (), [])


def test_read_markdown_problems_reported_by_check(content_problems):
    problems = content_problems({"briefings/articles/b.md": "---\ndate: 2024-03-25\n---\nA <b>bold</b> claim.\n"})
    assert problems == [
        f"briefings/articles/b.md:4:3: error: raw HTML is not allowed in an article\n{HTML_HINT}",
        f"briefings/articles/b.md:4:10: error: raw HTML is not allowed in an article\n{HTML_HINT}",
    ]


def test_read_markdown_article_through_check(make_content):
    content = check(make_content())
    article = {a.id: a for a in content.articles}["b"]
    assert article.date == dt.date(2024, 3, 25)
    assert article.body == (Block("md", "Stability AI's founder *quits*."),)


def test_read_markdown_empty_front_matter_is_reported(make_content):
    root = make_content({"briefings/articles/b.md": "---\n---\nText.\n"})
    with pytest.raises(ContentError) as info:
        check(root)
    assert [(p.path, p.message) for p in info.value.problems] == [
        ("briefings/articles/b.md", "missing required key 'date' in front matter")
    ]
