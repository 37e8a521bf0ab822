"""The build cache: unchanged files are not parsed again, unchanged pages not rendered again,
and whatever the series of edits, an incremental generate writes what a cold one writes."""

from __future__ import annotations

import os
import random
import shutil
import textwrap
from pathlib import Path

import pytest

from generator import build
from generator.pages import pagecache, render
from generator.content.cache import FileCache
from generator.pages.render import Limits
from project import tree

from conftest import MINIMAL_CONTENT


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for rel, text in MINIMAL_CONTENT.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    shutil.copy(Path(__file__).resolve().parent.parent / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def generate(root: Path, out: str = "site_src", cache: bool = True, limits=Limits()):
    return build.generate(root / "briefings", root / out, root / "mkdocs.yml", limits=limits,
                          cache_dir=root / ".cache" if cache else None)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1))


def test_the_file_cache_reuses_a_result_and_sees_every_change(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("one")
    calls = []
    compute = lambda p: calls.append(p.read_text()) or p.read_text()
    first = FileCache(tmp_path / "c")
    assert first.get("k", f, compute) == "one"
    first.save()
    assert FileCache(tmp_path / "c").get("k", f, compute) == "one" and len(calls) == 1  # recent file: hashed, reused
    f.write_text("two")  # same size, within the same clock tick: the hash still tells
    assert FileCache(tmp_path / "c").get("k", f, compute) == "two"


def test_a_damaged_cache_is_ignored(project):
    generate(project)
    for cached in (project / ".cache").iterdir():
        cached.write_bytes(b"not a pickle")
    assert "0 written" in str(generate(project).report)


def test_a_second_generate_touches_nothing(project):
    generate(project)
    before = {p: p.stat().st_mtime_ns for p in (project / "site_src").rglob("*")}
    summary = generate(project)
    assert str(summary.report).startswith("0 written")
    assert {p: p.stat().st_mtime_ns for p in (project / "site_src").rglob("*")} == before


def test_a_tag_title_edit_rewrites_exactly_the_pages_that_show_it(project):
    generate(project)
    edit(project / "briefings/tags.yml", "title: Funding", "title: Money")
    summary = generate(project)
    cold = generate(project, "cold", cache=False)
    assert tree(project / "site_src") == tree(project / "cold")
    shown = sorted(p.relative_to(project / "cold").as_posix() for p in (project / "cold").rglob("*.md")
                   if "Money" in p.read_text())
    assert sorted(summary.report.written) == sorted(shown + ["feed.json", "feed.xml"])  # tags by title in feeds
    assert "tags/funding.md" in shown and "briefings/b.md" in shown and "briefings/a.md" not in shown


def test_a_topic_title_edit_rewrites_exactly_the_pages_that_show_it(project):
    (project / "briefings/topics.yml").write_text('burn:\n  title: "Monthly burn"\n')
    with open(project / "briefings/articles/b.yml", "a") as f:
        f.write('claims:\n  - {topic: burn, value: "$8 million"}\n')
    generate(project)
    edit(project / "briefings/topics.yml", "Monthly burn", "Monthly spending")
    summary = generate(project)
    cold = generate(project, "cold", cache=False)
    assert tree(project / "site_src") == tree(project / "cold")
    shown = sorted(p.relative_to(project / "cold").as_posix() for p in (project / "cold").rglob("*.md")
                   if "Monthly spending" in p.read_text())
    assert sorted(summary.report.written) == shown == ["briefings/b.md", "stories/mostaque-leaves.md"]


def test_a_rate_edit_rewrites_the_pages_that_compare_at_it_and_equals_a_cold_run(project):
    (project / "briefings/rates.yml").write_text('- {date: "2024-03-20", from: EUR, to: USD, rate: 1.08}\n')
    for name, value in (("a", "about €400mn"), ("b", "$415 million")):
        with open(project / f"briefings/articles/{name}.yml", "a") as f:
            f.write(f'story: mostaque-leaves\nclaims:\n  - {{topic: round, value: "{value}"}}\n' if name == "a"
                    else f'claims:\n  - {{topic: round, value: "{value}"}}\n')
    generate(project)
    edit(project / "briefings/rates.yml", "rate: 1.08", "rate: 1.5")
    summary = generate(project)
    cold = generate(project, "cold", cache=False)
    assert tree(project / "site_src") == tree(project / "cold")
    assert "stories/mostaque-leaves.md" in summary.report.written
    assert "1 EUR = 1.5 USD" in (project / "site_src/stories/mostaque-leaves.md").read_text()


def test_a_change_of_code_or_templates_renders_every_page_again(project, monkeypatch):
    generate(project)
    rendered = []
    original = render.Renderer.page

    def spy(self, path, *args, **kwargs):
        original(self, path, *args, **kwargs)
        rendered.append(path in self.pages)

    monkeypatch.setattr(render.Renderer, "page", spy)
    generate(project)  # nothing changed: nothing rendered
    (project / "briefings/events.yml").touch()  # a stat change without a content change
    generate(project)
    assert rendered and not any(rendered)
    rendered.clear()
    monkeypatch.setattr(pagecache, "code_version", lambda: "a new generator")
    monkeypatch.setattr(build.noop, "code_version", lambda: "a new generator")
    generate(project)
    assert rendered and all(rendered)


EDITS = [
    ("briefings/articles/a.yml", "summary: Emad Mostaque left *Stability AI*.", "summary: He *left*."),
    ("briefings/articles/a.yml", "tags:\n  - leadership", "tags:\n  - funding"),
    ("briefings/articles/b.yml", "story: mostaque-leaves\n", ""),
    ("briefings/articles/b.yml", "related:\n  - a\n", ""),
    ("briefings/articles/b.md", "date: 2024-03-25", "date: 2023-01-09"),
    ("briefings/articles/a.txt", "date 2024-03-24", "date 2024-03-30"),
    ("briefings/entities.yml", "name: Emad Mostaque", "name: E. Mostaque"),
    ("briefings/stories.yml", "title: Mostaque leaves Stability AI", "title: The exit"),
    ("briefings/events.yml", 'date: "2023-07"', 'date: "2024-03"'),
    ("briefings/tags.yml", "title: Leadership", "title: Leaders"),
]


@pytest.mark.parametrize("seed", range(6))
def test_incremental_equals_cold_after_random_edits(project, seed):
    rng = random.Random(seed)
    limits = Limits(listing_split=1 if seed % 2 else 200)  # odd seeds split every listing into year pages
    generate(project, limits=limits)
    edits = EDITS[:]
    rng.shuffle(edits)
    for i, (rel, old, new) in enumerate(edits[: rng.randint(3, len(edits))]):
        edit(project / rel, old, new)
        if rng.random() < 0.3:  # a new article, or one removed
            extra = project / f"briefings/articles/new{i}.txt"
            if extra.exists():
                extra.unlink()
                (project / f"briefings/articles/new{i}.yml").unlink()
            else:
                extra.write_text(f"date 2024-03-2{i % 9} New text {i}.\n")
                (project / f"briefings/articles/new{i}.yml").write_text(
                    f"title: New {i}\nsummary: New *{i}*.\ntags: [funding]\nstory: mostaque-leaves\nrelated: [a]\n")
        generate(project, limits=limits)
        shutil.rmtree(project / "cold", ignore_errors=True)
        generate(project, "cold", cache=False, limits=limits)
        assert tree(project / "site_src") == tree(project / "cold"), (seed, i, rel)


def age(root: Path, seconds: int = 10) -> None:
    """Make every input look modified `seconds` ago (the no-op check does not trust a recent stat)."""
    import os
    import time
    for path in [*root.joinpath("briefings").rglob("*"), root / "mkdocs.yml"]:
        if path.is_file():
            stamp = time.time() - seconds
            os.utime(path, (stamp, stamp))


def test_a_no_op_generate_stops_after_a_stat_and_notices_any_change(project):
    age(project)
    generate(project)
    summary = generate(project)
    assert str(summary.report).endswith("nothing changed")
    (project / "site_src/tags/funding.md").unlink()  # an output gone: a real run puts it back
    summary = generate(project)
    assert summary.report.written == ("tags/funding.md",)
    edit(project / "briefings/tags.yml", "title: Funding", "title: Money")
    age(project)
    summary = generate(project)
    assert "tags/funding.md" in summary.report.written
    assert "Money" in (project / "site_src/tags/funding.md").read_text()


def test_a_no_op_generate_loads_no_template_markdown_or_yaml_code_and_sees_a_config_edit(project):
    """It stops after a stat of every file: the config is one of them, read only when a stat changed."""
    import subprocess
    import sys

    age(project)
    code = ("import sys; from generator.cli.main import main; main(['generate', '--config', 'mkdocs.yml']); "
            "print(' '.join(sorted(sys.modules)))")
    run = lambda: subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                                 env={**os.environ, "PYTHONPATH": str(Path(build.__file__).parent.parent)})
    assert "nothing changed" not in run().stdout  # the first run records what it read
    first = run()
    assert "nothing changed" in first.stdout, first.stdout + first.stderr
    loaded = set(first.stdout.strip().splitlines()[-1].split())
    assert "generator.cli.main" in loaded
    assert not loaded & {"yaml", "jinja2", "markdown", "nh3", "generator.content.model", "generator.pages.render"}
    edit(project / "mkdocs.yml", "site_name: Briefing", "site_name: The Briefing")
    age(project)
    second = run()
    assert "nothing changed" not in second.stdout, second.stdout
    assert "The Briefing" in (project / "site_src/feed.xml").read_text()


def test_one_changed_file_is_saved_as_a_delta_and_read_back(tmp_path):
    import os
    import time
    files = [tmp_path / f"f{i}.txt" for i in range(60)]
    for f in files:
        f.write_text(f.name)
        os.utime(f, (time.time() - 10, time.time() - 10))  # older than the clock's grain: the stat is trusted
    read = lambda p: p.read_text()
    first = FileCache(tmp_path / "c")
    for f in files:
        first.get("k", f, read)
    first.save()
    base = (tmp_path / "c/briefing-content.pickle").read_bytes()
    files[3].write_text("changed")
    second = FileCache(tmp_path / "c")
    assert [second.get("k", f, read) for f in files][3] == "changed"
    second.save()
    assert (tmp_path / "c/briefing-content.pickle").read_bytes() == base  # the base is not rewritten
    assert (tmp_path / "c/briefing-content.delta").exists()
    third = FileCache(tmp_path / "c")
    assert third.old[("k", str(files[3]))][2] == "changed"
    files[3].unlink()
    assert [third.get("k", f, read) for f in files[4:]] == [f.name for f in files[4:]]


class _Payload:
    """Unpickling this runs code: what a committed cache file could do."""

    def __reduce__(self):
        import os
        return (os.system, (f"touch {os.environ['BRIEFING_PWNED']}",))


def test_a_cache_file_not_signed_on_this_machine_is_never_unpickled(project, tmp_path, monkeypatch):
    import pickle
    from generator.content.cache import CACHE_FILE, read_cache

    pwned = tmp_path / "pwned"
    monkeypatch.setenv("BRIEFING_PWNED", str(pwned))
    (project / ".cache").mkdir()
    planted = project / ".cache" / CACHE_FILE
    planted.write_bytes(pickle.dumps(_Payload()))  # as a pull request could commit it (git add -f)
    assert read_cache(planted) is None
    generate(project)  # a real run over that cache
    assert not pwned.exists()
    # what the run itself wrote there is signed with this machine's key, and read back
    assert read_cache(planted) is not None
    planted.write_bytes(b"\0" * 32 + planted.read_bytes()[32:])  # same payload, forged signature
    assert read_cache(planted) is None


def test_a_symlinked_cache_folder_is_not_used(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".cache").symlink_to(elsewhere, target_is_directory=True)
    assert build.cache_dir_for(project / "briefings") is None
    result = build.generate(project / "briefings", project / "site_src", project / "mkdocs.yml",
                            cache_dir=build.cache_dir_for(project / "briefings"))
    assert result.pages > 0
    assert list(elsewhere.iterdir()) == []


def test_the_cache_folder_ignores_itself_in_git(project):
    """.cache/ beside the content holds a .gitignore of '*': no repository shows it, whatever its own .gitignore."""
    cache = build.cache_dir_for(project / "briefings")
    assert cache == (project / ".cache").resolve()
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_an_older_cache_folder_gets_its_gitignore_and_a_curators_own_is_kept(project):
    (project / ".cache").mkdir()  # made by a version that wrote no .gitignore
    build.cache_dir_for(project / "briefings")
    assert (project / ".cache/.gitignore").is_file()
    (project / ".cache/.gitignore").write_text("*.pickle\n", encoding="utf-8")
    build.cache_dir_for(project / "briefings")
    assert (project / ".cache/.gitignore").read_text(encoding="utf-8") == "*.pickle\n"


def test_no_cache_folder_is_made_without_content(tmp_path):
    assert build.cache_dir_for(tmp_path / "nothing" / "briefings") == (tmp_path / "nothing" / ".cache").resolve()
    assert list(tmp_path.iterdir()) == []
