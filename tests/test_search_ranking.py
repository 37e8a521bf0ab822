"""Search ranks what readers mean: on a site of real reporting (tests/real_reporting/briefings/: 15 briefings
in 4 stories), a query that names a story finds the story first, then its briefings by importance and date;
a briefing's own words, its outlet, the people in it and its figures find it first.

The site is built once by the real ``briefing build``; the queries go through Pagefind's own index and its
own search code (the built ``pagefind/pagefind.js`` and its WebAssembly) in Debian's Chromium, with Pagefind's
default ranking, as the site's search (overrides/javascripts/search.js) uses it: what ranks is in the index
(``generator/site/search.py``: the weights and ``rank`` fields of each record, and the templates' marks).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from browser_support import served
from project import briefing, make_project

pytest_plugins = ["browser_support"]

CORPUS = Path(__file__).resolve().parent / "real_reporting" / "briefings"

OUSTER = "stories/openai-board-ousts-sam-altman/"
INFLECTION = "stories/microsoft-hires-inflection-ai-team/"
MISTRAL = "stories/mistral-ai-funding-and-valuation/"
STABILITY = "stories/mostaque-leaves-stability-ai/"
FIRED = "briefings/2023-11-17-openai-board-fires-sam-altman/"
BROCKMAN = "briefings/2023-11-18-greg-brockman-quits-openai/"
SHEAR = "briefings/2023-11-20-microsoft-hires-altman-shear-interim-ceo/"
RETURNS = "briefings/2023-11-22-altman-returns-as-openai-ceo-new-board/"
OBSERVER = "briefings/2023-11-30-altman-officially-back-microsoft-board-observer/"
SULEYMAN = "briefings/2024-03-19-microsoft-hires-inflection-founders-suleyman-simonyan/"
PAYS_650 = "briefings/2024-03-21-microsoft-pays-inflection-650-million/"
LICENCE = "briefings/2024-03-22-microsoft-inflection-licensing-fee-and-waiver/"
FTC = "briefings/2024-06-06-ftc-investigates-microsoft-inflection-deal/"
NEARS_2BN = "briefings/2023-12-04-mistral-nears-funding-at-2-billion-valuation/"
RAISES_385 = "briefings/2023-12-11-mistral-raises-385-million-euros/"
AZURE = "briefings/2024-02-26-microsoft-invests-in-mistral-ai/"
RAISES_600 = "briefings/2024-06-11-mistral-raises-600-million-euros-at-5-8-billion/"
RESIGNS = "briefings/2024-03-23-stability-ai-ceo-emad-mostaque-resigns/"
BURNED = "briefings/2024-03-25-stability-ai-burned-cash-before-mostaque-exit/"

# query -> the results a reader expects first, in order
QUERIES = {
    # a story named: the story, then its briefings by importance
    "Altman fired": [OUSTER],
    "OpenAI board Altman": [OUSTER, RETURNS, FIRED],
    "Mistral valuation": [MISTRAL],
    "Mistral funding": [MISTRAL],
    "Mistral": [MISTRAL, RAISES_600],  # importance 5 (4 and 3 are told apart only by their headline's weight)
    "Altman": [OUSTER, RETURNS, FIRED],  # the two of importance 5 (no date signal in Pagefind: by their words)
    "Inflection Microsoft": [INFLECTION],
    "Microsoft hires Inflection": [INFLECTION],
    "Mostaque leaves Stability": [STABILITY],
    "Stability AI Mostaque": [STABILITY, RESIGNS],
    # a briefing's own words
    "Altman returns": [RETURNS],
    "Brockman": [BROCKMAN],
    "Brockman quits": [BROCKMAN],
    "Mostaque resigns": [RESIGNS],
    "Microsoft observer seat": [OBSERVER],
    "Mistral Large Azure": [AZURE],
    # a claim's topic: the story that compares it, then the briefing that gives it
    "licensing fee waiver": [INFLECTION, LICENCE],
    "FTC": [FTC],
    "Stability burning cash": [BURNED],
    # a name in a headline: that briefing; a name in no headline: its entity page (which lists its briefings),
    # then the briefings that name it
    "Emmett Shear": [SHEAR],
    "Suleyman": [SULEYMAN],
    "Bret Taylor": ["entities/bret-taylor/", RETURNS],
    "Sutskever": ["entities/ilya-sutskever/", OBSERVER],
    "General Catalyst": ["entities/general-catalyst/", RAISES_600],
    # an outlet: its page, then its briefings; with a subject, its briefing on the subject
    "Straits Times": ["entities/straits-times/", LICENCE],
    "Engadget": ["entities/engadget/", FTC],
    "Axios": ["entities/axios/", RETURNS],
    "Reuters Mistral": [RAISES_600],
    # a figure in a headline: that briefing; in no headline: the story that lines up its claims, then the
    # briefing (as test_browser's "$8 million")
    "$650 million": [PAYS_650],
    "650 million": [PAYS_650],
    "$620": [LICENCE],
    "$86 billion": [OUSTER, SHEAR],
    "€385 million": [RAISES_385],
    "600 million euros": [RAISES_600],
    "$2 billion valuation": [NEARS_2BN],
}

SEARCH = """async (query) => {
  window.__pagefind = window.__pagefind || await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  const search = await window.__pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
  return data.map(d => d.url);
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("real-reporting"), {})
    shutil.copytree(CORPUS, root / "briefings")
    result = briefing(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def search(site, browser):
    """Runs a query through the built site's Pagefind in Chromium (the session's one browser); returns the
    first results' paths."""
    with served(site) as base:
        page = browser.new_page()
        page.goto(base + "404.html")

        def run(query: str) -> list[str]:
            return [url.removeprefix("/") for url in page.evaluate(SEARCH, query)]

        yield run
        page.close()


def test_the_real_reporting_corpus_checks_without_a_problem_or_warning(tmp_path):
    root = make_project(tmp_path, {})
    shutil.copytree(CORPUS, root / "briefings")
    result = briefing(root, "check", "--strict", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert not report.get("problems") and not report.get("warnings"), report


@pytest.mark.parametrize("query, first", QUERIES.items(), ids=list(QUERIES))
def test_a_query_finds_what_the_reader_means_first(search, query, first):
    found = search(query)
    assert found[:len(first)] == first, found
    assert len(found) == len(set(found))
