"""Shared fixtures for the test suites."""

import textwrap
from pathlib import Path

import pytest

from generator.build import check
from generator.content.errors import ContentError

# A minimal valid content set: two tags, two entities, one story, one context
# event, a plain-text article and a Markdown article with their annotations.
# Every tag, entity and story is referred to (check warns of those that are not).
# Tests override single files (or delete them by passing None).
MINIMAL_CONTENT = {
    "briefings/tags.yml": """\
        leadership:
          title: Leadership
        funding:
          title: Funding
        """,
    "briefings/entities.yml": """\
        emad-mostaque:
          name: Emad Mostaque
          kind: person
        stability-ai:
          name: Stability AI
          kind: company
          url: https://stability.ai
        """,
    "briefings/stories.yml": """\
        mostaque-leaves:
          title: Mostaque leaves Stability AI
          date: "2024-03-22"
          summary: The founder steps down.
        """,
    "briefings/events.yml": """\
        - date: "2023-07"
          title: Mostaque calls generative AI a bubble
          summary: On an analysts' call.
          entities: [emad-mostaque, stability-ai]
          tags: [funding]
          story: mostaque-leaves
        """,
    "briefings/articles/a.txt": "date 2024-03-24 Emad Mostaque has stepped down.\n",
    "briefings/articles/a.yml": """\
        title: Mostaque steps down
        summary: Emad Mostaque left *Stability AI*.
        tags:
          - leadership
        """,
    "briefings/articles/b.md": """\
        ---
        date: 2024-03-25
        ---
        Stability AI's founder *quits*.
        """,
    "briefings/articles/b.yml": """\
        title: Stability AI CEO quits
        summary: The founder quits.
        tags:
          - leadership
          - funding
        entities:
          - emad-mostaque
        story: mostaque-leaves
        related:
          - a
        """,
}


@pytest.fixture
def make_content(tmp_path, monkeypatch):
    """Write a content set under tmp_path (now the working directory); return Path('briefings').

    ``make_content(files={...})`` writes MINIMAL_CONTENT overridden by ``files``
    (relative path -> text, dedented; None deletes the file); ``base=False``
    writes only ``files``. Text is written byte for byte (CRLF stays CRLF).
    """
    monkeypatch.chdir(tmp_path)

    def make(files=None, *, base=True):
        merged = dict(MINIMAL_CONTENT) if base else {}
        merged.update(files or {})
        for rel, text in merged.items():
            if text is None:
                continue
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(textwrap.dedent(text).encode("utf-8"))
        return Path("briefings")

    return make


@pytest.fixture
def content_problems(make_content):
    """Write a content set like make_content, run check(), and return its problems as printed.

    Fails the test when check() does not raise ContentError.
    """

    def run(files=None, *, base=True):
        root = make_content(files, base=base)
        with pytest.raises(ContentError) as info:
            check(root)
        return [str(problem) for problem in info.value.problems]

    return run


# --- nothing outlives the test session ---------------------------------------------------------

GRACE = 10.0  # seconds for the session's children to end after the last test (Chromium's helpers take a moment)


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind():
    """Fails the session if a test leaves a process running: set up first, so torn down after every
    other fixture. Any child still running GRACE seconds after the last test is reported, then killed."""
    import os
    import signal

    from processes import become_subreaper, leftovers, reap_zombies

    watching = become_subreaper()
    yield
    if not watching:
        return
    left = leftovers(os.getpid(), GRACE)
    for child in left:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
    reap_zombies()
    if left:
        pytest.fail("processes left running after the tests:\n"
                    + "\n".join(f"  {pid}: {command[:200]}" for pid, command in sorted(left.items())))
