"""``briefing diff REV``: what a change does to the generated site, without building it.

The content directory as it was at a git revision is read out of git once
into ``.cache/rev/<commit>/`` (``git ls-tree`` + ``git cat-file --batch``: raw
blobs, no export filters, no path that could leave that folder). Both sides
then go through the pure stages of the pipeline (load -> validate -> index ->
render, plus the feeds) with the working tree's generator, templates and
configuration, so the only difference left is the content. Pages whose
inputs have the same digests on both sides are the same page: only the
others are rendered, and the two ``{path: text}`` dicts compared page by page.

What a diff learns of each side's content (every page's key, the feeds, the
pages it rendered) is kept in ``.cache/diff/`` under the content's identity,
every file's path and hash (git's blob ids for a revision): a revision
already compared is not read out of git again, and a page rendered before is
not rendered again.

Nothing is written outside the cache folder (and ``--full-out``), and the result is a report:
which pages a change adds, removes or changes, each with a short unified diff of its
markup (the text format), or what readers will see change, in the pages' visible text
(the pull-request comment: :mod:`generator.review`), and a warning for each briefing, tag,
entity or story page that is gone with no redirect in ``redirects.yml``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import gc
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..build import cache_dir_for, check, feeds_of, shown
from ..site.builder import site_info
from ..content.cache import FileCache
from ..pages import redirects, urls
from ..content.model import Content
from ..content.validate import validate
from ..pages.index import build_indexes
from ..pages.pagecache import STATES_DIR, Against, PageKeys, PageTexts, SiteState, state_identity
from ..pages.render import Renderer
from ..content.errors import BriefingError, ContentError, Problem
from ..content.load import display, load
from ..pages.render import Limits

STATUSES = ("changed", "added", "removed")


class RevisionError(BriefingError):
    """The revision cannot be read: not a git repository, an unknown revision, git missing."""

    exit_code = 2


@dataclass(frozen=True)
class PageDiff:
    path: str
    status: str  # one of STATUSES
    lines: tuple[str, ...]  # the hunks of a unified diff, without the ---/+++ header
    added: int  # lines added
    removed: int  # lines removed
    before: str | bytes | None = dataclasses.field(default=None, compare=False, repr=False)  # the page's text
    after: str | bytes | None = dataclasses.field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SiteDiff:
    rev: str  # as the user gave it
    commit: str  # what it resolved to
    pages: tuple[PageDiff, ...]  # changed, then added, then removed; by path within each
    base_problems: tuple[Problem, ...] = ()  # the content at rev was invalid: compared with an empty site
    unredirected: tuple[str, ...] = ()  # removed pages of one id (briefing, tag, entity, story) that no redirect keeps
    redirected: dict = dataclasses.field(default_factory=dict)  # removed page -> the page its redirect leads to
    touched: tuple[str, ...] = ()  # content files (under the content folder) that differ from the revision
    site_url: str = ""  # the published site, from mkdocs.yml

    def count(self, status: str) -> int:
        return sum(1 for page in self.pages if page.status == status)

    def summary(self) -> str:
        changed = self.count("changed")
        return (f"{changed} page{'' if changed == 1 else 's'} changed, "
                f"{self.count('added')} added, {self.count('removed')} removed")


# -- reading a revision out of git -------------------------------------------------------------

def _git(args: list, cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True)
    except FileNotFoundError:
        raise RevisionError("git is not installed; briefing diff reads the revision with git") from None
    if result.returncode:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {args[0]} failed: {message[-1] if message else 'exit ' + str(result.returncode)}")
    return result.stdout


def _repository(content_dir: Path) -> tuple[Path, str]:
    """The work tree's top folder and the content directory's path inside it ('' for the top itself)."""
    start = content_dir.resolve()
    while not start.is_dir() and start != start.parent:
        start = start.parent
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], start).decode().strip()).resolve()
    except RevisionError:
        raise RevisionError(f"{content_dir} is not inside a git repository; "
                            "briefing diff compares the content with a git revision") from None
    try:
        rel = content_dir.resolve().relative_to(top).as_posix()
    except ValueError:
        raise RevisionError(f"{content_dir} is outside the git work tree {top}") from None
    return top, "" if rel == "." else rel


def resolve(rev: str, top: Path) -> str:
    """The commit ``rev`` names, or a RevisionError that says how to get it."""
    if not rev or rev.startswith("-"):
        raise RevisionError(f"'{rev}' is not a revision")
    try:
        return _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top).decode().strip()
    except RevisionError:
        raise RevisionError(f"unknown revision '{rev}': expected a commit, branch or tag, such as main, "
                            "origin/main or HEAD~1 (in a shallow clone, fetch it first: "
                            "git fetch origin main, or actions/checkout with fetch-depth: 0)") from None


def plain_path(path: str) -> bool:
    """A relative path that stays where it is put: no '..', '.', empty or absolute parts (a crafted tree may have them)."""
    return bool(path) and not path.startswith("/") and all(part not in ("", ".", "..") for part in path.split("/"))


def listing(commit: str, top: Path, rel: str) -> list[tuple[str, str]]:
    """(blob id, path under ``rel``) of every file under ``rel`` at ``commit`` that a checkout writes.

    Regular files only: symbolic links and submodules are skipped (the loader
    would not follow a link out of a checkout either way).
    """
    found = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *([rel] if rel else [])], top)
    entries = []
    for record in found.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, oid = meta.split()
        path = name.decode("utf-8", "surrogateescape")
        if (kind == b"blob" and mode in (b"100644", b"100755") and (not rel or path.startswith(rel + "/"))
                and plain_path(path)):
            entries.append((oid.decode(), path[len(rel) + 1:] if rel else path))
    return entries


def materialise(commit: str, top: Path, rel: str, dest: Path, entries: list | None = None) -> int:
    """Write the files under ``rel`` at ``commit`` (its :func:`listing`, unless given) into ``dest``; return how many."""
    entries = listing(commit, top, rel) if entries is None else entries
    if not entries:
        return 0
    blobs = _git(["cat-file", "--batch"], top, stdin="".join(f"{oid}\n" for oid, _ in entries).encode())
    offset = 0
    for oid, path in entries:
        header_end = blobs.index(b"\n", offset)
        size = int(blobs[offset:header_end].split()[2])
        data = blobs[header_end + 1:header_end + 1 + size]
        offset = header_end + 1 + size + 1  # the contents end with one more newline
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(entries)


# -- comparing two sites -----------------------------------------------------------------------

def _lines(text) -> list[str]:
    if text is None:
        return []
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text.splitlines()


def compare(old: dict, new: dict, context: int = 2) -> tuple[PageDiff, ...]:
    """Every page that differs between two generated sites ({path: text or bytes})."""
    found = []
    for path in sorted(old.keys() | new.keys()):
        before, after = old.get(path), new.get(path)
        if before == after:
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        lines = list(difflib.unified_diff(_lines(before), _lines(after), n=context, lineterm=""))[2:]
        if not lines:
            lines = ["(only line endings or the final newline differ)"]
        added = sum(1 for line in lines if line.startswith("+"))
        removed = sum(1 for line in lines if line.startswith("-"))
        found.append(PageDiff(path, status, tuple(lines), added, removed, before, after))
    found.sort(key=lambda page: (STATUSES.index(page.status), page.path))
    return tuple(found)


def diff_site(rev: str, content_dir: Path = Path("briefings"), config: Path | None = None,
              templates: Path | None = None, context: int = 2, limits: Limits = Limits()) -> SiteDiff:
    """Compare the site generated from ``content_dir`` with the one its content at ``rev`` gives.

    Raises ContentError when the working tree's content has problems, and
    RevisionError when ``rev`` cannot be read. Problems in the content at
    ``rev`` are returned, not raised: that side is then an empty site.

    Each side is a content state, named by every file's path and hash (git's blob ids for the
    revision: it is read out of git only when its pages must be computed). What a diff learns of
    a state (every page's key, the pages it rendered) is kept in ``.cache/diff/``, so the next
    diff of the same content computes only what it has not seen.
    """
    content_dir = Path(content_dir)
    if not content_dir.name:  # '.', '..': page paths name the folder, so both sides must agree on it
        content_dir = content_dir.resolve()
    top, rel = _repository(content_dir)
    commit = resolve(rev, top)
    cache_dir = cache_dir_for(content_dir)
    files = FileCache(cache_dir)
    with _collector_frozen():  # the file cache: millions of objects that every collection would scan again
        settings = (site_info(config), limits)
        states = cache_dir / STATES_DIR if cache_dir is not None and templates is None else None  # overrides: no keys
        texts = PageTexts(states)
        new = _Side.working_tree(content_dir, settings, templates, files, states, texts)
        entries = listing(commit, top, rel)
        with _revisions(cache_dir) as folder:
            def base() -> Content:
                base_dir = _checkout(commit, top, rel, folder, content_dir.name, entries)
                # the revision's files whose bytes the working tree has too are not parsed again, and its own
                # results are not kept (what a diff needs of a revision again is in its state, .cache/diff/)
                return shown(check(base_dir, cache=FileCache(None, borrow=(base_dir, content_dir, files))))

            old = _Side(SiteState(states, state_identity(settings, [("", content_dir.name), *entries])), texts,
                        settings, templates, base, root=display(folder / commit / content_dir.name))
            base_problems = _relabel(old.problems(), f"{rev}:{rel or '.'}")
            only = None  # pages whose inputs are the same on both sides are the same: only the others are rendered
            if not base_problems:  # a side whose keys are not known yet renders what differs as it keys its pages
                if new.state.keys is not None:
                    new_keys = new.keys()
                    old_keys = old.keys(against=new_keys)
                else:
                    old_keys = old.keys()
                    new_keys = new.keys(against=old_keys)
                if old_keys is not None and new_keys is not None:
                    only = {p for p in new_keys.keys() | old_keys.keys() if new_keys.get(p) != old_keys.get(p)}
            pages = compare(old.pages(only) if not base_problems else {}, new.pages(only), context)
        for side in (old, new):
            side.state.save()
        texts.save()
    removed = [p.path for p in pages if p.status == "removed"]
    gone, kept = (), {}
    if removed:  # the working tree's redirects
        content = new.content()[0]
        gone = redirects.unredirected(removed, content)
        kept = {urls.path_of(r.kind, r.old): urls.path_of(r.kind, r.new) for r in content.redirects}
        kept = {path: kept[path] for path in removed if path in kept}
    return SiteDiff(rev, commit, pages, base_problems, gone, kept, touched(commit, content_dir, rel), settings[0].url)


def touched(commit: str, content_dir: Path, rel: str) -> tuple[str, ...]:
    """The files under the content folder that differ between ``commit`` and the working tree (new ones
    included), relative to that folder: what the change is about."""
    from .changes import changed_since

    prefix = rel + "/" if rel else ""
    return tuple(sorted(name[len(prefix):] for name in changed_since(commit, content_dir) if name.startswith(prefix)))


@contextlib.contextmanager
def _collector_frozen():
    """The objects alive now are left out of garbage collections until the block ends (none of them is garbage)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _relabel(problems: tuple, label: str) -> tuple:
    """The revision's problems, their paths under its checkout named ``label`` instead (``main:briefings``)."""
    return tuple(dataclasses.replace(p, path=label + p.path) if inside else p for p, inside in problems)


@contextlib.contextmanager
def _revisions(cache_dir: Path | None):
    """Where revisions are checked out: ``.cache/rev/`` (kept), or a temporary folder without a usable cache."""
    if cache_dir is not None:
        yield cache_dir / "rev"
        return
    with tempfile.TemporaryDirectory(prefix="briefing-rev-") as scratch:  # e.g. .cache is a symbolic link
        yield Path(scratch)


class _Side:
    """One side of a comparison, as published (no drafts): its pages' keys and texts, from the diff cache or
    computed on demand.

    ``compute()`` gives the side's valid content (or raises ContentError); it is only called
    for what the cache lacks.
    """

    def __init__(self, state: SiteState, texts: PageTexts, settings: tuple, templates, compute, root: str = ""):
        self.state, self.texts, self.settings, self.templates = state, texts, settings, templates
        self.compute = compute
        self.root = root  # its folder as problems name it
        self.checked = None  # (content, indexes) once computed

    @classmethod
    def working_tree(cls, content_dir: Path, settings: tuple, templates, files: FileCache, states, texts) -> _Side:
        """The content as it is on disk: read (through the file cache) to know its state; validated unless known."""
        raw = load(content_dir, files)
        identity = None
        if states is not None and not raw.problems and raw.digests and None not in raw.digests.values():
            identity = state_identity(settings, [("", content_dir.name), *raw.digests.items()])
        side = cls(SiteState(states, identity), texts, settings, templates, lambda: shown(validate(raw)))
        if side.state.keys is None:
            side.content()  # its problems are the error to report, before the revision is read
        return side

    def content(self) -> tuple:
        """(content, indexes), computed on first use."""
        if self.checked is None:
            content = self.compute()
            self.checked = content, build_indexes(content)
        return self.checked

    def problems(self) -> tuple:
        """((problem, whether its path is under the side's folder, made relative), ...): () when the content is valid."""
        if self.state.problems is None:
            try:
                self.content()
                found = ()
            except ContentError as exc:
                found = tuple((dataclasses.replace(p, path=p.path[len(self.root):]), True)
                              if self.root and p.path.startswith(self.root) else (p, False) for p in exc.problems)
            self.state.learn(problems=found)
        return self.state.problems

    def keys(self, against: dict | None = None) -> dict | None:
        """{path: key} of every page (None when pages cannot be keyed: templates overridden, no build cache).

        With ``against`` (the other side's keys), the pages whose keys differ are rendered in the same pass.
        """
        if self.state.keys is None and self.templates is None:
            content, indexes = self.content()
            keys = (PageKeys(content, indexes, self.settings) if against is None
                    else Against(content, indexes, self.settings, against, self.texts))
            if not keys.enabled:
                return None
            for path, text in Renderer(content, indexes, *self.settings, None, keys).render_all().items():
                self.texts.add(keys.keys[path], text)
            self.state.learn(keys=keys.keys)
        return self.state.keys

    def pages(self, only=None) -> dict:
        """Every page and feed, or with ``only``, the pages it names and the feeds."""
        site, limits = self.settings
        if only is None:
            content, indexes = self.content()
            out = Renderer(content, indexes, site, limits, self.templates).render_all()
            out.update(feeds_of(content, site, limits))
            return out
        keys = self.state.keys
        wanted = [path for path in sorted(only) if path in keys]
        missing = {path for path in wanted if keys[path] not in self.texts}
        if missing:
            content, indexes = self.content()
            reuse = PageKeys(content, indexes, self.settings, missing)
            for path, text in Renderer(content, indexes, site, limits, None, reuse).render_all().items():
                self.texts.add(keys[path], text)
        if self.state.feeds is None:
            content, _ = self.content()
            self.state.learn(feeds=feeds_of(content, site, limits))
        return {**{path: self.texts.get(keys[path]) for path in wanted}, **self.state.feeds}


def _checkout(commit: str, top: Path, rel: str, folder: Path, name: str, entries: list | None = None) -> Path:
    """The content at ``commit``, read out of git once into ``folder/<commit>/<name>`` and kept.

    Kept for the next comparison with the same commit (its build cache too);
    the four most recently used are kept, older ones removed.
    """
    dest = folder / commit / name
    if not dest.is_dir():
        tmp = Path(tempfile.mkdtemp(prefix=f".{commit[:12]}-", dir=_mkdir(folder)))
        materialise(commit, top, rel, tmp / name, entries)
        try:
            tmp.rename(folder / commit)
        except OSError:  # another run made it meanwhile
            shutil.rmtree(tmp, ignore_errors=True)
    os.utime(folder / commit)
    kept = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in kept[4:]:
        shutil.rmtree(old, ignore_errors=True)
    return dest


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- reports -----------------------------------------------------------------------------------

def _cut(lines: tuple[str, ...], max_lines: int) -> tuple[list[str], int]:
    if max_lines and len(lines) > max_lines:
        return list(lines[:max_lines]), len(lines) - max_lines
    return list(lines), 0


def _cut_note(cut: int, total: int) -> str:
    return f"... {cut} more line{'' if cut == 1 else 's'} cut ({total} in this page's diff; see --max-lines)"


def base_warning(result: SiteDiff) -> str:
    count = len(result.base_problems)
    return (f"the content at {result.rev} has {count} problem{'' if count == 1 else 's'}; "
            "compared with an empty site")


def gone_warning(path: str) -> tuple[str, str]:
    """(warning, hint) for a page that is gone with no redirect: its address stops working."""
    kind, old = urls.page_of(path)
    folder = urls.SECTIONS[kind]
    return (f"{path} is removed with no redirect: its address /{urls.url_of(path)} will find nothing",
            f"if it was renamed or merged, add '{old}: <new id>' under '{folder}:' in briefings/redirects.yml")


def format_text(result: SiteDiff, max_lines: int = 40) -> str:
    out = [f"{result.summary()} (against {result.rev}, {result.commit[:12]})"]
    if result.base_problems:
        out.append(f"warning: {base_warning(result)}")
    for path in result.unredirected:
        warning, hint = gone_warning(path)
        out += [f"warning: {warning}", f"  hint: {hint}"]
    for page in result.pages:
        shown, cut = _cut(page.lines, max_lines)
        out += ["", f"{page.status}: {page.path}", *shown]
        if cut:
            out.append(_cut_note(cut, len(page.lines)))
    return "\n".join(out) + "\n"


def review(result: SiteDiff):
    """What readers will see change (:mod:`generator.review`), from the pages' texts."""
    from ..review.changes import changes

    return changes({page.path: (page.before, page.after) for page in result.pages})


def format_markdown(result: SiteDiff, full_url: str | None = None, budget: int | None = None,
                    seen=None) -> str:
    """The pull-request comment: what readers will see change (``seen``: :func:`review`, if already made),
    under GitHub's size limit."""
    from ..review.comment import COMMENT_BUDGET, comment

    return comment(result, review(result) if seen is None else seen, full_url, budget or COMMENT_BUDGET)


def write_full(result: SiteDiff, folder: Path, seen=None) -> tuple[Path, Path]:
    """The full comparison, nothing cut, as ``briefing-diff-full.md`` and ``.html`` in ``folder``."""
    from ..review.comment import full, full_html

    text = full(result, review(result) if seen is None else seen)
    folder.mkdir(parents=True, exist_ok=True)
    md, page = folder / "briefing-diff-full.md", folder / "briefing-diff-full.html"
    md.write_text(text, encoding="utf-8")
    page.write_text(full_html(text), encoding="utf-8")
    return md, page
