"""Stage 1, content: read, parse, validate and model the briefings (``briefings/``).

Owns the YAML and Markdown readers, the schema and its JSON Schemas, the content model,
the located problems and the check report, the Markdown/HTML safety policy, the figures
(quantities), ``briefing new``'s scaffold, and the per-file build cache.
Imports nothing from the other stages (pages, site, cli, nor generator.build).
"""
