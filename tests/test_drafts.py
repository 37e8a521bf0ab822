"""Drafts (``draft: true``): checked like any briefing, previewed with a mark, never published.

One project is built once for the module, in both editions, with a draft that
is in a story, tags, entities, a quote, a claim, a week's digest and the
feeds' time span, and that a published briefing lists in ``related``; every
file the builds publish (the zip of the offline edition included, compressed
files read decompressed) is searched for the draft's id and words.
"""

import gzip
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from browser_support import ensure_node_packages
from generator.build import check, generate
from generator.cli.main import main
from generator.content.drafts import published
from generator.content.settings import Limits, SiteInfo
from generator.pages.index import build_indexes
from generator.pages.render import Renderer
from generator.site.search import records
from project import REPO, briefing, make_project
from conftest import MINIMAL_CONTENT

DRAFT = "zebracorn-draft"
# Words of the draft found nowhere else: its id and title, its summary and quote, its article text.
SECRETS = (b"zebracorn", b"quokkafjord")

DRAFT_FILES = {
    f"briefings/articles/{DRAFT}.txt": "date 2024-03-26 Quokkafjord reports that Emad Mostaque had other plans.\n",
    f"briefings/articles/{DRAFT}.yml": """\
        title: Zebracorn plan revealed
        summary: A draft about the *Zebracorn* plan.
        tags: [leadership, funding]
        entities: [emad-mostaque, stability-ai]
        story: mostaque-leaves
        importance: 5
        quotes:
          - text: Zebracorn is next
            speaker: emad-mostaque
        claims:
          - topic: monthly-burn
            value: "$8 million"
        related: [a]
        draft: true
        """,
    # a published briefing that links to the draft
    "briefings/articles/a.yml": """\
        title: Mostaque steps down
        summary: Emad Mostaque left *Stability AI*.
        tags:
          - leadership
        related:
          - zebracorn-draft
        """,
}
CONTENT = {**MINIMAL_CONTENT, **DRAFT_FILES}


def leaks(files) -> list[str]:
    """The names of the (name, bytes) pairs whose name or bytes (gunzipped when compressed) hold a secret."""
    found = []
    for name, data in files:
        if data[:2] == b"\x1f\x8b":  # Pagefind's chunks, sitemap.xml.gz
            data = gzip.decompress(data)
        if any(secret in name.lower().encode() or secret in data.lower() for secret in SECRETS):
            found.append(name)
    return found


def folder_files(folder: Path):
    return [(p.relative_to(folder).as_posix(), p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]


def zip_files(archive: Path):
    with zipfile.ZipFile(archive) as zf:
        return [(name, zf.read(name)) for name in zf.namelist()]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The project with a draft, built by ``briefing build`` and ``briefing build --offline``."""
    ensure_node_packages()
    root = make_project(tmp_path_factory.mktemp("drafts") / "project", CONTENT)
    shutil.copy(REPO / "mkdocs.offline.yml", root / "mkdocs.offline.yml")
    (root / "node_modules").symlink_to(REPO / "node_modules")  # the offline build's iframe-worker shim
    for edition in ((), ("--offline",)):
        result = briefing(root, "build", *edition)
        assert result.returncode == 0, result.stdout + result.stderr
    return root


# --- what build publishes ------------------------------------------------------------------------

def test_the_published_site_has_no_page_link_feed_sitemap_or_search_entry_of_the_draft(built):
    site = built / "site"
    assert not (site / "briefings" / DRAFT).exists()
    assert not (built / "site_src" / "briefings" / f"{DRAFT}.md").exists()
    files = folder_files(site)
    assert leaks(files) == []
    # the same files do hold the published briefings: the search above looked in the right places
    shown = dict(files)
    for name in ("feed.xml", "feed.json", "sitemap.xml", "index.html", "briefings/a/index.html"):
        assert name in shown
    assert b"Mostaque steps down" in shown["feed.xml"] and b"Mostaque steps down" in shown["feed.json"]
    assert b"/briefings/a/" in shown["sitemap.xml"]
    assert [name for name, _ in files if name.startswith("pagefind/fragment/")]
    assert [name for name, data in files if name.startswith("pagefind/fragment/")
            and b"Mostaque steps down" in gzip.decompress(data)]


def test_the_search_records_pagefind_read_hold_no_draft(built):
    staged = folder_files(built / ".cache" / "search-pages")
    assert "briefings/a/index.html" in dict(staged)
    assert leaks(staged) == []


def test_a_published_briefing_that_lists_the_draft_in_related_has_no_link_to_it(built):
    page = (built / "site" / "briefings" / "a" / "index.html").read_text(encoding="utf-8")
    assert "Related briefings" in page and 'href="../b/"' in page  # b lists a: that link stays
    assert DRAFT not in page and "Zebracorn" not in page


def test_the_offline_edition_and_its_zip_hold_nothing_of_the_draft(built):
    offline = built / "site-offline"
    files = folder_files(offline)
    assert leaks(files) == []
    index = json.loads((offline / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [doc["title"] for doc in index["docs"]]
    assert "Mostaque steps down" in titles and not [t for t in titles if "Zebracorn" in t]
    archive = zip_files(built / "site-offline.zip")
    assert [name for name, _ in archive if name.endswith("briefings/a.html")]
    assert leaks(archive) == []


# --- check ---------------------------------------------------------------------------------------

def test_check_counts_drafts_and_warns_at_a_related_link_to_one(make_content, capsys):
    make_content(DRAFT_FILES)
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ok: 3 articles (1 draft, not published), 1 context event, 1 story, 2 tags, 2 entities")
    assert ("briefings/articles/a.yml:6:5: warning: 'related' lists 'zebracorn-draft', a draft: the published page "
            "leaves the link out\n  hint: the link appears once 'zebracorn-draft' is published (remove its "
            "'draft: true'); until then only 'briefing serve' shows it\n") in err
    assert main(["check", "--format", "json"]) == 0
    counts = json.loads(capsys.readouterr()[0])["counts"]
    assert (counts["articles"], counts["drafts"]) == (3, 1)


def test_a_draft_is_checked_like_any_briefing(content_problems):
    broken = DRAFT_FILES[f"briefings/articles/{DRAFT}.yml"].replace("speaker: emad-mostaque", "speaker: emad")
    assert content_problems({**DRAFT_FILES, f"briefings/articles/{DRAFT}.yml": broken}) == [
        f"briefings/articles/{DRAFT}.yml:9:14: error: unknown entity 'emad' in 'quotes.speaker'\n"
        "  hint: did you mean 'emad-mostaque'? If it is another entity, add 'emad:' to briefings/entities.yml "
        "with 'name: \"...\"' and 'kind: person' indented below it (kind: person, company, organization, product "
        "or publication)"]


@pytest.mark.parametrize("value, message, hint", [
    ("yes", "got 'yes'", "write 'draft: true' to keep the briefing out of the published site, or remove the key "
                         "to publish it"),
    ('"true"', "got the text 'true'", "write it without quotes: 'draft: true'"),
    ("[true]", "got a list", "write 'draft: true' to keep the briefing out of the published site, or remove the key "
                             "to publish it"),
], ids=["yes", "quoted", "list"])
def test_a_draft_value_that_is_not_true_or_false_is_an_error_at_its_line(content_problems, value, message, hint):
    annotation = MINIMAL_CONTENT["briefings/articles/a.yml"].rstrip(" ") + f"        draft: {value}\n"
    assert content_problems({"briefings/articles/a.yml": annotation}) == [
        f"briefings/articles/a.yml:5:8: error: 'draft' must be true or false, {message}\n  hint: {hint}"]


def test_draft_false_publishes(make_content):
    annotation = MINIMAL_CONTENT["briefings/articles/a.yml"].rstrip(" ") + "        draft: false\n"
    content = check(make_content({"briefings/articles/a.yml": annotation}))
    assert published(content) == content


# --- the preview: generate and render with drafts ------------------------------------------------

def test_published_content_leaves_out_the_draft_and_every_reference_to_it(make_content):
    content = check(make_content(DRAFT_FILES))
    shown = published(content)
    assert [a.id for a in shown.articles] == ["a", "b"]
    assert DRAFT not in shown.digests
    assert [a.annotation.related for a in shown.articles] == [(), ("a",)]
    idx = build_indexes(shown)
    assert [a.id for a in idx.stories["mostaque-leaves"].articles] == ["b"]
    assert idx.backlinks == {"a": ("b",)} and "emad-mostaque" not in idx.quotes


def render(content) -> dict:
    return Renderer(content, build_indexes(content), SiteInfo(name="Briefing"), Limits()).render_all()


def test_rendered_with_drafts_the_draft_has_its_page_marked_and_is_marked_where_listed(make_content):
    pages = render(check(make_content(DRAFT_FILES)))
    page = pages[f"briefings/{DRAFT}.md"]
    assert '<p class="admonition-title">Draft — not published</p>' in page
    assert "\ndraft: true\n" in page.split("\n---\n", 1)[0]
    chip = '<span class="briefing-draft" title="Not published: only the preview shows drafts">Draft</span>'
    linked = {path for path, text in pages.items() if f'{DRAFT}.md"' in text}
    assert linked >= {"briefings/index.md", "index.md", "stories/mostaque-leaves.md", "tags/funding.md",
                      "entities/emad-mostaque.md", "digests/2024-w13.md", "timeline/2024.md", "briefings/a.md"}
    for path in linked:  # every link to the draft, in every list, matrix and chart, says it is one
        for piece in pages[path].split(f'{DRAFT}.md"')[1:]:
            assert chip in piece.split("</a>", 1)[1][:len(chip) + 2] or piece.startswith("><title>Draft: "), path
    # a published briefing is not marked: only the draft's links are (b's pager links to it, the story's next)
    assert pages["briefings/b.md"].count(chip) == pages["briefings/b.md"].count(f'{DRAFT}.md"')
    assert not [path for path, text in render(published(check(make_content(DRAFT_FILES)))).items()
                if "zebracorn" in text.lower() or "briefing-draft" in text]


def test_a_preview_generate_leaves_nothing_the_next_generate_publishes(make_content, tmp_path):
    root, out, cache = make_content(DRAFT_FILES), tmp_path / "site_src", tmp_path / ".cache"
    generate(root, out, cache_dir=cache, drafts=True)
    assert (out / "briefings" / f"{DRAFT}.md").is_file()
    assert [rel for rel in records(out)] and not [rel for rel in records(out) if DRAFT in rel]  # Pagefind skips it
    generate(root, out, cache_dir=cache)  # neither the no-op nor the page cache may reuse the preview's pages
    assert leaks(folder_files(out)) == []
    assert (out / "briefings" / "a.md").is_file()


def test_a_build_beside_the_preview_refuses_a_draft_page_it_finds(tmp_path):
    """The preview wrote a draft's page into site_src/ while a build ran: MkDocs' build stops, never publishes it."""
    root = make_project(tmp_path / "project", CONTENT)
    generate(root / "briefings", root / "site_src", root / "mkdocs.yml", drafts=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode != 0
    assert (f"'briefings/{DRAFT}.md' is the page of a draft, which is never published: the preview wrote it into "
            in result.stderr)
    assert not (tmp_path / "site" / "briefings" / DRAFT).exists()


def test_a_redirect_to_a_draft_waits_for_it_to_be_published(make_content):
    """briefings/redirects.yml may name a draft (a rename in progress): the build sends no reader to it."""
    files = dict(DRAFT_FILES, **{"briefings/redirects.yml": f"briefings:\n  old-name: {DRAFT}\n  older-name: a\n"})
    content = check(make_content(files))
    assert [(r.old, r.new) for r in content.redirects] == [("old-name", DRAFT), ("older-name", "a")]
    assert [(r.old, r.new) for r in published(content).redirects] == [("older-name", "a")]
