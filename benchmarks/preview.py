"""How fast ``briefing serve`` shows a page, and an edit: ``python benchmarks/preview.py PROJECT [--edits N]``.

Starts the real command in PROJECT (a project of ``corpus.py``, or any) on a free port
of 127.0.0.1 and times:

- first page: from the start of the command until its home page answers;
- edit shown: a briefing page is open in headless Chromium (Debian's, at
  /usr/bin/chromium); its annotation's summary is rewritten (saved as editors do,
  in place) and the time runs until the page on screen shows the new summary
  (live reload, then the page rendered on request). Each edit is undone after;
- stop: SIGTERM, then the time until the command has ended.

Prints each measurement, then a Markdown table of medians. Targets at 10,000
articles: first page < 30 s, edit shown < 1 s.
"""

from __future__ import annotations

import argparse
import os
import signal
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from serve_stop import free_port  # noqa: E402 (beside this script)

CHROMIUM = "/usr/bin/chromium"


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status == 200
    except OSError:
        return False


def annotations(project: Path, count: int) -> list[Path]:
    """``count`` annotations spread over the archive (with a one-line summary to rewrite)."""
    found = sorted((project / "briefings" / "articles").rglob("*.yml"))
    step = max(1, len(found) // count)
    return [p for p in found[::step] if any(line.startswith("summary:") for line in p.read_text().splitlines())][:count]


def rewrite(path: Path, marker: str) -> str:
    """Put ``marker`` at the start of the summary, writing the file in place; the old text, to undo it."""
    old = path.read_text(encoding="utf-8")
    lines = old.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    head, _, rest = lines[at].partition(":")
    rest = rest.strip()
    quote = rest[0] if rest[:1] in "'\"" else ""
    lines[at] = f"{head}: {quote}{marker} {rest[len(quote):]}\n" if quote else f"{head}: {marker} {rest}\n"
    with open(path, "r+", encoding="utf-8") as fh:  # in place, as most editors save
        fh.write("".join(lines))
        fh.truncate()
    return old


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    log = tempfile.TemporaryFile("w+")
    serve = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{port}"],
                             cwd=args.project, stdout=log, stderr=subprocess.STDOUT,
                             env={**os.environ, "PYTHONUNBUFFERED": "1"})
    edits, stop = [], None
    try:
        while not answers(base):  # a measurement, not a test: polled
            if serve.poll() is not None:
                raise SystemExit(f"briefing serve ended (exit {serve.returncode})")
            time.sleep(0.05)
        first = time.perf_counter() - started
        print(f"first page: {first:.2f} s", file=sys.stderr)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            page = browser.new_page()
            for n, path in enumerate(annotations(args.project, args.edits)):
                page.goto(base + f"briefings/{path.stem}/")
                page.wait_for_load_state("load")
                page.wait_for_timeout(300)  # the live-reload poll is sent after 'load'
                marker = f"EDIT{os.getpid()}X{n}"
                t0 = time.perf_counter()
                old = rewrite(path, marker)
                try:
                    page.wait_for_function(f"document.body && document.body.innerText.includes('{marker}')",
                                           timeout=60_000, polling="raf")
                    edits.append(time.perf_counter() - t0)
                    print(f"edit shown: {edits[-1] * 1000:.0f} ms ({path.name})", file=sys.stderr)
                finally:
                    path.write_text(old, encoding="utf-8")
                    page.wait_for_function(f"!document.body.innerText.includes('{marker}')", timeout=60_000)
            browser.close()
        t0 = time.perf_counter()
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(60)
        stop = time.perf_counter() - t0
        print(f"stopped by SIGTERM in {stop * 1000:.0f} ms, exit {code}", file=sys.stderr)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
    log.seek(0)
    readings = [float(m) for m in re.findall(r"read the content: \d+ pages in ([0-9.]+) s", log.read())][1:]
    print("| measure | median | runs |\n|---|---:|---:|")
    print(f"| first page served (from start) | {first:.2f} s | 1 |")
    if edits:
        print(f"| edit shown (save to page on screen) | {statistics.median(edits) * 1000:.0f} ms "
              f"(max {max(edits) * 1000:.0f}) | {len(edits)} |")
    if readings:
        print(f"| of which the content read again | {statistics.median(readings) * 1000:.0f} ms | {len(readings)} |")
    print(f"| stop on SIGTERM | {stop * 1000:.0f} ms | 1 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
