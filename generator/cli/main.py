"""The ``briefing`` command: a thin layer over :mod:`generator.build`.

Exit codes: 0 success, 1 problems in the content or refused output,
2 wrong usage, 3 the site builder failed; stopped by a signal, 128 + its number
(130 for Ctrl-C, 143 for SIGTERM), after stopping the processes it started.
"""

from __future__ import annotations

import argparse
import gc
import signal
import sys
import time
from pathlib import Path

from .. import __version__
from ..build import cache_dir_for, check_all, generate
from ..site.builder import BUILDERS, docs_dir_of, example_site_url, mkdocs_build, site_dir_of
from ..content.errors import BriefingError, ContentError, display
from ..content.report import shown, summary_line

DESCRIPTION = """\
Turn annotated AI-industry articles into a searchable MkDocs site.

Content lives in briefings/ (articles and their .yml annotations under
articles/, vocabularies tags.yml, entities.yml, stories.yml, events.yml, topics.yml,
rates.yml).
Generated Markdown goes to site_src/, the built site to site/.
"""

EPILOG = """\
examples:
  briefing check                 validate everything, report every problem and warning
  briefing check --strict        the same, and refuse the '# TODO' and '# proposed' comments of briefing new
  briefing generate              write the generated pages into site_src/
  briefing build                 generate, mkdocs build --strict into site/, then the Pagefind search index
                                 (after the first build, only the pages that changed are rendered again)
  briefing build --full          the same, every page rendered again
  briefing build --offline       the same into site-offline/ and site-offline.zip, for file://
  briefing build --builder properdocs   the same, built by ProperDocs (MkDocs' maintained fork)
  briefing serve                 live preview on http://127.0.0.1:8000/
  briefing new briefings/articles/2024-04-01-x.md   scaffold the annotation of a new article
  briefing schema                write the editor schemas (JSON Schema) into schema/
  briefing diff main             which generated pages this change alters, against main
"""


def _common(parser: argparse.ArgumentParser, out: bool = True) -> None:
    parser.add_argument("--content", type=Path, default=Path("briefings"), metavar="DIR",
                        help="content directory (default: briefings)")
    if out:
        parser.add_argument("--out", type=Path, default=Path("site_src"), metavar="DIR",
                            help="where generated pages go: MkDocs' docs_dir (default: site_src)")
        parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                            help="MkDocs configuration, read for site_name and site_url (default: mkdocs.yml)")
        parser.add_argument("--templates", type=Path, default=None, metavar="DIR",
                            help="directory of templates overriding the built-in ones "
                                 "(default: templates/ if it exists)")


def _count(text: str) -> int:
    """argparse type: a whole number >= 0."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0 but received: '{text}'")
    return int(text)


def _address(text: str) -> str:
    """argparse type: HOST:PORT (or PORT, on 127.0.0.1), the port a number from 0 to 65535."""
    host, _, port = text.rpartition(":")
    if not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT such as 127.0.0.1:8000 but received: '{text}'")
    return f"{host or '127.0.0.1'}:{int(port)}"


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="briefing", description=DESCRIPTION, epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    root.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = root.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("check", help="validate articles, annotations and vocabularies",
                            description="Read and validate everything; print every problem as "
                                        "path:line:col: error: message, then every warning as "
                                        "path:line:col: warning: message (valid content a reader would miss "
                                        "something in, and the '# TODO' and '# proposed' comments 'briefing new' "
                                        "wrote and nobody removed). Exit 0 when there is no problem, warnings "
                                        "or not; 1 otherwise.")
    _common(p, out=False)
    p.add_argument("--strict", action="store_true",
                   help="also fail (exit 1) on every '# TODO' and '# proposed: ...; confirm' comment 'briefing new' "
                        "left in an annotation, reported as an error: an unfinished scaffold cannot be merged "
                        "(pull requests run this). Other warnings stay warnings: an article may name no outlet")
    p.add_argument("--format", choices=("text", "github", "json", "markdown"), default=None,
                   help="text: path:line:col: error: message (default); github: ::error workflow commands "
                        "that annotate the pull request (default when GITHUB_ACTIONS=true), their paths "
                        "relative to the top of the git work tree; json: one object on stdout, for tools; "
                        "markdown: the pull-request comment that takes the comparison's place while the "
                        "check fails (the number of problems, the first of them, a link to the run)")
    p.add_argument("--changed-since", metavar="REV", default=None,
                   help="print the warnings of the files changed since git revision REV (git diff --name-only "
                        "REV, and the untracked files) and count the others in one line; problems are all printed "
                        "wherever they are, since they fail the check (pull requests: origin/<base branch>)")

    p = commands.add_parser("generate", help="write the site's pages (front matter and HTML)",
                            description="Validate, then write generated pages into --out. Only changed "
                                        "files are rewritten; stale generated files are removed; "
                                        "hand-written pages are never touched.")
    _common(p)

    p = commands.add_parser("build", help="generate, then build the site with mkdocs --strict",
                            description="Generate the pages, run 'mkdocs build --strict', and beside it index "
                                        "the pages readers search with Pagefind (the offline edition keeps "
                                        "MkDocs' own search index).")
    _common(p)
    p.add_argument("--site-dir", type=Path, default=None, metavar="DIR",
                   help="where the built site goes (default: mkdocs.yml's site_dir, site/)")
    p.add_argument("--offline", action="store_true",
                   help="build the offline edition instead, for reading from file:// with no network: "
                        "mkdocs.offline.yml into site-offline/ (or --site-dir), plus a zip of it")
    p.add_argument("--builder", choices=sorted(BUILDERS), default="mkdocs",
                   help="the site builder: mkdocs (default) or properdocs, MkDocs' maintained fork "
                        "(same pages from the same mkdocs.yml)")
    p.add_argument("--full", dest="incremental", action="store_false",
                   help="render every page of the site again; by default, when the config, theme, hooks and "
                        "builder are unchanged since the last build and no page was removed, only the "
                        "pages changed since then are rendered (the online site; --offline is always full). "
                        "A removed page makes the next build full by itself: there is nothing to clean")

    p = commands.add_parser("serve", help="live preview: each page rendered when the browser asks for it",
                            description="Read and check the content, then serve the site from memory: each page "
                                        "is rendered and themed when a browser asks for it, and nothing is "
                                        "written. After each change under --content (or to the templates, "
                                        "mkdocs.yml, the theme's custom_dir or the hand-written pages) the "
                                        "content is read again and open pages reload. Problems are printed "
                                        "and shown at the top of every page, which keeps showing the last good "
                                        "content. Drafts are shown, marked. Search uses the index of the "
                                        "last 'briefing build', if any. Stop with Ctrl-C.")
    _common(p, out=False)
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                   help="MkDocs configuration: the theme, and site_name and site_url (default: mkdocs.yml)")
    p.add_argument("--templates", type=Path, default=None, metavar="DIR",
                   help="directory of templates overriding the built-in ones (default: templates/ if it exists)")
    p.add_argument("--addr", default="127.0.0.1:8000", metavar="HOST:PORT", type=_address,
                   help="address to serve on (default: 127.0.0.1:8000; a port alone: 127.0.0.1:PORT)")

    p = commands.add_parser("diff", help="which generated pages a change adds, removes or changes",
                            description="Compare the pages generated from the content in the working tree "
                                        "with those generated from the content at git revision REV, without "
                                        "building the site: a summary line, then each page that differs "
                                        "with a short unified diff. Both sides use the working tree's "
                                        "templates and configuration. Exit 0 whatever differs (it is a "
                                        "report); 1 when the working tree's content has problems; 2 when "
                                        "REV cannot be read.")
    _common(p, out=False)
    p.add_argument("rev", metavar="REV", help="git revision to compare with, e.g. main, origin/main, HEAD~1")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                   help="MkDocs configuration, read for site_name and site_url (default: mkdocs.yml)")
    p.add_argument("--templates", type=Path, default=None, metavar="DIR",
                   help="directory of templates overriding the built-in ones (default: templates/ if it exists)")
    p.add_argument("--format", choices=("text", "markdown"), default="text",
                   help="text for a terminal: each page's generated markup, as a unified diff (default); "
                        "markdown for a pull-request comment: what readers will see change, page titles and "
                        "visible text, verdict changes first, under GitHub's size limit")
    p.add_argument("--full-out", type=Path, default=None, metavar="DIR",
                   help="also write the full comparison, nothing cut, into DIR as briefing-diff-full.md and "
                        "briefing-diff-full.html (the workflow uploads them)")
    p.add_argument("--full-url", default=None, metavar="URL",
                   help="where the full comparison can be read: the comment links it")
    p.add_argument("--context", type=_count, default=2, metavar="N",
                   help="unchanged lines shown around each change (default: 2)")
    p.add_argument("--max-lines", type=_count, default=40, metavar="N",
                   help="text format: diff lines shown per page, the rest counted as cut; 0 shows all (default: 40)")

    p = commands.add_parser("new", help="scaffold the annotation of a new article",
                            description="Write ARTICLE's annotation (<id>.yml beside it): a title guessed "
                                        "from the article's first sentence (its dateline, such as 'SAN "
                                        "FRANCISCO (Reuters) -', left out), an empty summary to write, the "
                                        "tags and entities whose names occur in the text, and source.name "
                                        "when the dateline credits Reuters, AP, Bloomberg or AFP (no other "
                                        "outlet is guessed), each marked '# TODO' or '# proposed: ...; "
                                        "confirm'. Never overwrites an annotation. 'briefing check' fails "
                                        "until the summary is written, and warns at each marker left "
                                        "('briefing check --strict' fails on them).")
    p.add_argument("article", type=Path, metavar="ARTICLE", help="the new article file (.txt or .md)")
    _common(p, out=False)

    p = commands.add_parser("schema", help="write the editor schemas (JSON Schema) for the YAML files",
                            description="Write JSON Schema files for annotations and each vocabulary, "
                                        "generated from the validator's declarations, for editors' YAML "
                                        "support (completion, hover, live checks). Only changed files "
                                        "are rewritten.")
    p.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR",
                   help="where the schema files go (default: schema)")
    return root


def main(argv=None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a path the locale cannot encode is printed escaped, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    # One run builds a large graph of objects that lives until the end: the cycle
    # collector would walk it again and again for nothing (a quarter of a run at
    # 10,000 articles). `serve` collects after each regeneration instead.
    gc.disable()
    stop_on_signals()
    if getattr(args, "templates", None) is None and Path("templates").is_dir():
        args.templates = Path("templates")
    try:
        return COMMANDS[args.command](args)
    except ContentError as exc:
        _print_problems(exc.problems, summary_line(exc.problems, "; nothing was written"))
        return exc.exit_code
    except BriefingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    except Stopped as stop:
        return 128 + stop.signum


class Stopped(BaseException):
    """SIGTERM or SIGHUP, raised where the program is, so that its clean-up runs (as Ctrl-C does)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stopped(signum, frame):
    raise Stopped(signum)


def stop_on_signals() -> None:
    """SIGTERM (kill, systemd, docker stop, CI runners) and SIGHUP (a closed terminal) unwind the
    program like Ctrl-C: every ``finally`` runs, so no child (mkdocs serve, mkdocs build) is left behind."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _raise_stopped)


def _print_problems(problems, last_line: str) -> None:
    for problem in shown(problems):
        print(problem, file=sys.stderr)
    print(last_line, file=sys.stderr)


def _check(args) -> int:
    from dataclasses import replace

    from ..content.report import default_format, emit, format_check

    from .changes import changed_since, repository_path, work_tree

    fmt = args.format or default_format()
    changed = changed_since(args.changed_since, args.content) if args.changed_since else None
    checked = check_all(args.content, cache_dir_for(args.content))
    problems, warnings = checked.problems, tuple(sorted(checked.warnings + checked.markers))
    if args.strict:  # an annotation briefing new scaffolded and nobody finished is refused
        problems = tuple(sorted(problems + tuple(replace(m, severity="error") for m in checked.markers)))
        warnings = checked.warnings
    top = work_tree(args.content) if fmt in ("github", "markdown") or changed is not None else None
    elsewhere = 0
    if changed is not None:  # the warnings of the files the change touches; the others counted (problems all shown)
        touched = tuple(w for w in warnings if repository_path(w.path, top) in changed)
        elsewhere, warnings = len(warnings) - len(touched), touched
    if fmt in ("github", "markdown") and top is not None:  # GitHub places an annotation by its path in the repository
        problems, warnings = (tuple(replace(p, path=repository_path(p.path, top)) for p in found)
                              for found in (problems, warnings))
    if fmt == "markdown":
        from ..review import failed

        command = "briefing check" + (" --strict" if args.strict else "")
        sys.stdout.write(failed.comment(problems, warnings, failed.run_url(), command) if problems
                         else ok_comment(checked.content))
        return 1 if problems else 0
    return emit(format_check(fmt, problems, checked.content, warnings, elsewhere))


def ok_comment(content) -> str:
    from ..content.report import ok_line

    return f"`briefing check` passes: {ok_line(content).removeprefix('ok: ')}.\n"


def _generate(args, config: Path | None = None) -> int:
    """``briefing generate``: what ``build`` publishes (no drafts), with the settings of ``config`` (by default
    ``--config``; the offline edition's own, which may show the articles' full text)."""
    summary = generate(args.content, args.out, config or args.config, args.templates,
                       cache_dir=cache_dir_for(args.content))
    print(f"generated: {summary}")
    return 0


def _build(args) -> int:
    from ..site import sitebuild
    from ..site.offline import build_offline, offline_config
    from ..site.search import index_site

    _warn_example_host(args.config)
    # the offline edition's pages are generated with its own settings (extra.briefing.original_text: full)
    _generate(args, offline_config(args.config) if args.offline else None)
    started = time.perf_counter()
    if args.offline:
        print(f"building the offline site with {args.builder} --strict ...", flush=True)
        print(build_offline(args.config, args.site_dir, builder=args.builder))
    else:
        site_dir = args.site_dir or site_dir_of(args.config)
        cache = cache_dir_for(args.content)
        stamp, names = sitebuild.fingerprint(args.config, args.builder, site_dir), sitebuild.docs_names(args.config)
        dirty = args.incremental and sitebuild.can_rebuild(cache, site_dir, stamp, names)
        sitebuild.forget(cache)
        print(f"building the site with {args.builder} --strict"
              + (" --dirty (only the pages changed since the last build)" if dirty else "")
              + ", and its search index with Pagefind beside it ...", flush=True)
        indexed = index_site(site_dir, docs_dir_of(args.config), cache,
                             beside=lambda: mkdocs_build(args.config, site_dir, builder=args.builder, dirty=dirty))
        print(indexed)
        sitebuild.record(cache, stamp, names)
    print(f"built in {time.perf_counter() - started:.1f} s")
    return 0


def _warn_example_host(config: Path) -> None:
    """A warning, not a failure: a site built with the example site_url has links that lead nowhere."""
    url = example_site_url(config)
    if url is not None:
        print(f"warning: {display(Path(config))}: site_url is {url}, an example host: the canonical links, og:url, "
              f"og:image and the feeds' links of every page point there\n"
              f"hint: set site_url in {display(Path(config))} to the address the site is published at",
              file=sys.stderr, flush=True)


def _serve(args) -> int:
    from ..preview.server import serve

    return serve(args.content, args.config, args.templates, args.addr, cache_dir_for(args.content))


def _diff(args) -> int:
    from .diff import base_warning, diff_site, format_markdown, format_text, review, write_full

    try:
        result = diff_site(args.rev, args.content, args.config, args.templates, args.context)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found in {args.content}; "
              "fix them to see the diff (briefing check lists them too).", file=sys.stderr)
        return exc.exit_code
    if result.base_problems:
        print(f"warning: {base_warning(result)}:", file=sys.stderr)
        for problem in result.base_problems[:10]:
            print(problem, file=sys.stderr)
        if len(result.base_problems) > 10:
            print(f"... and {len(result.base_problems) - 10} more", file=sys.stderr)
    seen = review(result) if args.full_out is not None or args.format == "markdown" else None  # read pages once
    if args.full_out is not None:
        for path in write_full(result, args.full_out, seen):
            print(f"wrote {display(path)}", file=sys.stderr)
    if args.format == "markdown":
        sys.stdout.write(format_markdown(result, args.full_url, seen=seen))
    else:
        sys.stdout.write(format_text(result, args.max_lines))
    return 0


def _new(args) -> int:
    from ..content.scaffold import report, scaffold, write_scaffold

    result = scaffold(args.article, args.content)
    write_scaffold(result)
    print(report(result), end="")
    return 0


def _schema(args) -> int:
    from ..content.jsonschema import write_schemas

    for path, changed in write_schemas(args.out):
        print(f"{'wrote' if changed else 'unchanged'} {display(path)}")
    return 0


COMMANDS = {"check": _check, "generate": _generate, "build": _build, "serve": _serve, "diff": _diff,
            "new": _new, "schema": _schema}
