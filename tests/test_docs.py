"""The documentation is complete and stays in step with the code.

CONTRIBUTING.md is published on the site as site_src/contributing.md (the
same text under a front-matter header); it documents every annotation and
vocabulary field the schema declares; every command it tells a curator to
run exists; and README.md mentions every subcommand of the CLI.
"""

import re
import shutil

import pytest
import yaml

from generator.content import schema
from project import REPO, briefing, make_project
from test_workflows import make_targets, subcommands

CONTRIBUTING = REPO / "CONTRIBUTING.md"
PAGE = REPO / "site_src" / "contributing.md"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n\n", re.S)


def contributing():
    return CONTRIBUTING.read_text(encoding="utf-8")


def test_site_page_is_contributing_md_under_a_front_matter_header():
    page = PAGE.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(page)
    assert match, "site_src/contributing.md must start with a '---' front-matter block and a blank line"
    assert yaml.safe_load(match.group(1)) == {"title": "Contributing", "search": {"exclude": True}}
    assert page[match.end():] == contributing(), (
        "site_src/contributing.md differs from CONTRIBUTING.md: copy CONTRIBUTING.md below the front matter")


def test_contributing_is_in_the_nav_right_after_about():
    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    titles = [next(iter(item)) for item in nav]
    assert titles[titles.index("About") + 1] == "Contributing"
    assert {"Contributing": "contributing.md"} in nav


@pytest.mark.parametrize("record", [schema.ANNOTATION, schema.SOURCE, schema.QUOTE, schema.CLAIM, schema.RELATION,
                                    schema.ROLE, schema.TAG,
                                    schema.ENTITY, schema.STORY, schema.EVENT, schema.FRONT_MATTER],
                         ids=lambda record: record.name)
def test_every_schema_field_is_documented(record):
    missing = [field.name for field in record.fields if f"`{field.name}`" not in contributing()]
    assert not missing, f"CONTRIBUTING.md does not mention these {record.name} fields: {missing}"


def test_annotation_table_lists_every_annotation_field_and_marks_the_required_ones():
    rows = dict(re.findall(r"^\| `(\w+)` \|[ ]*(yes)?[ ]*\|", contributing(), re.M))
    assert set(rows) == {field.name for field in schema.ANNOTATION.fields}
    assert {name for name, required in rows.items() if required} == {
        field.name for field in schema.ANNOTATION.fields if field.required}


def test_every_entity_kind_is_documented():
    missing = [kind for kind in schema.ENTITY_KINDS if f"`{kind}`" not in contributing()]
    assert not missing, f"CONTRIBUTING.md does not list these entity kinds: {missing}"


def test_commands_contributing_tells_you_to_run_exist():
    text = contributing()
    named = set(re.findall(r"`briefing ([a-z][a-z-]*)", text))
    assert named >= {"check", "new", "diff", "serve"}
    assert named <= subcommands(), f"no such briefing subcommand: {named - subcommands()}"
    targets = set(re.findall(r"`make ([a-z][a-z-]*)`", text))
    assert targets >= {"check", "serve"}
    assert targets <= make_targets(), f"no such make target: {targets - make_targets()}"


def yaml_examples() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", contributing(), re.S)


def test_the_worked_example_is_the_real_annotation():
    """Every line of the YAML example is a line of the sample annotation (the example is shortened, not changed)."""
    (example,) = [text for text in yaml_examples() if text.startswith("title:")]
    real = (REPO / "briefings/articles/2024-03-24-mostaque-steps-down-decentralized-ai.yml").read_text(
        encoding="utf-8").splitlines()
    assert [line for line in example.splitlines() if line not in real] == []


def test_every_cli_subcommand_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = sorted(name for name in subcommands() if not re.search(rf"`briefing {name}\b", readme))
    assert not missing, f"README.md does not document: {', '.join('briefing ' + name for name in missing)}"


def test_site_builds_strictly_with_the_contributing_page(tmp_path):
    root = make_project(tmp_path)
    shutil.copy(PAGE, root / "site_src" / "contributing.md")
    result = briefing(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "<h1 id=\"contributing-to-briefing\">Contributing to Briefing" in html
    assert 'href="contributing/"' in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_the_annotation_table_is_only_in_contributing():
    """One table of the annotation keys, checked against the schema above; the README points to it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert not re.findall(r"^\| `(?:importance|key_points|claims)` \|", readme, re.M)
    assert "CONTRIBUTING.md#annotating-it" in readme and "## Annotating it" in contributing()


def test_every_figure_contributing_shows_is_read_and_every_counterexample_is_not():
    from generator.content.quantities import parse

    text = contributing()
    table = text[text.index("| form | examples | read as |"):]
    table = table[:table.index("\n\n")]
    rows = [row.split("|") for row in table.splitlines()[2:]]
    examples = [e for cells in rows if cells[1].strip() not in ("hedges", "bounds", "")  # words, not figures
                for e in re.findall(r"`([^`]+)`", cells[2])]
    assert len(examples) >= 35
    assert [e for e in examples if parse(e) is None] == []
    unread = text[text.index("Not read (compared as text"):]
    unread = re.findall(r"`([^`]+)`", unread[:unread.index("\n\n")])
    assert len(unread) == 7 and [e for e in unread if parse(e) is not None] == []


# What pre-commit (4.7) reads in a local hook: clientlib.MANIFEST_HOOK_DICT's keys; the languages that install
# nothing, 'system' being the name of 'unsupported' before pre-commit 4.4 (which reads it still)
PRE_COMMIT_TOP_KEYS = {"repos", "default_install_hook_types", "default_language_version", "default_stages", "files",
                       "exclude", "fail_fast", "minimum_pre_commit_version", "ci"}
PRE_COMMIT_HOOK_KEYS = {"id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or",
                        "exclude_types", "additional_dependencies", "args", "always_run", "fail_fast",
                        "pass_filenames", "description", "language_version", "log_file", "require_serial",
                        "stages", "verbose", "minimum_pre_commit_version"}


def test_the_offline_pre_commit_hook_contributing_shows_is_a_valid_local_hook():
    """The hook to use without the package index: a local hook that runs the installed `briefing check`."""
    (text,) = [text for text in yaml_examples() if text.startswith("repos:")]
    config = yaml.safe_load(text)
    assert set(config) <= PRE_COMMIT_TOP_KEYS
    (repo,) = config["repos"]
    assert set(repo) == {"repo", "hooks"} and repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert set(hook) <= PRE_COMMIT_HOOK_KEYS and {"id", "name", "entry", "language"} <= set(hook)
    assert hook["language"] == "system"  # runs the entry as it is: nothing to install, no network
    assert "additional_dependencies" not in hook
    assert hook["entry"].split()[0] == "briefing" and hook["entry"].split()[1] in subcommands()
    published = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert {k: v for k, v in hook.items() if k != "language"} == {
        k: published[k] for k in ("id", "name", "entry", "pass_filenames", "files")}
    assert re.search(hook["files"], "briefings/articles/a.yml") and not re.search(hook["files"], "README.md")
    assert "without a network" in contributing() and "`language: system`" in contributing()
