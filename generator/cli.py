"""The ``briefing`` command: a thin layer over :mod:`generator.build`.

Exit codes: 0 success, 1 problems in the content or refused output,
2 wrong usage, 3 the site builder failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import __version__
from .build import check, generate, mkdocs_build
from .errors import BriefingError, ContentError
from .offline import build_offline

DESCRIPTION = """\
Turn annotated AI-industry articles into a searchable MkDocs site.

Content lives in briefings/ (articles and their .yml annotations under
articles/, vocabularies tags.yml, entities.yml, stories.yml, events.yml).
Generated Markdown goes to site_src/, the built site to site/.
"""

EPILOG = """\
examples:
  briefing check                 validate everything, report every problem
  briefing generate              write the Markdown pages into site_src/
  briefing build                 generate, then mkdocs build --strict into site/
  briefing build --offline       the same into site-offline/ and site-offline.zip, for file://
  briefing serve                 live preview on http://127.0.0.1:8000/
"""


def _common(parser: argparse.ArgumentParser, out: bool = True) -> None:
    parser.add_argument("--content", type=Path, default=Path("briefings"), metavar="DIR",
                        help="content directory (default: briefings)")
    if out:
        parser.add_argument("--out", type=Path, default=Path("site_src"), metavar="DIR",
                            help="where generated Markdown goes: MkDocs' docs_dir (default: site_src)")
        parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                            help="MkDocs configuration, read for site_name and site_url (default: mkdocs.yml)")
        parser.add_argument("--templates", type=Path, default=None, metavar="DIR",
                            help="directory of templates overriding the built-in ones "
                                 "(default: templates/ if it exists)")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="briefing", description=DESCRIPTION, epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    root.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = root.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("check", help="validate articles, annotations and vocabularies",
                            description="Read and validate everything; print every problem as "
                                        "path:line:col: error: message. Exit 0 when clean, 1 otherwise.")
    _common(p, out=False)

    p = commands.add_parser("generate", help="write the site's Markdown pages",
                            description="Validate, then write generated pages into --out. Only changed "
                                        "files are rewritten; stale generated files are removed; "
                                        "hand-written pages are never touched.")
    _common(p)

    p = commands.add_parser("build", help="generate, then build the site with mkdocs --strict",
                            description="Generate the pages, then run 'mkdocs build --strict'.")
    _common(p)
    p.add_argument("--site-dir", type=Path, default=None, metavar="DIR",
                   help="where the built site goes (default: mkdocs.yml's site_dir, site/)")
    p.add_argument("--offline", action="store_true",
                   help="build the offline edition instead, for reading from file:// with no network: "
                        "mkdocs.offline.yml into site-offline/ (or --site-dir), plus a zip of it")

    p = commands.add_parser("serve", help="live preview that regenerates when the content changes",
                            description="Generate, start 'mkdocs serve', and regenerate whenever a file "
                                        "under --content changes. Problems are printed; the preview keeps "
                                        "the last good pages. Stop with Ctrl-C.")
    _common(p)
    p.add_argument("--addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="address to serve on (default: 127.0.0.1:8000)")
    return root


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "templates", None) is None and Path("templates").is_dir():
        args.templates = Path("templates")
    try:
        return COMMANDS[args.command](args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)
        return exc.exit_code
    except BriefingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _check(args) -> int:
    content = check(args.content)
    print(f"ok: {len(content.articles)} articles, {len(content.events)} context events, "
          f"{len(content.stories)} stories, {len(content.tags)} tags, {len(content.entities)} entities")
    return 0


def _generate(args) -> int:
    summary = generate(args.content, args.out, args.config, args.templates)
    print(f"generated: {summary}")
    return 0


def _build(args) -> int:
    _generate(args)
    print("building the site with mkdocs --strict ...", flush=True)
    started = time.perf_counter()
    if args.offline:
        print(build_offline(args.config, args.site_dir))
    else:
        mkdocs_build(args.config, args.site_dir)
    print(f"built in {time.perf_counter() - started:.1f} s")
    return 0


def _serve(args) -> int:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    _generate(args)
    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if not event.is_directory:
                changed.set()

    observer = Observer()
    observer.schedule(Handler(), str(args.content), recursive=True)
    observer.start()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--config-file", str(args.config),
                               "--dev-addr", args.addr])
    try:
        while server.poll() is None:
            if changed.wait(0.5):
                time.sleep(0.2)  # let an editor finish saving
                changed.clear()
                try:
                    _generate(args)
                except ContentError as exc:
                    for problem in exc.problems:
                        print(problem, file=sys.stderr)
                    print("the preview keeps the last good pages", file=sys.stderr)
    finally:
        observer.stop()
        server.terminate()
        server.wait()
    return server.returncode or 0


COMMANDS = {"check": _check, "generate": _generate, "build": _build, "serve": _serve}
