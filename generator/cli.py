"""The `briefing` command: check briefings, or write their pages out as plain Markdown.

Domain errors become CLI errors here and only here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import BriefingError, Problem
from .pipeline import generate, write_pages
from .validation import load_site


def _report(problems: list[Problem], fmt: str) -> None:
    for p in problems:
        if fmt == "github":
            message = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            click.echo(f"::error file={p.path},line={p.line},col={p.column}::{message}")
        else:
            click.echo(str(p), err=True)
    n = len(problems)
    click.echo(f"{n} problem{'s' if n != 1 else ''} found.", err=True)


@click.group()
@click.version_option(package_name="briefing-generator")
def main() -> None:
    """Turn briefings (documents plus curated YAML facts) into a briefing site."""


@main.command()
@click.argument("briefings", default="briefings", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text",
              help="github: annotations for GitHub Actions.")
def check(briefings: Path, fmt: str) -> None:
    """Validate every briefing in BRIEFINGS without building; exit 1 on any problem."""
    try:
        loaded = load_site(briefings)
    except BriefingError as e:
        _report(e.problems, fmt)
        sys.exit(1)
    docs = sum(len(b.documents) for b in loaded)
    entities = sum(len(b.entities) for b in loaded)
    facts = sum(len(b.facts) for b in loaded)
    quotes = sum(1 for b in loaded for t in (*b.facts, *b.events, *b.questions) for c in t.citations if c.verified)
    click.echo(f"OK: {len(loaded)} briefing{'s' if len(loaded) != 1 else ''}, {docs} documents, {entities} entities, "
               f"{facts} facts, {quotes} verified quotes, 0 warnings")


@main.command()
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder to write the Markdown pages to.")
@click.option("--briefings", default="briefings", type=click.Path(path_type=Path), show_default=True)
@click.option("--templates", default="templates", type=click.Path(path_type=Path), show_default=True,
              help="Templates overriding the built-in ones.")
def render(out: Path, briefings: Path, templates: Path) -> None:
    """Write every generated page as Markdown into OUT, for MkDocs, ProperDocs or Zensical."""
    try:
        site = generate(briefings, templates)
    except BriefingError as e:
        _report(e.problems, "text")
        sys.exit(1)
    written = write_pages(site, out)
    click.echo(f"Wrote {len(written)} pages to {out}")


if __name__ == "__main__":  # pragma: no cover
    main()
