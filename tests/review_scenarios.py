"""Five pull requests a reviewer meets, on a synthetic 30-article project in 3 stories (benchmarks/corpus.py):
each is a function that changes the content of a git work tree, as a contributor's branch would.

Used by tests/test_review.py; ``python tests/review_scenarios.py OUT`` writes each comment (and its
cmark-gfm rendering) into OUT, to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402

STORY = "quanta-labs-builds-a-new-data-center-2021"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root,
                          check=True, capture_output=True, text=True).stdout


def make_base(root: Path) -> Path:
    """The synthetic project in a git repository, its first commit the base of every scenario."""
    corpus.make_project(root, 30)
    # one source alone gives the valuation: a second one will conflict with it
    story_articles = articles_of(root, STORY)
    edit(root, story_articles[0], "\nimportance:", '\n  - topic: valuation\n    value: "$4 billion"\nimportance:')
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def articles_of(root: Path, story: str) -> list[str]:
    """The annotations (paths under root) of a story's briefings, oldest first."""
    found = [p for p in sorted((root / "briefings/articles").glob("*.yml"))
             if re.search(rf"^story: {re.escape(story)}$", p.read_text(encoding="utf-8"), re.M)]
    return [p.relative_to(root).as_posix() for p in found]


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def one_word(root: Path) -> str:
    """A word of one summary fixed. Returns the briefing's id."""
    rel = articles_of(root, STORY)[1]
    text = (root / rel).read_text(encoding="utf-8")
    summary = re.search(r'^summary: "(.*)"$', text, re.M).group(1)
    word = re.findall(r"\b[a-z]{5,}\b", summary)[2]
    edit(root, rel, f"summary: \"{summary}\"", "summary: \"" + summary.replace(word, word.upper(), 1) + "\"")
    return Path(rel).stem


def conflict(root: Path) -> str:
    """A second source's valuation, which conflicts with the first one's."""
    rel = articles_of(root, STORY)[2]
    edit(root, rel, "\nimportance:", '\n  - topic: valuation\n    value: "$3 billion"\nimportance:')
    return Path(rel).stem


def new_article(root: Path) -> str:
    """A new briefing in a story: an article and its annotation."""
    first = root / articles_of(root, STORY)[0]
    new_id = "2021-10-04-quanta-labs-opens-its-new-data-center"
    article = next(p for p in first.parent.glob(first.stem + ".*") if p.suffix in (".txt", ".md"))
    shutil.copy(article, first.parent / (new_id + article.suffix))
    text = first.read_text(encoding="utf-8")
    text = re.sub(r'^title: ".*"$', 'title: "Quanta Labs opens its new data center"', text, count=1, flags=re.M)
    text = re.sub(r"^related:\n(  - .*\n)+", "", text, flags=re.M)
    text = re.sub(r'^  name: ".*"$', '  name: "The Kestrel Ledger"', text, count=1, flags=re.M)
    (first.parent / (new_id + ".yml")).write_text(text, encoding="utf-8")
    return new_id


def deleted(root: Path) -> str:
    """A briefing removed: its article and annotation, and every reference to it."""
    rel = articles_of(root, STORY)[-1]
    gone = Path(rel).stem
    for path in (root / "briefings/articles").glob(gone + ".*"):
        path.unlink()
    for path in (root / "briefings/articles").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        if f"  - {gone}\n" in text:
            text = text.replace(f"  - {gone}\n", "")
            text = re.sub(r"^related:\n(?!  - )", "", text, flags=re.M)
            path.write_text(text, encoding="utf-8")
    return gone


def tag_renamed(root: Path) -> tuple[str, str]:
    """A tag's id renamed everywhere, with no redirect."""
    tags = (root / "briefings/tags.yml").read_text(encoding="utf-8")
    old = "data-centers"
    assert re.search(rf"^{old}:", tags, re.M)
    new = "datacenters"
    (root / "briefings/tags.yml").write_text(re.sub(rf"^{old}:", f"{new}:", tags, flags=re.M), encoding="utf-8")
    for path in (root / "briefings/articles").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        if f"  - {old}\n" in text:
            path.write_text(text.replace(f"  - {old}\n", f"  - {new}\n"), encoding="utf-8")
    return old, new


def tag_retitled(root: Path) -> str:
    """A tag's title changed: every list of tags that names it changes."""
    tags = (root / "briefings/tags.yml").read_text(encoding="utf-8")
    assert '\ndata-centers:\n  title: "Data centers"\n' in tags
    (root / "briefings/tags.yml").write_text(tags.replace('\ndata-centers:\n  title: "Data centers"\n',
                                                          '\ndata-centers:\n  title: "Data centres"\n'))
    return "data-centers"


SCENARIOS = {"one_word": one_word, "conflict": conflict, "new_article": new_article, "deleted": deleted,
             "tag_renamed": tag_renamed, "tag_retitled": tag_retitled}


def comment_of(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "diff", "main", "--format", "markdown", *extra],
                          cwd=root, capture_output=True, text=True)


def main(out: Path) -> None:
    import cmarkgfm
    from cmarkgfm.cmark import Options

    out.mkdir(parents=True, exist_ok=True)
    base = make_base(out / "base")
    for name, change in SCENARIOS.items():
        root = out / name
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(base, root, symlinks=True)
        change(root)
        result = comment_of(root)
        assert result.returncode == 0, result.stderr
        (out / f"{name}.md").write_text(result.stdout, encoding="utf-8")
        html = cmarkgfm.github_flavored_markdown_to_html(result.stdout, options=Options.CMARK_OPT_UNSAFE)
        (out / f"{name}.html").write_text(GITHUB_PAGE.format(body=html), encoding="utf-8")
        print(f"{name}: {len(result.stdout):,} characters")


# Close enough to a GitHub comment to look at: its width, font, tables and code blocks.
GITHUB_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328;
       max-width: 780px; margin: 16px auto; padding: 16px; border: 1px solid #d1d9e0; border-radius: 6px; }}
code {{ font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: #818b981f; padding: .2em .4em;
       border-radius: 6px; }}
pre {{ background: #f6f8fa; padding: 16px; overflow: auto; border-radius: 6px; }}
pre code {{ background: none; padding: 0; font-size: 85%; }}
table {{ border-collapse: collapse; display: block; overflow: auto; }}
td, th {{ border: 1px solid #d1d9e0; padding: 6px 13px; }}
a {{ color: #0969da; text-decoration: none; }}
</style></head><body>{body}</body></html>
"""

if __name__ == "__main__":
    main(Path(sys.argv[1]))
