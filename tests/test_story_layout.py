"""A story of many sources reads at any width: nothing on its page scrolls sideways (Chromium).

A story built from eight outlets, as real reporting on Mistral AI's funding gives its
figures (long outlet names, attributions to unnamed people, values in two currencies),
is built with MkDocs and opened at 1280 px (a laptop) and 390 px (a phone).
"""

from __future__ import annotations

import pytest
import yaml

from browser_support import guarded_tab, served
from project import built_project

pytest_plugins = ["browser_support"]

OUTLETS = ["Reuters", "CNBC", "The Wall Street Journal", "Financial Times", "TechCrunch", "Bloomberg News",
           "Le Monde", "Sifted"]
# per outlet: (December round, valuation, Microsoft's investment); None: not covered
VALUES = [("$415 million", "$2 billion", "$16.3 million"), ("$415 million", "about $2 billion", "$16 million"),
          ("$415 million", None, "$16 million"), ("about €400mn", "€1.85bn", None),
          ("$415 million", "$2 billion", "$16.3 million"), ("$415 million", "nearly $2 billion", None),
          ("385 millions d'euros", "environ 2 milliards de dollars", "15 millions d'euros"),
          (None, "$2bn", "€15m")]


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def many_sources() -> dict:
    files = {"briefings/tags.yml": dump({"funding": {"title": "Funding"}}),
             "briefings/entities.yml": dump({"bloomberg": {"name": "Bloomberg", "kind": "organization"}}),
             "briefings/stories.yml": dump({"mistral": {"title": "Mistral AI raises money", "date": "2023-12-10",
                                                        "summary": "Rounds and investors."}})}
    topics = ("december-round", "december-valuation", "microsoft-investment")
    for day, (outlet, values) in enumerate(zip(OUTLETS, VALUES), start=10):
        stem = f"2023-12-{day}-{outlet.lower().replace(' ', '-')}"
        files[f"briefings/articles/{stem}.txt"] = f"date 2023-12-{day} Mistral AI raised money.\n"
        claims = [{"topic": t, "value": v} for t, v in zip(topics, values) if v]
        claims[0]["attributed_to"] = "bloomberg"
        files[f"briefings/articles/{stem}.yml"] = dump({
            "title": f"Mistral AI's round, as {outlet} reported it", "summary": "A round.", "tags": ["funding"],
            "story": "mistral", "source": {"name": outlet, "url": "https://example.org/" + stem}, "claims": claims})
    return files


@pytest.fixture(scope="module")
def story_url(tmp_path_factory):
    with served(built_project(tmp_path_factory.mktemp("many"), many_sources()) / "site") as url:
        yield url


# Elements of the page's content wider than their box (scrolling sideways), or reaching past the window.
# Left out: a timeline chart on a phone, which is wider than the screen by design and scrolls in its own
# named, focusable region (charts.py).
_OVERFLOWS = """() => {
  const out = [];
  if (document.documentElement.scrollWidth > window.innerWidth) out.push(['page', document.documentElement.scrollWidth]);
  for (const el of document.querySelectorAll('article *')) {
    if (el.closest('.briefing-chart__scroll')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    const style = getComputedStyle(el);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    if (scrolls || r.right > window.innerWidth + 0.5) out.push([el.tagName + '.' + el.className + ' ' + (el.closest('[id]') || {}).id, Math.round(r.right), el.scrollWidth, el.clientWidth]);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_a_story_of_eight_sources_needs_no_sideways_scrolling(browser, story_url, width, tmp_path):
    with guarded_tab(browser, story_url, directory_urls=True, allowed=story_url) as visit:
        page = visit.page
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(story_url + "stories/mistral/")
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(tmp_path / f"story-{width}.png"), full_page=True)
        assert page.locator(".briefing-matrix tbody tr").count() == 3
        assert page.evaluate(_OVERFLOWS) == []
        verdicts = page.locator(".briefing-matrix__verdict").all_inner_texts()
        assert [v.split(":")[0].split(".")[0].strip() for v in verdicts] == ["Compatible", "Compatible", "Agree"]
        assert "Not compared: Financial Times's about €400mn (in euros)" in verdicts[2]
