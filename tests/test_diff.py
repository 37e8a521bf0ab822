"""briefing diff: the generated pages a change adds, removes or changes against a git revision."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import MINIMAL_CONTENT
from generator.cli.diff import PageDiff, SiteDiff, compare, format_text
from project import REPO, briefing, write_tree

GIT = ["git", "-c", "user.name=Curator", "-c", "user.email=curator@example.org", "-c", "commit.gpgsign=false"]
A_SUMMARY = "Emad Mostaque left *Stability AI*."


def git(root, *args):
    return subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    """A git repository whose one commit on main holds the minimal content set and mkdocs.yml."""
    root = tmp_path / "repo"
    root.mkdir()
    write_tree(root, MINIMAL_CONTENT)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Minimal content")
    return root


def pages_by_status(stdout):
    found = {"changed": [], "added": [], "removed": []}
    for line in stdout.splitlines():
        status, sep, path = line.partition(": ")
        if sep and status in found:
            found[status].append(path)
    return found


def edit(root, rel, old, new):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unchanged_content_changes_no_page(repo):
    result = briefing(repo, "diff", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 pages changed, 0 added, 0 removed (against main, ")
    assert pages_by_status(result.stdout) == {"changed": [], "added": [], "removed": []}


def test_edited_summary_changes_every_page_that_shows_it(repo):
    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "Emad Mostaque resigned from *Stability AI* on Friday.")
    result = briefing(repo, "diff", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("7 pages changed, 0 added, 0 removed (against main, ")
    assert pages_by_status(result.stdout) == {
        "changed": ["briefings/a.md", "digests/2024-w12.md", "feed.json", "feed.xml", "index.md",
                    "tags/leadership.md", "timeline/2024.md"],
        "added": [], "removed": []}
    # the article page's diff shows the summary line before and after
    page = result.stdout.split("changed: briefings/a.md\n", 1)[1].split("\n\nchanged: ", 1)[0]
    assert "\n-<p>Emad Mostaque left <em>Stability AI</em>.</p>\n" in page
    assert "\n+<p>Emad Mostaque resigned from <em>Stability AI</em> on Friday.</p>\n" in page
    assert page.startswith("@@ ")


def test_added_article_adds_its_page_and_its_week(repo):
    write_tree(repo, {"briefings/articles/c.txt": "date 2024-04-02 OpenAI did a thing.\n",
                      "briefings/articles/c.yml": "title: A thing\nsummary: OpenAI did a thing.\ntags: [funding]\n"})
    result = briefing(repo, "diff", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("11 pages changed, 2 added, 0 removed")
    assert pages_by_status(result.stdout) == {
        "changed": ["briefings/index.md", "digests/2024-w13.md", "digests/index.md", "feed.json", "feed.xml", "index.md",
                    "tags/funding.md", "tags/index.md", "timeline/2024.md", "timeline/index.md", "trends.md"],
        "added": ["briefings/c.md", "digests/2024-w14.md"],
        "removed": []}
    added = result.stdout.split("added: briefings/c.md\n", 1)[1]
    assert added.startswith("@@ -0,0 +1,")


def test_removed_article_removes_its_page_and_its_week(repo):
    git(repo, "rm", "-q", "briefings/articles/b.md", "briefings/articles/b.yml")
    result = briefing(repo, "diff", "main")
    assert result.returncode == 0, result.stderr
    found = pages_by_status(result.stdout)
    assert found["removed"] == ["briefings/b.md", "digests/2024-w13.md"]
    assert found["added"] == []
    assert found["changed"] == [
        "briefings/a.md", "briefings/index.md", "digests/2024-w12.md", "digests/index.md", "entities/emad-mostaque.md",
        "entities/index.md", "feed.json", "feed.xml", "index.md", "stories/index.md",
        "stories/mostaque-leaves.md", "tags/funding.md", "tags/index.md", "tags/leadership.md",
        "timeline/2024.md", "timeline/index.md", "trends.md"]
    assert result.stdout.startswith("17 pages changed, 0 added, 2 removed")


def test_compares_with_an_older_commit_and_reads_no_uncommitted_file_from_it(repo):
    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "First edit.")
    git(repo, "commit", "-q", "-am", "First edit")
    edit(repo, "briefings/articles/a.yml", "First edit.", "Second edit.")
    against_head = briefing(repo, "diff", "HEAD")
    assert "-<p>First edit.</p>\n" in against_head.stdout and "+<p>Second edit.</p>\n" in against_head.stdout
    against_first = briefing(repo, "diff", "HEAD~1")
    assert "-<p>Emad Mostaque left <em>Stability AI</em>.</p>\n" in against_first.stdout and "+<p>Second edit.</p>\n" in against_first.stdout


def test_long_diffs_are_cut_and_say_how_much(repo):
    write_tree(repo, {"briefings/articles/c.txt": "date 2024-04-02 OpenAI did a thing.\n",
                      "briefings/articles/c.yml": "title: A thing\nsummary: OpenAI did a thing.\ntags: [funding]\n"})
    full = briefing(repo, "diff", "main", "--max-lines", "0").stdout
    total = len(full.split("added: briefings/c.md\n", 1)[1].split("\n\n", 1)[0].splitlines())
    assert total > 5
    page = briefing(repo, "diff", "main", "--max-lines", "5").stdout.split("added: briefings/c.md\n", 1)[1]
    lines = page.split("\n\n", 1)[0].splitlines()
    assert len(lines) == 6
    assert lines[5] == f"... {total - 5} more lines cut ({total} in this page's diff; see --max-lines)"


def test_context_option_sets_the_unchanged_lines_around_a_change(repo):
    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "Edited.")
    wide = briefing(repo, "diff", "main", "--context", "5").stdout
    none = briefing(repo, "diff", "main", "--context", "0").stdout
    page = lambda out: out.split("changed: briefings/a.md\n", 1)[1].split("\n\n", 1)[0]  # noqa: E731
    assert sum(line.startswith(" ") for line in page(none).splitlines()) == 0
    assert sum(line.startswith(" ") for line in page(wide).splitlines()) > 4


def test_unknown_revision_is_a_clear_error(repo):
    result = briefing(repo, "diff", "no-such-branch")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: unknown revision 'no-such-branch': expected a commit, branch or tag")
    assert "Traceback" not in result.stderr


def test_outside_a_git_repository_is_a_clear_error(tmp_path):
    write_tree(tmp_path, MINIMAL_CONTENT)
    env = dict(os.environ, GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    result = subprocess.run([sys.executable, "-m", "generator", "diff", "main"], cwd=tmp_path,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr == ("error: briefings is not inside a git repository; "
                             "briefing diff compares the content with a git revision\n")


def test_invalid_working_tree_content_reports_its_problems(repo):
    edit(repo, "briefings/articles/a.yml", "  - leadership", "  - leadershp")
    result = briefing(repo, "diff", "main")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "briefings/articles/a.yml:4:5: error: unknown tag 'leadershp' in 'tags'\n"
        "  hint: did you mean 'leadership'?")
    assert result.stderr.endswith("1 problem found in briefings; fix them to see the diff "
                                  "(briefing check lists them too).\n")


def test_invalid_content_at_the_revision_compares_with_an_empty_site(repo):
    edit(repo, "briefings/articles/a.yml", "  - leadership", "  - leadershp")
    git(repo, "commit", "-q", "-am", "A typo")
    edit(repo, "briefings/articles/a.yml", "  - leadershp", "  - leadership")
    result = briefing(repo, "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(
        "warning: the content at HEAD has 1 problem; compared with an empty site:\n"
        "HEAD:briefings/articles/a.yml:4:5: error: unknown tag 'leadershp' in 'tags'\n")
    found = pages_by_status(result.stdout)
    assert found["changed"] == found["removed"] == []
    assert "briefings/a.md" in found["added"] and "index.md" in found["added"]
    assert "warning: the content at HEAD has 1 problem; compared with an empty site" in result.stdout


def test_content_directory_missing_at_the_revision(repo):
    git(repo, "mv", "briefings", "content")
    result = briefing(repo, "diff", "main", "--content", "content")
    assert result.returncode == 0, result.stderr
    assert "main:content:1:1: error: content directory not found" in result.stderr
    assert pages_by_status(result.stdout)["added"]


def test_content_given_as_an_absolute_path_from_another_directory(repo, tmp_path):
    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "Edited.")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = briefing(elsewhere, "diff", "main", "--content", str(repo / "briefings"),
                      "--config", str(repo / "mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("7 pages changed, 0 added, 0 removed")


# -- the pure parts ----------------------------------------------------------------------------

def test_compare_orders_changed_added_removed_and_reads_bytes():
    old = {"b.md": "one\ntwo\n", "gone.md": "x\n", "same.md": "s\n", "feed.xml": b"<a/>\n"}
    new = {"b.md": "one\nTWO\n", "new.md": "y\n", "same.md": "s\n", "feed.xml": b"<b/>\n"}
    found = compare(old, new, context=1)
    assert [(p.status, p.path) for p in found] == [
        ("changed", "b.md"), ("changed", "feed.xml"), ("added", "new.md"), ("removed", "gone.md")]
    assert found[0] == PageDiff("b.md", "changed", ("@@ -1,2 +1,2 @@", " one", "-two", "+TWO"), 1, 1)
    assert found[2].lines == ("@@ -0,0 +1 @@", "+y")
    assert found[3].lines == ("@@ -1 +0,0 @@", "-x")


def test_compare_reports_a_difference_in_the_final_newline_only():
    (page,) = compare({"a.md": "text\n"}, {"a.md": "text"})
    assert page.lines == ("(only line endings or the final newline differ)",)


def test_text_report_format():
    result = SiteDiff("main", "0123456789abcdef", compare({"a.md": "x\n"}, {"a.md": "y\n", "b.md": "z\n"}))
    assert format_text(result) == textwrap.dedent("""\
        1 page changed, 1 added, 0 removed (against main, 0123456789ab)

        changed: a.md
        @@ -1 +1 @@
        -x
        +y

        added: b.md
        @@ -0,0 +1 @@
        +z
        """)


@pytest.mark.parametrize("path", ["../escape.txt", "a/../../b", "/etc/x", "a//b", "./a", ""])
def test_paths_a_crafted_tree_could_hold_are_never_written(path):
    from generator.cli.diff import plain_path
    assert not plain_path(path)


def test_a_second_diff_reuses_the_checked_out_revision(repo):
    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "Edited.")
    first = briefing(repo, "diff", "main")
    checkouts = list((repo / ".cache/rev").iterdir())
    second = briefing(repo, "diff", "main")
    assert first.stdout == second.stdout and first.returncode == second.returncode == 0
    assert list((repo / ".cache/rev").iterdir()) == checkouts and len(checkouts) == 1


def test_the_revision_side_parses_only_the_files_whose_bytes_differ(repo, monkeypatch):
    """Files the working tree has with the same bytes are taken from its parse, not read again."""
    import generator.content.load as load
    from generator.cli.diff import diff_site

    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "Edited.")
    monkeypatch.chdir(repo)
    parsed = []
    for name in ("read_annotation", "read_article"):
        real = getattr(load, name)
        monkeypatch.setattr(load, name, lambda path, shown, real=real: parsed.append(str(path)) or real(path, shown))
    result = diff_site("main", Path("briefings"), Path("mkdocs.yml"))
    assert [p.path for p in result.pages] == ["briefings/a.md", "digests/2024-w12.md", "feed.json", "feed.xml",
                                              "index.md", "tags/leadership.md", "timeline/2024.md"]
    from_revision = [p for p in parsed if "/.cache/rev/" in p]
    assert [Path(p).name for p in from_revision] == ["a.yml"]
    assert len(parsed) > len(from_revision) + 1  # the working tree's files were parsed (cold cache)


# -- the diff cache: what a diff learnt of each content state ------------------------------------

def _counting(monkeypatch):
    """Count the files parsed and the validations run in this process."""
    import generator.cli.diff as diff
    import generator.content.load as load
    import generator.content.validate as validation

    calls = {"parsed": 0, "validated": 0}
    for name in ("read_annotation", "read_article"):
        real = getattr(load, name)

        def counted(path, shown, real=real):
            calls["parsed"] += 1
            return real(path, shown)
        monkeypatch.setattr(load, name, counted)
    real_validate = validation.validate

    def validate(raw):
        calls["validated"] += 1
        return real_validate(raw)
    monkeypatch.setattr(diff, "validate", validate)  # the working tree's side
    monkeypatch.setattr(validation, "validate", validate)  # the revision's (build.check)
    return calls


def test_a_second_diff_of_the_same_content_computes_nothing_and_gives_the_same_report(repo, monkeypatch):
    from generator.cli.diff import diff_site

    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "Edited.")
    monkeypatch.chdir(repo)
    first = diff_site("main", Path("briefings"), Path("mkdocs.yml"))
    assert sorted(p.name for p in (repo / ".cache/diff").iterdir()) == sorted(
        [*(p.name for p in (repo / ".cache/diff").glob("*.state")), "pages.pickle"])
    assert len(list((repo / ".cache/diff").glob("*.state"))) == 2  # the working tree's and main's
    shutil.rmtree(repo / ".cache/rev")
    calls = _counting(monkeypatch)
    second = diff_site("main", Path("briefings"), Path("mkdocs.yml"))
    assert second == first
    assert calls == {"parsed": 0, "validated": 0}
    assert not (repo / ".cache/rev").exists()  # the revision was not read out of git again


def test_a_changed_file_is_a_new_state_and_changes_the_report(repo, monkeypatch):
    from generator.cli.diff import diff_site, format_text

    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "Edited once.")
    monkeypatch.chdir(repo)
    first = format_text(diff_site("main", Path("briefings"), Path("mkdocs.yml")))
    edit(repo, "briefings/articles/a.yml", "Edited once.", "Edited twice.")
    calls = _counting(monkeypatch)
    second = format_text(diff_site("main", Path("briefings"), Path("mkdocs.yml")))
    assert calls == {"parsed": 1, "validated": 1}  # the working tree's one changed file; main is known
    assert "+<p>Edited twice.</p>" in second and "Edited once." not in second
    assert second == first.replace("Edited once.", "Edited twice.")
    shutil.rmtree(repo / ".cache")  # and the same as a diff that computes everything
    assert format_text(diff_site("main", Path("briefings"), Path("mkdocs.yml"))) == second


def test_a_diff_cache_not_signed_here_or_damaged_is_not_used(repo, monkeypatch):
    import pickle

    from generator.cli.diff import diff_site

    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "Edited.")
    monkeypatch.chdir(repo)
    first = diff_site("main", Path("briefings"), Path("mkdocs.yml"))
    for cached in (repo / ".cache/diff").iterdir():  # as a pull request could commit them: keys and texts of its choice
        data = cached.read_bytes()
        forged = pickle.loads(data[32:])
        if cached.name == "pages.pickle":
            forged = (forged[0], {key: "forged\n" for key in forged[1]})
        else:
            forged = (forged[0], {path: b"0" * 16 for path in forged[1]}, {"feed.xml": "forged\n"}, forged[3])
        cached.write_bytes(b"\0" * 32 + pickle.dumps(forged))
    calls = _counting(monkeypatch)
    second = diff_site("main", Path("briefings"), Path("mkdocs.yml"))
    assert second == first
    assert calls["validated"] == 2  # both sides computed again
    for cached in (repo / ".cache/diff").iterdir():
        cached.write_bytes(b"not a pickle")
    assert diff_site("main", Path("briefings"), Path("mkdocs.yml")) == first


def test_the_problems_of_a_revision_are_kept_with_its_state(repo, monkeypatch):
    from generator.cli.diff import diff_site

    edit(repo, "briefings/articles/a.yml", "  - leadership", "  - leadershp")
    git(repo, "commit", "-q", "-am", "A typo")
    edit(repo, "briefings/articles/a.yml", "  - leadershp", "  - leadership")
    monkeypatch.chdir(repo)
    first = diff_site("HEAD", Path("briefings"), Path("mkdocs.yml"))
    shutil.rmtree(repo / ".cache/rev")
    again = diff_site("HEAD~0", Path("briefings"), Path("mkdocs.yml"))
    assert not (repo / ".cache/rev").exists()
    assert [p.path for p in first.base_problems] == ["HEAD:briefings/articles/a.yml"]
    assert [p.path for p in again.base_problems] == ["HEAD~0:briefings/articles/a.yml"]  # named as asked this time
    assert again.pages == first.pages


def test_pages_rendered_before_are_taken_by_their_key(repo, monkeypatch):
    """A second edit of the same annotation renders only the working tree's pages again: main's are known."""
    from generator.cli.diff import diff_site
    from generator.pages import render

    rendered = []
    real = render.Renderer.page

    def page(self, path, template, inputs=(render.ALL,), **data):
        before = len(self.pages)
        real(self, path, template, inputs, **data)
        if len(self.pages) > before:
            rendered.append(path)
    monkeypatch.setattr(render.Renderer, "page", page)
    edit(repo, "briefings/articles/a.yml", A_SUMMARY, "Edited.")
    monkeypatch.chdir(repo)
    first = diff_site("main", Path("briefings"), Path("mkdocs.yml"))
    on_both_sides = sorted(rendered)
    assert on_both_sides == sorted(2 * list(set(rendered))) and "briefings/a.md" in rendered  # each page twice
    rendered.clear()
    edit(repo, "briefings/articles/a.yml", "Edited.", "Edited again.")
    second = diff_site("main", Path("briefings"), Path("mkdocs.yml"))
    assert sorted(rendered) == sorted(set(on_both_sides))  # once: the working tree's side
    assert [p.path for p in second.pages] == [p.path for p in first.pages]


def test_a_new_draft_changes_no_published_page_and_publishing_it_does(repo):
    """briefing diff compares what build publishes: a draft adds nothing; removing 'draft: true' adds its page."""
    write_tree(repo, {
        "briefings/articles/2024-03-26-note.md": "---\ndate: 2024-03-26\n---\nStability AI said more.\n",
        "briefings/articles/2024-03-26-note.yml": "title: A note in progress\nsummary: Being written.\n"
                                                  "draft: true\ntags: [funding]\n",
    })
    result = briefing(repo, "diff", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 pages changed, 0 added, 0 removed"), result.stdout
    edit(repo, "briefings/articles/2024-03-26-note.yml", "draft: true\n", "")
    result = briefing(repo, "diff", "main")
    assert "briefings/2024-03-26-note.md" in pages_by_status(result.stdout)["added"], result.stdout
