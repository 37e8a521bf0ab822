"""Stage 1: read every file under the content directory.

Nothing is validated beyond what parsing needs: YAML becomes located nodes,
articles become (metadata, blocks). Every problem is collected, none raised.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .advice import scaffold_markers
from .errors import Problem, display, line_col
from . import schema
from .cache import FileCache
from .readers import READERS
from .yamlsrc import parse

VOCABULARY_FILES = ("tags", "entities", "stories", "events", "topics", "rates", "redirects")
ARTICLES_DIR = "articles"


@dataclass
class RawArticle:
    key: str  # the file's path under articles/ without suffix: its annotation is key + '.yml'
    id: str
    path: str  # as shown in messages
    file: str  # stable: content directory name + path inside it, for pages
    meta: dict
    blocks: tuple


@dataclass(frozen=True)
class ArticleFile:
    """What one article file holds: (metadata, blocks), the problems found reading it."""

    meta: dict
    blocks: tuple
    problems: tuple
    broken: bool  # unreadable or undecodable


@dataclass(frozen=True)
class VocabularyFile:
    """One vocabulary (tags.yml, entities.yml...) as located YAML: converted with the others, by validate."""

    node: object  # yaml.Node, or None when the file is empty or did not parse
    problems: tuple
    broken: bool  # unreadable, or not valid YAML


@dataclass(frozen=True)
class AnnotationFile:
    """One annotation, parsed and converted on its own (cross-references are checked later)."""

    parse_problems: tuple  # invalid YAML, duplicate keys, unreadable: always reported
    empty: bool
    annotation: object  # model.Annotation, or None when it did not convert
    problems: tuple  # conversion problems: reported when its article is valid
    refs: tuple  # (vocabulary, id, line, col, label)
    markers: tuple = ()  # warnings at the '# TODO' and '# proposed' comments briefing new wrote and are still there

    @property
    def broken(self) -> bool:
        return bool(self.parse_problems)


@dataclass
class RawContent:
    """What the loader read: located YAML nodes and parsed article files."""

    root: Path
    vocabularies: dict = field(default_factory=dict)  # name -> (display path, node)
    articles: list = field(default_factory=list)  # RawArticle, in path order
    annotations: dict = field(default_factory=dict)  # path under articles/ without suffix -> (display path, AnnotationFile)
    problems: list = field(default_factory=list)
    broken: set = field(default_factory=set)  # display paths that could not be read or parsed
    digests: dict = field(default_factory=dict)  # display path -> hash of its bytes (with a build cache)
    listing: tuple = ()  # (articles folder, what reading its files takes, the problems found, its files): see load()


MAX_FILE_BYTES = {".yml": 1 << 20, ".txt": 5 << 20, ".md": 5 << 20}  # an annotation 1 MB, an article 5 MB
MAX_VOCABULARY_BYTES = 50 << 20  # tags, entities, stories, events: they grow with the archive


def read_text(path: Path, shown: str, problems: list, limit: int | None = None) -> str | None:
    """The file's text with line ends normalised, or None and a located problem."""
    limit = limit or MAX_FILE_BYTES.get(path.suffix.lower(), 1 << 20)
    try:
        size = path.stat().st_size
        if size > limit:
            problems.append(Problem(shown, 1, 1, f"file is {size:,} bytes; at most {limit:,} are read",
                                    "an annotation or an article that long is a mistake: check what was pasted"))
            return None
        raw = path.read_bytes()
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a UTF-16 byte order mark: every other byte would be NUL
            problems.append(Problem(shown, 1, 1, "file is UTF-16, not UTF-8", "save it as UTF-8"))
            return None
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(shown, line, col, f"file is not UTF-8 (byte {exc.start}: 0x{raw[exc.start]:02x})",
                                "save it as UTF-8 (it may be Latin-1 or Windows-1252)"))
        return None
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, f"cannot read file: {exc.strerror}", ""))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = schema.FORBIDDEN_CHARS_RE.search(text)
    if bad:
        line, col = line_col(text, bad.start())
        problems.append(Problem(shown, line, col, f"invisible character U+{ord(bad.group(0)):04X} in the file",
                                "remove it: control and direction-override characters are not allowed in text"))
        return None
    return text


def load(root: Path, cache: FileCache | None = None, listing: tuple | None = None) -> RawContent:
    """Read everything under ``root``. ``listing``: the ``raw.listing`` of an earlier load, when no file under
    articles/ was added, removed or renamed since (``briefing serve`` knows from file events): not walked again."""
    root = Path(root)
    cache = cache or FileCache(None)
    raw = RawContent(root)
    if root.is_symlink():
        raw.problems.append(Problem(display(root), 1, 1, "symbolic links are not followed",
                                    "keep the content itself in the project, not a link to it"))
        return raw
    if not root.is_dir():
        raw.problems.append(Problem(display(root), 1, 1, "content directory not found",
                                    "run from the project root or pass --content DIR"))
        return raw
    _misnamed_vocabularies(root, raw.problems)
    for name in VOCABULARY_FILES:
        path = root / f"{name}.yml"
        if path.is_symlink():
            raw.problems.append(Problem(display(path), 1, 1, "symbolic links are not followed",
                                        "put the file itself under briefings/, not a link to it"))
            continue
        if path.exists() and not path.is_file():  # a folder, a FIFO (reading one would wait forever)
            raw.problems.append(Problem(display(path), 1, 1, "not a regular file",
                                        f"{name}.yml must be a plain file"))
        elif path.exists():
            shown = display(path)
            found = cache.get("vocabulary", path, lambda p: read_vocabulary(p, shown))
            if cache.digest("vocabulary", path) is not None:
                raw.digests[shown] = cache.digest("vocabulary", path)
            raw.problems.extend(found.problems)
            if found.broken:
                raw.broken.add(shown)
            raw.vocabularies[name] = (shown, found.node)
    articles_dir = root / ARTICLES_DIR
    shown_dir = display(articles_dir)
    if articles_dir.is_symlink():
        raw.problems.append(Problem(shown_dir, 1, 1, "symbolic links are not followed",
                                    "put the articles themselves under briefings/, not a link to them"))
        return raw
    if articles_dir.exists() and not articles_dir.is_dir():
        raw.problems.append(Problem(shown_dir, 1, 1, "not a folder",
                                    "articles/ must be a folder of articles and their annotations"))
    walked = len(raw.problems)
    if listing is None or listing[0] != articles_dir:
        found_files = _files_under(articles_dir, raw.problems) if articles_dir.is_dir() else []
        listing = (articles_dir, _plan(articles_dir, shown_dir, found_files, raw.problems),
                   raw.problems[walked:], found_files)
    else:
        raw.problems.extend(listing[2])
    raw.listing = listing
    for rel, path, shown, stem, kind in listing[1]:
        if kind == "annotation":
            found = cache.get(kind, path, lambda p: read_annotation(Path(p), shown))
            raw.digests[shown] = cache.digest(kind, path)
            raw.problems.extend(found.parse_problems)
            if found.broken:
                raw.broken.add(shown)
            raw.annotations[rel] = (shown, found)
            continue
        found = cache.get(kind, path, lambda p: read_article(Path(p), shown))
        raw.digests[shown] = cache.digest(kind, path)
        raw.problems.extend(found.problems)
        if found.broken:
            raw.broken.add(shown)  # still listed: its id exists, only its text is unreadable
        raw.articles.append(RawArticle(rel, stem, shown, f"{root.name}/{ARTICLES_DIR}/{path[len(str(articles_dir)) + 1:]}",
                                       found.meta, found.blocks))
    cache.save()
    return raw


CONTENT_SUFFIXES = (*READERS, ".yml")


def _plan(articles_dir: Path, shown_dir: str, files: list[str], problems: list) -> list[tuple]:
    """What reading each listed file takes: (id path, path, shown path, stem, kind) of each article and
    annotation, worked out once per listing (``briefing serve`` reads the same files again after each edit);
    files that are neither are reported here."""
    base, plan = str(articles_dir), []  # strings, not Paths: 20,000 files at 10,000 articles
    for rel in files:
        name = rel.rpartition("/")[2]
        if name.startswith("."):
            if name.lower().endswith(CONTENT_SUFFIXES):  # '.x.yml', '.yml'; not .DS_Store, .gitkeep
                problems.append(Problem(display(articles_dir / rel), 1, 1, "hidden file is not read",
                                        "rename it without the leading '.' (or move it out of briefings/)"))
            continue
        stem, ext = os.path.splitext(name)
        if ext == ".":  # as Path.suffix: 'a.' has none
            stem, ext = name, ""
        shown = os.path.normpath(os.path.join(shown_dir, rel))
        suffix = ext.lower()
        if suffix not in READERS and suffix != ".yml":
            hint = f"rename it to '{stem}.yml'" if suffix == ".yaml" else "articles are .txt or .md, annotations .yml"
            problems.append(Problem(shown, 1, 1, f"unexpected file type '{ext}' among articles", hint))
            continue
        kind = "annotation" if suffix == ".yml" else "article"
        plan.append((rel[: -len(ext)], os.path.join(base, rel), shown, stem, kind))
    return plan


def _misnamed_vocabularies(root: Path, problems: list) -> None:
    """'tags.YML', 'tags.yaml', '.tags.yml' beside the content: never read, so reported (the ids in them would
    otherwise be 'unknown' with nothing pointing at the file)."""
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in sorted(names):
        stem, suffix = os.path.splitext(name.lstrip("."))
        wanted = f"{stem.lower()}.yml"
        if stem.lower() in VOCABULARY_FILES and suffix.lower() in (".yml", ".yaml") and name != wanted:
            problems.append(Problem(display(root / name), 1, 1, f"'{name}' is not read",
                                    f"vocabularies are named exactly '{wanted}': rename it"))


def _files_under(folder: Path, problems: list) -> list[str]:
    """Every file under ``folder``, as '/'-separated relative paths sorted as paths.

    Symbolic links are reported, never followed (the content tree is a
    boundary), and so is a folder that cannot be read: nothing is skipped
    without a word.
    """
    found = []

    def unreadable(error: OSError) -> None:
        problems.append(Problem(display(Path(error.filename)), 1, 1, f"cannot read folder: {error.strerror}",
                                "check its permissions: the articles in it would be missing"))

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        prefix = os.path.relpath(top, folder)
        folders, plain = set(dirs), set(files)  # sets: a folder of 20,000 files, not 20,000² comparisons
        for name in sorted(dirs + files):
            path = os.path.join(top, name)
            if not _utf8(name):
                problems.append(Problem(display(Path(path)), 1, 1, "the name is not UTF-8",
                                        "rename it: file and folder names become addresses on the site"))
                if name in folders:
                    dirs.remove(name)
                continue
            if os.path.islink(path):
                problems.append(Problem(display(Path(path)), 1, 1, "symbolic links are not followed",
                                        "put the file itself under briefings/, not a link to it"))
            elif name in folders and os.path.splitext(name)[1].lower() in CONTENT_SUFFIXES:
                problems.append(Problem(display(Path(path)), 1, 1, "a folder named like an article or annotation",
                                        "articles and annotations are files: rename the folder without "
                                        f"'{os.path.splitext(name)[1]}'"))
                dirs.remove(name)  # what it holds would get ids from a name that looks like a file's
            elif name in plain and os.path.isfile(path):
                found.append(name if prefix == "." else f"{prefix}/{name}")
            elif name in plain and not name.startswith("."):  # a FIFO, a socket, a device: never read
                problems.append(Problem(display(Path(path)), 1, 1, "not a regular file",
                                        "articles and annotations must be plain files"))
    return sorted(found, key=lambda rel: rel.split("/"))


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode kept undecodable bytes as surrogates
        return False
    return True


def read_article(path: Path, shown: str) -> ArticleFile:
    problems = []
    text = read_text(path, shown, problems)
    meta, blocks = READERS[path.suffix.lower()](shown, text, problems) if text is not None else ({}, ())
    return ArticleFile(meta, blocks, tuple(problems), text is None)


def read_annotation(path: Path, shown: str) -> AnnotationFile:
    parse_problems = []
    text = read_text(path, shown, parse_problems)
    node = parse(shown, text, parse_problems) if text is not None else None
    markers = scaffold_markers(shown, text, node) if text is not None else ()
    if node is None:
        return AnnotationFile(tuple(parse_problems), not parse_problems, None, (), (), markers)
    problems = []
    ctx = schema.Context(shown, problems)
    ctx.text = text
    annotation = schema.ANNOTATION.convert(node, ctx, "annotation")
    schema.check_annotation(node, annotation, ctx)
    return AnnotationFile(tuple(parse_problems), False, None if annotation is schema.INVALID else annotation,
                          tuple(problems), tuple(ctx.refs), markers)


def read_vocabulary(path: Path, shown: str) -> VocabularyFile:
    problems = []
    text = read_text(path, shown, problems, MAX_VOCABULARY_BYTES)
    node = parse(shown, text, problems) if text is not None else None
    return VocabularyFile(node, tuple(problems), bool(problems))
