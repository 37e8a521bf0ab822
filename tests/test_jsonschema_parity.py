"""One contract for editors and check: the editor schemas refuse what ``briefing check`` refuses.

Each case is a small YAML text: an annotation of an article added to the samples in briefings/,
an entry added to one of their vocabularies, or a whole rates.yml or redirects.yml. Every case goes
through ``briefing check`` (on a copy of the samples holding it) and through the real
``check-jsonschema`` (one call per schema file, over every case of that file: it reads YAML as
editors do, 1.2, with dates as text). They must agree, both ways: a case check refuses and the
schema accepts is a disagreement unless ONLY_CHECK lists it with the reason no schema can say
it; a case check accepts and the schema refuses is always one.
"""

from __future__ import annotations

import calendar
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import regress

from generator.build import check
from generator.content import schema
from generator.content.errors import ContentError
from generator.content.jsonschema import schemas

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "briefings"
SCHEMA_DIR = REPO / "schema"
CASE_ARTICLE = "articles/2024-03-26-case"  # added to the samples; its annotation is an annotation case's text

BASE = """\
title: Mostaque steps down
summary: Emad Mostaque left *Stability AI*.
tags:
  - leadership
"""
CLAIM = "claims:\n  - topic: funding-status\n    value: no new money\n"
QUOTE = "quotes:\n  - text: Not beaten with more centralized AI.\n    speaker: emad-mostaque\n"
RATE = """\
- date: "2023-12-08"
  from: EUR
  to: USD
  rate: 1.0765
"""
ROLE = ("new-person:\n  name: New Person\n  kind: person\n"
        "  roles:\n    - title: Chief executive\n      of: stability-ai\n")
LONG_ID = "a" * 101


def without(text: str, key: str) -> str:
    """``text`` without the line of ``key`` (and the lines indented below it)."""
    return re.sub(rf"^{key}:.*\n(?:[ -].*\n)*", "", text, flags=re.M)


# name -> (file, text). file: "annotation" (the text is the case article's annotation), a vocabulary
# ("tags"...: the text is added at the end of the sample file), or "rates"/"redirects"/"events=" (the whole file).
CASES = {
    # --- annotations check accepts: the schema must too ------------------------------------------
    "ok-minimal": ("annotation", BASE),
    "ok-leap-day": ("annotation", BASE + 'event_date: "2024-02-29"\n'),
    "ok-leap-century": ("annotation", BASE + 'event_date: "2000-02-29"\n'),
    "ok-unquoted-year": ("annotation", BASE + "event_date: 2024\n"),
    "ok-unquoted-day": ("annotation", BASE + "event_date: 2024-03-22\nupdated: 2024-03-26\n"),
    "ok-padded-date": ("annotation", BASE + 'event_date: " 2024-03 "\n'),
    "ok-empty-optional": ("annotation", BASE + "story:\nnote:\n"),
    "ok-number-as-text": ("annotation", BASE.replace("Mostaque steps down", "1984")
                          + CLAIM.replace("no new money", "8")),
    "ok-url-in-capitals": ("annotation", BASE + "source:\n  name: TechRadar\n"
                                                "  url: HTTPS://WWW.TECHRADAR.COM/x\n"),
    "ok-unnamed-source": ("annotation", BASE + CLAIM + "    attributed_to: a person familiar with the matter\n"),
    "ok-entity-source": ("annotation", BASE + CLAIM + "    attributed_to: bloomberg\n"),
    "ok-relation-with-story": ("annotation", BASE + "story: mostaque-leaves-stability-ai\n" + CLAIM
                               + "    relation: {kind: agree, reason: Both say so.}\n"),
    "ok-importance-and-draft": ("annotation", BASE + "importance: 5\ndraft: true\n"),
    "ok-right-to-left-text": ("annotation", BASE + "note: \"عماد مشتاق\u200f steps down; no\u00a0override\"\n"),
    "ok-quote": ("annotation", BASE + QUOTE + '    said: "2024-03"\n'),

    # --- annotations check refuses: keys and shapes ----------------------------------------------
    "no-title": ("annotation", without(BASE, "title")),
    "no-summary": ("annotation", without(BASE, "summary")),
    "no-tags": ("annotation", without(BASE, "tags")),
    "tags-empty": ("annotation", without(BASE, "tags") + "tags: []\n"),
    "tags-null": ("annotation", without(BASE, "tags") + "tags:\n"),
    "tags-not-a-list": ("annotation", without(BASE, "tags") + "tags: leadership\n"),
    "unknown-key": ("annotation", BASE + "sumary: typo\n"),
    "key-in-capitals": ("annotation", BASE + "Note: why it matters\n"),
    "not-a-mapping": ("annotation", "- title: Mostaque steps down\n"),
    "empty-file": ("annotation", ""),
    "title-a-list": ("annotation", BASE.replace("title: Mostaque steps down", "title: [Mostaque, steps down]")),
    "title-a-mapping": ("annotation", BASE.replace("title: Mostaque steps down", "title: {Mostaque: steps down}")),
    "source-a-string": ("annotation", BASE + "source: Reuters\n"),
    "source-without-name": ("annotation", BASE + "source:\n  url: https://www.techradar.com/x\n"),
    "source-unknown-key": ("annotation", BASE + "source:\n  name: TechRadar\n  homepage: https://x.com\n"),
    "quote-without-speaker": ("annotation", BASE + "quotes:\n  - text: Hello\n"),
    "quote-unknown-key": ("annotation", BASE + QUOTE + "    when: on X\n"),
    "claim-without-value": ("annotation", BASE + "claims:\n  - topic: funding-status\n"),
    "relation-without-reason": ("annotation", BASE + "story: mostaque-leaves-stability-ai\n" + CLAIM
                                + "    relation: {kind: agree}\n"),
    "relation-kind": ("annotation", BASE + "story: mostaque-leaves-stability-ai\n" + CLAIM
                      + "    relation: {kind: disagree, reason: They differ.}\n"),
    "relation-without-story": ("annotation", BASE + CLAIM + "    relation: {kind: agree, reason: Both say so.}\n"),
    "key-points-not-a-list": ("annotation", BASE + "key_points: One fact.\n"),
    "key-point-null": ("annotation", BASE + "key_points:\n  - One fact.\n  -\n"),
    # --- text ------------------------------------------------------------------------------------
    "title-blank": ("annotation", BASE.replace("title: Mostaque steps down", "title: '   '")),
    "note-blank": ("annotation", BASE + "note: \"\\t \\u3000\"\n"),
    "key-point-blank": ("annotation", BASE + "key_points:\n  - \"  \"\n"),
    "title-control-character": ("annotation", BASE.replace("title: Mostaque steps down",
                                                            'title: "Mostaque\\x01 steps down"')),
    "title-nul": ("annotation", BASE.replace("title: Mostaque steps down", 'title: "Mostaque\\0 steps down"')),
    "summary-bidi-override": ("annotation", BASE.replace("summary: Emad Mostaque left *Stability AI*.",
                                                         'summary: "Emad Mostaque left \\u202eIA ytilibatS"')),
    "note-bidi-isolate": ("annotation", BASE + 'note: "why \\u2066it\\u2069 matters"\n'),
    "quote-c1-control": ("annotation", BASE + QUOTE.replace("Not beaten", "Not\\u0085beaten").replace(
        "text: ", 'text: "').replace("AI.\n", 'AI."\n')),
    "raw-bidi-in-a-value": ("annotation", BASE + "note: why it \u202ematters\n"),
    "title-too-long": ("annotation", BASE.replace("Mostaque steps down", "x" * (schema.MAX_FIELD + 1))),
    # --- dates -----------------------------------------------------------------------------------
    "date-april-31": ("annotation", BASE + 'event_date: "2024-04-31"\n'),
    "date-june-31": ("annotation", BASE + 'event_date: "2024-06-31"\n'),
    "date-february-30": ("annotation", BASE + 'event_date: "2024-02-30"\n'),
    "date-february-29-common-year": ("annotation", BASE + 'event_date: "2023-02-29"\n'),
    "date-february-29-century": ("annotation", BASE + 'event_date: "1900-02-29"\n'),
    "date-unquoted-impossible": ("annotation", BASE + "event_date: 2024-09-31\n"),
    "date-month-13": ("annotation", BASE + 'event_date: "2024-13"\n'),
    "date-month-00": ("annotation", BASE + 'event_date: "2024-00"\n'),
    "date-day-00": ("annotation", BASE + 'event_date: "2024-03-00"\n'),
    "date-year-0000": ("annotation", BASE + 'event_date: "0000"\n'),
    "date-unquoted-year-0": ("annotation", BASE + "event_date: 0\n"),
    "date-one-digit-month": ("annotation", BASE + 'event_date: "2024-3"\n'),
    "date-in-words": ("annotation", BASE + "event_date: March 2024\n"),
    "date-with-time": ("annotation", BASE + "event_date: 2024-03-22 10:00:00\n"),
    "date-slashes": ("annotation", BASE + "event_date: 2024/03/22\n"),
    "updated-without-day": ("annotation", BASE + 'updated: "2024-03"\n'),
    "updated-impossible": ("annotation", BASE + "updated: 2024-11-31\n"),
    "quote-said-in-words": ("annotation", BASE + QUOTE + "    said: On X\n"),
    "claim-as-of-impossible": ("annotation", BASE + CLAIM + '    as_of: "2023-02-29"\n'),
    # --- numbers and booleans --------------------------------------------------------------------
    "importance-0": ("annotation", BASE + "importance: 0\n"),
    "importance-6": ("annotation", BASE + "importance: 6\n"),
    "importance-negative": ("annotation", BASE + "importance: -1\n"),
    "importance-3.5": ("annotation", BASE + "importance: 3.5\n"),
    "importance-3.0": ("annotation", BASE + "importance: 3.0\n"),
    "importance-hexadecimal": ("annotation", BASE + "importance: 0x3\n"),
    "importance-quoted": ("annotation", BASE + 'importance: "3"\n'),
    "importance-boolean": ("annotation", BASE + "importance: true\n"),
    "importance-huge": ("annotation", BASE + "importance: 99999999999999999999999\n"),
    "draft-yes": ("annotation", BASE + "draft: yes\n"),
    "draft-quoted": ("annotation", BASE + 'draft: "true"\n'),
    "draft-1": ("annotation", BASE + "draft: 1\n"),
    # --- addresses -------------------------------------------------------------------------------
    "url-ftp": ("annotation", BASE + "source:\n  name: TechRadar\n  url: ftp://example.com/x\n"),
    "url-without-host": ("annotation", BASE + "source:\n  name: TechRadar\n  url: https:///x\n"),
    "url-without-scheme": ("annotation", BASE + "source:\n  name: TechRadar\n  url: www.techradar.com/x\n"),
    "url-with-a-space": ("annotation", BASE + "source:\n  name: TechRadar\n  url: https://example.com/a b\n"),
    "url-bidi-override": ("annotation", BASE + "source:\n  name: TechRadar\n"
                                               '  url: "https://example.com/\\u202etxt.exe"\n'),
    "url-javascript": ("annotation", BASE + "source:\n  name: TechRadar\n  url: javascript:alert(1)\n"),
    "url-broken-ipv6": ("annotation", BASE + "source:\n  name: TechRadar\n  url: https://[::1/x\n"),
    # --- ids -------------------------------------------------------------------------------------
    "tag-id-in-capitals": ("annotation", BASE + "  - Big_News\n"),
    "tag-id-reserved": ("annotation", BASE + "  - index\n"),
    "tag-id-too-long": ("annotation", BASE + f"  - {LONG_ID}\n"),
    "tag-listed-twice": ("annotation", BASE + "  - leadership\n"),
    "entities-listed-twice": ("annotation", BASE + "entities: [emad-mostaque, emad-mostaque]\n"),
    "story-not-an-id": ("annotation", BASE + "story: Mostaque leaves\n"),
    "related-listed-twice": ("annotation", BASE + "related: [2024-03-24-mostaque-steps-down-decentralized-ai, "
                                                  "2024-03-24-mostaque-steps-down-decentralized-ai]\n"),
    "speaker-a-name": ("annotation", BASE + QUOTE.replace("emad-mostaque", "Emad Mostaque")),
    "topic-not-an-id": ("annotation", BASE + CLAIM.replace("funding-status", "Funding status")),
    "attributed-to-a-sentence": ("annotation", BASE + CLAIM + "    attributed_to: Bloomberg reported it\n"),
    "attributed-to-too-short": ("annotation", BASE + CLAIM + "    attributed_to: a b\n"),
    "attributed-to-reserved-id": ("annotation", BASE + CLAIM + "    attributed_to: index\n"),
    "attributed-to-long-id": ("annotation", BASE + CLAIM + f"    attributed_to: {LONG_ID}\n"),
    "attributed-to-unnamed-bidi": ("annotation", BASE + CLAIM
                                   + '    attributed_to: "a person \\u202efamiliar with it"\n'),
    # --- references and policies only check knows ------------------------------------------------
    "unknown-tag": ("annotation", BASE + "  - leadershp\n"),
    "unknown-entity": ("annotation", BASE + "entities: [emad]\n"),
    "unknown-story": ("annotation", BASE + "story: mostaque-leaves\n"),
    "unknown-speaker": ("annotation", BASE + QUOTE.replace("emad-mostaque", "mostaque")),
    "unknown-attribution": ("annotation", BASE + CLAIM + "    attributed_to: bloomberg-news\n"),
    "unknown-topic": ("annotation", BASE + CLAIM.replace("funding-status", "monthly-spend")),
    "unknown-related": ("annotation", BASE + "related: [2024-03-27-nothing]\n"),
    "related-to-itself": ("annotation", BASE + "related: [2024-03-26-case]\n"),
    "summary-raw-html": ("annotation", BASE.replace("*Stability AI*.", "<b>Stability AI</b>.")),
    "note-javascript-link": ("annotation", BASE + 'note: "[why](javascript:alert(1))"\n'),
    "yaml-alias": ("annotation", BASE.replace("title: Mostaque", "title: &t Mostaque") + "note: *t\n"),
    "bidi-in-a-comment": ("annotation", BASE + "# \u202e a comment\n"),
    "control-in-a-comment": ("annotation", BASE + "# \x07 a comment\n"),
    # --- YAML that is not plain YAML -------------------------------------------------------------
    "duplicate-key": ("annotation", BASE + "title: Mostaque quits\n"),
    "tab-indent": ("annotation", BASE.replace("  - leadership", "\t- leadership")),
    "unquoted-colon": ("annotation", BASE + "note: OpenAI: the board fired Altman\n"),
    "binary-tag": ("annotation", BASE + "note: !!binary aGVsbG8=\n"),
    "custom-tag": ("annotation", BASE + "note: !shout why it matters\n"),
    "nested-too-deep": ("annotation", BASE + "note: " + "[" * 70 + "]" * 70 + "\n"),

    # --- vocabularies: an entry added to the samples' file ---------------------------------------
    "ok-tag": ("tags", "new-tag:\n  title: New tag\n  aliases: [new]\n"),
    "tag-without-title": ("tags", "new-tag:\n  description: A tag.\n"),
    "tag-id-not-an-id": ("tags", "New_Tag:\n  title: New tag\n"),
    "tag-id-index": ("tags", "index:\n  title: Index\n"),
    "tag-alias-twice": ("tags", "new-tag:\n  title: New tag\n  aliases: [new, new]\n"),
    "tag-unknown-key": ("tags", "new-tag:\n  title: New tag\n  colour: red\n"),
    "tag-title-bidi": ("tags", 'new-tag:\n  title: "New \\u202etag"\n'),
    "tag-defined-twice": ("tags", "leadership:\n  title: Leadership again\n"),
    "ok-entity-with-roles": ("entities", ROLE + '      from: "2020"\n      until: 2024-03-22\n'),
    "entity-kind": ("entities", "new-person:\n  name: New Person\n  kind: human\n"),
    "entity-without-kind": ("entities", "new-person:\n  name: New Person\n"),
    "entity-url-ftp": ("entities", "new-company:\n  name: New\n  kind: company\n  url: ftp://new.example\n"),
    "role-impossible-date": ("entities", ROLE + '      from: "2024-02-30"\n'),
    "role-without-title": ("entities", "new-person:\n  name: New Person\n  kind: person\n"
                                       "  roles:\n    - of: openai\n"),
    "role-ends-before-it-starts": ("entities", ROLE + '      from: "2024"\n      until: "2023"\n'),
    "role-of-unknown-entity": ("entities", ROLE.replace("of: stability-ai", "of: stability")),
    "ok-story": ("stories", "new-story:\n  title: A story\n  date: 2024-03\n  summary: It broke.\n"),
    "story-impossible-date": ("stories", "new-story:\n  title: A story\n  date: 2024-02-30\n  summary: It broke.\n"),
    "story-date-in-words": ("stories", "new-story:\n  title: A story\n  date: March 2024\n  summary: It broke.\n"),
    "story-without-summary": ("stories", "new-story:\n  title: A story\n  date: \"2024\"\n"),
    "ok-topic": ("topics", "new-topic:\n  title: A topic\n"),
    "topic-without-title": ("topics", "new-topic:\n  description: What it is.\n"),
    "topic-id-not-an-id": ("topics", "new topic:\n  title: A topic\n"),
    "ok-event": ("events", "- date: 2024\n  title: Something\n  summary: It happened.\n"),
    "event-without-date": ("events", "- title: Something\n  summary: It happened.\n"),
    "event-impossible-date": ("events", '- date: "2023-02-29"\n  title: Something\n  summary: It happened.\n'),
    "event-tags-twice": ("events", "- date: 2024\n  title: Something\n  summary: It happened.\n"
                                   "  tags: [funding, funding]\n"),
    "event-unknown-tag": ("events", "- date: 2024\n  title: Something\n  summary: It happened.\n  tags: [fundng]\n"),
    "events-a-mapping": ("events=", "something:\n  date: 2024\n"),
    # --- whole files the samples do not have ------------------------------------------------------
    "ok-rates": ("rates", RATE + RATE.replace('"2023-12-08"', "2023-12-11").replace("1.0765", '"1.0800"')),
    "rate-same-currency": ("rates", RATE.replace("USD", "EUR")),
    "rate-zero": ("rates", RATE.replace("1.0765", "0")),
    "rate-zero-as-text": ("rates", RATE.replace("1.0765", '"0.000"')),
    "rate-with-a-comma": ("rates", RATE.replace("1.0765", '"1,0765"')),
    "rate-too-large": ("rates", RATE.replace("1.0765", "1000000000")),
    "rate-date-without-day": ("rates", RATE.replace('"2023-12-08"', '"2023-12"')),
    "rate-currency": ("rates", RATE.replace("USD", "US$")),
    "rate-twice": ("rates", RATE + RATE.replace("1.0765", "1.08")),
    "ok-redirects": ("redirects", "tags:\n  money: funding\n"
                                  "stories:\n  stability-exodus: mostaque-leaves-stability-ai\n"),
    "redirect-kind": ("redirects", "labels:\n  money: funding\n"),
    "redirect-old-id-index": ("redirects", "tags:\n  index: funding\n"),
    "redirect-new-id-not-an-id": ("redirects", "tags:\n  money: Funding\n"),
    "redirect-to-unknown-id": ("redirects", "tags:\n  money: fundng\n"),
    "redirect-of-an-id-in-use": ("redirects", "tags:\n  leadership: funding\n"),
    "redirect-chain": ("redirects", "tags:\n  money: cash\n  cash: funding\n"),
}

# The cases check refuses and no schema can: each with the reason.
ONLY_CHECK = {
    # references between files: a schema sees one file
    "unknown-tag": "a reference to a tag: whether tags.yml defines it is in another file",
    "unknown-entity": "a reference to an entity defined (or not) in entities.yml",
    "unknown-story": "a reference to a story defined (or not) in stories.yml",
    "unknown-speaker": "a reference to an entity defined (or not) in entities.yml",
    "unknown-attribution": "a reference to an entity defined (or not) in entities.yml",
    "unknown-topic": "a reference to a topic defined (or not) in topics.yml",
    "unknown-related": "a reference to an article: whether its file exists is outside the annotation",
    "related-to-itself": "the article's id is its file name, which the file's text does not hold",
    "role-of-unknown-entity": "a reference to an entity elsewhere in the file (JSON Schema has no references to data)",
    "event-unknown-tag": "a reference to a tag defined (or not) in tags.yml",
    "redirect-to-unknown-id": "the new id must be defined in another file",
    "redirect-of-an-id-in-use": "the old id must not be defined in another file",
    "redirect-chain": ("a new id that is another redirect's old id: values compared with keys "
                       "(JSON Schema has no $data)"),
    # comparing two values of the file
    "role-ends-before-it-starts": "compares two dates: JSON Schema compares a value with constants only",
    "rate-twice": "two items equal in two of their keys: uniqueItems compares whole items only",
    # the Markdown policy: a parser, not a pattern
    "summary-raw-html": "the Markdown policy (raw HTML is refused) needs a Markdown parser, not a pattern",
    "note-javascript-link": "the Markdown policy (links other than http(s) and mailto are refused) needs a parser",
    # what the YAML text says beyond its value: the schema sees the value only
    "yaml-alias": "an alias is resolved when the YAML is read: the schema sees the value, not the '*t'",
    "bidi-in-a-comment": "comments are not part of the value a schema validates",
    "importance-3.0": "JSON has one number type: 3.0 is the integer 3 to JSON Schema (an 'integer' is any number "
                      "whose fraction is zero), and to editors' JavaScript; check reads the text, which says 3.0",
    "importance-hexadecimal": "YAML 1.2, as editors read it, makes 0x3 the number 3; check wants the decimal digits",
    "url-broken-ipv6": "urlsplit refuses an unclosed '[' in the host; a pattern that mirrors its host parsing "
                       "(IPv6 literals, NFKC checks) would be a second URL parser",
}

SCHEMA_OF = {"annotation": "annotation.schema.json", "tags": "tags.schema.json",
             "entities": "entities.schema.json", "stories": "stories.schema.json",
             "topics": "topics.schema.json", "events": "events.schema.json", "events=": "events.schema.json",
             "rates": "rates.schema.json", "redirects": "redirects.schema.json"}


def content_file(kind: str, text: str) -> tuple[str, str]:
    """(path under briefings/, whole text) of a case."""
    if kind == "annotation":
        return f"{CASE_ARTICLE}.yml", text
    name = kind.rstrip("=") + ".yml"
    sample = SAMPLES / name
    if kind.endswith("=") or not sample.exists():
        return name, text
    return name, sample.read_text(encoding="utf-8") + text


def content_tree(folder: Path, kind: str, text: str) -> Path:
    """The samples, an article for the annotation cases, and the case's file."""
    root = folder / "briefings"
    shutil.copytree(SAMPLES, root)
    (root / f"{CASE_ARTICLE}.txt").write_text("date 2024-03-26 Emad Mostaque has stepped down.\n", encoding="utf-8")
    (root / f"{CASE_ARTICLE}.yml").write_text(BASE, encoding="utf-8")
    name, whole = content_file(kind, text)
    (root / name).write_bytes(whole.encode("utf-8"))
    return root


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """name -> (what check says, or '' when it accepts; what check-jsonschema says, or '')."""
    found = {}
    for name, (kind, text) in CASES.items():
        root = content_tree(tmp_path_factory.mktemp("content"), kind, text)
        try:
            check(root)
            found[name] = ""
        except ContentError as exc:
            found[name] = "\n".join(map(str, exc.problems))
    by_schema = {}
    files = tmp_path_factory.mktemp("instances")
    for name, (kind, text) in CASES.items():
        path = files / SCHEMA_OF[kind].split(".")[0] / f"{name}.yml"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content_file(kind, text)[1].encode("utf-8"))
        by_schema.setdefault(SCHEMA_OF[kind], []).append(path)
    said = {}
    for schema_file, paths in by_schema.items():  # the real CLI, once per schema file
        result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                                 str(SCHEMA_DIR / schema_file), "-o", "json", *map(str, paths)],
                                capture_output=True, text=True)
        report = json.loads(result.stdout)
        for error in report["errors"] + report["parse_errors"]:
            name = Path(error["filename"]).stem
            said[name] = said.get(name, "") + f"{error.get('path', '')} {error['message']}\n"
    return {name: (problems, said.get(name, "")) for name, problems in found.items()}, set(by_schema)


@pytest.mark.parametrize("name", CASES)
def test_jsonschema_parity_schema_and_check_agree(verdicts, name):
    check_says, schema_says = verdicts[0][name]
    assert bool(check_says) is not name.startswith("ok-"), check_says or "check accepts it"  # what each case is for
    if name in ONLY_CHECK:
        assert check_says, "check accepts it: remove it from ONLY_CHECK"
        assert not schema_says, f"the schema refuses it now: remove it from ONLY_CHECK\n{schema_says}"
    elif check_says:
        assert schema_says, f"check refuses it and the schema accepts it:\n{check_says}"
    else:
        assert not schema_says, f"check accepts it and the schema refuses it:\n{schema_says}"


def test_jsonschema_parity_covers_every_schema_file_and_60_wrong_annotations(verdicts):
    found, schema_files = verdicts
    assert schema_files == set(schemas()), "each schema file goes through check-jsonschema at least once"
    wrong = [name for name, (kind, _text) in CASES.items() if kind == "annotation" and found[name][0]]
    assert len(wrong) >= 60, len(wrong)
    assert set(ONLY_CHECK) <= set(CASES)
    for kind in set(SCHEMA_OF):  # each file has a case check accepts, and one it refuses
        verdict = {bool(found[name][0]) for name, (k, _text) in CASES.items() if k == kind}
        assert verdict == {True, False} or kind == "events=", (kind, verdict)


# --- the date pattern, against the calendar ---------------------------------------------------

def _dates():
    """Candidate strings around every edge: years 0000-0004, centuries, leap and common years; months 00-13,
    days 00-32."""
    for year in (0, 1, 4, 99, 100, 400, 1000, 1600, 1700, 1900, 1996, 2000, 2023, 2024, 2100, 2400, 9996, 9999):
        yield f"{year:04d}"
        for month in range(14):
            yield f"{year:04d}-{month:02d}"
            for day in range(33):
                yield f"{year:04d}-{month:02d}-{day:02d}"


def _real(text: str, exact: bool) -> bool:
    parts = [int(p) for p in text.split("-")]
    if exact and len(parts) < 3 or parts[0] < 1 or len(parts) > 1 and not 1 <= parts[1] <= 12:
        return False
    return len(parts) < 3 or 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]


@pytest.mark.parametrize("exact", [False, True])
def test_jsonschema_date_pattern_matches_real_dates_only(exact):
    pattern = schema.Date(exact).json_schema()["pattern"]
    ecmascript = regress.Regex(pattern, flags="u")  # as check-jsonschema and editors read it
    python = re.compile(pattern)  # as jsonschema reads it
    wrong = [text for text in _dates()
             if {bool(python.search(text)), bool(ecmascript.find(text)), _real(text, exact)} != {_real(text, exact)}]
    assert wrong == []


def test_jsonschema_white_space_class_is_what_check_strips():
    """SPACE_CLASS: the characters str.strip() removes that a text may hold (the others are refused anyway)."""
    stripped = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    allowed = {c for c in stripped if not schema.FORBIDDEN_CHARS_RE.match(c)}
    space = re.compile(f"[{schema.SPACE_CLASS}]")
    assert {chr(c) for c in range(sys.maxunicode + 1) if space.match(chr(c))} == allowed


def _patterns(node):
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def test_jsonschema_patterns_take_linear_time_on_long_text():
    """An editor checks each keystroke: no pattern backtracks over a long text (an annotation may be 1 MB)."""
    import time

    patterns = sorted({p for document in schemas().values() for p in _patterns(document)})
    texts = ["a" * 50_000 + "\x01", " " * 50_000 + "\x01", "a " * 25_000 + "\u202e", "2" * 50_000]
    for pattern in patterns:
        for engine in (re.compile(pattern).search, regress.Regex(pattern, flags="u").find):
            start = time.perf_counter()
            for text in texts:
                engine(text)
            assert time.perf_counter() - start < 1.0, pattern
