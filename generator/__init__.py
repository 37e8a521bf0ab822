"""Briefing: curated AI-industry briefings, from annotated articles to a static site.

The pipeline lives in :mod:`generator.build`:
``load -> validate -> index -> render -> write``.
"""

__version__ = "0.1.0"
