"""`briefing build` after the first: MkDocs renders only the pages that changed, and the site is
the same as a full build's; anything else a page is made from changing means a full build."""

import os
import shutil

import pytest

from project import briefing, make_project, tree

from generator.site import sitebuild


def build(root, *args) -> str:
    result = briefing(root, "build", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def dirty(output: str) -> bool:
    return "--dirty" in output


def pages(site) -> dict:
    """The built site but Pagefind's bundle, whose file names differ from run to run on the same pages."""
    return {path: data for path, data in tree(site).items() if not path.startswith("pagefind/")}


def html_stamps(site) -> dict:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path / "p")
    assert not dirty(build(root))  # the first build renders everything
    return root


def test_an_edit_renders_only_the_pages_that_show_it_and_gives_the_full_builds_site(project, tmp_path):
    before = html_stamps(project / "site")
    tags = project / "briefings/tags.yml"
    tags.write_text(tags.read_text().replace('title: "Funding"', 'title: "Money raised"'), encoding="utf-8")
    out = build(project)
    assert dirty(out)
    after = html_stamps(project / "site")
    rendered = {page for page in after if after[page] != before.get(page)}
    # the tag's page and the briefings that carry its chip; sitemap and 404 are the theme's own
    assert {"tags/funding/index.html", "tags/index.html", "404.html"} <= rendered
    assert "about/index.html" not in rendered and "entities/openai/index.html" not in rendered
    assert "Money raised" in (project / "site/tags/funding/index.html").read_text()
    incremental = pages(project / "site")
    shutil.copytree(project, tmp_path / "full")
    assert not dirty(build(tmp_path / "full", "--full"))
    assert pages(tmp_path / "full/site") == incremental


def test_an_incremental_build_gives_no_advice_briefing_cannot_follow(project):
    # MkDocs notes "stale files. Use --clean" on every dirty build of a site folder that is not empty:
    # they are the last build's pages, and briefing build has no --clean
    result = briefing(project, "build")
    assert result.returncode == 0 and dirty(result.stdout), result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "--clean" not in output and "stale" not in output, output
    assert "Documentation built" in result.stderr  # MkDocs' own log still streams through


def test_a_removed_page_or_a_changed_theme_config_or_hook_builds_everything(project):
    (project / "site_src/notes.md").write_text("# Notes\n\nA page of our own.\n", encoding="utf-8")
    assert dirty(build(project))  # a new page is rendered with the changed ones
    assert (project / "site/notes/index.html").is_file()
    os.remove(project / "site_src/notes.md")
    assert not dirty(build(project))
    assert not (project / "site/notes").exists()
    assert dirty(build(project))
    for changed in ("overrides/main.html", "mkdocs.yml", "hooks/generated_pages.py"):
        with open(project / changed, "a", encoding="utf-8") as f:
            f.write("\n")
        assert not dirty(build(project)), changed
        assert dirty(build(project)), changed


def test_a_failed_build_is_followed_by_a_full_one(project):
    about = project / "site_src/about.md"
    text = about.read_text()
    about.write_text(text + "\n[gone](nowhere.md)\n", encoding="utf-8")
    failed = briefing(project, "build")
    assert failed.returncode == 3 and "nowhere.md" in failed.stdout + failed.stderr  # strict still holds
    about.write_text(text, encoding="utf-8")
    assert not dirty(build(project))


def test_without_a_cache_folder_every_build_is_full(project):
    shutil.rmtree(project / ".cache")
    (project / ".cache").symlink_to(project / "elsewhere")  # a committed link is never used
    assert not dirty(build(project))
    assert not dirty(build(project))


def test_the_record_names_the_inputs_and_a_missing_site_is_not_rebuilt(tmp_path, project):
    config = project / "mkdocs.yml"
    names = {p for p in sitebuild.inputs(config)}
    assert {config, project / "overrides/main.html", project / "hooks/dirty_builds.py"} <= names
    stamp = sitebuild.fingerprint(config, "mkdocs", project / "site")
    assert stamp != sitebuild.fingerprint(config, "properdocs", project / "site")
    assert stamp != sitebuild.fingerprint(config, "mkdocs", tmp_path / "other-site")
    docs = sitebuild.docs_names(config)
    assert sitebuild.can_rebuild(project / ".cache", project / "site", stamp, docs)
    assert not sitebuild.can_rebuild(project / ".cache", tmp_path / "no-site", stamp, docs)
    assert not sitebuild.can_rebuild(project / ".cache", project / "site", stamp, docs - {"about.md"})


def test_a_new_redirect_is_written_by_a_dirty_build_and_a_removed_one_makes_a_full_build(project):
    """hooks/redirects.py writes the redirect pages after every build; one gone since the last build would stay."""
    (project / "briefings/redirects.yml").write_text("tags:\n  money-raised: funding\n", encoding="utf-8")
    assert dirty(build(project))
    assert "url=../funding/" in (project / "site/tags/money-raised/index.html").read_text(encoding="utf-8")
    incremental = pages(project / "site")
    assert not dirty(build(project, "--full"))
    assert pages(project / "site") == incremental
    (project / "briefings/redirects.yml").write_text("tags:\n  cash: funding\n", encoding="utf-8")
    assert not dirty(build(project))
    assert not (project / "site/tags/money-raised").exists() and (project / "site/tags/cash/index.html").is_file()
