"""Test support: a throw-away copy of the project (config, hand-written pages, content)."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_project(root: Path, content: dict | None = None) -> Path:
    """mkdocs.yml and the hand-written site_src pages, with the repo's content or ``content`` files."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "site_src").mkdir()
    shutil.copy(REPO / "site_src/about.md", root / "site_src/about.md")
    shutil.copy(REPO / "site_src/contributing.md", root / "site_src/contributing.md")  # in the nav
    shutil.copytree(REPO / "site_src/stylesheets", root / "site_src/stylesheets")
    shutil.copytree(REPO / "overrides", root / "overrides")  # theme.custom_dir of both configs
    shutil.copytree(REPO / "hooks", root / "hooks")  # mkdocs.yml hooks
    if content is None:
        shutil.copytree(REPO / "briefings", root / "briefings")
    else:
        write_tree(root, content)
    return root


def write_tree(root: Path, files: dict) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def briefing(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real CLI in ``root``."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, capture_output=True, text=True)


def tree(root: Path) -> dict:
    """Every file under root: relative path -> bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def built_project(root: Path, content: dict | None = None) -> Path:
    """``make_project``, then the real ``briefing build`` (which must succeed); the project's root."""
    make_project(root, content)
    result = briefing(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root
