"""Stage 5: the writer owns its files and nothing else."""

import os

import pytest

from generator.errors import OutputError
from generator.write import MANIFEST, write


def test_writes_pages_and_a_manifest(tmp_path):
    report = write(tmp_path, {"index.md": "home", "tags/a.md": "A", "feed.json": b"{}"})
    assert (tmp_path / "tags/a.md").read_text() == "A"
    assert (tmp_path / "feed.json").read_bytes() == b"{}"
    assert report.written == ("feed.json", "index.md", "tags/a.md")
    assert (tmp_path / MANIFEST).exists()


def test_unchanged_files_are_not_rewritten(tmp_path):
    write(tmp_path, {"a.md": "same", "b.md": "old"})
    before = os.stat(tmp_path / "a.md")
    os.utime(tmp_path / "a.md", ns=(1, 1))
    report = write(tmp_path, {"a.md": "same", "b.md": "new"})
    assert report.written == ("b.md",) and report.unchanged == 1
    assert os.stat(tmp_path / "a.md").st_mtime_ns == 1  # untouched
    assert os.stat(tmp_path / "a.md").st_ino == before.st_ino
    assert (tmp_path / "b.md").read_text() == "new"


def test_stale_generated_files_are_removed_with_their_empty_folders(tmp_path):
    write(tmp_path, {"keep.md": "k", "tags/old.md": "o"})
    report = write(tmp_path, {"keep.md": "k"})
    assert report.removed == ("tags/old.md",)
    assert not (tmp_path / "tags").exists()


def test_hand_written_files_are_never_touched(tmp_path):
    (tmp_path / "about.md").write_text("mine")
    write(tmp_path, {"index.md": "x"})
    write(tmp_path, {})
    assert (tmp_path / "about.md").read_text() == "mine"


def test_refuses_to_overwrite_a_hand_written_file(tmp_path):
    (tmp_path / "index.md").write_text("hand-written home")
    with pytest.raises(OutputError, match="refusing to overwrite hand-written file"):
        write(tmp_path, {"index.md": "generated"})
    assert (tmp_path / "index.md").read_text() == "hand-written home"


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "a/../../escape.md", "a/./b.md", "", "a\\b.md",
                                  "..", "a//b.md"])
def test_refuses_paths_that_are_not_plain_and_inside(tmp_path, path):
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="refusing to write"):
        write(out, {path: "x"})
    assert not (tmp_path / "escape.md").exists()


def test_refuses_to_follow_a_link_out_of_the_output(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "tags").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="resolves outside"):
        write(out, {"tags/a.md": "x"})
    assert list(outside.iterdir()) == []


def test_nothing_is_written_when_one_path_is_refused(tmp_path):
    with pytest.raises(OutputError):
        write(tmp_path, {"good.md": "x", "../bad.md": "y"})
    assert not (tmp_path / "good.md").exists()
