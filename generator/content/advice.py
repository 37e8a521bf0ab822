"""Warnings: content that is valid but that readers would miss something in, and annotations ``briefing new``
scaffolded and nobody finished. ``check`` reports them; nothing fails (``check --strict`` fails on the latter)."""

from __future__ import annotations

import difflib
import functools
import os
import re

import yaml

from . import schema
from .errors import Problem, line_col
from .model import Content
from .yamlsrc import annotation_yaml, mapping_item

NO_SOURCE_HINT = ("add 'source:' with the outlet's 'name' (and 'url') when the article names it; until then "
                  "its pages say 'outlet not recorded'")


def no_source_hint(after: str = "") -> str:
    """The hint of an outlet not recorded, naming the key after which 'source:' belongs."""
    return NO_SOURCE_HINT.replace("add 'source:'", f"add 'source:' after '{after}'", 1) if after else NO_SOURCE_HINT


# A value that has one of these, or a word close to one of the figure words, was meant as a figure.
_FIGURE_SIGNS = re.compile(r"[0-9$€£¥₹%]")
_WORD = re.compile(r"[^\W\d_]{2,}")


@functools.cache
def _figure_words() -> list[str]:
    from . import quantities

    words = {w for phrase in (*quantities._CURRENCY_BEFORE, *quantities._CURRENCY_AFTER) for w in phrase}
    return sorted(w for w in words | set(quantities._SCALES) | set(quantities._PLURALS_WORDS) if len(w) > 2)


_SHORT_SCALES = ("bn", "mn", "tn")


def _short_scale(word: str) -> list[str]:
    """'bm' -> ['bn']: a two-letter magnitude one key away from one that is read."""
    return [scale for scale in _SHORT_SCALES if scale[0] == word[0]][:1]


def unread_figure(value: str) -> tuple[str, str] | None:
    """(message, hint) when a claim value looks like a figure but is not read as one; None otherwise."""
    from . import quantities

    if quantities.parse(value) is not None or not _FIGURE_SIGNS.search(value):
        return None
    words = _figure_words()
    near = [(w, difflib.get_close_matches(w, words, n=1, cutoff=0.8) or (_short_scale(w) if len(w) == 2 else []))
            for w in _WORD.findall(value.casefold()) if w not in words and w not in _SHORT_SCALES]
    fixes = [f"'{w}': did you mean '{m[0]}'?" for w, m in near if m]
    message = f"'{value}' is not read as a figure: it is compared as text, and set aside beside figures"
    hint = " ".join(fixes) or ("write the figure alone, as the article gives it ('$16.3 million', 'about €400mn', "
                               "'more than 70 employees'); CONTRIBUTING.md lists what is read")
    return message, hint


class _Located:
    """A briefing's annotation as text and YAML nodes, read (and parsed again) only when a warning needs a place,
    once per run of :func:`warnings` (``_read``)."""

    def __new__(cls, a):
        path = os.path.splitext(a.path)[0] + ".yml"
        found = _read.get(path)
        if found is None:
            found = _read[path] = super().__new__(cls)
            found.path = path
            found.text, found.node = annotation_yaml(path)
        return found

    def top(self, key: str):
        """(key node, value node) of a top-level key, or (None, None)."""
        return mapping_item(self.node, key)

    def at(self, node) -> tuple[int, int]:
        """The line and column of a node, or of the first key when there is none (never a comment line)."""
        if node is not None:
            return node.start_mark.line + 1, node.start_mark.column + 1
        return self.first_key()

    def first_key(self) -> tuple[int, int]:
        if isinstance(self.node, yaml.MappingNode) and self.node.value:
            mark = self.node.value[0][0].start_mark
            return mark.line + 1, mark.column + 1
        return 1, 1

    def problem(self, where: tuple[int, int], message: str, hint: str) -> Problem:
        return Problem(self.path, *where, message, hint, "warning")


_read: dict = {}  # annotation path -> its _Located, during one run of warnings()


def _items(node) -> list:
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _unread_figures(a) -> list[Problem]:
    """A warning at each claim value of the briefing that looks like a figure and is not read as one."""
    unread = [(claim.value, found) for claim in a.annotation.claims if (found := unread_figure(claim.value))]
    if not unread:
        return []
    doc = _Located(a)  # read once, and only for a briefing that has such a value
    values = [v for claim in _items(doc.top("claims")[1]) for v in [mapping_item(claim, "value")[1]]
              if isinstance(v, yaml.ScalarNode)]
    found = []
    for value, said in unread:
        node = next((v for v in values if v.value.strip() == value), None)
        line, col = doc.at(node)
        quoted = node is not None and node.style in ("'", '"')
        found.append(doc.problem((line, col + quoted), *said))  # at the text, inside its quotes
    return found


def _source_differences(a) -> list[Problem]:
    """A warning at each field that the annotation's ``source`` and the front matter's both give, differently."""
    given, in_file = a.annotation.source, a.source_in_file
    if given is None or in_file is None:
        return []
    differ = [(key, getattr(given, key), getattr(in_file, key)) for key in ("name", "url", "author")
              if getattr(given, key) and getattr(in_file, key) and getattr(given, key) != getattr(in_file, key)]
    if not differ:
        return []
    doc = _Located(a)
    source_key, source = doc.top("source")
    found = []
    for key, mine, theirs in differ:
        key_node = mapping_item(source, key)[0]
        found.append(doc.problem(doc.at(key_node or source_key),
                                 f"source {key} '{mine}' differs from the article's front matter: '{theirs}'",
                                 f"pages use '{mine}'; " + ("write the same name in both, or remove 'source:' here to "
                                                             "use the article's" if key == "name" else
                                                             f"remove '{key}:' here to use the article's, or correct "
                                                             "whichever is wrong")))
    return found


def _no_source(a) -> Problem:
    """The briefing names no outlet: the warning at the key after which 'source:' belongs (schema order)."""
    doc = _Located(a)
    names = [f.name for f in schema.ANNOTATION.fields]
    before = names[:names.index("source")]
    present = [(k, name) for name in before for k in [doc.top(name)[0]] if k is not None]
    if present:
        key_node, name = max(present, key=lambda item: item[0].start_mark.index)
        where, hint = doc.at(key_node), no_source_hint(name)
    else:
        where, hint = doc.first_key(), NO_SOURCE_HINT
    return doc.problem(where, "the briefing's outlet is not recorded", hint)


_DATE_LINE = re.compile(r"\A\s*date[ \t]+\S+")


def _no_text(a) -> Problem:
    """The article has no text: the warning where the text goes, after the date (plain text) or the front matter."""
    line, col = 1, 1
    try:
        text = open(a.path, encoding="utf-8-sig").read().replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError):
        text = ""
    if a.path.lower().endswith(".md"):
        lines = text.split("\n")
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            line = end + 2  # the line after the closing '---'
    else:
        date = _DATE_LINE.match(text)
        if date:
            line, col = line_col(text, date.end())
            col += 1  # after the date and a space
    return Problem(a.path, line, col, "the article has no text", "paste the article's text after its date "
                   "(or front matter): the page's 'The article' section is empty", "warning")


def _links_to_drafts(content: Content) -> list[Problem]:
    """A warning at each id a published briefing lists in ``related`` that is a draft: the link is left out."""
    from .drafts import links_to_drafts

    found = []
    for a, target in links_to_drafts(content):
        doc = _Located(a)
        key, listed = doc.top("related")
        node = next((n for n in _items(listed) if isinstance(n, yaml.ScalarNode) and n.value == target), key)
        found.append(doc.problem(doc.at(node),
                                 f"'related' lists '{target}', a draft: the published page leaves the link out",
                                 f"the link appears once '{target}' is published (remove its 'draft: true'); "
                                 "until then only 'briefing serve' shows it"))
    return found


def warnings(content: Content, vocabularies: dict | None = None) -> list[Problem]:
    """Per briefing: an outlet not recorded (at the key after which 'source:' belongs), an article with no text
    (where the text goes), a claim value that looks like a figure and is not read as one (at the value), a source
    field that the annotation and the front matter give differently (at the annotation's), a ``related`` link to a
    draft, which is not published (at the draft's id), a summary of more than three sentences (at the fourth), an
    ``event_date`` after the publication date (at the date). Per vocabulary (``vocabularies``: the loader's name ->
    (path, node)), each tag, entity and story nothing refers to (at its id)."""
    _read.clear()
    found = _links_to_drafts(content)
    for a in content.articles:
        found += _unread_figures(a)
        found += _source_differences(a)
        if a.source is None:
            found.append(_no_source(a))
        if not a.body:
            found.append(_no_text(a))
        found += _long_summary(a)
        found += _event_after_publication(a)
    found += unreferenced(content, vocabularies or {})
    _read.clear()
    return sorted(found, key=lambda p: (p.path, p.line, p.col))


# What briefing new writes beside each guess (scaffold.py): '# TODO: ...' on the lines a person must write or
# check, '# proposed: found "..."; confirm' on each proposed tag, entity and outlet. A comment is a '#' at the
# start of a line or after white space, outside any value (a value may hold ' # TODO:').
_MARKER = re.compile(r"(?:^|(?<=\s))#[ \t]*(?:(?P<todo>TODO\b)|(?P<proposed>proposed:))[^\n]*", re.M)
TODO_HINT = "do what the comment says, then delete the comment"
PROPOSED_HINT = "keep the line if it is right and delete its comment, or delete the line"
STRICT_NOTE = " ('briefing check --strict', run on pull requests, refuses it)"


def scaffold_markers(path: str, text: str, node=None) -> tuple[Problem, ...]:
    """A warning at each '# TODO' and '# proposed: ...' comment of briefing new left in an annotation.

    ``node``, the file's YAML when it parsed, tells comments from values that happen to hold a '#'."""
    if "#" not in text:
        return ()
    found = list(_MARKER.finditer(text))
    if not found:
        return ()
    values = [(n.start_mark.index, n.end_mark.index) for n in _scalars(node) if "#" in n.value]
    markers = []
    for match in found:
        if any(start <= match.start() < end for start, end in values):
            continue
        comment = match.group(0).rstrip()
        if match.group("todo"):
            message, hint = f"unfinished: '{comment}'", TODO_HINT + STRICT_NOTE
        else:
            message, hint = f"proposed by briefing new, not confirmed: '{comment}'", PROPOSED_HINT + STRICT_NOTE
        markers.append(Problem(path, *line_col(text, match.start()), message, hint, "warning"))
    return tuple(markers)


def _scalars(node):
    import yaml

    stack = [node] if node is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


# --- summaries, dates, and vocabulary nothing uses ------------------------------------------------------------

MAX_SUMMARY_SENTENCES = 3  # the schema and CONTRIBUTING.md: "1-3 sentences"

# A full stop, question or exclamation mark (closing quotes and brackets after it) before white space and what
# starts a sentence. Not an end: a decimal point ("$4.5 billion"), an initial or initialism ("U.S.", "J. Smith"),
# a title or a usual abbreviation ("Mr. Altman", "Inc.", "Jan.").
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[*_]*[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr prof sr jr st mt ft inc ltd co corp plc llc bros vs etc al no nos vol fig approx est dept univ "
    "gen gov sen rep rev hon capt col lt sgt cmdr adm pres jan feb mar apr jun jul aug sep sept oct nov dec "
    "e.g i.e a.m p.m cf ca".split())
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")


def sentences(text: str) -> list[str]:
    """The sentences of a plain text, split at their ends (see _SENTENCE_END)."""
    found, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        if end.group(0)[0] == ".":
            word = re.search(r"[^\s(\[\"'“‘]*$", text[start:end.start()]).group(0)
            if word.casefold() in _ABBREVIATIONS or _INITIALS.fullmatch(word):
                continue
        found.append(text[start:end.end()].strip())
        start = end.end()
    rest = text[start:].strip()
    return found + [rest] if rest else found


def _long_summary(a) -> list[Problem]:
    """A warning at the first sentence past MAX_SUMMARY_SENTENCES of the summary."""
    summary = a.annotation.summary
    parts = sentences(getattr(summary, "plain", None) or str(summary))
    if len(parts) <= MAX_SUMMARY_SENTENCES:
        return []
    doc = _Located(a)
    node = doc.top("summary")[1]
    where = doc.at(node)
    if node is not None:  # the first word of each sentence in turn, in the text as written: the fourth's place
        written, pos = doc.text[node.start_mark.index:node.end_mark.index], 0
        for part in parts[1:MAX_SUMMARY_SENTENCES + 1]:
            word = re.search(r"\w+", part)
            pos = written.find(word.group(0), pos) if word else -1
            if pos < 0:
                break
        if pos >= 0:
            where = line_col(doc.text, node.start_mark.index + pos)
    return [doc.problem(where, f"the summary has {len(parts)} sentences; a summary has at most "
                               f"{MAX_SUMMARY_SENTENCES}",
                        "keep what happened in one to three sentences; move the rest, from here on, to "
                        "'key_points' or 'note'")]


def _event_after_publication(a) -> list[Problem]:
    """A warning at an ``event_date`` that begins after the publication date: an article reports what happened."""
    when = a.annotation.event_date
    if when is None or when.start <= a.date:
        return []
    doc = _Located(a)
    return [doc.problem(doc.at(doc.top("event_date")[1] or doc.top("event_date")[0]),
                        f"'event_date' {when.iso()} is after the article's publication date, {a.date.isoformat()}",
                        "an article reports what has happened: check the date for a typo (the year, the month), or "
                        "remove 'event_date' if it happened on the day of publication")]


_HOMES = {"tags": ("tag", "tags"), "entities": ("entity", "entities"), "stories": ("story", "story")}


def referenced(content: Content) -> dict[str, set]:
    """Vocabulary name -> the ids something refers to: a briefing (drafts too) or a context event by its tags,
    entities and story, a quote by its speaker, a claim by whom it cites, a role by its organisation."""
    used = {"tags": set(), "entities": set(), "stories": set()}
    for a in content.articles:
        an = a.annotation
        used["tags"].update(an.tags)
        used["entities"].update(an.entities)
        used["entities"].update(q.speaker for q in an.quotes)
        used["entities"].update(c.attributed_to for c in an.claims if c.cites_entity)
        used["stories"].add(an.story)
    for e in content.events:
        used["tags"].update(e.tags)
        used["entities"].update(e.entities)
        used["stories"].add(e.story)
    used["entities"].update(r.of for entity in content.entities.values() for r in entity.roles if r.of)
    return used


def unreferenced(content: Content, vocabularies: dict) -> list[Problem]:
    """A warning at the id of each tag, entity and story that nothing refers to: no page is published for it."""
    used, found = referenced(content), []
    for name, (kind, field) in _HOMES.items():
        path, node = vocabularies.get(name, (None, None))
        defined = getattr(content, name)
        if path is None or not isinstance(node, yaml.MappingNode):
            continue
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value in defined and key.value not in used[name]:
                where = ("'story:' of a briefing or a context event" if kind == "story" else
                         f"'{field}:' of a briefing or a context event")
                found.append(Problem(path, key.start_mark.line + 1, key.start_mark.column + 1,
                                     f"{kind} '{key.value}' is defined but nothing refers to it: it gets no page",
                                     f"list it in the {where}, or delete it from {os.path.basename(path)} (if "
                                     f"its page was published, keep its address with a redirect to the {kind} that "
                                     "replaces it, in redirects.yml)", "warning"))
    return found
