"""The `briefing` command: check briefings, or write their pages out as plain Markdown.

Domain errors become CLI errors here and only here. What only some commands need (rendering with
Jinja and Markdown, editing YAML in place) is imported by those commands, so that `briefing check`
does not wait for it.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click
import yaml

from . import finding, frontmatter, parallel, scaffold
from . import schema as schemas
from .errors import BriefingError, Problem
from .locate import CommandError, briefing_folder
from .provenance import STALE_AFTER_DAYS, warnings
from .validation import briefing_folders, load_site


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
    gc.disable()  # what is loaded lives until the command ends: the cycle collector would only walk it
    try:
        with parallel.allowed():  # one thread here: a forked worker may parse the largest files
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
    bare = [f"{b.id}/{d.id}" for b in loaded for d in b.documents.values() if d.meta.sha256 is None]
    if bare:
        note = (f"{len(bare)} document{'s have' if len(bare) != 1 else ' has'} no fingerprint (sha256), so a change to "
                f"{'their' if len(bare) != 1 else 'its'} text would go unnoticed: {_first(bare)}; `briefing fingerprint <briefing>` adds one")
        click.echo(f"::notice::{note}" if fmt == "github" else f"Note: {note}")
    unnamed = sum(1 for b in loaded for f in b.facts if f.id is None)
    if unnamed:  # a suggestion, not a warning: a fact without an id is valid
        note = (f"{unnamed} fact{' has' if unnamed == 1 else 's have'} no id, so a link to {'it' if unnamed == 1 else 'one'} "
                f"breaks when its text is edited: `briefing ids {briefings}` gives each a lasting one")
        click.echo(f"::notice::{note}" if fmt == "github" else f"Note: {note}")
    _exit_at_once()


NAMED = 10
"""How many documents a note names: a thousand names on one line are read by nobody."""


def _first(names: list[str]) -> str:
    more = len(names) - NAMED
    return ", ".join(names[:NAMED]) + (f" and {more} more" if more > 0 else "")


def _exit_at_once() -> None:
    """End the process without freeing what was loaded object by object (a quarter of `check`'s
    time at 5,000 entities): the operating system takes the memory back at once."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


@main.command()
@click.argument("briefings", default="briefings", type=click.Path(path_type=Path))
def ids(briefings: Path) -> None:
    """Give every fact without an id a short, readable one, written into its YAML file.

    BRIEFINGS is the folder of briefings, or one briefing's folder. Each file is otherwise left
    exactly as it was (comments, order, quoting, line ends). The briefings must pass
    `briefing check` first."""
    try:
        loaded = load_site(briefings)
    except BriefingError as e:
        _report(e.problems, "text")
        sys.exit(1)
    from .ids import add_ids

    done, problems = add_ids(briefing_folders(briefings), loaded)
    for w in done:
        click.echo(f"{w.path}: {len(w.ids)} id{'s' if len(w.ids) != 1 else ''} added")
    if problems:
        _report(problems, "text")
        sys.exit(1)
    n = sum(len(w.ids) for w in done)
    click.echo(f"Gave {n} fact{'s' if n != 1 else ''} an id." if n else "Every fact has an id already.")


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
    from .pipeline import generate, write_pages

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


_BRIEFINGS = click.option("--briefings", default="briefings", type=click.Path(path_type=Path), show_default=True,
                          help="The folder of briefings.")


def _fail(e: CommandError) -> None:
    click.echo(f"error: {e}", err=True)
    sys.exit(1)


@main.command()
@click.argument("ident", metavar="ID")
@click.option("--title", help="The briefing's title (else made from its id).")
@_BRIEFINGS
def new(ident: str, title: str | None, briefings: Path) -> None:
    """Create the folder of a new briefing ID, with every file, ready for `briefing check` and a build."""
    try:
        written = scaffold.new_briefing(briefings, ident, title)
    except CommandError as e:
        _fail(e)
    for path in written:
        click.echo(f"Wrote {path.as_posix()}")
    click.echo(f"Next: briefing add-document <saved page or text> --briefing {ident}")


@main.command("add-document")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--briefing", "name", required=True, help="The briefing: its id or its folder.")
@click.option("--id", "ident", help="The document's id (else made from its publisher and date).")
@click.option("--title", help="Overrides the page's title.")
@click.option("--url", help="Overrides the page's address.")
@click.option("--publisher", help="Overrides the page's site name.")
@click.option("--author", help="Overrides the page's author.")
@click.option("--published", help="Overrides the page's date: YYYY-MM-DD, YYYY-MM or YYYY.")
@_BRIEFINGS
def add_document(file: Path, name: str, ident: str | None, briefings: Path, **options: str | None) -> None:
    """Add FILE, an article saved from a browser (HTML) or plain text, as a document of a briefing.

    The main text is kept paragraph by paragraph, the front matter filled from the page's own
    metadata (the options override it), with `retrieved` today and the text's fingerprint.
    Nothing is fetched and no file is ever written over."""
    from . import intake  # trafilatura takes a second to import: only this command needs it

    try:
        done = intake.add_document(file, briefing_folder(name, briefings), ident=ident, options=options)
    except CommandError as e:
        _fail(e)
    page = ""
    if done.page_words:
        page = f" of the page's {done.page_words:,} (menus, links and footers are left out)"
    click.echo(f"Wrote {done.path.as_posix()}: {done.paragraphs} paragraphs, {done.words:,} words{page}")
    for key, value in done.fields.items():
        if key in done.origin:
            shown = value if key != "sha256" else f"{value[:12]}…"
            click.echo(f"  {key + ':':<11}{shown}  ({done.origin[key]})")
    if done.missing:
        click.echo(f"Not found: {', '.join(done.missing)}. Add them to the front matter if the source gives them.")
    click.echo(f"Next: briefing quote {name} <words you remember> --doc {done.id}")


@main.command()
@click.argument("name", metavar="BRIEFING")
@click.argument("words", nargs=-1, required=True)
@click.option("--doc", help="Look only in this document (its id).")
@_BRIEFINGS
def quote(name: str, words: tuple[str, ...], doc: str | None, briefings: Path) -> None:
    """Find WORDS in the documents of BRIEFING (its id or folder) and print a `cite:` block for each
    hit, whose quote `briefing check` verifies. A few remembered words of a sentence are enough:
    when they are not there exactly, the closest passages are shown."""
    try:
        documents = finding.load_documents(briefing_folder(name, briefings), doc)
        hits, exact = finding.find(documents, " ".join(words))
    except CommandError as e:
        _fail(e)
    if not hits:
        click.echo(f"Not found, nor anything close, in {len(documents)} document{'s' if len(documents) != 1 else ''}.", err=True)
        sys.exit(1)
    if not exact:
        click.echo("Not found as written; the closest passages:\n")
    for hit in hits:
        quoted = yaml.safe_dump({"quote": hit.quote}, allow_unicode=True, width=1_000_000).strip()
        click.echo(f"{hit.document.id}, line {hit.line}:\n  {hit.context()}\n\ncite:\n  doc: {hit.document.id}\n  {quoted}\n")


@main.command()
@click.argument("name", metavar="BRIEFING")
@click.argument("documents", nargs=-1)
@click.option("--update", is_flag=True, help="Also replace the fingerprint of a document whose text changed "
                                              "(only when the source itself changed).")
@_BRIEFINGS
def fingerprint(name: str, documents: tuple[str, ...], update: bool, briefings: Path) -> None:
    """Record in each document of BRIEFING (or only DOCUMENTS, by id) the fingerprint of its text,
    so that `briefing check` fails if the text is changed afterwards."""
    try:
        done = frontmatter.stamp_briefing(briefing_folder(name, briefings), list(documents), update=update)
    except CommandError as e:
        _fail(e)
    said = {"added": "fingerprint added", "updated": "fingerprint updated", "unchanged": "already fingerprinted",
            "changed": "text changed since its fingerprint: left as it is (restore the text, or use --update)"}
    for ident, what in done.items():
        click.echo(f"{ident}: {said[what]}")
    if "changed" in done.values():
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
