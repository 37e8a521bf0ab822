"""``briefing new``: scaffold the annotation of a new article.

Reads the article with the usual readers, guesses a title (its dateline left
out), proposes the tags and entities whose title, name or alias occurs in the
text, and the outlet when a dateline credits an agency it knows. Every
proposal is marked for the curator to confirm; the summary is left empty on
purpose, so ``briefing check`` fails until a person has written it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path


from . import model, schema
from .errors import ContentError, Problem
from .jsonschema import ANNOTATION_FILE
from .mentions import MD_LINK_TARGET_RE, Proposal, article_text, propose, term_regex, terms_of  # noqa: F401
from .load import ARTICLES_DIR, MAX_VOCABULARY_BYTES, display, read_text
from .readers import READERS
from .validate import vocabulary
from .yamlsrc import parse

TITLE_MAX_CHARS = 90
DANGLING_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
MD_MARKUP_RE = re.compile(r"[*_`]+")
SENTENCE_RE = re.compile(r"(.+?[.!?])(?=\s+[\"'“‘(\[]?[A-Z0-9]|\s*$)", re.S)


@dataclass(frozen=True)
class Scaffold:
    path: Path  # the annotation to write
    text: str
    title_from: str  # "front matter" or "first sentence"
    tags: tuple[Proposal, ...]
    entities: tuple[Proposal, ...]
    notes: tuple[str, ...]  # things the curator should know (vocabularies with problems)
    source: tuple[str, str] | None = None  # (outlet, the dateline it was read from), proposed


def scaffold(article: Path, content_dir: Path) -> Scaffold:
    """Read ``article`` and prepare its annotation; raises ContentError when it cannot."""
    article, content_dir = Path(article), Path(content_dir)
    shown = display(article)
    if not article.is_file():
        _refuse(shown, "article file not found",
                f"give the path of the new article, e.g. {display(content_dir / ARTICLES_DIR)}/2024-04-01-some-news.md")
    suffix = article.suffix.lower()
    if suffix not in READERS:
        hint = ("give the article file, not its annotation" if suffix == ".yml"
                else "articles are .txt (date first) or .md (with front matter)")
        _refuse(shown, f"not an article file: '{article.suffix}'", hint)
    articles_dir = content_dir / ARTICLES_DIR
    if not article.resolve().is_relative_to(articles_dir.resolve()):
        _refuse(shown, f"article is not under {display(articles_dir)}/",
                f"move it into {display(articles_dir)}/ (sub-folders are fine), then run briefing new again")
    if not model.SLUG_RE.match(article.stem):
        _refuse(shown, f"article id '{article.stem}' is not a valid id",
                f"rename the file to '{model.slugify(article.stem)}{article.suffix}': "
                "lowercase letters, digits and hyphens (the name is the permalink)")
    target = article.with_suffix(".yml")
    if target.exists():
        _refuse(display(target), "annotation already exists",
                "edit it, then run briefing check; to start over, delete it and run briefing new again")

    problems: list = []
    text = read_text(article, shown, problems)
    meta, blocks = READERS[suffix](shown, text, problems) if text is not None else ({}, ())
    if problems:
        raise ContentError(problems)

    notes = []
    vocabularies = {}
    for name, record in (("tags", schema.TAG), ("entities", schema.ENTITY)):
        vocabularies[name], ok = _vocabulary(content_dir / f"{name}.yml", record)
        if not ok:
            notes.append(f"{display(content_dir / f'{name}.yml')} has problems: entries that did not "
                         "read are not proposed (run briefing check)")
    searched = article_text(meta, blocks)
    tags = propose(searched, vocabularies["tags"])
    entities = propose(searched, vocabularies["entities"])
    title, title_from = guess_title(meta, blocks)
    source = guess_source(meta, blocks)
    schema_path = content_dir.resolve().parent / "schema" / ANNOTATION_FILE
    modeline = Path(os.path.relpath(schema_path, target.resolve().parent)).as_posix()
    text = annotation_text(modeline, shown, meta["date"], title, title_from, tags, entities,
                           display(content_dir), source)
    return Scaffold(target, text, title_from, tags, entities, tuple(notes), source)


def write_scaffold(result: Scaffold) -> None:
    with open(result.path, "x", encoding="utf-8", newline="\n") as out:  # never overwrite
        out.write(result.text)


def report(result: Scaffold) -> str:
    """What ``briefing new`` prints: what it wrote, and what the curator does next."""
    shown = display(result.path)
    tags, entities = len(result.tags), len(result.entities)
    lines = [
        f"wrote {shown}",
        f"  title: from the {result.title_from}",
        f"  proposed: {tags} tag{'s' if tags != 1 else ''}, {entities} entit{'y' if entities == 1 else 'ies'}"
        + (f", the outlet {result.source[0]} (from the dateline)" if result.source else "")
        + " (each marked '# proposed: found ...; confirm')",
        *(f"note: {note}" for note in result.notes),
        "next steps:",
        f"  1. edit {shown}:",
        "     write the summary (1-3 sentences), check the title,",
        "     keep the proposed tags and entities that fit and delete the others",
        "  2. run: briefing check",
        "     it reports \"'summary' is empty\" until the summary is written: that is intended,",
        "     so an unfinished annotation cannot be published;",
        "     it warns at each '# TODO' and '# proposed' comment left: delete each once done",
        "     (pull requests run briefing check --strict, which refuses them)",
    ]
    return "\n".join(lines) + "\n"


def _refuse(path: str, message: str, hint: str):
    raise ContentError([Problem(path, 1, 1, message, hint)])


def _vocabulary(path: Path, record: schema.Record) -> tuple[dict, bool]:
    """id -> the words that name it (title or name first, then aliases); False when the file has problems."""
    if not path.is_file():
        return {}, True
    problems: list = []
    shown = display(path)
    text = read_text(path, shown, problems, MAX_VOCABULARY_BYTES)
    node = parse(shown, text, problems) if text is not None else None
    entries = vocabulary(node, record, schema.Context(shown, problems)) if node is not None else {}
    return terms_of(entries), not problems


# A dateline opens many agency and newspaper articles: "SAN FRANCISCO (Reuters) -", "LONDON, March 22 (AP) —",
# "ST. LOUIS, Mo. (AP) —", "Nov 17 (Reuters) -", "(Bloomberg) --", "SAN FRANCISCO -". It is no part of a
# headline. Before a credit in brackets, a few capitalised words; without one, a place in capitals whose first
# word has three letters at least ("AI - what next" opens no dateline).
_PLACE = r"[A-Z][A-Z.'’]{2,}(?:[ -][A-Z][A-Z.'’]*)*(?:,\s*[A-Z][A-Z.'’]*(?:[ -][A-Z][A-Z.'’]*)*)*"
_DAY = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}"  # "March 22", "Nov. 17"
DATELINE_RE = re.compile(
    rf"^\s*(?:(?:[A-Z0-9][\w.'’]*,?\s+){{0,6}}\((?P<credit>[A-Z][A-Za-z .&'-]{{0,40}})\)|{_PLACE}(?:,\s*{_DAY})?)"
    r"\s*(?:--|[-–—])\s+(?=\S)")
# The agencies a dateline credits, as the source's name; any other credit is stripped from the title, never
# proposed as the outlet.
AGENCIES = {"reuters": "Reuters", "ap": "Associated Press", "associated press": "Associated Press",
            "bloomberg": "Bloomberg", "afp": "AFP", "agence france-presse": "AFP"}


def dateline(paragraph: str) -> tuple[str, str]:
    """(the dateline as written, the outlet it credits, or '') at the start of ``paragraph``; ('', '')."""
    match = DATELINE_RE.match(paragraph)
    if match is None:
        return "", ""
    return match.group(0).strip(), AGENCIES.get(" ".join((match.group("credit") or "").lower().split()), "")


def opening(blocks) -> str:
    """The article's first paragraph, as plain text (a Markdown heading before it skipped)."""
    for block in blocks:
        if block.kind == "p":
            return block.text
        if block.kind == "md":
            for part in block.text.strip().split("\n\n"):
                part = part.strip()
                if part and not (part.startswith("#") and "\n" not in part):
                    return _plain(part)
    return ""


def guess_source(meta: dict, blocks) -> tuple[str, str] | None:
    """(outlet, dateline) when the article opens with the dateline of an agency it recognises and names no
    source of its own; None otherwise (an outlet is never guessed from anything else)."""
    if meta.get("source"):
        return None
    found, outlet = dateline(opening(blocks))
    return (outlet, found) if outlet else None


def guess_title(meta: dict, blocks) -> tuple[str, str]:
    """(title, where it came from): the front matter's title, else the first heading, else the first
    sentence without its dateline, trimmed."""
    if meta.get("title"):
        return meta["title"], "front matter"
    for block in blocks:
        if block.kind == "md":
            first = block.text.strip().split("\n\n")[0].strip()
            if first.startswith("#") and "\n" not in first:
                return _plain(first.lstrip("#")), "first heading"
        if block.kind in ("p", "md"):
            break
    paragraph = opening(blocks)
    paragraph = paragraph[len(DATELINE_RE.match(paragraph).group(0)):] if DATELINE_RE.match(paragraph) else paragraph
    if not paragraph.strip():
        return "", "nothing"
    match = SENTENCE_RE.match(paragraph)
    sentence = (match.group(1) if match else paragraph).strip()
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]  # headlines have no full stop
    return _trim(sentence), "first sentence"


def _plain(markdown: str) -> str:
    return " ".join(MD_MARKUP_RE.sub("", MD_LINK_TARGET_RE.sub("]", markdown)).replace("[", "").replace("]", "").split())


def _trim(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    words = text[:limit].split(" ")
    if len(words) > 1:
        words.pop()  # the last word may be cut in half
    while len(words) > 1 and words[-1].lower() in DANGLING_WORDS:
        words.pop()  # "... stepped down to…" reads better as "... stepped down…"
    return " ".join(words).rstrip(" ,;:-–—") + "…"


def annotation_text(modeline: str, article: str, published: dt.date, title: str, title_from: str,
                    tags, entities, content: str, source: tuple[str, str] | None = None) -> str:
    """The scaffolded annotation: valid YAML, every guess marked for the curator."""
    lines = [
        f"# yaml-language-server: $schema={modeline}",
        f"# Annotation of {article}, published {published.isoformat()}.",
        "# Scaffolded by briefing new: write the summary, confirm or delete each proposed line",
        "# (and its comment), then run briefing check.",
        f"title: {_quoted(title)}  # TODO: "
        + {"front matter": "from the article's front matter; check it",
           "nothing": "write the headline"}.get(title_from, f"guessed from the {title_from}; rewrite it as a headline"),
        'summary: ""  # TODO: 1-3 sentences, what happened (briefing check fails until this is written)',
    ]
    if tags:
        lines.append("tags:")
        lines += [f"  - {p.id}  # proposed: found {_quoted(p.found)}; confirm" for p in tags]
    else:
        lines.append(f"tags: []  # TODO: at least one tag id from {content}/tags.yml")
    if entities:
        lines.append("entities:")
        lines += [f"  - {p.id}  # proposed: found {_quoted(p.found)}; confirm" for p in entities]
    else:
        lines.append(f"entities: []  # none found in the text; entity ids from {content}/entities.yml")
    lines.append(f'# event_date: "{published.isoformat()}"  # when it happened, if not the publication date: '
                 "YYYY, YYYY-MM or YYYY-MM-DD")
    if source:
        lines += ["source:", f"  name: {_quoted(source[0])}  # proposed: found {_quoted(source[1])}, the dateline; "
                             "confirm", '  # url: ""  # the address of the original']
    else:
        lines += SOURCE_LINES.split("\n")
    lines += OPTIONAL_LINES.format(content=content).split("\n")
    return "\n".join(lines) + "\n"


# The fields a curator fills in by reading the article, commented out: uncomment what the article supports.
SOURCE_LINES = "\n".join((
    '# source:  # the outlet, when the article names it (until then pages say "outlet not recorded")',
    '#   name: ""',
    '#   url: ""'))
OPTIONAL_LINES = """\
# story: story-id  # from {content}/stories.yml, when other briefings cover the same event
# key_points:
#   - ""
# claims:  # what this source asserts, lined up by topic with the story's other sources
#   - topic: topic-id  # from {content}/topics.yml, when it exists
#     value: ""  # short; amounts, counts, percentages and dates are compared as ranges
#     attributed_to: entity-id  # whom the article credits ("citing Bloomberg"), or "a person familiar with
#                               # the matter"; leave out for the article's own voice"""


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
