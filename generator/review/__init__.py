"""What a pull request changes for readers: the visible text of the pages it alters, compared
(``briefing diff --format markdown``)."""
