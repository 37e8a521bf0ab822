"""Search at scale, measured in a real browser: ``python benchmarks/search.py SITE_DIR``.

On a site built by ``mkdocs build`` (run.py makes one) it

* runs Pagefind over the site, as ``briefing build`` does, and times it;
* opens the site in Debian's Chromium (Playwright, served on 127.0.0.1), opens
  the search as a reader does, types a word, and reports the time to the first
  result and the bytes fetched since the page had loaded;
* searches the exact title of a sample of briefings (evenly spaced, sorted by
  path: deterministic) through Pagefind's own API and counts how many come
  first, and how many in the first five.

``python benchmarks/search.py --offline SITE_DIR [WORD]`` measures the offline
edition (``briefing build --offline``) from ``file://`` instead: the size of
Material's inlined index, and the time from opening the search until the index
is ready and until the first result (medians of 3).

Needs the venv (the generator, playwright) and /usr/bin/chromium; prints JSON.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import sys
import threading
import time
from pathlib import Path

from generator.site.search import index_site

CHROMIUM = "/usr/bin/chromium"
TITLE_RE = re.compile(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", re.S)
TAG_RE = re.compile(r"<[^>]+>")


def sample_titles(site: Path, count: int) -> list[tuple[str, str]]:
    """(title, path) of ``count`` briefings, evenly spaced over the sorted list."""
    pages = sorted(p for p in (site / "briefings").glob("*/index.html"))
    step = max(1, len(pages) // count)
    out = []
    for page in pages[::step][:count]:
        found = TITLE_RE.search(page.read_text("utf-8"))
        if found:
            out.append((html.unescape(TAG_RE.sub("", found.group(1))).strip(),
                        "/" + page.parent.relative_to(site).as_posix() + "/"))
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(site: Path, word: str, samples: int = 100) -> dict:
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    built = index_site(site, site.parent / "site_src")  # what `briefing build` runs after mkdocs build
    res = {"pagefind_s": time.perf_counter() - started, "pagefind_bytes": built.bytes, "pagefind_files": built.files}

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_port}/"
    titles = sample_titles(site, samples)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            fetched = []
            page.on("requestfinished", lambda r: fetched.append(r.sizes()["responseBodySize"]))
            page.goto(root)
            page.wait_for_load_state("networkidle")
            before = len(fetched)
            started = time.perf_counter()
            page.locator(".briefing-search__open").click()
            field = page.locator("#briefing-search .pagefind-ui__search-input")
            field.wait_for()
            field.fill(word)
            page.wait_for_selector(".pagefind-ui__result-inner > .pagefind-ui__result-title a")
            res["first_result_s"] = time.perf_counter() - started
            page.wait_for_load_state("networkidle")
            res["query_bytes"] = sum(fetched[before:])
            res["query_requests"] = len(fetched) - before
            res["query_matches"] = page.evaluate("""async (word) => {
                const pf = await import('/pagefind/pagefind.js');
                return (await pf.search(word)).results.length; }""", word)
            ranks = page.evaluate("""async (titles) => {
                const pf = await import('/pagefind/pagefind.js');
                await pf.init();
                const ranks = [];
                for (const [title, url] of titles) {
                    const found = await pf.search(title);
                    const top = await Promise.all(found.results.slice(0, 5).map(r => r.data()));
                    ranks.push(top.findIndex(d => d.url === url));
                }
                return ranks;
            }""", titles)
            browser.close()
    finally:
        server.shutdown()
    res["titles"] = len(titles)
    res["titles_first"] = sum(1 for r in ranks if r == 0)
    res["titles_top5"] = sum(1 for r in ranks if r >= 0)
    return res


def measure_offline(site: Path, word: str, runs: int = 3) -> dict:
    """The offline edition from file://: seconds from opening Material's search until its index is ready,
    and until the first result for ``word`` (typed key by key, as Material needs); medians of ``runs``."""
    from statistics import median

    from playwright.sync_api import sync_playwright

    meta = "document.querySelector('.md-search-result__meta').innerText"
    ready, first = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        for _ in range(runs):
            page = browser.new_page()
            page.goto((Path(site).resolve() / "index.html").as_uri())
            box = page.locator("input.md-search__input")
            started = time.perf_counter()
            box.click()
            page.wait_for_function(f"() => !/initializ/i.test({meta})", timeout=120_000)
            ready.append(time.perf_counter() - started)
            box.press_sequentially(word)
            page.wait_for_function(f"() => /matching document/i.test({meta})", timeout=120_000)
            first.append(time.perf_counter() - started)
            matches = page.evaluate(f"() => {meta}")
            page.close()
        browser.close()
    index = Path(site) / "search" / "search_index.js"
    return {"index_bytes": index.stat().st_size, "ready_s": median(ready), "first_result_s": median(first),
            "matches": matches}


if __name__ == "__main__":
    args = sys.argv[1:]
    offline = "--offline" in args
    args = [a for a in args if a != "--offline"]
    if not args:
        sys.exit(__doc__)
    word = args[1] if len(args) > 1 else "valuation"
    found = measure_offline(Path(args[0]), word) if offline else measure(Path(args[0]), word)
    print(json.dumps(found, indent=1))
