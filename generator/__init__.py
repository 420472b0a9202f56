"""Turn briefings (source documents plus curated YAML facts) into a briefing site.

The core (loading → validation → rendering) produces ``{path: markdown}`` and knows nothing of
MkDocs; :mod:`generator.plugin` adapts it to MkDocs and :mod:`generator.cli` to the shell.
"""

__version__ = "0.1.0"
