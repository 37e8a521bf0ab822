"""generator/site/search.py: Pagefind reads what readers search (the generated bodies), and a build whose records did
not change keeps the index it has. The browser tests (tests/test_browser.py) search the result."""

from __future__ import annotations

import json
import re
import shutil

from generator.site.search import STATE_FILE, html_path, index_site, records
from tests.project import briefing, make_project


def generated(tmp_path):
    root = make_project(tmp_path)
    assert briefing(root, "generate").returncode == 0
    return root


def test_pagefind_reads_each_briefing_story_entity_and_tag_once_under_its_url(tmp_path):
    root = generated(tmp_path)
    found = records(root / "site_src")
    assert len(found) == 25  # 2 briefings, 1 story, 7 tags, 15 entities; no index page, listing or contributor doc
    assert {"briefings/2024-03-24-mostaque-steps-down-decentralized-ai/index.html",
            "stories/mostaque-leaves-stability-ai/index.html", "entities/emad-mostaque/index.html",
            "tags/leadership/index.html"} <= set(found)
    assert not [p for p in found if p.startswith(("timeline", "digests", "about", "contributing", "index.html"))]
    story = found["stories/mostaque-leaves-stability-ai/index.html"]
    assert '<html lang="en">' in story  # Pagefind's stemming language
    assert '<div data-pagefind-body data-pagefind-filter="kind:Story" data-pagefind-meta="kind:Story">' in story
    assert "<h1 " in story and "title:" not in story  # the body, not the front matter
    assert html_path("briefings/index.md") == "briefings/index.html" and html_path("index.md") == "index.html"


def test_a_build_whose_records_did_not_change_keeps_the_index_and_any_change_indexes_again(tmp_path):
    root = generated(tmp_path)
    site, cache = root / "site", root / ".cache"
    first = index_site(site, root / "site_src", cache)
    assert not first.kept and first.pages == 25
    entry = site / "pagefind/pagefind-entry.json"
    assert json.loads(entry.read_text())["languages"]["en"]["page_count"] == 25
    assert index_site(site, root / "site_src", cache).kept  # nothing readers search changed
    page = root / "site_src/tags/leadership.md"
    page.write_text(page.read_text().replace("</h1>", "</h1>\n<p>A new word: zyzzyva.</p>", 1))
    assert not index_site(site, root / "site_src", cache).kept
    assert index_site(site, root / "site_src", cache).kept
    shutil.rmtree(site)  # a clean site build empties site/: the index kept in .cache/ is linked in again
    assert index_site(site, root / "site_src", cache).kept and entry.is_file()
    (cache / "pagefind/pagefind-entry.json").unlink()  # the kept bundle damaged: made again
    assert not index_site(site, root / "site_src", cache).kept and entry.is_file()
    (cache / STATE_FILE).unlink()  # no record of the last run: made again
    assert not index_site(site, root / "site_src", cache).kept
    assert not index_site(site, root / "site_src").kept  # no cache folder at all: made each time


def test_briefing_build_indexes_beside_the_site_builder_and_publishes_the_index(tmp_path):
    root = generated(tmp_path)
    result = briefing(root, "build")
    assert result.returncode == 0, result.stderr
    assert "and its search index with Pagefind beside it" in result.stdout
    assert (root / "site/pagefind/pagefind-entry.json").is_file() and (root / ".cache/pagefind").is_dir()
    again = briefing(root, "build", "--full")  # MkDocs cleans site/; the records did not change
    assert again.returncode == 0, again.stderr
    assert "(what readers search is unchanged: kept)" in again.stdout
    assert (root / "site/pagefind/pagefind-entry.json").is_file()


def test_only_changed_records_are_written_again_and_a_removed_page_leaves_the_index(tmp_path):
    from generator.site.search import STAGE

    root = generated(tmp_path)
    site, cache, docs = root / "site", root / ".cache", root / "site_src"
    index_site(site, docs, cache)
    staged = {p.relative_to(cache / STAGE).as_posix(): p.stat().st_mtime_ns for p in (cache / STAGE).rglob("*.html")}
    assert len(staged) == 25
    page = docs / "tags/leadership.md"
    page.write_text(page.read_text().replace("</h1>", "</h1>\n<p>zyzzyva</p>", 1))
    (docs / "tags/funding.md").unlink()
    assert not index_site(site, docs, cache).kept
    now = {p.relative_to(cache / STAGE).as_posix(): p.stat().st_mtime_ns for p in (cache / STAGE).rglob("*.html")}
    assert set(staged) - set(now) == {"tags/funding/index.html"}
    assert [rel for rel in now if now[rel] != staged[rel]] == ["tags/leadership/index.html"]
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 24


def test_a_story_then_briefings_by_importance_rank_first_for_their_titles_and_entity_pages_weigh_half(tmp_path):
    root = generated(tmp_path)
    found = records(root / "site_src")

    def ranks(path):
        return re.findall(r'<meta data-pagefind-meta="(rank\d)\[content\]" content="([^"]*)">', found[path])

    story = ranks("stories/mostaque-leaves-stability-ai/index.html")
    assert story == [(f"rank{n}", "Emad Mostaque leaves Stability AI") for n in (1, 2)]
    late = "briefings/2024-03-25-stability-ai-ceo-mostaque-quits/index.html"  # importance 4: its headline weighs 8
    assert ranks(late) == [] and 'data-pagefind-weight="8" data-pagefind-sort="importance:4"' in found[late]
    assert ranks("briefings/2024-03-24-mostaque-steps-down-decentralized-ai/index.html") == []  # importance 3
    assert ranks("tags/leadership/index.html") == [] and ranks("entities/emad-mostaque/index.html") == []
    assert 'data-pagefind-meta="kind:Entity" data-pagefind-weight="0.5">' in found["entities/emad-mostaque/index.html"]
    assert 'data-pagefind-meta="kind:Tag">' in found["tags/leadership/index.html"]
