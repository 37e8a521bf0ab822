"""The online site in a real browser: Debian's Chromium, driven by Playwright, on the
site that ``python -m generator build`` writes, served over HTTP on 127.0.0.1.

The builds, the server and Chromium come from browser_support.py, once per session;
test_offline.py runs the same reader journeys on the offline build from file://.
"""

import pytest

pytest.register_assert_rewrite("browser_support")

from browser_support import (check_briefing_page, check_claims_fit_a_phone, check_timeline_chart,  # noqa: E402
                             check_home_lists_the_briefings,
                             check_search, check_tag_and_story_pages, check_timeline_order, page_of,
                             normalise, run_axe, sample_briefings)

pytest_plugins = ["browser_support"]


def test_home_page_lists_both_sample_briefings(online):
    check_home_lists_the_briefings(online)


@pytest.mark.parametrize("n", range(len(sample_briefings())))
def test_briefing_page_shows_summary_tags_and_entities(online, n):
    check_briefing_page(online, sample_briefings()[n])


def test_search_for_mostaque_finds_the_briefings_and_opens_one(online):
    check_search(online, "Mostaque")


def test_search_for_a_word_in_no_page_finds_nothing(online):
    online.open()
    assert online.search("zyzzyvaquux") == []
    assert "no results" in online.page.inner_text(".pagefind-ui__message").lower()


def test_online_search_finds_words_of_the_article_text(online):
    """Pagefind indexes each briefing's whole page, the article included (the offline index does not)."""
    online.open()
    assert online.search("burgeoning") == ["Emad Mostaque steps down as Stability AI chief executive to focus "
                                           "on decentralized AI"]


@pytest.mark.parametrize("n", range(len(sample_briefings())))
def test_a_briefing_comes_first_for_its_own_title_and_no_page_twice(online, n):
    briefing = sample_briefings()[n]
    online.open()
    titles = online.search(briefing.title)
    assert titles[0] == briefing.title
    assert len(titles) == len(set(titles))


STORY = "Emad Mostaque leaves Stability AI"
EARLY, LATE = ("Emad Mostaque steps down as Stability AI chief executive to focus on decentralized AI",
               "Stability AI founder and CEO Emad Mostaque quits to pursue decentralized AI")


@pytest.mark.parametrize("query, first", [
    ("Mostaque quits", [LATE]),  # a briefing first for the words of its title
    ("$8 million", [STORY, EARLY]),  # a figure: the story comparing it, then the briefing that gives it
    ("monthly burn", [STORY]),  # a claim's topic: the story's comparison
    ("Forbes authors", [STORY]),
    ("Bloomberg", ["Bloomberg"]),  # a name: its entity page, then the briefings
    ("Stability AI", [STORY]),  # a name a story's title gives: the story (then its briefings, then the entity)
    ("Sam Altman", ["Sam Altman"]),
    ("decentralized AI", ["Decentralized AI", EARLY]),  # a tag's title: the tag, then a briefing
])
def test_search_ranks_the_page_a_reader_wants_first_and_no_page_twice(online, query, first):
    online.open()
    titles = online.search(query)
    assert titles[:len(first)] == first
    assert len(titles) == len(set(titles))
    assert "Contributing to Briefing" not in titles  # the contributor docs stay out of reader search


def test_search_loads_nothing_until_opened_and_a_query_fetches_little(online):
    page = online.page
    requested, sizes = [], {}
    page.on("request", lambda r: requested.append(r.url))  # in the order they are made
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
    online.open()
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if "/pagefind/" in url] == []
    before = len(requested)
    assert online.search("Mostaque")
    page.wait_for_load_state("networkidle")
    # the browser may ask for the favicon late on a busy machine: that is not the search's doing
    query = [url for url in requested[before:] if not url.endswith("/favicon.png")]
    assert query and all("/pagefind/" in url for url in query), query
    assert sum(sizes.get(url, 0) for url in query) < 600 * 1024, {url: sizes.get(url) for url in query}


def test_a_tag_page_and_the_story_page_link_to_both_briefings(online):
    check_tag_and_story_pages(online)


def test_on_a_phone_no_claims_table_is_clipped(online):
    check_claims_fit_a_phone(online)


def test_timeline_lists_entries_in_date_order(online):
    check_timeline_order(online)


def test_light_dark_toggle_switches_and_is_remembered(online):
    page = online.open()
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    background = "getComputedStyle(document.body).backgroundColor"
    toggle = "form[data-md-component=palette] label:visible"
    assert page.evaluate(scheme) == "default"
    light = page.evaluate(background)
    assert page.locator(toggle).get_attribute("title") == "Switch to dark mode"
    page.locator(toggle).click()
    page.wait_for_function(f"{scheme} === 'slate'")
    dark = page.evaluate(background)
    assert dark != light
    page.reload()  # the choice is kept across pages
    assert page.evaluate(scheme) == "slate"
    assert page.evaluate(background) == dark
    assert page.locator(toggle).get_attribute("title") == "Switch to light mode"
    page.locator(toggle).click()
    page.wait_for_function(f"{scheme} === 'default'")
    assert page.evaluate(background) == light


# every page type the site has (online; tests/test_offline.py runs the offline edition's)
AXE_PAGES = {
    "home": "", "briefings": "briefings", "briefing": page_of(sample_briefings()[-1]),
    "stories": "stories", "story": "stories/mostaque-leaves-stability-ai", "timeline": "timeline",
    "year": "timeline/2024", "tags": "tags", "tag": "tags/leadership", "entities": "entities",
    "entity": "entities/emad-mostaque", "digests": "digests", "digest": "digests/2024-w13", "trends": "trends",
    "about": "about", "contributing": "contributing",
}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation_on_any_page_type(online, scheme, width):
    """axe-core, every rule and every impact, the theme's markup included: none on any page type."""
    online.page.emulate_media(color_scheme=scheme)
    online.page.set_viewport_size(WIDTHS[width])
    found = {}
    for name, path in AXE_PAGES.items():
        page = online.open(path)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == \
            {"light": "default", "dark": "slate"}[scheme]
        assert page.locator("article.md-content__inner h1").count() == 1, f"{name}: not a page of the site"
        violations = [str(v) for v in run_axe(page)]
        if violations:
            found[name] = violations
    assert found == {}


def test_without_a_pagefind_index_the_search_says_how_to_get_one(online):
    """As under 'briefing serve', which has no Pagefind index: a sentence, not a spinner or an error."""
    page = online.page
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="not found"))
    online.open()
    page.locator(".briefing-search__open").click()
    note = page.locator(".briefing-search__note")
    note.wait_for(state="visible")
    assert "briefing build" in note.inner_text()


def test_on_a_phone_the_magnifier_opens_the_search_focused_and_escape_closes_it(online):
    page = online.page
    page.set_viewport_size({"width": 390, "height": 844})
    online.open()
    assert not page.locator(".briefing-search__open").is_visible()  # the wide screens' field
    page.locator("label.md-header__button[for=__search]").click()
    box = page.locator("#briefing-search .pagefind-ui__search-input")
    box.wait_for(state="visible")
    page.wait_for_function("() => document.activeElement && "
                           "document.activeElement.classList.contains('pagefind-ui__search-input')")
    page.keyboard.type("Mostaque")
    page.locator(".pagefind-ui__result-inner > .pagefind-ui__result-title").first.wait_for()
    width = page.evaluate("document.querySelector('#briefing-search').getBoundingClientRect().right")
    assert width <= 390  # nothing clipped on the right
    page.keyboard.press("Escape")
    box.wait_for(state="hidden")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_dialog_with_results_has_no_accessibility_violation(online, scheme):
    online.page.emulate_media(color_scheme=scheme)
    online.open()
    assert online.search("Mostaque")
    assert [str(v) for v in run_axe(online.page)] == []


def test_timeline_chart_marks_are_links_reached_by_keyboard(online):
    check_timeline_chart(online)


def test_the_404_page_offers_the_archive_the_timeline_and_search(online):
    page = online.page
    page.goto(online.root + "404.html")
    assert page.locator("article h1").inner_text() == "Page not found"
    links = {text: href for text, href in page.eval_on_selector_all(
        "article a", "els => els.map(a => [a.innerText, a.href])")}
    assert links["All briefings"] == online.url("briefings")
    assert links["The timeline"] == online.url("timeline")
    assert page.locator(".briefing-search__open").count() == 1  # the search is on it, as on every page
    assert [str(v) for v in run_axe(page)] == []


def test_long_pages_list_their_sections_on_a_phone_where_the_theme_hides_its_contents(online):
    page = online.page
    page.set_viewport_size({"width": 390, "height": 844})
    online.open("stories/mostaque-leaves-stability-ai")
    onpage = page.locator("nav.briefing-onpage")
    assert onpage.is_visible()
    onpage.locator("summary").click()
    assert [normalise(t) for t in onpage.locator("a").all_inner_texts()][:3] == [
        "How the sources compare", "Sources", "Claims in detail"]
    onpage.locator("a", has_text="Claims in detail").click()
    page.wait_for_url("**#claims-in-detail")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not onpage.is_visible()  # the theme's own table of contents is beside the text


@pytest.mark.parametrize("where", ["briefing", "story"])
def test_on_a_phone_the_headline_and_summary_come_before_on_this_page(online, where):
    """Issue 26: "On this page" was above the title, and the summary began at the bottom of the first screen."""
    page = online.page
    page.set_viewport_size({"width": 390, "height": 844})
    online.open(page_of(sample_briefings()[1]) if where == "briefing" else "stories/mostaque-leaves-stability-ai")
    summary = page.locator("article .admonition.abstract" if where == "briefing" else "article h1 ~ p:not([class])")
    onpage = page.locator("nav.briefing-onpage")
    assert onpage.count() == 1 and onpage.is_visible()
    top = {name: box["y"] for name, box in (("h1", page.locator("article h1").bounding_box()),
                                            ("summary", summary.first.bounding_box()), ("onpage", onpage.bounding_box()))}
    assert top["h1"] < top["summary"] < top["onpage"]
    assert summary.first.bounding_box()["y"] < 844 - 200  # its first lines are on the first screen
    assert page.locator("article h1").bounding_box()["height"] <= 170  # the headline: a fifth of the screen, not 5 lines
    pager = page.locator("p.briefing-pager")
    assert pager.count() == 1 and pager.is_visible()  # the previous/next links
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not onpage.is_visible()


def test_the_archive_is_in_the_nav_and_every_generated_page_says_where_it_is(online):
    page = online.open()
    page.locator(".md-tabs__link", has_text="Briefings").click()
    page.wait_for_url(online.url("briefings"))
    assert page.locator("article h1").inner_text() == "Briefings"
    online.open(page_of(sample_briefings()[0]))
    crumbs = page.locator("nav.briefing-crumbs a")
    assert [normalise(t) for t in crumbs.all_inner_texts()] == ["Home", "Briefings"]
    assert normalise(page.locator(".md-tabs__item--active").inner_text()) == "Briefings"
    feeds = page.eval_on_selector_all('head link[rel="alternate"]', "els => els.map(l => [l.type, l.href])")
    assert feeds == [["application/atom+xml", online.root + "feed.xml"],
                     ["application/feed+json", online.root + "feed.json"]]


def test_no_page_type_is_wider_than_a_phone(online):
    """At 390 px nothing pushes the page sideways: wide tables become cards, charts scroll in their own box."""
    online.page.set_viewport_size(WIDTHS["phone"])
    wide = {}
    for name, path in AXE_PAGES.items():
        page = online.open(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[name] = width
    assert wide == {}


def test_a_timeline_on_a_phone_scrolls_with_its_lane_labels_kept_in_view(online):
    """A phone (390 px): the chart scrolls sideways, its text at 10.8 px or more; scrolled to its end, the lane
    labels (charts.timeline_block's copy) are still over its left edge, beside the marks, and a mark given the
    keyboard's focus is scrolled clear of them. On a wide screen the copy lies exactly on the chart's labels."""
    page = online.page
    geometry = """() => {
        const box = document.querySelector('.briefing-chart__scroll--lanes');
        const [chart, copy] = box.querySelectorAll(':scope > svg');
        const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
        return {box: rect(box), scroll: box.scrollWidth - box.clientWidth, copy: rect(copy),
                font: 14 * chart.getBoundingClientRect().width / chart.viewBox.baseVal.width,
                own: [...chart.querySelectorAll('.briefing-chart__lane > text')].map(rect),
                kept: [...copy.querySelectorAll('text')].map(rect),
                marks: [...chart.querySelectorAll('a > :not(title)')].map(rect)};
    }"""
    page.set_viewport_size({"width": 1280, "height": 900})
    online.open("entities/emad-mostaque")
    wide = page.evaluate(geometry)
    assert wide["scroll"] <= 0 and len(wide["own"]) == len(wide["kept"]) == 2
    for own, kept in zip(wide["own"], wide["kept"]):
        assert own == pytest.approx(kept, abs=0.5)
    page.set_viewport_size({"width": 390, "height": 844})
    online.open("entities/emad-mostaque")
    phone = page.evaluate(geometry)
    assert phone["scroll"] > 0 and phone["font"] >= 10.8
    page.evaluate("document.querySelector('.briefing-chart__scroll--lanes').scrollLeft = 10000")
    end = page.evaluate(geometry)
    assert end["copy"][0] == pytest.approx(end["box"][0], abs=0.5)  # stuck to the left edge
    assert all(end["box"][0] <= left and right <= end["copy"][2] for left, _, right, _ in end["kept"])
    last = max(end["marks"], key=lambda r: r[2])
    assert end["copy"][2] <= last[0] and last[2] <= end["box"][2]  # the latest mark in view, beside the labels
    # scrolled a little, the July 2023 event (at the axis's start) is under the labels: its focus scrolls it out
    page.evaluate("document.querySelector('.briefing-chart__scroll--lanes').scrollLeft = 60")
    july = page.locator(".briefing-chart__scroll--lanes a").nth(1)
    assert july.locator("rect").bounding_box()["x"] < end["copy"][2]
    july.focus()
    assert july.locator("rect").bounding_box()["x"] >= end["copy"][2] - 0.5
