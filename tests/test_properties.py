"""Property tests of the readers and the YAML loader: any input parses or yields located problems.

Hypothesis draws arbitrary text, and text built from the characters and
constructs that break parsers (YAML indicators, anchors and aliases, tags,
fences, front matter, control and bidirectional characters, lone surrogates);
the readers and the loader must return, never raise, and every problem they
report must be printable on one line with a real place.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import schema
from generator.content.readers import READERS
from generator.content.yamlsrc import parse

PIECES = st.sampled_from([
    "\n", "  ", "- ", ": ", "? ", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "!x ", "[", "]", "{", "}",
    "'", '"', "#", "|", ">", "---\n", "...\n", "%YAML 1.1\n", "date 2024-03-24\n", "date: 2024-02-30\n",
    "title: ", "summary: ", "tags: [a]\n", "```\n", "~~~\n", "<script>", "[x](javascript:1)", "\t", "\r", "\r\n",
    "\x00", "\x1b", "\u202e", "\ufeff", "\ud800", "\uffff", "é", "9" * 5000, "a _b_ ", "&#x202e;",
])
HOSTILE = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join)
SOURCES = st.one_of(st.text(max_size=300), HOSTILE)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_line_problems(problems, path):
    for problem in problems:
        text = str(problem)
        first = text.split("\n")[0]
        assert first.startswith(f"{path}:{problem.line}:{problem.col}: error: ")
        assert problem.line >= 1 and problem.col >= 1
        assert all(line.startswith("  hint: ") for line in text.split("\n")[1:])


@SETTINGS
@given(SOURCES)
def test_the_yaml_loader_returns_a_node_or_problems_never_raises(text):
    problems = []
    node = parse("briefings/x.yml", text, problems)
    one_line_problems(problems, "briefings/x.yml")
    if node is not None:  # and converting it as an annotation reports, never raises
        ctx = schema.Context("briefings/x.yml", problems)
        schema.ANNOTATION.convert(node, ctx, "annotation")
        one_line_problems(problems, "briefings/x.yml")


@SETTINGS
@given(SOURCES, st.sampled_from(sorted(READERS)))
def test_both_article_readers_return_or_report_never_raise(text, suffix):
    problems = []
    path = f"briefings/articles/x{suffix}"
    meta, blocks = READERS[suffix](path, text, problems)
    assert isinstance(meta, dict) and isinstance(blocks, tuple)
    one_line_problems(problems, path)
