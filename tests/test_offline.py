"""The offline edition (``briefing build --offline``, ``make offline``): built once per
session, unpacked from its zip as a reader gets it, and read from file:// in
Debian's Chromium. The ``offline`` fixture fails a test when any request leaves
file:// (it is aborted, so nothing reaches the network) or a script fails.
"""

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

pytest.register_assert_rewrite("browser_support")

from browser_support import (REPO, guarded_tab, run_axe, check_briefing_page, check_claims_fit_a_phone, check_timeline_chart,  # noqa: E402
                             check_home_lists_the_briefings,
                             check_search, check_tag_and_story_pages, check_timeline_order, sample_briefings)
from generator.content.errors import BuildError  # noqa: E402
from generator.site.offline import build_offline, external_references, offline_config, titles_only  # noqa: E402

pytest_plugins = ["browser_support"]

SHIM = "assets/javascripts/iframe-worker-shim.js"


# --- the build and its archive ---------------------------------------------------------------

def plugin_names(config: Path) -> list[str]:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    return [next(iter(p)) if isinstance(p, dict) else p for p in data.get("plugins", [])]


def test_offline_config_inherits_mkdocs_yml_and_keeps_its_plugins():
    offline = REPO / "mkdocs.offline.yml"
    assert offline_config(REPO / "mkdocs.yml") == offline
    text = offline.read_text(encoding="utf-8")
    assert re.search(r"^INHERIT: mkdocs\.yml$", text, re.M)
    # MkDocs replaces a list when it merges: every online plugin must be repeated here
    online, offline_plugins = plugin_names(REPO / "mkdocs.yml"), plugin_names(offline)
    assert [p for p in online if p not in offline_plugins] == []
    assert "offline" in offline_plugins
    assert "privacy" not in offline_plugins  # it downloads at build time, which fails without a network


def test_the_zip_holds_the_whole_site_under_one_folder(sites):
    with zipfile.ZipFile(sites.archive) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
    assert all(n.startswith("site-offline/") for n in names)
    built = sorted(p.relative_to(sites.built).as_posix() for p in sites.built.rglob("*") if p.is_file())
    assert sorted(n.removeprefix("site-offline/") for n in names) == built
    for needed in ["index.html", "search/search_index.js", SHIM, "feed.xml",
                   *(f"briefings/{b.id}.html" for b in sample_briefings())]:
        assert needed in built
    shim = (REPO / "node_modules/iframe-worker/shim/index.js").read_bytes()
    assert (sites.offline / SHIM).read_bytes() == shim
    assert f"site-offline.zip ({sites.archive.stat().st_size / 1024:.0f} KiB)" in sites.offline_log
    assert sites.archive.stat().st_size < 5 * 1024 * 1024


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def test_every_local_link_and_file_exists_in_the_offline_site(sites):
    """From file:// there is no server to turn a folder into its index.html: every link names a file."""
    missing = []
    pages = sorted(sites.offline.rglob("*.html"))
    assert len(pages) > 20
    assert not (sites.offline / "404.html").exists()  # absolute links, for a web server only
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("#", "//")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(sites.offline)}: {url}")
    assert missing == []


def test_the_built_site_references_nothing_remote(sites):
    assert external_references(sites.offline) == []
    html = (sites.offline / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html and "fonts.googleapis.com" not in html
    assert f'<script src="{SHIM}"></script>' in html


def test_external_references_finds_what_a_browser_would_fetch(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text("""<html><head>
<link rel="canonical" href="https://briefing.example.org/sub/page.html">
<link rel="alternate" type="application/atom+xml" href="https://briefing.example.org/feed.xml">
<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<link rel="stylesheet" href="../local.css">
<script src="https://unpkg.com/iframe-worker/shim"></script><script src="local.js"></script>
<style>body { background: url("//cdn.example.com/bg.png") }</style>
</head><body><a href="https://example.com/article">the source</a>
<img src="logo.png" srcset="logo.png 1x, https://img.example.com/logo@2x.png 2x">
<div style="background-image: url(https://img.example.com/bg.jpg)"></div></body></html>""")
    (tmp_path / "local.css").write_text("@import 'https://example.com/a.css';\n"
                                        "@font-face { src: url(fonts/x.woff2) }\n")
    assert external_references(tmp_path) == [
        ("local.css", "https://example.com/a.css"),
        ("sub/page.html", "https://fonts.gstatic.com"),
        ("sub/page.html", "https://fonts.googleapis.com/css?family=Roboto"),
        ("sub/page.html", "https://unpkg.com/iframe-worker/shim"),
        ("sub/page.html", "//cdn.example.com/bg.png"),
        ("sub/page.html", "https://img.example.com/logo@2x.png"),
        ("sub/page.html", "https://img.example.com/bg.jpg"),
    ]


# --- what the offline build refuses ----------------------------------------------------------

def small_project(tmp_path: Path, offline_yml: str | None, page: str = "# Hello\n", shim: bool = True) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page)
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ndocs_dir: docs\ntheme:\n  name: material\n"
                                         "  font: false\nplugins:\n  - search\n")
    if offline_yml is not None:
        (tmp_path / "mkdocs.offline.yml").write_text(offline_yml)
    if shim:
        (tmp_path / "node_modules/iframe-worker/shim").mkdir(parents=True)
        (tmp_path / "node_modules/iframe-worker/shim/index.js").write_text("/* shim */\n")
    return tmp_path / "mkdocs.yml"


GOOD = "INHERIT: mkdocs.yml\nplugins:\n  - search\n  - offline\nextra:\n  polyfills:\n    - js/iframe-worker.js\n"


def test_no_offline_config_is_an_error_naming_it(tmp_path):
    config = small_project(tmp_path, None)
    with pytest.raises(BuildError, match=r"mkdocs\.offline\.yml: no offline configuration next to .*mkdocs\.yml"):
        build_offline(config)


def test_an_offline_config_without_the_local_shim_is_refused(tmp_path):
    config = small_project(tmp_path, "INHERIT: mkdocs.yml\nplugins:\n  - search\n  - offline\n")
    with pytest.raises(BuildError, match="names no iframe-worker shim; without one, Material's offline plugin "
                                         "loads it from a CDN"):
        build_offline(config)


def test_a_remote_shim_is_refused(tmp_path):
    config = small_project(tmp_path, GOOD.replace("js/iframe-worker.js", "https://unpkg.com/iframe-worker/shim"))
    with pytest.raises(BuildError, match="must be a path inside the site.*received: 'https://unpkg.com/"):
        build_offline(config)


def test_without_npm_packages_the_message_says_npm_ci(tmp_path):
    config = small_project(tmp_path, GOOD, shim=False)
    with pytest.raises(BuildError, match=r"node_modules/iframe-worker/shim/index\.js is missing.*run 'npm ci'"):
        build_offline(config)


def test_a_page_loading_a_remote_file_fails_the_build(tmp_path):
    config = small_project(tmp_path, GOOD, page='# Hello\n\n<img src="https://example.com/chart.png" alt="x">\n')
    with pytest.raises(BuildError, match=r"would load 1 file\(s\) from the network:\n"
                                         r"  index\.html: https://example\.com/chart\.png"):
        build_offline(config, tmp_path / "out")


def test_a_small_project_builds_offline(tmp_path):
    config = small_project(tmp_path, GOOD)
    result = build_offline(config)
    assert result.site_dir == tmp_path / "site-offline"
    assert result.archive == tmp_path / "site-offline.zip"
    assert (result.site_dir / "js/iframe-worker.js").read_text() == "/* shim */\n"
    assert '<script src="js/iframe-worker.js"></script>' in (result.site_dir / "index.html").read_text()
    with zipfile.ZipFile(result.archive) as zf:
        assert "site-offline/index.html" in zf.namelist()
        assert len(zf.namelist()) == result.files


# --- a reader, from file://, with no network -------------------------------------------------

def test_offline_home_page_lists_both_briefings(offline):
    check_home_lists_the_briefings(offline)
    assert offline.page.url.startswith("file://")


@pytest.mark.parametrize("n", range(len(sample_briefings())))
def test_offline_briefing_page_shows_summary_tags_and_entities(offline, n):
    check_briefing_page(offline, sample_briefings()[n])


def test_offline_search_for_mostaque_finds_the_briefings_and_opens_one(offline):
    check_search(offline, "Mostaque")


def test_offline_tag_and_story_pages_link_to_both_briefings(offline):
    check_tag_and_story_pages(offline)


def test_offline_claims_fit_a_phone(offline):
    check_claims_fit_a_phone(offline)


def test_offline_timeline_lists_entries_in_date_order(offline):
    check_timeline_order(offline)


def test_offline_every_tab_opens_its_page(offline):
    page = offline.open()
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert len(tabs) >= 5
    for name in tabs:
        offline.page.locator(".md-tabs__link", has_text=name.strip()).first.click()
        page.wait_for_load_state()
        assert page.url.endswith(".html")
        assert page.locator("article.md-content__inner h1").count() == 1


def test_offline_pages_of_every_kind_open_without_the_network(offline, sites):
    """Each folder's index and one other page of it (about 250 ms a page, so not all of them)."""
    kinds = {}
    for path in sorted(sites.offline.rglob("*.html"), key=lambda p: (p.name != "index.html", p)):
        kinds.setdefault(path.parent, []).append(path)
    pages = [path for group in kinds.values() for path in group[:2]]
    assert len(pages) >= 10
    for path in pages:
        offline.page.goto(path.as_uri())
        assert offline.page.locator("article.md-content__inner h1").count() == 1, path
    assert offline.network.outside == []
    assert offline.network.errors == []


def test_the_guard_catches_a_request_leaving_the_machine(browser, tmp_path):
    """The check the offline tests rely on can fail: a page with remote files is caught, nothing is sent."""
    (tmp_path / "page.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="https://unpkg.com/iframe-worker/shim"></script>'
        '<img src="https://example.com/chart.png" alt=""><p>local</p>')
    with guarded_tab(browser, tmp_path.as_uri() + "/", directory_urls=False, allowed="file://") as visit:
        visit.page.goto((tmp_path / "page.html").as_uri())
        visit.page.wait_for_load_state("load")
        outside = sorted(visit.network.outside)
    assert outside == ["https://example.com/chart.png", "https://fonts.googleapis.com/css?family=Roboto",
                       "https://unpkg.com/iframe-worker/shim"]


def offline_index(sites) -> list[dict]:
    text = (sites.built / "search/search_index.js").read_text()
    return json.loads(text[text.index("{"):text.rindex("}") + 1])["docs"]


def test_the_offline_index_holds_each_generated_page_once_by_its_title(sites):
    """Material's index is inlined into the offline bundle and built into lunr each time search opens:
    the generated pages are in it by title only (5.5 MB and 5.5 s at 10,000 articles with summaries);
    the hand-written About keeps its text."""
    docs = offline_index(sites)
    pages = {doc["location"].split("#")[0] for doc in docs}
    assert len(pages) == 25 + 1  # the 25 pages Pagefind indexes online, and About
    kind_pages = [doc for doc in docs if not doc["location"].startswith("about.html")]
    assert len(kind_pages) == len(pages) - 1  # one entry a page, no sections
    labels = {"briefings": "<p>Briefing</p>", "stories": "<p>Story</p>", "entities": "<p>Entity</p>",
              "tags": "<p>Tag</p>"}
    assert all(doc["text"] == labels[doc["location"].split("/")[0]] for doc in kind_pages)
    briefing = [doc for doc in docs if doc["location"].startswith(f"briefings/{sample_briefings()[0].id}.html")]
    assert len(briefing) == 1 and briefing[0]["title"] == sample_briefings()[0].title
    about = " ".join(doc["text"] for doc in docs if doc["location"].startswith("about.html"))
    assert "curated" in about
    assert "Key points" not in {doc["title"] for doc in docs}
    script = (sites.built / "search/search_index.js").read_text()
    assert json.loads(script.removeprefix("var __index = ")) == json.loads(
        (sites.built / "search/search_index.json").read_text())


def test_titles_only_keeps_hand_written_pages_whole_and_drops_generated_sections(tmp_path):
    (tmp_path / "search").mkdir()
    index = {"config": {"lang": ["en"]}, "docs": [
        {"location": "about.html", "title": "About", "text": "<p>who we are</p>"},
        {"location": "about.html#follow", "title": "Follow", "text": "<p>feeds</p>"},
        {"location": "briefings/x.html", "title": "X raises", "text": "<p>summary words</p>", "tags": ["Funding"]},
        {"location": "briefings/x.html#key-points", "title": "Key points", "text": "<p>point</p>"},
        {"location": "index.html", "title": "Briefing", "text": "<p>Latest</p>"},
    ]}
    (tmp_path / "search/search_index.json").write_text(json.dumps(index))
    size = titles_only(tmp_path, {"briefings/x.md", "feed.xml", "index.md"})
    kept = json.loads((tmp_path / "search/search_index.json").read_text())
    assert kept["config"] == index["config"]
    assert kept["docs"] == index["docs"][:2] + [
        {"location": "briefings/x.html", "title": "X raises", "text": "<p>Briefing</p>", "tags": ["Funding"]},
        {"location": "index.html", "title": "Briefing", "text": ""}]
    assert size == len((tmp_path / "search/search_index.json").read_bytes())
    assert (tmp_path / "search/search_index.js").read_text() == "var __index = " + (
        tmp_path / "search/search_index.json").read_text()
    assert titles_only(tmp_path / "no-search-plugin", {"briefings/x.md"}) == 0


def test_both_editions_share_one_theme_extension_and_the_offline_one_has_no_pagefind(sites):
    """One custom_dir (overrides/): the offline edition is told apart by extra.offline, not by copies."""
    config = yaml.safe_load((REPO / "mkdocs.offline.yml").read_text())
    assert "theme" not in config and config["extra"]["offline"] is True
    page = (sites.built / "stories/mostaque-leaves-stability-ai.html").read_text()
    assert 'class="briefing-crumbs"' in page and 'role="dialog" aria-label="Search"' in page
    assert "data-pagefind-body" not in page and "search.js" not in page and "briefing-search" not in page


def test_the_online_edition_shows_an_excerpt_and_the_offline_edition_the_full_text(sites):
    """extra.briefing.original_text: excerpt in mkdocs.yml, full in mkdocs.offline.yml (README, "What may be
    republished"); the online search indexes only what the page holds (tests/test_original_text.py)."""
    article = "2024-03-25-stability-ai-ceo-mostaque-quits"
    later = "OpenAI is a particular example thanks to the complex leadership struggle"  # its last paragraph
    online = (sites.online / f"briefings/{article}/index.html").read_text(encoding="utf-8")
    offline = (sites.built / f"briefings/{article}.html").read_text(encoding="utf-8")
    assert 'class="briefing-excerpt"' in online and later not in online
    assert 'class="briefing-excerpt"' not in offline and later in offline


OFFLINE_PAGES = ("index", "briefings/index", "briefings/2024-03-25-stability-ai-ceo-mostaque-quits",
                 "stories/mostaque-leaves-stability-ai", "timeline/index", "timeline/2024", "tags/leadership",
                 "entities/emad-mostaque", "digests/2024-w13", "trends", "contributing")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_offline_pages_and_search_have_no_accessibility_violation(offline, scheme):
    """axe-core, every impact, from file://: the page types, and Material's search dialog with results."""
    offline.page.emulate_media(color_scheme=scheme)
    found = {}
    for name in OFFLINE_PAGES:
        page = offline.open(name)
        violations = [str(v) for v in run_axe(page)]
        if violations:
            found[name] = violations
    offline.open()
    assert offline.search("Mostaque")
    found["search"] = [str(v) for v in run_axe(offline.page)]
    assert {k: v for k, v in found.items() if v} == {}
