"""Annotation schema v1 and the vocabularies, declared once.

Each field type converts a YAML node into a clean Python value or records a
located problem. The same declarations document the format: each type's
``json_schema()`` describes what ``convert`` accepts, and
:mod:`generator.content.jsonschema` writes the editor schemas in ``schema/`` from them,
so the editor and ``briefing check`` share one source of truth.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from . import model, richtext
from .errors import closest
from .yamlsrc import kind_of, problem, where

INVALID = object()  # a value that failed to convert; its problem is already recorded

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# C0 and C1 controls (but tab and newline), lone surrogates, noncharacters, bidirectional overrides
FORBIDDEN_CHARS_RE = richtext.FORBIDDEN_CHARS_RE  # defined beside the Markdown policy, which checks it too


def forbidden_character(text: str) -> str | None:
    """'U+0001' for the first character no text may hold (not XML, or invisibly reordering), else None."""
    match = FORBIDDEN_CHARS_RE.search(text)
    return f"U+{ord(match.group(0)):04X}" if match else None


MAX_FIELD = 10_000  # characters of one text field (a long summary is 1,000)

# The hint of a problem that has no more precise one (a value of the wrong type, a list too short).
FIELD_HINT = "each field's format is in CONTRIBUTING.md; 'briefing schema' gives your editor completion for it"


class Context:
    """Where conversion is happening, and what it has found so far."""

    def __init__(self, path: str, problems: list):
        self.path = path
        self.problems = problems
        self.refs: list[tuple[str, str, int, int, str]] = []  # (vocabulary, id, line, col, label)
        self.required = False  # whether the key being converted is required (set by Record.convert)
        self.text: str | None = None  # the file's text, when known: places a problem on a line inside a value

    def error(self, node, message: str, hint: str = ""):
        self.problems.append(problem(self.path, node, message, hint or FIELD_HINT))
        return INVALID


# JSON Schema. The validator reads any non-null scalar as text, so an unquoted
# `value: 8` or `title: 1984` is fine; the editor (YAML 1.2) sees a number there.
TEXT_TYPES = ["string", "number", "boolean"]
# Patterns are written for both regular expression dialects that read them: ECMAScript (editors,
# check-jsonschema) and Python's re (jsonschema). Characters are spelled as \uXXXX escapes, which both read.


def _escaped(characters: str) -> str:
    return "".join(c if c.isascii() and c.isprintable() else f"\\u{ord(c):04x}" for c in characters)


# What no text may hold (FORBIDDEN_CHARS_RE's class), and the white space check strips (Python's str.strip(), less
# what is forbidden anyway): spelled out, since ECMAScript's \s and Python's differ (U+FEFF, U+001C...).
FORBIDDEN_CLASS = _escaped(FORBIDDEN_CHARS_RE.pattern[1:-1])
SPACE_CLASS = r"\t\n \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
PAD = f"[{SPACE_CLASS}]*"  # check strips the text of a date, a number or an address before reading it
# white space, a character that is not, then anything allowed: each character has one place to go, so a long
# text is matched in linear time ('^[^F]*[^F\s][^F]*$' took 0.5 s for 10,000 characters and a forbidden one)
TEXT_PATTERN = f"^[{SPACE_CLASS}]*[^{FORBIDDEN_CLASS}{SPACE_CLASS}][^{FORBIDDEN_CLASS}]*$"
# Real dates only: YYYY from 0001, YYYY-MM, and YYYY-MM-DD with each month's length; 29 February in leap
# years (divisible by 4, centuries only by 400). JSON Schema's `format: date` is not asserted by default,
# and wants the day: a pattern is what every validator and editor applies.
YEAR_PATTERN = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
MONTH_PATTERN = "(?:0[1-9]|1[0-2])"
MONTH_DAY_PATTERN = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
                     "|02-(?:0[1-9]|1[0-9]|2[0-8]))")
LEAP_YEAR_PATTERN = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DAY_PATTERN = f"(?:{YEAR_PATTERN}-{MONTH_DAY_PATTERN}|{LEAP_YEAR_PATTERN}-02-29)"
URL_PATTERN = (f"^{PAD}[hH][tT][tT][pP][sS]?://"  # a scheme in any case, as urlsplit reads it; a host
               f"[^{FORBIDDEN_CLASS}{SPACE_CLASS}/?#][^{FORBIDDEN_CLASS}{SPACE_CLASS}]*{PAD}$")


class FieldType:
    description = ""

    def convert(self, node, ctx: Context, label: str):
        raise NotImplementedError

    def json_schema(self) -> dict:
        """A JSON Schema (draft 2020-12) accepting what ``convert`` accepts, for editors.

        ``patternErrorMessage`` is the YAML language server's keyword for the
        message shown when ``pattern`` fails; validators ignore it.
        """
        raise NotImplementedError

    def _scalar(self, node, ctx, label, expected):
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            return ctx.error(node, f"'{label}' must be {expected}, got {kind_of(node)}", _quote_hint(node))
        return node.value


def _quote_hint(node) -> str:
    """'- Revenue: $2bn' is a mapping to YAML; text was meant: the hint shows it quoted. '' for anything else."""
    if not isinstance(node, yaml.MappingNode) or node.flow_style or len(node.value) != 1:
        return ""
    key, value = node.value[0]
    if not all(isinstance(n, yaml.ScalarNode) and not n.style for n in (key, value)) \
            or key.start_mark.line != value.start_mark.line or value.tag.endswith(":null"):
        return ""
    return "put the text in double quotes: " + json.dumps(f"{key.value}: {value.value}", ensure_ascii=False)


class Text(FieldType):
    """A non-empty string; with ``markdown`` inline Markdown, never raw HTML."""

    def __init__(self, markdown: bool = False):
        self.markdown = markdown
        self.description = "text with inline Markdown" if markdown else "plain text"

    def convert(self, node, ctx, label):
        value = self._scalar(node, ctx, label, "text")
        if value is INVALID:
            return value
        value = value.strip()
        if not value:
            return ctx.error(node, f"'{label}' is empty", "write some text: this key is required"
                             if ctx.required else "write some text or remove the key")
        bad = forbidden_character(value)
        if bad is not None:
            return ctx.error(node, f"'{label}' contains the invisible character {bad}",
                             "remove it: control and direction-override characters are not allowed in text")
        if len(value) > MAX_FIELD:  # Python-Markdown is quadratic on some text: 960 KB of emphasis took minutes
            return ctx.error(node, f"'{label}' is {len(value):,} characters long; a field holds at most "
                                   f"{MAX_FIELD:,}", "shorten it: a summary or a key point is a few sentences")
        if self.markdown:
            block = richtext.block_element(value)
            if block is not None:  # shown on one line: the block would be flattened into the paragraph
                what, offset = block
                return ctx.error(_Place(node, ctx, value, offset), f"'{label}' is one paragraph of inline Markdown; "
                                 f"{what} cannot be in it", "write it as one paragraph of text; a list of facts goes "
                                 "in 'key_points', one item each")
            rich, findings = richtext.inline(value)
            if findings:
                for said in dict.fromkeys(richtext.message(k, d, f"in '{label}'") for k, d in findings):
                    ctx.error(node, *said)  # located at the field: each message once
                return INVALID
            return rich
        return value

    def json_schema(self):
        return {"description": self.description, "type": list(TEXT_TYPES), "pattern": TEXT_PATTERN,
                "patternErrorMessage": "write some text: not empty, and without control or direction-override "
                                       "characters",
                "maxLength": MAX_FIELD}


class _Place:
    """Where a line of a text value is in its file, for a problem: found in the text as written when the context
    has it (an annotation's), else the value's own place."""

    def __init__(self, node, ctx, value: str, offset: int):
        self.start_mark = node.start_mark
        text, line = getattr(ctx, "text", None), value[offset:].split("\n", 1)[0].strip()
        if text and line:
            at = text.find(line, node.start_mark.index, node.end_mark.index)
            if at >= 0:
                row, col = text.count("\n", 0, at), at - (text.rfind("\n", 0, at) + 1)
                self.start_mark = yaml.error.Mark(ctx.path, at, row, col, None, None)


class Boolean(FieldType):
    """``true`` or ``false``. YAML 1.1's other spellings (``yes``, ``on``...) are refused: editors read YAML 1.2,
    where they are text, so the file would mean one thing to the editor and another to ``check``."""

    description = "true or false"
    SPELLINGS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

    def __init__(self, hint: str = ""):
        self.hint = hint or "write true or false"

    def convert(self, node, ctx, label):
        if isinstance(node, yaml.ScalarNode) and node.value in self.SPELLINGS:
            if not node.style:
                return self.SPELLINGS[node.value]
            return ctx.error(node, f"'{label}' must be true or false, got the text '{node.value}'",
                             f"write it without quotes: '{label}: {node.value.lower()}'")
        return ctx.error(node, f"'{label}' must be true or false, got {kind_of(node)}", self.hint)

    def json_schema(self):
        return {"description": self.description, "type": "boolean"}


class Integer(FieldType):
    def __init__(self, low: int, high: int):
        self.low, self.high = low, high
        self.description = f"a whole number from {low} to {high}"

    def convert(self, node, ctx, label):
        expected = f"a whole number from {self.low} to {self.high}"
        if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":int"):
            return ctx.error(node, f"'{label}' must be {expected}, got {kind_of(node)}")
        if not re.fullmatch(r"[-+]?[0-9]+", node.value.replace("_", "")):
            return ctx.error(node, f"'{label}' must be {expected}, got '{node.value}'")
        digits = node.value.replace("_", "").lstrip("+-").lstrip("0")
        if len(digits) > 18:  # int() of thousands of digits is refused by Python, and is no importance
            return ctx.error(node, f"'{label}' must be {expected}, got a number of {len(digits):,} digits")
        value = int(node.value.replace("_", ""))
        if not self.low <= value <= self.high:
            return ctx.error(node, f"'{label}' must be {expected}, got {value}")
        return value

    def json_schema(self):
        return {"description": self.description, "type": "integer", "minimum": self.low, "maximum": self.high}


class Date(FieldType):
    """YYYY, YYYY-MM or YYYY-MM-DD (``exact`` wants the day)."""

    def __init__(self, exact: bool = False):
        self.exact = exact
        self.description = "a date, YYYY-MM-DD" if exact else "a date: YYYY, YYYY-MM or YYYY-MM-DD"

    def convert(self, node, ctx, label):
        value = self._scalar(node, ctx, label, "a date")
        if value is INVALID:
            return value
        shape = "YYYY-MM-DD" if self.exact else "YYYY, YYYY-MM or YYYY-MM-DD"
        match = DATE_RE.match(value.strip())
        if not match or (self.exact and not match.group(3)):
            return ctx.error(node, f"'{label}' must be a date, got '{value}'", f"write {shape}")
        year, month, day = (int(g) if g else 0 for g in match.groups())
        given_month, given_day = match.group(2) is not None, match.group(3) is not None
        if (year < 1 or given_month and not 1 <= month <= 12
                or given_day and not 1 <= day <= calendar.monthrange(year, month)[1]):
            return ctx.error(node, f"'{label}' is not a real date: '{value}'", f"write {shape}")
        return model.FuzzyDate(year, month, day)

    def json_schema(self):
        # A string to the editor even unquoted (YAML 1.2 has no dates), and to check-jsonschema (it reads YAML
        # 1.1 timestamps back as their text); a real date only (see DAY_PATTERN)
        if self.exact:
            return {"description": self.description, "type": "string",
                    "pattern": f"^{PAD}{DAY_PATTERN}{PAD}$",
                    "patternErrorMessage": "write a real date, YYYY-MM-DD"}
        # an unquoted year (`date: 2023`) is a number to the editor and a date to check
        return {"description": self.description, "type": ["string", "integer"],
                "pattern": f"^{PAD}(?:{YEAR_PATTERN}(?:-{MONTH_PATTERN})?|{DAY_PATTERN}){PAD}$",
                "patternErrorMessage": "write a real date: YYYY, YYYY-MM or YYYY-MM-DD",
                "minimum": 1000, "maximum": 9999}


class Url(FieldType):
    description = "an http(s) URL"

    def convert(self, node, ctx, label):
        value = self._scalar(node, ctx, label, "an http(s) URL")
        if value is INVALID:
            return value
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", value.strip()):
            return ctx.error(node, f"'{label}' must be an http(s) URL, got '{value}'",
                             "write the full address, starting with https://")
        bad = forbidden_character(value)
        if bad is not None:  # a direction override would show the address as another one
            return ctx.error(node, f"'{label}' contains the invisible character {bad}",
                             "remove it: control and direction-override characters are not allowed in text")
        return value.strip()

    def json_schema(self):
        return {"description": self.description, "type": "string", "pattern": URL_PATTERN,
                "patternErrorMessage": "write the full address, starting with https://"}


class Slug(FieldType):
    description = "an id: lowercase letters, digits and hyphens"

    def convert(self, node, ctx, label):
        value = self._scalar(node, ctx, label, "an id")
        if value is INVALID:
            return value
        if not model.SLUG_RE.match(value):
            return ctx.error(node, f"'{label}' must be an id (lowercase letters, digits, hyphens), got '{value}'",
                             f"write '{model.slugify(value)}'")
        why = model.id_problem(value)
        if why:
            return ctx.error(node, f"'{label}' cannot be '{value[:40]}'{'...' if len(value) > 40 else ''}: {why}",
                             "choose another id")
        return value

    def json_schema(self):
        return {"description": self.description, "type": "string", "pattern": model.SLUG_RE.pattern,
                "patternErrorMessage": "write an id: lowercase letters, digits and hyphens",
                "maxLength": model.MAX_ID_LENGTH, "not": {"enum": sorted(model.RESERVED_IDS)}}


class Ref(Slug):
    """An id that must be defined in a vocabulary (checked once all files are read)."""

    def __init__(self, vocabulary: str):
        self.vocabulary = vocabulary
        self.description = f"the id of {'an' if vocabulary[0] in 'aeiou' else 'a'} {vocabulary}"

    def convert(self, node, ctx, label):
        value = super().convert(node, ctx, label)
        if value is not INVALID:
            ctx.refs.append((self.vocabulary, value, *where(ctx.path, node)[1:], label))
        return value


# How articles credit a source they do not name: "a person familiar with the transaction", "people
# briefed on the talks", "two sources", "an official". The first word says it is not an entity id.
UNNAMED_OPENERS = ("a", "an", "one", "two", "three", "four", "several", "some", "multiple", "people", "persons",
                   "sources", "officials", "executives", "insiders", "employees", "someone")
UNNAMED_RE = re.compile(r"^(?:" + "|".join(UNNAMED_OPENERS) + r") [^\s].{2,150}$")


_PLAIN = Text()


class Attribution(Ref):
    """Whom a claim is credited to: an entity id, or an unnamed source in the article's words."""

    def __init__(self):
        super().__init__("entity")
        self.description = ("the id of an entity, or an unnamed source as the article words it ('a person "
                            "familiar with the matter')")

    def convert(self, node, ctx, label):
        value = node.value.strip() if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) else None
        if value and " " in value:
            if not UNNAMED_RE.match(value):
                return ctx.error(node, f"'{label}' must be an entity id or an unnamed source, got '{value}'",
                                 "write the entity's id ('bloomberg'), or the unnamed source starting with a, an, "
                                 "one, two, several, people, sources, officials... ('a person familiar with the "
                                 "matter')")
            return _PLAIN.convert(node, ctx, label)
        return super().convert(node, ctx, label)

    def json_schema(self):
        # an id (no space: as Slug), or the words of an unnamed source (as UNNAMED_RE, around white space)
        slug = {key: value for key, value in super().json_schema().items() if key not in ("description", "type")}
        words = {"pattern": f"^{PAD}(?:{'|'.join(UNNAMED_OPENERS)}) [^{FORBIDDEN_CLASS}{SPACE_CLASS}]"
                            f"[^{FORBIDDEN_CLASS}\\n]{{2,150}}{PAD}$",
                 "patternErrorMessage": "write an entity id, or an unnamed source starting with a, an, one, two, "
                                        "several, people, sources, officials..."}
        return {"description": self.description, "type": "string", "anyOf": [slug, words]}


class Choice(FieldType):
    def __init__(self, *choices: str):
        self.choices = choices
        self.description = "one of: " + ", ".join(choices)

    def convert(self, node, ctx, label):
        value = self._scalar(node, ctx, label, "one of: " + ", ".join(self.choices))
        if value is INVALID or value in self.choices:
            return value
        return ctx.error(node, f"'{label}' must be one of: {', '.join(self.choices)}; got '{value}'",
                         closest(value, self.choices))

    def json_schema(self):
        return {"description": self.description, "type": "string", "enum": list(self.choices)}


class Positive(FieldType):
    """A decimal number above zero: an exchange rate (1.0765)."""

    description = "a number above zero, e.g. 1.0765"
    LIMIT = 1e9

    def convert(self, node, ctx, label):
        value = self._scalar(node, ctx, label, self.description)
        if value is INVALID:
            return value
        if not re.fullmatch(r"[0-9]{1,12}(?:\.[0-9]{1,12})?", value.strip()):
            return ctx.error(node, f"'{label}' must be {self.description}, got '{value[:40]}'",
                             "write digits with a '.' for the decimals, no thousands separator or currency sign")
        number = float(value)
        if not 0 < number < self.LIMIT:
            return ctx.error(node, f"'{label}' must be {self.description}, got '{value}'",
                             "give how many units of 'to' one unit of 'from' was worth")
        return number

    def json_schema(self):
        # as text: at most 12 digits before the point, of which at most 9 once 3 leading zeros are dropped
        # (below LIMIT), at most 12 after it, and one digit that is not zero
        return {"description": self.description, "type": ["number", "string"], "exclusiveMinimum": 0,
                "exclusiveMaximum": int(self.LIMIT),
                "pattern": f"^{PAD}(?=[0-9.]*[1-9])0{{0,3}}[0-9]{{1,9}}(?:\\.[0-9]{{1,12}})?{PAD}$",
                "patternErrorMessage": "write digits with a '.' for the decimals, above zero"}


class ListOf(FieldType):
    def __init__(self, item: FieldType, min_items: int = 0):
        self.item, self.min_items = item, min_items
        self.description = f"a list of {item.description}"

    def convert(self, node, ctx, label):
        wanted = self.min_items and isinstance(self.item, Ref)  # ids from a vocabulary, at least one
        if wanted and (node.tag.endswith(":null") or isinstance(node, yaml.SequenceNode) and not node.value):
            # 'tags: []' or 'tags:': the validator completes the hint with the ids to choose from
            ctx.refs.append((self.item.vocabulary, None, *where(ctx.path, node)[1:], label))
            return ctx.error(node, f"'{label}' needs at least one {self.item.vocabulary} id",
                             f"list the ids, e.g. '{label}: [some-id]'")
        if not isinstance(node, yaml.SequenceNode):
            return ctx.error(node, f"'{label}' must be a list, got {kind_of(node)}",
                             "write one item per line, each starting with '- '")
        if len(node.value) < self.min_items:
            return ctx.error(node, f"'{label}' needs at least {self.min_items} item(s)")
        items, seen = [], set()
        for child in node.value:
            value = self.item.convert(child, ctx, label)
            if value is INVALID:
                continue
            if isinstance(value, str) and value in seen:
                ctx.error(child, f"'{value}' is listed twice in '{label}'", "remove one")
                continue
            seen.add(value if isinstance(value, str) else id(value))
            items.append(value)
        return tuple(items)

    def json_schema(self):
        schema = {"description": self.description, "type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if isinstance(self.item, (Text, Slug, Url, Choice)):  # convert refuses a string listed twice
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    required: bool = False
    doc: str = ""


class Record(FieldType):
    """A mapping with declared keys; unknown keys are errors."""

    def __init__(self, name: str, fields: tuple[Field, ...], factory):
        self.name, self.fields, self.factory = name, fields, factory
        self.by_name = {f.name: f for f in fields}
        self.description = f"a {name} mapping"

    def convert(self, node, ctx, label, **extra):
        if not isinstance(node, yaml.MappingNode):
            return ctx.error(node, f"'{label}' must be a mapping of keys to values, got {kind_of(node)}")
        values, ok = {}, True
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            spec = self.by_name.get(key)
            if spec is None:
                ctx.error(key_node, f"unknown key '{key}' in {self.name}", closest(str(key), self.by_name))
                ok = False
                continue
            if value_node.tag.endswith(":null") and not spec.required:
                continue  # an optional key left empty means "not given"
            ctx.required = spec.required  # what an empty value's hint may suggest
            value = spec.type.convert(value_node, ctx, key if label == self.name else f"{label}.{key}")
            if value is INVALID:
                ok = False
            else:
                values[key] = value
        for spec in self.fields:
            if spec.required and spec.name not in values and spec.name not in _keys(node):
                ctx.error(node, f"missing required key '{spec.name}' in {self.name}",
                          f"add '{spec.name}:' ({spec.type.description})")
                ok = False
        return self.factory(**extra, **values) if ok else INVALID

    def json_schema(self):
        properties = {}
        for spec in self.fields:
            schema = spec.type.json_schema()
            if spec.doc:
                schema["description"] = spec.doc
            properties[spec.name] = schema if spec.required else _nullable(schema)
        schema = {"description": self.description, "type": "object", "properties": properties}
        required = [spec.name for spec in self.fields if spec.required]
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema


def _keys(node) -> set:
    return {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _nullable(schema: dict) -> dict:
    """The schema of an optional key: convert treats a key left empty (`story:`) as not given."""
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    schema = dict(schema, type=[*types, "null"])
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


SOURCE = Record("source", (
    Field("name", Text(), True, "publication or outlet"),
    Field("url", Url(), doc="address of the original"),
    Field("author", Text(), doc="byline"),
), model.Source)

QUOTE = Record("quote", (
    Field("text", Text(), True, "the words, without quotation marks"),
    Field("speaker", Ref("entity"), True, "entity id of who said it"),
    Field("context", Text(markdown=True), doc="where or when it was said"),
    Field("said", Date(), doc="when it was said, at the precision the article gives (YYYY, YYYY-MM or "
                              "YYYY-MM-DD); without it, pages date the quote by the article: 'reported ...'"),
), model.Quote)

RELATIONS = ("agree", "compatible", "conflict")

RELATION = Record("relation", (
    Field("kind", Choice(*RELATIONS), True, "how the values of this topic relate, in the curator's judgement"),
    Field("reason", Text(markdown=True), True, "why, for readers: it is shown with the comparison"),
), model.Relation)

CLAIM = Record("claim", (
    Field("topic", Ref("topic"), True, "what the claim is about; the same topic across sources lines claims "
                                        "up (checked against briefings/topics.yml when it exists)"),
    Field("value", Text(), True, "what this source asserts, short (e.g. \"$8 million\"); amounts, counts, "
                                 "percentages and dates are compared as ranges"),
    Field("detail", Text(markdown=True), doc="wording or attribution"),
    Field("attributed_to", Attribution(), doc="whom the article credits with the claim: an entity id (\"citing "
                                              "Bloomberg\": bloomberg), or an unnamed source in the article's words "
                                              "(\"a person familiar with the transaction\"); leave it out for a "
                                              "claim in the article's own voice"),
    Field("relation", RELATION, doc="overrides the computed comparison of this topic's values, with a reason"),
    Field("as_of", Date(), doc="when the value held, at the precision the article gives (YYYY, YYYY-MM or "
                               "YYYY-MM-DD), for a topic that changes over time: values of different dates "
                               "are shown as a change, in order, not as a disagreement"),
), model.Claim)

ANNOTATION = Record("annotation", (
    Field("title", Text(), True, "headline written by the curator"),
    Field("summary", Text(markdown=True), True, "1-3 sentences; inline Markdown allowed, raw HTML never"),
    Field("tags", ListOf(Ref("tag"), min_items=1), True, "tag ids from briefings/tags.yml"),
    Field("entities", ListOf(Ref("entity")), doc="people, companies, products from briefings/entities.yml"),
    Field("story", Ref("story"), doc="story id from briefings/stories.yml"),
    Field("event_date", Date(), doc="when it happened, if not the publication date"),
    Field("source", SOURCE, doc="provenance"),
    Field("key_points", ListOf(Text(markdown=True)), doc="the facts a reader needs"),
    Field("quotes", ListOf(QUOTE), doc="what was said, by whom"),
    Field("claims", ListOf(CLAIM), doc="what this source asserts about a topic"),
    Field("importance", Integer(1, 5), doc="1 (minor) to 5 (major): ordering and emphasis"),
    Field("related", ListOf(Ref("article")), doc="ids of related articles"),
    Field("note", Text(markdown=True), doc="the curator's \"why it matters\""),
    Field("updated", Date(exact=True), doc="when you last revised the briefing in substance (YYYY-MM-DD); "
                                           "shown as 'Updated'"),
    Field("draft", Boolean("write 'draft: true' to keep the briefing out of the published site, or remove the "
                           "key to publish it"),
          doc="true: checked and shown by 'briefing serve' marked \"Draft\", never published (no page, link, "
              "feed, search or sitemap entry)"),
), model.Annotation)

def check_annotation(node, annotation, ctx: Context) -> None:
    """What one field cannot check alone: a claim's ``relation`` compares it with the other sources of its story."""
    if annotation is INVALID or annotation.story or not any(c.relation for c in annotation.claims):
        return
    claims = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "claims"), None)
    for claim in claims.value if isinstance(claims, yaml.SequenceNode) else ():
        for key, _value in claim.value if isinstance(claim, yaml.MappingNode) else ():
            if isinstance(key, yaml.ScalarNode) and key.value == "relation":
                ctx.error(key, "'relation' says how this claim relates to the other sources of its story, and "
                               "this briefing has no 'story'", "add 'story:' (or remove 'relation')")


TAG = Record("tag", (
    Field("title", Text(), True, "display name"),
    Field("description", Text(markdown=True)),
    Field("aliases", ListOf(Text()), doc="other spellings found in texts"),
), model.Tag)

TOPIC = Record("topic", (
    Field("title", Text(), True, "how pages name the topic, e.g. \"Microsoft's investment in Mistral\""),
    Field("description", Text(markdown=True), doc="what the topic's values are, for curators and readers"),
), model.Topic)

ENTITY_KINDS = ("person", "company", "organization", "product", "publication")


class _Roles(Record):
    """A role's record, and the check one field cannot make: it does not end before it starts."""

    def convert(self, node, ctx, label, **extra):
        role = super().convert(node, ctx, label, **extra)
        if role is not INVALID and role.start and role.end and role.end.end < role.start.start:
            return ctx.error(node, f"'{label}' ends ({role.end}) before it starts ({role.start})",
                             "check 'from' and 'until'")
        return role


ROLE = _Roles("role", (
    Field("title", Text(), True, "the position, e.g. \"Chief executive\""),
    Field("of", Ref("entity"), doc="entity id of the organisation"),
    Field("from", Date(), doc="when it began, at the precision the sources give; unknown when left out"),
    Field("until", Date(), doc="when it ended; left out while it lasts"),
    Field("source", SOURCE, doc="where the dates come from"),
), lambda **kw: model.Role(kw["title"], kw.get("of", ""), kw.get("from"), kw.get("until"), kw.get("source")))

ENTITY = Record("entity", (
    Field("name", Text(), True, "display name"),
    Field("kind", Choice(*ENTITY_KINDS), True),
    Field("description", Text(markdown=True)),
    Field("url", Url(), doc="official homepage"),
    Field("aliases", ListOf(Text()), doc="other names found in texts"),
    Field("roles", ListOf(ROLE), doc="positions held, with dates: drawn as bars on the entity's timeline"),
), model.Entity)

STORY = Record("story", (
    Field("title", Text(), True),
    Field("date", Date(), True, "when the story broke"),
    Field("summary", Text(markdown=True), True),
), model.Story)

EVENT = Record("event", (
    Field("date", Date(), True, "at the precision the sources support"),
    Field("title", Text(), True),
    Field("summary", Text(markdown=True), True),
    Field("entities", ListOf(Ref("entity"))),
    Field("tags", ListOf(Ref("tag"))),
    Field("story", Ref("story")),
    Field("source", SOURCE),
), lambda **kw: kw)  # the event's id is derived from date and title by the validator

CURRENCIES = ("AUD", "CAD", "CHF", "CNY", "EUR", "GBP", "HKD", "INR", "JPY", "KRW", "NZD", "SGD", "USD")

RATE = Record("rate", (
    Field("date", Date(exact=True), True, "the day of the rate (the nearest to a briefing's date is used)"),
    Field("from", Choice(*CURRENCIES), True, "the currency converted, e.g. EUR"),
    Field("to", Choice(*CURRENCIES), True, "the currency it is converted to, e.g. USD"),
    Field("rate", Positive(), True, "how many 'to' one 'from' was worth that day, e.g. 1.0765"),
    Field("source", SOURCE, doc="where the rate comes from (a central bank's reference rate)"),
), lambda **kw: model.Rate(kw["date"], kw["from"], kw["to"], kw["rate"], kw.get("source")))

FRONT_MATTER = Record("front matter", (
    Field("date", Date(exact=True), True, "publication date"),
    Field("title", Text()),
    Field("source", SOURCE),
), dict)

# Vocabulary files: name -> record of each entry.
VOCABULARIES = {"tags": TAG, "entities": ENTITY, "stories": STORY, "topics": TOPIC}

# redirects.yml: one mapping per kind of page, named as the folder of its address (/briefings/<id>/), from an
# old id to the id that replaces it (content/redirects.py checks them; hooks/redirects.py writes their pages)
REDIRECT_KINDS = {"briefings": "article", "tags": "tag", "entities": "entity", "stories": "story"}
