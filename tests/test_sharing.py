"""Feeds and sharing: what feed readers and link previews get of the site.

The feeds name the outlet and link the original article only when the annotation
records them, and give tags by title; meta descriptions fit a link preview; a build
with the example site_url warns; every page names a share image that the site publishes.
"""

import html
import json
import re
import struct
from pathlib import Path

import feedparser
import pytest

from generator.build import generate
from generator.content.htmlsafe import DESCRIPTION_LIMIT, shorten
from project import briefing, make_project, tree
from conftest import MINIMAL_CONTENT

FIRST_SENTENCE = ("Stability AI's founder left the company on Friday, saying centralized AI cannot be beaten with "
                  "more centralized AI.")
LONG_SUMMARY = FIRST_SENTENCE + (" His exit follows other departures of top talent, and reports that the company "
                                 "burned through millions of dollars every month.")
SOURCED = {
    "briefings/articles/c.txt": "date 2024-03-26 First paragraph of the outlet's report.\n\nA second paragraph.\n",
    "briefings/articles/c.yml": f"""\
        title: Mostaque quits, says the outlet
        summary: "{LONG_SUMMARY}"
        tags: [leadership, funding]
        source:
          name: Forbes
          url: https://www.forbes.com/sites/mostaque-quits/
          author: Jane Reporter
        """,
}
CONTENT = {**MINIMAL_CONTENT, **SOURCED}


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path / "p", CONTENT)
    generate(root / "briefings", root / "site_src", root / "mkdocs.yml")
    return root


# --- feeds ---------------------------------------------------------------------------------------

def test_atom_feed_is_valid_and_names_the_outlet_links_the_original_and_labels_the_tags(project):
    parsed = feedparser.parse((project / "site_src/feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    entries = {e.id.rstrip("/").rsplit("/", 1)[-1]: e for e in parsed.entries}
    c = entries["c"]
    assert [p.name for p in c.contributors] == ["Forbes", "Jane Reporter"]
    assert [(link.rel, link.href, link.get("title")) for link in c.links if link.rel == "via"] == [
        ("via", "https://www.forbes.com/sites/mostaque-quits/", "Forbes")]
    assert [(t.term, t.label) for t in c.tags] == [("leadership", "Leadership"), ("funding", "Funding")]
    # no outlet recorded: none invented, no link but the briefing's own
    a = entries["a"]
    assert "contributors" not in a and [link.rel for link in a.links] == ["alternate"]
    # every entry has what RFC 4287 requires (id, title, updated; the author is the feed's)
    assert parsed.feed.author == "Briefing"
    assert all(e.id and e.title and e.updated for e in parsed.entries)


def test_json_feed_follows_the_format_and_names_the_outlet_links_the_original_and_titles_the_tags(project):
    feed = json.loads((project / "site_src/feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and isinstance(feed["title"], str)
    for item in feed["items"]:  # the format's rules: a string id, a content, extensions named with "_"
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
        assert all(isinstance(tag, str) for tag in item["tags"])
        unknown = set(item) - {"id", "url", "external_url", "title", "content_html", "content_text", "summary",
                               "image", "banner_image", "date_published", "date_modified", "authors", "tags",
                               "language", "attachments"}
        assert all(key.startswith("_") for key in unknown), unknown
    items = {item["id"]: item for item in feed["items"]}
    c, a = items["c"], items["a"]
    assert c["external_url"] == "https://www.forbes.com/sites/mostaque-quits/"
    assert c["_briefing"] == {"outlet": "Forbes", "byline": "Jane Reporter"}
    assert c["tags"] == ["Leadership", "Funding"]
    assert "external_url" not in a and "_briefing" not in a and "authors" not in a


# --- meta descriptions -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Short enough.", "Short enough."),
    # a sentence end that keeps at least half of the limit
    ("A" * 100 + " ends here. " + "Then more words follow " * 5, "A" * 100 + " ends here."),
    # no sentence end: at a word, with an ellipsis
    ("word " * 40, ("word " * 32).rstrip() + "…"),
    ("wordy " * 40, ("wordy " * 26).rstrip() + "…"),
    ("x" * 200, "x" * 159 + "…"),
])
def test_shorten_cuts_at_a_sentence_or_a_word_within_the_limit(text, expected):
    assert shorten(text) == expected
    assert len(shorten(text)) <= DESCRIPTION_LIMIT


def test_every_page_description_fits_a_link_preview(project):
    descriptions = {}
    for path, data in tree(project / "site_src").items():
        found = re.search(r'^description: (.*)$', data.decode("utf-8", "replace"), re.M) if path.endswith(".md") else None
        if found:
            value = found.group(1)
            descriptions[path] = html.unescape(json.loads(value) if value.startswith('"') else value)
    kinds = {path.split("/")[0] for path in descriptions}
    assert {"briefings", "stories", "tags", "entities", "digests", "timeline", "index.md", "trends.md"} <= kinds
    for path, text in descriptions.items():
        assert len(text) <= DESCRIPTION_LIMIT, path
        assert not re.search(r"\s…$", text), (path, text)  # cut after a word, not after a space
    # the long summary is cut at its first sentence, the rest of the text is on the page
    assert len(LONG_SUMMARY) > DESCRIPTION_LIMIT and descriptions["briefings/c.md"] == FIRST_SENTENCE


# --- the site build: the example host, the share image ---------------------------------------------

def test_build_warns_when_site_url_is_the_example_host_and_publishes_the_share_image(tmp_path):
    root = make_project(tmp_path / "p", MINIMAL_CONTENT)
    result = briefing(root, "build")
    assert result.returncode == 0, result.stderr
    assert ("warning: mkdocs.yml: site_url is https://briefing.example.org/, an example host: the canonical links, "
            "og:url, og:image and the feeds' links of every page point there\n"
            "hint: set site_url in mkdocs.yml to the address the site is published at\n") in result.stderr
    page = (root / "site/briefings/a/index.html").read_text(encoding="utf-8")
    image = "https://briefing.example.org/assets/images/briefing-share.png"
    assert f'<meta property="og:image" content="{image}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    png = (root / "site/assets/images/briefing-share.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack(">II", png[16:24]) == (1200, 630)


def test_build_with_a_real_site_url_does_not_warn_and_takes_its_share_image_from_the_config(tmp_path):
    root = make_project(tmp_path / "p", MINIMAL_CONTENT)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("https://briefing.example.org/", "https://ai-briefing.news/")
    text = text.replace("share_image: assets/images/briefing-share.png", "share_image: https://cdn.test/card.png")
    config.write_text(text, encoding="utf-8")
    result = briefing(root, "build")
    assert result.returncode == 0, result.stderr
    assert "site_url" not in result.stderr and "example host" not in result.stderr
    page = (root / "site/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://cdn.test/card.png">' in page
    assert '<meta property="og:url" content="https://ai-briefing.news/">' in page
    assert "https://ai-briefing.news/feed.xml" in (root / "site/feed.xml").read_text(encoding="utf-8")


def test_readme_says_why_the_share_image_is_one_per_site():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "share_image" in readme and "Cairo" in readme and "site_url" in readme
