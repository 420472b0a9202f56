"""The `briefing` command: check briefings, or write their pages out as plain Markdown.

Domain errors become CLI errors here and only here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import schema as schemas
from .errors import BriefingError, Problem
from .pipeline import generate, write_pages
from .provenance import STALE_AFTER_DAYS, warnings
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
@click.option("--stale-after-days", type=click.IntRange(min=0), default=None,
              help="Also warn of each fact whose as_of is more than this many days before the briefing's updated.")
def check(briefings: Path, fmt: str, stale_after_days: int | None) -> None:
    """Validate every briefing in BRIEFINGS without building; exit 1 on any problem.

    BRIEFINGS is the folder of briefings, or one briefing's folder (the one holding briefing.yml).

    Warnings (sources that disagree; with --stale-after-days, facts possibly out of date) are
    listed too, and do not fail the check: the site shows them to its readers."""
    try:
        loaded = load_site(briefings)
    except BriefingError as e:
        _report(e.problems, fmt)
        sys.exit(1)
    found = [*(w for b in loaded for w in b.warnings), *warnings(loaded, stale_after_days=stale_after_days)]
    for w in found:
        if fmt == "github":
            click.echo(f"::warning file={w.path},line={w.line},col={w.column}::{w.message}")
        else:
            click.echo(f"{w.path}:{w.line}:{w.column}: warning: {w.message}", err=True)
    docs = sum(len(b.documents) for b in loaded)
    entities = sum(len(b.entities) for b in loaded)
    facts = sum(len(b.facts) for b in loaded)
    quotes = sum(1 for b in loaded for t in (*b.facts, *b.events, *b.questions) for c in t.citations if c.verified)
    counts = [(len(loaded), "briefing", "briefings"), (docs, "document", "documents"), (entities, "entity", "entities"),
              (facts, "fact", "facts"), (quotes, "verified quote", "verified quotes"), (len(found), "warning", "warnings")]
    click.echo("OK: " + ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts))


@main.command()
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder to write the Markdown pages to.")
@click.option("--briefings", default="briefings", type=click.Path(path_type=Path), show_default=True)
@click.option("--templates", default="templates", type=click.Path(path_type=Path), show_default=True,
              help="Templates overriding the built-in ones.")
@click.option("--stale-after-days", type=click.IntRange(min=0), default=STALE_AFTER_DAYS, show_default=True,
              help="Mark a fact 'possibly out of date' when its as_of is more than this many days before the briefing's updated.")
def render(out: Path, briefings: Path, templates: Path, stale_after_days: int) -> None:
    """Write every generated page as Markdown into OUT, for MkDocs, ProperDocs or Zensical, with
    each briefing's briefing.json and the format's JSON Schemas, which the engine publishes as they are."""
    try:
        site = generate(briefings, templates, stale_after_days=stale_after_days)
    except BriefingError as e:
        _report(e.problems, "text")
        sys.exit(1)
    write_pages(site, out)
    click.echo(f"Wrote {len(site.pages)} pages and {len(site.files)} data files to {out}")


@main.command()
@click.option("--out", default="schemas", type=click.Path(path_type=Path), show_default=True,
              help="Folder to write the schemas to.")
def schema(out: Path) -> None:
    """Write the JSON Schema of each YAML file kind and of a document's front matter into OUT.

    Editors use them to complete and check YAML as it is typed; they are made from the format's
    models, so rerun this after changing generator/model.py."""
    written = schemas.write(out)
    click.echo(f"Wrote {len(written)} schemas to {out}")


if __name__ == "__main__":  # pragma: no cover
    main()
