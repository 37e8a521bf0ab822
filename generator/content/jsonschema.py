"""Editor schemas: JSON Schema files for annotations and vocabularies, generated from schema.py.

The declarations in :mod:`generator.content.schema` are the one source of truth;
this module only arranges them into files, one per kind of YAML file, for
editors (the YAML language server) to complete, document on hover and
check while a curator types. They refuse what ``briefing check`` refuses
wherever a schema can say it (real dates, whole numbers, text without control
or direction-override characters...); ``briefing check`` stays the authority
for the rest: references between files, the Markdown policy, what the YAML
text says beyond its value (aliases, comments). tests/test_jsonschema_parity.py
runs each wrong file through both, and lists what only check can refuse.

``briefing schema`` writes them into ``schema/``; a test fails when the
committed files differ from what the declarations give now.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import schema
from .redirects import WORDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ANNOTATION_FILE = "annotation.schema.json"


def _document(title: str, description: str, body: dict) -> dict:
    body = dict(body)
    body.pop("description", None)
    return {"$schema": DIALECT, "title": title, "description": description, **body}


def _vocabulary(record: schema.Record, what: str) -> dict:
    """A vocabulary file: a mapping of ids to entries (an empty file is an empty vocabulary)."""
    return {
        "type": ["object", "null"],
        "propertyNames": dict(schema.Slug().json_schema(), description=f"the {what}'s id"),
        "additionalProperties": dict(record.json_schema(), description=f"one {what}, under its id"),
    }


def _redirects() -> dict:
    """redirects.yml: for each kind of page (the folder of its address), a mapping of old ids to new ids."""
    old, new = schema.Slug().json_schema(), schema.Slug().json_schema()
    kinds = {}
    for folder, kind in schema.REDIRECT_KINDS.items():
        word = WORDS[kind]
        kinds[folder] = {"description": f"old {word} id -> the {word} id that replaced it", "type": ["object", "null"],
                         "propertyNames": dict(old, description=f"an id no {word} has any more: its old address"),
                         "additionalProperties": dict(new, description=f"a current {word} id")}
    return {"type": ["object", "null"], "properties": kinds, "additionalProperties": False}


def _annotation() -> dict:
    """An annotation, and what check_annotation adds: a claim's ``relation`` needs the briefing's ``story``."""
    claim_with_relation = {"type": "object", "required": ["relation"], "properties": {"relation": {"type": "object"}}}
    return dict(schema.ANNOTATION.json_schema(),
                **{"if": {"required": ["claims"], "properties": {"claims": {"contains": claim_with_relation}}},
                   "then": {"required": ["story"], "properties": {"story": {"type": "string"}}}})


def _rate() -> dict:
    """One exchange rate, and what one field cannot say: 'from' and 'to' are two currencies."""
    same = [{"required": ["from", "to"], "properties": {"from": {"const": code}, "to": {"const": code}}}
            for code in schema.CURRENCIES]
    # 'errorMessage' is the YAML language server's message for the subschema that fails (here: the 'not'),
    # which says only "matches a schema that is not allowed" without it; validators ignore it
    return dict(schema.RATE.json_schema(), description="one exchange rate",
                allOf=[{"not": {"anyOf": same}, "errorMessage": "'from' and 'to' must be two different currencies"}])


def schemas() -> dict[str, dict]:
    """File name -> JSON Schema, for every kind of YAML file under briefings/."""
    return {
        ANNOTATION_FILE: _document(
            "Briefing annotation",
            "The curator's annotation of one article: <article id>.yml beside the article file. "
            "Unknown keys are errors; every id must be defined in the vocabularies (briefing check "
            "verifies the references).",
            _annotation(),
        ),
        "tags.schema.json": _document(
            "Briefing tags",
            "briefings/tags.yml: tag id -> title, description, aliases.",
            _vocabulary(schema.TAG, "tag"),
        ),
        "entities.schema.json": _document(
            "Briefing entities",
            "briefings/entities.yml: entity id -> name, kind, description, url, aliases "
            "(people, companies, organizations, products, publications).",
            _vocabulary(schema.ENTITY, "entity"),
        ),
        "stories.schema.json": _document(
            "Briefing stories",
            "briefings/stories.yml: story id -> title, date, summary. A story groups the "
            "articles about one event.",
            _vocabulary(schema.STORY, "story"),
        ),
        "topics.schema.json": _document(
            "Briefing topics",
            "briefings/topics.yml: topic id -> title, description. A claim's topic must be defined here "
            "once the file exists; pages name each topic by its title.",
            _vocabulary(schema.TOPIC, "topic"),
        ),
        "rates.schema.json": _document(
            "Briefing exchange rates",
            "briefings/rates.yml: a list of exchange rates (date, from, to, rate, source). Amounts in two "
            "currencies are compared at the rate nearest the claim's date, and pages name the rate used.",
            {"type": ["array", "null"],
             "items": _rate()},
        ),
        "redirects.schema.json": _document(
            "Briefing redirects",
            "briefings/redirects.yml: old ids of renamed or merged briefings, tags, entities and stories -> the ids "
            "that replaced them, one mapping per kind. The old address sends readers to the new page; briefing check "
            "also refuses an old id still in use, a new id that does not exist, chains and loops.",
            _redirects(),
        ),
        "events.schema.json": _document(
            "Briefing context events",
            "briefings/events.yml: a list of context events that have no article of their own.",
            {"type": ["array", "null"],
             "items": dict(schema.EVENT.json_schema(), description="one context event")},
        ),
    }


def render(document: dict) -> str:
    """Deterministic text: 2-space indent, keys in declaration order, trailing newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_schemas(out_dir: Path) -> list[tuple[Path, bool]]:
    """Write every schema file into ``out_dir``; (path, changed) for each, only changed bytes written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in schemas().items():
        path = out_dir / name
        data = render(document).encode("utf-8")
        changed = not path.is_file() or path.read_bytes() != data
        if changed:
            path.write_bytes(data)
        written.append((path, changed))
    return written
