"""The content tree is a boundary: ids that would collide or not fit, links out of it, hidden files,
and a missing or broken configuration are each reported at their place, never a traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from project import REPO, briefing, make_project

TAGS = "t:\n  title: T\n"
ANNOTATION = "title: T\nsummary: S.\ntags: [t]\n"


def content(**files) -> dict:
    return {"briefings/tags.yml": TAGS, "briefings/articles/a.txt": "date 2024-01-01 Text.\n",
            "briefings/articles/a.yml": ANNOTATION, **files}


def check(root) -> tuple[int, str]:
    result = briefing(root, "check")
    return result.returncode, result.stderr


def test_an_id_that_is_an_index_page_address_is_refused(tmp_path):
    root = make_project(tmp_path, content(**{"briefings/tags.yml": TAGS + "index:\n  title: I\n",
                                             "briefings/articles/index.txt": "date 2024-01-01 Text.\n",
                                             "briefings/articles/index.yml": ANNOTATION}))
    code, err = check(root)
    assert code == 1
    assert ("briefings/tags.yml:3:1: error: 'tag id' cannot be 'index': 'index' is reserved: "
            "it is the address of an index page") in err
    assert "briefings/articles/index.txt:1:1: error: article id 'index' cannot be used: 'index' is reserved" in err


def test_an_id_too_long_for_a_file_name_is_refused(tmp_path):
    long_id = "a" * 101
    root = make_project(tmp_path, content(**{f"briefings/articles/{long_id}.txt": "date 2024-01-01 Text.\n",
                                             f"briefings/articles/{long_id}.yml": ANNOTATION,
                                             "briefings/entities.yml": f"{'b' * 120}:\n  name: B\n  kind: person\n"}))
    code, err = check(root)
    assert code == 1
    assert f"error: article id '{'a' * 40}' cannot be used: the id is 101 characters long; at most 100" in err
    assert "briefings/entities.yml:1:1: error: 'entity id' cannot be 'bbbb" in err and "120 characters long" in err


def test_symbolic_links_are_reported_and_never_followed(tmp_path):
    secret = tmp_path / "secret.yml"
    secret.write_text("title: SECRET-CONTENT\n")
    root = make_project(tmp_path / "p", content())
    os.symlink(secret, root / "briefings/articles/b.yml")
    os.symlink(root / "briefings/articles/a.txt", root / "briefings/articles/b.txt")
    os.symlink(secret, root / "briefings/stories.yml")
    code, err = check(root)
    assert code == 1
    assert "briefings/articles/b.yml:1:1: error: symbolic links are not followed" in err
    assert "briefings/articles/b.txt:1:1: error: symbolic links are not followed" in err
    assert "briefings/stories.yml:1:1: error: symbolic links are not followed" in err
    assert "SECRET" not in err


def test_hidden_content_files_are_reported_other_dot_files_ignored(tmp_path):
    root = make_project(tmp_path, content(**{"briefings/articles/.draft.txt": "date 2024-01-01 Text.\n",
                                             "briefings/articles/.DS_Store": "x", "briefings/articles/.gitkeep": ""}))
    code, err = check(root)
    assert code == 1
    assert err.startswith("briefings/articles/.draft.txt:1:1: error: hidden file is not read\n")
    assert "DS_Store" not in err and "gitkeep" not in err


def test_suffixes_in_capitals_are_read(tmp_path):
    root = make_project(tmp_path, {"briefings/tags.yml": TAGS, "briefings/articles/a.TXT": "date 2024-01-01 Text.\n",
                                   "briefings/articles/a.YML": ANNOTATION})
    result = briefing(root, "check")
    assert result.returncode == 0, result.stderr
    assert "1 articles" in result.stdout or "1 article" in result.stdout


def test_a_missing_configuration_is_an_error_not_a_default(tmp_path):
    root = make_project(tmp_path, content())
    result = briefing(root, "generate", "--config", "nope.yml")
    assert result.returncode == 1
    assert "nope.yml:1:1: error: configuration file not found" in result.stderr
    assert "Traceback" not in result.stderr and not (root / "site_src/index.md").exists()


@pytest.mark.parametrize("text, where", [("site_name: [unclosed\n", "mkdocs.yml:2:1:"),
                                         ("site_name: a\n  bad: indent\n", "mkdocs.yml:2:6:"),
                                         ("- a list\n", "mkdocs.yml:1:1:")])
def test_a_broken_configuration_is_located(tmp_path, text, where):
    root = make_project(tmp_path, content())
    (root / "mkdocs.yml").write_text(text)
    result = briefing(root, "generate")
    assert result.returncode == 1
    assert where in result.stderr and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("text", ["[" * 50_000, "- " * 50_000 + "x", "a: " + "{b: " * 30_000])
def test_nesting_that_would_crash_the_parser_is_refused_at_its_place(tmp_path, text):
    root = make_project(tmp_path, content(**{"briefings/articles/a.yml": text}))
    code, err = check(root)
    assert code == 1, err  # not 139: the process is not killed
    assert "briefings/articles/a.yml:1:" in err and "nests more than 64 levels deep" in err


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path):
    root = make_project(tmp_path, content(**{"briefings/articles/a.yml": "title: T\nsummary: '" + "x" * (1 << 20) + "'\n"}))
    code, err = check(root)
    assert code == 1
    assert "briefings/articles/a.yml:1:1: error: file is 1,048,597 bytes; at most 1,048,576 are read" in err
    assert len(err) < 2000


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_names_that_are_not_utf8_are_reported_in_every_format(tmp_path, fmt):
    root = make_project(tmp_path, content())
    folder = os.path.join(os.fsencode(root / "briefings/articles"), b"caf\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"b.txt"), "wb") as fh:
        fh.write(b"date 2024-01-01 Text.\n")
    with open(os.path.join(os.fsencode(root / "briefings/articles"), b"\xff.txt"), "wb") as fh:
        fh.write(b"date 2024-01-01 Text.\n")
    result = briefing(root, "check", "--format", fmt)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "the name is not UTF-8" in out
    assert "caf\\udce9" in out or "caf\\\\udce9" in out


def test_the_error_output_is_bounded(tmp_path):
    tags = "".join(f"t{i}:\n  title: T\n  bogus{i}: x\n" for i in range(300))  # 300 unknown keys
    long_value = "x" * 5000
    root = make_project(tmp_path, content(**{"briefings/tags.yml": TAGS + tags,
                                             "briefings/articles/a.yml": f"title: T\nsummary: S.\ntags: [t]\nimportance: {long_value}\n"}))
    code, err = check(root)
    assert code == 1
    lines = [l for l in err.splitlines() if ": error: " in l]
    assert len(lines) == 200 and max(len(l) for l in lines) < 450
    assert err.rstrip().endswith("301 problems found. (101 more not shown: fix the first ones and check again)")
    result = briefing(root, "check", "--format", "json")
    import json
    document = json.loads(result.stdout)
    assert len(document["problems"]) == 200 and document["counts"]["problems"] == 301


@pytest.mark.parametrize("text, where", [("{% if %}\n", "templates/tag.html.j2:1:1: error: template error: "),
                                         ("ok\n{{ no_such_thing.x }}\n", "templates/tag.html.j2:2:1: error: template error: ")])
def test_an_error_in_a_template_override_is_located(tmp_path, text, where):
    root = make_project(tmp_path, content(**{"templates/tag.html.j2": text}))
    result = briefing(root, "generate")
    assert result.returncode == 1
    assert where in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_template_override_written_for_markdown_pages_is_an_error_not_ignored(tmp_path):
    root = make_project(tmp_path, content(**{"templates/tag.md.j2": "# {{ tag.title }}\n"}))
    result = briefing(root, "generate")
    assert result.returncode == 1
    assert ("templates/tag.md.j2:1:1: error: template 'tag.md.j2' is not read: pages are rendered to HTML by "
            "'tag.html.j2' templates") in result.stderr
    assert "hint: rename it tag.html.j2 and write HTML" in result.stderr


def test_a_content_folder_that_is_a_symbolic_link_is_reported_not_followed(tmp_path, monkeypatch):
    from generator.build import check
    from generator.content.errors import ContentError

    real = tmp_path / "elsewhere"
    shutil.copytree(REPO / "briefings", real)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefings").symlink_to(real, target_is_directory=True)
    with pytest.raises(ContentError) as info:
        check(Path("briefings"))
    assert [str(p) for p in info.value.problems] == [
        "briefings:1:1: error: symbolic links are not followed\n"
        "  hint: keep the content itself in the project, not a link to it"]


def test_yaml_tags_are_refused_at_their_place_not_read_as_the_text_after_them(tmp_path):
    root = make_project(tmp_path, content(**{
        "briefings/articles/a.yml": "title: !!binary VA==\nsummary: !custom S.\ntags: !!python/object:os.system [t]\n",
        "briefings/tags.yml": "t:\n  title: !!str T\n"}))  # a tag that means plain text is fine
    code, err = check(root)
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        "briefings/articles/a.yml:1:8: error: YAML tag '!!binary' is not supported",
        "briefings/articles/a.yml:2:10: error: YAML tag '!custom' is not supported",
        "briefings/articles/a.yml:3:7: error: YAML tag '!!python/object:os.system' is not supported"]


def test_a_folder_named_like_an_annotation_is_reported_not_walked(tmp_path):
    root = make_project(tmp_path, content(**{"briefings/articles/b.yml/c.txt": "date 2024-01-01 Text.\n",
                                             "briefings/articles/d.TXT/e.yml": ANNOTATION}))
    code, err = check(root)
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        "briefings/articles/b.yml:1:1: error: a folder named like an article or annotation",
        "briefings/articles/d.TXT:1:1: error: a folder named like an article or annotation"]
    assert "rename the folder without '.TXT'" in err


def test_a_relation_on_a_briefing_outside_any_story_is_refused_where_written(tmp_path):
    """It would compare the claim with nothing: shown on no page, so refused rather than lost."""
    root = make_project(tmp_path, content(**{"briefings/articles/a.yml": ANNOTATION + (
        "claims:\n  - topic: burn\n    value: \"$8M\"\n    relation:\n      kind: agree\n      reason: Rounded.\n")}))
    code, err = check(root)
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        "briefings/articles/a.yml:7:5: error: 'relation' says how this claim relates to the other sources of its "
        "story, and this briefing has no 'story'"]


@pytest.mark.parametrize("command", ["generate", "build"])
def test_a_name_that_is_not_utf8_stops_generate_and_build_with_the_located_error(tmp_path, command):
    root = make_project(tmp_path, content())
    with open(os.path.join(os.fsencode(root / "briefings/articles"), b"caf\xe9.txt"), "wb") as fh:
        fh.write(b"date 2024-01-01 Text.\n")
    result = briefing(root, command)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "caf\\udce9.txt:1:1: error: the name is not UTF-8" in result.stderr


def test_misnamed_vocabularies_and_a_bare_dot_yml_are_reported_not_ignored(tmp_path):
    files = content(**{"briefings/articles/.yml": ANNOTATION})
    files["briefings/tags.YML"] = files.pop("briefings/tags.yml")
    files["briefings/.entities.yml"] = "p:\n  name: P\n  kind: person\n"
    files["briefings/stories.yaml"] = ""
    root = make_project(tmp_path, files)
    code, err = check(root)
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert {
        "briefings/.entities.yml:1:1: error: '.entities.yml' is not read",
        "briefings/stories.yaml:1:1: error: 'stories.yaml' is not read",
        "briefings/tags.YML:1:1: error: 'tags.YML' is not read",
        "briefings/articles/.yml:1:1: error: hidden file is not read"} <= set(errors)
    assert "vocabularies are named exactly 'tags.yml': rename it" in err


def test_utf16_quotes_nested_past_reading_and_an_empty_article_are_each_reported(tmp_path):
    root = make_project(tmp_path, content(**{
        "briefings/articles/b.md": "---\ndate: 2024-01-01\n---\n\nFine.\n\n" + "> " * 1000 + "deep\n",
        "briefings/articles/b.yml": ANNOTATION}))
    (root / "briefings/articles/c.txt").write_bytes("date 2024-01-01 Text.\n".encode("utf-16"))
    (root / "briefings/articles/c.yml").write_text(ANNOTATION)
    code, err = check(root)
    assert code == 1
    assert "briefings/articles/b.md:5:1: error: Markdown nested too deeply to read in an article" in err
    assert "briefings/articles/c.txt:1:1: error: file is UTF-16, not UTF-8" in err
    (root / "briefings/articles/b.md").write_text("---\ndate: 2024-01-01\n---\n")
    (root / "briefings/articles/c.txt").write_text("date 2024-01-01 Text.\n")
    (root / "briefings/articles/a.yml").write_text(ANNOTATION + "source:\n  name: O\n")
    code, err = check(root)
    assert code == 0  # a warning, not a failure
    assert [line for line in err.splitlines() if ": warning: " in line][:1] == [
        "briefings/articles/b.md:4:1: warning: the article has no text"]  # where the text goes


def test_a_role_that_ends_before_it_starts_or_names_an_unknown_organisation_is_refused(tmp_path):
    entities = ("p:\n  name: P\n  kind: person\n  roles:\n"
                "    - title: Chief executive\n      of: nowhere\n      from: \"2024-03\"\n"
                "    - title: Chair\n      from: \"2024-03-22\"\n      until: \"2024-03\"\n"  # the same month: fine
                "    - title: Adviser\n      from: \"2024\"\n      until: \"2023-12\"\n")
    root = make_project(tmp_path, content(**{"briefings/entities.yml": entities}))
    code, err = check(root)
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        "briefings/entities.yml:6:11: error: unknown entity 'nowhere' in 'roles.of'",
        "briefings/entities.yml:11:7: error: 'roles' ends (2023-12) before it starts (2024)"]
