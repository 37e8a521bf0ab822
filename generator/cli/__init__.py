"""Stage 4, cli: the ``briefing`` command (:mod:`generator.cli.main`) and ``briefing diff``.

Parses arguments, runs the pipeline (:mod:`generator.build`) and the stages, and reports.
May import everything: content, pages, site and generator.build.
"""
