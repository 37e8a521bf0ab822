"""A generate killed at any point, or two at once, leaves a tree the next run repairs.

Real processes on a synthetic 300-article project (benchmarks/corpus.py; `make test-crash`
runs it on 2,000 articles, BRIEFING_CRASH_ARTICLES sets any size): each
run is killed with SIGKILL (no clean-up code runs), at moments drawn from a
seeded random generator: while it writes pages (after its manifest changed)
and anywhere in the run. The next complete run must give exactly the tree a
clean run gives, with no temporary file left behind.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from project import REPO, tree

sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402

from generator.pages.write import MANIFEST  # noqa: E402

ARTICLES = int(os.environ.get("BRIEFING_CRASH_ARTICLES", "300"))


def start(root):
    return subprocess.Popen([sys.executable, "-m", "generator", "generate"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(root):
    result = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def output(root):
    return {rel: data for rel, data in tree(root / "site_src").items()}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The project, and the tree a clean run writes (timed, to aim the kills)."""
    root = tmp_path_factory.mktemp("crash") / "clean"
    corpus.make_project(root, ARTICLES)
    started = time.perf_counter()
    finish(root)
    return root, output(root), time.perf_counter() - started


def fresh_project(dest):
    """The same project, never generated (corpus.py is deterministic)."""
    corpus.make_project(dest, ARTICLES)
    return dest


def kill_while_writing(root, rng, deadline=60.0):
    """Start a run and SIGKILL it a random few milliseconds after its manifest changes."""
    manifest = root / "site_src" / MANIFEST
    before = manifest.stat().st_mtime_ns if manifest.exists() else None
    proc = start(root)
    limit = time.monotonic() + deadline
    while proc.poll() is None and time.monotonic() < limit:
        now = manifest.stat().st_mtime_ns if manifest.exists() else None
        if now != before:
            time.sleep(rng.uniform(0, 0.05))
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_killed_runs_leave_a_tree_the_next_run_repairs(clean, tmp_path):
    _, expected, seconds = clean
    rng = random.Random(20261130)
    for attempt in range(3):
        root = fresh_project(tmp_path / f"try{attempt}")
        kill_while_writing(root, rng)
        proc = start(root)  # and a second kill anywhere in a run
        time.sleep(rng.uniform(0.05, 0.9) * seconds)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        finish(root)
        assert output(root) == expected, f"attempt {attempt}"
        assert not [p for p in (root / "site_src").rglob("*.tmp")]


def test_a_run_killed_after_an_article_is_removed_still_removes_its_page(clean, tmp_path):
    _, expected, _ = clean
    root = fresh_project(tmp_path / "removed")
    finish(root)
    annotations = sorted((root / "briefings" / "articles").glob("*.yml"))
    texts = "\n".join(p.read_text() for p in (root / "briefings").rglob("*.yml"))
    gone = next(p for p in annotations[ARTICLES // 2:] if texts.count(p.stem) == 0)  # nothing points at it
    page = root / "site_src" / "briefings" / (gone.stem + ".md")
    assert page.exists()
    for article in gone.parent.glob(gone.stem + ".*"):
        article.unlink()
    kill_while_writing(root, random.Random(7))
    out = finish(root)
    assert not page.exists(), out
    assert not [p for p in (root / "site_src").rglob("*.tmp")]


def test_two_runs_at_once_both_end_well_and_agree(clean, tmp_path):
    _, expected, _ = clean
    root = fresh_project(tmp_path / "twice")
    one, two = start(root), start(root)
    for proc in (one, two):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, out + err
        assert "Traceback" not in err
    assert output(root) == expected
    assert "(0 written" in finish(root)
