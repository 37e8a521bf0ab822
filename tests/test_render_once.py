"""Render once: the generator writes each page's HTML (generator/pages/headings.py gives its headings their ids and
table of contents), and hooks/generated_pages.py has MkDocs take it as it is, links resolved and checked."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import markdown
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages import headings
from tests.project import REPO, briefing, make_project

# Words a heading can hold that mean nothing to Markdown, so the same text is a Markdown heading and an HTML one
WORDS = st.text(alphabet=st.sampled_from(list("aZé ß1 9'.,:?()\"’“”–-/$€%&łÇ日本\t")), max_size=30)


def python_markdown(headings_: list[tuple[int, str, str | None]]) -> tuple[list[str], list]:
    """The ids and the table of contents Python-Markdown's toc extension (as MkDocs ran it) gives these headings."""
    source = "\n\n".join("#" * level + " " + text + (f" {{ #{anchor} }}" if anchor else "")
                         for level, text, anchor in headings_)
    md = markdown.Markdown(extensions=["toc", "attr_list"], extension_configs={"toc": {"permalink": True}})
    out = md.convert(source)

    def flat(tokens):
        for t in tokens:
            yield [t["level"], t["id"], t["name"]]
            yield from flat(t["children"])
    return re.findall(r'<h\d id="([^"]*)"', out), list(flat(md.toc_tokens))


def ours(headings_: list[tuple[int, str, str | None]]) -> tuple[list[str], list]:
    body = "\n".join(f"<h{level}{f' id={chr(34)}{anchor}{chr(34)}' if anchor else ''}>{html.escape(text, quote=False)}"
                     f"</h{level}>" for level, text, anchor in headings_)
    page = headings.finish(f"---\ntitle: x\n---\n{body}\n")
    front, out = page.split("\n---\n", 1)
    return re.findall(r'<h\d id="([^"]*)"', out), json.loads(yaml.safe_load(front.removeprefix("---\n"))["toc"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), WORDS.filter(str.strip), st.sampled_from([None, None, "compare", "x-1"])),
                min_size=1, max_size=8))
def test_headings_get_the_ids_and_table_of_contents_python_markdown_gave_them(found):
    found = [(level, " ".join(text.split()), anchor) for level, text, anchor in found]
    assert ours(found) == python_markdown(found)


def test_repeated_headings_get_the_same_suffixes_as_before():
    found = [(2, "2024", None), (2, "2024", None), (3, "Key points", None), (2, "Key points", None), (2, "", None)]
    ids, _toc = ours(found)
    assert ids == python_markdown(found)[0] == ["2024", "2024_1", "key-points", "key-points_1", "_1"]


def test_every_heading_gets_a_permalink_but_an_articles_own_text_is_left_as_written():
    page = headings.finish('---\ntitle: x\n---\n<h2 data-search-exclude>Key points</h2>\n'
                           '<div class="briefing-text">\n<h2>Inside</h2>\n</div>\n')
    assert ('<h2 id="key-points" data-search-exclude>Key points<a class="headerlink" href="#key-points" '
            'title="Permanent link">&para;</a></h2>') in page
    assert "<h2>Inside</h2>" in page
    assert 'toc: "[[2, \\"key-points\\", \\"Key points\\"]]"\n---\n' in page and "body: html\n" in page


# --- the hook, in real MkDocs builds ---------------------------------------------------------------------------

ARTICLE = "site_src/briefings/2024-03-24-mostaque-steps-down-decentralized-ai.md"


def mkdocs(root, *args):
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd=root,
                          capture_output=True, text=True)


def edited(root, old: str, new: str) -> None:
    page = root / ARTICLE
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_generated_page_is_themed_with_its_links_resolved_and_its_table_of_contents(tmp_path):
    root = make_project(tmp_path)
    assert briefing(root, "generate").returncode == 0
    edited(root, '[2, \\"key-points\\", \\"Key points\\"]', '[2, \\"key-points\\", \\"Key points, from the front matter\\"]')
    edited(root, "<p>Emad Mostaque, founder", '<p>A summary that reads href="../tags/nope.md" Emad Mostaque, founder')
    result = mkdocs(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site/briefings/2024-03-24-mostaque-steps-down-decentralized-ai/index.html").read_text()
    assert '<a class="md-tag md-tag-icon" href="../../tags/leadership/">Leadership</a>' in page
    assert 'href="../../stories/mostaque-leaves-stability-ai/#monthly-burn">Other sources</a>' in page
    assert 'href="#key-points"' in page and "Key points, from the front matter" in page  # the table of contents
    assert 'reads href="../tags/nope.md" Emad' in page  # text, not a link: left as written


def test_a_link_to_no_page_or_no_anchor_fails_the_build_naming_the_page_and_the_link(tmp_path):
    root = make_project(tmp_path)
    assert briefing(root, "generate").returncode == 0
    edited(root, 'href="../tags/leadership.md"', 'href="../tags/nowhere.md"')
    result = mkdocs(root)
    assert result.returncode != 0
    assert ("Doc file 'briefings/2024-03-24-mostaque-steps-down-decentralized-ai.md' contains a link "
            "'../tags/nowhere.md', but the target is not found among documentation files.") in result.stderr
    edited(root, 'href="../tags/nowhere.md"', 'href="../stories/mostaque-leaves-stability-ai.md#no-such-topic"')
    result = mkdocs(root)
    assert result.returncode != 0
    assert "does not contain an anchor '#no-such-topic'" in result.stderr
    assert "briefings/2024-03-24-mostaque-steps-down-decentralized-ai.md" in result.stderr


def test_generated_pages_say_they_are_html_and_hand_written_pages_stay_markdown(tmp_path):
    root = make_project(tmp_path)
    assert briefing(root, "generate").returncode == 0
    front = yaml.safe_load((root / ARTICLE).read_text().split("\n---\n")[0].removeprefix("---\n"))
    assert front["body"] == "html" and json.loads(front["toc"])[0][0] == 1
    assert json.loads(front["toc"])[1] == [2, "key-points", "Key points"]
    assert "body:" not in (root / "site_src/about.md").read_text()


# --- the theme's navigation and tabs, once per folder (hooks/theme_once.py) -------------------------------------

def load_hook(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_navigation_is_rendered_once_per_folder_for_pages_outside_it():
    from types import SimpleNamespace as Page

    hook = load_hook("theme_once")
    index = Page(url="briefings/")
    nav = Page(pages=[index])
    calls = []

    def render(page, name="nav"):
        return hook.theme_once(name, page, nav, caller=lambda: calls.append(page.url) or f"<nav {page.url}>")

    assert render(Page(url="briefings/a/")) == render(Page(url="briefings/b/")) == "<nav briefings/a/>"
    assert render(Page(url="tags/t/")) == "<nav tags/t/>"
    assert render(index) == render(index) == "<nav briefings/>"  # in the navigation: its own, every time
    assert render(Page(url="briefings/c/"), "tabs") == "<nav briefings/c/>"  # each block has its own
    assert calls == ["briefings/a/", "tags/t/", "briefings/", "briefings/", "briefings/c/"]


def test_every_page_is_the_same_byte_for_byte_with_the_navigation_rendered_once(tmp_path):
    root = make_project(tmp_path)
    assert briefing(root, "generate").returncode == 0
    once = mkdocs(root, "-d", "once")
    config = (root / "mkdocs.yml").read_text()
    assert "hooks/theme_once.py" in config
    (root / "mkdocs.yml").write_text("\n".join(line for line in config.splitlines() if "theme_once" not in line))
    every = mkdocs(root, "-d", "every")
    assert once.returncode == every.returncode == 0, once.stderr + every.stderr
    pages = sorted(p.relative_to(root / "every") for p in (root / "every").rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        assert (root / "once" / page).read_bytes() == (root / "every" / page).read_bytes(), page


def test_a_synthetic_archive_builds_strictly_with_every_link_and_anchor_resolving(tmp_path):
    """Every link the generator writes is checked now, the charts' included: at 200 articles a month bar once
    linked to a heading its year page did not have (a date known only to its year counts in January)."""
    root = tmp_path / "n200"
    made = subprocess.run([sys.executable, str(REPO / "benchmarks/corpus.py"), "--articles", "200", "--out", str(root)],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert briefing(root, "generate").returncode == 0
    charts = (root / "site_src/timeline/index.md").read_text()
    assert "#sometime-in-" in charts and 'class="briefing-chart__bar"' in charts  # the case: bars per month
    result = mkdocs(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING -" not in result.stderr
