"""Contributor text is shown, never executed; ids cannot write outside site_src/."""

import re
from html.parser import HTMLParser

import pytest

from project import briefing, make_project

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> [click](javascript:alert(1)) {: onclick="alert(2)" } *not-em*'
# fields that allow inline Markdown refuse raw HTML, so they get the Markdown-level attacks only
EVIL_INLINE = 'ok {: onclick="alert(3)" } `<b>code</b>` | pipe & [safe](https://example.org)'


def hostile_content():
    q = EVIL.replace('"', '\\"')
    qi = EVIL_INLINE.replace('"', '\\"')
    return {
        "briefings/tags.yml": f'evil:\n  title: "{q}"\n  description: "{qi}"\n  aliases: ["{q}"]\n',
        "briefings/entities.yml": f'villain:\n  name: "{q}"\n  kind: person\n  description: "{qi}"\n'
                                  f'  aliases: ["{q}"]\n  url: "https://example.org/a(b)<c>"\n',
        "briefings/stories.yml": f'plot:\n  title: "{q}"\n  date: "2024-01-01"\n  summary: "{qi}"\n',
        "briefings/events.yml": f'- date: "2023"\n  title: "{q}"\n  summary: "{qi}"\n  tags: [evil]\n'
                                f'  source: {{name: "{q}", url: "https://example.org/e"}}\n',
        "briefings/articles/attack.txt": "date 2024-01-02 " + EVIL + "\n\n# not a heading {: .x }\n\nEnd.\n",
        "briefings/articles/attack.yml": (
            f'title: "{q}"\nsummary: "{qi}"\ntags: [evil]\nentities: [villain]\nstory: plot\n'
            f'source: {{name: "{q}", author: "{q}", url: "https://example.org/s"}}\n'
            f'key_points: ["{qi}"]\nnote: "{qi}"\n'
            f'quotes: [{{text: "{q}", speaker: villain, context: "{qi}"}}]\n'
            f'claims: [{{topic: money, value: "{q}", detail: "{qi}"}}]\n'
        ),
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile"), hostile_content())
    config = root / "mkdocs.yml"  # the whole article text on the page (the offline edition's), not an excerpt
    config.write_text(config.read_text().replace("original_text: excerpt", "original_text: full"))
    result = briefing(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def our_pages(site):
    return {p: p.read_text() for p in site.rglob("*.html") if "assets" not in p.parts}


class Elements(HTMLParser):
    """Every element and attribute of a page, as the browser would see them."""

    def __init__(self, html):
        super().__init__()
        self.found, self.scripts, self._in_script = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        self._in_script = False


def test_no_markup_from_contributors_reaches_the_html(site):
    pages = our_pages(site)
    assert len(pages) > 10
    for path, html in pages.items():
        page = Elements(html)
        for tag, attrs in page.found:
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            assert not (attrs.get("href") or "").strip().lower().startswith("javascript:"), (path, attrs)
            assert tag not in ("img", "b"), (path, tag, attrs)
        assert not [s for s in page.scripts if "alert" in s], path


def test_contributor_text_is_visible_as_text(site):
    article = (site / "briefings/attack/index.html").read_text()
    assert "&lt;script&gt;alert(" in article  # the title, shown as written
    assert "[click](javascript:alert(1))" in article
    assert "*not-em*" in article  # no emphasis from a plain-text field
    assert "&lt;b&gt;code&lt;/b&gt;</code>" in article  # code span in an inline field kept as code
    assert '<a href="https://example.org">safe</a>' in article  # inline Markdown still works
    assert "# not a heading" in article  # article text cannot make headings


def test_urls_cannot_break_out_of_their_link(site):
    entity = (site / "entities/villain/index.html").read_text()
    assert 'href="https://example.org/a%28b%29%3Cc%3E"' in entity


def test_front_matter_cannot_be_injected(site):
    article = (site / "briefings/attack/index.html").read_text()
    title = re.search(r"<title>(.*?)</title>", article, re.S).group(1)
    assert "<script" not in title and "&lt;script&gt;" in title
    description = re.search(r'<meta name="description" content="([^"]*)"', article).group(1)
    assert "&lt;b&gt;code" in description  # the summary, escaped inside the attribute


@pytest.mark.parametrize("name", ["x..%2f..%2fescape", "Bad Name", "UPPER"])
def test_file_names_that_are_not_ids_are_refused(tmp_path, name):
    root = make_project(tmp_path, {
        "briefings/tags.yml": "t:\n  title: T\n",
        f"briefings/articles/{name}.txt": "date 2024-01-01 text\n",
        f"briefings/articles/{name}.yml": "title: T\nsummary: S\ntags: [t]\n",
    })
    result = briefing(root, "generate")
    assert result.returncode == 1
    assert f"error: article id '{name}' is not a valid id" in result.stderr
    assert not (root / "site_src/index.md").exists()
    assert not (tmp_path / "escape.md").exists()


def test_vocabulary_ids_that_could_escape_are_refused(tmp_path):
    root = make_project(tmp_path, {
        "briefings/tags.yml": '"../../escape":\n  title: T\n',
    })
    result = briefing(root, "generate")
    assert result.returncode == 1
    assert ("briefings/tags.yml:1:1: error: 'tag id' must be an id (lowercase letters, digits, hyphens), "
            "got '../../escape'") in result.stderr
    assert not (tmp_path.parent / "escape.md").exists()
