"""Every page type prints on A4 and Letter with nothing clipped (Chromium's PDF output, read back with pypdf).

The sample content plus a story of eight outlets (tests/test_story_layout.py) is built with MkDocs
and served on 127.0.0.1. Each page is printed by Chromium (``page.pdf``) on A4 and on Letter:
the PDF's text must hold every verdict of the story's comparison and the addresses of the
external links of the page's content, and, laid out for print at the paper's width, no element of
the content may reach past the page or hide part of itself in a scrolling box
(site_src/stylesheets/briefing.css, "Print").
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from browser_support import guarded_tab, served
from project import briefing, make_project
from test_story_layout import many_sources

pytest_plugins = ["browser_support"]

# the width a printout lays the page out at, in CSS pixels (96 per inch): the paper's (A4 210 mm, Letter 8.5 in)
# less the page margins of briefing.css (@page, 15 mm each side)
MARGINS_PX = 2 * 15 / 25.4 * 96
PAPERS = {"A4": int(210 / 25.4 * 96 - MARGINS_PX), "Letter": int(8.5 * 96 - MARGINS_PX),
          "A5": int(148 / 25.4 * 96 - MARGINS_PX)}  # A5: the narrowest, where a chart must shrink to the paper
PAGES = {  # one of each page type
    "home": "",
    "briefing": "briefings/2024-03-25-stability-ai-ceo-mostaque-quits/",
    "sourced briefing": "briefings/2023-12-17-sifted/",
    "story": "stories/mistral/",
    "sample story": "stories/mostaque-leaves-stability-ai/",
    "stories": "stories/",
    "entity": "entities/emad-mostaque/",
    "entities": "entities/",
    "tag": "tags/funding/",
    "tags": "tags/",
    "timeline": "timeline/",
    "year": "timeline/2024/",
    "digest": "digests/2024-w13/",
    "archive": "briefings/",
    "trends": "trends/",
    "about": "about/",
}
SHOTS = Path(os.environ.get("BRIEFING_PRINT_SHOTS", "")) if os.environ.get("BRIEFING_PRINT_SHOTS") else None


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The sample content and the story of eight outlets, built together."""
    root = make_project(tmp_path_factory.mktemp("print"))
    extra = many_sources()
    extra.pop("briefings/tags.yml")  # 'funding' is a tag of the sample content already
    extra.pop("briefings/entities.yml")  # so is 'bloomberg'
    stories = yaml.safe_load((root / "briefings/stories.yml").read_text())
    stories.update(yaml.safe_load(extra.pop("briefings/stories.yml")))
    (root / "briefings/stories.yml").write_text(yaml.safe_dump(stories, allow_unicode=True), encoding="utf-8")
    with (root / "briefings/topics.yml").open("a", encoding="utf-8") as topics:  # the story's topics
        topics.write("".join(f"{t}:\n  title: {t.replace('-', ' ').capitalize()}\n"
                             for t in ("december-round", "december-valuation", "microsoft-investment")))
    for rel, text in extra.items():
        (root / rel).write_text(text, encoding="utf-8")
    result = briefing(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    with served(root / "site") as url:
        yield url


# Elements of the content reaching past the paper's width, or hiding part of themselves in a box that scrolls
# or clips: what a printout would cut. [what, right edge or widths]
_CLIPPED = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || el.closest('svg')) continue;
    const style = getComputedStyle(el);
    const hides = ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const name = el.tagName + '.' + el.className;
    if (hides) out.push([name, el.scrollWidth, el.clientWidth]);
    else if (r.right > width + 0.5) out.push([name, Math.round(r.right)]);
  }
  return out;
}"""

# The addresses of the content's links to other sites, as a printout must show them
_EXTERNAL = """() => [...document.querySelectorAll('.md-content article a[href^="http"]')]
  .filter(a => a.getBoundingClientRect().width > 0).map(a => a.href)"""


def squeeze(text: str) -> str:
    """Text without white space and ligatures: a PDF's lines break where the paper's width says, and its text
    keeps the ligatures the font drew ("ﬁ")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", PAGES)
def test_every_page_prints_whole(browser, site_url, kind, paper):
    with guarded_tab(browser, site_url, directory_urls=True, allowed=site_url) as visit:
        page = visit.page
        page.set_viewport_size({"width": PAPERS[paper], "height": 1100})
        page.emulate_media(media="print")
        page.goto(site_url + PAGES[kind])
        page.evaluate("document.fonts.ready")
        assert page.evaluate(_CLIPPED, PAPERS[paper]) == []
        verdicts = page.locator(".briefing-matrix__verdict").all_inner_texts()
        cells = page.locator(".briefing-matrix :is(th, td)").all_inner_texts()
        links = page.evaluate(_EXTERNAL)
        if SHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = f"print-{kind.replace(' ', '-')}-{paper}"
            page.screenshot(path=str(SHOTS / f"{name}.png"))  # the first sheet's worth
            if cells:
                page.locator(".briefing-matrix").screenshot(path=str(SHOTS / f"{name}-matrix.png"))
        text = squeeze(pdf_text(page.pdf(format=paper, print_background=True)))
    if kind == "story":
        assert len(verdicts) == 3  # the comparison of the eight outlets
    for verdict in verdicts:
        assert squeeze(verdict) in text, verdict
    for cell in cells:  # the whole comparison: every topic and what every source says
        assert squeeze(cell) in text, cell
    for address in links:
        assert squeeze(address) in text, address
    if kind in ("sourced briefing", "story"):
        assert links  # the original articles' addresses are printed
