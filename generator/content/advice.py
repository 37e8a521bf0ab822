"""Warnings: content that is valid but that readers would miss something in, and annotations ``briefing new``
scaffolded and nobody finished. ``check`` reports them; nothing fails (``check --strict`` fails on the latter)."""

from __future__ import annotations

import difflib
import functools
import os
import re

from .errors import Problem, line_col
from .model import Content

NO_SOURCE_HINT = ("add 'source:' with the outlet's 'name' (and 'url') when the article names it; until then "
                  "its pages say 'outlet not recorded'")


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


def _unread_figures(a) -> list[Problem]:
    """A warning at each claim value of the briefing that looks like a figure and is not read as one."""
    unread = [(claim.value, found) for claim in a.annotation.claims if (found := unread_figure(claim.value))]
    if not unread:
        return []
    annotation, text = _annotation_text(a)  # read once, and only for a briefing that has such a value
    return [Problem(annotation, *_where(text, value), *found, "warning") for value, found in unread]


def _annotation_text(a) -> tuple[str, str]:
    """(path, text) of a briefing's annotation, read only when a warning needs a line ('' if unreadable)."""
    annotation = os.path.splitext(a.path)[0] + ".yml"
    try:
        return annotation, open(annotation, encoding="utf-8").read()
    except OSError:
        return annotation, ""


def _source_differences(a) -> list[Problem]:
    """A warning at each field that the annotation's ``source`` and the front matter's both give, differently."""
    given, in_file = a.annotation.source, a.source_in_file
    if given is None or in_file is None:
        return []
    differ = [(key, getattr(given, key), getattr(in_file, key)) for key in ("name", "url", "author")
              if getattr(given, key) and getattr(in_file, key) and getattr(given, key) != getattr(in_file, key)]
    if not differ:
        return []
    annotation, text = _annotation_text(a)
    found = []
    for key, mine, theirs in differ:
        start = re.search(r"(?m)^source:", text)
        at = re.compile(rf"(?m)^\s+{key}:").search(text, start.end()) if start else None
        line, col = line_col(text, at.end() - len(key) - 1) if at else (1, 1)
        found.append(Problem(annotation, line, col,
                             f"source {key} '{mine}' differs from the article's front matter: '{theirs}'",
                             f"pages use '{mine}'; " + ("write the same name in both, or remove 'source:' here to "
                                                         "use the article's" if key == "name" else
                                                         f"remove '{key}:' here to use the article's, or correct "
                                                         "whichever is wrong"), "warning"))
    return found


def _links_to_drafts(content: Content) -> list[Problem]:
    """A warning at each id a published briefing lists in ``related`` that is a draft: the link is left out."""
    from .drafts import links_to_drafts

    found = []
    for a, target in links_to_drafts(content):
        annotation, text = _annotation_text(a)
        key = re.search(r"(?m)^related:", text)
        at = re.compile(rf"(?<![\w-]){re.escape(target)}(?![\w-])").search(text, key.end()) if key else None
        found.append(Problem(annotation, *(line_col(text, at.start()) if at else (1, 1)),
                             f"'related' lists '{target}', a draft: the published page leaves the link out",
                             f"the link appears once '{target}' is published (remove its 'draft: true'); "
                             "until then only 'briefing serve' shows it", "warning"))
    return found


def _where(text: str, value: str) -> tuple[int, int]:
    """The line and column of the first place the annotation writes ``value`` (1, 1 if not found as written)."""
    at = text.find(value)
    return line_col(text, at) if at >= 0 else (1, 1)


def warnings(content: Content) -> list[Problem]:
    """Per briefing: an outlet not recorded (at its annotation), an article with no text (at the article),
    a claim value that looks like a figure and is not read as one (at the value), a source field that the
    annotation and the front matter give differently (at the annotation's), a ``related`` link to a draft,
    which is not published (at the draft's id)."""
    found = _links_to_drafts(content)
    for a in content.articles:
        found += _unread_figures(a)
        found += _source_differences(a)
        if a.source is None:
            found.append(Problem(os.path.splitext(a.path)[0] + ".yml", 1, 1, "the briefing's outlet is not recorded",
                                 NO_SOURCE_HINT, "warning"))
        if not a.body:
            found.append(Problem(a.path, 1, 1, "the article has no text", "paste the article's text after its date "
                                 "(or front matter): the page's 'The article' section is empty", "warning"))
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
