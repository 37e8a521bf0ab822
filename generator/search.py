"""The online site's search: Pagefind's chunked index over the built HTML.

Material's own search sends every reader the whole site as one JSON file and
builds a lunr index from it in the browser: 111 MB at 10,000 articles. Pagefind
(``pagefind[bin]`` from PyPI, a Rust binary) indexes the built pages into small
chunks instead; a query fetches the chunks for its words and the fragments of
the results it shows. What is indexed is decided in the pages: the template
override ``overrides/main.html`` marks the content of each briefing, story,
entity and tag page (front matter ``kind``) with ``data-pagefind-body``, so
index pages, listings and the contributor docs stay out, and nothing is
indexed twice.

The offline edition cannot use it (``file://`` blocks ``fetch``); it keeps
Material's search over a small index: each generated page once, by its title
(``offline.titles_only``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

BUNDLE = "pagefind"
# Material's index: its dialog is replaced online, so nothing would ever fetch it
# heading permalinks ("¶") and the theme's own controls are not part of the text
EXCLUDE = ".headerlink, .md-content__button"
MATERIAL_INDEX = Path("search") / "search_index.json"


@dataclass(frozen=True)
class SearchIndex:
    pages: int
    files: int
    bytes: int

    def __str__(self) -> str:
        return (f"search index: {self.pages} pages, {self.files} files, "
                f"{self.bytes / 1024 / 1024:.1f} MiB in {BUNDLE}/")


def index_site(site_dir: Path) -> SearchIndex:
    """Run Pagefind over a built site; its bundle goes to ``site_dir/pagefind/``."""
    site_dir = Path(site_dir)
    # Pagefind adds to a bundle it finds: fragments of pages gone would stay
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--exclude-selectors", EXCLUDE]
    try:
        result = subprocess.run(command, capture_output=True, text=True, errors="backslashreplace")
    except OSError as error:  # pragma: no cover - the interpreter itself is missing
        raise BuildError(f"could not run Pagefind: {error}") from None
    if result.returncode or "Error" in result.stderr:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise BuildError(f"Pagefind failed (exit {result.returncode}) indexing {site_dir}:\n{tail}\n"
                         f"hint: 'make site' installs it (pagefind[bin] in requirements.txt)")
    warnings = result.stderr.strip().splitlines()
    for line in warnings[:20]:  # e.g. a page's malformed data-pagefind-* attribute
        print(f"pagefind: {line}", file=sys.stderr)
    if len(warnings) > 20:
        print(f"pagefind: ... and {len(warnings) - 20} more lines", file=sys.stderr)
    found = re.search(r"Indexed (\d+) pages?", result.stdout)
    (site_dir / MATERIAL_INDEX).unlink(missing_ok=True)
    files = [p for p in (site_dir / BUNDLE).rglob("*") if p.is_file()]
    return SearchIndex(pages=int(found.group(1)) if found else 0, files=len(files),
                       bytes=sum(p.stat().st_size for p in files))
