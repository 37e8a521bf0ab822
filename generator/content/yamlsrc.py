"""YAML parsed to nodes that keep their place in the file.

PyYAML's C parser composes the node graph (fast, with line and column
marks); the validator walks the nodes, so every problem it finds is located.
Duplicate keys, which PyYAML silently overwrites, are reported here.
"""

from __future__ import annotations

import json
import re

import yaml

from .errors import Problem, line_col

try:  # the C parser is an order of magnitude faster; fall back if libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def where(path: str, node) -> tuple[str, int, int]:
    """(path, line, col), 1-based, of a node's first character."""
    mark = node.start_mark
    return path, mark.line + 1, mark.column + 1


def problem(path: str, node, message: str, hint: str = "") -> Problem:
    return Problem(*where(path, node), message, hint)


MAX_DEPTH = 64  # content nests 4 deep; the C composer recurses, and crashes the process near 10,000


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, without parsing: each level needs an indent, a '- ', '? ' or a bracket."""
    block = max((len(line) - len(line.lstrip(" ")) + line.count("- ") + line.count("? ")
                 for line in text.split("\n")), default=0)
    return block + text.count("[") + text.count("{")


# Constructs refused before the document is composed, found by the event parser (which does not
# recurse): nesting past MAX_DEPTH (the C composer recurses, and crashes the process near 10,000),
# and aliases (an alias repeats its anchor's value; a few hundred lines of them make a value of
# millions of nodes, each converted and checked: a 24 KB file took 80 s and 578 MB).
TOO_DEEP = (f"the YAML nests more than {MAX_DEPTH} levels deep",
            "an annotation nests four levels at most: check the brackets and dashes")
ALIAS = ("YAML aliases ('*name') are not supported", "write the value out in full (and drop its '&name' anchor)")


def refused(text: str):
    """((message, hint), mark) of the first refused construct, or None; one pass, only when one may be there."""
    deep = _depth_bound(text) > MAX_DEPTH
    aliases = "&" in text and "*" in text  # an alias needs an anchor to repeat
    if not (deep or aliases):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return TOO_DEEP, event.start_mark
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                return ALIAS, event.start_mark
    except yaml.YAMLError:
        return None  # compose reports it
    return None


def parse(path: str, text: str, problems: list) -> yaml.Node | None:
    """Compose one YAML document; syntax errors and duplicate keys go to ``problems``."""
    try:
        found = refused(text)
        if found is None:
            node = yaml.compose(text, Loader=_Loader)
    except UnicodeEncodeError as exc:  # a lone surrogate: load.read_text refuses it first; the C parser cannot take it
        line, col = line_col(text, exc.start)
        problems.append(Problem(path, line, col, f"character U+{ord(text[exc.start]):04X} is not allowed",
                                "remove it: control, noncharacter and direction-override characters are refused"))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark  # an unclosed quote: point at where it opens, not at the end of the file
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(syntax_problem(path, text, line, col, exc.problem or exc.context or ""))
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        problems.append(Problem(path, 1, 1, f"invalid YAML: {exc}", ""))
        return None
    if found is not None:
        (message, hint), mark = found
        problems.append(Problem(path, mark.line + 1, mark.column + 1, message, hint))
        return None
    if node is not None:
        _check_nodes(path, node, problems)
    return node


TAB = ("a tab character: YAML indents with spaces only",
       "replace the tab with spaces (two per level; most editors can be set to insert spaces for Tab)")
_KEY_THEN_TEXT = re.compile(r"^(?P<head>\s*(?:-\s+)*(?P<key>[A-Za-z_][\w-]*):)\s+(?P<text>[^\s\"'\[{|>&*!%@`#].*?)"
                            r"(?P<comment>\s+#.*)?$")


def syntax_problem(path: str, text: str, line: int, col: int, said: str) -> Problem:
    """The located problem of a YAML syntax error, in the words a curator needs.

    Two mistakes cause most of them, and PyYAML names neither: a tab (YAML indents with
    spaces only), and text with ': ' in it left unquoted (YAML reads a second key there).
    """
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    tab = _tab_at(source, col) if "\t" in source else None
    if tab is not None:
        return Problem(path, line, tab, *TAB)
    if "mapping values are not allowed" in said:
        match = _KEY_THEN_TEXT.match(source)
        if match and match.end("head") < col - 1 and ": " in match.group("text"):
            quoted = (match.group("head").lstrip() + " " + json.dumps(match.group("text"), ensure_ascii=False)
                      + (match.group("comment") or ""))
            return Problem(path, line, col, f"the text of '{match.group('key')}' contains ': ', which YAML reads "
                                            "as the start of another key",
                           f"put the text in double quotes: {quoted}")
    return Problem(path, line, col, f"invalid YAML: {said}", "check the indentation and quoting on this line")


def _tab_at(source: str, col: int) -> int | None:
    """The 1-based column of the tab that broke the line: at the error, or in its indentation."""
    if source[col - 1:col] == "\t":
        return col
    indent = re.match(r"[ \t-]*", source).group(0)
    return indent.index("\t") + 1 if "\t" in indent else None


# What plain YAML resolves to; any other tag was written on purpose ('!!binary', '!!python/object', '!custom')
# and would be read as the text after it, not as what the contributor meant
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in
                       ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))
TAG_HINT = "remove the tag: values are plain text, numbers, lists and mappings"


def _check_nodes(path: str, node, problems: list) -> None:
    """Duplicate keys and tags, in one walk of the node graph."""
    stack, seen_nodes = [node], set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:  # aliases share nodes, and may even be recursive
            continue
        seen_nodes.add(id(node))
        if node.tag not in PLAIN_TAGS:
            problems.append(problem(path, node, f"YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not "
                                                f"supported", TAG_HINT))
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        first = seen[key.value].start_mark.line + 1
                        problems.append(problem(
                            path, key, f"duplicate key '{key.value}'",
                            f"the value at line {first} would be silently replaced; keep one",
                        ))
                    else:
                        seen[key.value] = key
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def kind_of(node) -> str:
    """What a node is, in words for messages: 'a mapping', 'a list', "the text 'x'"."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "nothing"
    return f"'{node.value}'"


def annotation_yaml(path: str):
    """(text, top node) of an annotation file read again, for a problem found after conversion that needs a
    place; ('', None) when it cannot be read or parsed."""
    try:
        text = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError):
        return "", None
    try:
        return text, yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return text, None


def mapping_item(node, key: str):
    """(key node, value node) of ``key`` in a mapping node, or (None, None)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k, v
    return None, None
