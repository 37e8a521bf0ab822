"""The preview's parts, without a server: one page rendered alone is the page ``briefing generate`` writes,
the list of pages is the list of pages generated, and the content is read again after edits."""

import os
import shutil
from pathlib import Path

import pytest

from generator.build import check
from generator.content.cache import FileCache
from generator.content.settings import Limits, SiteInfo
from generator.pages import urls
from generator.pages.index import build_indexes
from generator.pages.pagecache import PageKeys
from generator.pages.render import Renderer
from generator.preview.live import LiveContent, _page_paths

REPO = Path(__file__).resolve().parent.parent
SITE = SiteInfo(name="Briefing", url="https://briefing.example.org/")


@pytest.mark.parametrize("limits", [Limits(), Limits(listing_split=1)], ids=["whole listings", "split by year"])
def test_each_page_alone_is_the_page_of_a_whole_rendering(limits):
    content = check(REPO / "briefings")
    idx = build_indexes(content)
    every = Renderer(content, idx, SITE, limits).render_all()
    alone = Renderer(content, idx, SITE, limits)
    for path, text in every.items():
        alone.reuse = PageKeys(content, idx, (SITE, limits), only={path})
        assert alone.render_page(path) == text, path
    assert any(path.count("/") == 2 for path in every) == (limits.listing_split == 1)  # year pages, when split
    listed = _page_paths(Renderer(content, idx, SITE, limits), content, idx, SITE, limits)
    assert listed == set(every) | {urls.ATOM_FEED, urls.JSON_FEED}


@pytest.mark.parametrize("path", ["tags/nope.md", "timeline/1900.md", "timeline/x.md", "digests/1999-w01.md",
                                  "briefings/nope.md", "nope/x.md", "about.md", "assets/x.css", "tags/../x.md"])
def test_a_path_of_no_page_renders_nothing(path):
    content = check(REPO / "briefings")
    idx = build_indexes(content)
    renderer = Renderer(content, idx, SITE, Limits())
    renderer.reuse = PageKeys(content, idx, (SITE, Limits()), only={path})
    assert renderer.render_page(path) is None


@pytest.fixture
def live(tmp_path):
    shutil.copytree(REPO / "briefings", tmp_path / "briefings")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    content = LiveContent(tmp_path / "briefings", tmp_path / "mkdocs.yml", None, tmp_path / ".cache")
    assert content.refresh().problems == ()
    return content, tmp_path / "briefings"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    with open(path, "r+", encoding="utf-8") as fh:  # in place, as most editors save
        fh.write(text.replace(old, new))
        fh.truncate()


def test_an_edit_named_by_its_event_is_read_and_no_other_file_is(live):
    content, folder = live
    tags = folder / "tags.yml"
    _edit(tags, 'title: "Funding"', 'title: "Money raised"')
    annotation = sorted((folder / "articles").glob("*.yml"))[0]
    page = f"briefings/{annotation.stem}.md"
    _edit(annotation, "summary: ", "summary: Unannounced ")  # no event names it: not even looked at
    refreshed = content.refresh({str(tags.resolve())}, folders=False)
    assert refreshed.problems == () and not refreshed.paths_changed
    assert "Money raised" in content.page("tags/funding.md")
    assert "Unannounced" not in content.page(page)
    assert content.refresh({str(annotation.resolve())}, folders=False).problems == ()  # its event came
    assert "Unannounced" in content.page(page)


def test_a_new_article_is_found_when_the_folder_is_listed_again(live):
    content, folder = live
    source = next((folder / "articles").glob("*.yml"))
    text = source.read_text(encoding="utf-8")
    twin = folder / "articles" / f"2024-03-26-twin{source.stem[10:]}"
    shutil.copy(source.with_suffix(".txt") if source.with_suffix(".txt").exists() else source.with_suffix(".md"),
                twin.with_suffix(".txt"))
    twin.with_suffix(".yml").write_text(text, encoding="utf-8")
    refreshed = content.refresh({str(twin.with_suffix(".yml").resolve())}, folders=False)
    assert refreshed.problems == () and refreshed.paths_changed
    assert content.page(f"briefings/{twin.stem}.md") is not None


def test_problems_keep_the_last_good_content(live):
    content, folder = live
    tags = folder / "tags.yml"
    _edit(tags, 'title: "Funding"', 'title: [unclosed')
    refreshed = content.refresh({str(tags.resolve())}, folders=False)
    assert refreshed.problems and content.problems == refreshed.problems
    assert "tags.yml:" in str(refreshed.problems[0])
    assert "Funding" in content.page("tags/funding.md")  # the last good page
    _edit(tags, 'title: [unclosed', 'title: "Funding"')
    assert content.refresh({str(tags.resolve())}, folders=False).problems == () and content.problems == ()


def test_the_file_cache_of_a_long_run_forgets_nothing_it_needs():
    """rotate(): a run's results are the next run's; a full save then starts a new base (no stale token)."""
    cache = FileCache(None)
    cache.new = {("article", "x"): (1, b"d", "value")}
    cache.rotate({"y"})
    assert cache.old == {("article", "x"): (1, b"d", "value")} and cache.new == {} and cache.trusted == {"y"}


def test_templates_compiled_once_serve_every_reading(live):
    """A renderer made after an edit reuses the environment, and so the compiled templates, of the last one."""
    content, folder = live
    content.page("tags/funding.md")
    env = content._renderer.env
    compiled = env.get_template("tag.html.j2")
    tags = folder / "tags.yml"
    _edit(tags, 'title: "Funding"', 'title: "Money raised"')
    assert content.refresh({str(tags.resolve())}, folders=False).problems == ()
    assert content._renderer.env is env
    assert "Money raised" in content.page("tags/funding.md")  # the globals are the new content's
    assert env.get_template("tag.html.j2") is compiled  # not compiled again


def test_the_first_reading_takes_what_the_build_cache_kept(live, tmp_path):
    """A preview started after a build (or another preview) parses nothing again."""
    _first, folder = live
    again = LiveContent(folder, tmp_path / "mkdocs.yml", None, tmp_path / ".cache")
    assert again.refresh().problems == ()
    assert again.files.misses == 0 and again.files.hits > 0


def test_a_save_through_a_temporary_file_keeps_the_listing_and_a_new_file_does_not(live):
    content, folder = live
    annotation = sorted((folder / "articles").glob("*.yml"))[0]
    temporary = folder / "articles" / "sedX1a2b3"
    temporary.write_text(annotation.read_text(encoding="utf-8"), encoding="utf-8")
    os.replace(temporary, annotation)  # sed -i, vim: written aside, then renamed over the file
    assert content._listing_holds({str(temporary.resolve()), str(annotation.resolve())})
    assert content._listing_holds({str((folder / "tags.yml").resolve())})  # not among the articles
    new = folder / "articles" / "2024-04-01-new.txt"
    new.write_text("date 2024-04-01\n\nText.\n", encoding="utf-8")
    assert not content._listing_holds({str(new.resolve())})
    new.unlink()
    annotation.unlink()
    assert not content._listing_holds({str(annotation.resolve())})  # gone
    (folder / "articles" / "sub").mkdir()
    assert not content._listing_holds({str((folder / "articles" / "sub").resolve())})


def test_an_unchanged_vocabulary_is_not_converted_again_and_its_problems_stay(live, monkeypatch):
    from generator.content import validate

    content, folder = live
    calls = []
    real = validate.vocabulary
    monkeypatch.setattr(validate, "vocabulary", lambda *args: calls.append(args[1].name) or real(*args))
    tags = folder / "tags.yml"
    _edit(tags, 'title: "Funding"', 'title: "Money raised"')
    assert content.refresh({str(tags.resolve())}, folders=False).problems == ()
    assert calls == ["tag"]  # entities.yml, stories.yml, topics.yml: as they were
    _edit(tags, 'title: "Money raised"', 'title: 12: [')  # a problem in a vocabulary ...
    entities = folder / "entities.yml"
    _edit(entities, "name:", "nome:")  # ... and one in another
    first = content.refresh({str(tags.resolve()), str(entities.resolve())}, folders=False).problems
    again = content.refresh({str(tags.resolve())}, folders=False).problems  # the same files, unchanged
    assert first and again == first
