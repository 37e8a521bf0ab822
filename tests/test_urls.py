"""The one owner of page paths and URLs: what each kind of page is called, and links between them."""

from __future__ import annotations

import posixpath

from hypothesis import assume, given
from hypothesis import strategies as st

from generator.pages import urls


def test_each_kind_of_page_lives_in_its_own_folder_beside_its_index():
    assert [urls.path_of(kind, "x") for kind in urls.SECTIONS] == [
        "briefings/x.md", "stories/x.md", "tags/x.md", "entities/x.md", "timeline/x.md", "digests/x.md"]
    assert urls.index_of("tag") == "tags/index.md"
    assert urls.part_of("tags/funding.md", 2024) == "tags/funding/2024.md"


def test_urls_are_mkdocs_directory_urls():
    assert urls.url_of("index.md") == ""
    assert urls.url_of("tags/index.md") == "tags/"
    assert urls.url_of("briefings/2024-03-24-x.md") == "briefings/2024-03-24-x/"
    assert urls.url_of("feed.xml") == "feed.xml"
    assert urls.absolute("https://example.org/briefing/", "tags/t.md") == "https://example.org/briefing/tags/t/"
    assert urls.absolute("", "tags/t.md") == "tags/t/"


SEGMENT = st.text(alphabet="ab.-_", min_size=1, max_size=4).filter(lambda s: s not in (".", ".."))


@given(st.lists(SEGMENT, min_size=1, max_size=4), st.lists(SEGMENT, max_size=4))
def test_relative_links_are_posixpath_relpath_without_the_disk(path, folder):
    target, base = "/".join(path), "/".join(folder)
    assume(path != folder[: len(path)])  # a link's target is a file, never one of the folders it is in
    assert urls.relative(target, base) == posixpath.relpath(target, base or ".")
