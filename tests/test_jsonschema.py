"""Editor schemas: generated from schema.py, committed in schema/, and in agreement with check."""

import json
import re
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.build import check
from generator.cli.main import main
from generator.content.errors import ContentError
from generator.content.jsonschema import render, schemas

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / "schema"
VOCABULARY_FILES = ("tags", "entities", "stories", "events", "topics")  # the samples have no rates.yml


class EditorLoader(yaml.SafeLoader):
    """YAML as the editor's language server reads it (YAML 1.2 core schema): no timestamps,
    and only true/false are booleans, so `date: 2024-03-22` stays text and `yes` is a word."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def editor_errors(schema_file: str, text: str) -> list[str]:
    document = yaml.load(text, Loader=EditorLoader)
    validator = jsonschema.Draft202012Validator(schemas()[schema_file])
    return sorted(error.message for error in validator.iter_errors(document))


# --- the committed files ------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(schemas()))
def test_jsonschema_committed_file_is_up_to_date(name):
    path = SCHEMA_DIR / name
    assert path.is_file(), f"schema/{name} is missing: run `briefing schema` to update"
    assert path.read_text(encoding="utf-8") == render(schemas()[name]), (
        f"schema/{name} differs from the declarations in generator/content/schema.py: run `briefing schema` to update")


def test_jsonschema_no_stale_files_in_schema_dir():
    assert sorted(p.name for p in SCHEMA_DIR.iterdir()) == sorted(schemas()), (
        "schema/ holds files the generator does not write: run `briefing schema` to update, delete the others")


def test_jsonschema_files_are_valid_draft_2020_12():
    for name, document in schemas().items():
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(document)


def test_jsonschema_render_is_two_space_indented_with_a_trailing_newline():
    text = render(schemas()["tags.schema.json"])
    assert text.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n  "title"')
    assert text.endswith("}\n") and not text.endswith("}\n\n")


def test_jsonschema_field_docs_become_descriptions():
    properties = schemas()["annotation.schema.json"]["properties"]
    assert properties["title"]["description"] == "headline written by the curator"
    assert properties["tags"]["description"] == "tag ids from briefings/tags.yml"
    assert properties["importance"] == {
        "description": "1 (minor) to 5 (major): ordering and emphasis",
        "type": ["integer", "null"], "minimum": 1, "maximum": 5,
    }
    assert schemas()["entities.schema.json"]["additionalProperties"]["properties"]["kind"]["enum"] == [
        "person", "company", "organization", "product", "publication"]


def test_jsonschema_cli_writes_every_file_then_leaves_them(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == "".join(f"wrote schema/{name}\n" for name in schemas())
    for name in schemas():
        assert (tmp_path / "schema" / name).read_text(encoding="utf-8") == (SCHEMA_DIR / name).read_text(
            encoding="utf-8")
    assert main(["schema", "--out", "schema"]) == 0
    assert capsys.readouterr().out == "".join(f"unchanged schema/{name}\n" for name in schemas())


def test_jsonschema_cli_rewrites_a_changed_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    main(["schema", "--out", "editor"])
    (tmp_path / "editor" / "tags.schema.json").write_text("{}\n", encoding="utf-8")
    capsys.readouterr()
    main(["schema", "--out", "editor"])
    assert "wrote editor/tags.schema.json\n" in capsys.readouterr().out
    assert json.loads((tmp_path / "editor" / "tags.schema.json").read_text(encoding="utf-8"))["title"] == (
        "Briefing tags")


# --- the real content, and the editor wiring --------------------------------------------------

ANNOTATIONS = sorted((REPO / "briefings" / "articles").rglob("*.yml"))


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.name)
def test_jsonschema_real_annotations_are_valid(path):
    assert editor_errors("annotation.schema.json", path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name", VOCABULARY_FILES)
def test_jsonschema_real_vocabularies_are_valid(name):
    text = (REPO / "briefings" / f"{name}.yml").read_text(encoding="utf-8")
    assert editor_errors(f"{name}.schema.json", text) == []


def test_jsonschema_real_files_start_with_their_modeline():
    assert ANNOTATIONS
    for path in ANNOTATIONS:
        depth = len(path.relative_to(REPO / "briefings").parts)
        expected = f"# yaml-language-server: $schema={'../' * depth}schema/annotation.schema.json"
        assert path.read_text(encoding="utf-8").splitlines()[0] == expected, path
    for name in VOCABULARY_FILES:
        first = (REPO / "briefings" / f"{name}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{name}.schema.json"


def test_jsonschema_vscode_settings_map_every_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schema/annotation.schema.json": ["briefings/articles/**/*.yml"],
        "./schema/tags.schema.json": ["briefings/tags.yml"],
        "./schema/entities.schema.json": ["briefings/entities.yml"],
        "./schema/stories.schema.json": ["briefings/stories.yml"],
        "./schema/events.schema.json": ["briefings/events.yml"],
        "./schema/topics.schema.json": ["briefings/topics.yml"],
        "./schema/rates.schema.json": ["briefings/rates.yml"],
        "./schema/redirects.schema.json": ["briefings/redirects.yml"],
    }
    for schema_path in settings["yaml.schemas"]:
        assert (REPO / schema_path).is_file()


# --- what the schema refuses ------------------------------------------------------------------

MINIMAL = """\
title: Mostaque steps down
summary: Emad Mostaque left *Stability AI*.
tags:
  - leadership
"""


def test_jsonschema_rejects_an_unknown_key():
    assert editor_errors("annotation.schema.json", MINIMAL + "sumary: typo\n") == [
        "Additional properties are not allowed ('sumary' was unexpected)"]


def test_jsonschema_rejects_a_bad_tag_id_in_an_annotation():
    assert editor_errors("annotation.schema.json", MINIMAL + "  - Big_News\n") == [
        "'Big_News' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'"]


def test_jsonschema_rejects_a_bad_id_in_tags_yml():
    assert editor_errors("tags.schema.json", "Big_News:\n  title: Big news\n") == [
        "'Big_News' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'"]


def test_jsonschema_rejects_an_unknown_key_in_a_vocabulary_entry():
    assert editor_errors("entities.schema.json", "x:\n  name: X\n  kind: product\n  homepage: https://x.com\n") == [
        "Additional properties are not allowed ('homepage' was unexpected)"]


# --- agreement with briefing check --------------------------------------------------------------
# Each case is a change to the minimal content's a.yml (or a vocabulary); the editor schema and
# check must agree on whether it is valid. Cross-references (is the tag defined?) are check's alone.

A_YML = "briefings/articles/a.yml"

CASES = [
    # (file, text, valid)
    (A_YML, MINIMAL, True),
    (A_YML, MINIMAL + "story:\n", True),  # an optional key left empty
    (A_YML, MINIMAL + "event_date: 2024\n", True),  # an unquoted year
    (A_YML, MINIMAL + "event_date: 2024-03-22\n", True),
    (A_YML, MINIMAL + 'event_date: "2024-3"\n', False),
    (A_YML, MINIMAL + 'event_date: "2024-13"\n', False),
    (A_YML, MINIMAL + "importance: 5\n", True),
    (A_YML, MINIMAL + "importance: 6\n", False),
    (A_YML, MINIMAL + 'importance: "3"\n', False),
    (A_YML, MINIMAL + "claims:\n  - topic: monthly-burn\n    value: 8\n", True),  # an unquoted number as text
    (A_YML, MINIMAL + "claims:\n  - topic: Monthly Burn\n    value: a lot\n", False),
    (A_YML, MINIMAL + "claims:\n  - topic: monthly-burn\n", False),  # value is required
    (A_YML, MINIMAL + "source:\n  name: TechRadar\n  url: https://www.techradar.com/x\n", True),
    (A_YML, MINIMAL + "source:\n  name: TechRadar\n  url: ftp://example.com/x\n", False),
    (A_YML, MINIMAL + "source:\n  url: https://www.techradar.com/x\n", False),  # name is required
    (A_YML, MINIMAL + "note: '   '\n", False),  # blank text
    (A_YML, MINIMAL + "  - leadership\n", False),  # listed twice
    (A_YML, MINIMAL.replace("tags:\n  - leadership\n", "tags: []\n"), False),
    (A_YML, MINIMAL.replace("summary: Emad Mostaque left *Stability AI*.\n", ""), False),
    (A_YML, MINIMAL + "quotes:\n  - text: Hello\n    speaker: emad-mostaque\n    context: On X.\n", True),
    (A_YML, MINIMAL + "quotes:\n  - text: Hello\n    speaker: emad-mostaque\n    said: On X.\n", False),
    ("briefings/entities.yml", "emad-mostaque:\n  name: Emad Mostaque\n  kind: person\n"
                               "stability-ai:\n  name: Stability AI\n  kind: company\n", True),
    ("briefings/entities.yml", "emad-mostaque:\n  name: Emad Mostaque\n  kind: human\n"
                               "stability-ai:\n  name: Stability AI\n  kind: company\n", False),
    ("briefings/stories.yml", "mostaque-leaves:\n  title: T\n  date: 2024-03\n  summary: S\n", True),
    ("briefings/stories.yml", "mostaque-leaves:\n  title: T\n  date: March 2024\n  summary: S\n", False),
]

SCHEMA_OF = {A_YML: "annotation.schema.json", "briefings/entities.yml": "entities.schema.json",
             "briefings/stories.yml": "stories.schema.json"}


@pytest.mark.parametrize("path, text, valid", CASES, ids=[f"{i}-{c[2]}" for i, c in enumerate(CASES)])
def test_jsonschema_agrees_with_check(make_content, path, text, valid):
    root = make_content({path: text})
    try:
        check(root)
        check_ok = True
    except ContentError as exc:
        check_ok = False
        problems = "\n".join(map(str, exc.problems))
    assert check_ok is valid, problems if not check_ok else "check accepted it"
    errors = editor_errors(SCHEMA_OF[path], textwrap.dedent(text))
    assert (errors == []) is valid, errors or "the schema accepted it"


RATES = """\
- date: "2023-12-08"
  from: EUR
  to: USD
  rate: 1.0765
  source: {name: European Central Bank}
"""


def test_jsonschema_rates_accept_what_check_accepts_and_refuse_what_it_refuses():
    assert editor_errors("rates.schema.json", RATES) == []
    assert editor_errors("rates.schema.json", RATES.replace("EUR", "EURO"))
    assert editor_errors("rates.schema.json", RATES.replace("1.0765", "0"))
    assert editor_errors("rates.schema.json", RATES.replace("  rate: 1.0765\n", ""))


REDIRECTS = """\
briefings:
  a-old: a
tags:
  money: funding
stories:
entities: {}
"""


def test_jsonschema_redirects_accept_what_check_accepts_and_refuse_ids_and_kinds_it_refuses(make_content):
    check(make_content({"briefings/redirects.yml": REDIRECTS}))
    assert editor_errors("redirects.schema.json", REDIRECTS) == []
    assert editor_errors("redirects.schema.json", REDIRECTS.replace("tags:", "labels:")) == [
        "Additional properties are not allowed ('labels' was unexpected)"]
    for hostile in ("../../etc/x", "a/b", "index", "<script>", "x" * 101):
        assert editor_errors("redirects.schema.json", REDIRECTS.replace("money", f'"{hostile}"')), hostile
    assert editor_errors("redirects.schema.json", REDIRECTS.replace("funding", "Funding"))
