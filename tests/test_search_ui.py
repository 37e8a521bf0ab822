"""The online search dialog (overrides/javascripts/search.js, overrides/partials/search.html)
as a reader uses it: on a phone by touch (Chromium at 390x844, has_touch, is_mobile) and
from the keyboard on a wide screen (1280 px).

The site is built once for this module and served on 127.0.0.1; Chromium is the session's
(browser_support.py). Requests leaving the site and JavaScript errors fail the test.
"""


import pytest

pytest.register_assert_rewrite("browser_support")

from browser_support import (MONTHS, Visit, _fail_on_leaks, guarded_tab,  # noqa: E402
                             ensure_node_packages, normalise, run_axe, run_build, sample_briefings, served)

pytest_plugins = ["browser_support"]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
WIDE = {"viewport": {"width": 1280, "height": 900}}
QUERY = "Mostaque"
FIELD = "#briefing-search .pagefind-ui__search-input"
RESULT_LINKS = ".pagefind-ui__result-inner > .pagefind-ui__result-title > a"
MAGNIFIER = "label.md-header__button[for=__search]"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The online site, built once for this module, served on 127.0.0.1."""
    ensure_node_packages()  # axe-core, for the accessibility check
    site = tmp_path_factory.mktemp("search-ui") / "site"
    run_build("--site-dir", str(site))
    with served(site) as url:
        yield url


def tab(browser, root: str, device: dict):
    return guarded_tab(browser, root, True, root, device)


@pytest.fixture
def phone(browser, server):
    with tab(browser, server, PHONE) as visit:
        yield visit
    _fail_on_leaks(visit, "the search on a phone")


@pytest.fixture
def wide(browser, server):
    with tab(browser, server, WIDE) as visit:
        yield visit
    _fail_on_leaks(visit, "the search on a wide screen")


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def wait_focused(page, selector: str) -> None:
    page.wait_for_function("(s) => !!document.activeElement && document.activeElement.matches(s)", arg=selector)


def wait_results(page, query: str = QUERY) -> None:
    """Until Pagefind says how many results it found for the whole query and every fragment is in."""
    page.wait_for_function("(q) => { const m = document.querySelector('.pagefind-ui__message');"
                           " return m && /results? for/i.test(m.innerText) && m.innerText.includes(q)"
                           " && !document.querySelector('#briefing-search .pagefind-ui__loading'); }", arg=query)


def tap_open(visit: Visit, query: str = QUERY):
    """On the phone: tap the magnifier, type the query into the focused field, wait for the results."""
    page = visit.open()
    page.locator(MAGNIFIER).tap()
    wait_focused(page, ".pagefind-ui__search-input")
    page.keyboard.type(query)
    wait_results(page, query)
    return page


def key_open(visit: Visit, query: str = QUERY):
    """On the wide screen, keyboard only: "/" opens the search, the query is typed into its field."""
    page = visit.open()
    page.keyboard.press("/")
    wait_focused(page, ".pagefind-ui__search-input")
    page.keyboard.type(query)
    wait_results(page, query)
    return page


# --- on a phone, by touch ------------------------------------------------------------------

def test_on_a_phone_a_visible_close_control_closes_the_search_and_focus_returns_to_the_magnifier(phone):
    page = tap_open(phone)
    close = page.locator(".briefing-search__close")
    box = close.bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= 390
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844
    assert box["width"] >= 40 and box["height"] >= 40  # a target a finger can hit
    assert close.get_attribute("aria-label") == "Close search"
    url = page.url
    close.tap()
    page.locator(FIELD).wait_for(state="hidden")
    wait_focused(page, MAGNIFIER)
    assert page.url == url
    assert page.evaluate("history.state") is None  # the search's history step is left behind


def test_on_a_phone_the_back_button_closes_the_search_and_stays_on_the_page(phone):
    page = tap_open(phone)
    url = page.url
    page.go_back()
    page.locator(FIELD).wait_for(state="hidden")
    assert page.url == url
    wait_focused(page, MAGNIFIER)
    page.locator(MAGNIFIER).tap()  # and it opens again, its results still there
    page.locator(FIELD).wait_for(state="visible")
    assert page.locator(RESULT_LINKS).count() > 0


def test_on_a_phone_no_tap_reaches_the_page_behind_the_search(phone):
    page = tap_open(phone)
    # every point of the screen, its edges included, belongs to the search
    outside = page.evaluate("""() => {
        const found = [];
        for (let x = 1; x < innerWidth; x += 48) for (let y = 1; y < innerHeight; y += 48)
          for (const [px, py] of [[x, y], [x, innerHeight - 1], [innerWidth - 1, y]]) {
            const el = document.elementFromPoint(px, py);
            if (!el || !el.closest('.briefing-search'))
              found.push([px, py, el ? el.tagName + '.' + el.className : null]);
          }
        return found; }""")
    assert outside == []
    # and the page behind is inert: no tap, click or Tab reaches it
    assert page.evaluate("() => !!document.querySelector('.md-main').closest('[inert]')")
    page.evaluate("() => { window.__behind = []; document.addEventListener('click', e => {"
                  " if (!e.target.closest('.briefing-search')) window.__behind.push(e.target.tagName); }, true); }")
    url = page.url
    for x, y in ((1, 843), (389, 843), (1, 600), (389, 300)):
        page.touchscreen.tap(x, y)
    assert page.evaluate("window.__behind") == []
    assert page.url == url and page.locator(FIELD).is_visible()
    page.locator(".briefing-search__close").tap()
    page.locator(FIELD).wait_for(state="hidden")
    assert page.locator("[inert]").count() == 0  # closed, the page is the reader's again


def test_on_a_phone_the_filters_start_folded_and_the_first_result_is_near_the_top(phone):
    page = tap_open(phone)
    block = page.locator("details.pagefind-ui__filter-block")
    assert block.count() == 1 and not block.evaluate("d => d.open")
    assert not page.locator(".pagefind-ui__filter-checkbox").first.is_visible()
    first = page.locator(RESULT_LINKS).first.bounding_box()
    assert first["y"] < 844 * 0.3, first  # not half a screen down
    page.locator(".pagefind-ui__filter-name").tap()  # a tap unfolds them
    page.locator(".pagefind-ui__filter-checkbox").first.wait_for(state="visible")
    page.locator(".pagefind-ui__filter-label", has_text="Briefing").tap()
    page.wait_for_function("() => document.querySelectorAll('#briefing-search .pagefind-ui__result').length === 2")


def test_results_are_links_with_kind_and_date_and_no_section_repeats_the_title(phone):
    page = tap_open(phone)
    results = page.evaluate("""() => [...document.querySelectorAll('#briefing-search .pagefind-ui__result-inner')]
      .map(r => {
        const link = r.querySelector(':scope > .pagefind-ui__result-title > a');
        const style = getComputedStyle(link);
        const own = r.querySelector(':scope > .pagefind-ui__result-excerpt');
        return {title: link.innerText, href: link.href, underlined: style.textDecorationLine.includes('underline'),
                colour: style.color, text: getComputedStyle(r).color,
                meta: [...r.querySelectorAll('.pagefind-ui__result-tag')].map(t => t.innerText.trim()),
                excerpt: own ? own.innerText : '',
                sections: [...r.querySelectorAll('.pagefind-ui__result-nested .pagefind-ui__result-title')]
                          .map(t => t.innerText),
                metaTop: r.querySelector('.pagefind-ui__result-tags').getBoundingClientRect().top,
                excerptTop: (own || r.querySelector('.pagefind-ui__result-nested')).getBoundingClientRect().top};
      })""")
    assert len(results) >= 4
    for result in results:
        title = normalise(result["title"])
        assert result["href"].startswith(phone.root)
        assert result["underlined"] and result["colour"] != result["text"], result  # it looks like a link
        assert title.lower() not in [normalise(s).lower() for s in result["sections"]], result
        assert not normalise(result["excerpt"]).lower().startswith(title.lower()), result
        assert result["meta"] and result["meta"][0].startswith("Kind: "), result
        assert result["metaTop"] < result["excerptTop"]  # title, then kind and date, then the excerpt
    by_title = {normalise(r["title"]): r for r in results}
    month_names = {number: name for name, number in MONTHS.items()}
    for briefing in sample_briefings():
        year, month, day = (int(part) for part in briefing.id.split("-")[:3])  # 2024-03-24-...
        assert by_title[briefing.title]["meta"] == ["Kind: Briefing", f"Published: {day} {month_names[month]} {year}"]
    assert by_title[sample_briefings()[0].story]["meta"] == ["Kind: Story"]


# --- on a wide screen, from the keyboard ----------------------------------------------------

def test_from_the_field_arrow_down_reaches_the_first_result_and_arrow_up_comes_back(wide):
    page = key_open(wide)
    links = page.locator(".pagefind-ui__result-link")
    page.keyboard.press("ArrowDown")
    wait_focused(page, RESULT_LINKS)
    first = page.evaluate("document.activeElement.href")
    assert first == page.locator(RESULT_LINKS).first.evaluate("a => a.href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == links.nth(1).evaluate("a => a.href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert focused(page, ".pagefind-ui__search-input")
    assert page.locator(FIELD).input_value() == QUERY
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == first


def test_from_the_keyboard_every_search_control_shows_its_focus_the_filter_checkboxes_included(wide):
    page = key_open(wide)
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => { const el = document.activeElement, s = getComputedStyle(el);
            return {what: el.className || el.tagName, inside: !!el.closest('.md-search__inner'),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
                             && el.matches(':focus-visible')}; }"""))
    assert any("pagefind-ui__filter-checkbox" in s["what"] for s in seen), seen
    assert any("pagefind-ui__result-link" in s["what"] for s in seen), seen
    assert all(s["inside"] for s in seen), seen   # Tab never leaves the search for the page behind
    assert all(s["outline"] for s in seen), seen  # and every stop shows where it is
    page.locator(FIELD).focus()
    for _ in range(3):  # nor Shift+Tab, to the header's button behind the panel: past the field it leaves
        page.keyboard.press("Shift+Tab")  # the document (body), as from a page's first control
        assert page.evaluate("() => document.activeElement === document.body"
                             " || !!document.activeElement.closest('.md-search__inner')"), \
            page.evaluate("document.activeElement.outerHTML.slice(0, 120)")


@pytest.mark.parametrize("how", ["button", "slash"])
def test_escape_closes_the_search_and_focus_returns_to_the_search_button(wide, how):
    page = wide.open()
    if how == "button":
        page.locator(".briefing-search__open").focus()
        page.keyboard.press("Enter")
        wait_focused(page, ".pagefind-ui__search-input")
        page.keyboard.type(QUERY)
        wait_results(page)
    else:
        key_open(wide)
    page.keyboard.press("ArrowDown")  # from a result as from the field
    page.keyboard.press("Escape")
    page.locator(FIELD).wait_for(state="hidden")
    wait_focused(page, ".briefing-search__open")
    assert page.evaluate("history.state") is None
    assert page.locator("[inert]").count() == 0


def test_back_from_a_result_brings_the_search_back_with_its_query(wide):
    page = key_open(wide)
    url = page.url
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.go_back()
    assert page.url == url
    page.locator(FIELD).wait_for(state="visible")
    wait_results(page)
    assert page.locator(FIELD).input_value() == QUERY
    page.keyboard.press("Escape")  # and it closes as usual
    page.locator(FIELD).wait_for(state="hidden")
    wait_focused(page, ".briefing-search__open")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_open_search_with_results_has_no_accessibility_violation(phone, scheme):
    phone.page.emulate_media(color_scheme=scheme)
    page = tap_open(phone)
    assert [str(v) for v in run_axe(page)] == []
