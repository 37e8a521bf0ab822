"""Helpers and session fixtures for the browser tests (test_browser.py, test_offline.py).

Both test modules load this file as a pytest plugin (``pytest_plugins``), so its
session fixtures run once per test session however many modules use them:
the two real builds (``python -m generator build`` and ``build --offline``
into temporary folders, the offline one unpacked from its zip as a reader gets
it), one ``http.server`` thread on 127.0.0.1, and one headless Chromium.

Chromium is Debian's (/usr/bin/chromium), driven by the Playwright package
from PyPI; no browser is downloaded. Every page gets a :class:`Network` guard
that aborts and records any request leaving the site under test, so nothing
reaches the network and a test can fail on it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
NODE_PACKAGES = (AXE, REPO / "node_modules" / "iframe-worker" / "shim" / "index.js")
TIMEOUT_MS = 10_000

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


# --- the sample content, read from briefings/ so the tests follow it -------------------------

@dataclass(frozen=True)
class Briefing:
    id: str
    title: str
    summary: str
    tags: tuple[str, ...]      # tag titles, in the annotation's order
    entities: tuple[str, ...]  # entity names
    story: str                 # story title


@functools.cache
def sample_briefings() -> tuple[Briefing, ...]:
    content = REPO / "briefings"
    tags = yaml.safe_load((content / "tags.yml").read_text(encoding="utf-8"))
    entities = yaml.safe_load((content / "entities.yml").read_text(encoding="utf-8"))
    stories = yaml.safe_load((content / "stories.yml").read_text(encoding="utf-8"))
    found = []
    for path in sorted((content / "articles").glob("*.yml")):
        ann = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append(Briefing(
            id=path.stem, title=ann["title"], summary=ann["summary"],
            tags=tuple(tags[t]["title"] for t in ann["tags"]),
            entities=tuple(entities[e]["name"] for e in ann.get("entities", ())),
            story=stories[ann["story"]]["title"] if ann.get("story") else ""))
    return tuple(found)


def plain(markdown: str) -> str:
    """Inline Markdown as a reader sees it (the samples use only *emphasis*)."""
    return re.sub(r"[*_`]", "", markdown)


def normalise(text: str) -> str:
    return " ".join(text.split())


def heading(page) -> str:
    """The page's h1 as a reader reads it (without the permalink sign)."""
    return normalise(page.locator("article h1").first.evaluate(
        "h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('')"))


# --- set-up ----------------------------------------------------------------------------------

def ensure_node_packages() -> None:
    """``npm ci`` when the pinned npm packages (axe-core, iframe-worker) are not installed."""
    if all(p.is_file() for p in NODE_PACKAGES):
        return
    result = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=REPO,
                            capture_output=True, text=True)
    if result.returncode or not all(p.is_file() for p in NODE_PACKAGES):
        pytest.fail(f"npm ci failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")


def run_build(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "generator", "build", *args], cwd=REPO,
                            capture_output=True, text=True)
    if result.returncode:
        pytest.fail(f"briefing build {' '.join(args)} failed (exit {result.returncode}):\n"
                    f"{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


@dataclass(frozen=True)
class Sites:
    online: Path    # python -m generator build --site-dir ...
    built: Path     # python -m generator build --offline --site-dir ...
    archive: Path   # the zip written beside it
    offline: Path   # the zip unpacked elsewhere: what a reader opens
    offline_log: str


@pytest.fixture(scope="session")
def sites(tmp_path_factory) -> Sites:
    ensure_node_packages()
    tmp = tmp_path_factory.mktemp("sites")
    run_build("--site-dir", str(tmp / "site"))
    log = run_build("--offline", "--site-dir", str(tmp / "site-offline"))
    archive = tmp / "site-offline.zip"
    unpacked = tmp / "reader"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(unpacked)
    return Sites(online=tmp / "site", built=tmp / "site-offline", archive=archive,
                 offline=unpacked / "site-offline", offline_log=log)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def served(folder: Path):
    """A built site served from a thread on 127.0.0.1 at an ephemeral port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="session")
def server(sites):
    """The online build served on 127.0.0.1 at an ephemeral port; yields its base URL."""
    with served(sites.online) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: 'make test' installs Debian's chromium "
                    f"(or: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# --- pages under guard -----------------------------------------------------------------------

@dataclass
class Network:
    """Lets through requests for the site under test; aborts and records every other one."""

    allowed_prefix: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)   # uncaught JavaScript errors

    def handle(self, route) -> None:
        url = route.request.url
        if url.startswith(self.allowed_prefix):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("internetdisconnected")


@dataclass
class Visit:
    """A browser tab on one build: ``visit.open("timeline/2024")`` opens that page."""

    page: object
    network: Network
    root: str            # base URL of the site
    directory_urls: bool

    def url(self, page: str = "") -> str:
        page = page.strip("/")
        if not page:
            return self.root + ("" if self.directory_urls else "index.html")
        return self.root + (page + "/" if self.directory_urls else page + ".html")

    def open(self, page: str = ""):
        self.page.goto(self.url(page))
        return self.page

    @property
    def pagefind(self) -> bool:
        """The online site searches with Pagefind; the offline edition with Material's own search."""
        return self.page.locator("#briefing-search").count() > 0

    def search(self, query: str) -> list[str]:
        """Type into the search box as a reader does; the titles of the results shown, best first."""
        page = self.page
        if self.pagefind:
            # the header's search control: a field-like button on wide screens, the magnifier on phones
            page.locator(".briefing-search__open, label.md-header__button[for=__search]").locator(
                "visible=true").first.click()
            box = page.locator("#briefing-search .pagefind-ui__search-input")
            box.wait_for()
            box.press_sequentially(query)
            # "6 results for Mostaque", "1 result for ...", "No results for ..."
            # ... and every result's fragment loaded (until then a result is a row of placeholder dots)
            # ... for the whole query: typed slowly (a loaded machine), a prefix's results show first
            page.wait_for_function("(q) => { const m = document.querySelector('.pagefind-ui__message');"
                                   " return m && /results? for/i.test(m.innerText) && m.innerText.includes(q)"
                                   " && !document.querySelector('#briefing-search .pagefind-ui__loading'); }", arg=query)
            return [normalise(t) for t in page.locator(
                ".pagefind-ui__result-inner > .pagefind-ui__result-title").all_inner_texts()]
        box = page.locator("input.md-search__input")
        box.click()
        # Material answers key presses (not a programmatic fill) once its index has loaded
        page.wait_for_function("() => !/initializ/i.test("
                               "document.querySelector('.md-search-result__meta').innerText)")
        box.press_sequentially(query)
        # "No matching documents", "1 matching document", "33 matching documents"
        page.wait_for_function("() => /matching document/i.test("
                               "document.querySelector('.md-search-result__meta').innerText)")
        return [normalise(t) for t in page.locator(".md-search-result__link h1").all_inner_texts()]

    def open_result(self, title: str) -> None:
        """Click the search result with this title."""
        selector = (".pagefind-ui__result-inner > .pagefind-ui__result-title a" if self.pagefind
                    else ".md-search-result__link")
        self.page.locator(selector, has_text=title).first.click()


@contextlib.contextmanager
def guarded_tab(browser, root: str, directory_urls: bool, allowed: str, device: dict | None = None):
    """A tab that fetches nothing outside ``allowed`` and records page errors; ``device``: Playwright's context
    options for another screen (viewport, touch), a 1280x900 desktop by default."""
    context = browser.new_context(color_scheme="light", service_workers="block",
                                  **(device or {"viewport": {"width": 1280, "height": 900}}))
    context.set_default_timeout(TIMEOUT_MS)
    network = Network(allowed)
    context.route("**/*", network.handle)
    page = context.new_page()
    page.on("pageerror", lambda error: network.errors.append(str(error)))
    try:
        yield Visit(page, network, root, directory_urls)
    finally:
        context.close()


def _fail_on_leaks(visit: Visit, what: str) -> None:
    if visit.network.outside:
        pytest.fail(f"{len(visit.network.outside)} request(s) left the machine from {what}: "
                    f"{visit.network.outside}")
    if visit.network.errors:
        pytest.fail(f"JavaScript errors on {what}: {visit.network.errors}")


@pytest.fixture
def online(browser, server):
    """A fresh tab on the online build over HTTP. Requests leaving 127.0.0.1 are aborted and fail
    the test, as do JavaScript errors: the site needs nothing from elsewhere (theme.font: false)."""
    with guarded_tab(browser, server, directory_urls=True, allowed=server) as visit:
        yield visit
    _fail_on_leaks(visit, "the online site")


@pytest.fixture
def offline(browser, sites):
    """A fresh tab on the unpacked offline build over file://. Any other request is aborted and
    fails the test, as do JavaScript errors."""
    with guarded_tab(browser, sites.offline.as_uri() + "/", directory_urls=False, allowed="file://") as visit:
        yield visit
    _fail_on_leaks(visit, "the offline site")


# --- accessibility ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    nodes: tuple[tuple[str, bool], ...]   # (CSS selector, inside the page's own content .md-content?)

    def __str__(self) -> str:
        where = ", ".join(f"{t}{'' if inside else ' (theme)'}" for t, inside in self.nodes[:6])
        return f"{self.impact} {self.rule}: {self.help}; {len(self.nodes)} element(s): {where}"


_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact || 'minor', help: v.help,
    nodes: v.nodes.map(n => {
      let el = null;
      try { el = document.querySelector(n.target[n.target.length - 1]); } catch (e) {}
      return [n.target.map(String).join(' '), !!(el && el.closest('.md-content'))];
    }),
  }));
}"""


# Resolves when the page looks as it will stay: its fonts loaded, and every finite CSS transition and
# animation (Material's search output fades in over 0.4 s) finished, including any that start as others end.
_SETTLED = """async () => {
  await document.fonts.ready;
  const finite = () => document.getAnimations().filter(a => a.playState === 'running'
      && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  for (let running = finite(); running.length; running = finite()) {
    await Promise.all(running.map(a => a.finished.catch(() => null)));
  }
}"""


def settle(page) -> None:
    """Wait until the page has its final look (what axe's colour-contrast rule measures)."""
    page.evaluate(_SETTLED)


def run_axe(page) -> list[Violation]:
    """axe-core's violations on the page once it has settled, axe loaded from node_modules into the page."""
    settle(page)
    page.add_script_tag(path=str(AXE))
    return [Violation(v["rule"], v["impact"], v["help"], tuple((t, bool(i)) for t, i in v["nodes"]))
            for v in page.evaluate(_AXE_RUN)]


# --- what a reader does, on either build (test_browser.py online, test_offline.py from file://) ---

MONTHS = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July",
                                      "August", "September", "October", "November", "December"], 1)}


def page_of(briefing: Briefing) -> str:
    return f"briefings/{briefing.id}"


def content_links(page) -> dict[str, str]:
    """Link text -> absolute URL (without #fragment) for every link in the page's own content."""
    links = page.eval_on_selector_all(
        "article.md-content__inner a[href]:not(svg a)", "els => els.map(a => [a.innerText, a.href])")
    return {normalise(text): href.split("#")[0] for text, href in links}


def click_tab(visit: Visit, name: str) -> None:
    visit.page.locator(".md-tabs__link", has_text=name).click()
    visit.page.wait_for_load_state()


def check_home_lists_the_briefings(visit: Visit) -> None:
    page = visit.open()
    # one headline per story, its briefings listed under it, newest first
    latest = [normalise(t) for t in page.locator("article.md-content__inner h3 + p + p + ul a").all_inner_texts()]
    newest_first = sorted(sample_briefings(), key=lambda b: b.id, reverse=True)
    assert [b.title for b in newest_first] == [t for t in latest if t in {b.title for b in newest_first}]
    links = content_links(page)
    for briefing in sample_briefings():
        assert links[briefing.title] == visit.url(page_of(briefing))


def check_briefing_page(visit: Visit, briefing: Briefing) -> None:
    """Reached from the home page: title, summary, tag chips, the entities involved."""
    page = visit.open()
    page.locator("article.md-content__inner li > a", has_text=briefing.title).first.click()
    page.wait_for_url(visit.url(page_of(briefing)))
    assert heading(page) == briefing.title
    assert page.title().startswith(briefing.title)
    summary = page.locator(".admonition.abstract")
    assert normalise(summary.locator(".admonition-title").inner_text()) == "Summary"
    assert plain(briefing.summary) in normalise(summary.inner_text())
    chips = [normalise(t) for t in page.locator("article .md-tags a.md-tag").all_inner_texts()]
    assert chips == list(briefing.tags)
    # the first five listed, the passing mentions after them folded under "Also mentioned"
    involved = page.locator("h2:has-text('Who is involved') + ul > li > a, "
                            "h2:has-text('Who is involved') + ul + details > ul > li > a").all_text_contents()
    assert [normalise(t) for t in involved] == list(briefing.entities)


def check_search(visit: Visit, query: str = "Mostaque") -> None:
    """Both briefings are found; clicking one opens it."""
    visit.open()
    titles = visit.search(query)
    for briefing in sample_briefings():
        assert briefing.title in titles
    first = sample_briefings()[0]
    visit.open_result(first.title)
    visit.page.wait_for_url(visit.url(page_of(first)) + "*")
    assert heading(visit.page) == first.title


def check_claims_fit_a_phone(visit: Visit) -> None:
    """At 390 px the story's claims matrix is stacked cards: every cell inside the screen, labelled by its source."""
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    visit.open("stories/mostaque-leaves-stability-ai")
    cells = page.locator(".briefing-matrix td, .briefing-matrix th[scope=row]")
    assert cells.count() >= 12  # four topics: the topic, how they relate, what each source says
    boxes = page.evaluate("""() => [...document.querySelectorAll('.briefing-matrix tbody :is(td, th)')]
        .filter(el => el.offsetParent !== null)
        .map(el => { const r = el.getBoundingClientRect(); return [r.left, r.right, el.scrollWidth - el.clientWidth]; })""")
    assert boxes and all(left >= 0 and right <= 390 and overflow <= 0 for left, right, overflow in boxes), boxes
    says = [normalise(t) for t in page.locator(".briefing-matrix td .briefing-matrix__say").all_inner_texts()]
    assert says[:2] == ["Article of 24 March 2024: high turnover of key personnel",  # each value names its source
                        "Article of 25 March 2024: three of the five main Stable Diffusion authors citing Forbes"]
    assert page.locator(".briefing-matrix thead").bounding_box()["width"] <= 1  # headers left to screen readers


def check_timeline_chart(visit: Visit) -> None:
    """The timeline's chart: a mark per briefing and event, each a link with its title, reached by Tab and opened."""
    page = visit.open("timeline" if visit.directory_urls else "timeline/index")
    marks = page.locator(".briefing-chart--timeline a")
    assert marks.count() == 5  # two briefings, three context events
    titles = [normalise(t) for t in page.locator(".briefing-chart--timeline a > title").all_text_contents()]
    assert any(t.startswith("Stability AI founder and CEO Emad Mostaque quits") for t in titles)
    hrefs = [marks.nth(i).get_attribute("href") for i in range(marks.count())]
    suffix = "/" if visit.directory_urls else ".html"  # the offline edition has no directory URLs
    assert all(h.split("#")[0].endswith(suffix) for h in hrefs), hrefs
    for _ in range(60):  # keyboard only: Tab until a mark has the focus
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.briefing-chart--timeline')"):
            break
    else:
        raise AssertionError("no chart mark is reachable with Tab")
    target = page.evaluate("() => new URL(document.activeElement.getAttribute('href'), location.href).href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target
    assert page.locator("article.md-content__inner h1").count() == 1  # a page of the site, not an error


def check_tag_and_story_pages(visit: Visit) -> None:
    """A tag chip leads to a tag page, and the story link to the story page; both link to every briefing."""
    briefings = sample_briefings()
    shared_tag = next(t for t in briefings[0].tags if all(t in b.tags for b in briefings))
    page = visit.open(page_of(briefings[0]))
    page.locator("article .md-tags a.md-tag", has_text=shared_tag).click()
    page.wait_for_url(re.compile(r"/tags/"))
    assert heading(page) == shared_tag
    links = content_links(page)
    for briefing in briefings:
        assert links[briefing.title] == visit.url(page_of(briefing))

    page.locator("article a", has_text=briefings[0].story).first.click()
    page.wait_for_url(re.compile(r"/stories/"))
    assert heading(page) == briefings[0].story
    links = content_links(page)
    for briefing in briefings:
        assert links[briefing.title] == visit.url(page_of(briefing))
    page.locator("article a", has_text=briefings[1].title).first.click()
    page.wait_for_url(visit.url(page_of(briefings[1])))
    assert heading(page) == briefings[1].title


def entry_date(text: str) -> tuple[int, int, int]:
    """'22 March 2024' -> (2024, 3, 22); 'March 2024' -> (2024, 3, 0); '2023' -> (2023, 0, 0)."""
    parts = text.split()
    return (int(parts[-1]), MONTHS[parts[-2]] if len(parts) >= 2 else 0,
            int(parts[0]) if len(parts) == 3 else 0)


def check_timeline_order(visit: Visit) -> None:
    """From the Timeline tab, every year page; all entries together are in date order."""
    page = visit.open()
    click_tab(visit, "Timeline")
    assert heading(page) == "Timeline"
    years = page.eval_on_selector_all("article.md-content__inner table a",
                                      "els => els.map(a => [a.innerText.trim(), a.href])")
    assert years, "the timeline overview links to no year"
    dates, titles = [], []
    for year, href in sorted(years):
        page.goto(href)
        assert heading(page).endswith(year)
        entries = page.locator("article.md-content__inner li:has(> strong)")
        for i in range(entries.count()):
            entry = entries.nth(i)
            dates.append(entry_date(normalise(entry.locator("> strong").first.inner_text())))
            titles.append(normalise(entry.locator("> a").first.inner_text()))
    assert dates == sorted(dates)
    assert {y for y, _, _ in dates} == {int(y) for y, _ in years}
    for briefing in sample_briefings():
        assert briefing.title in titles
