"""The one Markdown policy (generator/content/richtext.py, generator/content/htmlsafe.py), without a site build.

What the generator writes is HTML that the site builder takes as it is
(hooks/generated_pages.py), so each property is checked on the page as a
browser reads it, in each context a template puts a field in: plain text stays
the same text, checked HTML stays the same HTML, and the heading pass
(generator/pages/headings.py) changes neither.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import nh3
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.pages import feeds, headings
from generator.content import htmlsafe, richtext
from generator.content.schema import forbidden_character
from generator.pages.render import SiteInfo, inline

REPO = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((REPO / "tests/hostile/markdown.yml").read_text(encoding="utf-8"))


def on_page(fragment: str) -> str:
    """A fragment as the generated page carries it: through the heading pass, front matter dropped."""
    return headings.finish(f"---\ntitle: x\n---\n{fragment}").split("\n---\n", 1)[1]


class Dom(HTMLParser):
    """Elements, attributes and text of HTML as a browser reads them (character references decoded)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.events, self.text = [], []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(sorted(attrs))))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("start", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        self.text.append(data)
        if self.events and self.events[-1][0] == "data":
            self.events[-1] = ("data", self.events[-1][1] + data)
        else:
            self.events.append(("data", data))

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def same_dom(a: str, b: str) -> bool:
    norm = lambda d: [e if e[0] != "data" else ("data", " ".join(e[1].split())) for e in Dom(d).events]
    return norm(a) == norm(b)


def elements(text: str) -> set[str]:
    return {e[1] for e in Dom(text).events if e[0] == "start"}


# --- the hostile corpus ----------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES["inline_refused"])
def test_inline_markup_that_could_run_or_load_is_refused(case):
    rich, findings = richtext.inline(case)
    assert rich is None and findings


@pytest.mark.parametrize("case", CASES["inline_blocks"])
def test_a_block_element_on_a_line_of_its_own_is_found_in_one_paragraph_text(case):
    assert richtext.block_element(case) is not None


@pytest.mark.parametrize("case", CASES["inline_shown"])
def test_accepted_inline_markdown_survives_the_site_renderer_unchanged(case):
    rich, findings = richtext.inline(case)
    assert findings == [] and rich is not None
    out = on_page(f"<p>{inline(rich)}</p>")
    assert same_dom(out, f"<p>{rich.html}</p>"), (inline(rich), out)
    assert elements(out) <= {"p", "em", "strong", "code", "a", "br"}


@pytest.mark.parametrize("case", CASES["inline_shown"])
@pytest.mark.parametrize("context", ["<ul>\n<li>{}</li>\n</ul>", '<div class="admonition abstract">\n<p>{}</p>\n</div>',
                                     "<table><tr><td>x</td><td>{}</td></tr></table>",
                                     "<blockquote>\n<p>“quote”\n— name: {}</p>\n</blockquote>"])
def test_accepted_inline_markdown_adds_no_element_in_any_template_context(case, context):
    rich, _ = richtext.inline(case)
    out = on_page(context.format(inline(rich)))
    assert Dom(rich.html).plain in Dom(out).plain
    assert elements(out) - elements(on_page(context.format("x"))) <= elements(rich.html)


@pytest.mark.parametrize("case", CASES["plain"] + CASES["inline_shown"] + CASES["inline_refused"])
def test_plain_text_is_shown_exactly_as_written(case):
    for context in ("<p>{}</p>", "<ul>\n<li>{}</li>\n</ul>", "<table><tr><td>x</td><td>{}</td></tr></table>", "<h3>{}</h3>"):
        out = on_page(context.format(htmlsafe.text(case)))
        assert Dom(out).plain.rstrip("¶").endswith(" ".join(case.split())), (htmlsafe.text(case), out)
        assert elements(out) == elements(on_page(context.format("x")))


def test_refusals_name_what_is_wrong():
    assert richtext.inline("a <b>x</b>")[1] == [("html", "<b>"), ("html", "</b>")]
    assert richtext.inline("see ![x](https://t.example/p.gif)")[1] == [("image", "https://t.example/p.gif")]
    assert richtext.inline("[x](java&#115;cript:alert(1))")[1] == [("link", "javascript:alert(1)")]
    assert richtext.message("image", "u", "in 'summary'") == (
        "images are not allowed in 'summary'", "images are not shown; link to it instead: [description](https://...)")


def test_plain_text_of_inline_markdown_is_what_the_reader_sees():
    rich, _ = richtext.inline("The *Stable Diffusion* maker, `v2` & [more](https://example.org)")
    assert rich.plain == "The Stable Diffusion maker, v2 & more"
    assert htmlsafe.attribute(rich) == json.dumps("The Stable Diffusion maker, v2 &amp; more")
    assert htmlsafe.attribute("A *title* with `marks`") == json.dumps("A *title* with `marks`")


# --- bodies ----------------------------------------------------------------------------------

def test_body_refusals_are_located_at_their_offset():
    source = "Para.\n\nUse `<br>` not <br> here.\n\n[x](javascript:y)\n"
    _rich, findings = richtext.body(source)
    assert findings == [("html", "<br>", source.index("<br> here"))]
    _rich, findings = richtext.body("ok\n\n[x](javascript:y)\n")
    assert findings == [("link", "javascript:y", len("ok\n\n[x]("))]


def test_body_keeps_fenced_code_as_code():
    rich, findings = richtext.body("Text.\n\n```html\n<script>alert(1)</script>\n```\n")
    assert findings == []
    assert "&lt;script&gt;" in rich.html and "<script" not in rich.html


def test_an_articles_own_text_is_left_as_written_by_the_heading_pass():
    from generator.pages.render import block
    rich, _ = richtext.body("# Head\n\n1. one\n2. two *em*\n\n    code {: x}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<h1>Head</h1>" in rich.html
    assert on_page(block(rich)) == f'<div class="briefing-text">\n{rich.html}\n</div>'
    assert '<h2 id="after">After<a class="headerlink"' in on_page(str(block(rich)) + "\n<h2>After</h2>")


# --- feeds -----------------------------------------------------------------------------------

def test_feeds_carry_the_checked_html_and_plain_text():
    from generator.content.model import Annotation, Article
    import datetime as dt
    cases = [c for c in CASES["inline_shown"]]
    articles = []
    for i, case in enumerate(cases):
        rich, _ = richtext.inline(case)
        articles.append(Article(id=f"a{i}", path="", file="", date=dt.date(2024, 1, 1), body=(),
                                annotation=Annotation(title=case, summary=rich, tags=("t",))))
    site = SiteInfo(name="B <&>", url="https://example.org/")
    atom = ET.fromstring(feeds.atom(site, articles))  # well-formed XML
    summaries = [e.text for e in atom.iter("{http://www.w3.org/2005/Atom}summary")]
    assert summaries == [f"<p>{a.annotation.summary.html}</p>" for a in articles]
    items = json.loads(feeds.json_feed(site, articles))["items"]
    assert [i["summary"] for i in items] == [a.annotation.summary.plain for a in articles]
    for s in summaries:
        assert elements(s) <= {"p", "em", "strong", "code", "a", "br"}


# --- properties over any text ----------------------------------------------------------------

MARKDOWNISH = st.text(alphabet=st.sampled_from(list("ab <>&/=\"'`*_[]()!{}:#|\\~-+.1\n\tjavascript"))
                      | st.characters(), max_size=60)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_any_inline_text_is_refused_or_renders_to_what_was_checked(value):
    assume(forbidden_character(value) is None)  # refused before: tests/test_validate.py
    rich, findings = richtext.inline(value)
    if findings:
        assert rich is None
        return
    assert nh3.clean(rich.html, tags=set(richtext.INLINE_TAGS), attributes={"a": {"href", "title"}},
                     url_schemes=set(richtext.URL_SCHEMES), link_rel=None) == rich.html
    out = on_page(f"<p>{inline(rich)}</p>")
    assert same_dom(out, f"<p>{rich.html}</p>")
    for event in Dom(out).events:
        if event[0] == "start":
            assert not [n for n, _ in event[2] if n.startswith("on")]
            for name, val in event[2]:
                if name == "href":
                    assert richtext.safe_url(val)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_any_plain_text_is_shown_as_written(value):
    assume(forbidden_character(value) is None)
    out = on_page(f"<p>{htmlsafe.text(value)}</p>")
    assert Dom(out).plain == " ".join(value.split())
    assert elements(out) <= {"p"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_body_is_refused_or_rendered_without_exception(value):
    rich, findings = richtext.body(value)
    assert (rich is None) == bool(findings)
    if rich is not None:
        assert not [e for e in Dom(rich.html).events if e[0] == "start" and e[1] not in richtext.BODY_TAGS]


TOKENS = list("ab c*`[]()_&;#<>!\\-1.\"'") + [
    "https://x.org/a?b=1&c=2", "*em*", "* em*", "*em *", "`c`", "` c `", "``", "[t](https://e.org/p)",
    "[t](http://e.org/a_b(c))", "[*t*](https://e.org)", "&amp;", "&#42;", "word", "x*y*z", "**s**",
    "&#", "&#1", "&1;", "&x;", "`a`b`", "`&`", "`&1;`", "&"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=14).map("".join))
def test_the_fast_path_gives_the_parsers_bytes(value):
    text = htmlsafe.guard_start(htmlsafe.fold(value))
    fast = richtext.fast_inline(text)
    if fast is None:
        return
    out, raw = richtext._render(richtext._INLINE_MD, text)
    assert raw == [] and (f"<p>{fast}</p>" == out or (fast == "" and out == ""))


def test_the_fast_path_takes_the_common_cases():
    for text in ("The *Stable Diffusion* maker", "uses `GPU` chips", "per [Reuters](https://reuters.com/a?b=1&c=2)",
                 "R&D costs", "plain words, numbers 1.5 and (brackets)"):
        assert richtext.fast_inline(text) is not None, text
    for text in ("a*b*c", "x * y", "<b>", "&copy;", "a_b", "![x](https://e.org/p.png)", "\\*"):
        assert richtext.fast_inline(text) is None, text


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(TOKENS + [
    "\n", "\n\n", "\n\n\n", " \n", "\n  ", "\n# h", "\n## h *e*", "# x #", "\n- i", "\n- *i*", "\n> q",
    "\n> *q*", "\n1. i", "\n=", "\n---", "\n    x", "a  \nb", "\n\n- a\n- b\n\n", "\n\n> a\n> b\n\n",
    "\n\n## Head\n\n", "\n*x* y", "> ", "- ", "\n> ", "\n- "]), max_size=24).map("".join))
def test_the_fast_path_for_bodies_gives_the_parsers_bytes(value):
    fast = richtext.fast_body(value)
    if fast is None:
        return
    out, raw = richtext._render(richtext._BODY_MD, value)
    assert raw == [] and fast == out


def test_the_fast_path_takes_plain_paragraphs():
    assert richtext.fast_body("One *two*.\nThree `x`.\n\nFour [five](https://e.org).\n") == (
        '<p>One <em>two</em>.\nThree <code>x</code>.</p>\n<p>Four <a href="https://e.org">five</a>.</p>')
    assert richtext.fast_body("## Heading\n\n- a *b*\n- c\n\n> quote\n\ntext") == (
        "<h2>Heading</h2>\n<ul>\n<li>a <em>b</em></li>\n<li>c</li>\n</ul>\n<blockquote>\n<p>quote</p>\n</blockquote>"
        "\n<p>text</p>")
    for body in ("- a\n\n- b", "1. one", "    code", "text  \nbreak", "| a | b |", "```\ncode\n```", "a\n===",
                 "[ref]: https://e.org"):
        assert richtext.fast_body(body) is None, body


@pytest.mark.parametrize("source, html", [
    ("*Emph* first.", "<em>Emph</em> first."), ("**Strong** start", "<strong>Strong</strong> start"),
    ("_a_ b", "<em>a</em> b"), ("* list", "* list"), ("- x", "- x"), ("+ y", "+ y"), ("-5%", "-5%"),
    ("***", "***"), ("- - -", "- - -"), ("#h", "#h"), ("> q", "&gt; q"), ("1. x", "1. x"), ("!!! note", "!!! note"),
])
def test_emphasis_may_open_a_field_while_block_syntax_stays_text(source, html):
    rich, findings = richtext.inline(source)
    assert findings == [] and rich.html == html


def test_text_the_policy_refuses_is_shown_escaped_not_stripped():
    """show_inline's fallback escapes the text; a reader sees it as written (the excerpt's plain_text, which
    strips tags, once took its name and replaced it)."""
    from generator.content.richtext import show_inline

    assert str(show_inline("<script>alert(1)</script> &amp; x")) == "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; x"
