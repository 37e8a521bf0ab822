"""Article readers: one function per format, each returning (metadata, body blocks).

Plain text (the samples' format): ``date YYYY-MM-DD`` first, the body on the
same line; blank lines separate paragraphs; a short line without closing
punctuation, standing alone between paragraphs, is a subheading.

Markdown: YAML front matter (``date`` required; ``title``, ``source``), then
Markdown, checked and rendered by the one Markdown policy (:mod:`generator.content.richtext`):
what it refuses (raw HTML, images, unsafe link targets) is reported at its line.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from . import richtext, schema
from .errors import Problem, line_col
from .model import Block
from .yamlsrc import parse

DATE_HEADER_RE = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*")
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
CLOSING_PUNCTUATION = tuple(".!?:;,…\"'”’)]")

SUBHEADING_MAX_CHARS = 100
SUBHEADING_MAX_WORDS = 12


def read_plain(path: str, text: str, problems: list) -> tuple[dict, tuple[Block, ...]]:
    match = DATE_HEADER_RE.match(text)
    if not match:
        problems.append(Problem(path, 1, 1, "article does not start with 'date YYYY-MM-DD'",
                                "write the publication date first, e.g. 'date 2024-03-25', then the text"))
        return {}, ()
    meta = {}
    date = _parse_date(path, text, match, problems)
    if date is not None:
        meta["date"] = date
    return meta, split_blocks(text[match.end():])


def _parse_date(path, text, match, problems):
    raw = match.group(1)
    line, col = line_col(text, match.start(1))
    found = schema.DATE_RE.match(raw)
    try:
        if found and found.group(3):
            return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        pass
    problems.append(Problem(path, line, col, f"article date must be a real date YYYY-MM-DD, got '{raw}'",
                            "write the publication date as YYYY-MM-DD, e.g. 'date 2024-03-25'"))
    return None


def split_blocks(body: str) -> tuple[Block, ...]:
    """Paragraphs and subheadings of a plain-text body, white space folded."""
    chunks = [" ".join(chunk.split()) for chunk in PARAGRAPH_BREAK_RE.split(body.replace("\r\n", "\n"))]
    chunks = [c for c in chunks if c]
    blocks = []
    for i, chunk in enumerate(chunks):
        between = 0 < i < len(chunks) - 1
        blocks.append(Block("h" if between and is_subheading(chunk) else "p", chunk))
    return tuple(blocks)


def is_subheading(chunk: str) -> bool:
    return (
        len(chunk) <= SUBHEADING_MAX_CHARS
        and len(chunk.split()) <= SUBHEADING_MAX_WORDS
        and not chunk.endswith(CLOSING_PUNCTUATION)
    )


def read_markdown(path: str, text: str, problems: list) -> tuple[dict, tuple[Block, ...]]:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        problems.append(Problem(path, 1, 1, "Markdown article has no front matter",
                                "start the file with '---', then 'date: YYYY-MM-DD', then '---'"))
        return {}, ()
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        problems.append(Problem(path, 1, 1, "front matter is not closed",
                                "end the front matter with a line '---'"))
        return {}, ()
    # a leading newline keeps the YAML parser's line numbers equal to the file's
    node = parse(path, "\n" + "\n".join(lines[1:end]), problems)
    meta = {}
    if node is None and not any(p.path == path for p in problems):  # empty: no keys at all
        start = yaml.error.Mark(path, 0, 0, 0, None, None)
        node = yaml.MappingNode("tag:yaml.org,2002:map", [], start, start)
    if node is not None:
        ctx = schema.Context(path, problems)
        converted = schema.FRONT_MATTER.convert(node, ctx, "front matter")
        if converted is not schema.INVALID:
            meta = dict(converted, date=converted["date"].start)
    rest = "\n".join(lines[end + 1:])
    body = rest.strip("\n")
    leading = len(rest) - len(rest.lstrip("\n"))  # blank lines stripped above the body
    rich = check_markdown(path, body, end + 2 + leading, problems) if body else None
    return meta, (Block("md", rich),) if rich is not None else ()


def check_markdown(path: str, body: str, first_line: int, problems: list):
    """The body rendered by the one Markdown policy; what it refuses is reported at its line."""
    rich, findings = richtext.body(body)
    for kind, detail, offset in findings:
        line, col = line_col(body, offset)
        problems.append(Problem(path, first_line - 1 + line, col, *richtext.message(kind, detail, "in an article")))
    return rich


READERS = {".txt": read_plain, ".md": read_markdown}
